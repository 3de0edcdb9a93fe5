"""The File behind an Incoming Document."""

import frappe

from syndic_maroc.intake import DOCTYPE


def file_of(doc):
	"""The File behind the document's `file` field (the one attached to it, else any with that URL)."""
	if not doc.file:
		return None
	name = frappe.db.get_value(
		"File", {"file_url": doc.file, "attached_to_doctype": DOCTYPE, "attached_to_name": doc.name}, "name"
	) or frappe.db.get_value("File", {"file_url": doc.file}, "name")
	return frappe.get_doc("File", name) if name else None

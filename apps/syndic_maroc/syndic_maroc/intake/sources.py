"""Where documents come from: a File doc_event turns every entry point into one Incoming
Document per file and one queued job.

- a file put in the `file` field or the sidebar of an Incoming Document;
- a file attached to a Résidence (sidebar attachment, not its `reglement` field) → a new
  Incoming Document for that résidence (Intake Settings: "Read Files Attached to Residences");
- an email: Incoming Document is an "Append To" target of Email Account, so each mail creates
  one; its attachments land on the Communication → the first fills that document, each further
  one makes a sibling document (same sender, subject and résidence);
- the list view's multi-upload: files uploaded unattached, then create_from_file() per file.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint

from syndic_maroc.core.intake.sniff import EXTENSIONS

from . import DOCTYPE
from .jobs import enqueue_processing

SOURCE_UPLOAD, SOURCE_EMAIL, SOURCE_RESIDENCE = "Upload", "Email", "Residence Attachment"


def readable_name(file_name: str | None) -> bool:
	"""Only the kinds the pipeline reads are taken (the content is checked again by the job)."""
	ext = (file_name or "").rsplit(".", 1)[-1].lower() if "." in (file_name or "") else ""
	return ext in EXTENSIONS


def on_file_after_insert(file, method=None) -> None:
	"""doc_events File.after_insert."""
	if file.flags.intake_skip or frappe.flags.in_import or frappe.flags.in_install:
		return
	target = file.attached_to_doctype
	if target == DOCTYPE and file.attached_to_name:
		_attached_to_incoming(file)
	elif target == "Residence" and file.attached_to_name and not file.attached_to_field:
		_attached_to_residence(file)
	elif target == "Communication" and file.attached_to_name:
		_attached_to_email(file)


def _attached_to_incoming(file) -> None:
	doc = frappe.db.get_value(DOCTYPE, file.attached_to_name, ["name", "file", "status"], as_dict=True)
	if not doc or doc.status not in ("Queued", "Failed"):
		return
	if doc.file and doc.file != file.file_url:
		return  # another attachment (a preview, a note): the document keeps its file
	if not doc.file:
		frappe.db.set_value(DOCTYPE, doc.name, "file", file.file_url)
	enqueue_processing(doc.name)


def _attached_to_residence(file) -> None:
	if not readable_name(file.file_name):
		return
	if not cint(frappe.db.get_single_value("Intake Settings", "read_residence_attachments")):
		return
	new_document(file, residence=file.attached_to_name, source=SOURCE_RESIDENCE)


def _attached_to_email(file) -> None:
	if not readable_name(file.file_name):
		return
	comm = frappe.db.get_value(
		"Communication",
		file.attached_to_name,
		["reference_doctype", "reference_name", "subject", "sender", "sent_or_received"],
		as_dict=True,
	)
	if not comm or comm.reference_doctype != DOCTYPE or comm.sent_or_received != "Received":
		return
	parent = frappe.get_doc(DOCTYPE, comm.reference_name)
	if not parent.file and parent.status == "Queued":
		parent.source = SOURCE_EMAIL
		parent.file = _copy(file, DOCTYPE, parent.name).file_url
		parent.flags.from_intake_job = True
		parent.save(ignore_permissions=True)
		enqueue_processing(parent.name)
		return
	new_document(
		file,
		residence=parent.residence,
		source=SOURCE_EMAIL,
		subject=comm.subject or parent.subject,
		sender=comm.sender or parent.sender,
	)


def _copy(file, doctype: str, name: str):
	"""A second File record for the same stored file, attached to `doctype`/`name`."""
	f = frappe.get_doc(
		{
			"doctype": "File",
			"file_url": file.file_url,
			"file_name": file.file_name,
			"is_private": file.is_private,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"attached_to_field": "file" if doctype == DOCTYPE else None,
		}
	)
	f.flags.intake_skip = True
	f.insert(ignore_permissions=True)
	return f


def new_document(file, *, residence: str | None = None, source: str = SOURCE_UPLOAD, **values):
	"""One Incoming Document for one File (the File is attached to it), queued for reading."""
	doc = frappe.get_doc(
		{"doctype": DOCTYPE, "residence": residence, "source": source, "status": "Queued", **values}
	)
	doc.title = file.file_name
	doc.flags.ignore_permissions = True
	doc.flags.from_intake_job = True
	doc.insert()
	if file.attached_to_doctype in (None, "", DOCTYPE) and not file.attached_to_name:
		# an unattached upload (list view): the File itself moves to the document
		file.db_set(
			{"attached_to_doctype": DOCTYPE, "attached_to_name": doc.name, "attached_to_field": "file"}
		)
		url = file.file_url
	else:
		url = _copy(file, DOCTYPE, doc.name).file_url
	doc.db_set("file", url)
	enqueue_processing(doc.name)
	return doc


def create_from_file(file_name: str, residence: str | None = None):
	"""The list view's upload: one uploaded File (not attached yet) → one Incoming Document."""
	frappe.has_permission(DOCTYPE, "create", throw=True)
	file = frappe.get_doc("File", file_name)
	if file.attached_to_name and file.attached_to_doctype != DOCTYPE:
		frappe.throw(
			_("This file is already attached to {0} {1}.").format(
				_(file.attached_to_doctype), file.attached_to_name
			)
		)
	if file.attached_to_doctype == DOCTYPE and file.attached_to_name:
		return frappe.get_doc(DOCTYPE, file.attached_to_name)
	if file.owner != frappe.session.user and "System Manager" not in frappe.get_roles():
		frappe.throw(_("This file was uploaded by another user."), frappe.PermissionError)
	if residence:
		frappe.get_doc("Residence", residence).check_permission("read")
	return new_document(file, residence=residence, source=SOURCE_UPLOAD)

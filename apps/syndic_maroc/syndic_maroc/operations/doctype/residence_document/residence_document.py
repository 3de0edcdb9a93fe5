"""Residence Document: one document of the résidence's library, who may see it, its version.
Its file must be private (served to co-owners only through api.operations.portal_document_file,
which checks and logs); deleting an archive before five years is refused (core.operations.archive,
décret 2.23.700)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import formatdate, getdate, nowdate

from syndic_maroc.core.operations import archive


class ResidenceDocument(Document):
	def validate(self):
		if self.visibility == "Co-owner":
			if not self.co_owner:
				frappe.throw(_("Name the co-owner this document is shared with"))
			if not frappe.db.exists("Unit", {"residence": self.residence, "co_owner": self.co_owner}):
				frappe.throw(_("{0} owns no lot in {1}").format(self.co_owner, self.residence))
		else:
			self.co_owner = None
		if self.file and not frappe.db.get_value("File", {"file_url": self.file}, "is_private"):
			if not self.file.startswith("/private/"):
				frappe.throw(_("Upload the file as private: co-owners get it through their space only"))
		self.version = 1
		if self.replaces:
			if self.replaces == self.name:
				frappe.throw(_("A document cannot replace itself"))
			old = frappe.db.get_value(
				"Residence Document", self.replaces, ["residence", "version"], as_dict=True
			)
			if not old or old.residence != self.residence:
				frappe.throw(_("The replaced document must be of the same residence"))
			self.version = (old.version or 1) + 1

	def on_update(self):
		if self.replaces:
			frappe.db.set_value("Residence Document", self.replaces, "superseded_by", self.name)

	def on_trash(self):
		# décret 2.23.700: shared or accounting documents are kept five years
		first = archive.refusal_date(
			getdate(self.document_date), self.category, self.visibility, getdate(nowdate())
		)
		if first:
			frappe.throw(
				_(
					"This document is an archive of the residence: it can be deleted from {0} (five years, decree 2.23.700)"
				).format(formatdate(first)),
				title=_("Deletion refused"),
			)

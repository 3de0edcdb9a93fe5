"""Incoming Document: one uploaded, mailed or attached file on its way to an ERPNext draft.

Thin controller: reading is syndic_maroc.intake.jobs (queue `ocr`), matching and approval are
syndic_maroc.intake.approval, the decisions are in syndic_maroc.core.intake.
"""

import frappe
from frappe import _
from frappe.model.document import Document

from syndic_maroc.intake import matching
from syndic_maroc.intake.jobs import enqueue_processing

EDITABLE = ("Extracted", "To Review")
LOCKED = ("Approved", "Rejected", "Duplicate")


class IncomingDocument(Document):
	def before_insert(self):
		if self.sender and not self.file:
			self.source = "Email"  # created by an Email Account ("Append To")
		self.status = "Queued"
		self.title = self.title or self.subject or (self.file or "").rsplit("/", 1)[-1] or None

	def validate(self):
		if self.residence:
			self.company = frappe.db.get_value("Residence", self.residence, "company")
		else:
			self.company = None
		if self.flags.from_intake_job or self.is_new():
			return
		before = self.get_doc_before_save()
		if before and before.status in LOCKED and self.has_changes_in_review_fields(before):
			frappe.throw(
				_('Document {0} is "{1}": it can no longer be edited.').format(self.name, _(before.status))
			)
		if self.status in EDITABLE:
			self.human_edited = 1
			if self.doc_class in ("Supplier Invoice", "Utility Bill"):
				if before and before.supplier != self.supplier:
					self.expense_account = None
				if self.supplier or self.residence:
					matching.set_expense_account(self)
			if before and (before.residence != self.residence) and self.doc_class == "Bank Statement":
				matching.match_transactions(self)

	def has_changes_in_review_fields(self, before) -> bool:
		return any(
			before.get(df.fieldname) != self.get(df.fieldname)
			for df in self.meta.fields
			if df.fieldtype not in ("Section Break", "Column Break", "HTML", "Table") and not df.read_only
		)

	def after_insert(self):
		if self.file and not self.flags.from_intake_job:
			enqueue_processing(self.name)

	def on_update(self):
		if self.flags.from_intake_job or self.flags.in_insert:
			return
		if self.has_value_changed("file") and self.file and self.status in ("Queued", "Failed"):
			enqueue_processing(self.name)

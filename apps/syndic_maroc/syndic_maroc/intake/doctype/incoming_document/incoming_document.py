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
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from syndic_maroc.intake.doctype.incoming_document_transaction.incoming_document_transaction import (
			IncomingDocumentTransaction,
		)

		amount_due: DF.Currency
		approval_note: DF.SmallText | None
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		auto_approved: DF.Check
		bank: DF.Data | None
		bank_account: DF.Link | None
		closing_balance: DF.Currency
		company: DF.Link | None
		confidence: DF.Percent
		consumption: DF.Float
		consumption_unit: DF.Data | None
		contract_number: DF.Data | None
		corrected_fields: DF.SmallText | None
		currency: DF.Link | None
		customer_ice: DF.Data | None
		customer_name: DF.Data | None
		customer_reference: DF.Data | None
		doc_class: DF.Literal["", "Supplier Invoice", "Utility Bill", "Bank Statement", "Other"]
		due_date: DF.Date | None
		duplicate_of: DF.DynamicLink | None
		duplicate_of_doctype: DF.Link | None
		engine: DF.Data | None
		expense_account: DF.Link | None
		extracted_json: DF.JSON | None
		extracted_text: DF.LongText | None
		failure_reason: DF.SmallText | None
		field_confidence: DF.JSON | None
		file: DF.Attach | None
		file_hash: DF.Data | None
		file_size: DF.Int
		human_edited: DF.Check
		invoice_date: DF.Date | None
		invoice_number: DF.Data | None
		llm_error: DF.Data | None
		llm_status: DF.Literal["", "OK", "Unavailable", "Skipped"]
		opening_balance: DF.Currency
		pages: DF.Int
		period_end: DF.Date | None
		period_start: DF.Date | None
		preview_image: DF.AttachImage | None
		processed_on: DF.Datetime | None
		processing_seconds: DF.Float
		qr_codes: DF.SmallText | None
		reading_type: DF.Data | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		rejection_reason: DF.SmallText | None
		residence: DF.Link | None
		review_fields: DF.SmallText | None
		rib: DF.Data | None
		sender: DF.Data | None
		service: DF.Literal["", "Electricity", "Water", "Both"]
		source: DF.Literal["Upload", "Email", "Residence Attachment"]
		status: DF.Literal[
			"Queued", "Reading", "Extracted", "To Review", "Approved", "Rejected", "Failed", "Duplicate"
		]
		subject: DF.Data | None
		supplier: DF.Link | None
		supplier_ice: DF.Data | None
		supplier_if: DF.Data | None
		supplier_name: DF.Data | None
		title: DF.Data | None
		total_credit: DF.Currency
		total_debit: DF.Currency
		total_ht: DF.Currency
		total_ttc: DF.Currency
		total_tva: DF.Currency
		transactions: DF.Table[IncomingDocumentTransaction]
		validation_issues: DF.SmallText | None

	# end: auto-generated types
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

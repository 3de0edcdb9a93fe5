# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt
"""Saisie groupée des encaissements: the accountant types many payments, submitting the batch
records each row as a payment (syndic_maroc.finance.collections.record_payment) in row order, so
two rows of one co-owner settle his invoices one after the other (oldest first). Everything is
one transaction: a row that fails leaves nothing recorded. Cancelling the batch cancels its
Payment Entries (a reversal, décret 2.23.700 annex 2: corrections by reversal only).
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from syndic_maroc.finance import collections


class PaymentBatch(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from syndic_maroc.finance.doctype.payment_batch_row.payment_batch_row import PaymentBatchRow

		amended_from: DF.Link | None
		company: DF.Link | None
		default_mode: DF.Literal["Bank Transfer", "Cheque", "Cash", "Card"]
		payment_count: DF.Int
		payments: DF.Table[PaymentBatchRow]
		posting_date: DF.Date
		remarks: DF.SmallText | None
		residence: DF.Link
		total_amount: DF.Currency
	# end: auto-generated types
	ignore_linked_doctypes = ("Payment Entry",)

	def validate(self):
		self.company = frappe.db.get_value("Residence", self.residence, "company")
		for row in self.payments:
			row.mode = row.mode or self.default_mode or "Bank Transfer"
			collections.validate_payment(row.mode, row.amount, row.reference_no, row.cheque_bank)
			if not collections.co_owner_in_residence(row.co_owner, self.residence):
				frappe.throw(
					_("Row {0}: {1} is not a co-owner in {2}.").format(row.idx, row.co_owner, self.residence)
				)
		self.total_amount = flt(sum(flt(row.amount, 2) for row in self.payments), 2)
		self.payment_count = len(self.payments)

	def on_submit(self):
		for row in self.payments:
			result = collections.record_payment(
				self.residence,
				row.co_owner,
				flt(row.amount, 2),
				row.mode,
				posting_date=self.posting_date,
				reference_no=row.reference_no,
				reference_date=row.reference_date,
				cheque_bank=row.cheque_bank,
				remarks=self.remarks,
				batch=self.name,
			)
			row.db_set(
				{
					"receipt": result["receipt"],
					"payment_entries": "\n".join(result["payment_entries"]),
					"advance": result["advance"],
				}
			)

	def on_cancel(self):
		names = frappe.get_all(
			"Payment Entry",
			filters={"syndic_payment_batch": self.name, "docstatus": 1},
			order_by="creation desc, name desc",
			pluck="name",
		)
		for name in names:
			frappe.get_doc("Payment Entry", name).cancel()

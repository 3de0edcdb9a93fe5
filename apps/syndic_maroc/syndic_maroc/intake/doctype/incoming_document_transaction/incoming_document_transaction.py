from frappe.model.document import Document


class IncomingDocumentTransaction(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		bank_transaction: DF.Link | None
		candidates: DF.SmallText | None
		co_owner: DF.Link | None
		confidence: DF.Percent
		credit: DF.Currency
		debit: DF.Currency
		label: DF.Data | None
		match_basis: DF.Data | None
		match_status: DF.Literal["", "Matched", "Partial", "Ambiguous", "Unmatched"]
		matched_doctype: DF.Link | None
		matched_invoice: DF.DynamicLink | None
		needs_review: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		party: DF.DynamicLink | None
		party_type: DF.Link | None
		payment_entry: DF.Link | None
		reference: DF.Data | None
		transaction_date: DF.Date | None
		value_date: DF.Date | None
	# end: auto-generated types
	pass

# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt

from frappe.model.document import Document


class PaymentBatchRow(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		advance: DF.Currency
		amount: DF.Currency
		cheque_bank: DF.Data | None
		co_owner: DF.Link
		co_owner_name: DF.Data | None
		mode: DF.Literal["Bank Transfer", "Cheque", "Cash", "Card"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		payment_entries: DF.SmallText | None
		receipt: DF.Data | None
		reference_date: DF.Date | None
		reference_no: DF.Data | None
	# end: auto-generated types
	pass

# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt

from frappe.model.document import Document


class ResidenceBudgetLine(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		account: DF.Link | None
		allocation_key: DF.Link
		amount: DF.Currency
		category: DF.Literal[
			"Common Area Electricity",
			"Water",
			"Elevator",
			"Cleaning",
			"Security",
			"Gardening",
			"Insurance",
			"Syndic Fees",
			"Works",
			"Reserve Fund",
			"Miscellaneous",
		]
		description: DF.Data | None
		kind: DF.Literal["Current", "Works"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass

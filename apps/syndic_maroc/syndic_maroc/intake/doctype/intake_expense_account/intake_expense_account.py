from frappe.model.document import Document


class IntakeExpenseAccount(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		account_number: DF.Data
		category: DF.Literal[
			"Water",
			"Electricity",
			"Elevator",
			"Cleaning",
			"Security",
			"Gardening",
			"Repairs",
			"Insurance",
			"Syndic Fees",
			"Bank Fees",
			"Other",
		]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass

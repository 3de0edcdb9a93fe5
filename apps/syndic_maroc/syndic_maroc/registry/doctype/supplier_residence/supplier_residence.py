# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt

from frappe.model.document import Document


class SupplierResidence(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		residence: DF.Link
	# end: auto-generated types
	pass

# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt

from frappe.model.document import Document


class UnitOwnership(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		co_owner: DF.Link
		co_owner_name: DF.Data | None
		from_date: DF.Date
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reference: DF.Data | None
		to_date: DF.Date | None
	# end: auto-generated types
	pass

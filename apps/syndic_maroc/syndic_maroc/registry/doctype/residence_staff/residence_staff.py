# Copyright (c) 2026, syndic_maroc developers
# For license information, please see license.txt
"""One staff member of a résidence (its syndic manager or an accountant): registry.staff turns the
rows into User Permissions on the Residence and its Company."""

from frappe.model.document import Document


class ResidenceStaff(Document):
	pass

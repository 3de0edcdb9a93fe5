# Copyright (c) 2026, syndic_maroc developers
# For license information, please see license.txt

from frappe.model.document import Document


class AssemblyAttendance(Document):
	pass

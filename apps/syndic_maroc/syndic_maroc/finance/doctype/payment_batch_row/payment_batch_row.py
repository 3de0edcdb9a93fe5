# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt

from frappe.model.document import Document


class PaymentBatchRow(Document):
	pass

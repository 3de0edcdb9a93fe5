from frappe.model.document import Document


class IntakeExpenseAccount(Document):
	pass

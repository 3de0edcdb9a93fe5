from frappe.model.document import Document


class AssistantMessage(Document):
	pass

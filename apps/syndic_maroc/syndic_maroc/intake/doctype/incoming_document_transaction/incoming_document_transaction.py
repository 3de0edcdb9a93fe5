from frappe.model.document import Document


class IncomingDocumentTransaction(Document):
	pass

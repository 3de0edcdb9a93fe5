from frappe.model.document import Document


class MaintenanceRequestPhoto(Document):
	pass

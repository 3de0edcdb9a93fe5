"""One conversation per user; only its user (and System Manager) reads it (DocPerm "All" with
if_owner, and the permission hooks below for the portal and list queries)."""

import frappe
from frappe.model.document import Document

MAX_MESSAGES = 200  # older messages are dropped: the history shown is the recent one


class AssistantConversation(Document):
	def before_insert(self):
		if not self.user:
			self.user = frappe.session.user
		if self.user != frappe.session.user and "System Manager" not in frappe.get_roles():
			frappe.throw(frappe._("A conversation belongs to its user."), frappe.PermissionError)

	def validate(self):
		if len(self.messages) > MAX_MESSAGES:
			self.messages = self.messages[-MAX_MESSAGES:]
			for i, row in enumerate(self.messages, start=1):
				row.idx = i
		self.message_count = len(self.messages)


def has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	user = user or frappe.session.user
	if user == "Administrator" or "System Manager" in frappe.get_roles(user):
		return True
	return doc.user == user


def query_conditions(user=None) -> str:
	user = user or frappe.session.user
	if user == "Administrator" or "System Manager" in frappe.get_roles(user):
		return ""
	return f"`tabAssistant Conversation`.user = {frappe.db.escape(user)}"

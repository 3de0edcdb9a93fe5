"""The session user's assistant conversation (one per user), read by the API and the portal page."""

import json

import frappe
from frappe.utils import cint

CONVERSATION = "Assistant Conversation"


def own_conversation(conversation: str | None = None, create: bool = True):
	"""The session user's own conversation (one per user); another's is a PermissionError."""
	user = frappe.session.user
	if conversation and conversation != user:
		raise frappe.PermissionError(frappe._("This conversation is not yours."))
	if frappe.db.exists(CONVERSATION, user):
		doc = frappe.get_doc(CONVERSATION, user)
		doc.check_permission("read")
		return doc
	if not create:
		return None
	doc = frappe.new_doc(CONVERSATION)
	doc.user = user
	return doc


def history(limit: int = 50) -> list[dict]:
	"""The last messages of the session user's conversation, oldest first."""
	doc = own_conversation(create=False)
	if not doc:
		return []
	rows = doc.messages[-max(1, min(cint(limit) or 50, 200)) :]
	return [
		{
			"role": row.role,
			"text": row.text,
			"language": row.language,
			"intent": row.intent,
			"refused": row.refused,
			"asked_at": str(row.asked_at or ""),
			"tools_called": json.loads(row.tools_called or "[]"),
			"sources": json.loads(row.sources or "[]"),
		}
		for row in rows
	]

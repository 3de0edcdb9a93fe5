"""Whether the site can queue an e-mail, and from which address: Frappe 15 refuses to queue one
without an outgoing Email Account (tests and development mute e-mail and queue anyway)."""

import frappe


def can_email(doctype: str) -> bool:
	from frappe.email.doctype.email_account.email_account import EmailAccount

	try:
		return bool(EmailAccount.find_outgoing(match_by_doctype=doctype))
	except frappe.OutgoingEmailError:
		return False


def sender() -> str | None:
	"""None (the default outgoing account's address) when that account exists."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		return None
	return frappe.conf.get("auto_email_id") or f"noreply@{frappe.local.site}"

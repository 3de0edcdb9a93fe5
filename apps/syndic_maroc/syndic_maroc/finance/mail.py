"""Whether the site can send email, asked before a job queues notices or reminder letters.

Frappe 15 refuses to queue an email when no outgoing Email Account is set up (the Email Queue
needs the account to build the message: OutgoingEmailError). A job that only found out while
queueing would fail letter by letter, or, for the reminders, roll back the letters themselves.
Asked first, the documents are kept (dunnings still created, to print and post; notices left
to send), the syndic is told once what to set up, and the mail goes when the account exists.
"""

import frappe
from frappe import _


def default_sender() -> str | None:
	"""None (Frappe takes the default outgoing account's address) when that account exists, else
	the site config `auto_email_id`, else noreply@<site>."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		return None
	return frappe.conf.get("auto_email_id") or f"noreply@{frappe.local.site}"


def can_send(reference_doctype: str | None = None, sender: str | None = None) -> bool:
	"""True when Frappe would find an outgoing account for this mail: one matching the sender
	or the document type, the default one, mail settings in site_config, or muted email (tests,
	development: the queue keeps the message without sending it)."""
	from frappe.email.doctype.email_account.email_account import EmailAccount

	return bool(EmailAccount.find_outgoing(match_by_email=sender, match_by_doctype=reference_doctype))


def no_account_message() -> str:
	return _("No outgoing email account is set up (Settings > Email Account): nothing was sent by email.")

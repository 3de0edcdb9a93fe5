"""A reporter is told of every status change of his request, in his language: a Notification Log
for his portal user (the bell; Frappe e-mails it unless he turned e-mails off), else one e-mail
to the co-owner's address."""

import frappe
from frappe import _

from syndic_maroc.operations import mail


def _recipient(doc) -> frappe._dict | None:
	if not doc.co_owner:
		return None
	return frappe.db.get_value(
		"Co-owner", doc.co_owner, ["name", "email", "portal_user", "preferred_language"], as_dict=True
	)


def status_changed(doc, old_status: str) -> None:
	who = _recipient(doc)
	if not who:
		return
	lang = who.preferred_language or frappe.db.get_default("lang") or "fr"
	previous = frappe.local.lang
	frappe.local.lang = lang
	try:
		subject = _("Your request {0} is now: {1}").format(doc.subject, _(doc.status))
		body = _("Request {0} ({1}) moved from {2} to {3}.").format(
			doc.name, doc.subject, _(old_status), _(doc.status)
		)
		if doc.status == "Rejected" and doc.rejection_reason:
			body += "<br>" + _("Reason: {0}").format(frappe.utils.escape_html(doc.rejection_reason))
		if doc.status == "Scheduled" and doc.scheduled_on:
			body += "<br>" + _("Scheduled on {0}").format(frappe.utils.format_datetime(doc.scheduled_on))
	finally:
		frappe.local.lang = previous
	if who.portal_user:
		log = frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": who.portal_user,
				"type": "Alert",
				"document_type": doc.doctype,
				"document_name": doc.name,
				"subject": subject,
				"email_content": body,
			}
		)
		log.flags.ignore_permissions = True
		log.insert()
		return
	if who.email and mail.can_email(doc.doctype):  # no account: the status still changes
		frappe.sendmail(
			sender=mail.sender(),
			recipients=[who.email],
			subject=subject,
			message=body + "<br><a href='/mes-demandes'>" + _("My requests") + "</a>",
			reference_doctype=doc.doctype,
			reference_name=doc.name,
			now=False,
		)

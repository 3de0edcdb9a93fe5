"""Announcements (water cut, works, AG date): once submitted they are e-mailed once to the
co-owners of the résidence (or the building), each in his language, and sent by SMS when the site
has a gateway (operations.sms); the portal shows the current ones."""

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, nowdate, strip_html

from syndic_maroc.operations import access, mail, sms

SMS_LENGTH = 320


def recipients(residence: str, building: str | None = None) -> list[frappe._dict]:
	filters = {"residence": residence, "co_owner": ("is", "set")}
	if building:
		filters["building"] = building
	owners = sorted(set(frappe.get_all("Unit", filters=filters, pluck="co_owner")))
	if not owners:
		return []
	return frappe.get_all(
		"Co-owner",
		filters={"name": ("in", owners)},
		fields=["name", "email", "phone", "preferred_language"],
		order_by="name asc",
	)


def _texts(doc, lang: str) -> tuple[str, str]:
	if lang == "ar" and doc.title_ar and doc.body_ar:
		return doc.title_ar, doc.body_ar
	return doc.title_fr, doc.body_fr


def send(doc) -> dict:
	"""On submit: e-mails and SMS, once (a resubmitted amendment is a new announcement)."""
	if doc.sent_on:
		frappe.throw(_("This announcement was already sent"))
	if doc.send_email and not mail.can_email(doc.doctype):
		# refused before anything is sent: the announcement stays a draft, nothing half sent
		frappe.throw(
			_(
				"No outgoing email account is set up (Settings > Email Account): set one up or untick Send by e-mail."
			)
		)
	sender = mail.sender()
	emails = texts = 0
	gw = sms.gateway() if doc.send_sms else None
	for who in recipients(doc.residence, doc.building):
		title, body = _texts(doc, who.preferred_language or "fr")
		if doc.send_email and who.email:
			frappe.sendmail(
				recipients=[who.email],
				subject=title,
				message=frappe.utils.escape_html(body).replace("\n", "<br>"),
				reference_doctype=doc.doctype,
				reference_name=doc.name,
				sender=sender,
			)
			emails += 1
		if gw and who.phone and gw.send(who.phone, f"{title}: {strip_html(body)}"[:SMS_LENGTH]):
			texts += 1
	doc.db_set({"sent_on": now_datetime(), "emails_queued": emails, "sms_sent": texts})
	return {"emails": emails, "sms": texts}


def current_for_portal() -> list[dict]:
	"""The published, unexpired announcements of the session co-owner's résidences and buildings."""
	co_owners = access.my_co_owners()
	residences = access.my_residences(co_owners)
	if not residences:
		return []
	buildings = set(
		frappe.get_all("Unit", filters={"co_owner": ("in", co_owners)}, pluck="building", distinct=True)
	)
	lang = frappe.local.lang or "fr"
	out = []
	for row in frappe.get_all(
		"Announcement",
		filters={"docstatus": 1, "publish_on_portal": 1, "residence": ("in", residences)},
		fields=[
			"name",
			"residence",
			"building",
			"title_fr",
			"body_fr",
			"title_ar",
			"body_ar",
			"expires_on",
			"sent_on",
		],
		order_by="creation desc",
		limit=50,
	):
		if row.building and row.building not in buildings:
			continue
		if row.expires_on and getdate(row.expires_on) < getdate(nowdate()):
			continue
		title, body = _texts(row, lang)
		out.append(
			{"name": row.name, "residence": row.residence, "title": title, "body": body, "date": row.sent_on}
		)
	return out

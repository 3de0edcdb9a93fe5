"""The daily oversight alerts and the weekly digest.

Thresholds are set per résidence (custom fields of oversight/custom/residence.json): a budget
category at 80 / 100 / 120 % of its line, one co-owner's arrears above an amount or an age, the
bank balance under the next quarter's planned spend. Each alert fires ONCE per crossing (an open
Oversight Alert per key résidence+kind+subject+threshold; cleared when the figure falls back),
as a Notification Log (and its email) to the Syndic Managers and Accountants who may read the
résidence, written in each user's language.
"""

from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import add_days, fmt_money, getdate, now_datetime, nowdate

from syndic_maroc.core.oversight import alerts as core
from syndic_maroc.finance.arrears import arrears
from syndic_maroc.oversight import figures
from syndic_maroc.utils.errors import core_errors

ROLES = ("Syndic Manager", "Syndic Accountant")


@contextmanager
def in_language(lang: str | None):
	previous = frappe.local.lang
	frappe.local.lang = lang or frappe.db.get_default("lang") or "fr"
	try:
		yield
	finally:
		frappe.local.lang = previous


def current_alerts(residence: str, today=None) -> list[core.Alert]:
	"""What the résidence's figures raise today, by its own thresholds."""
	settings = frappe.db.get_value(
		"Residence",
		residence,
		[
			"syndic_alert_budget_thresholds",
			"syndic_alert_arrears_amount",
			"syndic_alert_arrears_days",
			"syndic_alert_bank_cover",
		],
		as_dict=True,
	)
	today = getdate(today)
	with core_errors():
		thresholds = core.parse_thresholds(settings.syndic_alert_budget_thresholds)
	lines = [
		(row["key"], Decimal(str(row["budget"])), Decimal(str(row["actual"])))
		for row in figures.budget_by_category(residence)
	]
	found = core.budget_alerts(lines, thresholds)
	rows, _total = arrears(residence, today)
	found += core.arrears_alerts(
		[
			(
				row["key"],
				Decimal(str(row["overdue"])),
				(today - row["oldest_due"]).days if row["oldest_due"] else None,
			)
			for row in rows
		],
		settings.syndic_alert_arrears_amount,
		settings.syndic_alert_arrears_days,
	)
	if settings.syndic_alert_bank_cover:
		cover = figures.bank_cover(residence)
		found += core.bank_alerts(cover.balance, cover.planned)
	return found


def message(residence: str, alert: core.Alert) -> str:
	"""The alert in words, in the current language."""
	name = frappe.db.get_value("Residence", residence, "residence_name") or residence
	if alert.kind == core.BUDGET:
		# the subject is the line's account number (stable); its label in the reader's language
		labels = {row["key"]: row["category"] for row in figures.budget_by_category(residence)}
		return _("{0}: budget line {1} reached {2} ({3} % spent)").format(
			name, labels.get(alert.subject, alert.subject), alert.threshold, alert.value
		)
	if alert.kind == core.ARREARS_AMOUNT:
		return _("{0}: arrears of {1} above {2}: {3}").format(
			name,
			co_owner_name(alert.subject),
			fmt_money(float(alert.threshold)),
			fmt_money(float(alert.value)),
		)
	if alert.kind == core.ARREARS_AGE:
		return _("{0}: arrears of {1} unpaid for {2} days").format(
			name, co_owner_name(alert.subject), alert.value
		)
	return _("{0}: bank balance {1} below the next quarter's planned spend {2}").format(
		name, fmt_money(float(alert.value)), fmt_money(float(alert.threshold))
	)


def co_owner_name(co_owner: str) -> str:
	return frappe.db.get_value("Co-owner", co_owner, "full_name") or co_owner


def recipients(residence: str) -> list[frappe._dict]:
	"""Enabled desk users with a syndic role who may read the résidence."""
	users = frappe.db.sql(
		"""select distinct u.name, u.language from `tabUser` u
		join `tabHas Role` r on r.parent = u.name and r.parenttype = 'User'
		where u.enabled = 1 and u.user_type = 'System User' and r.role in %(roles)s""",
		{"roles": ROLES},
		as_dict=True,
	)
	return [u for u in users if frappe.has_permission("Residence", "read", residence, user=u.name)]


def check_residence(residence: str, today=None) -> list[str]:
	"""Fire the new alerts of one résidence, clear those that no longer hold; the new names."""
	current = current_alerts(residence, today)
	open_alerts = {
		row.alert_key: row.name
		for row in frappe.get_all(
			"Oversight Alert",
			filters={"residence": residence, "status": "Open"},
			fields=["name", "alert_key"],
		)
	}
	fire, clear = core.to_fire(current, set(open_alerts), residence)
	for key in clear:
		frappe.db.set_value(
			"Oversight Alert", open_alerts[key], {"status": "Cleared", "cleared_on": now_datetime()}
		)
	fired = []
	users = recipients(residence) if fire else []
	for alert in fire:
		doc = frappe.get_doc(
			{
				"doctype": "Oversight Alert",
				"residence": residence,
				"kind": alert.kind,
				"subject": alert.subject,
				"threshold": alert.threshold,
				"value": float(alert.value),
				"alert_key": alert.key(residence),
				"status": "Open",
				"fired_on": now_datetime(),
				"message": message(residence, alert),
			}
		).insert(ignore_permissions=True)
		for user in users:
			with in_language(user.language):
				text = message(residence, alert)
			frappe.get_doc(
				{
					"doctype": "Notification Log",
					"for_user": user.name,
					"type": "Alert",
					"document_type": "Oversight Alert",
					"document_name": doc.name,
					"subject": text,
					"email_content": text,
				}
			).insert(ignore_permissions=True)
		fired.append(doc.name)
	return fired


def daily():
	"""Scheduler: every résidence, one at a time; one failing résidence does not stop the others."""
	for residence in frappe.get_all("Residence", pluck="name"):
		try:
			check_residence(residence)
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=f"Oversight alerts: {residence}")


def weekly():
	"""Scheduler: each syndic's digest (alerts of the week and key figures), in his language."""
	users = frappe.db.sql(
		"""select distinct u.name, u.language from `tabUser` u
		join `tabHas Role` r on r.parent = u.name and r.parenttype = 'User'
		where u.enabled = 1 and u.user_type = 'System User' and r.role = 'Syndic Manager'""",
		as_dict=True,
	)
	for user in users:
		send_digest(user.name, user.language)


def digest(user: str, today=None) -> dict:
	"""The figures and the alerts of the last 7 days of the résidences `user` may see."""
	residences = figures.visible_residences(user)
	since = add_days(getdate(today), -7)
	alerts = frappe.get_all(
		"Oversight Alert",
		filters={"residence": ("in", residences or [""]), "fired_on": (">=", since)},
		fields=["name", "residence", "kind", "subject", "threshold", "value", "status"],
		order_by="fired_on desc",
	)
	return {"residences": residences, "alerts": alerts, "figures": figures.firm(residences, today)}


def send_digest(user: str, lang: str | None = None, today=None) -> bool:
	with in_language(lang):
		data = digest(user, today)
		if not data["residences"]:
			return False
		rows = "".join(
			f"<li>{frappe.utils.escape_html(message(a.residence, core.Alert(a.kind, a.subject, a.threshold, Decimal(str(a.value)))))}</li>"
			for a in data["alerts"]
		)
		f = data["figures"]
		rate = f["collection_year"].rate
		body = (
			f"<p>{_('Collection rate this year: {0}').format('-' if rate is None else f'{rate * 100:.1f} %')}</p>"
			f"<p>{_('Arrears: {0}').format(fmt_money(f['arrears']['overdue']))}</p>"
			f"<p>{_('Incoming documents to review: {0}').format(f['incoming_to_review'])}</p>"
			f"<p>{_('Alerts of the week')}:</p><ul>{rows or '<li>' + _('None') + '</li>'}</ul>"
		)
		frappe.sendmail(
			recipients=[user],
			subject=_("Syndic weekly digest, week of {0}").format(
				frappe.format(getdate(today) - timedelta(days=7), "Date")
			),
			message=body,
			reference_doctype="User",
			reference_name=user,
		)
	return True

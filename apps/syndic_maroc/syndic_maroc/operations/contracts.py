"""Supplier contracts (ERPNext Contract with our fields): the last day to give notice before a
tacit renewal (core.operations.contracts), and a daily alert to the résidence's syndic from 30
days before it, once per deadline."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from syndic_maroc.core.operations import contracts


def validate(doc, method=None) -> None:
	if doc.get("syndic_tacit_renewal") and doc.end_date:
		doc.syndic_notice_deadline = contracts.notice_deadline(
			getdate(doc.end_date), doc.syndic_notice_days or 0
		)
	else:
		doc.syndic_notice_deadline = None


def _recipients(residence: str | None) -> list[str]:
	users = []
	if residence:
		users.append(frappe.db.get_value("Residence", residence, "syndic_user"))
	if not any(users):
		users = frappe.get_all(
			"Has Role",
			filters={"role": "Syndic Manager", "parenttype": "User"},
			pluck="parent",
			distinct=True,
		)
	return [u for u in users if u and u not in ("Administrator", "Guest")]


def daily() -> list[str]:
	"""Alert once per deadline; returns the contracts alerted today."""
	today = getdate(nowdate())
	alerted = []
	for row in frappe.get_all(
		"Contract",
		filters={"docstatus": ("<", 2), "syndic_tacit_renewal": 1, "end_date": ("is", "set")},
		fields=[
			"name",
			"party_name",
			"end_date",
			"syndic_notice_days",
			"syndic_alerted_for",
			"syndic_residence",
			"syndic_object",
		],
	):
		deadline = contracts.should_alert(
			getdate(row.end_date),
			row.syndic_notice_days or 0,
			True,
			today,
			getdate(row.syndic_alerted_for) if row.syndic_alerted_for else None,
		)
		if not deadline:
			continue
		subject = _("Contract {0} ({1}, {2}) renews itself unless notice is given by {3}").format(
			row.name, row.party_name, _(row.syndic_object or "Other"), frappe.utils.formatdate(deadline)
		)
		for user in _recipients(row.syndic_residence):
			frappe.get_doc(
				{
					"doctype": "Notification Log",
					"for_user": user,
					"type": "Alert",
					"document_type": "Contract",
					"document_name": row.name,
					"subject": subject,
				}
			).insert(ignore_permissions=True)
		frappe.db.set_value("Contract", row.name, "syndic_alerted_for", deadline, update_modified=False)
		alerted.append(row.name)
	return alerted

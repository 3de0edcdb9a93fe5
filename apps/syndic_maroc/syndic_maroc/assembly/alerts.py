"""Daily alerts of the general assembly, as ToDos for the résidence's syndic (never twice):
- PV not notified to every owner 8 days after the AG (arts 16 nonies, 30);
- no ordinary AG convened 30 days after year end, escalated after 6 months (arts 16 ter, 24);
- the syndic's mandate ends within 60 days (art. 19);
and closes assemblies whose two-month challenge window has passed (art. 59 duodecies).
"""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from syndic_maroc.core.assembly import deadlines


def daily():
	on = getdate(today())
	for item in alerts(on):
		_todo(item)
	close_final(on)


def alerts(on) -> list[dict]:
	on = getdate(on)
	result = []
	for ag in frappe.get_all(
		"General Assembly",
		filters={"docstatus": 1, "status": "Minutes Signed"},
		fields=["name", "residence", "pv_notification_due"],
	):
		if ag.pv_notification_due and on > getdate(ag.pv_notification_due):
			result.append(
				{
					"residence": ag.residence,
					"reference": ("General Assembly", ag.name),
					"priority": "High",
					"description": _(
						"The minutes of {0} were due to every owner by {1} (arts 16 nonies, 30)"
					).format(ag.name, ag.pv_notification_due),
				}
			)
	for res in frappe.get_all("Residence", fields=["name", "syndic_mandate_end", "syndic_name"]):
		if res.syndic_mandate_end and deadlines.mandate_alert(getdate(res.syndic_mandate_end), on):
			result.append(
				{
					"residence": res.name,
					"reference": ("Residence", res.name),
					"priority": "Medium",
					"description": _(
						"The mandate of the syndic {0} ends on {1}: convene an AG (art. 19)"
					).format(res.syndic_name or "", res.syndic_mandate_end),
				}
			)
		year_end = _last_year_end(on)
		convened = frappe.db.exists(
			"General Assembly",
			{
				"residence": res.name,
				"assembly_type": ("in", ["Ordinary", "First"]),
				"status": ("not in", ["Draft", "Cancelled"]),
				"first_meeting": (">", year_end),
			},
		)
		# An AG held outside the app shows on the budget it approved (its AG date).
		convened = convened or frappe.db.exists(
			"Residence Budget", {"residence": res.name, "docstatus": 1, "ag_date": (">", year_end)}
		)
		status = deadlines.ordinary_ag_status(year_end, on, bool(convened))
		if status in (deadlines.OVERDUE, deadlines.ESCALATED):
			result.append(
				{
					"residence": res.name,
					"reference": ("Residence", res.name),
					"priority": "High" if status == deadlines.ESCALATED else "Medium",
					"description": _(
						"No ordinary general assembly convened since the year ended on {0} (arts 16 ter, 24): {1}"
					).format(year_end, _(status)),
				}
			)
	return result


def _last_year_end(on):
	"""End of the last closed fiscal year (the calendar year in the demo: 31 Dec)."""
	ends = frappe.get_all(
		"Fiscal Year",
		filters={"year_end_date": ("<", on)},
		pluck="year_end_date",
		order_by="year_end_date desc",
		limit=1,
	)
	return getdate(ends[0]) if ends else getdate(add_days(f"{on.year}-01-01", -1))


def _todo(item: dict) -> None:
	owner = frappe.db.get_value("Residence", item["residence"], "syndic_user") or "Administrator"
	doctype, name = item["reference"]
	if frappe.db.exists(
		"ToDo",
		{
			"reference_type": doctype,
			"reference_name": name,
			"description": item["description"],
			"status": "Open",
		},
	):
		return
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": owner,
			"reference_type": doctype,
			"reference_name": name,
			"priority": item["priority"],
			"description": item["description"],
		}
	).insert(ignore_permissions=True)


def close_final(on) -> None:
	for ag in frappe.get_all(
		"General Assembly",
		filters={"docstatus": 1, "status": "Notified"},
		fields=["name", "challenge_deadline"],
	):
		# Art. 59 duodecies: final once the two-month window after notification has passed.
		if ag.challenge_deadline and on > getdate(ag.challenge_deadline):
			frappe.db.set_value("General Assembly", ag.name, "status", "Closed")

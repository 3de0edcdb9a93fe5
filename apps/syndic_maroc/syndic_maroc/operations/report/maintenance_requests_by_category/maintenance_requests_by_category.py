"""Maintenance requests by category and building: how many, how many open and overdue, and the
median days from filing to resolution (core.operations.maintenance.median)."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate, time_diff_in_hours

from syndic_maroc.core.operations.maintenance import median


def columns() -> list[dict]:
	return [
		{
			"fieldname": "residence",
			"label": _("Residence"),
			"fieldtype": "Link",
			"options": "Residence",
			"width": 200,
		},
		{"fieldname": "category", "label": _("Category"), "fieldtype": "Data", "width": 140},
		{
			"fieldname": "building",
			"label": _("Building"),
			"fieldtype": "Link",
			"options": "Building",
			"width": 140,
		},
		{"fieldname": "count", "label": _("Requests"), "fieldtype": "Int", "width": 100},
		{"fieldname": "open", "label": _("Open"), "fieldtype": "Int", "width": 80},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "median_days",
			"label": _("Median resolution (days)"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 170,
		},
	]


def execute(filters=None):
	filters = frappe._dict(filters or {})
	to_date = getdate(filters.to_date or nowdate())
	from_date = getdate(filters.from_date or add_days(to_date, -365))
	conditions = {"reported_at": ("between", [f"{from_date} 00:00:00", f"{to_date} 23:59:59"])}
	if filters.residence:
		conditions["residence"] = filters.residence
	rows = frappe.get_list(  # get_list: the user's permissions (résidences) apply
		"Maintenance Request",
		filters=conditions,
		fields=["residence", "category", "building", "status", "overdue", "reported_at", "done_on"],
		limit_page_length=0,
	)
	groups: dict[tuple, dict] = {}
	for row in rows:
		key = (row.residence, row.category, row.building or "")
		g = groups.setdefault(key, {"count": 0, "open": 0, "overdue": 0, "days": []})
		g["count"] += 1
		g["overdue"] += int(row.overdue or 0)
		if row.status in ("Done", "Closed") and row.done_on:
			g["days"].append(time_diff_in_hours(row.done_on, row.reported_at) / 24)
		elif row.status != "Rejected":
			g["open"] += 1
	data = []
	for (residence, category, building), g in sorted(groups.items()):
		m = median(g["days"])
		data.append(
			{
				"residence": residence,
				"category": _(category),
				"building": building or None,
				"count": g["count"],
				"open": g["open"],
				"overdue": g["overdue"],
				"median_days": round(m, 1) if m is not None else None,
			}
		)
	return columns(), data

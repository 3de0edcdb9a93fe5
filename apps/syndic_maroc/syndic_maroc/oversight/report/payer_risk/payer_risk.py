# Copyright (c) 2026, syndic_maroc developers
# For license information, please see license.txt
"""Payer risk of a résidence's co-owners, highest score first: recency, frequency and amount of
late payments over 12 months (rule: core.oversight.rfm; data: oversight.payer_risk)."""

import frappe
from frappe import _, _lt
from frappe.utils import getdate

from syndic_maroc.oversight.payer_risk import residence_risks

LEVELS = {"High": _lt("High"), "Medium": _lt("Medium"), "Low": _lt("Low"), "None": _lt("None")}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.residence:
		return get_columns(), []
	frappe.has_permission("Residence", "read", filters.residence, throw=True)
	rows = residence_risks(filters.residence, getdate(filters.as_of_date))
	for row in rows:
		row["level_label"] = str(LEVELS.get(row["level"], row["level"]))
	return get_columns(), rows


def get_columns():
	return [
		{
			"fieldname": "co_owner",
			"label": _("Co-owner"),
			"fieldtype": "Link",
			"options": "Co-owner",
			"width": 130,
		},
		{"fieldname": "co_owner_name", "label": _("Name"), "fieldtype": "Data", "width": 180},
		{"fieldname": "score", "label": _("Risk Score"), "fieldtype": "Float", "precision": 1, "width": 100},
		{"fieldname": "level_label", "label": _("Risk Level"), "fieldtype": "Data", "width": 90},
		{"fieldname": "late_count", "label": _("Late Payments"), "fieldtype": "Int", "width": 110},
		{"fieldname": "last_late", "label": _("Last Late Payment"), "fieldtype": "Date", "width": 120},
		{"fieldname": "late_amount", "label": _("Late Amount"), "fieldtype": "Currency", "width": 120},
		{"fieldname": "late_share", "label": _("Late Share (%)"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "explanation", "label": _("Explanation"), "fieldtype": "Data", "width": 380},
	]

# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt
"""Impayés par lot / par copropriétaire of one résidence on a date: ERPNext receivables
(outstanding Sales Invoices) in ageing buckets 0-30 / 31-60 / 61-90 / 90+ days after the due
date, with the prescription date of the oldest debt (loi 18-00 art. 43, 5 years after the AG
approved the charges). The data is syndic_maroc.finance.arrears."""

import frappe
from frappe import _, _lt
from frappe.utils import getdate

from syndic_maroc.core.finance.ageing import BUCKETS
from syndic_maroc.finance.arrears import arrears, bucket_field
from syndic_maroc.registry.permissions import check_residence

STATES = {"running": _lt("Running"), "warning": _lt("Prescription Soon"), "prescribed": _lt("Prescribed")}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	check_residence(filters.residence)  # raw SQL below: Frappe applies no User Permission to it
	if not filters.residence:
		return get_columns(filters), []
	by = "unit" if filters.group_by != "Co-owner" else "co_owner"
	rows, total = arrears(filters.residence, getdate(filters.as_of_date), by=by)
	names = names_of(filters.residence)
	data = [decorate(row, by, names) for row in rows]
	if data:
		total["key"] = None
		total.update({"unit": None, "co_owner": None, "co_owner_name": _("Total")})
		total["prescription_state"] = None
		data.append(total)
	return get_columns(filters), data


def names_of(residence: str) -> frappe._dict:
	"""Units and co-owners of the résidence in two bulk queries."""
	units = {
		row.name: row
		for row in frappe.get_all(
			"Unit",
			filters={"residence": residence},
			fields=["name", "unit_number", "co_owner", "co_owner_name"],
		)
	}
	co_owners = {row.co_owner: row.co_owner_name for row in units.values() if row.co_owner}
	return frappe._dict(units=units, co_owners=co_owners)


def decorate(row: dict, by: str, names: frappe._dict) -> dict:
	if by == "unit":
		unit = names.units.get(row["key"]) or {}
		row.update(
			unit=row["key"],
			unit_number=unit.get("unit_number"),
			co_owner=unit.get("co_owner"),
			co_owner_name=unit.get("co_owner_name"),
		)
	else:
		name = names.co_owners.get(row["key"]) or frappe.db.get_value("Co-owner", row["key"], "full_name")
		row.update(co_owner=row["key"], co_owner_name=name)
	row["prescription_state"] = (
		str(STATES[row["prescription_state"]]) if row.get("prescription_state") else None
	)
	return row


def get_columns(filters):
	money = {"fieldtype": "Currency", "options": "MAD", "width": 110}
	columns = []
	if filters.get("group_by") != "Co-owner":
		columns += [
			{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Link", "options": "Unit", "width": 130},
		]
	columns += [
		{
			"fieldname": "co_owner",
			"label": _("Co-owner"),
			"fieldtype": "Link",
			"options": "Co-owner",
			"width": 110,
		},
		{"fieldname": "co_owner_name", "label": _("Co-owner Name"), "fieldtype": "Data", "width": 180},
		dict(money, fieldname="not_due", label=_("Not Yet Due")),
	]
	labels = {
		"0-30": _("0-30 Days"),
		"31-60": _("31-60 Days"),
		"61-90": _("61-90 Days"),
		"90+": _("Over 90 Days"),
	}
	columns += [dict(money, fieldname=bucket_field(b), label=labels[b]) for b in BUCKETS]
	columns += [
		dict(money, fieldname="overdue", label=_("Total Overdue")),
		dict(money, fieldname="total", label=_("Total Outstanding")),
		{"fieldname": "oldest_due", "label": _("Oldest Due Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "invoice_count", "label": _("Invoices"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "prescription_date",
			"label": _("Prescription Date"),
			"fieldtype": "Date",
			"width": 120,
		},
		{"fieldname": "prescription_state", "label": _("Prescription"), "fieldtype": "Data", "width": 130},
	]
	return columns

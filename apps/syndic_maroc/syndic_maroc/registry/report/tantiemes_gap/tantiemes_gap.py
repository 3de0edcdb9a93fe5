# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt
"""Per résidence: declared total of tantièmes, sum over its units, the gap, and a status.

The report shows the gap until the units' tantièmes add up to the declared total
(loi 18-00 art. 6; model règlement art. 5: base 1,000 or 10,000).
"""

import frappe
from frappe import _
from frappe.utils import flt

from syndic_maroc.core.weights import tantiemes_gap
from syndic_maroc.registry.permissions import check_residence

STATUS = {"ok": "Complete", "under": "Incomplete", "over": "Exceeded"}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_data(filters)


def get_columns():
	return [
		{
			"fieldname": "residence",
			"label": _("Residence"),
			"fieldtype": "Link",
			"options": "Residence",
			"width": 260,
		},
		{"fieldname": "city", "label": _("City"), "fieldtype": "Data", "width": 120},
		{"fieldname": "units", "label": _("Units"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "declared",
			"label": _("Declared Total"),
			"fieldtype": "Float",
			"precision": 4,
			"width": 130,
		},
		{
			"fieldname": "allocated",
			"label": _("Sum of Units"),
			"fieldtype": "Float",
			"precision": 4,
			"width": 130,
		},
		{"fieldname": "gap", "label": _("Gap"), "fieldtype": "Float", "precision": 4, "width": 110},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 120},
	]


def get_data(filters):
	conditions = {}
	if filters.get("residence"):
		check_residence(filters.residence)
		conditions["name"] = filters.residence
	residences = frappe.get_list(
		"Residence", filters=conditions, fields=["name", "city", "total_tantiemes"], order_by="name asc"
	)
	if not residences:
		return []
	sums = {
		row.residence: row
		for row in frappe.db.sql(
			"""select residence, count(*) as units, coalesce(sum(tantiemes), 0) as allocated
			from `tabUnit` where residence in %(names)s group by residence""",
			{"names": [r.name for r in residences]},
			as_dict=True,
		)
	}
	data = []
	for residence in residences:
		agg = sums.get(residence.name) or frappe._dict(units=0, allocated=0)
		report = (
			tantiemes_gap(residence.total_tantiemes or 0, [flt(agg.allocated)])
			if residence.total_tantiemes
			else None
		)
		gap = flt(report["gap"]) if report else -flt(agg.allocated)
		status = STATUS[report["status"]] if report else "Exceeded"
		if filters.get("only_gaps") and status == "Complete":
			continue
		data.append(
			{
				"residence": residence.name,
				"city": residence.city,
				"units": agg.units,
				"declared": flt(residence.total_tantiemes),
				"allocated": flt(agg.allocated),
				"gap": gap,
				"status": _(status),
			}
		)
	return data

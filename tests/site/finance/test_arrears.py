"""Arrears by Unit on a real site: ERPNext receivables aged 0-30 / 31-60 / 61-90 / 90+ per unit
and per co-owner, partial payments shared pro rata over an invoice's units, the prescription
date of art. 43 (5 years after the AG approved the charges)."""

from datetime import timedelta

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import fiscal_year, make_budget, make_call, uid

res = helpers.res  # the résidence fixture of finance.helpers (module scope)

pytestmark = pytest.mark.site


def run_report(frappe, filters):
	from frappe.desk.query_report import run

	result = run("Arrears by Unit", filters)
	return result["columns"], result["result"]


def test_arrears_by_unit_and_by_co_owner(db, res):
	from syndic_maroc.finance.collections import record_payment

	budget = make_budget(db, res)
	first = make_call(db, res, budget, period=1)
	second = make_call(db, res, budget, period=2)
	as_of = second.due_date + timedelta(days=14)
	assert (as_of - first.due_date).days > 90
	# co-owner 0 (A1 + A2, 150/150) pays 100.00: shared 50/50 over his two units
	record_payment(
		res.name, res.owners[0], 100, "Bank Transfer", posting_date=first.due_date, reference_no=f"V{uid()}"
	)
	open_total = db.db.sql(
		"""select sum(outstanding_amount) from `tabSales Invoice`
		where syndic_residence=%s and docstatus=1 and posting_date<=%s""",
		(res.name, as_of),
	)[0][0]

	columns, data = run_report(db, {"residence": res.name, "as_of_date": as_of, "group_by": "Unit"})
	fields = [c["fieldname"] for c in columns]
	assert {"range_0_30", "range_31_60", "range_61_90", "range_90_plus", "prescription_date"} <= set(fields)
	rows = {row["unit"]: row for row in data if row.get("unit")}
	total = data[-1]
	assert round(total["total"], 2) == round(open_total, 2)
	assert round(sum(r["total"] for r in rows.values()), 2) == round(open_total, 2)
	assert set(rows) == set(res.units.values())
	a1, a2, a3 = rows[res.units["A1"]], rows[res.units["A2"]], rows[res.units["A3"]]
	# A3 (200/1000): quarter 1 over 90 days, quarter 2 in 0-30, nothing between
	assert a3["range_90_plus"] > 0 and a3["range_0_30"] > 0 and a3["range_31_60"] == a3["range_61_90"] == 0
	assert a3["range_90_plus"] == a3["range_0_30"]  # the same share each quarter
	# the 100.00 was applied to co-owner 0's oldest invoice and shared over A1 and A2
	assert a1["range_90_plus"] == a2["range_90_plus"] and a1["range_0_30"] == a2["range_0_30"]
	assert abs(a1["range_90_plus"] + a2["range_90_plus"] - (a3["range_90_plus"] * 300 / 200 - 100)) <= 0.03
	assert a1["co_owner"] == res.owners[0] and a1["oldest_due"] == first.due_date
	fy = fiscal_year(db)
	assert a3["prescription_date"] == fy.year_start_date.replace(year=fy.year_start_date.year + 5)

	columns, by_owner = run_report(db, {"residence": res.name, "as_of_date": as_of, "group_by": "Co-owner"})
	owners = {row["co_owner"]: row for row in by_owner if row.get("key")}
	assert set(owners) == set(res.owners)
	assert round(owners[res.owners[0]]["total"], 2) == round(a1["total"] + a2["total"], 2)
	assert round(by_owner[-1]["total"], 2) == round(open_total, 2)

	# before the first due date nothing is overdue
	_columns, early = run_report(
		db, {"residence": res.name, "as_of_date": first.due_date - timedelta(days=1)}
	)
	assert early == []

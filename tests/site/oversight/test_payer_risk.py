"""Payer risk (RFM) on a real site: the scores of a fixed payment history read from ERPNext's
ledger (Sales Invoice due dates against the dates payments were allocated), the report ordered by
score and the explanation in words on the Co-owner form's endpoint."""

from datetime import timedelta
from decimal import Decimal

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import invoices_of, make_budget, make_call, uid

res = helpers.res  # the résidence fixture of finance.helpers (module scope)

pytestmark = pytest.mark.site


def amounts_by_customer(frappe, call):
	"""{customer: what the call asks of him} (one invoice per unit: summed)."""
	result = {}
	for inv in invoices_of(frappe, call):
		result[inv.customer] = result.get(inv.customer, Decimal(0)) + Decimal(str(inv.outstanding_amount))
	return result


def test_scores_of_a_fixed_payment_history(db, res):
	from frappe.desk.query_report import run
	from syndic_maroc.core.oversight.rfm import score
	from syndic_maroc.finance.collections import record_payment
	from syndic_maroc.oversight.payer_risk import co_owner_risk, residence_risks

	budget = make_budget(db, res)
	q1 = make_call(db, res, budget, period=1)
	q2 = make_call(db, res, budget, period=2)
	first, second = amounts_by_customer(db, q1.name), amounts_by_customer(db, q2.name)
	as_of = q2.due_date + timedelta(days=30)
	o0, o1, o2, o3 = res.owners
	c0, c1, c2, _c3 = res.customers

	def pay(owner, amount, on):
		record_payment(
			res.name,
			owner,
			float(amount),
			"Bank Transfer",
			posting_date=on,
			reference_no=f"V{uid()}",
		)

	pay(o0, first[c0], q1.due_date)  # on the due date: on time
	pay(o0, second[c0], q2.due_date - timedelta(days=3))
	pay(o1, first[c1], q1.due_date + timedelta(days=20))  # 20 days late
	pay(o1, second[c1], q2.due_date)
	pay(o2, second[c2], q2.due_date)  # goes to his oldest call: Q1 paid late, Q2 left open
	# o3 pays nothing: both calls overdue

	rows = {row["co_owner"]: row for row in residence_risks(res.name, as_of)}
	assert set(rows) == set(res.owners)

	assert rows[o0]["late_count"] == 0 and rows[o0]["score"] == 0 and rows[o0]["level"] == "None"

	r1 = rows[o1]
	recency = (as_of - (q1.due_date + timedelta(days=20))).days
	share1 = first[c1] / (first[c1] + second[c1])
	count1 = 1  # Q1: one call, whatever the number of his lots (one invoice each)
	assert r1["late_count"] == count1 and r1["recency_days"] == recency
	assert Decimal(str(r1["late_amount"])) == first[c1]
	assert r1["score"] == float(score(recency, count1, share1))
	assert r1["explanation"].startswith(f"1 late payment in 12 months, last one {recency} days ago")

	r2 = rows[o2]  # Q1 paid late on Q2's due date, Q2 still open: late now
	count2 = 2
	assert r2["late_count"] == count2 and r2["recency_days"] == 0
	assert Decimal(str(r2["late_amount"])) == first[c2] + second[c2]
	assert r2["score"] == float(score(0, count2, Decimal(1)))

	r3 = rows[o3]
	count3 = 2  # B2 and B3: two invoices per call, two calls
	assert r3["late_count"] == count3 and r3["recency_days"] == 0 and r3["last_late"] == as_of
	assert r3["score"] == float(score(0, count3, Decimal(1))) == 82.5 and r3["level"] == "High"
	assert "still overdue" in r3["explanation"]

	# the report: the same figures, highest score first
	data = run("Payer Risk", {"residence": res.name, "as_of_date": as_of})["result"]
	scores = [row["score"] for row in data]
	assert scores == sorted(scores, reverse=True)
	assert {row["co_owner"]: row["score"] for row in data} == {k: v["score"] for k, v in rows.items()}
	assert data[-1]["co_owner"] == o0

	# the Co-owner form's figure: his worst résidence, explained in words
	form = co_owner_risk(o1, as_of)
	assert form["score"] == r1["score"] and form["explanation"] == r1["explanation"]
	assert [row["residence"] for row in form["residences"]] == [res.name]


def test_the_endpoint_checks_permission(db, res):
	import frappe as _frappe
	from syndic_maroc.api.oversight import co_owner_risk

	db.set_user("Guest")
	try:
		with pytest.raises(_frappe.PermissionError):
			co_owner_risk(res.owners[0])
	finally:
		db.set_user("Administrator")
	assert co_owner_risk(res.owners[0])["co_owner"] == res.owners[0]

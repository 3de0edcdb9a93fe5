"""The money cycle on a real site: budget approval -> ERPNext Budget; calls for funds -> one
submitted Sales Invoice per co-owner and kind, exact to the cent, never duplicated; cancel.

A module fixture builds one résidence (company, 6 units, 4 co-owners, a lift key) and commits
it; every test works inside the `db` fixture's rollback. In tests the issue job runs inline.
"""

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import (
	acc,
	fiscal_year,
	invoices_of,
	make_budget,
	make_call,
	uid,
)

pytestmark = pytest.mark.site

res = helpers.res


def test_budget_needs_the_ag_and_creates_the_erpnext_budget(db, res):
	budget = make_budget(db, res, submit=False)
	assert budget.name == f"BUD-{res.abbr}-{budget.fiscal_year}"
	assert budget.status == "Draft"
	assert budget.total_amount == 76000.02 and budget.works_total == 4000 and budget.current_total == 72000.02
	lines = {row.category: row for row in budget.lines}
	assert lines["Elevator"].account == acc(db, res.company, "6134")
	assert (
		lines["Reserve Fund"].account == acc(db, res.company, "1112")
		and lines["Reserve Fund"].kind == "Works"
	)
	# Loi 18-00 art. 24: approval by the general assembly
	with pytest.raises(db.ValidationError, match="assemblée générale"):
		budget.submit()
	budget.reload()
	budget.ag_date = budget.year_start_date
	budget.ag_reference = "PV AG 2026-01"
	budget.submit()
	assert budget.status == "Approved"
	erp = db.get_doc("Budget", budget.erpnext_budget)
	assert erp.docstatus == 1 and erp.cost_center == db.db.get_value("Residence", res.name, "cost_center")
	assert erp.action_if_annual_budget_exceeded == "Warn"
	assert erp.action_if_accumulated_monthly_budget_exceeded == "Warn"
	amounts = {row.account: row.budget_amount for row in erp.accounts}
	# 6134 = elevator + security; the reserve fund (class 1) is not an ERPNext budget line
	assert amounts == {
		acc(db, res.company, "6112"): 12000,
		acc(db, res.company, "6131"): 24000.02,
		acc(db, res.company, "6134"): 36000,
	}
	dist = db.get_doc("Monthly Distribution", erp.monthly_distribution)
	assert round(sum(p.percentage_allocation for p in dist.percentages), 2) == 100
	# a second budget for the same year is refused
	with pytest.raises(db.ValidationError, match="déjà un budget"):
		make_budget(db, res, submit=False)
	budget.close()
	assert db.db.get_value("Residence Budget", budget.name, "status") == "Closed"


def test_amended_budget_replaces_the_erpnext_budget(db, res):
	budget = make_budget(db, res)
	first = budget.erpnext_budget
	budget.cancel()
	assert db.db.get_value("Budget", first, "docstatus") == 2
	amended = db.copy_doc(budget, ignore_no_copy=False)
	amended.docstatus = 0
	amended.amended_from = budget.name
	amended.lines[0].amount = 15000
	amended.ag_date, amended.ag_reference = budget.ag_date, "PV AGE 2026-02"
	amended.insert()
	amended.submit()
	assert amended.name == f"{budget.name}-1"
	assert db.db.get_value("Budget", amended.erpnext_budget, "docstatus") == 1


def test_quarterly_call_issues_one_invoice_per_co_owner_exact_to_the_cent(db, res):
	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=1)
	# the quarter's share of each line (largest remainder over the year)
	amounts = {row.category: row.amount for row in call.lines}
	assert amounts == {
		"Common Area Electricity": 3000,
		"Cleaning": 6000.01,
		"Elevator": 1500,
		"Security": 7500,
		"Reserve Fund": 1000,
	}
	assert call.total_amount == 19000.01
	assert call.due_date == budget.year_start_date  # art. 24: 1st day of the quarter
	assert call.issue_status == "Completed"
	invoices = invoices_of(db, call.name)
	# 4 co-owners x (current + works) = 8 invoices
	assert len(invoices) == call.invoice_count == call.invoices_issued == 8
	assert round(sum(i.grand_total for i in invoices), 2) == 19000.01
	receivable, works = acc(db, res.company, "3421"), acc(db, res.company, "3423")
	assert {i.debit_to for i in invoices} == {receivable, works}
	assert round(sum(i.grand_total for i in invoices if i.debit_to == works), 2) == 1000
	# unit A3 (200/1000, co-owner 1): current lines only from the general key
	items = db.get_all(
		"Sales Invoice Item",
		filters={"parent": ("in", [i.name for i in invoices]), "syndic_unit": res.units["A3"]},
		fields=["syndic_category", "amount", "income_account"],
	)
	by_cat = {i.syndic_category: i.amount for i in items}
	assert by_cat == {"Common Area Electricity": 600, "Cleaning": 1200, "Security": 1500, "Reserve Fund": 200}
	assert {i.income_account for i in items} == {acc(db, res.company, "7111"), acc(db, res.company, "7112")}
	# the ledger: Dr 3421/3423, Cr 7111/7112 (décret 2.23.700 annex 2 art. 9)
	gl = db.db.sql(
		"""select account, sum(debit) d, sum(credit) c from `tabGL Entry`
		where voucher_type='Sales Invoice' and voucher_no in %s and is_cancelled=0 group by account""",
		(tuple(i.name for i in invoices),),
		as_dict=True,
	)
	ledger = {row.account: (round(row.d, 2), round(row.c, 2)) for row in gl}
	assert ledger == {
		receivable: (18000.01, 0),
		works: (1000, 0),
		acc(db, res.company, "7111"): (0, 18000.01),
		acc(db, res.company, "7112"): (0, 1000),
	}


def test_rerun_never_duplicates_and_a_period_is_called_once(db, res):
	from syndic_maroc.finance.invoicing import issue_invoices

	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=2)
	before = invoices_of(db, call.name)
	result = issue_invoices(call.name)
	assert result["created"] == 0 and result["issued"] == len(before)
	assert invoices_of(db, call.name) == before
	# one lost invoice (say the job died before it): the retry makes exactly that one
	lost = before[0]
	db.get_doc("Sales Invoice", lost.name).cancel()
	result = issue_invoices(call.name)
	assert result["created"] == 1
	after = invoices_of(db, call.name)
	assert len(after) == len(before)
	assert {i.syndic_idempotency_key for i in after} == {i.syndic_idempotency_key for i in before}
	with pytest.raises(db.ValidationError, match="déjà été appelée"):
		make_call(db, res, budget, period=2, submit=False)


def test_exceptional_works_call_and_cancel(db, res):
	fy = fiscal_year(db)
	call = db.get_doc(
		{
			"doctype": "Call for Funds",
			"residence": res.name,
			"source": "Exceptional",
			"posting_date": fy.year_start_date,
			"due_date": fy.year_start_date,
			"is_supplementary": 1,
			"lines": [{"category": "Works", "kind": "Works", "allocation_key": res.lift, "amount": 1000}],
		}
	).insert()
	call.submit()
	invoices = invoices_of(db, call.name)
	assert {i.debit_to for i in invoices} == {acc(db, res.company, "3423")}
	# lift key weights 1/1/1 over B1 (co-owner 2), B2+B3 (co-owner 3): 333.34 / 666.66
	assert sorted(i.grand_total for i in invoices) == [333.34, 666.66]
	call.reload()
	call.cancel()
	assert db.db.get_value("Call for Funds", call.name, "issue_status") == "Cancelled"
	assert not invoices_of(db, call.name)
	assert db.db.count("Sales Invoice", {"syndic_call_for_funds": call.name, "docstatus": 2}) == 2


def test_cancel_refused_once_paid(db, res):
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=3)
	invoice = invoices_of(db, call.name)[0]
	pe = get_payment_entry("Sales Invoice", invoice.name, party_amount=100)
	pe.reference_no, pe.reference_date = "VIR-1", budget.year_start_date
	pe.insert()
	pe.submit()
	call.reload()
	with pytest.raises(db.ValidationError, match="paiements"):
		call.cancel()


def test_unit_without_owner_stops_the_submit(db, res):
	unit = db.get_doc(
		{
			"doctype": "Unit",
			"residence": res.name,
			"unit_number": f"Z{uid()}",
			"unit_type": "Parking",
			"tantiemes": 1,
		}
	)
	unit.insert()
	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=4, submit=False)
	with pytest.raises(db.ValidationError, match="Lots sans copropriétaire"):
		call.submit()
	assert not db.db.exists("Sales Invoice", {"syndic_call_for_funds": call.name})


def test_a_call_shared_by_two_jobs_completes_once(db, res):
	from syndic_maroc.finance.invoicing import issue_invoices

	budget = make_budget(db, res)
	db.flags.syndic_issue_defer = True
	try:
		call = make_call(db, res, budget, period=1)
	finally:
		db.flags.syndic_issue_defer = False
	assert call.issue_status == "Queued" and not invoices_of(db, call.name)
	first = issue_invoices(call.name, chunk=0, chunks=2)
	assert first["created"] == 4
	assert db.db.get_value("Call for Funds", call.name, "issue_status") == "In Progress"
	second = issue_invoices(call.name, chunk=1, chunks=2)
	assert second["created"] == 4 and second["issued"] == 8
	assert db.db.get_value("Call for Funds", call.name, ["issue_status", "invoices_issued"]) == (
		"Completed",
		8,
	)

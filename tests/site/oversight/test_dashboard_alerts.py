"""The Syndic dashboard and its alerts on a real site: every figure equals the ledger's (computed
here with our own SQL), the cards answer for the résidences the user may read only, and each
alert fires once at its threshold, not again while it holds, and again after a new crossing."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import acc, make_budget, make_call, uid

res = helpers.res  # the résidence fixture of finance.helpers (module scope)

pytestmark = pytest.mark.site


def supplier_invoice(frappe, res, number, amount, posting_date):
	group = frappe.db.get_value("Supplier Group", {"is_group": 0}, "name")
	party = frappe.get_doc(
		{"doctype": "Supplier", "supplier_name": f"Prestataire {uid()}", "supplier_group": group}
	).insert()
	uom = "Nos" if frappe.db.exists("UOM", "Nos") else frappe.db.get_value("UOM", {}, "name")
	cost_center = frappe.db.get_value("Residence", res.name, "cost_center")
	pi = frappe.get_doc(
		{
			"doctype": "Purchase Invoice",
			"company": res.company,
			"supplier": party.name,
			"bill_no": f"F-{uid()}",
			"set_posting_time": 1,
			"posting_date": posting_date,
			"due_date": posting_date,
			"cost_center": cost_center,
			"disable_rounded_total": 1,
			"items": [
				{
					"item_name": f"Charge {number}",
					"qty": 1,
					"rate": amount,
					"uom": uom,
					"stock_uom": uom,
					"conversion_factor": 1,
					"expense_account": acc(frappe, res.company, number),
					"cost_center": cost_center,
				}
			],
		}
	).insert()
	pi.submit()
	return pi


@pytest.fixture
def books(db, res):
	from syndic_maroc.finance.collections import record_payment

	today = db.utils.getdate()
	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=1)
	record_payment(
		res.name, res.owners[0], 500, "Bank Transfer", posting_date=call.due_date, reference_no=f"V{uid()}"
	)
	supplier_invoice(db, res, "6112", 9700, today)  # electricity: 9,700 of 12,000 = 80.8 %
	return db._dict(budget=budget, call=call, today=today)


def ledger_collection(frappe, residence, start, end):
	called, outstanding = frappe.db.sql(
		"""select sum(grand_total), sum(outstanding_amount) from `tabSales Invoice`
		where syndic_residence=%s and docstatus=1 and is_return=0 and posting_date between %s and %s""",
		(residence, start, end),
	)[0]
	return float(called or 0), float(called or 0) - float(outstanding or 0)


def test_every_figure_equals_the_ledger(db, res, books):
	from syndic_maroc.api import oversight as api
	from syndic_maroc.oversight import charts, figures

	today = books.today
	called, collected = ledger_collection(db, res.name, figures.period_start("year", today), today)
	assert called > 0 and 0 < collected < called
	year = figures.collection([res.name], figures.period_start("year", today), today)
	assert round(year.called, 2) == round(called, 2) and round(year.collected, 2) == round(collected, 2)
	card = api.card_collection_rate_year({"residence": res.name})
	assert card["fieldtype"] == "Percent" and round(card["value"], 6) == round(collected / called * 100, 6)

	overdue = db.db.sql(
		"""select coalesce(sum(outstanding_amount), 0) from `tabSales Invoice`
		where syndic_residence=%s and docstatus=1 and outstanding_amount > 0 and due_date < %s""",
		(res.name, today),
	)[0][0]
	assert api.card_arrears({"residence": res.name})["value"] == round(float(overdue), 2)
	buckets = charts.arrears_ageing({"residence": res.name})["datasets"][0]["values"]
	assert round(sum(buckets), 2) == round(float(overdue), 2)

	bank = db.db.sql(
		"""select coalesce(sum(g.debit - g.credit), 0) from `tabGL Entry` g join `tabAccount` a on a.name = g.account
		where g.company=%s and g.is_cancelled=0 and a.account_type='Bank' and g.posting_date <= %s""",
		(res.company, today),
	)[0][0]
	planned = (Decimal(str(sum(line.amount for line in books.budget.lines))) / 4).quantize(
		Decimal("0.01"), rounding=ROUND_HALF_UP
	)
	assert float(bank) == 500
	margin = api.card_bank_cover({"residence": res.name})["value"]
	assert round(margin, 2) == float(Decimal(str(bank)) - planned)

	chart = charts.budget_consumption({"residence": res.name})
	spent = dict(zip(chart["labels"], chart["datasets"][1]["values"], strict=True))
	assert 9700 in spent.values()

	doc = db.get_doc(
		{"doctype": "Incoming Document", "residence": res.name, "company": res.company, "status": "To Review"}
	)
	doc.flags.ignore_mandatory = True
	doc.db_insert()
	assert api.card_incoming_to_review({"residence": res.name})["value"] == db.db.count(
		"Incoming Document", {"residence": res.name, "status": ("in", ["To Review", "Extracted"])}
	)


def test_cards_answer_for_the_residences_the_user_may_read(db, res, books):
	from syndic_maroc.api import oversight as api
	from syndic_maroc.oversight import figures

	others = [r for r in db.get_all("Residence", pluck="name") if r != res.name]
	email = f"acc.{uid().lower()}@example.ma"
	user = db.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Comptable",
			"send_welcome_email": 0,
			"roles": [{"role": "Syndic Accountant"}],
		}
	).insert()
	db.get_doc(
		{"doctype": "User Permission", "user": user.name, "allow": "Residence", "for_value": res.name}
	).insert()
	assert figures.visible_residences(user.name) == [res.name]
	db.set_user(user.name)
	try:
		mine = api.card_arrears({})["value"]
		assert mine == api.card_arrears({"residence": res.name})["value"] > 0
		if others:  # naming another résidence gives nothing, not its figures
			assert api.card_arrears({"residence": others[0]})["value"] == 0
	finally:
		db.set_user("Administrator")


def test_each_alert_fires_once_per_crossing(db, res, books):
	from syndic_maroc.core.oversight import alerts as core
	from syndic_maroc.oversight.alerts import check_residence, in_language, message

	manager = db.get_doc(
		{
			"doctype": "User",
			"email": f"syndic.{uid().lower()}@example.ma",
			"first_name": "Syndic",
			"language": "ar",
			"send_welcome_email": 0,
			"roles": [{"role": "Syndic Manager"}],
		}
	).insert()
	db.db.set_value(
		"Residence",
		res.name,
		{
			"syndic_alert_budget_thresholds": "80,100,120",
			"syndic_alert_arrears_amount": 100,
			"syndic_alert_arrears_days": 0,
			"syndic_alert_bank_cover": 1,
		},
	)
	fired = check_residence(res.name, books.today)
	alerts = db.get_all(
		"Oversight Alert", filters={"residence": res.name}, fields=["kind", "subject", "threshold", "status"]
	)
	budget = [(a.subject, a.threshold) for a in alerts if a.kind == "Budget"]
	assert budget == [("6112", "80%")]  # 80.8 %: the 80 % threshold only
	debtors = {a.subject for a in alerts if a.kind == "Arrears Amount"}
	owing = {
		row.co_owner
		for row in db.get_all(
			"Co-owner", filters={"name": ("in", res.owners)}, fields=["name as co_owner", "customer"]
		)
		if (
			db.db.sql(
				"""select sum(outstanding_amount) from `tabSales Invoice`
				where customer=%s and syndic_residence=%s and docstatus=1 and due_date < %s""",
				(row.customer, res.name, books.today),
			)[0][0]
			or 0
		)
		> 100
	}
	assert debtors == owing and res.owners[1] in debtors
	assert [a.kind for a in alerts if a.kind == "Bank Cover"] == [
		"Bank Cover"
	]  # 500 < a quarter of the budget
	logs = db.get_all(
		"Notification Log",
		filters={"for_user": manager.name, "document_type": "Oversight Alert"},
		pluck="subject",
	)
	assert len(logs) == len(fired) == len(alerts)
	# written in his language (Arabic): the same text as the message rendered under "ar"
	with in_language("ar"):
		assert db._("Residence") != "Residence"  # the language really switched
		expected = {
			message(res.name, core.Alert(a.kind, a.subject, a.threshold, Decimal(str(a.value))))
			for a in db.get_all("Oversight Alert", filters={"residence": res.name}, fields=["*"])
		}
	assert set(logs) == expected

	# the next day, nothing new: each alert fired once
	assert check_residence(res.name, books.today) == []
	assert db.db.count(
		"Notification Log", {"for_user": manager.name, "document_type": "Oversight Alert"}
	) == len(logs)

	# the arrears threshold raised above every debt: cleared; lowered again: a new crossing fires
	db.db.set_value("Residence", res.name, "syndic_alert_arrears_amount", 10**9)
	assert check_residence(res.name, books.today) == []
	assert not db.db.count(
		"Oversight Alert", {"residence": res.name, "kind": "Arrears Amount", "status": "Open"}
	)
	db.db.set_value("Residence", res.name, "syndic_alert_arrears_amount", 100)
	again = check_residence(res.name, books.today)
	assert len(again) == len(debtors)


def test_the_syndic_workspace_carries_the_dashboard(db):
	"""The standard cards and charts are installed, on the workspace and the Syndic dashboard,
	and every card's and chart's method answers."""
	workspace = db.get_doc("Workspace", "Syndic")
	dashboard = db.get_doc("Dashboard", "Syndic")
	cards = db.get_all("Number Card", filters={"module": "Oversight"}, fields=["name", "type", "method"])
	assert len(cards) == 5 and {c.type for c in cards} == {"Custom"}
	assert {c.number_card_name for c in workspace.number_cards} == {c.name for c in cards}
	assert {c.card for c in dashboard.cards} == {c.name for c in cards}
	for card in cards:
		answer = db.get_attr(card.method)(filters="{}")
		assert set(answer) == {"value", "fieldtype"}
	charts = db.get_all("Dashboard Chart", filters={"module": "Oversight"}, fields=["name", "source"])
	assert (
		{c.chart_name for c in workspace.charts}
		== {c.name for c in charts}
		== {c.chart for c in dashboard.charts}
	)
	for chart in charts:
		config = db.get_attr("frappe.desk.doctype.dashboard_chart_source.dashboard_chart_source.get_config")(
			chart.source
		)
		method = config.split('method: "')[1].split('"')[0]
		data = db.get_attr(method)(chart_name=chart.name, filters="{}")
		assert "labels" in data and data["datasets"]

"""The demo loader on a real site: résidences with their own companies, units, co-owners → customers,
and their books of the current fiscal year (budget, calls, payments, supplier invoices, reminders).

`load()` commits (it is the installer's and `bench syndic-demo`'s entry point), so these tests
leave the demo data on the site, which is where the installer puts it anyway.
"""

import pytest
from syndic_maroc.demo import data as demo_data

from tests.site.finance.helpers import fiscal_year

pytestmark = pytest.mark.site

DATA = demo_data.build()


def _counts(frappe):
	return {
		doctype: frappe.db.count(doctype)
		for doctype in (
			"Residence",
			"Building",
			"Unit",
			"Unit Ownership",
			"Co-owner",
			"Customer",
			"Contact",
			"Allocation Key",
			"Allocation Key Unit",
			"Supplier",
			"Company",
			"Account",
			"Address",
			"Fiscal Year",
			"Residence Budget",
			"Budget",
			"Call for Funds",
			"Sales Invoice",
			"Payment Entry",
			"Purchase Invoice",
			"Dunning",
			"GL Entry",
			"Payment Ledger Entry",
		)
	}


@pytest.fixture(scope="module")
def loaded(site):
	from syndic_maroc.demo.loader import load

	return load(verbose=False)


def _residence(frappe, name):
	return frappe.get_doc("Residence", name)


def test_casablanca_has_its_own_company_and_chart(db, loaded):
	res = _residence(db, demo_data.CASA)
	assert res.company and db.db.exists("Company", res.company)
	company = db.get_doc("Company", res.company)
	assert company.default_currency == "MAD"
	assert company.country == "Morocco"
	assert db.db.get_value("Account", {"company": res.company, "account_number": "5121"})
	assert res.default_bank_account and res.cost_center
	assert res.city == "Casablanca" and res.total_tantiemes == 10000
	assert res.rib and len(res.rib) == 24


def test_casablanca_units_and_tantiemes(db, loaded):
	units = db.get_all(
		"Unit", filters={"residence": demo_data.CASA}, fields=["name", "tantiemes", "unit_type", "co_owner"]
	)
	assert 55 <= len(units) <= 65
	assert sum(u.tantiemes for u in units) == 10000
	assert db.db.get_value("Residence", demo_data.CASA, "allocated_tantiemes") == 10000
	assert {u.unit_type for u in units} >= {"Apartment", "Commercial", "Parking"}
	assert all(u.co_owner for u in units)
	buildings = db.get_all("Building", filters={"residence": demo_data.CASA}, pluck="building_code")
	assert sorted(buildings) == ["A", "B"]


def test_marrakech_base_1000(db, loaded):
	units = db.get_all("Unit", filters={"residence": demo_data.MARRAKECH}, pluck="tantiemes")
	assert len(units) == 12 and sum(units) == 1000
	assert db.db.get_value("Residence", demo_data.MARRAKECH, "total_tantiemes") == 1000


def test_two_residences_two_companies(db, loaded):
	companies = [db.db.get_value("Residence", r["residence_name"], "company") for r in DATA["residences"]]
	assert all(companies) and len(set(companies)) == 2
	for company in companies:
		assert db.db.get_value("Company", company, "default_currency") == "MAD"


def test_every_co_owner_has_a_customer_and_contact(db, loaded):
	from syndic_maroc.demo.loader import co_owner_name

	for row in DATA["co_owners"]:
		name = co_owner_name(row)
		assert name, row["full_name"]
		co_owner = db.get_doc("Co-owner", name)
		assert co_owner.customer and db.db.exists("Customer", co_owner.customer), row["full_name"]
		assert co_owner.contact and db.db.exists("Contact", co_owner.contact), row["full_name"]
		assert co_owner.full_name == row["full_name"]
	mre = db.get_all(
		"Co-owner",
		filters={"is_mre": 1, "cin": ["in", [c["cin"] for c in DATA["co_owners"] if c["cin"]]]},
		fields=["country", "phone"],
	)
	assert len(mre) >= 4 and all(m.country != "Morocco" and not m.phone.startswith("+212") for m in mre)


def test_co_owner_with_several_units_and_residences(db, loaded):
	rows = db.db.sql(
		"""select co_owner, count(*) as n, count(distinct residence) as residences
		from `tabUnit` where residence in %s group by co_owner""",
		([demo_data.CASA, demo_data.MARRAKECH],),
		as_dict=True,
	)
	assert any(r.n > 1 for r in rows)
	assert any(r.residences == 2 for r in rows)


def test_allocation_keys(db, loaded):
	general = db.get_all(
		"Allocation Key", filters={"residence": demo_data.CASA, "is_general": 1}, pluck="name"
	)
	assert len(general) == 1
	key = db.get_doc("Allocation Key", general[0])
	assert len(key.units) == db.db.count("Unit", {"residence": demo_data.CASA})
	lift = db.get_doc("Allocation Key", {"residence": demo_data.CASA, "key_name": "Ascenseur bâtiment A"})
	assert lift.basis == "Tantiemes"
	lift_units = [
		db.db.get_value("Unit", row.unit, ["building", "unit_type"], as_dict=True) for row in lift.units
	]
	assert lift_units and all(u.unit_type == "Apartment" for u in lift_units)
	assert {db.db.get_value("Building", u.building, "building_code") for u in lift_units} == {"A"}
	parking = db.get_doc("Allocation Key", {"residence": demo_data.CASA, "key_name": "Parking"})
	assert parking.basis == "Equal"
	assert len(parking.units) == db.db.count("Unit", {"residence": demo_data.CASA, "unit_type": "Parking"})
	assert len({row.weight for row in parking.units}) == 1


def test_transfers_are_in_the_history(db, loaded):
	from syndic_maroc.demo.loader import unit_name

	for transfer in DATA["transfers"]:
		unit = db.get_doc("Unit", unit_name(transfer["residence"], transfer["unit_number"]))
		assert len(unit.ownership_history) == 2
		first, second = sorted(unit.ownership_history, key=lambda r: str(r.from_date))
		assert first.to_date and not second.to_date
		assert str(second.from_date) == transfer["date"]
		assert second.co_owner == unit.co_owner


def test_suppliers(db, loaded):
	for row in DATA["suppliers"]:
		name = db.db.get_value("Supplier", {"supplier_name": row["supplier_name"]})
		assert name, row["supplier_name"]
		supplier = db.get_doc("Supplier", name)
		assert supplier.service_category == row["service_category"]
		assert supplier.supplier_ice == row["supplier_ice"]
		assert supplier.supplier_rib == row["supplier_rib"]
		assert sorted(r.residence for r in supplier.served_residences) == sorted(row["served_residences"])
		address = db.db.get_value(
			"Dynamic Link", {"parenttype": "Address", "link_doctype": "Supplier", "link_name": name}, "parent"
		)
		assert address and db.db.get_value("Address", address, "city") == row["city"]


def test_loading_twice_changes_nothing(db, loaded):
	from syndic_maroc.demo.loader import load

	before = _counts(db)
	summary = load(verbose=False)
	assert summary["created"] == {}
	assert _counts(db) == before


def test_reset_refuses_when_the_books_have_entries(db, loaded):
	"""A demo company with a ledger entry is never deleted: reset stops before touching anything."""
	from syndic_maroc.demo.loader import load

	res = _residence(db, demo_data.CASA)
	income = db.db.get_value("Account", {"company": res.company, "account_number": "7111", "is_group": 0})
	assert income, "account 7111 missing from the syndicat chart"
	je = db.get_doc(
		{
			"doctype": "Journal Entry",
			"company": res.company,
			"posting_date": db.utils.today(),
			"accounts": [
				{
					"account": res.default_bank_account,
					"debit_in_account_currency": 100,
					"cost_center": res.cost_center,
				},
				{"account": income, "credit_in_account_currency": 100, "cost_center": res.cost_center},
			],
		}
	)
	je.insert()
	je.submit()
	calls = db.db.count("Call for Funds", {"residence": demo_data.CASA, "docstatus": 1})
	entries = db.db.count("GL Entry", {"company": res.company, "is_cancelled": 0})
	with pytest.raises(db.ValidationError, match="écritures comptables"):
		load(reset=True, verbose=False)
	# load() rolled the failed reset back (and with it the journal entry): nothing was deleted
	assert db.db.exists("Residence", demo_data.CASA)
	assert not db.db.exists("Journal Entry", je.name)
	assert db.db.count("Unit", {"residence": demo_data.CASA}) == len(
		[u for u in DATA["units"] if u["residence"] == demo_data.CASA]
	)
	# nor were the demo books (reset removes them only once nothing else is booked)
	assert db.db.count("Call for Funds", {"residence": demo_data.CASA, "docstatus": 1}) == calls
	assert db.db.count("GL Entry", {"company": res.company, "is_cancelled": 0}) == entries - len(je.accounts)


# --- books -----------------------------------------------------------------------------------


def _budget(frappe, residence):
	fy = fiscal_year(frappe)
	names = frappe.get_all(
		"Residence Budget",
		filters={"residence": residence, "fiscal_year": fy.name, "docstatus": ("<", 2)},
		pluck="name",
	)
	assert len(names) == 1, names
	return frappe.get_doc("Residence Budget", names[0])


def _companies(frappe):
	return [frappe.db.get_value("Residence", r["residence_name"], "company") for r in DATA["residences"]]


def test_books_loaded(loaded):
	books = loaded["books"]
	assert books and books["fiscal_year"] and not books["skipped"]
	assert [r["residence"] for r in books["residences"]] == [demo_data.CASA, demo_data.MARRAKECH]


@pytest.mark.parametrize("residence", [demo_data.CASA, demo_data.MARRAKECH])
def test_one_approved_budget_per_residence(db, loaded, residence):
	budget = _budget(db, residence)
	assert budget.docstatus == 1 and budget.status == "Approved"
	assert budget.call_frequency == "Quarterly" and budget.ag_date and budget.ag_reference
	assert 150_000 <= budget.total_amount <= 400_000
	assert budget.erpnext_budget and db.db.get_value("Budget", budget.erpnext_budget, "docstatus") == 1
	general = db.db.get_value("Allocation Key", {"residence": residence, "is_general": 1})
	assert general in {row.allocation_key for row in budget.lines}
	if residence == demo_data.CASA:  # the résidence's specific keys are used too
		keys = {db.db.get_value("Allocation Key", row.allocation_key, "key_name") for row in budget.lines}
		assert {"Ascenseur bâtiment A", "Ascenseur bâtiment B", "Parking"} <= keys
		assert "Works" in {row.kind for row in budget.lines}


@pytest.mark.parametrize("residence", [demo_data.CASA, demo_data.MARRAKECH])
def test_a_completed_call_per_quarter_started(db, loaded, residence):
	budget = _budget(db, residence)
	today = db.utils.getdate()
	started = [p for p in budget.get_periods() if p.start <= today]
	assert 1 <= len(started) <= 4
	calls = db.get_all(
		"Call for Funds",
		filters={"residence_budget": budget.name, "docstatus": 1},
		fields=["name", "period_index", "posting_date", "issue_status", "invoice_count", "invoices_issued"],
		order_by="period_index asc",
	)
	assert [c.period_index for c in calls] == [p.index for p in started]
	co_owners = len(
		{u.co_owner for u in db.get_all("Unit", filters={"residence": residence}, fields=["co_owner"])}
	)
	for call, period in zip(calls, started, strict=True):
		assert call.issue_status == "Completed", call.name
		assert db.utils.getdate(call.posting_date) == period.start
		issued = db.db.count("Sales Invoice", {"syndic_call_for_funds": call.name, "docstatus": 1})
		assert issued == call.invoice_count == call.invoices_issued >= co_owners


@pytest.mark.parametrize("residence", [demo_data.CASA, demo_data.MARRAKECH])
def test_payments_mixed_and_never_after_today(db, loaded, residence):
	company, abbr = db.db.get_value("Residence", residence, ["company", "abbr"])
	payments = db.get_all(
		"Payment Entry",
		filters={
			"company": company,
			"docstatus": 1,
			"reference_no": ("like", f"DEMO-{abbr}-{fiscal_year(db).name}-%"),
		},
		fields=["posting_date", "syndic_payment_mode", "syndic_cheque_bank", "reference_no", "paid_from"],
	)
	today = db.utils.getdate()
	assert all(db.utils.getdate(p.posting_date) <= today for p in payments)
	assert all(p.syndic_cheque_bank for p in payments if p.syndic_payment_mode == "Cheque")
	calls = db.db.count("Call for Funds", {"residence": residence, "docstatus": 1})
	if db.utils.date_diff(today, fiscal_year(db).year_start_date) < 30:
		return  # the first days of the year: few payments yet
	assert len({p.syndic_payment_mode for p in payments}) >= 2
	# some co-owners paid nothing, some in part: the first call is not fully paid
	invoices = db.get_all(
		"Sales Invoice",
		filters={"syndic_residence": residence, "docstatus": 1},
		fields=["grand_total", "outstanding_amount"],
	)
	assert any(i.outstanding_amount == i.grand_total for i in invoices)
	assert any(0 < i.outstanding_amount < i.grand_total for i in invoices)
	assert any(i.outstanding_amount == 0 for i in invoices)
	# one co-owner paid ahead: an advance on 4421, applied to the next call once it exists
	advances = [p for p in payments if p.paid_from.startswith("4421")]
	assert len(advances) == 1
	if calls >= 2:
		applied = db.db.sql(
			"""select sum(r.allocated_amount) from `tabPayment Entry Reference` r
			join `tabPayment Entry` pe on pe.name = r.parent
			where pe.company=%s and pe.docstatus=1 and pe.paid_from like '4421%%'""",
			company,
		)[0][0]
		assert applied and applied > 0


@pytest.mark.parametrize("company_index", [0, 1])
def test_trial_balance_balances(db, loaded, company_index):
	company = _companies(db)[company_index]
	debit, credit, entries = db.db.sql(
		"""select sum(debit), sum(credit), count(*) from `tabGL Entry` where company=%s and is_cancelled=0""",
		company,
	)[0]
	assert entries > 0
	assert round(debit, 2) == round(credit, 2)


@pytest.mark.parametrize("company_index", [0, 1])
def test_receivables_match_the_invoices(db, loaded, company_index):
	"""3421 / 3423 per co-owner = their calls - what was allocated to them = outstanding amounts."""
	company = _companies(db)[company_index]
	ledger = {
		(row.party, row.number): round(row.balance, 2)
		for row in db.db.sql(
			"""select gle.party, a.account_number as number, sum(gle.debit - gle.credit) as balance
			from `tabGL Entry` gle join `tabAccount` a on a.name = gle.account
			where gle.company=%s and gle.is_cancelled=0 and a.account_number in ('3421', '3423')
			group by gle.party, a.account_number""",
			company,
			as_dict=True,
		)
	}
	invoices = db.get_all(
		"Sales Invoice",
		filters={"company": company, "docstatus": 1},
		fields=["name", "customer", "debit_to", "grand_total", "outstanding_amount"],
	)
	allocated = {
		row.reference_name: row.amount
		for row in db.db.sql(
			"""select r.reference_name, sum(r.allocated_amount) as amount
			from `tabPayment Entry Reference` r join `tabPayment Entry` pe on pe.name = r.parent
			where pe.company=%s and pe.docstatus=1 and r.reference_doctype='Sales Invoice'
			group by r.reference_name""",
			company,
			as_dict=True,
		)
	}
	expected: dict = {}
	for inv in invoices:
		number = db.db.get_value("Account", inv.debit_to, "account_number")
		key = (inv.customer, number)
		owed = round(inv.grand_total - allocated.get(inv.name, 0), 2)
		assert owed == round(inv.outstanding_amount, 2), inv.name
		expected[key] = round(expected.get(key, 0) + inv.outstanding_amount, 2)
	assert {key for key, value in ledger.items() if value} == {
		key for key, value in expected.items() if value
	}
	for key, value in expected.items():
		assert ledger.get(key, 0) == value, key
	assert sum(expected.values()) > 0


def test_supplier_invoices_show_in_budget_vs_actual(db, loaded):
	from syndic_maroc.finance.report.budget_vs_actual_by_category.budget_vs_actual_by_category import (
		execute,
	)

	fy = fiscal_year(db)
	company, abbr = db.db.get_value("Residence", demo_data.CASA, ["company", "abbr"])
	bills = db.get_all(
		"Purchase Invoice",
		filters={"company": company, "docstatus": 1, "bill_no": ("like", f"DEMO-{abbr}-{fy.name}-%")},
		fields=["supplier", "grand_total"],
	)
	assert bills and all(b.grand_total > 0 for b in bills)
	served = db.db.sql(
		"""select parent from `tabSupplier Residence` where parenttype='Supplier' and residence=%s""",
		demo_data.CASA,
		pluck=True,
	)
	assert {b.supplier for b in bills} <= set(served)
	_columns, data, *_rest = execute({"residence": demo_data.CASA, "fiscal_year": fy.name})
	rows = {row["key"]: row for row in data}
	for number in ("6111", "6112", "6131", "6134"):
		assert rows[number]["actual"] > 0, number
	assert rows["total"]["budget"] == _budget(db, demo_data.CASA).total_amount
	assert rows["total"]["actual"] == round(sum(b.grand_total for b in bills), 2)


def test_reminders_are_not_due_twice(db, loaded):
	from syndic_maroc.finance.reminders import create_due_dunnings

	for residence in (demo_data.CASA, demo_data.MARRAKECH):
		assert create_due_dunnings(residence, db.utils.getdate(), send_email=False) == []

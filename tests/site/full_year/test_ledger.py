"""Full year: the trial balance of each résidence balances and matches ERPNext's, the two résidences
never share an entry; the scenario's figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.site.full_year.year import (
	CASA,
	MARRAKECH,
	WORKS_CATEGORIES,
	cents,
	gl_balance,
)

pytestmark = [pytest.mark.site, pytest.mark.slow]


def test_trial_balance_of_each_residence_balances_and_matches_erpnext(year):
	from erpnext.accounts.report.trial_balance.trial_balance import execute

	frappe = year.frappe
	for abbr, res in year.res.items():
		debit, credit = gl_balance(frappe, res.company, debit_credit=True)
		assert debit == credit > 0, (abbr, debit, credit)
		_columns, data = execute(
			frappe._dict(
				company=res.company,
				fiscal_year=year.fy.name,
				from_date=year.fy.year_start_date,
				to_date=year.fy.year_end_date,
				show_zero_values=0,
			)
		)
		total = next(row for row in data if row and row.get("account") and "Total" in str(row["account"]))
		assert (cents(total["debit"]), cents(total["credit"])) == (debit, credit)
		assert cents(total["closing_debit"]) == cents(total["closing_credit"])
		# every leaf account of the report shows its ledger balance
		balances = dict(
			frappe.db.sql(
				"""select account, sum(debit) - sum(credit) from `tabGL Entry`
				where company = %s and is_cancelled = 0 group by account""",
				res.company,
			)
		)
		leaves = {row["account"]: row for row in data if row and row.get("account") in balances}
		assert set(leaves) == set(balances)
		for account, row in leaves.items():
			closing = cents(row["closing_debit"]) - cents(row["closing_credit"])
			assert closing == cents(balances[account]), account

		# the ledger tells the year from the inputs
		book = year.book
		works_called = sum(
			cents(row.amount)
			for q in range(1, 5)
			for row in year.calls[abbr, q].lines
			if row.category in WORKS_CATEGORIES
		)
		assert gl_balance(frappe, res.company, ["7111"]) == -(book.total_called(abbr) - works_called)
		assert gl_balance(frappe, res.company, ["7112"]) == -works_called
		received = sum((p[3] for p in book.payments if p[0] == abbr), Decimal(0))
		cash = sum((p[3] for p in book.payments if p[0] == abbr and p[4] == "Cash"), Decimal(0))
		supplier_paid = sum((amount for _pe, amount in res.get("supplier_payments", [])), Decimal(0))
		assert gl_balance(frappe, res.company, ["5161"]) == cash
		assert gl_balance(frappe, res.company, ["5121"]) == received - cash - supplier_paid
		for _pi, amount, number in res.get("purchases", []):
			assert gl_balance(frappe, res.company, [number]) == amount
		purchased = sum((amount for _pi, amount, _n in res.get("purchases", [])), Decimal(0))
		assert gl_balance(frappe, res.company, ["4411"]) == -(purchased - supplier_paid)


def test_the_two_residences_never_share_an_entry(year):
	from syndic_maroc.finance.statements import quitus_check

	frappe = year.frappe
	company_of = {}

	def company_of_voucher(doctype, name):
		if (doctype, name) not in company_of:
			company_of[doctype, name] = frappe.db.get_value(doctype, name, "company")
		return company_of[doctype, name]

	for res in year.res.values():
		company = res.company
		accounts = set(frappe.get_all("Account", filters={"company": company}, pluck="name"))
		cost_centers = set(frappe.get_all("Cost Center", filters={"company": company}, pluck="name"))
		customers = set(res.customers.values())
		units = set(res.units)
		gl = frappe.get_all(
			"GL Entry",
			filters={"company": company, "is_cancelled": 0},
			fields=[
				"account",
				"cost_center",
				"party_type",
				"party",
				"voucher_type",
				"voucher_no",
				"against_voucher",
			],
		)
		assert gl
		for row in gl:
			assert row.account in accounts, row
			assert not row.cost_center or row.cost_center in cost_centers, row
			assert company_of_voucher(row.voucher_type, row.voucher_no) == company, row
			if row.party_type == "Customer":
				assert row.party in customers, row
		ple = frappe.get_all(
			"Payment Ledger Entry",
			filters={"company": company, "delinked": 0},
			fields=[
				"account",
				"party",
				"voucher_type",
				"voucher_no",
				"against_voucher_type",
				"against_voucher_no",
			],
		)
		assert ple
		for row in ple:
			assert row.account in accounts, row
			assert company_of_voucher(row.voucher_type, row.voucher_no) == company, row
			assert company_of_voucher(row.against_voucher_type, row.against_voucher_no) == company, row
		for si in frappe.get_all(
			"Sales Invoice",
			filters={"company": company},
			fields=["name", "syndic_residence", "debit_to", "customer", "cost_center"],
		):
			assert si.syndic_residence == res.name, si
			assert si.debit_to in accounts and si.customer in customers, si
			for item in frappe.get_all(
				"Sales Invoice Item",
				filters={"parent": si.name},
				fields=["income_account", "cost_center", "syndic_unit"],
			):
				assert item.income_account in accounts and item.cost_center in cost_centers, item
				assert item.syndic_unit in units, item
		for pe in frappe.get_all(
			"Payment Entry",
			filters={"company": company},
			fields=["name", "paid_from", "paid_to", "party_type", "party", "syndic_residence"],
		):
			assert pe.paid_from in accounts and pe.paid_to in accounts, pe
			if pe.party_type == "Customer":
				assert pe.syndic_residence == res.name and pe.party in customers, pe
			for ref in frappe.get_all(
				"Payment Entry Reference",
				filters={"parent": pe.name},
				fields=["reference_doctype", "reference_name"],
			):
				assert company_of_voucher(ref.reference_doctype, ref.reference_name) == company, ref
		for dunning in frappe.get_all(
			"Dunning", filters={"company": company}, fields=["name", "syndic_residence", "customer"]
		):
			assert dunning.syndic_residence == res.name and dunning.customer in customers, dunning
	# the co-owner of both résidences: two accounts, one in each company, that never mix
	casa, marrakech = year.res[CASA], year.res[MARRAKECH]
	shared = set(casa.customers) & set(marrakech.customers)
	assert shared
	for owner in shared:
		customer = casa.customers[owner]
		assert customer == marrakech.customers[owner]
		for res, other in ((casa, marrakech), (marrakech, casa)):
			own = set(
				frappe.db.sql_list(
					"select voucher_no from `tabGL Entry` where party = %s and company = %s",
					(customer, res.company),
				)
			)
			theirs = set(
				frappe.db.sql_list(
					"select voucher_no from `tabGL Entry` where party = %s and company = %s",
					(customer, other.company),
				)
			)
			assert own and theirs and not own & theirs
	# the owner of V-03 is clear in Casablanca and owes in Marrakech: quitus here, not there
	owner = marrakech.owner_of["V-03"]
	end = year.fy.year_end_date
	assert owner in shared and year.book.owed(CASA, owner) == 0 < year.book.owed(MARRAKECH, owner)
	assert quitus_check(casa.name, owner, end).statement.closing == 0
	with pytest.raises(frappe.ValidationError, match="Solde débiteur"):
		quitus_check(marrakech.name, owner, end)


def test_print_figures(year):
	"""Not a check: the scenario's size and timings (pytest -s shows them)."""
	frappe = year.frappe
	counts = {
		doctype: frappe.db.count(doctype, {"company": ("in", [r.company for r in year.res.values()])})
		for doctype in ("Sales Invoice", "Payment Entry", "Dunning", "Purchase Invoice", "GL Entry")
	}
	print(
		f"\nfull year: {counts}, {year.daily_runs} daily runs, "
		+ ", ".join(f"{k} {v:.1f} s" for k, v in sorted(year.timings.items()))
	)
	assert counts["Sales Invoice"] > 0

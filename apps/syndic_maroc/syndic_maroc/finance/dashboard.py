"""Figures of the Residence and Co-owner forms' dashboards, read from the ERPNext ledger.

Residence: bank balance (GL of the company's Bank accounts up to today), arrears (outstanding
amount of its submitted calls, the part past its due date apart; finance.arrears) and the
consumption of this fiscal year's approved budget (budget vs actual, finance report).
Co-owner: his balance in each résidence where he owns or owned a lot (GL of his Customer on the
co-owner accounts of the résidence's company, finance.statements: > 0 he owes, < 0 an advance).
"""

import frappe
from frappe.utils import flt, getdate, nowdate

from syndic_maroc.finance.arrears import arrears
from syndic_maroc.finance.statements import co_owner_entries


def bank_balance(company: str, as_of=None) -> float:
	"""Debit - credit of the company's Bank accounts up to `as_of` (cancelled entries left out)."""
	value = frappe.db.sql(
		"""select sum(gle.debit - gle.credit) from `tabGL Entry` gle
		join `tabAccount` acc on acc.name = gle.account
		where gle.company = %(company)s and gle.is_cancelled = 0 and gle.posting_date <= %(as_of)s
			and acc.account_type = 'Bank' and acc.is_group = 0""",
		{"company": company, "as_of": getdate(as_of)},
	)
	return flt(value[0][0] if value else 0, 2)


def budget_consumption(residence: str) -> frappe._dict | None:
	"""This fiscal year's approved budget and what was spent (None without fiscal year or budget)."""
	from syndic_maroc.finance.report.budget_vs_actual_by_category.budget_vs_actual_by_category import (
		compute,
	)

	try:
		result = compute(residence)
	except frappe.ValidationError:
		# no fiscal year covering today, or a résidence without company yet
		frappe.clear_last_message()
		return None
	if not result.budget:
		return frappe._dict(fiscal_year=result.fiscal_year, budget=None, amount=0.0, actual=0.0, ratio=None)
	amount = flt(result.total["budget"], 2)
	actual = flt(result.total["actual"], 2)
	return frappe._dict(
		fiscal_year=result.fiscal_year,
		budget=result.budget,
		amount=amount,
		actual=actual,
		ratio=(actual / amount) if amount else None,
	)


def residence_figures(residence: str) -> dict:
	company = frappe.db.get_value("Residence", residence, "company")
	if not company:
		return {"residence": residence, "company": None}
	rows, total = arrears(residence, nowdate())
	budget = budget_consumption(residence)
	return {
		"residence": residence,
		"company": company,
		"currency": frappe.get_cached_value("Company", company, "default_currency"),
		"bank_balance": bank_balance(company),
		"outstanding": flt(total["total"], 2),
		"arrears": flt(total["overdue"], 2),
		"debtors": sum(1 for row in rows if row["overdue"] > 0),
		"budget": budget,
	}


def residences_of_co_owner(co_owner: str) -> list[str]:
	"""The résidences where `co_owner` owns, or owned, a lot."""
	return [
		row[0]
		for row in frappe.db.sql(
			"""select distinct u.residence from `tabUnit` u
			where u.co_owner = %(co_owner)s
				or exists(select 1 from `tabUnit Ownership` h where h.parenttype = 'Unit'
					and h.parent = u.name and h.co_owner = %(co_owner)s)
			order by u.residence""",
			{"co_owner": co_owner},
		)
	]


def co_owner_figures(co_owner: str) -> dict:
	customer = frappe.db.get_value("Co-owner", co_owner, "customer")
	rows = []
	for residence in residences_of_co_owner(co_owner):
		company = frappe.db.get_value("Residence", residence, "company")
		if not company or not customer:
			continue
		_accounts, entries = co_owner_entries(company, nowdate(), customer)
		rows.append(
			{
				"residence": residence,
				"currency": frappe.get_cached_value("Company", company, "default_currency"),
				"balance": flt(sum(flt(e.debit) - flt(e.credit) for e in entries), 2),
			}
		)
	return {
		"co_owner": co_owner,
		"customer": customer,
		"balance": flt(sum(row["balance"] for row in rows), 2),
		"residences": rows,
	}

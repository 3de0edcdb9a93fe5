# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt
"""Budget vs réalisé par catégorie of one résidence and fiscal year.

The budget is the approved Residence Budget of the year (voted by the AG, loi 18-00 art. 24;
annex 5 of décret 2.23.700); the actual is the ERPNext ledger: GL Entry debits - credits on the
category's account in the résidence's company within the year (cancelled entries and the
year-end Period Closing Voucher left out). Categories sharing one account (6134: elevator,
security, gardening contracts) make one row; spending on a class 6 account without budget line
is its own row. An overrun above 20 % is flagged (core.finance.reporting.budget_vs_actual).
ERPNext's own Budget Variance report gives the same per account and cost center.
"""

from datetime import date

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from syndic_maroc.core.finance.annual import PlannedLine, budget_by_category
from syndic_maroc.core.finance.reporting import OVERRUN_THRESHOLD
from syndic_maroc.registry.permissions import check_residence
from syndic_maroc.utils.errors import core_errors

CLOSING_VOUCHER = "Period Closing Voucher"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = get_columns()
	check_residence(filters.residence)  # raw SQL on the GL: Frappe applies no User Permission
	if not filters.residence:
		return columns, []
	result = compute(filters.residence, filters.fiscal_year, filters.to_date)
	data = [*result.rows, result.total]
	message = None
	if not result.budget:
		message = _(
			"No approved budget for residence {0} in fiscal year {1}: every expense shows as outside the budget."
		).format(frappe.bold(result.residence), result.fiscal_year)
	return columns, data, message, get_chart(result), get_summary(result)


def fiscal_year_of(company: str, fiscal_year: str | None = None) -> frappe._dict:
	"""The fiscal year `fiscal_year`, or the one of today for the company."""
	if not fiscal_year:
		from erpnext.accounts.utils import get_fiscal_year

		fiscal_year = get_fiscal_year(nowdate(), company=company, as_dict=True).name
	fy = frappe.db.get_value(
		"Fiscal Year", fiscal_year, ["name", "year_start_date", "year_end_date"], as_dict=True
	)
	if not fy:
		frappe.throw(_("Fiscal year not found: {0}").format(fiscal_year))
	return fy


def company_of(residence: str) -> str:
	if not residence or not frappe.db.exists("Residence", residence):
		frappe.throw(_("Residence not found: {0}").format(residence))
	company = frappe.db.get_value("Residence", residence, "company")
	if not company:
		frappe.throw(_("Residence {0} has no ERPNext company yet").format(frappe.bold(residence)))
	return company


def accounts_of(company: str) -> dict[str, frappe._dict]:
	"""{account name: row(account_number, account_name)} of the company's ledger accounts."""
	return {
		row.name: row
		for row in frappe.get_all(
			"Account",
			filters={"company": company, "is_group": 0},
			fields=["name", "account_number", "account_name"],
		)
	}


def net_movements(company: str, from_date: date, to_date: date) -> dict[str, float]:
	"""{account name: debit - credit} of the company's GL Entries in [from_date, to_date], without
	cancelled entries nor year-end closing vouchers."""
	return dict(
		frappe.db.sql(
			"""select account, sum(debit - credit) from `tabGL Entry`
			where company=%s and is_cancelled=0 and posting_date between %s and %s
				and voucher_type != %s
			group by account""",
			(company, from_date, to_date, CLOSING_VOUCHER),
		)
	)


def approved_budget(residence: str, fiscal_year: str) -> str | None:
	return frappe.db.get_value(
		"Residence Budget", {"residence": residence, "fiscal_year": fiscal_year, "docstatus": 1}, "name"
	)


def compute(residence: str, fiscal_year: str | None = None, to_date=None) -> frappe._dict:
	"""Budget vs actual rows (dicts ready for the report, the PDF and the workbook) and the total."""
	company = company_of(residence)
	fy = fiscal_year_of(company, fiscal_year)
	start, end = getdate(fy.year_start_date), getdate(fy.year_end_date)
	until = min(getdate(to_date), end) if to_date else end
	if until < start:
		frappe.throw(
			_("The end date {0} is before the start of fiscal year {1}").format(
				frappe.format(until, "Date"), fy.name
			)
		)
	budget = approved_budget(residence, fy.name)
	lines = (
		frappe.get_all(
			"Residence Budget Line",
			filters={"parent": budget, "parenttype": "Residence Budget"},
			fields=["category", "account", "amount"],
			order_by="idx asc",
		)
		if budget
		else []
	)
	accounts = accounts_of(company)
	by_number = {row.account_number: name for name, row in accounts.items() if row.account_number}
	number_of = {name: row.account_number for name, row in accounts.items() if row.account_number}
	actual = {
		number_of[name]: value
		for name, value in net_movements(company, start, until).items()
		if name in number_of
	}
	with core_errors():
		rows, total = budget_by_category(
			[PlannedLine(line.category, number_of.get(line.account), flt(line.amount, 2)) for line in lines],
			actual,
		)
	data = []
	for item in rows:
		account = by_number.get(item.account) if item.account else None
		if item.categories:
			label = " + ".join(_(category) for category in item.categories)
		else:  # spent on an account without budget line: "6135 - Petites réparations"
			name = accounts[account].account_name if account else None
			label = _("Outside budget: {0}").format(f"{item.account} - {name}" if name else item.account)
		data.append(_row(item.row, label, account, item.key))
	return frappe._dict(
		residence=residence,
		company=company,
		fiscal_year=fy.name,
		from_date=start,
		to_date=until,
		budget=budget,
		rows=data,
		total=_row(total, _("Total"), None, "total", bold=True),
	)


def _row(row, label: str, account: str | None, key: str, bold: bool = False) -> dict:
	ratio = row.variance_ratio
	return {
		"key": key,
		"category": label,
		"account": account,
		"budget": float(row.budget),
		"actual": float(row.actual),
		"variance": float(row.variance),
		"variance_pct": float(ratio * 100) if ratio is not None else None,
		"overrun": 1 if row.overrun else 0,
		"status": _("Overrun > {0} %").format(int(OVERRUN_THRESHOLD * 100)) if row.overrun else "",
		"bold": 1 if bold else 0,
	}


def get_chart(result: frappe._dict) -> dict | None:
	if not result.rows:
		return None
	return {
		"data": {
			"labels": [row["category"] for row in result.rows],
			"datasets": [
				{"name": _("Budget"), "values": [row["budget"] for row in result.rows]},
				{"name": _("Actual"), "values": [row["actual"] for row in result.rows]},
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
		"colors": ["#5e64ff", "#ff5858"],
	}


def get_summary(result: frappe._dict) -> list[dict]:
	total = result.total
	overruns = sum(row["overrun"] for row in result.rows)
	money = {"datatype": "Currency", "currency": "MAD"}
	return [
		dict(money, value=total["budget"], label=_("Budget"), indicator="Blue"),
		dict(money, value=total["actual"], label=_("Actual"), indicator="Blue"),
		dict(
			money,
			value=total["variance"],
			label=_("Variance"),
			indicator="Red" if total["variance"] > 0 else "Green",
		),
		{
			"value": overruns,
			"label": _("Overruns > {0} %").format(int(OVERRUN_THRESHOLD * 100)),
			"datatype": "Int",
			"indicator": "Red" if overruns else "Green",
		},
	]


def get_columns() -> list[dict]:
	money = {"fieldtype": "Currency", "options": "MAD", "width": 130}
	return [
		{"fieldname": "category", "label": _("Category"), "fieldtype": "Data", "width": 260},
		{
			"fieldname": "account",
			"label": _("Account"),
			"fieldtype": "Link",
			"options": "Account",
			"width": 220,
		},
		dict(money, fieldname="budget", label=_("Budget")),
		dict(money, fieldname="actual", label=_("Actual")),
		dict(money, fieldname="variance", label=_("Variance")),
		{"fieldname": "variance_pct", "label": _("Variance %"), "fieldtype": "Percent", "width": 90},
		{"fieldname": "status", "label": _("Alert"), "fieldtype": "Data", "width": 150},
		{"fieldname": "overrun", "label": _("Overrun"), "fieldtype": "Check", "hidden": 1},
	]

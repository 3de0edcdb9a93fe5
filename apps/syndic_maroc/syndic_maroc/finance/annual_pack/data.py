"""The annual pack's figures read from the ledger (grouped GL Entry queries) and ERPNext's own
Balance Sheet and General Ledger."""

from collections import defaultdict
from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import flt, getdate

from syndic_maroc.core.finance import annual as core_annual
from syndic_maroc.core.finance._common import add_years
from syndic_maroc.core.finance.chart import BANK, CASH
from syndic_maroc.core.finance.statements import LedgerRow
from syndic_maroc.finance.report.budget_vs_actual_by_category.budget_vs_actual_by_category import (
	CLOSING_VOUCHER,
)
from syndic_maroc.finance.statements import (
	co_owner_entries,
	ledger_row,
)
from syndic_maroc.utils.errors import core_errors

ROLES = ("Syndic Manager", "Syndic Accountant", "System Manager")
TREASURY = (BANK, CASH)


def check_access(residence: str) -> None:
	frappe.only_for(ROLES)
	if not residence or not frappe.db.exists("Residence", residence):
		frappe.throw(_("Residence not found: {0}").format(residence))
	frappe.has_permission("Residence", "read", residence, throw=True)


# --- reading the ledger ---------------------------------------------------------------------------


def previous_year(fy: frappe._dict) -> frappe._dict:
	"""The fiscal year ending the day before `fy` starts, else the 12 months before it."""
	start = getdate(fy.year_start_date)
	row = frappe.db.get_value(
		"Fiscal Year",
		{"year_end_date": start - timedelta(days=1), "disabled": 0},
		["name", "year_start_date", "year_end_date"],
		as_dict=True,
	)
	if row:
		return frappe._dict(
			name=row.name, from_date=getdate(row.year_start_date), to_date=getdate(row.year_end_date)
		)
	return frappe._dict(name=None, from_date=add_years(start, -1), to_date=start - timedelta(days=1))


def ledger_figures(company: str, previous_start, start, end) -> list[core_annual.AccountFigures]:
	"""AccountFigures of every account of the company with an entry up to `end` (one query).
	Opening entries (is_opening) posted in the year are balances brought forward: they count as
	the previous year's, not as the year's movements."""
	current = "(gle.posting_date >= %(start)s and gle.is_opening != 'Yes')"
	previous = f"(not {current} and gle.posting_date >= %(prev)s)"
	closing = "gle.voucher_type = %(pcv)s"
	rows = frappe.db.sql(
		f"""select gle.account, acc.account_number, acc.account_name,
			sum(if(gle.posting_date < %(prev)s, gle.debit - gle.credit, 0)) as opening,
			sum(if({previous}, gle.debit, 0)) as previous_debit,
			sum(if({previous}, gle.credit, 0)) as previous_credit,
			sum(if({previous} and {closing}, gle.debit - gle.credit, 0)) as previous_closing_entries,
			sum(if({current}, gle.debit, 0)) as debit,
			sum(if({current}, gle.credit, 0)) as credit,
			sum(if({current} and {closing}, gle.debit - gle.credit, 0)) as closing_entries
		from `tabGL Entry` gle
		join `tabAccount` acc on acc.name = gle.account
		where gle.company = %(company)s and gle.is_cancelled = 0 and gle.posting_date <= %(end)s
		group by gle.account, acc.account_number, acc.account_name""",
		{"company": company, "prev": previous_start, "start": start, "end": end, "pcv": CLOSING_VOUCHER},
		as_dict=True,
	)
	with core_errors():
		return [
			core_annual.AccountFigures(
				(row.account_number or "").strip(),
				f"{row.account_number} - {row.account_name}" if row.account_number else row.account,
				row.opening,
				row.previous_debit,
				row.previous_credit,
				row.previous_closing_entries,
				row.debit,
				row.credit,
				row.closing_entries,
			)
			for row in rows
		]


def co_owner_ledger(company: str, end) -> tuple[dict[str, list[LedgerRow]], dict[str, frappe._dict]]:
	"""({key: [LedgerRow]} of every customer with an entry on the co-owner accounts up to `end`,
	keyed by co-owner (customer when no co-owner), sorted by name; {key: row(name, units)})."""
	accounts, entries = co_owner_entries(company, end)
	if not accounts:
		return {}, {}
	customers = {row.party for row in entries}
	owners = {}
	if customers:
		for row in frappe.get_all(
			"Co-owner",
			filters={"customer": ("in", list(customers))},
			fields=["name", "full_name", "customer"],
		):
			owners[row.customer] = row
	by_key: dict[str, list[LedgerRow]] = defaultdict(list)
	for row in entries:
		owner = owners.get(row.party)
		by_key[owner.name if owner else row.party].append(ledger_row(row, accounts))
	names = {}
	for customer in customers:
		owner = owners.get(customer)
		key = owner.name if owner else customer
		names[key] = frappe._dict(name=owner.full_name if owner else customer, units="")
	units = defaultdict(list)
	if owners:
		for unit in frappe.get_all(
			"Unit",
			filters={"co_owner": ("in", [o.name for o in owners.values()])},
			fields=["co_owner", "unit_number"],
			order_by="unit_number asc",
		):
			units[unit.co_owner].append(unit.unit_number)
	for key, row in names.items():
		row.units = ", ".join(units.get(key, []))
	ordered = dict(sorted(by_key.items(), key=lambda item: (names[item[0]].name or "", item[0])))
	return ordered, names


def supplier_balances(company: str, previous_end, end) -> list[dict]:
	"""Annex 8 (suivi des dettes): what each supplier is owed (credit - debit of its party lines)
	at both year ends, with the change."""
	rows = frappe.db.sql(
		"""select party,
			sum(if(posting_date <= %(prev)s, credit - debit, 0)) as previous,
			sum(credit - debit) as current
		from `tabGL Entry`
		where company=%(company)s and party_type='Supplier' and is_cancelled=0 and posting_date <= %(end)s
		group by party""",
		{"company": company, "prev": previous_end, "end": end},
		as_dict=True,
	)
	names = dict(
		frappe.get_all(
			"Supplier",
			filters={"name": ("in", [r.party for r in rows] or [""])},
			fields=["name", "supplier_name"],
			as_list=True,
		)
	)
	result = []
	for row in sorted(rows, key=lambda r: names.get(r.party) or r.party):
		current, previous = flt(row.current, 2), flt(row.previous, 2)
		if current or previous:
			result.append(
				{
					"supplier": row.party,
					"name": names.get(row.party) or row.party,
					"current": current,
					"previous": previous,
					"change": flt(current - previous, 2),
				}
			)
	return result


def _unquote(value) -> str:
	return str(value or "").strip("'")


def erpnext_balance_sheet(company: str, fy: frappe._dict, previous: frappe._dict) -> dict:
	"""ERPNext's Balance Sheet at the end of the previous year (when it is a fiscal year) and of
	the year: {columns: [period labels], rows: [{label, indent, values, bold}]}."""
	from erpnext.accounts.report.balance_sheet.balance_sheet import execute

	filters = frappe._dict(
		company=company,
		filter_based_on="Fiscal Year",
		from_fiscal_year=previous.name or fy.name,
		to_fiscal_year=fy.name,
		period_start_date=previous.from_date if previous.name else fy.year_start_date,
		period_end_date=fy.year_end_date,
		periodicity="Yearly",
		accumulated_values=1,
	)
	columns, data = execute(filters)[:2]
	periods = [
		c for c in columns if c.get("fieldtype") == "Currency" and c.get("fieldname") not in ("total",)
	]
	rows = []
	for row in data or []:
		if not row or not (row.get("account_name") or row.get("account")):
			continue
		label = _unquote(row.get("account_name") or row.get("account"))
		rows.append(
			{
				"label": label,
				"indent": int(row.get("indent") or 0),
				"values": [flt(row.get(c["fieldname"]), 2) for c in periods],
				"bold": not row.get("parent_account") or str(row.get("account", "")).startswith("'"),
			}
		)
	return {"columns": [c.get("label") for c in periods], "rows": rows}


def erpnext_general_ledger(company: str, start, end) -> dict:
	"""ERPNext's General Ledger of the year, by account (opening, entries, total, closing)."""
	from erpnext.accounts.report.general_ledger.general_ledger import execute

	filters = frappe._dict(
		company=company,
		from_date=start,
		to_date=end,
		categorize_by="Categorize by Account",
	)
	_columns, data = execute(filters)[:2]
	rows = []
	for row in data or []:
		if not row or (row.get("account") is None and row.get("debit") is None):
			continue
		account = _unquote(row.get("account"))
		summary = str(row.get("account") or "").startswith("'")
		rows.append(
			{
				"posting_date": row.get("posting_date"),
				"account": account,
				"party": row.get("party") or "",
				"voucher_type": row.get("voucher_type") or "",
				"voucher_no": row.get("voucher_no") or "",
				"debit": flt(row.get("debit"), 2),
				"credit": flt(row.get("credit"), 2),
				"balance": flt(row.get("balance"), 2),
				"remarks": (row.get("remarks") or "")[:140] if not summary else "",
				"bold": summary,
			}
		)
	return {"rows": rows}

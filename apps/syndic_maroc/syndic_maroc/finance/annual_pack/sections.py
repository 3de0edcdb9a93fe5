"""The parts of the annual pack shaped as plain rows (floats rounded to the cent), and `build`:
the whole pack, shared by the PDF and the workbook."""

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from syndic_maroc.core.finance import annual as core_annual
from syndic_maroc.core.finance.reporting import ANNEX_LABELS, revenue_tier
from syndic_maroc.core.finance.statements import BUCKET_LABELS, BUCKETS
from syndic_maroc.finance.annual_pack.data import (
	TREASURY,
	co_owner_ledger,
	erpnext_balance_sheet,
	erpnext_general_ledger,
	ledger_figures,
	previous_year,
	supplier_balances,
)
from syndic_maroc.finance.arrears import arrears
from syndic_maroc.finance.report.budget_vs_actual_by_category.budget_vs_actual_by_category import (
	company_of,
	fiscal_year_of,
)
from syndic_maroc.finance.report.budget_vs_actual_by_category.budget_vs_actual_by_category import (
	compute as budget_actual,
)
from syndic_maroc.finance.statements import (
	residence_of,
)
from syndic_maroc.utils.errors import core_errors

# Parts of the pack in order: key -> title (the sheet names of the workbook).
SECTIONS = {
	"summary": _("Summary"),
	"position": _("Financial position"),
	"management": _("Income and expenditure account"),
	"budget": _("Budget vs actual"),
	"works": _("Works and reserve"),
	"debts": _("Supplier payables"),
	"co_owners": _("Co-owner accounts"),
	"arrears": _("Arrears"),
	"treasury": _("Cash and Bank"),
	"trial_balance": _("Trial balance"),
	"balance_sheet": _("ERPNext balance sheet"),
	"general_ledger": _("ERPNext general ledger"),
}


# --- shaping the statements ----------------------------------------------------------------------


def _line(line: core_annual.Line, bold: bool = False) -> dict:
	return {
		"number": line.number if line.number[:1].isdigit() else "",  # totals have a key, no number
		"label": _(line.label),
		"current": float(line.current),
		"previous": float(line.previous),
		"change": float(line.change),
		"change_ratio": float(line.change_ratio) if line.change_ratio is not None else None,
		"bold": bold,
	}


def _section(section: core_annual.Section) -> dict:
	return {
		"key": section.key,
		"label": _(section.label),
		"lines": [_line(line) for line in section.lines],
		"total": _line(section.total(_("Total {0}").format(_(section.label))), bold=True),
	}


def _position(position: core_annual.FinancialPosition) -> dict:
	return {
		"assets": [_section(s) for s in position.assets],
		"liabilities": [_section(s) for s in position.liabilities],
		"result": _line(position.result, bold=True),
		"total_assets": _line(position.total_assets, bold=True),
		"total_liabilities": _line(position.total_liabilities, bold=True),
		"balanced": position.balanced,
	}


def _management(account: core_annual.ManagementAccount) -> dict:
	result = _line(account.result, bold=True)
	result["label"] = (
		_("Result of the fiscal year: surplus")
		if account.result.current >= 0
		else _("Result of the fiscal year: deficit")
	)
	return {
		"charges": [_section(s) for s in account.charges],
		"income": [_section(s) for s in account.income],
		"total_charges": _line(account.total_charges, bold=True),
		"total_income": _line(account.total_income, bold=True),
		"result": result,
	}


def _works(annex: core_annual.WorksAndReserve) -> dict:
	return {
		"works": _section(annex.works),
		"works_income": _section(annex.works_income),
		"funds": [
			{
				"number": f.number,
				"label": f.name,
				"opening": float(f.opening),
				"contributions": float(f.contributions),
				"uses": float(f.uses),
				"closing": float(f.closing),
			}
			for f in annex.funds
		],
	}


def _co_owners(ledger, names, start, end) -> dict:
	with core_errors():
		rows, total = core_annual.co_owner_accounts(ledger, start, end)

	def shape(row, name, units):
		values = {
			"co_owner": row.key,
			"name": name,
			"units": units,
			"opening": float(row.opening),
			"calls": float(row.calls),
			"payments": float(row.payments),
			"closing": float(row.closing),
		}
		values.update({bucket: float(row.buckets[bucket]) for bucket in BUCKETS})
		return values

	return {
		"rows": [shape(r, names[r.key].name, names[r.key].units) for r in rows],
		"total": dict(shape(total, _("Total"), ""), co_owner=""),
		"buckets": [{"key": b, "label": _(BUCKET_LABELS[b])} for b in BUCKETS],
	}


def _arrears(residence: str, end) -> dict:
	rows, total = arrears(residence, end, by="co_owner")
	names = dict(
		frappe.get_all(
			"Co-owner",
			filters={"name": ("in", [r["key"] for r in rows] or [""])},
			fields=["name", "full_name"],
			as_list=True,
		)
	)
	for row in rows:
		row["co_owner"] = row["key"]
		row["name"] = names.get(row["key"]) or row["key"]
	total.update(co_owner="", name=_("Total"))
	return {"rows": rows, "total": total}


def _treasury(figures) -> dict:
	rows = [
		{
			"number": f.number,
			"label": f.name,
			"previous": float(f.previous_balance),
			"debit": float(f.debit),
			"credit": float(f.credit),
			"current": float(f.balance),
		}
		for f in sorted(figures, key=lambda f: f.number)
		if f.number.startswith(TREASURY)
	]
	total = {key: flt(sum(r[key] for r in rows), 2) for key in ("previous", "debit", "credit", "current")}
	total.update(number="", label=_("Total cash and bank"))
	return {"rows": rows, "total": total}


def _trial_balance(figures) -> dict:
	with core_errors():
		rows, total = core_annual.trial_balance(figures)

	def shape(row, label=None):
		return {
			"number": row.number,
			"label": label or row.name,
			"opening": float(row.opening),
			"debit": float(row.debit),
			"credit": float(row.credit),
			"closing": float(row.closing),
		}

	return {"rows": [shape(r) for r in rows], "total": shape(total, _("Total"))}


# --- the pack -------------------------------------------------------------------------------------


def build(residence: str, fiscal_year: str | None = None) -> frappe._dict:
	"""Every part of the pack as plain rows (floats rounded to the cent), shared by the PDF and
	the workbook."""
	company = company_of(residence)
	res = residence_of(residence)
	fy = fiscal_year_of(company, fiscal_year)
	start, end = getdate(fy.year_start_date), getdate(fy.year_end_date)
	previous = previous_year(fy)
	figures = ledger_figures(company, previous.from_date, start, end)
	with core_errors():
		position = core_annual.financial_position(figures)
		management = core_annual.management_account(figures)
		works = core_annual.works_and_reserve(figures)
		revenue = core_annual.revenue(figures)
		tier = revenue_tier(revenue)
	ledger, names = co_owner_ledger(company, end)
	pack = frappe._dict(
		residence=res,
		abbr=frappe.db.get_value("Residence", residence, "abbr") or "",
		company=company,
		fiscal_year=fy.name,
		from_date=start,
		to_date=end,
		previous=previous,
		revenue=float(revenue),
		tier=frappe._dict(code=tier.code, label=_(tier.label), auditor_required=tier.auditor_required),
		position=_position(position),
		management=_management(management),
		budget=budget_actual(residence, fy.name),
		works=_works(works),
		debts=supplier_balances(company, previous.to_date, end),
		co_owners=_co_owners(ledger, names, start, end),
		arrears=_arrears(residence, end),
		treasury=_treasury(figures),
		trial_balance=_trial_balance(figures),
		balance_sheet=erpnext_balance_sheet(company, fy, previous),
		general_ledger=erpnext_general_ledger(company, start, end),
		sections={key: _(title) for key, title in SECTIONS.items()},
		printed_on=getdate(nowdate()),
	)
	pack.annexes = [
		{
			"code": item.code,
			"label": _(ANNEX_LABELS[item.code]),
			"title": _annex_title(item.code),
			"section": item.section,
			"section_title": pack.sections.get(item.section) if item.section else "",
			"note": _(item.note) if item.note else "",
		}
		for item in core_annual.annex_plan(tier)
	]
	pack.debts_total = {
		key: flt(sum(row[key] for row in pack.debts), 2) for key in ("current", "previous", "change")
	}
	pack.overruns = sum(row["overrun"] for row in pack.budget.rows)
	return pack


def _annex_title(code: str) -> str:
	label = _(ANNEX_LABELS[code])
	return label if code in label else _("Annex {0}: {1}").format(code, label)

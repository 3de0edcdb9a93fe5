"""The ERPNext Budget behind a Residence Budget: one per company / cost center / fiscal year.

ERPNext budgets only profit-and-loss accounts, so the reserve fund lines (1111/1112, class 1)
stay out of it. Amounts are summed per account (several categories share 6134). Overrun: Warn,
both yearly and on the accumulated monthly budget, with an equal monthly distribution.
"""

import frappe
from frappe.utils import flt, getdate

from syndic_maroc.core.finance.periods import monthly_distribution as core_monthly_distribution


def ensure_monthly_distribution(fiscal_year: str, start, end) -> str:
	"""An equal monthly distribution (percentages summing to exactly 100) for the months the
	fiscal year covers; shared by every résidence with the same months."""
	shares = core_monthly_distribution(getdate(start), getdate(end))
	covered = [month for month, pct in shares if pct]
	name = "Syndic - mensuel égal" if len(covered) == 12 else f"Syndic - mensuel {fiscal_year}"
	if frappe.db.exists("Monthly Distribution", name):
		return name
	doc = frappe.get_doc(
		{
			"doctype": "Monthly Distribution",
			"distribution_id": name,
			"fiscal_year": None if len(covered) == 12 else fiscal_year,
			"percentages": [{"month": month, "percentage_allocation": float(pct)} for month, pct in shares],
		}
	)
	doc.flags.ignore_permissions = True
	doc.insert()
	return doc.name


def sync_erpnext_budget(residence_budget) -> tuple[str | None, str | None]:
	"""Create and submit the ERPNext Budget of an approved Residence Budget; returns
	(budget, monthly distribution). A submitted budget of an earlier version is cancelled first."""
	amounts: dict[str, float] = {}
	for row in residence_budget.lines:
		if not row.account or not flt(row.amount):
			continue
		if frappe.get_cached_value("Account", row.account, "report_type") != "Profit and Loss":
			continue
		amounts[row.account] = flt(amounts.get(row.account, 0) + flt(row.amount, 2), 2)
	for previous in frappe.get_all(
		"Residence Budget",
		filters={
			"residence": residence_budget.residence,
			"fiscal_year": residence_budget.fiscal_year,
			"name": ("!=", residence_budget.name),
		},
		pluck="erpnext_budget",
	):
		cancel_erpnext_budget(previous)
	if not amounts:
		return None, None
	distribution = ensure_monthly_distribution(
		residence_budget.fiscal_year, residence_budget.year_start_date, residence_budget.year_end_date
	)
	budget = frappe.get_doc(
		{
			"doctype": "Budget",
			"budget_against": "Cost Center",
			"company": residence_budget.company,
			"cost_center": residence_budget.cost_center,
			"fiscal_year": residence_budget.fiscal_year,
			"monthly_distribution": distribution,
			"applicable_on_booking_actual_expenses": 1,
			"action_if_annual_budget_exceeded": "Warn",
			"action_if_accumulated_monthly_budget_exceeded": "Warn",
			"accounts": [
				{"account": account, "budget_amount": amount} for account, amount in amounts.items()
			],
		}
	)
	budget.flags.ignore_permissions = True
	budget.insert()
	budget.submit()
	return budget.name, distribution


def cancel_erpnext_budget(name: str | None) -> None:
	if name and frappe.db.get_value("Budget", name, "docstatus") == 1:
		budget = frappe.get_doc("Budget", name)
		budget.flags.ignore_permissions = True
		budget.cancel()

# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt
"""Budget prévisionnel of a résidence for a fiscal year.

Draft -> Approved (submitted, with the general assembly's date and minutes reference: loi 18-00
art. 24, vote under art. 21) -> Closed. On approval the ERPNext Budget of the résidence's
company and cost center is created (expense accounts, equal monthly distribution, overrun:
Warn); an amended budget replaces it (the cancelled one cancels its ERPNext Budget).
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import append_number_if_name_exists
from frappe.utils import flt, getdate, today

from syndic_maroc.core.finance import periods as core_periods
from syndic_maroc.finance.erpnext_budget import cancel_erpnext_budget, sync_erpnext_budget
from syndic_maroc.finance.utils import KIND_FROM_SELECT, default_line_values
from syndic_maroc.registry.utils import residence_abbr
from syndic_maroc.utils.errors import core_errors


class ResidenceBudget(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from syndic_maroc.finance.doctype.residence_budget_line.residence_budget_line import (
			ResidenceBudgetLine,
		)

		ag_date: DF.Date | None
		ag_minutes: DF.Attach | None
		ag_reference: DF.Data | None
		amended_from: DF.Link | None
		call_frequency: DF.Literal["Quarterly", "Monthly", "Half-yearly", "Yearly"]
		company: DF.Link | None
		cost_center: DF.Link | None
		current_total: DF.Currency
		due_day: DF.Int
		erpnext_budget: DF.Link | None
		fiscal_year: DF.Link
		lines: DF.Table[ResidenceBudgetLine]
		monthly_distribution: DF.Link | None
		residence: DF.Link
		status: DF.Literal["Draft", "Approved", "Closed", "Cancelled"]
		total_amount: DF.Currency
		works_total: DF.Currency
		year_end_date: DF.Date | None
		year_start_date: DF.Date | None

	# end: auto-generated types
	def autoname(self):
		self.validate_unique()
		# A cancelled budget keeps its name: a new one (not an amendment) gets a suffix.
		self.name = append_number_if_name_exists(
			"Residence Budget", f"BUD-{residence_abbr(self.residence)}-{self.fiscal_year}"
		)

	def validate(self):
		if self.docstatus == 0:
			self.status = "Draft"
			self.erpnext_budget = self.monthly_distribution = None
		self.set_residence_values()
		self.validate_unique()
		self.validate_period()
		self.validate_lines()
		self.set_totals()

	def set_residence_values(self):
		company, cost_center = frappe.db.get_value(
			"Residence", self.residence, ["company", "cost_center"]
		) or (None, None)
		if not company:
			frappe.throw(_("Residence {0} has no ERPNext company yet").format(frappe.bold(self.residence)))
		self.company, self.cost_center = company, cost_center
		self.year_start_date, self.year_end_date = frappe.db.get_value(
			"Fiscal Year", self.fiscal_year, ["year_start_date", "year_end_date"]
		)

	def validate_unique(self):
		other = frappe.db.get_value(
			"Residence Budget",
			{
				"residence": self.residence,
				"fiscal_year": self.fiscal_year,
				"docstatus": ("<", 2),
				"name": ("!=", self.name or ""),
			},
		)
		if other:
			frappe.throw(
				_("Residence {0} already has a budget for fiscal year {1}: {2}").format(
					frappe.bold(self.residence), self.fiscal_year, other
				)
			)

	def is_first_year(self) -> bool:
		"""No earlier budget of this résidence: its fiscal year may last up to 18 months."""
		return not frappe.db.exists(
			"Residence Budget",
			{"residence": self.residence, "docstatus": 1, "year_start_date": ("<", self.year_start_date)},
		)

	def get_periods(self) -> list:
		"""The call periods of the fiscal year (core.finance.periods; loi 18-00 art. 24)."""
		with core_errors():
			return core_periods.fiscal_periods(
				getdate(self.year_start_date),
				self.call_frequency or core_periods.DEFAULT_FREQUENCY,
				getdate(self.year_end_date),
				due_day=int(self.due_day or 1),
				first_year=self.is_first_year(),
			)

	def validate_period(self):
		self.get_periods()

	def validate_lines(self):
		if not self.lines:
			frappe.throw(_("The budget must have at least one line"))
		keys = {row.allocation_key for row in self.lines if row.allocation_key}
		key_residence = dict(
			frappe.get_all(
				"Allocation Key",
				filters={"name": ("in", list(keys))},
				fields=["name", "residence"],
				as_list=True,
			)
		)
		seen = set()
		for row in self.lines:
			if not row.account:
				defaults = default_line_values(self.company, row.category)
				row.account = defaults["account"]
				if defaults["kind"] == "Works":
					row.kind = "Works"
			if key_residence.get(row.allocation_key) != self.residence:
				frappe.throw(
					_("Row {0}: key {1} does not belong to residence {2}").format(
						row.idx, frappe.bold(row.allocation_key), frappe.bold(self.residence)
					)
				)
			if flt(row.amount) < 0:
				frappe.throw(_("Row {0}: the amount cannot be negative").format(row.idx))
			if row.category in seen:
				frappe.throw(_("Row {0}: category {1} appears twice").format(row.idx, _(row.category)))
			seen.add(row.category)
			if row.account:
				company, number = frappe.db.get_value("Account", row.account, ["company", "account_number"])
				if company != self.company:
					frappe.throw(
						_("Row {0}: account {1} does not belong to company {2}").format(
							row.idx, row.account, self.company
						)
					)
				# Décret 2.23.700 annex 2 art. 6: expenses are class 6; the reserve fund 1111/1112.
				if not (str(number or "").startswith("6") or str(number or "") in ("1111", "1112")):
					frappe.throw(
						_(
							"Row {0}: account {1} must be an expense (class 6) or a reserve fund (1111/1112)"
						).format(row.idx, row.account)
					)

	def set_totals(self):
		self.total_amount = flt(sum(flt(row.amount, 2) for row in self.lines), 2)
		self.works_total = flt(sum(flt(row.amount, 2) for row in self.lines if row.kind == "Works"), 2)
		self.current_total = flt(self.total_amount - self.works_total, 2)

	def before_submit(self):
		# Loi 18-00 art. 24: the budget is voted by the general assembly.
		if not self.ag_date or not self.ag_reference:
			frappe.throw(
				_(
					"To approve the budget, enter the general assembly date and the minutes reference (loi 18-00, art. 24)"
				)
			)
		if getdate(self.ag_date) > getdate(today()):
			frappe.throw(_("The general assembly date cannot be in the future"))
		self.status = "Approved"

	def on_submit(self):
		budget, distribution = sync_erpnext_budget(self)
		self.db_set({"erpnext_budget": budget, "monthly_distribution": distribution})

	def on_cancel(self):
		cancel_erpnext_budget(self.erpnext_budget)
		self.db_set("status", "Cancelled")

	@frappe.whitelist()
	def close(self) -> str:
		"""Close an approved budget at year end: no new call can be drawn from it."""
		self.check_permission("submit")
		if self.docstatus != 1 or self.status != "Approved":
			frappe.throw(_("Only an approved budget can be closed"))
		self.db_set("status", "Closed")
		return self.status

	@frappe.whitelist()
	def get_call_lines(self, period_index: int) -> dict:
		"""The lines and dates of the call for period `period_index` (1-based): each category's
		share of its yearly amount, exact to the cent over the year."""
		return call_lines_for_period(self, int(period_index))


def call_lines_for_period(budget, period_index: int) -> dict:
	from syndic_maroc.core.finance.calls import BudgetLine, lines_from_budget

	periods = budget.get_periods()
	with core_errors():
		lines = lines_from_budget(
			[
				BudgetLine(
					row.category, flt(row.amount, 2), {"key": 1}, KIND_FROM_SELECT[row.kind], row.account
				)
				for row in budget.lines
			],
			periods,
			period_index,
		)
	period = periods[period_index - 1]
	rows = []
	for row, line in zip(budget.lines, lines, strict=True):
		rows.append(
			{
				"category": row.category,
				"kind": row.kind,
				"allocation_key": row.allocation_key,
				"account": row.account,
				"amount": float(line.amount),
				"description": row.description,
			}
		)
	return {
		"lines": rows,
		"period_label": period.label,
		"period_start": period.start,
		"period_end": period.end,
		"due_date": period.due_date,
		"periods": len(periods),
	}

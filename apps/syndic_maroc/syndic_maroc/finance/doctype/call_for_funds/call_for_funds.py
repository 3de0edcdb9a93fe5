# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt
"""Appel de fonds: the period's share of the budget (or an exceptional amount with its own key)
split per unit to the cent and issued as one submitted Sales Invoice per co-owner and kind, in
a background job (syndic_maroc.finance.invoicing).

Law: loi 18-00 art. 24 (contributions due on the 1st day of the period; supplementary calls
ratified by the next general assembly), art. 36 (each charge split by its key); décret
2.23.700 annex 2 art. 9 (Dr 3421 / Cr 7111, works Dr 3423 / Cr 7112).
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.utils import flt, getdate

from syndic_maroc.finance import invoicing
from syndic_maroc.finance.utils import default_line_values
from syndic_maroc.registry.utils import residence_abbr


class CallforFunds(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from syndic_maroc.finance.doctype.call_for_funds_line.call_for_funds_line import CallforFundsLine

		amended_from: DF.Link | None
		co_owner_count: DF.Int
		company: DF.Link | None
		cost_center: DF.Link | None
		description: DF.SmallText | None
		due_date: DF.Date | None
		fiscal_year: DF.Link | None
		invoice_count: DF.Int
		invoices_issued: DF.Int
		is_supplementary: DF.Check
		issue_error: DF.SmallText | None
		issue_status: DF.Literal[
			"Not Started", "Queued", "In Progress", "Completed", "Failed", "Cancelling", "Cancelled"
		]
		lines: DF.Table[CallforFundsLine]
		notices_sent: DF.Int
		period_end: DF.Date | None
		period_index: DF.Int
		period_label: DF.Data | None
		period_start: DF.Date | None
		posting_date: DF.Date
		residence: DF.Link
		residence_budget: DF.Link | None
		send_notices_on_issue: DF.Check
		source: DF.Literal["Budget", "Exceptional"]
		total_amount: DF.Currency
		unit_count: DF.Int
	# end: auto-generated types
	# Its invoices link to it: they are cancelled by the background job, not before the call.
	ignore_linked_doctypes = ("Sales Invoice",)

	def autoname(self):
		self.name = make_autoname(f"AF-{residence_abbr(self.residence)}-.YYYY.-.####", doc=self)

	def validate(self):
		if self.docstatus == 0:
			self.issue_status = "Not Started"
		self.company, self.cost_center = frappe.db.get_value(
			"Residence", self.residence, ["company", "cost_center"]
		) or (
			None,
			None,
		)
		if not self.company:
			frappe.throw(_("Residence {0} has no ERPNext company yet").format(frappe.bold(self.residence)))
		if self.source == "Budget":
			self.set_from_budget()
		else:
			self.set_exceptional()
		if not self.due_date:
			frappe.throw(_("Enter the due date of the call"))
		if getdate(self.due_date) < getdate(self.posting_date):
			frappe.throw(
				_("The due date ({0}) is before the call date ({1})").format(self.due_date, self.posting_date)
			)
		self.validate_lines()
		self.total_amount = flt(sum(flt(row.amount, 2) for row in self.lines), 2)
		if self.total_amount <= 0:
			frappe.throw(_("The total amount of the call must be positive"))

	def set_from_budget(self):
		from syndic_maroc.finance.doctype.residence_budget.residence_budget import call_lines_for_period

		if not self.residence_budget or not self.period_index:
			frappe.throw(_("Choose the budget and the period number"))
		budget = frappe.get_doc("Residence Budget", self.residence_budget)
		if budget.residence != self.residence:
			frappe.throw(_("Budget {0} does not belong to residence {1}").format(budget.name, self.residence))
		if budget.docstatus != 1 or budget.status != "Approved":
			frappe.throw(
				_(
					"Budget {0} must be approved by the general assembly before any call (loi 18-00, art. 24)"
				).format(budget.name)
			)
		period = call_lines_for_period(budget, int(self.period_index))
		self.fiscal_year = budget.fiscal_year
		self.period_label = period["period_label"]
		self.period_start, self.period_end = period["period_start"], period["period_end"]
		if not self.due_date:
			# Loi 18-00 art. 24: due on the first day of the period; a call issued late cannot be
			# due before its own date (ERPNext), so it is then due on issue.
			self.due_date = max(getdate(period["due_date"]), getdate(self.posting_date))
		if not self.lines:
			for row in period["lines"]:
				if row["amount"]:
					self.append("lines", row)
		duplicate = frappe.db.get_value(
			"Call for Funds",
			{
				"residence_budget": self.residence_budget,
				"period_index": self.period_index,
				"docstatus": 1,
				"name": ("!=", self.name or ""),
			},
		)
		if duplicate:
			frappe.throw(
				_("Period {0} of budget {1} has already been called: {2}").format(
					self.period_label, self.residence_budget, duplicate
				)
			)

	def set_exceptional(self):
		from erpnext.accounts.utils import get_fiscal_year

		self.residence_budget = None
		self.period_index = None
		self.fiscal_year = get_fiscal_year(self.posting_date, company=self.company)[0]
		if not self.period_label:
			self.period_label = _("Exceptional call of {0}").format(frappe.format(self.posting_date, "Date"))
		self.period_start = self.period_end = None

	def validate_lines(self):
		if not self.lines:
			frappe.throw(_("The call must have at least one line"))
		keys = list({row.allocation_key for row in self.lines if row.allocation_key})
		residence_of = dict(
			frappe.get_all(
				"Allocation Key", filters={"name": ("in", keys)}, fields=["name", "residence"], as_list=True
			)
		)
		for row in self.lines:
			if residence_of.get(row.allocation_key) != self.residence:
				frappe.throw(
					_("Row {0}: key {1} does not belong to residence {2}").format(
						row.idx, frappe.bold(row.allocation_key), frappe.bold(self.residence)
					)
				)
			if flt(row.amount) < 0:
				frappe.throw(_("Row {0}: the amount cannot be negative").format(row.idx))
			if not row.account:
				defaults = default_line_values(self.company, row.category)
				row.account = defaults["account"]

	def before_submit(self):
		# Compute now: a unit without owner or a co-owner without customer stops the submit here,
		# not halfway through the background job.
		plan = invoicing.plan(self)
		self.invoice_count = len(plan.computation.invoices)
		self.co_owner_count = len({inv.co_owner for inv in plan.computation.invoices})
		self.unit_count = len(plan.computation.by_unit)
		self.issue_status = "Queued"
		self.invoices_issued = 0
		self.issue_error = None

	def on_submit(self):
		invoicing.enqueue_issue(self.name)

	def before_cancel(self):
		invoicing.check_cancellable(self.name)

	def on_cancel(self):
		self.db_set("issue_status", "Cancelling")
		invoicing.enqueue_cancel(self.name)

	@frappe.whitelist()
	def retry_issue(self) -> str:
		"""Re-run the issue job after a failure: invoices already made are found by their key."""
		self.check_permission("submit")
		if self.docstatus != 1:
			frappe.throw(_("Only a submitted call can be issued"))
		self.db_set({"issue_status": "Queued", "issue_error": None})
		invoicing.enqueue_issue(self.name)
		return self.issue_status

	@frappe.whitelist()
	def send_notices(self, force: int = 0) -> str:
		"""Desk button "Envoyer les avis": email each co-owner their call notice (PDF) in a
		background job; a notice already sent is sent again only with `force`."""
		from syndic_maroc.finance.notices import enqueue_call_notices

		self.check_permission("email")
		return enqueue_call_notices(self.name, force=frappe.utils.cint(force))

	@frappe.whitelist()
	def get_lines_from_budget(self) -> "CallforFunds":
		"""Desk button: refill the lines with the period's share of the budget."""
		self.set("lines", [])
		self.set_from_budget()
		return self

"""Full year: each quarterly call is a quarter of the budget to the cent, and each unit pays its
share of each line (the allocation keys of the demo data)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from tests.site.full_year.year import (
	BUDGETS,
	cents,
	key_weights_from_demo,
	quarters_of,
)

pytestmark = [pytest.mark.site, pytest.mark.slow]


def test_each_quarter_calls_a_quarter_of_the_budget_to_the_cent(year):
	frappe = year.frappe
	for abbr, lines in BUDGETS.items():
		budget = year.budgets[abbr]
		assert budget.status == "Approved" and budget.docstatus == 1
		assert cents(budget.total_amount) == sum(Decimal(a) for _c, _k, a in lines)
		by_category = defaultdict(list)
		for quarter in range(1, 5):
			call = year.calls[abbr, quarter]
			# loi 18-00 art. 24: due on the first day of the quarter
			assert call.due_date == year.quarter_starts[quarter - 1]
			assert call.issue_status == "Completed"
			amounts = {row.category: cents(row.amount) for row in call.lines}
			for category, _key, amount in lines:
				low, high = quarters_of(amount)
				assert low <= amounts[category] <= high, (abbr, quarter, category, amounts[category])
				by_category[category].append(amounts[category])
			assert cents(call.total_amount) == sum(amounts.values())
			invoices = frappe.get_all(
				"Sales Invoice",
				filters={"syndic_call_for_funds": call.name, "docstatus": 1},
				fields=["grand_total", "outstanding_amount", "debit_to", "posting_date", "due_date"],
			)
			assert len(invoices) == call.invoice_count == call.invoices_issued
			assert sum(cents(i.grand_total) for i in invoices) == cents(call.total_amount)
			assert {i.posting_date for i in invoices} == {call.posting_date}
		for category, _key, amount in lines:
			assert sum(by_category[category]) == Decimal(amount), (abbr, category)
		called = sum(cents(year.calls[abbr, q].total_amount) for q in range(1, 5))
		assert called == cents(budget.total_amount) == year.book.total_called(abbr)


def test_each_unit_pays_its_share_of_each_line(year):
	frappe = year.frappe
	for abbr, lines in BUDGETS.items():
		res = year.res[abbr]
		number_of = {name: u.unit_number for name, u in res.units.items()}
		owner_of = {u["unit_number"]: u["co_owner"] for u in year.data["units"] if u["residence"] == res.name}
		for transfer in year.data["transfers"]:
			if transfer["residence"] == res.name:
				owner_of[transfer["unit_number"]] = transfer["new_owner"]
		customer_of_key = {
			key: frappe.db.get_value("Co-owner", {"cin" if key[0].isalpha() else "ice": key}, "customer")
			for key in set(owner_of.values())
		}
		for quarter in range(1, 5):
			call = year.calls[abbr, quarter]
			amounts = {row.category: cents(row.amount) for row in call.lines}
			items = frappe.db.sql(
				"""select si.customer, item.syndic_unit, item.syndic_category, item.amount
				from `tabSales Invoice Item` item join `tabSales Invoice` si on si.name = item.parent
				where si.syndic_call_for_funds = %s and si.docstatus = 1""",
				call.name,
				as_dict=True,
			)
			shares = defaultdict(dict)
			for item in items:
				unit = number_of[item.syndic_unit]
				assert unit not in shares[item.syndic_category], (call.name, unit, item.syndic_category)
				shares[item.syndic_category][unit] = cents(item.amount)
				# the invoice goes to the lot's owner on the due date
				assert item.customer == customer_of_key[owner_of[unit]], (call.name, unit)
			for category, key, _amount in lines:
				weights = key_weights_from_demo(year, abbr, key)
				total_weight = sum(weights.values())
				got = shares[category]
				assert set(got) == set(weights), (abbr, category)
				assert sum(got.values()) == amounts[category], (abbr, quarter, category)
				for unit, weight in weights.items():
					exact = amounts[category] * weight / total_weight
					assert abs(got[unit] - exact) < Decimal("0.01"), f"{abbr} Q{quarter} {category} {unit}"

"""The syndic's dashboard figures, per résidence and summed for the résidences a user may see.

Read from ERPNext's ledger through finance's own figures (finance.arrears, finance.dashboard):
- collection rate of the calls posted in a period: (called - still outstanding) / called;
- arrears: the overdue part of the outstanding calls, by ageing bucket;
- budget consumption of this fiscal year by category (budget vs actual report);
- bank balance against the next quarter's planned spend (a quarter of the approved budget);
- incoming documents (zéro saisie) waiting for review.
"""

from datetime import date

import frappe
from frappe.utils import flt, get_first_day, get_quarter_start, getdate, nowdate

from syndic_maroc.core.finance.ageing import BUCKETS
from syndic_maroc.core.oversight import alerts as core_alerts
from syndic_maroc.finance.arrears import arrears, bucket_field
from syndic_maroc.finance.dashboard import bank_balance, budget_consumption

REVIEW_STATES = ("To Review", "Extracted")


def visible_residences(user: str | None = None) -> list[str]:
	"""The résidences `user` may read (role permissions and User Permissions on Residence)."""
	return frappe.get_list("Residence", pluck="name", order_by="name asc", user=user or frappe.session.user)


def period_start(period: str, today: date | None = None) -> date:
	today = getdate(today)
	if period == "quarter":
		return getdate(get_quarter_start(today))
	if period == "year":
		return getdate(get_first_day(today.replace(month=1)))
	raise frappe.ValidationError(f"unknown period {period}")


def collection(residences: list[str], start: date, end: date) -> frappe._dict:
	"""Called and collected on the calls (Sales Invoices, credit notes apart) posted in [start, end]."""
	if not residences:
		return frappe._dict(called=0.0, collected=0.0, rate=None)
	row = frappe.db.sql(
		"""select coalesce(sum(grand_total), 0), coalesce(sum(outstanding_amount), 0)
		from `tabSales Invoice`
		where syndic_residence in %(residences)s and docstatus = 1 and is_return = 0
			and posting_date between %(start)s and %(end)s""",
		{"residences": tuple(residences), "start": start, "end": end},
	)[0]
	called, outstanding = flt(row[0], 2), flt(row[1], 2)
	rate = core_alerts.ratio(called - outstanding, called)
	return frappe._dict(
		called=called, collected=flt(called - outstanding, 2), rate=float(rate) if rate is not None else None
	)


def arrears_buckets(residences: list[str], as_of=None) -> dict:
	"""Overdue total and by ageing bucket, summed over the résidences."""
	result = {"overdue": 0.0, "total": 0.0, **{bucket: 0.0 for bucket in BUCKETS}}
	for residence in residences:
		_rows, total = arrears(residence, as_of or nowdate())
		result["overdue"] += total["overdue"]
		result["total"] += total["total"]
		for bucket in BUCKETS:
			result[bucket] += total[bucket_field(bucket)]
	return {key: flt(value, 2) for key, value in result.items()}


def incoming_to_review(residences: list[str]) -> int:
	if not residences:
		return 0
	return frappe.db.count(
		"Incoming Document", {"residence": ("in", residences), "status": ("in", REVIEW_STATES)}
	)


def budget_by_category(residence: str) -> list[dict]:
	"""This fiscal year's rows of the budget vs actual report (category, budget, actual)."""
	from syndic_maroc.finance.report.budget_vs_actual_by_category.budget_vs_actual_by_category import (
		compute,
	)

	try:
		result = compute(residence)
	except frappe.ValidationError:
		frappe.clear_last_message()
		return []
	return [row for row in result.rows if row["budget"] > 0 or row["actual"]]


def bank_cover(residence: str) -> frappe._dict:
	"""Bank balance against the next quarter's planned spend."""
	company = frappe.db.get_value("Residence", residence, "company")
	if not company:
		return frappe._dict(balance=0.0, planned=0.0)
	budget = budget_consumption(residence)
	planned = core_alerts.next_quarter_spend(budget.amount if budget else 0)
	return frappe._dict(balance=bank_balance(company), planned=float(planned))


def firm(residences: list[str] | None = None, today=None) -> dict:
	"""The firm dashboard: every figure, summed over `residences` (default: those the user sees)."""
	residences = visible_residences() if residences is None else residences
	today = getdate(today)
	quarter = collection(residences, period_start("quarter", today), today)
	year = collection(residences, period_start("year", today), today)
	balance = planned = 0.0
	for residence in residences:
		cover = bank_cover(residence)
		balance += cover.balance
		planned += cover.planned
	return {
		"residences": len(residences),
		"collection_quarter": quarter,
		"collection_year": year,
		"arrears": arrears_buckets(residences, today),
		"bank_balance": flt(balance, 2),
		"next_quarter_spend": flt(planned, 2),
		"incoming_to_review": incoming_to_review(residences),
	}

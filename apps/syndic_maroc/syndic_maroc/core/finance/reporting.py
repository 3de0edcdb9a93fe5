"""Annual reporting: revenue tier and required annexes, budget vs actual, year over year.

Law encoded:
- Décret 2.23.700 annex 1 art. 1: statements by yearly revenue (عائدات): >= 500,000 MAD full
  statements (annexes 3-10); 200,000 < revenue < 500,000 MAD may be limited to annexes 10, 11,
  12; <= 200,000 MAD may be limited to annexes 10, 13-1, 13-2.
- Décret 2.23.700 annex 1 art. 12: revenue > 1,000,000 MAD a year -> accounts certified by a
  qualified auditor.
- Loi 18-00 art. 24: the year's accounts are presented compared with the previous approved year.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ._common import ZERO, _, fail, money
from .statements import account_number

SMALL_MAX = Decimal("200000")  # annex 1 art. 1
FULL_MIN = Decimal("500000")  # annex 1 art. 1
AUDITOR_ABOVE = Decimal("1000000")  # annex 1 art. 12
OVERRUN_THRESHOLD = Decimal("0.20")

ANNEX_LABELS = {
	"3": _("Statement of financial position"),
	"4": _("General income and expenditure account"),
	"5": _("Forecast budget"),
	"7": _("Works, non-current operations and reserve fund"),
	"8": _("Debt follow-up"),
	"9": _("Equipment made available"),
	"10": _("Individual co-owner accounts"),
	"11": _("Annex 11 (simplified statement)"),
	"12": _("Annex 12 (simplified statement)"),
	"13-1": _("Annex 13-1 (very simplified statement)"),
	"13-2": _("Annex 13-2 (very simplified statement)"),
}


@dataclass(frozen=True)
class Tier:
	code: str  # "small", "medium", "full"
	label: str
	annexes: tuple[str, ...]  # the minimum set the tier may limit itself to
	auditor_required: bool


def revenue_tier(revenue) -> Tier:
	"""The reporting tier of a yearly revenue (annex 1 arts 1 and 12).

	Annex 6 is not described in the decree's extracted text, so the full set lists 3-5 and 7-10.
	"""
	revenue = money(revenue)
	if revenue < 0:
		fail(_("The fiscal year's income cannot be negative: {revenue}."), revenue=revenue)
	auditor = revenue > AUDITOR_ABOVE  # annex 1 art. 12
	if revenue <= SMALL_MAX:
		return Tier("small", _("Income ≤ 200,000 MAD"), ("10", "13-1", "13-2"), auditor)
	if revenue < FULL_MIN:
		return Tier("medium", _("Income between 200,000 and 500,000 MAD"), ("10", "11", "12"), auditor)
	return Tier("full", _("Income ≥ 500,000 MAD"), ("3", "4", "5", "7", "8", "9", "10"), auditor)


def revenue_from_balances(balances: Mapping[str, object]) -> Decimal:
	"""Yearly revenue = the credit balances of class 7 accounts {account: credit - debit}."""
	return sum((money(v) for k, v in balances.items() if (account_number(k) or "").startswith("7")), ZERO)


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
	if whole == 0:
		return None
	return (part / whole).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BudgetActualRow:
	category: str
	budget: Decimal
	actual: Decimal
	variance: Decimal  # actual - budget; positive = overspent
	variance_ratio: Decimal | None  # variance / budget, None without a budget
	overrun: bool  # actual above budget by more than the threshold


def budget_vs_actual(
	budget: Mapping[str, object],
	actual: Mapping[str, object],
	threshold=OVERRUN_THRESHOLD,
) -> tuple[list[BudgetActualRow], BudgetActualRow]:
	"""Rows per category (budget order, then categories spent without budget) and a total row.
	An overrun is flagged when actual > budget x (1 + threshold); spending without budget is an
	overrun."""
	threshold = Decimal(str(threshold))
	rows = []
	for category in list(dict.fromkeys([*budget, *actual])):
		planned, spent = money(budget.get(category, 0)), money(actual.get(category, 0))
		rows.append(_row(category, planned, spent, threshold))
	total = _row("Total", sum((r.budget for r in rows), ZERO), sum((r.actual for r in rows), ZERO), threshold)
	return rows, total


def _row(category: str, planned: Decimal, spent: Decimal, threshold: Decimal) -> BudgetActualRow:
	variance = spent - planned
	overrun = spent > planned * (1 + threshold) if planned > 0 else spent > 0
	return BudgetActualRow(category, planned, spent, variance, _ratio(variance, planned), overrun)


@dataclass(frozen=True)
class ComparisonRow:
	key: str
	current: Decimal
	previous: Decimal
	change: Decimal
	change_ratio: Decimal | None


def year_over_year(
	current: Mapping[str, object], previous: Mapping[str, object], order: Iterable[str] | None = None
) -> list[ComparisonRow]:
	"""Each line of the year next to the previous approved year (art. 24): keys of `order` first,
	then the current year's, then those only in the previous year; missing values are 0."""
	keys = list(dict.fromkeys([*(order or ()), *current, *previous]))
	rows = []
	for key in keys:
		now, before = money(current.get(key, 0)), money(previous.get(key, 0))
		rows.append(ComparisonRow(key, now, before, now - before, _ratio(now - before, before)))
	return rows

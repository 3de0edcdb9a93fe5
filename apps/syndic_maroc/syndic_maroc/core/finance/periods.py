"""Fiscal-year periods, their due dates, and the share of a yearly budget per period.

Law encoded:
- Loi 18-00 art. 24: a contribution is due on the first day of each quarter, or on the first
  day of the period set by the AG -> default frequency Quarterly, default due day 1.
- Décret 2.23.700 annex 1 art. 3: the fiscal year lasts 12 months; the first one may be shorter
  or longer but not more than 18 months.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from ._common import ZERO, _, add_months, fail, money, month_end

# Months per period for each frequency the AG may choose (art. 24 lets it set the period).
FREQUENCIES = {"Monthly": 1, "Quarterly": 3, "Half-yearly": 6, "Yearly": 12}
DEFAULT_FREQUENCY = "Quarterly"  # art. 24: due on the 1st day of each quarter
FISCAL_YEAR_MONTHS = 12  # décret 2.23.700 annex 1 art. 3
FIRST_FISCAL_YEAR_MAX_MONTHS = 18  # décret 2.23.700 annex 1 art. 3
SPLIT_METHODS = ("largest_remainder", "last")


@dataclass(frozen=True)
class Period:
	"""One period of a fiscal year; `index` starts at 1."""

	index: int
	start: date
	end: date
	due_date: date
	months: int
	label: str


def months_between(start: date, end: date) -> int:
	"""Whole months from a month's first day `start` to a month's last day `end`, inclusive."""
	return (end.year - start.year) * 12 + end.month - start.month + 1


def fiscal_year_end(start: date, months: int = FISCAL_YEAR_MONTHS) -> date:
	"""Last day of a fiscal year of `months` months starting on `start` (a month's first day)."""
	return month_end(add_months(start, months - 1))


def validate_fiscal_year(start: date, end: date, first_year: bool = False) -> int:
	"""Check a fiscal year's bounds and return its length in months.

	Décret 2.23.700 annex 1 art. 3: 12 months; the first year at most 18 months.
	"""
	if start.day != 1:
		fail(_("The fiscal year must start on the first day of a month (received: {start})."), start=start)
	if end != month_end(end):
		fail(_("The fiscal year must end on the last day of a month (received: {end})."), end=end)
	if end < start:
		fail(_("The end of the fiscal year ({end}) is before its start ({start})."), start=start, end=end)
	length = months_between(start, end)
	if first_year:
		if length > FIRST_FISCAL_YEAR_MAX_MONTHS:
			fail(
				_(
					"The first fiscal year lasts {months} months: at most {maximum} months (décret 2.23.700, annex 1, art. 3)."
				),
				months=length,
				maximum=FIRST_FISCAL_YEAR_MAX_MONTHS,
			)
	elif length != FISCAL_YEAR_MONTHS:
		fail(
			_(
				"The fiscal year lasts {months} months: it must last {expected} months (décret 2.23.700, annex 1, art. 3)."
			),
			months=length,
			expected=FISCAL_YEAR_MONTHS,
		)
	return length


def _year_label(start: date, end: date) -> str:
	return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"


def _label(frequency: str, index: int, start: date, year_label: str) -> str:
	if frequency == "Monthly":
		return f"{start:%m/%Y}"
	if frequency == "Quarterly":
		return f"T{index} {year_label}"
	if frequency == "Half-yearly":
		return f"S{index} {year_label}"
	return f"Exercice {year_label}" if index == 1 else f"Exercice {year_label} ({index})"


def due_date_for(start: date, due_day: int = 1) -> date:
	"""Due date of a period starting on `start`: its `due_day` (default the 1st, art. 24)."""
	if not 1 <= due_day <= 31:
		fail(_("Invalid due day: {day} (1 to 31)."), day=due_day)
	return date(start.year, start.month, min(due_day, month_end(start).day))


def fiscal_periods(
	year_start: date,
	frequency: str = DEFAULT_FREQUENCY,
	year_end: date | None = None,
	due_day: int = 1,
	first_year: bool = False,
) -> list[Period]:
	"""The periods of a fiscal year, in order; a last period may be shorter (first year only).

	Due date: the `due_day` of each period's first month, default the 1st (loi 18-00 art. 24).
	"""
	if frequency not in FREQUENCIES:
		fail(
			_("Unknown frequency: {frequency} (expected: {expected})."),
			frequency=frequency,
			expected=", ".join(FREQUENCIES),
		)
	if year_end is None:
		year_end = fiscal_year_end(year_start)
	length = validate_fiscal_year(year_start, year_end, first_year)
	step = FREQUENCIES[frequency]
	year_label = _year_label(year_start, year_end)
	periods = []
	offset = 0
	while offset < length:
		months = min(step, length - offset)
		start = add_months(year_start, offset)
		end = month_end(add_months(start, months - 1))
		index = len(periods) + 1
		periods.append(
			Period(
				index,
				start,
				end,
				due_date_for(start, due_day),
				months,
				_label(frequency, index, start, year_label),
			)
		)
		offset += months
	return periods


def period_of(periods: Sequence[Period], day: date) -> Period | None:
	"""The period containing `day`, or None."""
	for period in periods:
		if period.start <= day <= period.end:
			return period
	return None


def period_shares(amount, periods: Sequence[Period], method: str = "largest_remainder") -> list[Decimal]:
	"""Split a yearly amount over `periods` in proportion to their months, exact to the cent.

	method "largest_remainder": the cents left after flooring go to the largest remainders
	(earliest period first on ties); "last": every period gets its floored share and the last
	one absorbs the remainder.
	"""
	amount = money(amount)
	if amount < 0:
		fail(_("The budget amount cannot be negative: {amount}."), amount=amount)
	if not periods:
		fail(_("No period to spread the amount {amount} over."), amount=amount)
	if method not in SPLIT_METHODS:
		fail(_("Unknown allocation method: {method}."), method=method)
	if method == "largest_remainder":
		from ._split import split

		shares = split(amount, {p.index: p.months for p in periods})
		return [shares[p.index] for p in periods]
	year_months = sum(p.months for p in periods)
	shares = [
		(amount * p.months / year_months).quantize(Decimal("0.01"), rounding=ROUND_DOWN) for p in periods[:-1]
	]
	shares.append(amount - sum(shares, ZERO))
	return shares


def budget_period_shares(
	lines: Mapping[str, object], periods: Sequence[Period], method: str = "largest_remainder"
) -> list[dict[str, Decimal]]:
	"""Per period, the share of each budget category {category: yearly amount}; exact per category."""
	per_category = {category: period_shares(amount, periods, method) for category, amount in lines.items()}
	return [{category: shares[i] for category, shares in per_category.items()} for i in range(len(periods))]


def budget_share_for_period(
	lines: Mapping[str, object], periods: Sequence[Period], index: int, method: str = "largest_remainder"
) -> dict[str, Decimal]:
	"""The share of each category for the period numbered `index` (1-based)."""
	if not 1 <= index <= len(periods):
		fail(
			_("Period {number} does not exist (the fiscal year has {count})."),
			number=index,
			count=len(periods),
		)
	return budget_period_shares(lines, periods, method)[index - 1]


def monthly_distribution(year_start: date, year_end: date | None = None) -> list[tuple[str, Decimal]]:
	"""Equal monthly percentages for an ERPNext Monthly Distribution: (month name, percentage).

	ERPNext wants the 12 percentages to sum to exactly 100; months outside a short first year
	get 0. Names are the English month names ERPNext stores.
	"""
	import calendar

	from ._split import split

	if year_end is None:
		year_end = fiscal_year_end(year_start)
	covered = {
		(d.year, d.month)
		for d in (add_months(year_start, i) for i in range(months_between(year_start, year_end)))
	}
	months = sorted({month for _year, month in covered})
	shares = split(Decimal(100), {m: 1 for m in months})
	return [(calendar.month_name[m], shares.get(m, ZERO)) for m in range(1, 13)]

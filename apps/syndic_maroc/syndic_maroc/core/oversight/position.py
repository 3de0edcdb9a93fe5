"""The six-monthly financial position (loi 18-00 art. 26: the syndic informs every co-owner of
the financial position at least every six months): which half-year a notice covers."""

from datetime import date
from decimal import Decimal


def half_year(day: date) -> tuple[str, date, date]:
	"""('2026-H2', 1 July 2026, 31 December 2026) for a day of that half."""
	if day.month <= 6:
		return f"{day.year}-H1", date(day.year, 1, 1), date(day.year, 6, 30)
	return f"{day.year}-H2", date(day.year, 7, 1), date(day.year, 12, 31)


def half_just_ended(day: date) -> tuple[str, date, date]:
	"""The last half-year that ended before `day` (the job runs on 1 January and 1 July)."""
	if day.month <= 6:
		return half_year(date(day.year - 1, 12, 31))
	return half_year(date(day.year, 6, 30))


def arrears_rate(overdue, called) -> Decimal | None:
	"""Overdue / called, in %, for the résidence as a whole (no name)."""
	called = Decimal(str(called))
	if called <= 0:
		return None
	return (Decimal(str(overdue)) * 100 / called).quantize(Decimal("0.1"))

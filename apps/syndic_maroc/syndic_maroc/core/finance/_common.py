"""Small helpers shared by the finance modules: money values, month arithmetic, errors."""

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from syndic_maroc.core.allocation import to_decimal
from syndic_maroc.core.errors import ValidationError, _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value) -> Decimal:
	"""Return `value` as a Decimal rounded half-up to the cent (floats through their repr)."""
	return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def total(values) -> Decimal:
	"""Sum of amounts, as money."""
	return sum((money(v) for v in values), ZERO)


def add_months(day: date, months: int) -> date:
	"""`day` moved by `months` calendar months, clamped to the month's last day."""
	index = day.year * 12 + day.month - 1 + months
	year, month = divmod(index, 12)
	month += 1
	return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
	"""`day` moved by `years`; 29 February becomes 28 February in a common year."""
	return add_months(day, 12 * years)


def month_end(day: date) -> date:
	return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def days(count: int) -> timedelta:
	return timedelta(days=count)


def fail(template: str, **params):
	"""Raise the core ValidationError with a French message template and its params."""
	raise ValidationError(template, **params)

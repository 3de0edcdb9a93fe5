"""Amount, date and rate parsing as printed on Moroccan documents (MOROCCO.md §2.3)."""

from datetime import date
from decimal import Decimal

import pytest
from syndic_maroc.core.intake.numbers import find_amounts, find_dates, parse_amount, parse_date, parse_rate


@pytest.mark.parametrize(
	"text, expected",
	[
		("1 200,00", "1200.00"),
		("1.200,00", "1200.00"),
		("304.51", "304.51"),
		("* 414,31 *", "414.31"),
		("12 345,67 CREDITEUR", "12345.67"),
		("600 000,00", "600000.00"),
		("45 674,66 DH", "45674.66"),
		("-12,50", "-12.50"),
		("1\u00a0234,56", "1234.56"),
		("abc", None),
		("", None),
	],
)
def test_parse_amount(text, expected):
	assert parse_amount(text) == (Decimal(expected) if expected else None)


def test_find_amounts_uses_wide_gaps_as_column_breaks():
	# One space: thousands separator; three spaces: a column gap.
	assert [a for a, _s, _e in find_amounts("Peinture   59   45,53   2 686,27")] == [
		Decimal("45.53"),
		Decimal("2686.27"),
	]
	assert [a for a, _s, _e in find_amounts("Net à payer * 414,31 *")] == [Decimal("414.31")]


def test_dates_in_every_printed_form():
	text = "du 05/01/2024 au 05/02/2024, valeur 02 03 2024, le 15 mars 2024"
	assert [d for d, _s, _e in find_dates(text)] == [
		date(2024, 1, 5),
		date(2024, 2, 5),
		date(2024, 3, 2),
		date(2024, 3, 15),
	]
	assert parse_date("06/05", default_year=2024) == date(2024, 5, 6)
	assert parse_date("06/05") is None  # no year, no guess
	assert parse_date("31/02/2024") is None
	assert parse_date("1er février 2025") == date(2025, 2, 1)


def test_rates():
	assert parse_rate("TVA 20 %") == Decimal(20)
	assert parse_rate("T.V.A. (7,00%)") == Decimal(7)
	assert parse_rate("TVA 5,5 %") == Decimal("5.5")
	assert parse_rate("TVA") is None


def test_conventions_come_from_core_amounts_and_dates():
	"""numbers.py only adds the OCR layer: month names, year pivot and amount rules are core's."""
	assert [d for d, _s, _e in find_dates("Echéance : 15 يناير 2025")] == [date(2025, 1, 15)]
	assert [d for d, _s, _e in find_dates("période du 1er janv. 2024 au 31 déc. 2024")] == [
		date(2024, 1, 1),
		date(2024, 12, 31),
	]
	assert parse_date("05/01/99") == date(1999, 1, 5)  # core.dates pivot: 70–99 → 1900s
	assert parse_date("05 /01/ 2024") == date(2024, 1, 5)  # OCR spacing around separators
	assert parse_amount("2024 1 200,00") is None  # two glued columns are refused (core.amounts)
	assert parse_amount("1 200,-") == Decimal("1200.00")
	assert parse_amount("-45,5") == Decimal("-45.50")

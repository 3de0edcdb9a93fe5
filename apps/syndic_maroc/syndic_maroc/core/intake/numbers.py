"""Amounts and dates as the OCR reads them: the column- and noise-aware layer over
core.amounts and core.dates.

The Moroccan conventions themselves ("1 200,00", "304.51", "* 414,31 *", "02 02 2024",
"15 mars 2024", Arabic month names, two-digit years) live in core.amounts / core.dates; this
module only adds what OCR'd lines need on top:
- finding several amounts or dates in one line, with their positions. `find_amounts` relies on
  the layout layer writing column gaps as two or more spaces, so that a single space is a
  thousands separator and a wider gap separates two numbers;
- tolerance for OCR spacing ("05 /01/ 2024", a year split "202 4") and for the balance
  suffixes of statements ("12 345,67 CREDITEUR");
- lenient parsing: None instead of a ValidationError, since a rule tries many candidates.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from syndic_maroc.core import amounts, dates
from syndic_maroc.core.errors import ValidationError
from syndic_maroc.core.text import fold

CENT = Decimal("0.01")
# OCR confusions inside numbers.
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8"})

AMOUNT_RE = re.compile(r"(?<![\w,.])-?(?:\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+)(?:[,.]\d{2})(?![\d,.]*\d)")
INTEGER_RE = re.compile(r"(?<![\w,.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])|(?<![\w,.])\d+(?![\d,.]\d)")
_BALANCE_SUFFIX = re.compile(r"(?i)\b(?:cr[ée]diteur|d[ée]biteur)\b")

# OCR-tolerant shapes of the forms core.dates reads: spaces around the separators, a year
# split by a stray space, several spaces before a month name.
DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{3} \d|\d{4}|\d{2})(?!\d)")
SPACED_DATE_RE = re.compile(r"(?<![\d,])(\d{2}) (\d{2}) (\d{4})(?!\d)")
SHORT_DATE_RE = re.compile(r"(?<![\d/])(\d{2})/(\d{2})(?![/\d])")
WORD_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})(?:er)?\s+([^\W\d_]{3,9})\.?\s+(\d{4})(?!\d)")


def parse_amount(text: str | None) -> Decimal | None:
	"""One amount (core.amounts.parse_amount, to the cent), or None when unreadable."""
	if not text:
		return None
	try:
		value = amounts.parse_amount(_BALANCE_SUFFIX.sub(" ", text))
	except ValidationError:
		return None
	return value.quantize(CENT)


def find_amounts(text: str) -> list[tuple[Decimal, int, int]]:
	"""Every decimal amount in a line (value, start, end), left to right."""
	found = []
	for m in AMOUNT_RE.finditer(text):
		value = parse_amount(m.group(0))
		if value is not None:
			found.append((value, m.start(), m.end()))
	return found


def find_integers(text: str) -> list[tuple[int, int, int]]:
	"""Integers (with space thousands) that are not part of a decimal amount."""
	return [(int(re.sub(r"\D", "", m.group(0))), m.start(), m.end()) for m in INTEGER_RE.finditer(text)]


def clean_digits(token: str) -> str:
	"""An OCR'd numeric code with letters mistaken for digits put right."""
	return token.translate(_OCR_DIGITS)


def _make_date(day: str, month: int | str, year: int | str) -> date | None:
	"""core.dates' rules (two-digit year pivot, year range, real days), or None."""
	try:
		return dates.parse_date(f"{int(day)}/{int(month)}/{year}")
	except ValidationError:
		return None


def find_dates(text: str, default_year: int | None = None) -> list[tuple[date, int, int]]:
	"""Every date in a line (date, start, end), in order. "dd/mm" without a year only when
	`default_year` is given. Month names are core.dates.MONTHS (French, English, Arabic)."""
	found: list[tuple[date, int, int]] = []
	taken: list[tuple[int, int]] = []

	def add(d, start, end):
		if d and not any(s < end and start < e for s, e in taken):
			found.append((d, start, end))
			taken.append((start, end))

	for m in DATE_RE.finditer(text):
		add(_make_date(m.group(1), m.group(2), m.group(3).replace(" ", "")), m.start(), m.end())
	for m in SPACED_DATE_RE.finditer(text):
		add(_make_date(m.group(1), m.group(2), m.group(3)), m.start(), m.end())
	for m in WORD_DATE_RE.finditer(text):
		month = dates.MONTHS.get(fold(m.group(2)))
		if month:
			add(_make_date(m.group(1), month, m.group(3)), m.start(), m.end())
	if default_year:
		for m in SHORT_DATE_RE.finditer(text):
			add(_make_date(m.group(1), m.group(2), default_year), m.start(), m.end())
	found.sort(key=lambda t: t[1])
	return found


def parse_date(text: str | None, default_year: int | None = None) -> date | None:
	"""The date of `text` (core.dates.parse_date), else the first one found in it, else None."""
	if not text:
		return None
	try:
		return dates.parse_date(text, default_year=default_year)
	except ValidationError:
		pass
	found = find_dates(text, default_year)
	return found[0][0] if found else None


def parse_rate(text: str) -> Decimal | None:
	"""A percentage such as "20%", "20 %", "7,00 %", "TVA 10"."""
	m = re.search(r"(\d{1,2}(?:[.,]\d{1,2})?)\s*%", text)
	if not m:
		return None
	rate = Decimal(m.group(1).replace(",", "."))
	return Decimal(int(rate)) if rate == rate.to_integral_value() else rate

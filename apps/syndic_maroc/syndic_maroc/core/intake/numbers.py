"""Amounts, dates and codes as they are printed on Moroccan documents and read by OCR.

Lenient on purpose: "1 200,00", "1.200,00", "304.51", "* 414,31 *", "12 345,67 CREDITEUR";
dates "02/02/2024", "02 02 2024", "02.02.24", "06/05" (year from context), "15 mars 2024".
`find_amounts` relies on the layout layer writing column gaps as two or more spaces, so that a
single space is a thousands separator and a wider gap separates two numbers.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from syndic_maroc.core.text import fold

# OCR confusions inside numbers.
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8"})

AMOUNT_RE = re.compile(r"(?<![\w,.])-?(?:\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+)(?:[,.]\d{2})(?![\d,.]*\d)")
INTEGER_RE = re.compile(r"(?<![\w,.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])|(?<![\w,.])\d+(?![\d,.]\d)")

_MONTHS = {
	"janvier": 1,
	"janv": 1,
	"jan": 1,
	"fevrier": 2,
	"fevr": 2,
	"fev": 2,
	"mars": 3,
	"mar": 3,
	"avril": 4,
	"avr": 4,
	"mai": 5,
	"juin": 6,
	"juillet": 7,
	"juil": 7,
	"aout": 8,
	"septembre": 9,
	"sept": 9,
	"sep": 9,
	"octobre": 10,
	"oct": 10,
	"novembre": 11,
	"nov": 11,
	"decembre": 12,
	"dec": 12,
}
DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{3} \d|\d{4}|\d{2})(?!\d)")
SPACED_DATE_RE = re.compile(r"(?<![\d,])(\d{2}) (\d{2}) (\d{4})(?!\d)")
SHORT_DATE_RE = re.compile(r"(?<![\d/])(\d{2})/(\d{2})(?![/\d])")
WORD_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})(?:er)?\s+([a-zéûA-ZÉÛ]{3,9})\.?\s+(\d{4})(?!\d)")


def parse_amount(text: str | None) -> Decimal | None:
	"""One amount in either convention, or None. The last separator followed by 1–2 digits is
	the decimal point; every other separator (space, dot, comma) groups thousands."""
	if not text:
		return None
	s = text.replace("*", " ").replace("\u00a0", " ").replace("\u202f", " ").strip()
	s = re.sub(r"(?i)\b(mad|dhs?|dirhams?|cr[ée]diteur|d[ée]biteur)\b", " ", s).strip()
	neg = s.startswith("-") or s.endswith("-")
	s = s.strip("- ")
	if not s:
		return None
	m = re.fullmatch(r"([\d .,]*?)(?:[.,](\d{1,2}))?", s)
	if not m or not re.search(r"\d", m.group(1) or "0"):
		return None
	whole = re.sub(r"[ .,]", "", m.group(1)) or "0"
	if not whole.isdigit():
		return None
	cents = (m.group(2) or "0").ljust(2, "0")
	try:
		value = Decimal(f"{whole}.{cents}")
	except InvalidOperation:
		return None
	return -value if neg else value


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
	found = []
	for m in INTEGER_RE.finditer(text):
		found.append((int(re.sub(r"\D", "", m.group(0))), m.start(), m.end()))
	return found


def clean_digits(token: str) -> str:
	"""An OCR'd numeric code with letters mistaken for digits put right."""
	return token.translate(_OCR_DIGITS)


def _make_date(day: int, month: int, year: int) -> date | None:
	if year < 100:
		year += 2000
	try:
		return date(year, month, day)
	except ValueError:
		return None


def find_dates(text: str, default_year: int | None = None) -> list[tuple[date, int, int]]:
	"""Every date in a line, in order. "dd/mm" without a year only when `default_year` is given."""
	found: list[tuple[date, int, int]] = []
	taken: list[tuple[int, int]] = []

	def add(d, start, end):
		if d and not any(s < end and start < e for s, e in taken):
			found.append((d, start, end))
			taken.append((start, end))

	for m in DATE_RE.finditer(text):
		add(
			_make_date(int(m.group(1)), int(m.group(2)), int(m.group(3).replace(" ", ""))), m.start(), m.end()
		)
	for m in SPACED_DATE_RE.finditer(text):
		add(_make_date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.start(), m.end())
	for m in WORD_DATE_RE.finditer(text):
		month = _MONTHS.get(fold(m.group(2)))
		if month:
			add(_make_date(int(m.group(1)), month, int(m.group(3))), m.start(), m.end())
	if default_year:
		for m in SHORT_DATE_RE.finditer(text):
			add(_make_date(int(m.group(1)), int(m.group(2)), default_year), m.start(), m.end())
	found.sort(key=lambda t: t[1])
	return found


def parse_date(text: str | None, default_year: int | None = None) -> date | None:
	if not text:
		return None
	dates = find_dates(text, default_year)
	return dates[0][0] if dates else None


def parse_rate(text: str) -> Decimal | None:
	"""A percentage such as "20%", "20 %", "7,00 %", "TVA 10"."""
	m = re.search(r"(\d{1,2}(?:[.,]\d{1,2})?)\s*%", text)
	if not m:
		return None
	rate = Decimal(m.group(1).replace(",", "."))
	return Decimal(int(rate)) if rate == rate.to_integral_value() else rate

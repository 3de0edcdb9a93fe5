"""Dates as written on Moroccan bills, statements and legal texts (MOROCCO.md §2.3, §2.5, §4).

Accepted (day always before month, as in Morocco; the year may also come first in ISO form):
- numeric: "15/01/2026", "15-01-2026", "15.01.2026", "15 01 2026" (Attijariwafa), "15/01/26",
  ISO "2026-01-15" (also "2026/01/15"); the separator must be the same twice;
- without year, "15/01" (CIH statements): only with "/", and only when `default_year` is given
  (the year of the statement's "SOLDE DEPART AU : dd/mm/yyyy" line);
- month names in French ("15 janvier 2026", "1er février 2026", "15 janv. 2026", any case,
  with or without accents), English, and Arabic: the Moroccan names (يناير … ماي … يوليوز غشت
  شتنبر … نونبر دجنبر), the Egyptian/Gulf ones (مايو يوليو أغسطس سبتمبر نوفمبر ديسمبر), the
  Levantine ones (كانون الثاني … تشرين الأول) and the Algerian/Tunisian ones (جانفي فيفري …);
  "2026 يناير 15" (year first, as right-to-left extraction sometimes gives) is read too.
Two-digit years: 00–69 → 2000–2069, 70–99 → 1970–1999 (fixed pivot: the result never depends
on today's date). Years outside 1900–2100 are refused, so Hijri years ("25 rejeb 1423") are
never taken for Gregorian ones.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from syndic_maroc.core.errors import ValidationError, _
from syndic_maroc.core.text import fold

MIN_YEAR, MAX_YEAR = 1900, 2100

_MONTH_NAMES = {
	1: "janvier janv jan january كانون_الثاني يناير جانفي",
	2: "fevrier fevr fev february feb شباط فبراير فيفري",
	3: "mars mar march اذار مارس",
	4: "avril avr april apr نيسان ابريل افريل",
	5: "mai may ايار ماي مايو",
	6: "juin june jun حزيران يونيو يونيه جوان",
	7: "juillet juil july jul تموز يوليوز يوليو يوليه جويليه",
	8: "aout august aug اب غشت اغسطس اوت",
	9: "septembre sept sep september ايلول شتنبر سبتمبر",
	10: "octobre oct october تشرين_الاول اكتوبر",
	11: "novembre nov november تشرين_الثاني نونبر نوفمبر",
	12: "decembre dec december كانون_الاول دجنبر ديسمبر",
}
# Keys are in fold() form (no accents or hamza, lower case); "_" stands for a space.
MONTHS = {name.replace("_", " "): month for month, names in _MONTH_NAMES.items() for name in names.split()}

_MONTH = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in sorted(MONTHS, key=len, reverse=True))
_NOT_LETTER = r"(?![^\W\d_])"
_BEFORE = r"(?<![0-9])(?<![0-9][/.\-])"
_AFTER = r"(?![0-9])(?![/.\-][0-9])"
_WEEKDAY = r"(?:(?:le|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)*"

_PATTERNS = [
	re.compile(p)
	for p in (
		# ISO, year first
		rf"{_BEFORE}(?P<y>[0-9]{{4}})(?P<s>[-/.])(?P<m>[0-9]{{1,2}})(?P=s)(?P<d>[0-9]{{1,2}}){_AFTER}",
		# day first, same separator twice
		rf"{_BEFORE}(?P<d>[0-9]{{1,2}})(?P<s>[-/.])(?P<m>[0-9]{{1,2}})(?P=s)(?P<y>[0-9]{{4}}|[0-9]{{2}}){_AFTER}",
		# "dd mm yyyy" (spaces need a four-digit year: "3 12 24" is more often three numbers)
		rf"{_BEFORE}(?P<d>[0-9]{{1,2}}) (?P<m>[0-9]{{1,2}}) (?P<y>[0-9]{{4}}){_AFTER}",
		# "dd/mm", year from default_year
		rf"{_BEFORE}(?P<d>[0-9]{{1,2}})/(?P<m>[0-9]{{1,2}}){_AFTER}",
		# "15 janvier 2026", "1er fevrier 2026", "15 janv. 26", "15 janvier"
		rf"{_WEEKDAY}(?<![0-9])(?P<d>[0-9]{{1,2}})(?:er)?[\s\-/.]*(?P<mn>{_MONTH}){_NOT_LETTER}\.?"
		rf"(?:[\s\-/.,]*(?P<y>[0-9]{{4}}|[0-9]{{2}})(?![0-9]))?",
		# "2026 يناير 15" (right-to-left text extracted in visual order)
		rf"(?<![0-9])(?P<y>[0-9]{{4}})[\s\-/.,]*(?P<mn>{_MONTH}){_NOT_LETTER}\.?[\s\-/.,]*(?P<d>[0-9]{{1,2}})(?![0-9])",
	)
]

_INVALID = _('Invalid date: "{value}"')


def parse_date(text: str | date, *, default_year: int | None = None) -> date:
	"""The date written in `text` (the whole text, give or take surrounding punctuation).

	date/datetime objects are returned as dates. Raises ValidationError (French message)
	when the text is not a date, the day does not exist (31/02) or the year is missing.
	"""
	if isinstance(text, datetime):
		return text.date()
	if isinstance(text, date):
		return text
	folded = fold(text if isinstance(text, str) else "").strip(" :;,.")
	if not folded:
		raise ValidationError(_("Empty date"))
	whole = [m for m in _matches(folded) if m.start() == 0 and m.end() == len(folded)]
	if not whole:
		raise ValidationError(_('Unreadable date: "{value}"'), value=text)
	return _build(whole[0], text, default_year)


def find_dates(text: str, *, default_year: int | None = None) -> list[date]:
	"""Every valid date found in a longer text, in reading order.

	For OCR text: "Période de consommation du 05/01/2024 au 05/02/2024" gives two dates.
	Candidates that are not real dates (31/02/2024) or lack a year without `default_year`
	are skipped, not raised.
	"""
	found = []
	taken_until = -1
	for match in sorted(_matches(fold(text or "")), key=lambda m: (m.start(), -m.end())):
		if match.start() < taken_until:
			continue
		try:
			found.append(_build(match, match.group(0), default_year))
		except ValidationError:
			continue
		taken_until = match.end()
	return found


def _matches(folded: str) -> list[re.Match]:
	return [match for pattern in _PATTERNS for match in pattern.finditer(folded)]


def _build(match: re.Match, original: str, default_year: int | None) -> date:
	groups = match.groupdict()
	month = MONTHS[re.sub(r"\s+", " ", groups["mn"])] if groups.get("mn") else int(groups["m"])
	if groups.get("y"):
		year = int(groups["y"])
		if len(groups["y"]) == 2:
			year += 2000 if year < 70 else 1900
	elif default_year is not None:
		year = int(default_year)
	else:
		raise ValidationError(
			_('The year is missing in the date "{value}": give the reference year'), value=original
		)
	if not MIN_YEAR <= year <= MAX_YEAR:
		raise ValidationError(
			_('Year out of range in the date "{value}" (expected: {min}–{max})'),
			value=original,
			min=MIN_YEAR,
			max=MAX_YEAR,
		)
	try:
		return date(year, month, int(groups["d"]))
	except ValueError:
		raise ValidationError(_INVALID, value=original) from None

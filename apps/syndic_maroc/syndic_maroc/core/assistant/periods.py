"""Periods named in a question, resolved against today's date: "en 2026", "2e trimestre", "T3",
"ce mois", "le mois dernier", "cette année", "l'année dernière", "en mars", "في مارس", "الربع
الثاني", "العام الماضي", "had l3am", "l3am li fat"; and a breakdown asked for ("par trimestre",
"par mois", "حسب الأشهر").

The fiscal year of a syndicat is the calendar year (décret 2.23.700, annex 1 art. 3), so years
and quarters are calendar ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from syndic_maroc.core.dates import MONTHS
from syndic_maroc.core.text import fold

YEAR, QUARTER, MONTH, SEMESTER = "year", "quarter", "month", "semester"


@dataclass(frozen=True)
class Period:
	start: date
	end: date
	kind: str  # year, quarter, semester, month
	year: int
	index: int = 0  # quarter 1-4, semester 1-2, month 1-12; 0 for a year
	to_date: bool = False  # year to date: ends today


def year(y: int) -> Period:
	return Period(date(y, 1, 1), date(y, 12, 31), YEAR, y)


def quarter(y: int, q: int) -> Period:
	start = date(y, 3 * q - 2, 1)
	return Period(start, _month_end(y, 3 * q), QUARTER, y, q)


def semester(y: int, s: int) -> Period:
	return Period(date(y, 6 * s - 5, 1), _month_end(y, 6 * s), SEMESTER, y, s)


def month(y: int, m: int) -> Period:
	return Period(date(y, m, 1), _month_end(y, m), MONTH, y, m)


def _month_end(y: int, m: int) -> date:
	first_next = date(y + (m == 12), m % 12 + 1, 1)
	return first_next - timedelta(days=1)


def quarters_of(period: Period) -> list[Period]:
	return [
		q
		for q in (quarter(period.year, i) for i in range(1, 5))
		if q.start <= period.end and q.end >= period.start
	]


def months_of(period: Period) -> list[Period]:
	return [
		m
		for m in (month(period.year, i) for i in range(1, 13))
		if m.start <= period.end and m.end >= period.start
	]


def _f(*words: str) -> str:
	return "|".join(re.escape(fold(w)).replace(r"\ ", r"\s+") for w in words)


_ORDINALS = {
	1: ("1er", "1ere", "1e", "premier", "premiere", "first", "الاول", "اول", "lowel", "louwel", "lwl"),
	2: (
		"2e",
		"2eme",
		"2nd",
		"2nde",
		"deuxieme",
		"second",
		"seconde",
		"الثاني",
		"تاني",
		"التاني",
		"tani",
		"ttani",
	),
	3: ("3e", "3eme", "troisieme", "third", "الثالث", "تالت", "التالت", "talet", "ttalet"),
	4: ("4e", "4eme", "quatrieme", "fourth", "الرابع", "رابع", "rabe3", "rrabe3"),
}
_ORD = {fold(word): n for n, words in _ORDINALS.items() for word in words}
_ORD_RE = "|".join(re.escape(w) for w in sorted(_ORD, key=len, reverse=True))
_QUARTER_WORD = _f("trimestre", "trim", "quarter", "الربع", "ربع", "الثلاثي", "ثلاثي", "الفصل", "trimestr")
_SEMESTER_WORD = _f("semestre", "النصف", "نصف", "الاسدس", "السداسي")

_QUARTER_PATTERNS = [
	re.compile(rf"(?<![^\W\d_])(?P<o>{_ORD_RE})\s*(?:{_QUARTER_WORD})"),
	re.compile(rf"(?:{_QUARTER_WORD})\s*(?:de\s+l'?annee\s+)?(?P<o>{_ORD_RE}|[1-4])(?![0-9])"),
	re.compile(r"(?<![^\W_])[tq](?P<n>[1-4])(?![^\W_])"),
	re.compile(rf"(?<![0-9])(?P<n>[1-4])\s*(?:{_QUARTER_WORD})"),
]
_SEMESTER_PATTERNS = [
	re.compile(rf"(?<![^\W\d_])(?P<o>{_ORD_RE})\s*(?:{_SEMESTER_WORD})"),
	re.compile(rf"(?:{_SEMESTER_WORD})\s*(?P<o>{_ORD_RE}|[12])(?![0-9])"),
	re.compile(r"(?<![^\W_])s(?P<n>[12])(?![^\W_])"),
]
_YEAR = re.compile(r"(?<![0-9/.\-])(?P<y>(?:19|20)[0-9]{2})(?![0-9/.\-])")
_THIS_YEAR = re.compile(
	_f(
		"cette annee",
		"cette annee-ci",
		"l'annee en cours",
		"annee en cours",
		"exercice en cours",
		"cet exercice",
		"this year",
		"هذه السنه",
		"هذا العام",
		"السنه الحاليه",
		"العام الحالي",
		"هاد العام",
		"هاد السنه",
		"had l3am",
		"had el3am",
		"had lpériode",
		"had l'3am",
		"had sana",
		"cette annee",
	)
)
_LAST_YEAR = re.compile(
	_f(
		"l'annee derniere",
		"l'annee passee",
		"annee derniere",
		"annee precedente",
		"l'an dernier",
		"l'an passe",
		"exercice precedent",
		"exercice dernier",
		"last year",
		"السنه الماضيه",
		"العام الماضي",
		"السنه الفارطه",
		"العام اللي فات",
		"العام لي فات",
		"العام الفايت",
		"l3am li fat",
		"l3am lli fat",
		"l3am li daz",
		"l3am lfayt",
		"l3am l fat",
	)
)
_THIS_MONTH = re.compile(
	_f(
		"ce mois",
		"mois en cours",
		"mois-ci",
		"this month",
		"هذا الشهر",
		"الشهر الحالي",
		"هاد الشهر",
		"had chhar",
		"had ch-har",
		"had lchhar",
	)
)
_LAST_MONTH = re.compile(
	_f(
		"le mois dernier",
		"mois dernier",
		"mois passe",
		"mois precedent",
		"last month",
		"الشهر الماضي",
		"الشهر اللي فات",
		"الشهر لي فات",
		"chhar li fat",
		"chhar lli fat",
		"chhar lfayt",
	)
)
_THIS_QUARTER = re.compile(
	_f("ce trimestre", "trimestre en cours", "هذا الربع", "الربع الحالي", "had trimestre")
)
_LAST_QUARTER = re.compile(
	_f("trimestre dernier", "trimestre precedent", "dernier trimestre", "الربع الماضي", "الربع السابق")
)
_BY_QUARTER = re.compile(
	_f(
		"par trimestre",
		"trimestriel",
		"trimestrielle",
		"trimestre par trimestre",
		"by quarter",
		"حسب الربع",
		"حسب الفصل",
		"لكل ربع",
		"كل ربع",
		"حسب الثلاثي",
		"f kol trimestre",
		"kol trimestre",
	)
)
_BY_MONTH = re.compile(
	_f(
		"par mois",
		"mensuel",
		"mensuelle",
		"mois par mois",
		"by month",
		"حسب الشهر",
		"حسب الاشهر",
		"لكل شهر",
		"كل شهر",
		"شهر بشهر",
		"kol chhar",
		"f kol chhar",
	)
)
_ARABIC_PROCLITIC = "وبلف"


@dataclass(frozen=True)
class PeriodRequest:
	period: Period | None
	breakdown: str | None  # "quarter", "month" or None
	explicit: bool  # a period was named in the question


def _ordinal(value: str) -> int | None:
	if value.isdigit():
		return int(value)
	return _ORD.get(value)


def _month_in(folded: str) -> int | None:
	"""A month named in full ("mars", "مارس", "في شهر ماي"); short forms ("mar") are too ambiguous."""
	for token in re.findall(r"[^\W\d_]+", folded):
		for candidate in (token, token[1:] if token[:1] in _ARABIC_PROCLITIC and len(token) > 3 else None):
			if candidate and len(candidate) >= 3 and candidate in MONTHS and _full_month_name(candidate):
				return MONTHS[candidate]
	return None


_SHORT_MONTHS = {
	"jan",
	"fev",
	"fevr",
	"mar",
	"avr",
	"juil",
	"sept",
	"sep",
	"oct",
	"nov",
	"dec",
	"feb",
	"apr",
	"jun",
	"jul",
	"aug",
	"may",
}


def _full_month_name(word: str) -> bool:
	return word not in _SHORT_MONTHS


def resolve(text: str, today: date) -> PeriodRequest:
	"""The period of `text` (already folded or not), relative to `today`."""
	folded = fold(text)
	breakdown = QUARTER if _BY_QUARTER.search(folded) else (MONTH if _BY_MONTH.search(folded) else None)
	years = [int(m.group("y")) for m in _YEAR.finditer(folded)]
	y = years[0] if years else today.year
	if _LAST_YEAR.search(folded):
		y = today.year - 1
	if _THIS_MONTH.search(folded):
		return PeriodRequest(month(today.year, today.month), breakdown, True)
	if _LAST_MONTH.search(folded):
		previous = today.replace(day=1) - timedelta(days=1)
		return PeriodRequest(month(previous.year, previous.month), breakdown, True)
	if _THIS_QUARTER.search(folded):
		return PeriodRequest(quarter(today.year, (today.month - 1) // 3 + 1), breakdown, True)
	if _LAST_QUARTER.search(folded):
		q = (today.month - 1) // 3
		return PeriodRequest(quarter(today.year - (q == 0), q or 4), breakdown, True)
	if not _BY_QUARTER.search(folded):
		for pattern in _QUARTER_PATTERNS:
			match = pattern.search(folded)
			if match:
				n = _ordinal(match.groupdict().get("o") or match.groupdict().get("n") or "")
				if n and 1 <= n <= 4:
					return PeriodRequest(quarter(y, n), breakdown, True)
	for pattern in _SEMESTER_PATTERNS:
		match = pattern.search(folded)
		if match:
			n = _ordinal(match.groupdict().get("o") or match.groupdict().get("n") or "")
			if n in (1, 2):
				return PeriodRequest(semester(y, n), breakdown, True)
	m = _month_in(folded)
	if m and not _BY_MONTH.search(folded):
		return PeriodRequest(month(y, m), breakdown, True)
	if years or _LAST_YEAR.search(folded) or _THIS_YEAR.search(folded):
		return PeriodRequest(year(y), breakdown, True)
	return PeriodRequest(None, breakdown, False)


def year_to_date(today: date) -> Period:
	return Period(date(today.year, 1, 1), today, YEAR, today.year, to_date=True)

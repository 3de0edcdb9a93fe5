"""The figure check: every number in an answer must be one a tool returned.

An answer (written by the LLM, or by a template) is read for amounts in the Moroccan format
("1 250,00 DH", "1.250,00", "1250 درهم"), percentages, dates ("15/03/2026", "2026-03-15",
"15 mars 2026") and plain counts ("12 lots"). Each must equal a figure of the tools' results
(amounts to the cent, dates to the day) or a number written in an identifier or label the tools
returned (a lot "B-12", an invoice "ACC-SINV-2026-00012", "2e trimestre 2026"). Anything else is
a foreign figure and the answer is rejected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from syndic_maroc.core.dates import find_dates
from syndic_maroc.core.text import normalize_text

# An amount or a number: grouped thousands (space, NBSP, narrow NBSP or point) and a decimal part.
_NUMBER = re.compile(
	r"(?<![0-9A-Za-z])-?(?:[0-9]{1,3}(?:[ .][0-9]{3})+|[0-9]+)(?:,[0-9]+|\.[0-9]{1,2}(?![0-9]))?(?![0-9])"
)
_IDENTIFIER = re.compile(
	r"[A-Za-z\u0621-\u064a]+[A-Za-z0-9\u0621-\u064a]*(?:[-/_.][A-Za-z0-9]+)+|[A-Za-z]+[0-9]+[A-Za-z0-9]*"
)
_ORDINAL = re.compile(r"(?<![0-9])([0-9]{1,2})(?:e|er|ère|ere|ème|eme|nd|nde)(?![A-Za-z])")


@dataclass(frozen=True)
class Found:
	text: str
	value: Decimal | date | str
	kind: str = "number"  # number, percent, date or reference


def _decimal(text: str) -> Decimal | None:
	text = text.replace(" ", "")
	if "," in text:
		text = text.replace(".", "").replace(",", ".")
	elif re.fullmatch(r"-?[0-9]{1,3}(?:\.[0-9]{3})+", text):
		text = text.replace(".", "")
	try:
		return Decimal(text)
	except InvalidOperation:
		return None


def _clean(text: str) -> str:
	# NBSP and narrow NBSP (Frappe's and Intl's thousands separators) become plain spaces.
	return normalize_text(text).replace("\u066b", ",").replace("\u066c", " ")


def figures_in(text: str, identifiers: Iterable[str] = ()) -> list[Found]:
	"""Numbers and dates written in `text`, identifiers in `identifiers` left out."""
	text = _clean(text)
	for ident in sorted({_clean(i) for i in identifiers if i}, key=len, reverse=True):
		if re.search(r"[0-9]", ident):
			text = text.replace(ident, " ")
	found: list[Found] = []
	for day in find_dates(text):
		found.append(Found(day.isoformat(), day, "date"))
	text = _mask_dates(text)
	for match in _IDENTIFIER.finditer(text):
		if re.search(r"[0-9]", match.group(0)):
			# a reference no tool gave ("lot C-99", "ACC-SINV-0042"): foreign as a whole
			found.append(Found(match.group(0), match.group(0), "reference"))
	text = _IDENTIFIER.sub(" ", text)
	text = _ORDINAL.sub(lambda m: f" {m.group(1)} ", text)
	for match in _NUMBER.finditer(text):
		value = _decimal(match.group(0))
		if value is not None:
			percent = text[match.end() : match.end() + 3].lstrip().startswith("%")
			found.append(Found(match.group(0), value, "percent" if percent else "number"))
	return found


_DATE_TEXT = re.compile(
	r"(?<![0-9])(?:[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4})(?![0-9])"
)


def _mask_dates(text: str) -> str:
	return _DATE_TEXT.sub(" ", text)


def _allowed_values(values: Iterable[object]) -> tuple[set[Decimal], set[date], set[Decimal]]:
	"""(exact numbers, dates, numbers rounded as percentages are written: 0 or 1 decimal)."""
	numbers: set[Decimal] = set()
	dates: set[date] = set()
	rounded: set[Decimal] = set()
	for value in values:
		if isinstance(value, bool) or value is None:
			continue
		if isinstance(value, date):
			dates.add(value if type(value) is date else value.date() if hasattr(value, "date") else value)
			numbers.update({Decimal(value.year), Decimal(value.month), Decimal(value.day)})
		elif isinstance(value, int | float | Decimal):
			number = Decimal(str(value))
			numbers.add(number)
			numbers.add(number.copy_abs())
			if number == number.to_integral_value():
				numbers.add(number.to_integral_value())
			if abs(number) < 10**15:
				numbers.add(number.quantize(Decimal("0.01")))
				# a percentage is written rounded to one decimal or none ("72,9 %")
				rounded.update({number.quantize(Decimal("0.1")), number.quantize(Decimal("1"))})
		elif isinstance(value, str):
			for found in figures_in(value):
				if found.kind == "date":
					dates.add(found.value)
				elif found.kind in ("number", "percent"):
					numbers.add(found.value)
			for digits in re.findall(r"[0-9]+", value):
				numbers.add(Decimal(int(digits)))
	return numbers, dates, rounded


@dataclass(frozen=True)
class CheckResult:
	ok: bool
	foreign: tuple[str, ...]


def check(answer: str, allowed: Iterable[object], identifiers: Iterable[str] = ()) -> CheckResult:
	"""Whether every figure of `answer` is among `allowed` (numbers, dates, or strings whose
	numbers are allowed: labels and identifiers the tools returned)."""
	allowed = list(allowed)
	identifiers = [str(v) for v in (*identifiers, *allowed) if isinstance(v, str)]
	numbers, dates, rounded = _allowed_values(allowed)
	foreign = []
	for found in figures_in(answer, identifiers):
		if found.kind == "reference":
			foreign.append(found.text)
		elif found.kind == "date":
			if found.value not in dates:
				foreign.append(found.text)
		elif found.value in numbers or found.value.copy_abs() in numbers:
			continue
		elif not (found.kind == "percent" and found.value in rounded):
			foreign.append(found.text)
	return CheckResult(not foreign, tuple(foreign))

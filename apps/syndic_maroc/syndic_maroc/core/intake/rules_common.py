"""Helpers shared by the extraction rules: find a label, read the value beside or below it."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from .layout import Line
from .model import RULE, Field
from .numbers import find_amounts, find_dates

STRONG = 0.95  # a value right after its label
WEAK = 0.75  # a value found by position or by a looser pattern


@functools.cache
def rx(pattern: str) -> re.Pattern:
	return re.compile(pattern)


def find_lines(lines: list[Line], pattern: str) -> Iterable[tuple[int, re.Match]]:
	r = rx(pattern)
	for i, ln in enumerate(lines):
		m = r.search(ln.key)
		if m:
			yield i, m


def field(value, confidence: float, line: Line | None = None) -> Field:
	"""A rule field; its confidence is capped by the OCR confidence of the line it came from."""
	if value is None or value == "":
		return Field()
	if line is not None:
		confidence = min(confidence, 0.5 + 0.5 * line.conf)
	return Field(value=value, confidence=round(confidence, 3), source=RULE)


def _below(lines: list[Line], i: int, x0: float, max_lines: int = 2) -> list[Line]:
	"""Lines just under line i (same page) that have a word starting near x0."""
	out = []
	for ln in lines[i + 1 : i + 1 + max_lines]:
		if ln.page != lines[i].page:
			break
		out.append(ln)
	return out


def value_after(
	lines: list[Line], pattern: str, parse: Callable[[str], object], below: bool = True, last: bool = False
) -> tuple[object, Line, float] | None:
	"""The first value that `parse` finds after a label (same line), else on the line below."""
	hits = list(find_lines(lines, pattern))
	if last:
		hits.reverse()
	for i, m in hits:
		ln = lines[i]
		value = parse(ln.after(m.end()))
		if value is not None:
			return value, ln, STRONG
	if below:
		from .keyvalue import below_of

		for i, m in hits:
			if re.search(r"\w", lines[i].after(m.end()).split("   ")[0]):
				continue  # the label has something beside it (unreadable): not a stacked layout
			found = below_of(lines, i, m.start(), parse)
			if found is not None:
				return found.value, found.line, WEAK
	return None


def first_amount(text: str) -> Decimal | None:
	found = find_amounts(text)
	return found[0][0] if found else None


def last_amount(text: str) -> Decimal | None:
	found = find_amounts(text)
	return found[-1][0] if found else None


def first_date(text: str) -> date | None:
	found = find_dates(text)
	return found[0][0] if found else None


def token(pattern: str) -> Callable[[str], str | None]:
	"""A parser returning the first group of `pattern` found in the text."""
	r = re.compile(pattern)

	def parse(text: str) -> str | None:
		m = r.search(text)
		return m.group(1) if m else None

	return parse


def set_field(target, name: str, found, confidence: float | None = None) -> None:
	if found is None:
		return
	value, line, conf = found
	setattr(target, name, field(value, confidence if confidence is not None else conf, line))


def ocr_name(text: str) -> str:
	"""A name as printed: OCR reads the article "Al" / "El" of Moroccan names as "AI" / "EI"
	(capital i for l) before a capitalised word; no name has "AI" there."""
	return re.sub(r"\b([AE])I(?= [A-Z][a-z])", r"\1l", text)

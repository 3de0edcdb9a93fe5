"""Classification by structure, whatever the wording: an invoice has item lines where
quantity × unit price = amount and totals where HT + TVA = TTC at a Moroccan rate; a bank
statement has a RIB and many dated lines carrying amounts (issue 15: an insurer's notice, a fee
note, an English invoice, a bank not in our list)."""

from __future__ import annotations

import re
from decimal import Decimal

from .layout import Line
from .numbers import find_amounts, find_dates

RATES = (Decimal(7), Decimal(10), Decimal(14), Decimal(20))
CENT = Decimal("0.01")


def item_rows(lines: list[Line]) -> int:
	"""Lines whose last three numbers are quantity, unit price and amount (q × pu = amount)."""
	n = 0
	for ln in lines:
		nums = re.findall(r"(?<![\d,.])\d+(?:[ .]\d{3})*(?:[,.]\d{1,2})?(?![\d])", ln.text)
		if len(nums) < 3:
			continue
		amounts = find_amounts(ln.text)
		if len(amounts) < 2:
			continue
		q_raw = nums[-3]
		try:
			q = Decimal(q_raw.replace(" ", "").replace(",", "."))
		except ArithmeticError:
			continue
		pu, amount = amounts[-2][0], amounts[-1][0]
		if q > 0 and pu > 0 and abs(q * pu - amount) <= CENT:
			n += 1
	return n


def tax_triple(lines: list[Line]) -> bool:
	"""Amounts a, b, c printed on the page with a + b = c and b = a × a Moroccan TVA rate."""
	values = sorted({a for ln in lines for a, _s, _e in find_amounts(ln.text) if a > 0})
	present = set(values)
	for a in values:
		for r in RATES:
			b = (a * r / 100).quantize(CENT)
			if b in present and (a + b) in present:
				return True
	return False


def dated_amount_lines(lines: list[Line]) -> int:
	return sum(1 for ln in lines if find_dates(ln.text[:14]) and find_amounts(ln.text))


def has_rib(lines: list[Line]) -> bool:
	return any(re.search(r"(?<!\d)(?:\d[ ]?){24}(?!\d)", ln.text) for ln in lines)


def scores(lines: list[Line]) -> dict[str, float]:
	from .model import BANK_STATEMENT, INVOICE

	out = {INVOICE: 0.0, BANK_STATEMENT: 0.0}
	if item_rows(lines):
		out[INVOICE] += 2.5
	if tax_triple(lines):
		out[INVOICE] += 2.5
	if has_rib(lines) and dated_amount_lines(lines) >= 4:
		out[BANK_STATEMENT] += 4.0
	return out

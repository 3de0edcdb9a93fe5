"""Statement tables found by geometry, whatever the header says (issue 15).

A transaction line starts with a date and ends with amounts; the amounts of the table stand
in columns (their right edges align). The columns are told apart by the arithmetic: with a
running-balance column, balance[i] = balance[i-1] + credit − debit line by line; without one,
opening + credits − debits = closing. A single signed column (a minus sign, a trailing minus,
a D/C marker) gives the side by its sign. A line whose running balance contradicts the
amount read is repaired from the two balances around it when they agree with their
neighbours; what the arithmetic does not determine is left for review (lower confidence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .layout import Line
from .model import Transaction
from .numbers import find_dates, parse_amount

AMOUNT_CELL = re.compile(r"^(-?)\s*((?:\d{1,3}(?:[ .\u00a0]\d{3})+|\d+)[,.]\d{2})\s*(-?)\s*([DC])?$")
REPAIRED = 0.6  # confidence of an amount taken from the running balance


@dataclass
class Row:
	line: Line
	date: object
	value_date: object
	label: str
	amounts: list  # [(value signed, x_right, marker)]


def _cells(ln: Line):
	out, cur, last = [], [], None
	for w, (s, e) in zip(ln.words, ln.spans, strict=False):
		if cur and ln.text[last:s] == "   ":
			out.append(cur)
			cur = []
		cur.append(w)
		last = e
	if cur:
		out.append(cur)
	return [(" ".join(w.text for w in c), c[0].x0, c[-1].x1) for c in out]


def _row(ln: Line, year: int | None) -> Row | None:
	cells = _cells(ln)
	if not cells:
		return None
	dates = find_dates(cells[0][0], year)
	if not dates or dates[0][1] > 1:
		return None
	amounts, label, value_date = [], [], None
	for text, _x0, x1 in cells[1:]:
		m = AMOUNT_CELL.match(text.strip())
		if m:
			value = parse_amount(m.group(2))
			if value is None:
				continue
			negative = bool(m.group(1) or m.group(3)) or m.group(4) == "D"
			amounts.append((-value if negative else value, x1, m.group(4) or ("-" if negative else "")))
			continue
		if text.strip() in ("D", "C") and amounts:
			v, x, _mk = amounts[-1]
			amounts[-1] = (-abs(v) if text.strip() == "D" else abs(v), x, text.strip())
			continue
		d = find_dates(text, year)
		if d and d[0][1] <= 1 and value_date is None and not label:
			value_date = d[0][0]
			continue
		label.append(text)
	if not amounts:
		return None
	return Row(ln, dates[0][0], value_date, " ".join(label).strip(), amounts)


def _columns(rows: list[Row]) -> list[float]:
	"""Right edges of the amount columns, left to right (edges within 12 pt/px merged)."""
	edges = sorted(x for r in rows for _v, x, _m in r.amounts)
	cols: list[list[float]] = []
	for x in edges:
		if cols and x - cols[-1][-1] <= 12:
			cols[-1].append(x)
		else:
			cols.append([x])
	return [sum(c) / len(c) for c in cols if len(c) >= max(2, len(rows) // 5)]


def _col(cols: list[float], x: float) -> int | None:
	if not cols:
		return None
	i = min(range(len(cols)), key=lambda k: abs(cols[k] - x))
	return i if abs(cols[i] - x) <= 14 else None


def transactions(
	lines: list[Line], year: int | None, opening: Decimal | None, closing: Decimal | None
) -> list[Transaction]:
	rows = [r for ln in lines if (r := _row(ln, year))]
	if len(rows) < 2:
		return []
	cols = _columns(rows)
	if not cols:
		return []
	table = []
	for r in rows:
		placed = {}
		for v, x, mk in r.amounts:
			k = _col(cols, x)
			if k is not None and k not in placed:
				placed[k] = (v, mk)
		table.append(placed)
	signed = any(mk for r in rows for _v, _x, mk in r.amounts)
	best = None
	n = len(cols)
	# candidate roles: (debit col, credit col, balance col) among the columns, or one signed column
	options = []
	if n >= 3:
		options += [(a, b, c) for a in range(n) for b in range(n) for c in range(n) if len({a, b, c}) == 3]
	if n >= 2:
		options += [(a, b, None) for a in range(n) for b in range(n) if a != b]
		options += [(a, a, b) for a in range(n) for b in range(n) if a != b]  # signed + balance
	options += [(a, a, None) for a in range(n)]
	for debit, credit, balance in options:
		txns, score = _apply(rows, table, debit, credit, balance, signed, opening, closing)
		if txns is not None and (best is None or score > best[0]):
			best = (score, txns)
	return best[1] if best else []


def _apply(rows, table, debit, credit, balance, signed, opening, closing):
	"""Transactions under a role assignment and how well the arithmetic holds (None: impossible)."""
	single = debit == credit
	if single and not signed:
		return None, 0
	txns, deltas, score = [], [], 0.0
	bal_prev = opening
	for r, placed in zip(rows, table, strict=True):
		amounts = {k: v for k, (v, _mk) in placed.items() if k != balance}
		if single:
			if debit not in amounts:
				continue
			v = amounts[debit]
			d, c = (abs(v), None) if v < 0 else (None, v)
		else:
			d = abs(amounts[debit]) if debit in amounts else None
			c = abs(amounts[credit]) if credit in amounts else None
			if d is None and c is None:
				continue
			if d is not None and c is not None:
				return None, 0  # a line with both sides: not this assignment
		conf = round(min(0.95, 0.5 + 0.5 * r.line.conf), 3)
		t = Transaction(
			date=r.date, value_date=r.value_date, label=r.label, debit=d, credit=c, confidence=conf
		)
		wrong = None
		if balance is not None and balance in placed:
			bal = placed[balance][0]
			if bal_prev is not None:
				delta = bal - bal_prev
				if delta == (c or 0) - (d or 0):
					score += 1
				else:
					score -= 0.5
					wrong = delta
			bal_prev = bal
		txns.append(t)
		deltas.append(wrong)
	if balance is None and opening is not None and closing is not None:
		net = sum((t.credit or 0) - (t.debit or 0) for t in txns)
		score += 2 if opening + net == closing else -2
	_repair(txns, deltas)
	return txns, score + 0.01 * len(txns)


def _repair(txns: list[Transaction], deltas: list) -> None:
	"""An amount the running balance contradicts: the balance change is the amount, on the side
	the line was read on (a misread amount); a change of the other sign (a lost or swapped line)
	is not guessed: the line is left for review."""
	for t, delta in zip(txns, deltas, strict=True):
		if delta is None:
			continue
		if delta < 0 and t.debit is not None:
			t.debit, t.confidence = -delta, REPAIRED
		elif delta > 0 and t.credit is not None:
			t.credit, t.confidence = delta, REPAIRED
		else:
			t.confidence = min(t.confidence, 0.4)

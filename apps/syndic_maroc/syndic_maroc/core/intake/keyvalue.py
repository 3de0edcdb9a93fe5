"""Label-agnostic key-value search over a page's words with their positions.

A label and its value sit in one of three places on the documents people print: on the same
line after the label (same cell or the next column), or under it (a boxed cell, a header row of
a table of references). The search takes every place, parses each candidate by the TYPE the
field has (a number token, a date, an amount), and scores them by where they sit; the callers
then choose among the candidates with the document's own arithmetic.

Labels are given as regular expressions over folded text (core.text.fold) built from parts
(a document noun and a number marker in either order, "A / B" alternatives), not as lists of
whole wordings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .layout import GAP, Line
from .rules_common import rx


@dataclass
class Cell:
	"""A run of words of one line not broken by a column gap."""

	line: Line
	index: int  # line index in the document
	start: int  # offsets in line.key
	end: int
	x0: float
	x1: float

	@property
	def key(self) -> str:
		return self.line.key[self.start : self.end]

	def text_after(self, kpos: int) -> str:
		"""Text of this cell after offset kpos of line.key."""
		return self.line.text[self.line.text_from_key(kpos) : self.line.text_from_key(self.end)]

	@property
	def text(self) -> str:
		return self.text_after(self.start)

	@property
	def xc(self) -> float:
		return (self.x0 + self.x1) / 2


def line_cells(lines: list[Line], i: int) -> list[Cell]:
	ln = lines[i]
	out: list[Cell] = []
	start = 0
	key = ln.key
	for m in [*re.finditer(re.escape(GAP), key), None]:
		end = m.start() if m else len(key)
		if key[start:end].strip():
			words = [w for w, (s, e) in zip(ln.words, ln.kspans, strict=False) if s < end and start < e]
			if words:
				out.append(Cell(ln, i, start, end, min(w.x0 for w in words), max(w.x1 for w in words)))
		start = m.end() if m else len(key)
	return out


@dataclass
class Candidate:
	value: object
	line: Line
	score: float  # 1.0 same cell, 0.95 next cell right, 0.85 / 0.7 under the label
	where: str


def _height(ln: Line) -> float:
	hs = [w.height for w in ln.words if w.height > 0]
	return sorted(hs)[len(hs) // 2] if hs else 10.0


def candidates(
	lines: list[Line],
	label: str,
	parse: Callable[[str], object],
	skip: Callable[[Cell, re.Match], bool] | None = None,
	below: bool = True,
) -> list[Candidate]:
	"""Every value `parse` finds beside or under a match of `label`, best placed first."""
	out: list[Candidate] = []
	r = rx(label)
	for i, ln in enumerate(lines):
		for m in r.finditer(ln.key):
			cells = line_cells(lines, i)
			own = next((c for c in cells if c.start <= m.start() < c.end + 1), None)
			if own is None or (skip and skip(own, m)):
				continue
			rest = own.text_after(m.end())
			v = parse(rest) if rest.strip() else None
			if v is not None:
				out.append(Candidate(v, ln, 1.0, "same"))
				continue
			right = [c for c in cells if c.x0 >= own.x1 - 1]
			if right:
				v = parse(right[0].text)
				if v is not None:
					out.append(Candidate(v, ln, 0.95, "right"))
					continue
			if not below:
				continue
			h = _height(ln)
			for k, nxt_i in enumerate(range(i + 1, min(i + 3, len(lines)))):
				nxt = lines[nxt_i]
				if nxt.page != ln.page or nxt.y - ln.y > 3.2 * h * (k + 1):
					break
				under = [
					c
					for c in line_cells(lines, nxt_i)
					if c.x0 < own.x1 + 2 * h
					and c.x1 > own.x0 - 2 * h
					# the cell under the label, not one under its neighbour
					and not any(o is not own and o.x0 <= c.xc <= o.x1 for o in cells)
				]
				found = None
				for c in under:
					found = parse(c.text)
					if found is not None:
						break
				if found is not None:
					out.append(Candidate(found, nxt, 0.85 if k == 0 else 0.7, "below"))
					break
	out.sort(key=lambda c: -c.score)
	return out


def under(
	lines: list[Line], own: Cell, cells: list[Cell], parse: Callable[[str], object]
) -> Candidate | None:
	"""The value in the cell under a label cell (a boxed cell, a column header): the first of
	the next two lines of the same page, horizontally overlapping the label and nearer to it
	than to any other cell of the label's line."""
	ln = own.line
	h = _height(ln)
	for k, nxt_i in enumerate(range(own.index + 1, min(own.index + 3, len(lines)))):
		nxt = lines[nxt_i]
		if nxt.page != ln.page or nxt.y - ln.y > 3.2 * h * (k + 1):
			break
		for c in line_cells(lines, nxt_i):
			if not (c.x0 < own.x1 + 2 * h and c.x1 > own.x0 - 2 * h):
				continue
			if min((abs(o.x0 - c.x0) for o in cells if o is not own), default=1e9) < abs(
				own.x0 - c.x0
			) and not (own.x0 - h <= c.xc <= own.x1 + h):
				continue  # under a neighbouring label
			v = parse(c.text)
			if v is not None:
				return Candidate(v, nxt, 0.85 if k == 0 else 0.7, "below")
	return None


def below_of(lines: list[Line], i: int, kpos: int, parse: Callable[[str], object]) -> Candidate | None:
	"""The value under the label cell of line i that contains key offset kpos."""
	cells = line_cells(lines, i)
	own = next((c for c in cells if c.start <= kpos < c.end + 1), None)
	return under(lines, own, cells, parse) if own else None

"""Words → lines, with column gaps kept: the common ground of text layer and OCR output.

A line's text joins its words with one space where they are close (the thousands space in
"1 500,00", the spaces of a label) and with three spaces across a column gap, so the rules can
split columns on two or more spaces whatever the engine.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from syndic_maroc.core.text import fold

from .model import Page, Word

GAP = "   "


@dataclass
class Line:
	words: list[Word]
	page: int = 1
	text: str = ""
	key: str = ""  # folded text for matching labels
	spans: list[tuple[int, int]] = field(default_factory=list)  # char span of each word in text
	kspans: list[tuple[int, int]] = field(default_factory=list)  # char span of each word in key

	@property
	def y(self) -> float:
		return statistics.fmean(w.yc for w in self.words)

	@property
	def conf(self) -> float:
		return min((w.conf for w in self.words), default=1.0)

	def text_from_key(self, kpos: int) -> int:
		"""The offset in `text` that corresponds to offset `kpos` in `key` (word-aligned)."""
		for (ks, ke), (ts, te) in zip(self.kspans, self.spans, strict=False):
			if kpos <= ks:
				return ts
			if kpos <= ke:
				return min(te, ts + (kpos - ks))
		return len(self.text)

	def after(self, kpos: int) -> str:
		"""The text that follows a label matched in `key` and ending at `kpos`."""
		return self.text[self.text_from_key(kpos) :]

	def words_in(self, start: int, end: int) -> list[Word]:
		"""The words whose characters overlap text[start:end]."""
		return [w for w, (s, e) in zip(self.words, self.spans, strict=False) if s < end and start < e]


def _finish(words: list[Word], page: int) -> Line:
	words.sort(key=lambda w: w.x0)
	heights = [w.height for w in words if w.height > 0]
	h = statistics.median(heights) if heights else 10.0
	parts, kparts, spans, kspans, pos, kpos, prev = [], [], [], [], 0, 0, None
	for w in words:
		if prev is not None:
			gap = w.x0 - prev.x1
			sep = GAP if gap > 0.9 * h else " "
			parts.append(sep)
			kparts.append(sep)
			pos += len(sep)
			kpos += len(sep)
		k = fold(w.text)
		spans.append((pos, pos + len(w.text)))
		kspans.append((kpos, kpos + len(k)))
		parts.append(w.text)
		kparts.append(k)
		pos += len(w.text)
		kpos += len(k)
		prev = w
	return Line(words=words, page=page, text="".join(parts), key="".join(kparts), spans=spans, kspans=kspans)


def page_lines(page: Page) -> list[Line]:
	"""Group a page's words into lines by vertical overlap, top to bottom."""
	words = [w for w in page.words if w.text.strip()]
	words.sort(key=lambda w: (w.yc, w.x0))
	rows: list[list[Word]] = []
	for w in words:
		placed = False
		for row in reversed(rows[-3:]):
			ref = statistics.fmean(x.yc for x in row)
			h = statistics.median(x.height for x in row)
			if abs(w.yc - ref) <= 0.45 * max(h, w.height):
				row.append(w)
				placed = True
				break
		if not placed:
			rows.append([w])
	lines = [_finish(r, page.number) for r in rows]
	lines.sort(key=lambda ln: ln.y)
	return lines


def document_lines(pages: list[Page]) -> list[Line]:
	lines: list[Line] = []
	for p in pages:
		lines.extend(page_lines(p))
	return lines


def full_text(lines: list[Line]) -> str:
	return "\n".join(ln.text for ln in lines)


def positioned_text(lines: list[Line]) -> str:
	"""The document as lines of cells with their positions, for a language model that reads the
	layout too: "p1 y120 | x40 Facture N° FA-1 | x330 Date : 02/01/2026". A value under its
	label has the label's x; a value right of it, the same y."""
	out = []
	for ln in lines:
		cells, cur, last = [], [], None
		for w, (s, e) in zip(ln.words, ln.spans, strict=False):
			if cur and ln.text[last:s] == GAP:
				cells.append(cur)
				cur = []
			cur.append(w)
			last = e
		if cur:
			cells.append(cur)
		parts = [f"x{round(c[0].x0)} " + " ".join(w.text for w in c) for c in cells]
		out.append(f"p{ln.page} y{round(ln.y)} | " + " | ".join(parts) if parts else ln.text)
	return "\n".join(out)

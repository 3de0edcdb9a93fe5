"""Words with boxes from a PDF's text layer (pypdfium2), and whether that layer is usable."""

from __future__ import annotations

from syndic_maroc.core.intake.model import Page, Word
from syndic_maroc.core.text import normalize_text


def page_words(page, number: int) -> Page:
	"""All words of a pdfium page, boxes in points with the origin at the top left."""
	width, height = page.get_size()
	tp = page.get_textpage()
	try:
		n = tp.count_chars()
		text = tp.get_text_range(0, n) if n else ""
		words: list[Word] = []
		cur: list[str] = []
		box = None
		last_right = None

		def flush():
			nonlocal cur, box
			if cur and box:
				t = normalize_text("".join(cur))
				if t:
					words.append(Word(t, box[0], height - box[3], box[2], height - box[1]))
			cur, box = [], None

		for i, ch in enumerate(text[:n]):
			if ch.isspace() or ch in "\x00\ufffe\uffff":
				flush()
				last_right = None
				continue
			left, bottom, right, top = tp.get_charbox(i, loose=True)
			h = top - bottom
			# Words drawn char by char without space characters: split on a visible gap.
			if (
				box
				and last_right is not None
				and (left - last_right > 0.25 * h or bottom > box[3] or top < box[1])
			):
				flush()
			cur.append(ch)
			box = (
				(left, bottom, right, top)
				if box is None
				else (min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top))
			)
			last_right = right
		flush()
		return Page(number=number, width=width, height=height, words=words, source="text")
	finally:
		tp.close()


def usable(page: Page) -> bool:
	"""A text layer worth trusting: enough words, mostly letters and digits, no mojibake.

	Scanned PDFs have none; some scanners add an invisible OCR layer of poor quality, and some
	generators embed fonts without a Unicode map (text comes out as symbols): both are refused.
	"""
	text = "".join(w.text for w in page.words)
	if len(text) < 40 or len(page.words) < 8:
		return False
	good = sum(c.isalnum() or c in ".,:/-%*()'°" for c in text)
	if good / len(text) < 0.75:
		return False
	# Words made of letters only, of plausible length: a real layer has plenty.
	wordlike = sum(1 for w in page.words if 2 <= len(w.text) <= 25 and any(c.isalpha() for c in w.text))
	return wordlike >= 5

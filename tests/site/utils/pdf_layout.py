"""What a reader sees on a PDF page, from poppler's `pdftotext`: the words with their boxes and
the text in reading order (poppler puts right-to-left runs back in logical order)."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass

WORD = re.compile(
	r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
	re.S,
)
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


@dataclass(frozen=True)
class Word:
	page: int
	x0: float
	y0: float
	x1: float
	y1: float
	text: str


def _pdftotext(pdf: bytes, *args: str) -> str:
	with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
		f.write(pdf)
		f.flush()
		return subprocess.run(
			["pdftotext", "-enc", "UTF-8", *args, f.name, "-"],
			capture_output=True,
			check=True,
			timeout=60,
		).stdout.decode("utf-8")


def words(pdf: bytes) -> list[Word]:
	out = []
	for number, page in enumerate(_pdftotext(pdf, "-bbox").split("<page ")[1:], start=1):
		for x0, y0, x1, y1, text in WORD.findall(page):
			out.append(
				Word(
					number,
					float(x0),
					float(y0),
					float(x1),
					float(y1),
					html.unescape(text),
				)
			)
	return out


def pages_text(pdf: bytes) -> list[str]:
	"""The text of each page as `text` gives it (pdftotext ends every page with a form feed)."""
	raw = unicodedata.normalize("NFKC", _pdftotext(pdf).translate(BIDI_CONTROLS))
	return [" ".join(page.split()) for page in raw.split("\f")[:-1]] or [" ".join(raw.split())]


def text(pdf: bytes) -> str:
	"""The text in reading order, bidi controls removed, Arabic presentation forms normalised,
	white space collapsed."""
	raw = unicodedata.normalize("NFKC", _pdftotext(pdf).translate(BIDI_CONTROLS))
	return " ".join(raw.split())


def overlaps(pdf: bytes, tolerance: float = 1.0) -> list[tuple[Word, Word]]:
	"""Pairs of words drawn over each other: on the same line (sharing over half the height of the
	smaller box) and overlapping by more than `tolerance` points across. Ascenders and descenders
	of consecutive lines touching is typography, not an overlap."""
	found = []
	items = words(pdf)
	for i, a in enumerate(items):
		for b in items[i + 1 :]:
			if a.page != b.page:
				continue
			dx = min(a.x1, b.x1) - max(a.x0, b.x0)
			dy = min(a.y1, b.y1) - max(a.y0, b.y0)
			if dx > tolerance and dy > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0):
				found.append((a, b))
	return found


ARABIC = re.compile(  # Arabic letters (not its comma, semicolon or digits: those are neutral / numbers)
	"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]"
)


@dataclass(frozen=True)
class Glyph:
	page: int
	x0: float
	y0: float
	x1: float
	y1: float
	char: str
	baseline: float = 0.0
	word: int = 0  # which run between two white spaces of the content stream the glyph is in


def glyphs(pdf: bytes) -> list[Glyph]:
	"""Every character with its box (PDFium), spaces and line breaks left out."""
	import ctypes

	import pypdfium2 as pdfium
	import pypdfium2.raw as pdfium_c

	out = []
	x, y = ctypes.c_double(), ctypes.c_double()
	document = pdfium.PdfDocument(pdf)
	try:
		for number in range(len(document)):
			page = document[number]
			textpage = page.get_textpage()
			height = page.get_height()
			word = 0
			for index in range(textpage.count_chars()):
				char = textpage.get_text_range(index, 1)
				if not char.strip():
					word += 1
					continue
				left, bottom, right, top = textpage.get_charbox(index, loose=True)  # advance box
				pdfium_c.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
				out.append(
					Glyph(
						number + 1,
						left,
						height - top,
						right,
						height - bottom,
						char,
						height - y.value,
						word,
					)
				)
	finally:
		document.close()
	return out


def lines(pdf: bytes) -> list[list[Glyph]]:
	"""Glyphs grouped into lines by their baseline (page, then top to bottom), each line left to
	right as drawn."""
	out: list[list[Glyph]] = []
	for glyph in sorted(glyphs(pdf), key=lambda g: (g.page, g.baseline)):
		line = out[-1] if out else None
		if line and line[0].page == glyph.page and glyph.baseline - line[-1].baseline < 1.5:
			line.append(glyph)
		else:
			out.append([glyph])
	return [sorted(line, key=lambda g: (g.x0 + g.x1) / 2) for line in out]


def visual_tokens(line: list[Glyph]) -> list[str]:
	"""Letters/digits runs as drawn, left to right. A run ends at any other character (space,
	punctuation, bracket), where the content stream has a white space between two glyphs, or at a
	gap of half a line (two table cells)."""
	out, run, last = [], "", None
	for glyph in line:
		gap = glyph.x0 - last.x1 if last else 0
		other_word = last is not None and last.word != glyph.word
		if not WORD_CHAR.match(glyph.char) or other_word or gap > 0.5 * (glyph.y1 - glyph.y0):
			if run:
				out.append(run)
			run = ""
		if WORD_CHAR.match(glyph.char):
			run += glyph.char
		last = glyph
	if run:
		out.append(run)
	return out


WORD_CHAR = re.compile(r"\w")


def rtl_reading(line: list[Glyph]) -> list[str]:
	"""The tokens an Arabic reader reads on a right-to-left line, from the positions alone: right
	to left, except that a run of tokens without Arabic letters (numbers, Latin) reads left to
	right; an Arabic token's letters are drawn right to left, so they are reversed back."""
	logical: list[str] = []
	run: list[str] = []
	for token in reversed(visual_tokens(line)):  # right to left
		if ARABIC.search(token):
			logical.extend(reversed(run))
			run = []
			logical.append(unicodedata.normalize("NFKC", token[::-1]))
		else:
			run.append(token)
	logical.extend(reversed(run))
	return logical


def ltr_reading(line: list[Glyph]) -> list[str]:
	return [
		unicodedata.normalize("NFKC", token[::-1] if ARABIC.search(token) else token)
		for token in visual_tokens(line)
	]


def reading(pdf: bytes, rtl: bool) -> list[str]:
	"""Every token of the document in reading order, line after line."""
	read = rtl_reading if rtl else ltr_reading
	return [token for line in lines(pdf) for token in read(line)]


def rtl_text(pdf: bytes) -> str:
	return "\n".join(" ".join(rtl_reading(line)) for line in lines(pdf))


def tokens(value: str) -> list[str]:
	"""Letters and digits only: punctuation and brackets (mirrored in RTL) do not count."""
	return re.findall(r"\w+", unicodedata.normalize("NFKC", value).translate(BIDI_CONTROLS))


def count_sequence(haystack: list[str], needle: list[str]) -> int:
	n = len(needle)
	return sum(1 for i in range(len(haystack) - n + 1) if haystack[i : i + n] == needle) if n else 0


def page_count(pdf: bytes) -> int:
	return _pdftotext(pdf, "-bbox").count("<page ")

"""Documents → passages for retrieval, each keeping its page and its position in the document.

A passage never spans two pages (a citation names one page). Within a page, text is cut at
the strongest boundary that keeps a passage under `max_chars`: a blank line, a heading such as
"Article 12", a line end, a sentence end (. ! ? ؟ ؛ ;), then a space; a word longer than the
limit is cut hard. Consecutive passages of a page overlap by about `overlap` characters (whole
sentences or words), so a sentence cut by a boundary is still found whole in one passage.
Tiny leftovers are merged into the passage before them.

`pages`: page texts in order (page numbers from 1), or one text whose pages are separated by
form feeds (\\f, as pdftotext writes them). Pure: no frappe, no third-party import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHARS = 900  # ≈ 200-250 tokens of multilingual-e5 (limit 512), one paragraph or two
OVERLAP = 150
MIN_CHARS = 120  # a shorter leftover joins the passage before it

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_HEADING = re.compile(
	r"\n(?=\s*(?:article|art\.|chapitre|titre|section|annexe|résolution|resolution|"
	r"المادة|الفصل|الباب|القرار)\b)",
	re.IGNORECASE,
)
_HEADING_START = re.compile(
	r"\s*(?:article|art\.|chapitre|titre|section|annexe|résolution|resolution|المادة|الفصل|الباب|القرار)\b",
	re.IGNORECASE,
)
_LINE = re.compile(r"\n")
_SENTENCE = re.compile(r"(?<=[.!?؟؛;:])\s+")
_SPACE = re.compile(r"\s+")
# boundaries from strongest to weakest
_BOUNDARIES = (_BLANK_LINES, _HEADING, _LINE, _SENTENCE, _SPACE)


@dataclass(frozen=True)
class Chunk:
	text: str
	page: int | None  # None when the source has no pages (a plain text)
	position: int  # 0, 1, 2… in document order
	lang: str  # "fr" | "ar"


def detect_lang(text: str) -> str:
	"""'ar' when Arabic letters are at least 30 % of the letters, else 'fr'."""
	ar = len(_ARABIC.findall(text))
	lat = len(_LATIN.findall(text))
	return "ar" if ar and ar >= 0.3 * (ar + lat) else "fr"


def split_pages(text: str) -> list[str]:
	return (text or "").split("\f")


def _clean(text: str) -> str:
	text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
	text = re.sub(r"[ \t]+", " ", text)
	return re.sub(r"\n{3,}", "\n\n", text).strip()


def _pieces(text: str, max_chars: int, level: int = 0) -> list[tuple[str, bool]]:
	"""Cut `text` into pieces of at most max_chars at the strongest boundary available:
	[(piece, starts a section)] — a section starts at a heading ("Article 12", "المادة 3")."""
	if len(text) <= max_chars and level > 1:
		return [(text, False)] if text.strip() else []
	if level >= len(_BOUNDARIES):
		return [(text[i : i + max_chars], False) for i in range(0, len(text), max_chars)]
	parts = [p for p in _BOUNDARIES[level].split(text) if p and p.strip()]
	if len(parts) <= 1:
		return _pieces(text, max_chars, level + 1)
	out: list[tuple[str, bool]] = []
	for i, p in enumerate(parts):
		sub = _pieces(p.strip(), max_chars, max(level + 1, 2) if len(p) <= max_chars else level + 1)
		if sub and ((level == 1 and i > 0) or (level == 0 and _HEADING_START.match(p))):
			sub[0] = (sub[0][0], True)
		out.extend(sub)
	return out


def _pack(pieces: list[tuple[str, bool]], max_chars: int, overlap: int, min_chars: int) -> list[str]:
	"""Greedy packing of pieces into passages ≤ max_chars; the last pieces of a passage (up to
	`overlap` characters) start the next one. A section (heading) starts a new passage, without
	overlap, once the current one has min_chars. A last passage shorter than min_chars joins the
	one before (which may then reach max_chars + min_chars)."""
	passages: list[tuple[list[str], int]] = []  # (pieces, how many leading pieces are overlap)
	cur: list[str] = []
	lead = 0
	size = 0
	last_section = -1  # index in `passages` of the last passage that starts a section
	for piece, section in pieces:
		if cur and section and size >= min_chars and len(cur) > lead:
			passages.append((cur, lead))
			cur, lead, size = [], 0, 0
			last_section = len(passages)
		elif cur and size + 1 + len(piece) > max_chars:
			passages.append((cur, lead))
			tail: list[str] = []
			tsize = 0
			for p in reversed(cur[lead:] if len(cur) > lead else cur):
				if tsize + len(p) + 1 > overlap or len(tail) + 1 >= len(cur):
					break
				tail.insert(0, p)
				tsize += len(p) + 1
			while tail and tsize + len(piece) > max_chars:
				tsize -= len(tail.pop(0)) + 1
			cur, lead, size = tail, len(tail), tsize - 1 if tail else 0
		size += len(piece) + (1 if cur else 0)
		cur.append(piece)
	if len(cur) > lead:
		passages.append((cur, lead))
	if len(passages) > 1 and last_section != len(passages) - 1:
		(last, last_lead), (prev, prev_lead) = passages[-1], passages[-2]
		if len(" ".join(last)) < min_chars:
			passages[-2:] = [(prev + last[last_lead:], prev_lead)]
	return [" ".join(p) for p, _lead in passages]


def chunk_text(
	pages: list[str] | str,
	max_chars: int = MAX_CHARS,
	overlap: int = OVERLAP,
	min_chars: int = MIN_CHARS,
	title: str | None = None,
) -> list[Chunk]:
	"""Passages of a document. `title` is not put in the text (the store keeps it apart)."""
	if max_chars < 50:
		raise ValueError("max_chars must be at least 50")
	overlap = max(0, min(overlap, max_chars // 2))
	paged = isinstance(pages, list) or "\f" in (pages or "")
	page_list = pages if isinstance(pages, list) else split_pages(pages)
	chunks: list[Chunk] = []
	for number, raw in enumerate(page_list, start=1):
		text = _clean(raw or "")
		if not text:
			continue
		for passage in _pack(_pieces(text, max_chars), max_chars, overlap, min_chars):
			passage = passage.strip()
			if passage:
				chunks.append(
					Chunk(
						text=passage,
						page=number if paged else None,
						position=len(chunks),
						lang=detect_lang(passage),
					)
				)
	return chunks

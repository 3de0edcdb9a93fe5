"""Unicode clean-up shared by the parsers (amounts, dates, identifiers) and the OCR rules.

Text reaches us from PDF text layers and OCR: Arabic in presentation forms ("ﺍﻟﻜﻬﺮﺑﺎﺀ"), odd
spaces as thousands separators (NBSP, narrow NBSP), bidi control marks around numbers, and
sometimes Arabic-Indic digits. NFKC fixes most of it (MOROCCO.md §2.3); the rest is here.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that PDF extraction leaves between digits or letters: zero-width
# space/joiners, BOM, soft hyphen, Arabic letter mark and the bidi embeddings/isolates.
_INVISIBLE = dict.fromkeys(
	map(
		ord,
		"\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
		"\u2060\u2066\u2067\u2068\u2069\ufeff",
	)
)

# Arabic-Indic (U+0660) and Eastern Arabic-Indic (U+06F0) digits: NFKC keeps them as they are.
_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})

_SPACES = re.compile(r"\s+")
_TATWEEL = "\u0640"
# pdftotext writes the lam-alef ligature of "الأول" as "األول" (alef before lam, MOROCCO.md
# §2.3). After hamza folding that is a word starting with "اال", which no Arabic word does.
_BROKEN_LAM_ALEF = re.compile(r"(?<![\u0621-\u064a])اال")


def to_ascii_digits(text: str) -> str:
	"""Arabic-Indic and Eastern Arabic-Indic digits → 0-9 (everything else unchanged)."""
	return text.translate(_DIGITS)


def normalize_text(text: str) -> str:
	"""NFKC, invisible marks removed, every kind of space made a plain one, runs collapsed.

	Arabic presentation forms become base letters (NFKC); digits become ASCII digits.
	"""
	text = unicodedata.normalize("NFKC", text or "")
	text = text.translate(_INVISIBLE)
	text = to_ascii_digits(text)
	return _SPACES.sub(" ", text).strip()


def strip_accents(text: str) -> str:
	"""Remove combining marks after canonical decomposition ("février" → "fevrier").

	On Arabic this also drops the short vowels (harakat) and folds أ إ آ ؤ ئ to their base
	letter, since hamza and madda decompose into combining marks.
	"""
	decomposed = unicodedata.normalize("NFKD", text)
	return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
	"""Matching key for words in French or Arabic: case, accents, hamza, tatweel folded.

	Only for comparing words (month names, labels), never for display.
	"""
	text = strip_accents(normalize_text(text)).casefold()
	text = text.replace(_TATWEEL, "").replace("ى", "ي").replace("ة", "ه")
	text = _BROKEN_LAM_ALEF.sub("الا", text)
	return unicodedata.normalize("NFC", text)

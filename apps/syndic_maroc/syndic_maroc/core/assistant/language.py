"""Which language a question is in: French, Modern Standard Arabic, or Moroccan Darija (in Arabic
script, or in Latin "arabizi" with digits for letters: "ch7al khassni nkhlles", "chhal 3andi"),
often mixed with French words ("wach l'appel dyal T2 tkhlles?").

The answer language follows: French for French; Arabic for MSA and for Darija in either script.
Darija gets simple Modern Standard Arabic written with the Moroccan words people use (the month
names يناير … دجنبر, "درهم"): every Darija reader reads it, while written Darija has no settled
spelling. `reply` says which one is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from syndic_maroc.core.text import fold

FRENCH, ARABIC, DARIJA = "fr", "ar", "darija"

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\ufb50-\ufdff\ufe70-\ufefc]")
_LATIN_LETTER = re.compile(r"[a-zà-ÿ]", re.IGNORECASE)

# Darija words in Arabic script (fold() form is computed below: hamza, tā' marbūṭa folded).
_DARIJA_ARABIC = {
	# strong: not Modern Standard Arabic
	"شحال": 1,
	"بشحال": 1,
	"ديال": 1,
	"ديالي": 1,
	"ديالو": 1,
	"ديالنا": 1,
	"ديالها": 1,
	"واش": 1,
	"علاش": 1,
	"شنو": 1,
	"شنهو": 1,
	"اشنو": 1,
	"كيفاش": 1,
	"خاصني": 1,
	"خصني": 1,
	"نخلص": 1,
	"خلصت": 1,
	"خلصنا": 1,
	"كنخلص": 1,
	"كاين": 1,
	"كاينه": 1,
	"بزاف": 1,
	"دابا": 1,
	"هاد": 1,
	"هادي": 1,
	"هادا": 1,
	"بغيت": 1,
	"مازال": 1,
	"غادي": 1,
	"ماشي": 1,
	"شكون": 1,
	"امتى": 1,
	"وقتاش": 1,
	"فوقاش": 1,
	"الصانصور": 1,
	"السانديك": 1,
	"عليا": 1,
	"ليا": 1,
	"فلوس": 0.5,
	"الفلوس": 0.5,
	"فين": 0.5,
	"عندي": 0.5,
	"شي": 0.5,
}
_DARIJA_ARABIC = {fold(word): weight for word, weight in _DARIJA_ARABIC.items()}

# Arabizi: Darija in Latin letters. Strong words cannot be French; weak ones can ("fin", "ana").
_ARABIZI_STRONG = {
	"wach",
	"wash",
	"chno",
	"chnou",
	"chnu",
	"achno",
	"achnou",
	"dyal",
	"dial",
	"diali",
	"dyali",
	"dyalo",
	"dialo",
	"dyalna",
	"khassni",
	"khasni",
	"khsni",
	"khassna",
	"bghit",
	"kayn",
	"kayna",
	"kayen",
	"kayin",
	"bzaf",
	"bzzaf",
	"mazal",
	"mazel",
	"ghadi",
	"machi",
	"chkoun",
	"chkon",
	"kifach",
	"kifash",
	"imta",
	"fo9ach",
	"wa9tach",
	"chhal",
	"chhhal",
	"ch7al",
	"sh7al",
	"bch7al",
	"bchhal",
	"nkhelles",
	"nkhlles",
	"nkhless",
	"nkhalles",
	"khallest",
	"khlast",
	"khlest",
	"khellest",
	"khlsst",
	"tkhlles",
	"tkhelles",
	"khallsou",
	"khlsso",
	"lflous",
	"flouss",
	"flous",
	"sandik",
	"sanadik",
	"lsandik",
	"sansour",
	"ssansour",
	"sanssour",
	"daba",
	"hadchi",
	"3lia",
	"3liya",
	"3andi",
	"3ndi",
	"andi",
}
_ARABIZI_WEAK = {"fin", "had", "hadi", "hada", "ana", "li", "lli", "chi", "ch", "l3am", "3am", "chhar"}
# A digit standing for a letter inside a word: 3 = ع, 7 = ح, 9 = ق, 2 = ء, 5 = خ ("l3am", "ch7al").
_DIGIT_LETTER = re.compile(r"^(?:[a-z]+[23579][a-z0-9]*|[23579][a-z]{2,}[a-z0-9]*)$")
# …but not ordinals and references: "2eme", "3e", "t2", "b-12", "2er".
_NOT_ARABIZI = re.compile(r"^\d+(?:e|er|ere|eme|nd|nde|ieme|iem|em)s?$|^[a-z]{1,2}\d+$")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Language:
	code: str  # "fr", "ar" (Modern Standard Arabic) or "darija"
	script: str  # "latin", "arabic" or "mixed"
	reply: str  # language of the answer: "fr" or "ar"
	darija_score: float = 0.0


def tokens(text: str) -> list[str]:
	return _TOKEN.findall(fold(text))


def _arabizi_weight(token: str) -> float:
	if token in _ARABIZI_STRONG:
		return 1.0
	if token in _ARABIZI_WEAK:
		return 0.4
	if _DIGIT_LETTER.match(token) and not _NOT_ARABIZI.match(token):
		return 1.0
	return 0.0


def detect(text: str) -> Language:
	"""The language of a question (see the module docstring)."""
	folded = fold(text)
	arabic = len(_ARABIC_LETTER.findall(folded))
	latin = len(_LATIN_LETTER.findall(folded))
	words = tokens(folded)
	arabic_darija = sum(_DARIJA_ARABIC.get(_strip_prefix(word), 0) for word in words)
	arabizi = sum(_arabizi_weight(word) for word in words if word.isascii())
	if arabic and latin:
		script = "mixed" if min(arabic, latin) >= 3 else ("arabic" if arabic > latin else "latin")
	else:
		script = "arabic" if arabic else "latin"
	if arabic and arabic >= latin / 3:
		# Arabic script carries the question (a French word or a lot number inside is common).
		score = arabic_darija + arabizi
		code = DARIJA if score >= 1 else ARABIC
		return Language(code, script, "ar", score)
	if arabizi >= 1 or (arabic and arabic_darija >= 1):
		return Language(DARIJA, script, "ar", arabizi + arabic_darija)
	return Language(FRENCH, script, "fr", arabizi + arabic_darija)


def _strip_prefix(word: str) -> str:
	"""Darija markers may carry a one-letter proclitic: و (and), ب (with), ف (in)."""
	if word in _DARIJA_ARABIC or len(word) < 4:
		return word
	if word[0] in "وبف" and word[1:] in _DARIJA_ARABIC:
		return word[1:]
	return word

"""Expense categories as people name them, in French, Arabic and Darija, mapped to the budget
categories of the app (core.finance.chart.BUDGET_CATEGORIES: décret 2.23.700 class 6 accounts)."""

from __future__ import annotations

import re

from syndic_maroc.core.finance.chart import BUDGET_CATEGORIES
from syndic_maroc.core.text import fold

SYNONYMS = {
	"Elevator": (
		"ascenseur",
		"ascenseurs",
		"elevateur",
		"lift",
		"elevator",
		"مصعد",
		"المصعد",
		"المصاعد",
		"الصانصور",
		"صانصور",
		"sansour",
		"ssansour",
		"sanssour",
		"l'ascenseur",
	),
	"Cleaning": (
		"nettoyage",
		"menage",
		"proprete",
		"entretien menager",
		"cleaning",
		"تنظيف",
		"التنظيف",
		"النظافه",
		"نظافه",
		"الميناج",
		"tandif",
		"nadafa",
		"ndafa",
		"mnage",
		"lmenage",
	),
	"Security": (
		"gardiennage",
		"securite",
		"gardien",
		"gardiens",
		"vigile",
		"vigiles",
		"surveillance",
		"security",
		"حراسه",
		"الحراسه",
		"الحارس",
		"الامن",
		"العساس",
		"العساسه",
		"l3assas",
		"l3essas",
		"3assas",
		"lgardien",
	),
	"Gardening": (
		"jardinage",
		"jardin",
		"jardins",
		"espaces verts",
		"espace vert",
		"jardinier",
		"gardening",
		"البستنه",
		"الحديقه",
		"حديقه",
		"المساحات الخضراء",
		"الجرده",
		"الجرادني",
		"jerda",
		"jardinage",
		"ljardin",
	),
	"Common Area Electricity": (
		"electricite",
		"eclairage",
		"lumiere",
		"electricity",
		"الكهرباء",
		"كهرباء",
		"الضو",
		"الضوء",
		"الانارة",
		"trisinti",
		"triciti",
		"dow",
		"ddow",
		"kahraba",
	),
	"Water": ("eau", "l'eau", "water", "الماء", "ماء", "الما", "lma", "l'ma"),
	"Insurance": ("assurance", "assurances", "insurance", "تامين", "التامين", "لاسورانس", "lassurance"),
	"Syndic Fees": (
		"honoraires",
		"frais de syndic",
		"remuneration du syndic",
		"syndic fees",
		"اتعاب",
		"الاتعاب",
		"اجره السانديك",
		"اجر السانديك",
		"تعويضات السانديك",
		"khlass sandik",
	),
	"Works": (
		"travaux",
		"reparation",
		"reparations",
		"refection",
		"etancheite",
		"works",
		"اشغال",
		"الاشغال",
		"الاصلاحات",
		"اصلاح",
		"الترميم",
		"ترميم",
		"lkhdma",
		"ligal",
	),
	"Reserve Fund": ("fonds de reserve", "fonds travaux", "reserve", "صندوق الاحتياط", "الاحتياطي"),
	"Miscellaneous": ("divers", "autres depenses", "miscellaneous", "متفرقات", "مصاريف اخرى"),
}

LABELS = {
	"fr": {
		"Elevator": "ascenseur",
		"Cleaning": "nettoyage",
		"Security": "gardiennage",
		"Gardening": "jardinage",
		"Common Area Electricity": "électricité des parties communes",
		"Water": "eau",
		"Insurance": "assurance",
		"Syndic Fees": "honoraires du syndic",
		"Works": "travaux",
		"Reserve Fund": "fonds de réserve",
		"Miscellaneous": "divers",
	},
	"ar": {
		"Elevator": "المصعد",
		"Cleaning": "النظافة",
		"Security": "الحراسة",
		"Gardening": "البستنة",
		"Common Area Electricity": "كهرباء الأجزاء المشتركة",
		"Water": "الماء",
		"Insurance": "التأمين",
		"Syndic Fees": "أتعاب السانديك",
		"Works": "الأشغال",
		"Reserve Fund": "صندوق الاحتياط",
		"Miscellaneous": "مصاريف متفرقة",
	},
}

_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _pattern(word: str) -> str:
	word = fold(word)
	body = re.escape(word).replace(r"\ ", r"\s+")
	if _ARABIC.search(word):
		# Arabic: the word may carry a proclitic (و ب ل ف) and no space before it.
		return rf"(?<![\u0621-\u064a])[وبلف]?{body}(?![\u0621-\u064a])"
	return rf"(?<![^\W_]){body}(?![^\W_])"


_PATTERNS = {
	category: re.compile("|".join(_pattern(w) for w in words)) for category, words in SYNONYMS.items()
}
assert set(SYNONYMS) == set(BUDGET_CATEGORIES), "every budget category needs its synonyms"


def find_categories(text: str) -> list[str]:
	"""Budget categories named in `text`, in the order they appear."""
	folded = fold(text)
	found = []
	for category, pattern in _PATTERNS.items():
		match = pattern.search(folded)
		if match:
			found.append((match.start(), category))
	return [category for _pos, category in sorted(found)]


def account_of(category: str) -> str:
	return BUDGET_CATEGORIES[category][0]


def label(category: str, lang: str) -> str:
	return LABELS.get(lang, LABELS["fr"]).get(category, category)

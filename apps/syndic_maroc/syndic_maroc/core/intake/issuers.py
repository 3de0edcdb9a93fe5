"""Who issues the documents: utility distributors and banks, as data (MOROCCO.md §2.4, §2.5).

The lists are defaults: the Frappe layer can pass its own (an admin adds the next SRM without a
release). `patterns` are regular expressions matched on folded text (lowercase, no accents).
"""

from __future__ import annotations

UTILITY_ISSUERS: list[dict] = [
	{
		"name": "SRM Casablanca-Settat",
		"patterns": [r"\bsrm\s*(de\s+)?casablanca", r"multiservices casablanca"],
		"replaces": ["Lydec"],
	},
	{
		"name": "SRM Rabat-Salé-Kénitra",
		"patterns": [r"\bsrm\s*(de\s+)?rabat", r"multiservices rabat"],
		"replaces": ["Redal"],
	},
	{
		"name": "SRM Tanger-Tétouan-Al Hoceïma",
		"patterns": [r"\bsrm\s*(de\s+)?tanger", r"multiservices tanger"],
		"replaces": ["Amendis"],
	},
	{
		"name": "SRM Marrakech-Safi",
		"patterns": [r"\bsrm\s*(de\s+)?marrakech", r"multiservices marrakech"],
		"replaces": ["RADEEMA"],
	},
	{"name": "SRM Souss-Massa", "patterns": [r"\bsrm\s*(de\s+)?souss"], "replaces": []},
	{"name": "SRM Oriental", "patterns": [r"\bsrm\s*(de\s+l')?oriental"], "replaces": []},
	{"name": "Lydec", "patterns": [r"\blydec\b", r"ليديك"], "replaces": []},
	{"name": "Redal", "patterns": [r"\bredal\b", r"ريضال"], "replaces": []},
	{"name": "Amendis", "patterns": [r"\bamendis\b", r"امانديس"], "replaces": []},
	{
		"name": "ONEE",
		"patterns": [
			r"\bonee\b",
			r"\bonep\b",
			r"office national de l.electricite",
			r"المكتب الوطني للكهرباء",
		],
		"replaces": [],
	},
	{
		"name": "RADEEMA",
		"patterns": [r"\bradeema\b", r"distribution d.eau et d.electricite de marrakech"],
		"replaces": [],
	},
	{"name": "RADEEF", "patterns": [r"\bradeef\b"], "replaces": []},
	{"name": "RADEEJ", "patterns": [r"\bradeej\b"], "replaces": []},
	{"name": "RADEEC", "patterns": [r"\bradeec\b"], "replaces": []},
	{"name": "RAK", "patterns": [r"\bregie autonome .*kenitra\b"], "replaces": []},
]

BANKS: list[dict] = [
	{
		"name": "Attijariwafa bank",
		"code": "007",
		"patterns": [r"attijariwafa", r"attijari\s*wafa", r"التجاري وفا"],
	},
	{"name": "CIH Bank", "code": "230", "patterns": [r"\bcih\b", r"credit immobilier et hotelier"]},
	{"name": "BMCI", "code": "013", "patterns": [r"\bbmci\b"]},
	{"name": "Bank of Africa", "code": "011", "patterns": [r"bank of africa", r"\bbmce\b"]},
	{"name": "Banque Populaire", "code": None, "patterns": [r"banque populaire", r"\bbcp\b", r"chaabi"]},
	{
		"name": "Société Générale Maroc",
		"code": None,
		"patterns": [r"societe generale", r"\bsgmb\b", r"saham bank"],
	},
	{"name": "Crédit du Maroc", "code": None, "patterns": [r"credit du maroc"]},
	{"name": "Crédit Agricole du Maroc", "code": None, "patterns": [r"credit agricole"]},
	{"name": "Al Barid Bank", "code": None, "patterns": [r"al barid bank", r"barid"]},
	{"name": "CDG Capital", "code": None, "patterns": [r"cdg capital"]},
]

"""Names in a question resolved against the registry snapshot: résidences, lots ("B-12", "lot
b12", "appartement A 201", "الشقة B-12"), co-owners (fuzzy on their names: typing errors, missing
accents), suppliers, expense categories (categories.py) and "top N".

Matching is on fold() text (case, accents, hamza folded). A name found is masked before the next
search, so "Les Jardins d'Anfa" is a résidence and not the gardening category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from syndic_maroc.core.assistant.categories import SYNONYMS, find_categories
from syndic_maroc.core.assistant.registry import CoOwnerRef, ResidenceRef, Snapshot, SupplierRef, UnitRef
from syndic_maroc.core.text import fold

# Words that say nothing about which résidence / person / supplier is meant.
_STOP = set(
	fold(w)
	for w in (
		"residence residences immeuble copropriete syndicat les la le l de du des d aux au et el al "
		"sarl sa sarlau au ste societe company group groupe maroc services service "
		"m mr mme mlle monsieur madame si sidi lalla ben bent ould ait "
		"السيد السيده اقامه الاقامه عماره العماره"
	).split()
)
_WORD = re.compile(r"[^\W_]+")
CATEGORY_WORDS = frozenset(
	w for words in SYNONYMS.values() for phrase in words for w in _WORD.findall(fold(phrase)) if len(w) >= 4
)
_LOT_WORDS = (
	"lot lots appartement appart apt app logement local magasin commerce parking place box cave "
	"villa unite shqa chqa dar garage لوط الشقه شقه الشقة المحل محل الكراج المرآب الكاراج الفيلا"
)
_LOT_WORD = "|".join(re.escape(fold(w)) for w in _LOT_WORDS.split())
_TOP = [
	re.compile(
		r"(?:top|les|the)\s*(?P<n>[0-9]{1,3})\s+(?:plus|premiers|principaux|gros|grands|pires|debiteurs|impayes)"
	),
	re.compile(r"(?P<n>[0-9]{1,3})\s+(?:plus\s+(?:gros|grands|importants)|premiers|principaux|pires)"),
	re.compile(r"top\s*(?P<n>[0-9]{1,3})"),
	re.compile(r"(?:اكبر|أكبر|اعلى|اهم|اول)\s*(?P<n>[0-9]{1,3})"),
	re.compile(r"(?P<n>[0-9]{1,3})\s*(?:اكبر|أكبر|الاوائل|الاولى)"),
	re.compile(r"(?P<n>[0-9]{1,3})\s+(?:debiteurs|coproprietaires|lots|copros)(?![^\W_])"),
]
_AMOUNT = re.compile(
	r"(?<![0-9])[0-9]{1,3}(?:[ \u00a0\u202f.][0-9]{3})*(?:,[0-9]{1,2})?\s*(?:dh|dhs|mad|dirhams?|درهم)"
)


@dataclass
class Entities:
	residences: list[ResidenceRef] = field(default_factory=list)
	units: list[UnitRef] = field(default_factory=list)
	co_owners: list[CoOwnerRef] = field(default_factory=list)
	suppliers: list[SupplierRef] = field(default_factory=list)
	categories: list[str] = field(default_factory=list)
	top_n: int | None = None
	named_people: list[CoOwnerRef] = field(default_factory=list)  # a name word found (partial)
	amounts: list[str] = field(default_factory=list)  # amounts quoted by the asker ("1 250 DH")
	rest: str = ""  # the folded question with the names found masked


def _words(text: str) -> list[str]:
	return _WORD.findall(text)


def _similar(a: str, b: str) -> bool:
	if a == b:
		return True
	if min(len(a), len(b)) < 4:
		return False
	return SequenceMatcher(None, a, b).ratio() >= (0.84 if min(len(a), len(b)) >= 6 else 0.8)


def _name_score(name: str, words: list[str], useless=frozenset()) -> tuple[float, int]:
	"""(share of the name's distinctive words found in `words`, characters matched). A name
	matched only on `useless` words (a supplier "Atlas Ascenseurs" on "ascenseur") is no match."""
	keys = [w for w in _words(fold(name)) if w not in _STOP and len(w) >= 3]
	if not keys:
		return 0.0, 0
	found = [k for k in keys if any(_similar(k, w) for w in words)]
	if found and all(any(_similar(k, u) for u in useless) for k in found):
		return 0.0, 0
	return len(found) / len(keys), sum(len(k) for k in found)


def partial_names(candidates, words: list[str]) -> list:
	"""Candidates one of whose distinctive words (5 letters or more) is in `words`: a first name
	alone ("solde de Fatima") is enough for a co-owner's question to be about someone."""
	found = []
	for ref in candidates:
		keys = [w for w in _words(fold(ref.full_name)) if w not in _STOP and len(w) >= 5]
		if any(_similar(k, w) for k in keys for w in words):
			found.append(ref)
	return found


def _mask(text: str, words: list[str]) -> str:
	for word in words:
		text = re.sub(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", " ", text)
	return text


def _best(candidates, words, label, threshold, useless=frozenset()):
	"""The candidates whose name matches `words` best (several on a tie: ambiguous)."""
	scored = []
	for ref in candidates:
		share, chars = _name_score(label(ref), words, useless)
		if share >= threshold and chars >= 4:
			scored.append((share, chars, ref))
	if not scored:
		return []
	scored.sort(key=lambda s: (-s[0], -s[1]))
	top = scored[0][:2]
	return [ref for share, chars, ref in scored if (share, chars) == top]


def _unit_key(number: str) -> str:
	return re.sub(r"[\s\-_./]", "", fold(number))


def find_units(folded: str, units: tuple[UnitRef, ...]) -> tuple[list[UnitRef], str]:
	"""Lots named in the question: their number as written ("B-12", "b12", "B 12"), or after a
	lot word ("lot 12", "appartement 12" when one lot of the snapshot is numbered "12")."""
	by_key: dict[str, list[UnitRef]] = {}
	for unit in units:
		by_key.setdefault(_unit_key(unit.unit_number), []).append(unit)
	found: list[UnitRef] = []
	rest = folded
	candidates = re.finditer(
		r"(?<![^\W_])(?P<ref>[a-z\u0621-\u064a]{0,3}[\s\-_./]?[0-9]{1,5}[a-z]?)(?![^\W_])", folded
	)
	for match in candidates:
		ref = match.group("ref")
		key = _unit_key(ref)
		hits = by_key.get(key)
		if not hits and key.isdigit():
			before = folded[: match.start()]
			if re.search(rf"(?:{_LOT_WORD})\s*(?:n[°o]?\.?|numero|رقم)?\s*$", before):
				hits = by_key.get(key)
		if hits:
			for unit in hits:
				if unit not in found:
					found.append(unit)
			rest = rest.replace(ref, " ")
	return found, rest


def resolve(text: str, snapshot: Snapshot, ignore: frozenset[str] = frozenset()) -> Entities:
	"""Entities of `text`; words of `ignore` (the router's own vocabulary: "solde", "combien")
	never count as part of a person's or a supplier's name."""
	folded = fold(text)
	entities = Entities()
	# Résidences first: their names contain words that are also categories ("Les Jardins").
	words = _words(folded)
	entities.residences = _best(
		snapshot.residences, words, lambda r: " ".join((r.label, *r.aliases)), threshold=0.99
	) or [
		r
		for r in snapshot.residences
		if any(fold(alias) and fold(alias) in folded for alias in (r.label, *r.aliases))
	]
	if not entities.residences:
		entities.residences = _best(snapshot.residences, words, lambda r: r.label, threshold=0.6)
	rest = folded
	for ref in entities.residences:
		rest = _mask(rest, [w for w in _words(fold(ref.label)) if w not in _STOP])
	entities.amounts = [m.group(0) for m in _AMOUNT.finditer(rest)]
	for amount in entities.amounts:
		rest = rest.replace(amount, " ")
	entities.units, rest = find_units(rest, snapshot.units)
	words = [w for w in _words(rest) if w not in ignore]
	entities.co_owners = _best(snapshot.co_owners, words, lambda c: c.full_name, threshold=0.5)
	entities.named_people = partial_names(snapshot.co_owners, words)
	for ref in entities.co_owners:
		rest = _mask(rest, [w for w in _words(fold(ref.full_name)) if w not in _STOP])
	words = [w for w in _words(rest) if w not in ignore]
	entities.suppliers = _best(
		snapshot.suppliers, words, lambda s: s.supplier_name, threshold=0.5, useless=CATEGORY_WORDS
	)
	for ref in entities.suppliers:
		rest = _mask(rest, [w for w in _words(fold(ref.supplier_name)) if w not in _STOP])
	entities.categories = find_categories(rest)
	for pattern in _TOP:
		match = pattern.search(rest)
		if match:
			entities.top_n = max(1, min(100, int(match.group("n"))))
			break
	entities.rest = rest
	return entities

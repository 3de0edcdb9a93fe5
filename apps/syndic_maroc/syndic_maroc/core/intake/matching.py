"""Who a document or a bank line belongs to: the supplier of an invoice (ICE, then fuzzy name),
the résidence of a document, and the open invoice a statement line pays.

Pure: the Frappe layer passes plain lists read from ERPNext and stores the answers. Every
matcher only answers when the answer is unambiguous; otherwise it returns the candidates for
the reviewer to choose from (DESIGN.md §5 "Collection").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher

from syndic_maroc.core.text import fold

# Legal forms and filler words that say nothing about who the company is.
_NOISE = {
	"sarl",
	"sarlau",
	"au",
	"sa",
	"sas",
	"snc",
	"ste",
	"societe",
	"ets",
	"etablissements",
	"etablissement",
	"cie",
	"et",
	"de",
	"des",
	"du",
	"la",
	"le",
	"les",
	"l",
	"d",
	"group",
	"groupe",
	"maroc",
	"morocco",
}
# Words of a bank line that are not part of a payer's name.
_LABEL_NOISE = {"m", "mr", "mme", "mlle", "me", "dr", "sidi", "ben", "el", "al", "de", "du", "la", "le"}

NAME_THRESHOLD = 0.86  # fuzzy score needed to take a supplier by name
NAME_MARGIN = 0.06  # ... and its lead over the next supplier
CANDIDATE_THRESHOLD = 0.6

MATCHED, PARTIAL, AMBIGUOUS, UNMATCHED = "matched", "partial", "ambiguous", "unmatched"


def name_key(name: str | None) -> str:
	"""A company name reduced to its significant words ("STE NADAFA SERVICES SARL" → "nadafa services")."""
	words = re.split(r"[^\w]+", fold(name or ""))
	kept = [w for w in words if w and w not in _NOISE]
	return " ".join(kept or [w for w in words if w])


def name_similarity(a: str | None, b: str | None) -> float:
	"""0..1: difflib ratio of the name keys, or 1.0 when one key's words all appear in the other."""
	ka, kb = name_key(a), name_key(b)
	if not ka or not kb:
		return 0.0
	if ka == kb:
		return 1.0
	wa, wb = set(ka.split()), set(kb.split())
	ratio = SequenceMatcher(None, ka, kb).ratio()
	if min(len(wa), len(wb)) >= 1 and (wa <= wb or wb <= wa):
		# "Nadafa Services" vs "Nadafa Services Casablanca": same company, longer name
		shorter = min(ka, kb, key=len)
		if len(shorter) >= 5:
			ratio = max(ratio, 0.9)
	return round(ratio, 3)


def _digits(value: str | None) -> str:
	return re.sub(r"\D", "", value or "")


@dataclass
class SupplierMatch:
	supplier: str | None = None
	basis: str | None = None  # "ice" | "name"
	score: float = 0.0
	candidates: list[tuple[str, float]] = field(default_factory=list)


def match_supplier(ice: str | None, names: list[str], suppliers: list[dict]) -> SupplierMatch:
	"""The ERPNext Supplier of a document: by ICE when exactly one supplier has it, else by name.

	`names`: the names read on the document (supplier name, or a distributor and the names it
	is also known by). `suppliers`: [{"name", "supplier_name", "ice"}].
	"""
	ice = _digits(ice)
	if len(ice) == 15:
		hits = [s["name"] for s in suppliers if _digits(s.get("ice")) == ice]
		if len(hits) == 1:
			return SupplierMatch(hits[0], "ice", 1.0, [(hits[0], 1.0)])
	scored = []
	for s in suppliers:
		best = max(
			(name_similarity(n, label) for n in names if n for label in (s.get("supplier_name"), s["name"])),
			default=0.0,
		)
		if best >= CANDIDATE_THRESHOLD:
			scored.append((s["name"], best))
	scored.sort(key=lambda t: (-t[1], t[0]))
	if scored:
		top, score = scored[0]
		second = scored[1][1] if len(scored) > 1 else 0.0
		if score >= NAME_THRESHOLD and score - second >= NAME_MARGIN:
			return SupplierMatch(top, "name", score, scored[:5])
	return SupplierMatch(None, None, scored[0][1] if scored else 0.0, scored[:5])


def guess_residence(
	residences: list[dict], *, rib: str | None = None, ice: str | None = None, text: str = ""
) -> str | None:
	"""The résidence a document is for, when one clue designates exactly one.

	`residences`: [{"name", "rib", "ice", "residence_name"}]. Clues in order: the RIB of a
	statement, the buyer's ICE of an invoice, the résidence's name written in the text.
	"""
	for clue, key in ((_digits(rib), "rib"), (_digits(ice), "ice")):
		if clue:
			hits = [r["name"] for r in residences if _digits(r.get(key)) == clue]
			if len(hits) == 1:
				return hits[0]
	folded = " ".join(re.split(r"[^\w]+", fold(text)))
	hits = []
	for r in residences:
		key = " ".join(re.split(r"[^\w]+", fold(r.get("residence_name") or r["name"]))).strip()
		core_words = [
			w for w in key.split() if w not in ("residence", "res", "syndicat", "les", "des", "la", "le")
		]
		if core_words and re.search(r"\b" + re.escape(" ".join(core_words)) + r"\b", folded):
			hits.append(r["name"])
	return hits[0] if len(hits) == 1 else None


# --- bank statement lines → open invoices -----------------------------------------------------


@dataclass
class OpenInvoice:
	"""An unpaid invoice a statement line may settle: a co-owner's Sales Invoice (credit lines)
	or a supplier's Purchase Invoice (debit lines)."""

	name: str
	party: str  # Customer / Supplier
	party_name: str
	outstanding: Decimal
	due_date: date | None = None
	co_owner: str | None = None
	references: tuple[str, ...] = ()  # other numbers that identify it (bill_no…)


@dataclass
class LineMatch:
	status: str = UNMATCHED  # matched | partial (payer known, not the invoice) | ambiguous | unmatched
	invoice: str | None = None
	party: str | None = None
	co_owner: str | None = None
	basis: str | None = None  # "reference" | "name+amount" | "amount" | "name"
	confidence: float = 0.0
	candidates: list[str] = field(default_factory=list)


def _compact(text: str) -> str:
	return re.sub(r"[^0-9a-z]", "", fold(text))


def _mentions_reference(text: str, inv: OpenInvoice) -> bool:
	compact = _compact(text)
	for ref in (inv.name, *inv.references):
		key = _compact(ref or "")
		if len(key) >= 5 and key in compact:
			return True
	return False


def _mentions_name(label: str, party_name: str) -> bool:
	"""All significant words (3+ letters) of the name appear in the label, in any order."""
	words = [w for w in re.split(r"[^\w]+", fold(party_name)) if len(w) >= 3 and w not in _LABEL_NOISE]
	if not words:
		return False
	label_words = set(re.split(r"[^\w]+", fold(label)))
	return all(w in label_words for w in words)


def _oldest(invoices: list[OpenInvoice]) -> OpenInvoice:
	return min(invoices, key=lambda i: (i.due_date or date.max, i.name))


def match_line(label: str, reference: str, amount: Decimal, invoices: list[OpenInvoice]) -> LineMatch:
	"""The open invoice one statement line pays, only when the evidence points to one.

	In order: an invoice number written on the line; the payer's name with the exact amount
	(the oldest when one payer has several); the exact amount alone when a single invoice has
	it; the payer's name alone (partial: the payer is known, the allocation is left to review).
	"""
	if amount is None or amount <= 0 or not invoices:
		return LineMatch()
	text = f"{label or ''} {reference or ''}"
	by_ref = [i for i in invoices if _mentions_reference(text, i) and amount <= i.outstanding]
	if len(by_ref) == 1:
		return _matched(by_ref[0], "reference", 0.97)
	if len(by_ref) > 1:
		return LineMatch(AMBIGUOUS, candidates=sorted(i.name for i in by_ref))
	by_name = [i for i in invoices if _mentions_name(label or "", i.party_name)]
	named_amount = [i for i in by_name if i.outstanding == amount]
	if named_amount:
		if len({i.party for i in named_amount}) == 1:
			return _matched(_oldest(named_amount), "name+amount", 0.93)
		return LineMatch(AMBIGUOUS, candidates=sorted(i.name for i in named_amount))
	if by_name:
		parties = {i.party for i in by_name}
		if len(parties) == 1:
			first = by_name[0]
			return LineMatch(
				PARTIAL,
				party=first.party,
				co_owner=first.co_owner,
				basis="name",
				confidence=0.7,
				candidates=sorted(i.name for i in by_name),
			)
		return LineMatch(AMBIGUOUS, candidates=sorted(i.name for i in by_name))
	by_amount = [i for i in invoices if i.outstanding == amount]
	if len(by_amount) == 1:
		return _matched(by_amount[0], "amount", 0.8)
	if by_amount:
		return LineMatch(AMBIGUOUS, candidates=sorted(i.name for i in by_amount))
	return LineMatch()


def _matched(inv: OpenInvoice, basis: str, confidence: float) -> LineMatch:
	return LineMatch(MATCHED, inv.name, inv.party, inv.co_owner, basis, confidence, [inv.name])


def match_lines(lines: list[dict], invoices: list[OpenInvoice]) -> list[LineMatch]:
	"""match_line for every line ({"label", "reference", "amount"}); an invoice claimed by two
	lines of the same statement is ambiguous for both."""
	results = [
		match_line(ln.get("label") or "", ln.get("reference") or "", ln.get("amount"), invoices)
		for ln in lines
	]
	claimed: dict[str, list[int]] = {}
	for i, r in enumerate(results):
		if r.status == MATCHED:
			claimed.setdefault(r.invoice, []).append(i)
	for invoice, idx in claimed.items():
		if len(idx) > 1:
			for i in idx:
				results[i] = LineMatch(AMBIGUOUS, candidates=[invoice])
	return results

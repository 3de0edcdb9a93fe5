"""Which kind of document: supplier invoice, utility bill, bank statement or other.

Weighted text cues in French and Arabic on folded text (NFKC, no accents, lowercase). Arabic
extracted from PDFs is sometimes in visual order (reversed): cues are tried both ways.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from syndic_maroc.core.text import fold

from .issuers import BANKS, UTILITY_ISSUERS
from .model import BANK_STATEMENT, INVOICE, OTHER, UTILITY_BILL

CUES: dict[str, list[tuple[str, float]]] = {
	BANK_STATEMENT: [
		(r"releve de (compte|vos operations)|extrait de compte", 3.0),
		(r"solde (depart|precedent|initial|final|au)|nouveau solde|ancien solde", 3.0),
		(r"total (des )?mouvements", 2.0),
		(r"date (de )?valeur|date val\b", 2.0),
		(r"\bdebit\b.*\bcredit\b", 2.0),
		(r"\brib\b|\biban\b", 1.0),
		(r"vir(ement)?\.? ?(emis|recu)|versement espece|remise cheque", 1.5),
		(r"كشف الحساب|الرصيد", 1.5),
	],
	UTILITY_BILL: [
		(r"avis de facturation", 2.5),
		(r"periode de consommation", 3.0),
		(r"\bindex\b", 1.0),
		(r"\d\s*(kwh|m3|m³)\b", 2.0),
		(r"net a payer", 1.0),
		(r"date limite de paiement", 2.0),
		(r"\bpolice\b|votre contrat|vos contrats|option tarifaire|compteur", 1.5),
		(r"redevance|tranche", 1.0),
		(r"الكهرباء|الماء|استهلاك", 1.5),
	],
	INVOICE: [
		(r"\bfacture\b", 1.5),
		(r"(total|montant|net)\s*(h\.?\s?t\.?|hors taxes?)\b", 2.5),
		(r"\bt\.?v\.?a\.?\b", 1.5),
		(r"(total|montant|net)\s*(t\.?t\.?c\.?)\b|toutes taxes", 2.0),
		(r"arretee? la presente facture", 2.0),
		(r"designation|p\.?\s?u\.?\s?h\.?t|prix unitaire|\bqte\b|quantite", 2.0),
		(r"\bice\b", 1.0),
		(r"الضريبة على القيمة المضافة|فاتورة", 1.0),
		# English labels, weighted like their French counterparts above
		(r"\binvoice\b", 1.5),
		(r"\bsub-?total\b|total (?:excl|before tax|net)", 2.5),
		(r"\bvat\b", 1.5),
		(r"unit price|\bqty\b|quantity|\bdescription\b.*\bamount\b", 2.0),
		(r"note d.honoraires|honoraires|avis d.echeance|quittance|prime (nette|totale|ttc)", 1.5),
	],
}


@functools.cache
def _compiled(pattern: str) -> re.Pattern:
	return re.compile(fold(pattern) if not pattern.isascii() else pattern)


@dataclass
class Classification:
	doc_class: str
	confidence: float
	scores: dict
	issuer: str | None = None  # utility issuer or bank found on the way


def _matches(pattern: str, text: str, rtext: str) -> bool:
	rx = _compiled(pattern)
	return bool(rx.search(text) or (not pattern.isascii() and rx.search(rtext)))


def find_issuer(key_text: str, issuers: list[dict] = UTILITY_ISSUERS) -> str | None:
	"""The first issuer of the list whose pattern occurs (SRMs come before the companies they
	replaced, so a transition bill that names both is given to the SRM)."""
	rtext = _reverse_lines(key_text)
	for issuer in issuers:
		if any(_matches(p, key_text, rtext) for p in issuer["patterns"]):
			return issuer["name"]
	return None


def find_bank(key_text: str, banks: list[dict] = BANKS) -> str | None:
	rtext = _reverse_lines(key_text)
	for bank in banks:
		if any(_matches(p, key_text, rtext) for p in bank["patterns"]):
			return bank["name"]
	return None


def _reverse_lines(text: str) -> str:
	return "\n".join(line[::-1] for line in text.split("\n"))


def classify(
	key_text: str,
	issuers: list[dict] = UTILITY_ISSUERS,
	banks: list[dict] = BANKS,
	structure: dict[str, float] | None = None,
) -> Classification:
	"""`key_text`: the folded text of the document (layout.full_text of lines' keys);
	`structure`: scores from the page's arithmetic (structure.scores), added to the cues'."""
	rtext = _reverse_lines(key_text)
	scores = {cls: sum(w for p, w in cues if _matches(p, key_text, rtext)) for cls, cues in CUES.items()}
	for cls, extra in (structure or {}).items():
		scores[cls] = scores.get(cls, 0.0) + extra
	issuer = find_issuer(key_text, issuers)
	if issuer:
		scores[UTILITY_BILL] += 3.0
	bank = find_bank(key_text, banks)
	if bank:
		scores[BANK_STATEMENT] += 1.5
	best = max(scores, key=scores.get)
	ordered = sorted(scores.values(), reverse=True)
	if ordered[0] < 4.0:
		return Classification(OTHER, round(min(1.0, 1 - ordered[0] / 8), 2), scores)
	margin = ordered[0] - ordered[1]
	confidence = round(min(0.99, 0.5 + margin / 10), 2)
	return Classification(
		best, confidence, scores, issuer if best == UTILITY_BILL else bank if best == BANK_STATEMENT else None
	)

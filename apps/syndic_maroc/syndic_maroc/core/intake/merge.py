"""Rules and LLM together: the JSON schema the LLM must fill, typing its answer, and the merge.

Pure: the HTTP client is syndic_maroc.intake.reading.llm. Agreement between rule and LLM gives source
"both" and a higher confidence; disagreement keeps the rule's value, records the LLM's as the
alternative and lowers the confidence; a field only the LLM found is taken at a review-level
confidence.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal

from .model import (
	BANK_STATEMENT,
	BOTH,
	INVOICE,
	LLM,
	SCHEMAS,
	UTILITY_BILL,
	Field,
	InvoiceLine,
	scalar_fields,
)
from .numbers import parse_amount, parse_date

AMOUNTS = {
	"total_ht",
	"total_tva",
	"total_ttc",
	"amount_due",
	"taxes",
	"opening_balance",
	"closing_balance",
	"total_debit",
	"total_credit",
}
INTEGERS = {"index_old", "index_new", "consumption"}
DATES = {"invoice_date", "due_date", "bill_date", "period_start", "period_end"}
LLM_ONLY_CONFIDENCE = 0.6
DISAGREE_CONFIDENCE = 0.5
REVIEW_THRESHOLD = 0.8

DESCRIPTIONS = {
	"supplier_name": "raison sociale du fournisseur (émetteur de la facture)",
	"ice": "ICE du fournisseur, 15 chiffres",
	"customer_name": "client facturé (syndicat, résidence)",
	"customer_ice": "ICE du client, 15 chiffres",
	"tax_id": "IF (identifiant fiscal) du fournisseur",
	"rc": "numéro RC",
	"patente": "numéro de patente / taxe professionnelle",
	"invoice_number": "numéro de la facture",
	"invoice_date": "date de la facture, AAAA-MM-JJ",
	"due_date": "date d'échéance ou date limite de paiement, AAAA-MM-JJ",
	"total_ht": "total hors taxes",
	"total_tva": "montant total de TVA",
	"total_ttc": "total toutes taxes comprises",
	"currency": "devise (MAD, EUR…)",
	"issuer": "distributeur (Lydec, SRM…, Redal, Amendis, ONEE, RADEEMA…)",
	"service": "electricity, water ou both",
	"bill_number": "numéro de facture",
	"contract_number": "numéro de contrat ou de police",
	"reference": "référence client",
	"bill_date": "date de facture, AAAA-MM-JJ",
	"period_start": "début de période, AAAA-MM-JJ",
	"period_end": "fin de période, AAAA-MM-JJ",
	"index_old": "ancien index",
	"index_new": "nouvel index",
	"consumption": "consommation (nombre)",
	"consumption_unit": "kWh ou m3",
	"reading_type": "relevé ou estimation",
	"taxes": "montant des taxes",
	"amount_due": "net à payer",
	"bank": "banque",
	"rib": "RIB, 24 chiffres",
	"account_holder": "titulaire du compte",
	"opening_balance": "solde initial (négatif si débiteur)",
	"closing_balance": "solde final (négatif si débiteur)",
	"total_debit": "total des débits",
	"total_credit": "total des crédits",
}


def _json_type(name: str) -> dict:
	if name in AMOUNTS:
		return {"type": ["number", "null"]}
	if name in INTEGERS:
		return {"type": ["integer", "null"]}
	return {"type": ["string", "null"]}


def llm_schema(doc_class: str) -> dict:
	"""The JSON schema passed as Ollama's `format` for one class of document.

	Statement transactions are left to the rules (long, and checked by the balance); invoice
	lines are asked for since layouts vary most there.
	"""
	cls = SCHEMAS[doc_class]
	names = [
		f.name
		for f in dataclasses.fields(cls)
		if f.name not in ("taxes", "lines", "transactions")
		or (doc_class == UTILITY_BILL and f.name == "taxes")
	]
	props = {n: {**_json_type(n), "description": DESCRIPTIONS.get(n, n)} for n in names}
	if doc_class == INVOICE:
		props["tva"] = {
			"type": "array",
			"items": {
				"type": "object",
				"properties": {"rate": {"type": "number"}, "amount": {"type": "number"}},
				"required": ["rate", "amount"],
			},
		}
		props["lines"] = {
			"type": "array",
			"items": {
				"type": "object",
				"properties": {
					"description": {"type": "string"},
					"quantity": {"type": ["number", "null"]},
					"unit_price": {"type": ["number", "null"]},
					"amount": {"type": ["number", "null"]},
				},
				"required": ["description", "amount"],
			},
		}
	return {"type": "object", "properties": props, "required": names}


def coerce(name: str, value):
	"""An LLM value typed like the rules' (Decimal, int, date, str), or None when unusable."""
	if value is None or value == "":
		return None
	try:
		if name in AMOUNTS:
			return (
				value
				if isinstance(value, Decimal)
				else (
					Decimal(str(value)).quantize(Decimal("0.01"))
					if isinstance(value, (int, float))
					else parse_amount(str(value))
				)
			)
		if name in INTEGERS:
			return int(Decimal(str(value).replace(" ", "").replace(",", ".")))
		if name in DATES:
			if isinstance(value, date):
				return value
			s = str(value)
			m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s.strip())
			return date(int(m[1]), int(m[2]), int(m[3])) if m else parse_date(s)
		if name in ("ice", "rib"):
			return re.sub(r"\D", "", str(value)) or None
		return str(value).strip() or None
	except (ValueError, ArithmeticError):
		return None


def same(name: str, a, b) -> bool:
	if a is None or b is None:
		return False
	if isinstance(a, str) and isinstance(b, str):
		norm = lambda s: re.sub(r"[\s.\-_/]", "", s).casefold()  # noqa: E731
		return norm(a) == norm(b)
	return a == b


def merge(doc_class: str, fields, llm_data: dict | None):
	"""Fold the LLM's answer into the rule fields (in place) and return them."""
	if not llm_data or fields is None:
		return fields
	for name, f in scalar_fields(fields).items():
		llm_value = coerce(name, llm_data.get(name))
		if llm_value is None:
			continue
		if not f.present:
			setattr(fields, name, Field(value=llm_value, confidence=LLM_ONLY_CONFIDENCE, source=LLM))
		elif same(name, f.value, llm_value):
			f.source = BOTH
			f.confidence = round(min(0.99, max(f.confidence, 0.85) + 0.1), 3)
		else:
			f.alternative = llm_value
			f.confidence = min(f.confidence, DISAGREE_CONFIDENCE)
	if doc_class == INVOICE and not fields.lines and isinstance(llm_data.get("lines"), list):
		for item in llm_data["lines"]:
			if not isinstance(item, dict):
				continue
			amount = coerce("total_ht", item.get("amount"))
			if amount is None:
				continue
			fields.lines.append(
				InvoiceLine(
					description=str(item.get("description") or ""),
					quantity=coerce("total_ht", item.get("quantity")),
					unit_price=coerce("total_ht", item.get("unit_price")),
					amount=amount,
					confidence=LLM_ONLY_CONFIDENCE,
				)
			)
	return fields


def review_fields(fields, threshold: float = REVIEW_THRESHOLD) -> list[str]:
	"""Fields the reviewer must look at: present but below the threshold."""
	if fields is None:
		return []
	names = [n for n, f in scalar_fields(fields).items() if f.present and f.confidence < threshold]
	for lname in ("lines", "transactions"):
		for i, item in enumerate(getattr(fields, lname, []) or []):
			if item.confidence < threshold:
				names.append(f"{lname}[{i}]")
	return names


def mark_rule_only(fields, cap: float = 0.79) -> None:
	"""LLM unavailable: every field stays rule-only and is capped below the auto-approval level."""
	if fields is None:
		return
	for f in scalar_fields(fields).values():
		if f.present:
			f.confidence = min(f.confidence, cap)

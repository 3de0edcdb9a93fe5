"""From a pipeline result to the review form and back to the accounting draft: which extracted
field fills which form field, how confident the document is as a whole, which expense account
a bill goes to, whether it may be approved without a human, and how the invoice is booked.

Pure: the Incoming Document controller (syndic_maroc.intake) stores and reads these values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from syndic_maroc.core.errors import _

from .merge import REVIEW_THRESHOLD
from .model import BANK_STATEMENT, INVOICE, OTHER, UTILITY_BILL

# Pipeline class → Incoming Document "doc_class" Select value (English, stable for the API).
CLASS_LABELS = {
	INVOICE: "Supplier Invoice",
	UTILITY_BILL: "Utility Bill",
	BANK_STATEMENT: "Bank Statement",
	OTHER: "Other",
}
CLASS_CODES = {v: k for k, v in CLASS_LABELS.items()}

# Extracted field → form field, per class.
FORM_FIELDS = {
	INVOICE: {
		"supplier_name": "supplier_name",
		"ice": "supplier_ice",
		"tax_id": "supplier_if",
		"invoice_number": "invoice_number",
		"invoice_date": "invoice_date",
		"due_date": "due_date",
		"total_ht": "total_ht",
		"total_tva": "total_tva",
		"total_ttc": "total_ttc",
		"currency": "currency",
		"customer_name": "customer_name",
		"customer_ice": "customer_ice",
	},
	UTILITY_BILL: {
		"issuer": "supplier_name",
		"service": "service",
		"bill_number": "invoice_number",
		"bill_date": "invoice_date",
		"due_date": "due_date",
		"contract_number": "contract_number",
		"reference": "customer_reference",
		"period_start": "period_start",
		"period_end": "period_end",
		"consumption": "consumption",
		"consumption_unit": "consumption_unit",
		"reading_type": "reading_type",
		"taxes": "total_tva",
		"amount_due": "amount_due",
	},
	BANK_STATEMENT: {
		"bank": "bank",
		"rib": "rib",
		"account_holder": "customer_name",
		"period_start": "period_start",
		"period_end": "period_end",
		"opening_balance": "opening_balance",
		"closing_balance": "closing_balance",
		"total_debit": "total_debit",
		"total_credit": "total_credit",
		"currency": "currency",
	},
}
# The fields a booking cannot do without (the draft Purchase Invoice's supplier, bill number,
# bill date and amount; the bank account and balances of a statement): one missing and the
# document cannot be booked, its confidence is 0.
BOOKING_FIELDS = {
	INVOICE: ("supplier_name", "invoice_number", "invoice_date", "total_ttc"),
	UTILITY_BILL: ("issuer", "amount_due"),
	BANK_STATEMENT: ("rib", "opening_balance", "closing_balance"),
}
# Fields that are booked when present (HT and TVA split the charge, the due date dates the
# payable): a wrong value would be booked, so their confidence counts when they were read, but
# an absent one (a fee note without TVA, a bill without a due date) costs nothing.
BOOKED_WHEN_PRESENT = {
	INVOICE: ("total_ht", "total_tva", "due_date"),
	UTILITY_BILL: ("bill_number", "bill_date", "due_date"),
	BANK_STATEMENT: (),
}
KEY_FIELDS = {c: BOOKING_FIELDS[c] + BOOKED_WHEN_PRESENT[c] for c in BOOKING_FIELDS}
SERVICES = {"electricity": "Electricity", "water": "Water", "both": "Both"}
LLM_STATUS = {"ok": "OK", "unavailable": "Unavailable", "skipped": "Skipped"}

# Expense categories of the Intake Settings → default account number of décret 2.23.700
# (annex 2 art. 6). The settings may point a category elsewhere.
EXPENSE_CATEGORIES = {
	"Water": "6111",  # Eau (compteur général)
	"Electricity": "6112",  # Électricité
	"Elevator": "6134",  # Contrats de maintenance
	"Cleaning": "6131",  # Nettoyage
	"Security": "6134",  # Gardiennage sous contrat
	"Gardening": "6134",  # Jardinage sous contrat
	"Repairs": "6135",  # Petites réparations (électricien, plombier)
	"Insurance": "6136",  # Primes d'assurance
	"Syndic Fees": "6137",  # Honoraires du syndic
	"Bank Fees": "6141",  # Frais bancaires
	"Other": "6143",  # Autres charges externes
}
# Supplier.service_category (registry) → expense category.
SUPPLIER_CATEGORIES = {
	"Elevator": "Elevator",
	"Cleaning": "Cleaning",
	"Security": "Security",
	"Gardening": "Gardening",
	"Electricity": "Repairs",
	"Plumbing": "Repairs",
	"Other": "Other",
}


def _value(f):
	return f.get("value") if isinstance(f, dict) else None


def form_values(doc_class: str, fields: dict | None) -> dict:
	"""{form field: value} for the review form (values as the pipeline serialised them)."""
	out = {}
	for name, target in FORM_FIELDS.get(doc_class, {}).items():
		value = _value((fields or {}).get(name))
		if value in (None, ""):
			continue
		if name == "service":
			value = SERVICES.get(value, value)
		out[target] = value
	return out


def field_confidence(doc_class: str, fields: dict | None) -> dict:
	"""{form field: {"confidence", "source", "alternative"}} of the fields that were read."""
	out = {}
	for name, target in FORM_FIELDS.get(doc_class, {}).items():
		f = (fields or {}).get(name)
		if isinstance(f, dict) and f.get("value") not in (None, ""):
			out[target] = {
				"confidence": round(float(f.get("confidence") or 0), 3),
				"source": f.get("source"),
				"alternative": f.get("alternative"),
			}
	return out


def review_form_fields(doc_class: str, names: list[str]) -> list[str]:
	"""The pipeline's review_fields as form fields ("transactions[3]" stays as it is)."""
	mapping = FORM_FIELDS.get(doc_class, {})
	out = []
	for n in names:
		target = mapping.get(n, n if "[" in n else None)
		if target and target not in out:
			out.append(target)
	return out


def overall_confidence(doc_class: str, fields: dict | None) -> float:
	"""0..1: the lowest confidence among the fields that are booked — those a booking needs
	(0 when one is missing) and the optional ones that were read; a missing optional field
	(an IF, a due date, a TVA line on a fee note) does not lower it."""
	names = BOOKING_FIELDS.get(doc_class)
	if not names or not fields:
		return 0.0
	values = []
	for n in names + BOOKED_WHEN_PRESENT[doc_class]:
		f = fields.get(n)
		if not isinstance(f, dict) or f.get("value") in (None, ""):
			if n in names:
				return 0.0
			continue
		values.append(float(f.get("confidence") or 0))
	return round(min(values), 3)


def transaction_rows(fields: dict | None) -> list[dict]:
	"""Statement lines for the child table (date, label, debit, credit, reference, confidence)."""
	rows = []
	for t in (fields or {}).get("transactions") or []:
		conf = float(t.get("confidence") or 0)
		rows.append(
			{
				"transaction_date": t.get("date"),
				"value_date": t.get("value_date"),
				"label": (t.get("label") or "")[:140],
				"debit": t.get("debit") or 0,
				"credit": t.get("credit") or 0,
				"reference": t.get("reference") or "",
				"confidence": round(conf * 100, 1),
				"needs_review": 1 if conf < REVIEW_THRESHOLD else 0,
			}
		)
	return rows


def expense_category(doc_class: str, service: str | None = None, supplier_category: str | None = None) -> str:
	"""The expense category of a bill: by service for a utility bill, by the supplier's
	service category for an invoice; "Other" when nothing says more."""
	if doc_class == UTILITY_BILL or supplier_category == "Utility Distributor":
		return "Water" if (service or "").lower() == "water" else "Electricity"
	return SUPPLIER_CATEGORIES.get(supplier_category or "", "Other")


def expense_account_number(category: str, overrides: dict | None = None) -> str:
	"""The account number of a category: the settings' choice, else the décret's default."""
	return (overrides or {}).get(category) or EXPENSE_CATEGORIES.get(category) or EXPENSE_CATEGORIES["Other"]


def invoice_key(number: str | None) -> str:
	"""An invoice number compared without spaces, dashes, slashes or case ("FA-2024/0012" ≡ "fa 2024 0012")."""
	return re.sub(r"[\W_]+", "", (number or "")).upper()


# --- auto-approval ------------------------------------------------------------------------------

AUTO_REASONS = {
	"disabled": _("Automatic approval is disabled."),
	"class": _("Only invoices and water or electricity bills are approved automatically."),
	"issues": _("The document shows anomalies to check."),
	"review": _("Some fields need checking."),
	"llm": _("The extraction was not confirmed by the language model."),
	"confidence": _("Confidence {confidence} % below the {threshold} % threshold."),
	"supplier": _("The supplier is not identified."),
	"history": _(
		"The supplier has only {count} document(s) approved without correction (minimum {minimum})."
	),
	"ok": _(
		"Approved automatically: confidence {confidence} %, {count} document(s) approved without correction for this supplier."
	),
}


@dataclass
class AutoDecision:
	approve: bool
	code: str
	params: dict = field(default_factory=dict)

	@property
	def message(self) -> str:
		return AUTO_REASONS[self.code].format(**self.params)


def auto_approval(
	*,
	enabled: bool,
	doc_class: str,
	confidence: float,
	threshold: float,
	review_fields: list[str],
	issues: list[dict],
	llm_status: str,
	supplier: str | None,
	clean_history: int,
	min_history: int,
) -> AutoDecision:
	"""Whether a document may become its draft without a reviewer (Intake Settings)."""
	pct = round(confidence * 100, 1)
	if not enabled:
		return AutoDecision(False, "disabled")
	if doc_class not in (INVOICE, UTILITY_BILL):
		return AutoDecision(False, "class")
	if issues:
		return AutoDecision(False, "issues")
	if review_fields:
		return AutoDecision(False, "review")
	if llm_status != "ok":
		return AutoDecision(False, "llm")
	if pct < threshold:
		return AutoDecision(False, "confidence", {"confidence": pct, "threshold": threshold})
	if not supplier:
		return AutoDecision(False, "supplier")
	if clean_history < min_history:
		return AutoDecision(False, "history", {"count": clean_history, "minimum": min_history})
	return AutoDecision(True, "ok", {"confidence": pct, "count": clean_history})


# --- booking ------------------------------------------------------------------------------------


@dataclass
class Booking:
	"""How a bill is booked on the draft Purchase Invoice: expense lines (net amounts) and the
	non-recoverable VAT as one extra charge on the same expense account."""

	lines: list[tuple[str, Decimal]]  # (description, amount)
	tax: Decimal  # VAT charged to the expense account (0 when the lines are TTC)
	total: Decimal  # what the supplier is owed (TTC / net à payer)


CENT = Decimal("0.01")


def _dec(value) -> Decimal | None:
	if value in (None, ""):
		return None
	try:
		return Decimal(str(value)).quantize(CENT)
	except ArithmeticError:
		return None


def booking(doc_class: str, values: dict, lines: list[dict] | None = None, label: str = "") -> Booking:
	"""The lines of the Purchase Invoice of a reviewed document.

	The syndicat is not VAT-registered (it does not recover VAT): TVA is a cost. An invoice keeps
	its HT lines (the extracted lines when they add up to the total HT, else one line) and its TVA
	becomes an "Actual" charge on the same expense account, so the invoice shows HT, TVA and TTC
	as printed while the whole TTC lands in class 6. A utility bill shows no HT: one line of the
	amount due.
	"""
	if doc_class == UTILITY_BILL:
		total = _dec(values.get("amount_due")) or _dec(values.get("total_ttc")) or Decimal(0)
		return Booking([(label, total)], Decimal(0), total)
	ht, tva, ttc = _dec(values.get("total_ht")), _dec(values.get("total_tva")), _dec(values.get("total_ttc"))
	if ttc is None and ht is not None:
		ttc = ht + (tva or 0)
	if ht is None and ttc is not None:
		ht = ttc - (tva or 0)
	if ht is None:
		return Booking([(label, Decimal(0))], Decimal(0), Decimal(0))
	tva = tva if tva is not None else (ttc - ht if ttc is not None else Decimal(0))
	items = [(str(ln.get("description") or label)[:140], _dec(ln.get("amount"))) for ln in (lines or [])]
	if not items or any(a is None for _d, a in items) or sum(a for _d, a in items) != ht:
		items = [(label, ht)]
	return Booking(items, tva, ht + tva)

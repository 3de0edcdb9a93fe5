"""Plain data exchanged between the reading layer, the rules, the LLM merge and validation."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

INVOICE = "supplier_invoice"
UTILITY_BILL = "utility_bill"
BANK_STATEMENT = "bank_statement"
OTHER = "other"
CLASSES = (INVOICE, UTILITY_BILL, BANK_STATEMENT, OTHER)

RULE = "rule"
LLM = "llm"
BOTH = "both"


@dataclass
class Word:
	"""One word with its box in page points (text layer) or pixels (OCR), origin top-left."""

	text: str
	x0: float
	y0: float
	x1: float
	y1: float
	conf: float = 1.0

	@property
	def height(self) -> float:
		return self.y1 - self.y0

	@property
	def xc(self) -> float:
		return (self.x0 + self.x1) / 2

	@property
	def yc(self) -> float:
		return (self.y0 + self.y1) / 2


@dataclass
class Page:
	number: int
	width: float
	height: float
	words: list[Word] = field(default_factory=list)
	source: str = "text"  # "text" (PDF text layer), "tesseract", "doctr"


@dataclass
class Field:
	"""An extracted value with its confidence (0..1) and where it came from."""

	value: Any = None
	confidence: float = 0.0
	source: str = RULE
	alternative: Any = None  # the other candidate when rule and LLM disagree

	@property
	def present(self) -> bool:
		return self.value not in (None, "", [])


@dataclass
class TaxLine:
	rate: Decimal | None = None
	base: Decimal | None = None
	amount: Decimal | None = None


@dataclass
class InvoiceLine:
	description: str = ""
	quantity: Decimal | None = None
	unit_price: Decimal | None = None
	amount: Decimal | None = None
	confidence: float = 0.0


@dataclass
class Transaction:
	date: date | None = None
	label: str = ""
	debit: Decimal | None = None
	credit: Decimal | None = None
	value_date: date | None = None
	reference: str = ""
	confidence: float = 0.0


def _f() -> Field:
	return Field()


@dataclass
class InvoiceFields:
	supplier_name: Field = field(default_factory=_f)
	ice: Field = field(default_factory=_f)
	tax_id: Field = field(default_factory=_f)  # IF, identifiant fiscal
	rc: Field = field(default_factory=_f)
	patente: Field = field(default_factory=_f)
	customer_name: Field = field(default_factory=_f)  # the syndicat / résidence billed
	customer_ice: Field = field(default_factory=_f)
	invoice_number: Field = field(default_factory=_f)
	invoice_date: Field = field(default_factory=_f)
	due_date: Field = field(default_factory=_f)
	total_ht: Field = field(default_factory=_f)
	total_tva: Field = field(default_factory=_f)
	total_ttc: Field = field(default_factory=_f)
	currency: Field = field(default_factory=_f)
	taxes: list[TaxLine] = field(default_factory=list)
	lines: list[InvoiceLine] = field(default_factory=list)


@dataclass
class UtilityBillFields:
	issuer: Field = field(default_factory=_f)
	service: Field = field(default_factory=_f)  # "electricity" | "water" | "both"
	bill_number: Field = field(default_factory=_f)
	contract_number: Field = field(default_factory=_f)
	reference: Field = field(default_factory=_f)
	bill_date: Field = field(default_factory=_f)
	period_start: Field = field(default_factory=_f)
	period_end: Field = field(default_factory=_f)
	index_old: Field = field(default_factory=_f)
	index_new: Field = field(default_factory=_f)
	consumption: Field = field(default_factory=_f)
	consumption_unit: Field = field(default_factory=_f)
	reading_type: Field = field(default_factory=_f)  # "relevé" | "estimation"
	taxes: Field = field(default_factory=_f)
	amount_due: Field = field(default_factory=_f)
	due_date: Field = field(default_factory=_f)


@dataclass
class BankStatementFields:
	bank: Field = field(default_factory=_f)
	rib: Field = field(default_factory=_f)
	account_holder: Field = field(default_factory=_f)
	period_start: Field = field(default_factory=_f)
	period_end: Field = field(default_factory=_f)
	opening_balance: Field = field(default_factory=_f)
	closing_balance: Field = field(default_factory=_f)
	total_debit: Field = field(default_factory=_f)
	total_credit: Field = field(default_factory=_f)
	currency: Field = field(default_factory=_f)
	transactions: list[Transaction] = field(default_factory=list)


SCHEMAS = {INVOICE: InvoiceFields, UTILITY_BILL: UtilityBillFields, BANK_STATEMENT: BankStatementFields}


@dataclass
class Issue:
	"""A validation finding: the field concerned, a French template and its parameters."""

	field: str
	code: str
	message: str
	params: dict = field(default_factory=dict)
	severity: str = "warning"  # "warning" (review) | "error" (cannot be approved as is)

	def render(self) -> str:
		try:
			return self.message.format(**self.params)
		except (KeyError, IndexError, ValueError):
			return self.message


def scalar_fields(doc) -> dict[str, Field]:
	"""The Field attributes of an extraction, by name."""
	return {
		f.name: getattr(doc, f.name)
		for f in dataclasses.fields(doc)
		if isinstance(getattr(doc, f.name), Field)
	}


def jsonable(value: Any) -> Any:
	"""Decimal → str, date → ISO, dataclasses → dicts: what JSON (and Frappe) can store."""
	if isinstance(value, Decimal):
		return str(value)
	if isinstance(value, date):
		return value.isoformat()
	if dataclasses.is_dataclass(value) and not isinstance(value, type):
		return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
	if isinstance(value, (list, tuple)):
		return [jsonable(v) for v in value]
	if isinstance(value, dict):
		return {k: jsonable(v) for k, v in value.items()}
	return value

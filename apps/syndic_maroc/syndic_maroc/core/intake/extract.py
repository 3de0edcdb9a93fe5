"""The pure pipeline: pages of words → lines → class → rule fields → validation issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import rules_invoice, rules_statement, rules_utility, structure
from .classify import Classification, classify
from .issuers import BANKS, UTILITY_ISSUERS
from .layout import Line, document_lines
from .model import BANK_STATEMENT, INVOICE, OTHER, UTILITY_BILL, Issue, Page
from .validate import validate


@dataclass
class Extraction:
	classification: Classification
	fields: object | None  # InvoiceFields | UtilityBillFields | BankStatementFields | None
	issues: list[Issue] = field(default_factory=list)
	lines: list[Line] = field(default_factory=list)

	@property
	def doc_class(self) -> str:
		return self.classification.doc_class

	@property
	def text(self) -> str:
		return "\n".join(ln.text for ln in self.lines)


def extract_lines(
	lines: list[Line],
	doc_class: str | None = None,
	issuers: list[dict] = UTILITY_ISSUERS,
	banks: list[dict] = BANKS,
	check: bool = True,
	today: date | None = None,
) -> Extraction:
	"""Classify (unless `doc_class` is given), apply the class's rules, then validate (`check`)."""
	c = classify("\n".join(ln.key for ln in lines), issuers, banks, structure.scores(lines))
	if doc_class:
		c = Classification(doc_class, 1.0, c.scores, c.issuer)
	if c.doc_class == OTHER:
		return Extraction(c, None, [], lines)
	if c.doc_class == UTILITY_BILL:
		fields = rules_utility.extract(lines, issuers)
	elif c.doc_class == BANK_STATEMENT:
		fields = rules_statement.extract(lines, banks)
	else:
		fields = rules_invoice.extract(lines)
	return Extraction(c, fields, validate(c.doc_class, fields, today) if check else [], lines)


def extract_pages(
	pages: list[Page],
	doc_class: str | None = None,
	issuers: list[dict] = UTILITY_ISSUERS,
	banks: list[dict] = BANKS,
	check: bool = True,
	today: date | None = None,
) -> Extraction:
	return extract_lines(document_lines(pages), doc_class, issuers, banks, check, today)

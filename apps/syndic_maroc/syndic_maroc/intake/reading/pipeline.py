"""One file in, one JSON-ready result out: what the RQ job on queue `ocr` stores on the
Incoming Document. Never raises: a refused or unreadable file gives status "failed" with a
French reason; a missing service degrades (DESIGN.md §6).
"""

from __future__ import annotations

import dataclasses
import time
import typing
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from syndic_maroc.core.intake.errors import IntakeError
from syndic_maroc.core.intake.extract import extract_pages
from syndic_maroc.core.intake.issuers import BANKS, UTILITY_ISSUERS
from syndic_maroc.core.intake.layout import positioned_text
from syndic_maroc.core.intake.merge import AMOUNTS, DATES, INTEGERS, mark_rule_only, merge, review_fields
from syndic_maroc.core.intake.model import OTHER, SCHEMAS, Field, jsonable
from syndic_maroc.core.intake.validate import validate
from syndic_maroc.utils.files import inspect_file

from .config import IntakeConfig
from .llm import OllamaClient
from .reader import read_document

EXTRACTED, FAILED = "extracted", "failed"


@dataclass
class IntakeResult:
	status: str
	error_code: str | None = None
	error: str | None = None  # French message
	error_template: str | None = None
	error_params: dict = field(default_factory=dict)
	sha256: str | None = None
	file_type: str | None = None
	pages: int = 0
	engine: str | None = None
	notes: list[str] = field(default_factory=list)
	doc_class: str | None = None
	class_confidence: float = 0.0
	fields: dict | None = None
	issues: list[dict] = field(default_factory=list)
	review_fields: list[str] = field(default_factory=list)
	needs_review: bool = True
	llm_status: str = "skipped"  # "ok" | "unavailable" | "skipped"
	llm_error: str | None = None
	qr_codes: list[str] = field(default_factory=list)
	text: str = ""
	# the text as the language model sees it: cells with page, y and x (layout.positioned_text)
	layout_text: str = ""
	timings: dict = field(default_factory=dict)
	# The rules' fields before the LLM and validation touched them: what retry_llm() starts from.
	rule_fields: dict | None = None

	def as_dict(self) -> dict:
		return jsonable(self)


def _failed(e: IntakeError, **extra) -> IntakeResult:
	return IntakeResult(
		status=FAILED,
		error_code=e.code,
		error=e.render(),
		error_template=e.message,
		error_params={k: str(v) for k, v in e.params.items()},
		**extra,
	)


def process(
	data: bytes,
	filename: str | None = None,
	config: IntakeConfig | None = None,
	doc_class: str | None = None,
	issuers: list[dict] | None = None,
	banks: list[dict] | None = None,
	today: date | None = None,
	llm: OllamaClient | None = None,
) -> IntakeResult:
	config = config or IntakeConfig()
	t0 = time.perf_counter()
	info = None
	try:
		info = inspect_file(data, filename, config.limits)
		reading = read_document(data, filename, config, info)
	except IntakeError as e:
		extra = {"sha256": info.sha256, "file_type": info.kind, "pages": info.pages} if info else {}
		return _failed(e, **extra)
	except Exception as e:  # a parser bug must fail the document, not the worker
		err = IntakeError("internal_error", detail=type(e).__name__)
		extra = {"sha256": info.sha256, "file_type": info.kind, "pages": info.pages} if info else {}
		return _failed(err, **extra)
	t1 = time.perf_counter()
	result = IntakeResult(
		status=EXTRACTED,
		sha256=info.sha256,
		file_type=info.kind,
		pages=info.pages,
		engine=reading.engine,
		notes=reading.notes,
		qr_codes=reading.qr_codes,
	)
	try:
		x = extract_pages(reading.pages, doc_class, issuers or UTILITY_ISSUERS, banks or BANKS, check=False)
	except Exception as e:
		err = IntakeError("internal_error", detail=type(e).__name__)
		return _failed(err, sha256=info.sha256, file_type=info.kind, pages=info.pages, engine=reading.engine)
	t2 = time.perf_counter()
	result.doc_class = x.doc_class
	result.class_confidence = x.classification.confidence
	result.text = x.text
	result.layout_text = positioned_text(x.lines)
	fields = x.fields
	if fields is not None:
		result.rule_fields = jsonable(fields)  # before merge/validate change them in place
	if fields is not None and x.doc_class != OTHER:
		# the model sees the words with their positions (issue 15)
		_llm_and_validate(result, x.doc_class, fields, result.layout_text, config, llm, today, True)
	t3 = time.perf_counter()
	result.timings = {
		"read": round(t1 - t0, 3),
		"rules": round(t2 - t1, 3),
		"llm": round(t3 - t2, 3),
		"total": round(t3 - t0, 3),
	}
	return result


def _llm_and_validate(
	result: IntakeResult,
	doc_class: str,
	fields,
	text: str,
	config: IntakeConfig,
	llm,
	today,
	positioned: bool = False,
) -> None:
	"""The LLM step (when configured), the merge with the rule fields, then validation."""
	client = llm or (
		OllamaClient(config.ollama_host, config.ollama_model, config.ollama_timeout)
		if config.ollama_host
		else None
	)
	if client is not None:
		answer = client.extract(doc_class, text, positioned)
		if answer is None:
			result.llm_status, result.llm_error = "unavailable", client.last_error
			mark_rule_only(fields)
		else:
			result.llm_status = "ok"
			merge(doc_class, fields, answer)
	issues = validate(doc_class, fields, today)
	result.issues = [
		{
			"field": i.field,
			"code": i.code,
			"message": i.render(),
			"template": i.message,
			"params": jsonable(i.params),
			"severity": i.severity,
		}
		for i in issues
	]
	result.fields = jsonable(fields)
	result.review_fields = review_fields(fields)
	result.needs_review = bool(result.review_fields or issues or result.llm_status == "unavailable")


def retry_llm(
	stored: dict,
	text: str,
	config: IntakeConfig | None = None,
	today: date | None = None,
	llm: OllamaClient | None = None,
) -> IntakeResult | None:
	"""The LLM step again on a stored result (`IntakeResult.as_dict()` without its text, and the
	text): the rule fields are taken back as they were, merged with the new answer and validated.
	Nothing is read or OCR'd again. None when the stored result lacks the rule fields or the text
	(documents read before they were stored): the caller reads the file again."""
	config = config or IntakeConfig()
	doc_class, rule = stored.get("doc_class"), stored.get("rule_fields")
	if stored.get("status") != EXTRACTED or doc_class not in SCHEMAS or not rule or not text:
		return None
	t0 = time.perf_counter()
	try:
		fields = fields_from_json(doc_class, rule)
	except (TypeError, ValueError, ArithmeticError):
		return None
	result = IntakeResult(
		status=EXTRACTED,
		sha256=stored.get("sha256"),
		file_type=stored.get("file_type"),
		pages=stored.get("pages") or 0,
		engine=stored.get("engine"),
		notes=list(stored.get("notes") or []),
		qr_codes=list(stored.get("qr_codes") or []),
		doc_class=doc_class,
		class_confidence=stored.get("class_confidence") or 0.0,
		text=text,
		layout_text=stored.get("layout_text") or "",
		rule_fields=rule,
	)
	# the words with their positions when the stored result has them (read since issue 15)
	positioned = bool(result.layout_text)
	_llm_and_validate(result, doc_class, fields, result.layout_text or text, config, llm, today, positioned)
	before = stored.get("timings") or {}
	llm_s = round(time.perf_counter() - t0, 3)
	result.timings = {
		"read": before.get("read", 0.0),
		"rules": before.get("rules", 0.0),
		"llm": llm_s,
		"total": round(before.get("read", 0.0) + before.get("rules", 0.0) + llm_s, 3),
		"llm_retried": True,
	}
	return result


# --- the rule fields back from JSON ------------------------------------------------------------


def _scalar(name: str, value):
	"""A Field value as the rules typed it: Decimal amounts, int counts, dates, else as stored."""
	if value is None:
		return None
	if name in AMOUNTS:
		return Decimal(str(value))
	if name in INTEGERS:
		number = Decimal(str(value))
		return int(number) if number == number.to_integral_value() else number
	if name in DATES and isinstance(value, str):
		return date.fromisoformat(value)
	return value


def _typed(hint, value):
	"""A list item's attribute by its annotation (Decimal | None, date | None, str, float)."""
	if value is None:
		return None
	args = typing.get_args(hint) or (hint,)
	if Decimal in args:
		return Decimal(str(value))
	if date in args and isinstance(value, str):
		return date.fromisoformat(value)
	if float in args:
		return float(value)
	return value


def _item(cls, data: dict):
	hints = typing.get_type_hints(cls)
	return cls(
		**{f.name: _typed(hints[f.name], data.get(f.name)) for f in dataclasses.fields(cls) if f.name in data}
	)


def fields_from_json(doc_class: str, data: dict):
	"""InvoiceFields / UtilityBillFields / BankStatementFields from their `jsonable()` form."""
	cls = SCHEMAS[doc_class]
	hints = typing.get_type_hints(cls)
	values = {}
	for f in dataclasses.fields(cls):
		raw = data.get(f.name)
		if hints[f.name] is Field:
			raw = raw or {}
			values[f.name] = Field(
				value=_scalar(f.name, raw.get("value")),
				confidence=float(raw.get("confidence") or 0.0),
				source=raw.get("source") or "rule",
				alternative=_scalar(f.name, raw.get("alternative")),
			)
		else:  # list[TaxLine] | list[InvoiceLine] | list[Transaction]
			(item_cls,) = typing.get_args(hints[f.name])
			values[f.name] = [_item(item_cls, item) for item in raw or []]
	return cls(**values)

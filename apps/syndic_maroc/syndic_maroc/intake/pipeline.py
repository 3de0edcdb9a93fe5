"""One file in, one JSON-ready result out: what the RQ job on queue `ocr` stores on the
Incoming Document. Never raises: a refused or unreadable file gives status "failed" with a
French reason; a missing service degrades (DESIGN.md §6).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from syndic_maroc.core.intake.errors import IntakeError
from syndic_maroc.core.intake.extract import extract_pages
from syndic_maroc.core.intake.issuers import BANKS, UTILITY_ISSUERS
from syndic_maroc.core.intake.merge import mark_rule_only, merge, review_fields
from syndic_maroc.core.intake.model import OTHER, jsonable
from syndic_maroc.core.intake.validate import validate

from .config import IntakeConfig
from .llm import OllamaClient
from .reading import read_document
from .safety import inspect_file

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
	timings: dict = field(default_factory=dict)

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
	fields = x.fields
	if fields is not None and x.doc_class != OTHER:
		client = llm or (
			OllamaClient(config.ollama_host, config.ollama_model, config.ollama_timeout)
			if config.ollama_host
			else None
		)
		if client is not None:
			answer = client.extract(x.doc_class, x.text)
			if answer is None:
				result.llm_status, result.llm_error = "unavailable", client.last_error
				mark_rule_only(fields)
			else:
				result.llm_status = "ok"
				merge(x.doc_class, fields, answer)
		issues = validate(x.doc_class, fields, today)
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
	t3 = time.perf_counter()
	result.timings = {
		"read": round(t1 - t0, 3),
		"rules": round(t2 - t1, 3),
		"llm": round(t3 - t2, 3),
		"total": round(t3 - t0, 3),
	}
	return result

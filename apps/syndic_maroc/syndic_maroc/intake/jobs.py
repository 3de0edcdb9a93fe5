"""The RQ job of zéro saisie: one Incoming Document, one job on queue `ocr`.

enqueue_processing() is called by the upload paths (syndic_maroc.intake.sources) and the Retry
buttons; it returns at once. process_incoming_document() reads the File (size checked before
reading), skips a file already received (same SHA-256), runs the reading pipeline, stores the
fields for review, matches supplier, résidence and statement lines, flags duplicates (same
supplier + invoice number), renders the page preview and, when the settings allow it, approves.
It never raises: any failure leaves the document Failed with a French reason. Re-running it is
harmless (an approved or rejected document is never touched again).

Retry LLM (the button, and the scheduler once Ollama answers again) queues the same job with
`llm_only`: the LLM step alone runs again on the text and the rule fields stored at first read
(extracted_text, extracted_json["rule_fields"]), then the merge, validation and matching; the file
is neither rendered nor OCR'd again. A document read before those were stored is read again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time

import frappe
from frappe import _
from frappe.utils import add_to_date, cint, now_datetime

from syndic_maroc.core.intake import review
from syndic_maroc.core.intake.errors import IntakeError
from syndic_maroc.core.intake.model import BANK_STATEMENT, INVOICE, UTILITY_BILL

from . import DOCTYPE, approval, matching
from .files import file_of
from .reading import pipeline
from .reading.imaging import preview_png
from .reading.llm import ollama_reachable
from .settings import get_settings, intake_config

QUEUE = "ocr"
JOB_TIMEOUT = 1500
FINAL = ("Approved", "Rejected")
# Fields the reading fills in; cleared before a new reading.
READ_FIELDS = (
	"supplier",
	"supplier_name",
	"supplier_ice",
	"supplier_if",
	"invoice_number",
	"invoice_date",
	"due_date",
	"service",
	"contract_number",
	"customer_reference",
	"bank",
	"rib",
	"customer_name",
	"customer_ice",
	"period_start",
	"period_end",
	"consumption",
	"consumption_unit",
	"reading_type",
	"total_ht",
	"total_tva",
	"total_ttc",
	"amount_due",
	"opening_balance",
	"closing_balance",
	"total_debit",
	"total_credit",
	"expense_account",
	"validation_issues",
	"review_fields",
	"field_confidence",
	"extracted_json",
	"extracted_text",
	"failure_reason",
	"duplicate_of_doctype",
	"duplicate_of",
	"llm_error",
	"qr_codes",
	"confidence",
)


def job_id(name: str) -> str:
	return f"intake::{name}"


def enqueue_processing(name: str, *, doc_class: str | None = None, llm_only: bool = False) -> bool:
	"""Queue the reading of one document (after the current transaction commits).

	`doc_class`: read the file as this class (the reviewer corrected the classification).
	`llm_only`: only the LLM step again, on what the first reading stored (Retry LLM).
	False when a job for this document is already waiting or running."""
	if frappe.flags.intake_no_enqueue:
		return False
	try:
		job = frappe.enqueue(
			"syndic_maroc.intake.jobs.process_incoming_document",
			queue=QUEUE,
			timeout=JOB_TIMEOUT,
			job_id=job_id(name),
			deduplicate=True,
			enqueue_after_commit=True,
			docname=name,
			doc_class=doc_class,
			llm_only=llm_only,
		)
	except Exception:
		# Redis down: the upload must not fail. The document stays Queued and the scheduler
		# (requeue_stuck) queues it again once the queue is back: nothing is lost.
		frappe.log_error(
			title=f"Intake: could not queue {name}", reference_doctype=DOCTYPE, reference_name=name
		)
		return False
	return job is not None or bool(frappe.flags.in_test)


def process_incoming_document(
	docname: str, doc_class: str | None = None, llm_only: bool = False
) -> str | None:
	"""The job. Returns the final status (None when the document is gone)."""
	try:
		return _retry_llm(docname) if llm_only else _process(docname, doc_class)
	except Exception as e:
		frappe.db.rollback()
		frappe.log_error(title=f"Intake: {docname}", reference_doctype=DOCTYPE, reference_name=docname)
		if frappe.db.exists(DOCTYPE, docname):
			reason = _(IntakeError("internal_error", detail=type(e).__name__).message).format(
				detail=type(e).__name__
			)
			_set(docname, status="Failed", failure_reason=reason)
			_commit()
			_publish(docname, "Failed", 100)
		return "Failed"


def _commit():
	frappe.db.commit()  # nosemgrep: status must be visible while the job runs


def _set(docname: str, **values) -> None:
	frappe.db.set_value(DOCTYPE, docname, values, update_modified=True)


def _publish(docname: str, status: str, percent: int) -> None:
	"""Live status for the open form and the list (called once the status is committed)."""
	frappe.publish_realtime(
		"intake_progress",
		{"name": docname, "status": status, "progress": percent},
		doctype=DOCTYPE,
		docname=docname,
	)
	frappe.publish_realtime("list_update", {"doctype": DOCTYPE, "name": docname, "user": frappe.session.user})


def _process(docname: str, doc_class: str | None) -> str | None:
	if not frappe.db.exists(DOCTYPE, docname):
		return None
	doc = frappe.get_doc(DOCTYPE, docname)
	if doc.status in FINAL:
		return doc.status
	started = time.perf_counter()
	settings = get_settings()
	config = intake_config(settings)
	_set(docname, status="Reading", failure_reason=None)
	_commit()
	_publish(docname, "Reading", 10)

	file_doc = file_of(doc)
	if file_doc is None:
		return _fail(doc, _("No file is attached to the document."))
	path = file_doc.get_full_path() if not (file_doc.file_url or "").startswith("http") else None
	if not path or not os.path.isfile(path):
		return _fail(doc, _("File {0} cannot be found on the server.").format(file_doc.file_name or doc.file))
	size = os.path.getsize(path)
	if size > config.limits.max_bytes:  # refused before reading a single byte
		e = IntakeError(
			"too_large",
			size_mb=round(size / 1048576, 1),
			limit_mb=round(config.limits.max_bytes / 1048576, 1),
		)
		return _fail(doc, _(e.message).format(**e.params), file_size=size)
	with open(path, "rb") as f:
		data = f.read(config.limits.max_bytes + 1)
	sha = hashlib.sha256(data).hexdigest()

	original = frappe.db.get_value(DOCTYPE, {"file_hash": sha, "name": ("!=", docname)}, "name")
	if original:
		return _duplicate(doc, DOCTYPE, original, file_size=size)
	frappe.db.savepoint("intake_hash")
	try:
		frappe.db.set_value(DOCTYPE, docname, {"file_hash": sha, "file_size": size})
		_commit()
	except Exception as e:
		if not (frappe.db.is_unique_key_violation(e) or frappe.db.is_duplicate_entry(e)):
			raise
		frappe.db.rollback(save_point="intake_hash")  # the same file is being read by another job right now
		original = frappe.db.get_value(DOCTYPE, {"file_hash": sha}, "name")
		return _duplicate(frappe.get_doc(DOCTYPE, docname), DOCTYPE, original, file_size=size)

	forced = review.CLASS_CODES.get(doc_class) if doc_class else None
	result = pipeline.process(
		data, file_doc.file_name, config, doc_class=forced, issuers=matching.utility_issuers()
	)
	_publish(docname, "Extracted", 70)

	doc = frappe.get_doc(DOCTYPE, docname)
	if doc.status in FINAL:  # approved or rejected by hand while the job ran
		return doc.status
	store_result(doc, result, file_doc)
	doc.processing_seconds = round(time.perf_counter() - started, 2)
	doc.processed_on = now_datetime()
	doc.flags.from_intake_job = True
	doc.save(ignore_permissions=True)
	_commit()
	if doc.status in ("To Review", "Extracted") and approval.try_auto_approve(doc, settings):
		_commit()
	_publish(docname, doc.status, 100)  # ready for review: the page image follows
	if doc.status != "Failed" and result.file_type:
		preview = _store_preview(doc, data, result.file_type)
		if preview:
			frappe.db.set_value(DOCTYPE, docname, "preview_image", preview, update_modified=False)
			_commit()
			_publish(docname, doc.status, 100)
	return doc.status


def stored_result(doc) -> dict | None:
	"""The pipeline result stored at the last reading (extracted_json), or None."""
	value = doc.extracted_json
	if isinstance(value, str):
		try:
			value = json.loads(value) if value.strip() else None
		except ValueError:
			return None
	return value if isinstance(value, dict) else None


def _retry_llm(docname: str) -> str | None:
	"""The LLM step again on the stored text and rule fields; merge, validation and matching
	follow as after a reading. Falls back to a full reading when nothing usable is stored (a
	document read before the rule fields were kept) or when the class was corrected by hand."""
	if not frappe.db.exists(DOCTYPE, docname):
		return None
	doc = frappe.get_doc(DOCTYPE, docname)
	if doc.status in FINAL:
		return doc.status
	stored = stored_result(doc)
	label = doc.doc_class if doc.doc_class not in (None, "", "Other") else None
	if not stored or not stored.get("rule_fields") or not doc.extracted_text:
		return _process(docname, label)
	if label and review.CLASS_CODES.get(label) != stored.get("doc_class"):
		return _process(docname, label)  # the rule fields are those of another class
	settings = get_settings()
	config = intake_config(settings)
	_set(docname, status="Reading", failure_reason=None)
	_commit()
	_publish(docname, "Reading", 40)
	result = pipeline.retry_llm(stored, doc.extracted_text, config)
	if result is None:
		return _process(docname, label)
	doc = frappe.get_doc(DOCTYPE, docname)
	if doc.status in FINAL:  # approved or rejected by hand meanwhile
		return doc.status
	store_result(doc, result)
	doc.processed_on = now_datetime()
	doc.flags.from_intake_job = True
	doc.save(ignore_permissions=True)
	_commit()
	if doc.status in ("To Review", "Extracted") and approval.try_auto_approve(doc, settings):
		_commit()
	_publish(docname, doc.status, 100)
	return doc.status


def _fail(doc, reason: str, **values) -> str:
	_set(doc.name, status="Failed", failure_reason=reason, processed_on=now_datetime(), **values)
	_commit()
	_publish(doc.name, "Failed", 100)
	return "Failed"


def _duplicate(doc, doctype: str, original: str, **values) -> str:
	_set(
		doc.name,
		status="Duplicate",
		duplicate_of_doctype=doctype,
		duplicate_of=original,
		failure_reason=None,
		processed_on=now_datetime(),
		**values,
	)
	_commit()
	_publish(doc.name, "Duplicate", 100)
	return "Duplicate"


def store_result(doc, result, file_doc=None) -> None:
	"""Copy a pipeline result onto the document (in memory) and set its status."""
	for fieldname in READ_FIELDS:
		doc.set(fieldname, None)
	doc.set("transactions", [])
	doc.human_edited = 0
	doc.engine = result.engine
	doc.pages = result.pages
	doc.llm_status = review.LLM_STATUS.get(result.llm_status, "Skipped")
	doc.llm_error = (result.llm_error or "")[:140] or None
	doc.qr_codes = "\n".join(result.qr_codes) or None
	if result.status == pipeline.FAILED:
		doc.status = "Failed"
		doc.failure_reason = _(result.error_template or result.error or "").format(
			**(result.error_params or {})
		)
		return
	data = result.as_dict()
	text = data.pop("text", "")
	doc.extracted_json = frappe.as_json(data, indent=1)
	doc.extracted_text = text
	code = result.doc_class
	doc.doc_class = review.CLASS_LABELS.get(code, "Other")
	fields = data.get("fields") or {}
	doc.update(review.form_values(code, fields))
	if not doc.currency or not frappe.db.exists("Currency", doc.currency):
		doc.currency = "MAD"  # "DH", "Dhs", "درهم" on the page
	doc.field_confidence = frappe.as_json(review.field_confidence(code, fields))
	doc.confidence = round(review.overall_confidence(code, fields) * 100, 1)
	for row in review.transaction_rows(fields):
		doc.append("transactions", row)
	issues = [
		_(i["template"]).format(**_translated_labels(i["params"])) if i.get("template") else i["message"]
		for i in result.issues
	]
	names = review.review_form_fields(code, result.review_fields)

	if code in (INVOICE, UTILITY_BILL):
		matching.match_supplier(doc, fields)
	if not doc.residence:
		matching.guess_residence(doc, fields, text)
	if doc.residence and not doc.company:
		doc.company = frappe.db.get_value("Residence", doc.residence, "company")
	if code == BANK_STATEMENT:
		issues += matching.check_statement_account(doc)
		matching.match_transactions(doc)
	if code in (INVOICE, UTILITY_BILL):
		matching.set_expense_account(doc)
		if not doc.supplier:
			names.append("supplier")
	if not doc.residence:
		names.append("residence")
	for fieldname, label, limit in fit_to_fields(doc):
		names.append(fieldname)
		issues.append(_("{0} was longer than {1} characters and was cut: check it.").format(label, limit))
	doc.validation_issues = "\n".join(f"• {m}" for m in issues) or None
	doc.review_fields = ", ".join(dict.fromkeys(names)) or None
	doc.title = title_of(doc)

	original = matching.find_duplicate(doc)
	if original:
		doc.status = "Duplicate"
		doc.duplicate_of_doctype, doc.duplicate_of = original
		return
	needs_review = bool(
		names
		or issues
		or result.llm_status == "unavailable"
		or code not in (INVOICE, UTILITY_BILL, BANK_STATEMENT)
	)
	doc.status = "To Review" if needs_review else "Extracted"


_SHORT_TYPES = ("Data", "Link", "Dynamic Link", "Select", "Read Only")


def fit_to_fields(doc) -> list[tuple[str, str, int]]:
	"""Cut a read value longer than its column (a 180-character "billed to" in a 140-character
	field made the whole invoice Failed): the document is kept and the field goes to review.
	Returns (fieldname, label, length) of what was cut, transaction rows included."""
	cut = []
	for row in [doc, *doc.get("transactions")]:
		for df in row.meta.fields:
			value = row.get(df.fieldname)
			if df.fieldtype not in _SHORT_TYPES or not isinstance(value, str):
				continue
			limit = cint(df.length) or frappe.db.VARCHAR_LEN
			if len(value) > limit:
				row.set(df.fieldname, value[:limit].rstrip())
				name = df.fieldname if row is doc else "transactions"
				cut.append((name, _(df.label or df.fieldname), limit))
	return cut


def title_of(doc) -> str:
	who = doc.supplier or doc.supplier_name or doc.bank or _(doc.doc_class or "Document")
	what = doc.invoice_number or (
		f"{doc.period_start or ''} → {doc.period_end or ''}" if doc.doc_class == "Bank Statement" else ""
	)
	return f"{who} {what}".strip()[:140]


def _store_preview(doc, data: bytes, kind: str) -> str | None:
	"""Page 1 as a private PNG attached to the document; its URL."""
	png = preview_png(data, kind)
	if not png:
		return None
	for old in frappe.get_all(
		"File",
		filters={
			"attached_to_doctype": DOCTYPE,
			"attached_to_name": doc.name,
			"file_url": doc.preview_image or "-",
		},
		pluck="name",
	):
		frappe.delete_doc("File", old, ignore_permissions=True, force=True)
	f = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{doc.name}-apercu.png",
			"attached_to_doctype": DOCTYPE,
			"attached_to_name": doc.name,
			"attached_to_field": "preview_image",
			"is_private": 1,
			"content": png,
		}
	)
	f.flags.intake_skip = True
	f.insert(ignore_permissions=True)
	return f.file_url


def retry_pending_llm() -> None:
	"""Scheduler: Ollama is back → the LLM step again (not the OCR) for the documents read on
	rules alone that nobody has edited since (DESIGN.md §6: nothing is lost, the LLM step is retried)."""
	settings = get_settings()
	if not cint(settings.retry_llm_automatically):
		return
	config = intake_config(settings)
	if not config.ollama_host or not ollama_reachable(config):
		return
	for name in frappe.get_all(
		DOCTYPE,
		filters={
			"llm_status": "Unavailable",
			"status": ("in", ("To Review", "Extracted")),
			"human_edited": 0,
		},
		pluck="name",
		limit=200,
	):
		enqueue_processing(name, llm_only=True)


def requeue_stuck() -> None:
	"""Scheduler: documents left Queued or Reading (worker restarted, Redis flushed) are queued again."""
	limit = add_to_date(now_datetime(), seconds=-(JOB_TIMEOUT + 60))
	for name in frappe.get_all(
		DOCTYPE,
		filters={"status": ("in", ("Queued", "Reading")), "modified": ("<", limit)},
		pluck="name",
		limit=200,
	):
		enqueue_processing(name)


def _translated_labels(params: dict) -> dict:
	"""core.intake.validate names the fields in English ({label}, {later_label}): translate them
	with the message, the other parameters (amounts, dates) stay as they are."""
	return {k: _(v) if k == "label" or k.endswith("_label") else v for k, v in params.items()}

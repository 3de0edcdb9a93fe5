"""What goes into the vector store, and when.

Sources (DESIGN §5 "Assistant"):
- Files attached to a record of a source DocType: every DocType listed in the hooks key
  `syndic_assistant_sources` (this app lists Residence, General Assembly, Incoming Document,
  Residence Document; another app may add its own). Text through the intake reading layer (PDF
  text layer, OCR for scans and photos) or as plain text; one passage never spans two pages.
- Incoming Documents once read (status To Review, Extracted or Approved): their stored text
  (extracted_text), pages split on form feeds. Documents that came from a Résidence attachment
  are skipped: the attached File itself is indexed.

Who may read a passage (visibility):
- 'staff' (the default): the résidence's syndic staff only (invoices, statements, attachments);
- 'residence': every co-owner of the résidence as well: the règlement de copropriété (the
  Residence's `reglement` field), the signed minutes of a General Assembly (SHARED_FIELDS), a
  public File, a record whose `visibility` says so, or one with a checked `shared_with_owners` /
  `share_with_owners` field;
- 'owner': one co-owner (a record with `visibility` = owner and a `co_owner`).

When: doc_events (hooks.py) write an "Assistant Index Queue" row in the same transaction and
queue `run_job` on the `long` queue after it commits, one job per change (a document unchanged
since its last indexing is not embedded again); the job deletes the row once done. When Redis,
the worker or the vector store is down, or the embedding model unavailable, the row stays;
`catch_up` (scheduler, every 15 minutes) runs them once the store answers: nothing is lost
(DESIGN §6).
"""

from __future__ import annotations

import dataclasses
import os
import time

import frappe
from frappe.utils import add_to_date, cint, now_datetime

from syndic_maroc.core.assistant.chunking import chunk_text

from .vectordb.pg import ChunkRow

QUEUE = "long"
JOB_TIMEOUT = 1500
QUEUE_DOCTYPE = "Assistant Index Queue"
INCOMING = "Incoming Document"
READ_STATUSES = ("To Review", "Extracted", "Approved")
SKIP_INCOMING_SOURCES = ("Residence Attachment",)
TEXT_EXTENSIONS = ("txt", "md", "csv")
MAX_BYTES = 60 * 1024 * 1024
MAX_PAGES = 600
ACTION_INDEX, ACTION_REMOVE = "Index", "Remove"
# Attach fields whose file every co-owner of the résidence reads: the règlement de copropriété
# (the rules of use of the private and common parts every co-owner lives by, Loi 18-00 art. 9)
# and the signed AG minutes (notified to all owners within 8 days, Loi 18-00 art. 16 nonies, 30).
SHARED_FIELDS = {"Residence": ("reglement",), "General Assembly": ("signed_minutes",)}


# -- sources -----------------------------------------------------------------------------------
def source_doctypes() -> list[str]:
	"""DocTypes whose records (and attached Files) are indexed: hooks `syndic_assistant_sources`."""
	names = []
	for name in frappe.get_hooks("syndic_assistant_sources") or []:
		if name not in names:
			names.append(name)
	return names


def _has_field(doctype: str, fieldname: str) -> bool:
	try:
		return bool(frappe.get_meta(doctype).has_field(fieldname))
	except frappe.DoesNotExistError:
		return False


def _record_residence(doctype: str, name: str) -> str | None:
	if doctype == "Residence":
		return name if frappe.db.exists("Residence", name) else None
	if _has_field(doctype, "residence"):
		return frappe.db.get_value(doctype, name, "residence")
	return None


def _record_visibility(doctype: str, name: str) -> tuple[str, str | None]:
	"""(visibility, co_owner) of a source record's own documents."""
	meta = frappe.get_meta(doctype)
	fields = [
		f for f in ("visibility", "co_owner", "shared_with_owners", "share_with_owners") if meta.has_field(f)
	]
	values = frappe.db.get_value(doctype, name, fields, as_dict=True) if fields else None
	values = values or {}
	vis = (values.get("visibility") or "").strip().lower()
	mapping = {
		"staff": "staff",
		"residence": "residence",
		"co-owners": "residence",
		"co_owners": "residence",
		"owners": "residence",
		"owner": "owner",
		"co-owner": "owner",
	}
	vis = mapping.get(vis, "")
	if vis == "owner" and values.get("co_owner"):
		return "owner", values.get("co_owner")
	if vis == "residence" or cint(values.get("shared_with_owners")) or cint(values.get("share_with_owners")):
		return "residence", None
	return "staff", None


def file_target(file) -> tuple[str, str | None, str | None] | None:
	"""(residence, visibility, co_owner) of a File, or None when it is not indexed."""
	parent, parent_name = file.attached_to_doctype, file.attached_to_name
	if not parent or not parent_name or parent not in source_doctypes():
		return None
	if parent == INCOMING:
		# the document's own file (its text is indexed from the document) and its preview
		own = frappe.db.get_value(INCOMING, parent_name, ["file", "preview_image"], as_dict=True) or {}
		if file.attached_to_field or file.file_url in (own.get("file"), own.get("preview_image")):
			return None
	residence = _record_residence(parent, parent_name)
	if not residence:
		return None
	if file.attached_to_field and file.attached_to_field in SHARED_FIELDS.get(parent, ()):
		return residence, "residence", None
	vis, co_owner = _record_visibility(parent, parent_name)
	if vis == "staff" and not cint(file.is_private):
		vis = "residence"  # a public file is readable by anyone with its URL anyway
	return residence, vis, co_owner


def _read_file_pages(file) -> list[str]:
	"""Text of a stored File, one string per page ([] when it has none we can read)."""
	path = file.get_full_path() if not (file.file_url or "").startswith("http") else None
	if not path or not os.path.isfile(path) or os.path.getsize(path) > MAX_BYTES:
		return []
	ext = (file.file_name or path).rsplit(".", 1)[-1].lower() if "." in (file.file_name or path) else ""
	with open(path, "rb") as f:
		data = f.read(MAX_BYTES + 1)
	if ext in TEXT_EXTENSIONS:
		return data.decode("utf-8", "replace").split("\f")
	return read_pages(data, file.file_name)


def read_pages(data: bytes, filename: str | None) -> list[str]:
	"""PDF or image → page texts through the intake reading layer (text layer, else OCR)."""
	from syndic_maroc.core.intake.errors import IntakeError
	from syndic_maroc.core.intake.layout import document_lines
	from syndic_maroc.intake.reading.config import IntakeConfig
	from syndic_maroc.intake.reading.reader import read_document

	try:
		from syndic_maroc.intake.settings import intake_config

		config = intake_config()
	except Exception:
		config = IntakeConfig.from_env()
	config = dataclasses.replace(
		config,
		decode_qr=False,
		limits=dataclasses.replace(
			config.limits,
			max_bytes=max(config.limits.max_bytes, MAX_BYTES),
			max_pages=max(config.limits.max_pages, MAX_PAGES),
		),
	)
	try:
		reading = read_document(data, filename, config)
	except IntakeError:
		return []
	count = max((p.number for p in reading.pages), default=0)
	pages = [[] for _ in range(count)]
	for line in document_lines(reading.pages):
		if 1 <= line.page <= count:
			pages[line.page - 1].append(line.text)
	return ["\n".join(lines) for lines in pages]


def _file_rows(name: str) -> list[ChunkRow]:
	if not frappe.db.exists("File", name):
		return []
	file = frappe.get_doc("File", name)
	if cint(file.is_folder):
		return []
	target = file_target(file)
	if not target:
		return []
	residence, visibility, co_owner = target
	pages = _read_file_pages(file)
	return _rows(pages, "File", name, residence, visibility, co_owner, file.file_url, file.file_name or name)


def _incoming_rows(name: str) -> list[ChunkRow]:
	doc = frappe.db.get_value(
		INCOMING,
		name,
		["name", "status", "residence", "extracted_text", "title", "file", "pages", "source"],
		as_dict=True,
	)
	if (
		not doc
		or doc.status not in READ_STATUSES
		or not doc.residence
		or not (doc.extracted_text or "").strip()
	):
		return []
	if doc.source in SKIP_INCOMING_SOURCES:
		return []
	text = doc.extracted_text
	if "\f" in text:
		pages = text.split("\f")
	elif cint(doc.pages) == 1:
		pages = [text]
	else:
		pages = None  # several pages, no page breaks stored: no page numbers
	title = doc.title or name
	if pages is None:
		chunks = chunk_text(text)
		return [
			ChunkRow(
				c.text,
				c.position,
				None,
				c.lang,
				doc.residence,
				"staff",
				None,
				INCOMING,
				name,
				doc.file,
				title,
			)
			for c in chunks
		]
	return _rows(pages, INCOMING, name, doc.residence, "staff", None, doc.file, title)


def _rows(pages, doctype, name, residence, visibility, co_owner, file_url, title) -> list[ChunkRow]:
	return [
		ChunkRow(
			text=c.text,
			position=c.position,
			page=c.page,
			lang=c.lang,
			residence=residence,
			visibility=visibility,
			co_owner=co_owner,
			source_doctype=doctype,
			source_name=name,
			file_url=file_url,
			title=title,
		)
		for c in chunk_text(list(pages))
	]


def document_rows(source_doctype: str, source_name: str) -> list[ChunkRow]:
	"""The passages of one document as it is now on the site ([] = nothing to index)."""
	if source_doctype == "File":
		return _file_rows(source_name)
	if source_doctype == INCOMING:
		return _incoming_rows(source_name)
	return []


# -- doc_events --------------------------------------------------------------------------------
def on_doc_update(doc, method=None) -> None:
	"""doc_events "*" on_update: a File attached to a source record, or a source record."""
	if doc.doctype == "File":
		on_file_update(doc)
	elif doc.doctype in source_doctypes():
		on_source_update(doc)


def on_doc_trash(doc, method=None) -> None:
	"""doc_events "*" on_trash."""
	if doc.doctype == "File":
		on_file_trash(doc)
	elif doc.doctype in source_doctypes():
		on_source_trash(doc)


def on_file_update(file, method=None) -> None:
	"""File.on_update (an insert runs it too): index a File attached to a source record."""
	if frappe.flags.in_install or frappe.flags.in_migrate:
		return
	if cint(file.is_folder):
		return
	if file_target(file) is not None:
		request("File", file.name)
		return
	before = file.get_doc_before_save()
	if before is not None and before.attached_to_doctype in source_doctypes() and file_target(before):
		request("File", file.name, ACTION_REMOVE)  # moved away from a source record


def on_file_trash(file, method=None) -> None:
	if frappe.flags.in_install or cint(file.is_folder):
		return
	# whatever its target now (its record may already be deleted): a removal costs nothing
	if file.attached_to_doctype in source_doctypes() and not (
		file.attached_to_doctype == INCOMING and file.attached_to_field
	):
		request("File", file.name, ACTION_REMOVE)


def on_source_update(doc, method=None) -> None:
	"""A source record changed: its own text (Incoming Document) and, when its sharing or its
	résidence changed, its Files again."""
	if frappe.flags.in_install or frappe.flags.in_migrate:
		return
	if doc.doctype == INCOMING:
		if doc.status in READ_STATUSES:
			request(INCOMING, doc.name)
		elif doc.status in ("Rejected", "Failed", "Duplicate"):
			request(INCOMING, doc.name, ACTION_REMOVE)
	before = doc.get_doc_before_save() if hasattr(doc, "get_doc_before_save") else None
	if before is None:
		return
	watched = ("residence", "visibility", "co_owner", "shared_with_owners", "share_with_owners")
	if any(doc.get(f) != before.get(f) for f in watched if doc.meta.has_field(f)):
		for name in frappe.get_all(
			"File", filters={"attached_to_doctype": doc.doctype, "attached_to_name": doc.name}, pluck="name"
		):
			request("File", name)


def on_source_trash(doc, method=None) -> None:
	if doc.doctype == INCOMING:
		request(INCOMING, doc.name, ACTION_REMOVE)
	for name in frappe.get_all(
		"File", filters={"attached_to_doctype": doc.doctype, "attached_to_name": doc.name}, pluck="name"
	):
		request("File", name, ACTION_REMOVE)


# -- jobs --------------------------------------------------------------------------------------
def request(doctype: str, name: str, action: str = ACTION_INDEX) -> None:
	"""(Re)index or remove one document after the transaction commits. A pending row is written
	in the same transaction first: if the queue, the worker or the store fails, catch_up still
	finds it (the job deletes it once done)."""
	remember(doctype, name, action, "")
	if frappe.flags.assistant_index_inline:  # tests and syndic-reindex: in this process
		frappe.db.after_commit.add(lambda: run_job(doctype, name, action))
	else:
		frappe.db.after_commit.add(lambda: _enqueue(doctype, name, action))


def _enqueue(doctype: str, name: str, action: str) -> None:
	try:
		frappe.enqueue(
			"syndic_maroc.assistant.indexer.run_job",
			queue=QUEUE,
			timeout=JOB_TIMEOUT,
			doctype=doctype,
			name=name,
			action=action,
		)
	except Exception:
		pass  # Redis down: the pending row waits for catch_up


def run_job(doctype: str, name: str, action: str = ACTION_INDEX) -> int | None:
	"""The RQ job. Store or model unavailable → a pending row (retried by catch_up)."""
	from .embedder import EmbedderUnavailable
	from .store import StoreUnavailable, index_document, remove_document

	try:
		if action == ACTION_REMOVE:
			remove_document(doctype, name)
			written = 0
		else:
			written = index_document(doctype, name)
	except (StoreUnavailable, EmbedderUnavailable) as e:
		remember(doctype, name, action, str(e))
		_commit()
		return None
	except Exception as e:
		frappe.db.rollback()
		frappe.log_error(title=f"Assistant index: {doctype} {name}")
		remember(doctype, name, action, f"{type(e).__name__}: {str(e)[:200]}")
		_commit()
		return None
	forget(doctype, name)
	_commit()
	return written


def _commit() -> None:
	frappe.db.commit()  # nosemgrep: the pending row must survive the job


def remember(doctype: str, name: str, action: str, error: str) -> None:
	"""One pending row per document (its latest action wins); `error` empty for a fresh request."""
	existing = frappe.db.get_value(QUEUE_DOCTYPE, {"source_doctype": doctype, "source_name": name}, "name")
	values = {"action": action, "last_error": (error or "")[:500] or None}
	if existing:
		if error:
			values["attempts"] = cint(frappe.db.get_value(QUEUE_DOCTYPE, existing, "attempts")) + 1
			values["last_attempt"] = now_datetime()
		frappe.db.set_value(QUEUE_DOCTYPE, existing, values, update_modified=True)
		return
	row = frappe.get_doc(
		{
			"doctype": QUEUE_DOCTYPE,
			"source_doctype": doctype,
			"source_name": name,
			"attempts": 1 if error else 0,
			"last_attempt": now_datetime() if error else None,
			**values,
		}
	)
	row.insert(ignore_permissions=True)


def forget(doctype: str, name: str) -> None:
	frappe.db.delete(QUEUE_DOCTYPE, {"source_doctype": doctype, "source_name": name})


def pending(older_than_seconds: int = 0) -> list[dict]:
	filters = {}
	if older_than_seconds:
		filters["modified"] = ("<", add_to_date(now_datetime(), seconds=-older_than_seconds))
	return frappe.get_all(
		QUEUE_DOCTYPE,
		filters=filters,
		fields=["name", "source_doctype", "source_name", "action", "attempts"],
		order_by="creation asc",
		limit=5000,
	)


def catch_up(limit_seconds: float = 600, older_than_seconds: int = 300) -> dict:
	"""Scheduler (every 15 min): the requests kept while the store was down (or whose job was
	lost), oldest first, as long as the store answers. Rows younger than `older_than_seconds`
	are left to their queued job. Returns {"done": n, "left": m}."""
	from .store import StoreUnavailable, get_store

	rows = pending(older_than_seconds)
	if not rows:
		return {"done": 0, "left": 0}
	try:
		if not get_store().ping():
			return {"done": 0, "left": len(rows)}
	except StoreUnavailable:
		return {"done": 0, "left": len(rows)}
	started = time.monotonic()
	done = 0
	for row in rows:
		if time.monotonic() - started > limit_seconds:
			break
		if run_job(row.source_doctype, row.source_name, row.action) is not None:
			done += 1
	return {"done": done, "left": len(pending(older_than_seconds))}


def enqueue_catch_up() -> None:
	"""scheduler_events entry: the catch-up runs on the `long` queue (it may embed a lot)."""
	if not frappe.db.count(QUEUE_DOCTYPE):
		return
	frappe.enqueue(
		"syndic_maroc.assistant.indexer.catch_up",
		queue=QUEUE,
		timeout=JOB_TIMEOUT,
		job_id="assistant-index::catch-up",
		deduplicate=True,
	)


# -- full rebuild ------------------------------------------------------------------------------
def all_sources(residence: str | None = None) -> list[tuple[str, str]]:
	"""Every document of the site that may be indexed (optionally of one résidence)."""
	out: list[tuple[str, str]] = []
	for parent in source_doctypes():
		try:
			names = frappe.get_all(
				"File",
				filters={"attached_to_doctype": parent, "is_folder": 0},
				fields=["name", "attached_to_name"],
			)
		except Exception:
			continue
		for f in names:
			if residence and _record_residence(parent, f.attached_to_name) != residence:
				continue
			out.append(("File", f.name))
	filters = {"status": ("in", READ_STATUSES)}
	if residence:
		filters["residence"] = residence
	out += [(INCOMING, n) for n in frappe.get_all(INCOMING, filters=filters, pluck="name")]
	return out


def reindex(residence: str | None = None, force: bool = False, echo=print) -> dict:
	"""Rebuild the index from the site (inline). `force`: re-embed even unchanged documents.
	Documents gone from the site lose their passages (full rebuild only)."""
	from .store import get_store, index_document

	store = get_store()
	sources = all_sources(residence)
	started = time.perf_counter()
	chunks = docs = 0
	for doctype, name in sources:
		if force:
			store.delete_document(doctype, name)
		n = index_document(doctype, name)
		chunks += n
		docs += 1 if n else 0
		forget(doctype, name)
		_commit()
	removed = 0
	if not residence:
		for doctype, name in store.sources() - set(sources):
			store.delete_document(doctype, name)
			removed += 1
	seconds = time.perf_counter() - started
	result = {
		"documents": len(sources),
		"documents_written": docs,
		"chunks_written": chunks,
		"removed": removed,
		"seconds": round(seconds, 2),
		"chunks_per_second": round(chunks / seconds, 1) if seconds > 0 and chunks else 0.0,
		"total_chunks": store.count(),
	}
	if echo:
		echo(
			f"{result['documents']} documents ({docs} written), {chunks} chunks in {result['seconds']} s"
			f" = {result['chunks_per_second']} chunks/s; {removed} removed; {result['total_chunks']} chunks in the store"
		)
	return result

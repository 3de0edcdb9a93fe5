"""REST surface of zéro saisie (`/api/method/syndic_maroc.api.intake.<name>`).

POST upload_files        file_names (JSON list of File names, uploaded unattached), residence?
POST approve             name            → {"doctype", "name"} of the draft created
POST reject              name, reason
POST read_again          name, doc_class?  (Failed, or a corrected class)
POST retry_llm           name             (Ollama is back: the LLM step again)
POST create_supplier     name             → the Supplier made from what was read
GET  status              names (JSON list) → {name: {status, confidence, failure_reason}}
"""

import json

import frappe
from frappe import _

from syndic_maroc.intake import DOCTYPE, approval, sources
from syndic_maroc.intake.jobs import enqueue_processing
from syndic_maroc.registry.permissions import check_residence


def _doc(name: str, perm: str = "read"):
	doc = frappe.get_doc(DOCTYPE, name)
	doc.check_permission(perm)
	return doc


def _names(value) -> list[str]:
	if isinstance(value, str):
		value = json.loads(value) if value.strip().startswith("[") else [value]
	return [v for v in value or [] if v]


@frappe.whitelist(methods=["POST"])
def upload_files(file_names: str | list[str], residence: str | None = None) -> list[str]:
	"""One Incoming Document per uploaded File; each is queued for reading (returns at once)."""
	check_residence(residence)  # a scoped user files only into his own résidences
	return [sources.create_from_file(name, residence or None).name for name in _names(file_names)]


@frappe.whitelist(methods=["POST"])
def approve(name: str) -> dict:
	doc = _doc(name, "write")
	doctype, created = approval.approve(doc)
	return {"doctype": doctype, "name": created, "status": doc.status}


@frappe.whitelist(methods=["POST"])
def reject(name: str, reason: str) -> str:
	doc = _doc(name, "write")
	approval.reject(doc, reason)
	return doc.status


@frappe.whitelist(methods=["POST"])
def read_again(name: str, doc_class: str | None = None) -> bool:
	"""Queue a new reading (a failed document, or one whose class the reviewer corrected)."""
	doc = _doc(name, "write")
	if doc.status in ("Approved", "Rejected"):
		frappe.throw(
			_('Document {0} is "{1}": it can no longer be read again.').format(doc.name, _(doc.status))
		)
	doc.db_set({"status": "Queued", "failure_reason": None}, notify=True)
	return enqueue_processing(doc.name, doc_class=doc_class or None)


@frappe.whitelist(methods=["POST"])
def retry_llm(name: str) -> bool:
	"""The LLM step again now that Ollama answers, on the text and rule fields stored at the first
	reading (no new OCR); a document read before those were stored is read again."""
	doc = _doc(name, "write")
	if doc.status not in ("To Review", "Extracted"):
		frappe.throw(
			_('Document {0} is "{1}": it can no longer be read again.').format(doc.name, _(doc.status))
		)
	doc.db_set({"status": "Queued"}, notify=True)
	return enqueue_processing(doc.name, llm_only=True)


@frappe.whitelist(methods=["POST"])
def create_supplier(name: str) -> str:
	return approval.create_supplier(_doc(name, "write"))


@frappe.whitelist()
def status(names: str | list[str]) -> dict:
	rows = frappe.get_list(
		DOCTYPE,
		filters={"name": ("in", _names(names))},
		fields=["name", "status", "confidence", "failure_reason", "doc_class"],
	)
	return {r.name: r for r in rows}

"""The assistant's endpoints (`/api/method/syndic_maroc.api.assistant.<name>`), for the desk page,
the portal page and integrators. The logic is syndic_maroc.assistant.

POST ask        question, residence?, conversation?, message_id?
                → {answer, language, reply_language, intent, refused, tool_calls, figures,
                   sources, passages, generator, figures_checked, elapsed_ms, conversation}
GET  history    → the user's conversation (messages with their tools and sources)
GET  residences → the résidences the user may ask about (the page's selector)
GET  document   file → a quoted document, for a reader the assistant may quote it to (a
                co-owner cannot open a private File attached to the Résidence otherwise)
POST clear      → empties the user's conversation

Every question is answered as the session user: a co-owner gets only their own account and
their résidence's shared figures and documents. Rate limited per client address
(site config `syndic_assistant_rate_limit`, questions per minute, default 120).
"""

import json

import frappe
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, now_datetime

from syndic_maroc.assistant import answer as assistant_answer
from syndic_maroc.assistant import context, conversation

CONVERSATION = conversation.CONVERSATION
MAX_QUESTION = 2000


def _limit() -> int:
	return cint(frappe.conf.get("syndic_assistant_rate_limit")) or 120


_conversation = conversation.own_conversation


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=_limit, seconds=60)
def ask(
	question: str,
	residence: str | None = None,
	conversation: str | None = None,
	message_id: str | None = None,
) -> dict:
	"""Answer `question` for the session user and keep it in their conversation."""
	if frappe.session.user == "Guest":
		raise frappe.PermissionError(frappe._("Log in to use the assistant."))
	question = (question or "").strip()[:MAX_QUESTION]
	if not question:
		frappe.throw(frappe._("Ask a question."))
	doc = _conversation(conversation)
	asked_at = now_datetime()
	channel = {"conversation": frappe.session.user, "message_id": message_id} if message_id else None
	result = assistant_answer.answer(question, residence=residence, channel=channel)
	rows = [
		{
			"role": "user",
			"text": question,
			"language": result["language"],
			"asked_at": asked_at,
			"residence": residence,
		},
		{
			"role": "assistant",
			"text": result["answer"],
			"language": result["reply_language"],
			"intent": result["intent"],
			"residence": result.get("residence"),
			"refused": result.get("refused") or result.get("clarify"),
			"generator": result["generator"],
			"asked_at": now_datetime(),
			"elapsed_ms": result["elapsed_ms"],
			"tools_called": json.dumps(result["tool_calls"], ensure_ascii=False, default=str),
			"sources": json.dumps(result["sources"], ensure_ascii=False, default=str),
		},
	]
	_append(doc, rows, residence=result.get("residence"), language=result["reply_language"], at=asked_at)
	result["conversation"] = doc.name
	return result


def _append(doc, rows: list[dict], residence: str | None, language: str, at) -> None:
	"""Add the question and its answer to the user's conversation. An existing conversation gets
	its two new rows inserted (after the write permission check) instead of being saved whole:
	saving 200 messages on every question would cost more than answering it."""
	from syndic_maroc.assistant.doctype.assistant_conversation.assistant_conversation import MAX_MESSAGES

	if doc.is_new():
		for row in rows:
			doc.append("messages", row)
		doc.update({"residence": residence, "language": language, "last_asked_at": at})
		doc.insert()
		return
	doc.check_permission("write")
	last = frappe.db.sql(
		"""select coalesce(max(idx), 0) from `tabAssistant Message` where parent=%s and parenttype=%s""",
		(doc.name, CONVERSATION),
	)[0][0]
	for i, row in enumerate(rows, start=1):
		child = frappe.get_doc(
			{
				"doctype": "Assistant Message",
				"parent": doc.name,
				"parenttype": CONVERSATION,
				"parentfield": "messages",
				"idx": last + i,
				**row,
			}
		)
		child.db_insert()
	# the oldest messages beyond MAX_MESSAGES go
	names = frappe.db.sql_list(
		"""select name from `tabAssistant Message` where parent=%s and parenttype=%s
		order by idx desc limit 1000000 offset %s""",
		(doc.name, CONVERSATION, MAX_MESSAGES),
	)
	if names:
		frappe.db.delete("Assistant Message", {"name": ("in", names)})
	count = frappe.db.count("Assistant Message", {"parent": doc.name, "parenttype": CONVERSATION})
	values = {"language": language, "last_asked_at": at, "message_count": count}
	if residence:
		values["residence"] = residence
	frappe.db.set_value(CONVERSATION, doc.name, values)


@frappe.whitelist(methods=["GET"])
def history(limit: int = 50) -> list[dict]:
	"""The last messages of the session user's conversation, oldest first."""
	return conversation.history(limit)


@frappe.whitelist(methods=["GET"])
def residences() -> list[dict]:
	"""The résidences the session user may ask about: staff, theirs; co-owners, where they own a lot."""
	ctx = context.current()
	names = ctx.readable_residences()
	if not names:
		return []
	rows = frappe.db.get_values(
		"Residence", {"name": ("in", names)}, ["name", "residence_name"], as_dict=True
	)
	return sorted(
		({"name": r.name, "label": r.residence_name or r.name} for r in rows), key=lambda r: r["label"]
	)


@frappe.whitelist(methods=["POST"])
def clear() -> int:
	"""Empty the session user's conversation; returns the number of messages removed."""
	doc = _conversation(create=False)
	if not doc:
		return 0
	count = len(doc.messages)
	doc.set("messages", [])
	doc.save()
	return count


@frappe.whitelist(methods=["GET"])
def document(file: str) -> None:
	"""Download a File the assistant quotes, under the same rule as the document search: staff
	of its résidence; co-owners of the résidence for shared documents; the one co-owner of a
	personal document. 403 otherwise, the same whether the File exists or not."""
	from syndic_maroc.assistant.indexer import file_target

	ctx = context.current()
	row = frappe.db.get_value("File", file, ["name", "is_folder"], as_dict=True) if file else None
	target = file_target(frappe.get_doc("File", row.name)) if row and not row.is_folder else None
	allowed = False
	if target:
		residence, visibility, co_owner = target
		allowed = (
			residence in ctx.staff_residences
			or (visibility == "residence" and residence in ctx.owner_residences)
			or (visibility == "owner" and co_owner and co_owner in ctx.co_owner_names)
		)
	if not allowed:
		raise frappe.PermissionError(frappe._("This document is not available to your account."))
	doc = frappe.get_doc("File", row.name)
	frappe.local.response.filename = doc.file_name
	frappe.local.response.filecontent = doc.get_content()
	frappe.local.response.type = "download"
	frappe.local.response.display_content_as = "inline"

"""Question → router → tools → answer, with quoted passages for document questions.

Permissions come first: the router refuses what a co-owner may not ask BEFORE any tool runs;
each tool checks again as the asking user; the document search filters by reader inside its
SQL. With Ollama configured (llm.py) the model chooses tools and writes the answer, streamed to
the page; every figure of it is checked against the tools' figures. Without Ollama (the default),
or when it is down, the answer is the tools' figures in a sentence template (core.assistant).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict

import frappe

from syndic_maroc.assistant import context, llm, tools
from syndic_maroc.core.assistant import intents as I
from syndic_maroc.core.assistant import templates
from syndic_maroc.core.assistant.figures import check
from syndic_maroc.core.assistant.results import Source, ToolResult
from syndic_maroc.core.assistant.router import Route, route

PASSAGES = 3
RELATIVE_SCORE = 0.75
REALTIME_EVENT = "syndic_assistant"
# Questions about decisions also look in the minutes.
_WITH_PASSAGES = {I.DOCUMENT, I.NEXT_AG}


def _search(ctx: context.AskContext, question: str, residence: str | None) -> tuple[list[dict], bool]:
	"""(passages the reader may read, store reachable). Store down or not installed: no passages."""
	try:
		from syndic_maroc.assistant.store import StoreUnavailable, search
	except ImportError:
		return [], False
	try:
		found = search(question, ctx.store_reader(), residence=residence, k=PASSAGES)
	except StoreUnavailable:
		return [], False
	except Exception:
		frappe.log_error(title="Assistant: document search failed")
		return [], False
	# quote the best passages only: those scored close to the first (fused rank scores)
	best = max((p.score for p in found), default=0)
	return [_passage(p, ctx) for p in found if p.score >= RELATIVE_SCORE * best], True


def _passage(p, ctx: context.AskContext) -> dict:
	url = p.file_url or ""
	if url and not ctx.is_staff and p.source_doctype == "File":
		# a co-owner opens a private File through the assistant's own rule (api.assistant.document)
		url = f"/api/method/syndic_maroc.api.assistant.document?file={frappe.utils.quote(p.source_name)}"
	if url and p.page:
		url = f"{url}#page={p.page}"
	if not url and ctx.is_staff:
		url = tools._url(p.source_doctype, p.source_name)
	return {
		"text": p.text,
		"title": p.title or p.source_name,
		"page": p.page,
		"doctype": p.source_doctype,
		"name": p.source_name,
		"url": url,
		"residence": p.residence,
		"score": float(p.score),
	}


def _passage_values(passages: list[dict]) -> list:
	"""What a quoted passage allows an answer to write: its text, its document's title, its page."""
	return [v for p in passages for v in (p["text"], p["title"], p["page"]) if v]


def _publisher(ctx: context.AskContext, channel: dict | None) -> Callable[[str, str], None] | None:
	if not channel:
		return None

	def publish(kind: str, text: str = "") -> None:
		frappe.publish_realtime(REALTIME_EVENT, {**channel, "kind": kind, "text": text}, user=ctx.user)

	return publish


def answer(
	question: str,
	residence: str | None = None,
	ctx: context.AskContext | None = None,
	channel: dict | None = None,
) -> dict:
	"""The answer to `question` for the session user, as plain data (see api.assistant.ask)."""
	started = time.perf_counter()
	question = (question or "").strip()
	if not question:
		frappe.throw(frappe._("Ask a question."))
	ctx = ctx or context.current()
	readable = ctx.readable_residences()
	asked_residence = residence if residence in readable else None
	r = route(question, context.snapshot(ctx), ctx.router_reader(), ctx.today, residence=asked_residence)
	if residence and not asked_residence:
		r.refusal = "other_residence"
	lang = r.language.reply
	publish = _publisher(ctx, channel)
	result: ToolResult | None = None
	passages: list[dict] = []
	store_up = None
	generator = "router"
	checked = True
	tool_calls: list[dict] = []
	if r.refusal or r.clarify:
		text = templates.refusal(r.refusal or r.clarify, lang)
	else:
		if r.intent in _WITH_PASSAGES:
			passages, store_up = _search(ctx, question, r.residence)
		failed = None
		if r.intent in tools.TOOLS:
			result, failed = _run(ctx, r, lang)
			if failed in ("other_owner", "other_residence"):
				r.refusal = failed  # refused by the tool's own permission check
		if failed:
			text = templates.refusal(failed, lang)
		else:
			cfg = llm.config()
			if cfg:
				generated = _generate(cfg, ctx, r, lang, question, result, passages, publish)
				if generated:
					text, checked, tool_calls, result = generated
					generator = "llm" if checked else "router (llm rejected)"
			if generator == "router" or not checked:
				text = _template(r, result, passages, lang)
	if result and not tool_calls:
		tool_calls = [{"tool": result.tool, "args": result.args}]
	allowed = (result.values() if result else []) + _passage_values(passages)
	verdict = check(text, allowed)
	if not verdict.ok and result:
		# A template is written from the figures: a failure here is a bug, never shown as figures.
		frappe.log_error(
			title="Assistant: template figure check failed", message=f"{text}\n{verdict.foreign}"
		)
		text = templates.refusal("error", lang)
	sources = [asdict(s) for s in (result.sources if result else [])]
	sources += [
		asdict(Source(p["doctype"], p["name"], p["title"], p["url"], p["page"], p["text"][:300]))
		for p in passages
	]
	if publish:
		publish("done", text)
	return {
		"answer": text,
		"language": r.language.code,
		"reply_language": lang,
		"intent": r.intent,
		"refused": r.refusal,
		"clarify": r.clarify,
		"residence": r.residence,
		"tool_calls": tool_calls,
		"figures": result.as_json()["data"] if result else {},
		"sources": sources,
		"passages": passages,
		"store_available": store_up,
		"generator": generator,
		"figures_checked": verdict.ok,
		"elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
	}


def _run(ctx: context.AskContext, r: Route, lang: str) -> tuple[ToolResult | None, str | None]:
	try:
		return tools.run(ctx, r, lang), None
	except frappe.PermissionError:
		frappe.clear_last_message()
		return None, "other_owner" if not ctx.is_staff else "other_residence"
	except frappe.ValidationError:
		frappe.clear_last_message()
		return None, "not_found"
	except Exception:
		# a tool that fails answers "could not read the figures", logged; never a traceback
		frappe.log_error(title=f"Assistant: tool {r.intent} failed")
		return None, "error"


def _template(r: Route, result: ToolResult | None, passages: list[dict], lang: str) -> str:
	parts = []
	if result:
		parts.append(templates.render(result.tool, result.data, lang))
	if passages or (r.intent == I.DOCUMENT and not result):
		parts.append(templates.documents(passages, lang))
	return "\n\n".join(parts) if parts else templates.refusal("not_found", lang)


def _generate(cfg, ctx, r: Route, lang, question, result, passages, publish):
	"""The LLM path: the model's tool calls (re-routed: the same refusals apply), the tools' figures
	as tool messages, the streamed answer, the figure check. None when Ollama is unreachable."""
	try:
		messages, calls = llm.plan_tools(cfg, question, lang, tools.TOOL_SCHEMAS)
	except llm.LLMUnavailable:
		return None
	results: list[ToolResult] = []
	tool_calls = []
	snapshot = context.snapshot(ctx)
	for call in calls:
		name = call.get("name")
		if name not in tools.TOOLS:
			continue
		hint = " ".join(str(v) for v in (call.get("arguments") or {}).values())
		forced = route(
			f"{question} {hint}".strip(),
			snapshot,
			ctx.router_reader(),
			ctx.today,
			residence=r.residence,
			intent=name,
		)
		tool_calls.append({"tool": name, "args": call.get("arguments") or {}, "refused": forced.refusal})
		if forced.refusal or forced.clarify:
			continue
		found, refused = _run(ctx, forced, lang)
		if found and not refused:
			results.append(found)
	if not results and result:
		results = [result]  # the model called no tool: give it the router's
	tool_messages = [llm.tool_message(res.tool, res.as_json()) for res in results]
	if passages:
		tool_messages.append(llm.tool_message("documents", {"passages": passages}))
	allowed = [v for res in results for v in res.values()] + _passage_values(passages)
	try:
		generation = llm.write_answer(
			cfg,
			messages,
			tool_messages,
			allowed,
			lang,
			on_token=(lambda t: publish("token", t)) if publish else None,
			on_retry=(lambda: publish("reset")) if publish else None,
		)
	except llm.LLMUnavailable:
		return None
	main = results[0] if results else result
	if generation.checked:
		return generation.text, True, tool_calls, main
	if publish:
		publish("reset")
	return generation.text, False, tool_calls, main

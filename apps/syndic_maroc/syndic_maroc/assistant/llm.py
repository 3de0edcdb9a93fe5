"""Generation with Ollama (the real `ollama` client): /api/chat with the tools (tool calling),
then the answer streamed token by token. Figures never come from the model: every number of the
generated answer is checked against what the tools returned (core.assistant.figures); an answer
with a foreign figure is regenerated once, then replaced by the tools' own wording.

Configured by site config (`syndic_ollama_host`, `syndic_assistant_model`,
`syndic_assistant_timeout`); without a host the assistant answers with the router alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import frappe

from syndic_maroc.core.assistant.figures import check

DEFAULT_MODEL = "qwen2.5:7b-instruct"
DEFAULT_TIMEOUT = 60.0

SYSTEM = {
	"fr": (
		"Tu es l'assistant d'un syndic de copropriété au Maroc. Réponds en français, brièvement. "
		"Pour tout chiffre, appelle un outil : n'écris AUCUN montant, date ou nombre qui ne figure pas "
		"dans les résultats des outils, et ne calcule rien toi-même. Les montants s'écrivent comme "
		"« 1 250,00 DH ». Cite le document et la page de chaque passage que tu utilises."
	),
	"ar": (
		"أنت مساعد سانديك الملكية المشتركة في المغرب. أجب بالعربية الفصحى البسيطة التي يفهمها المغاربة، باختصار. "
		"لكل رقم استعمل أداة: لا تكتب أي مبلغ أو تاريخ أو عدد غير موجود في نتائج الأدوات، ولا تحسب شيئا بنفسك. "
		"تكتب المبالغ هكذا: « 1 250,00 درهم ». اذكر الوثيقة والصفحة لكل مقطع تستعمله."
	),
}
RETRY = {
	"fr": "Ta réponse contenait des chiffres qu'aucun outil n'a donnés ({figures}). Réécris-la avec uniquement les chiffres des outils.",
	"ar": "جوابك تضمن أرقاما لم تعطها أي أداة ({figures}). أعد كتابته بأرقام الأدوات فقط.",
}


@dataclass(frozen=True)
class LLMConfig:
	host: str
	model: str = DEFAULT_MODEL
	timeout: float = DEFAULT_TIMEOUT


def config() -> LLMConfig | None:
	host = frappe.conf.get("syndic_ollama_host")
	if not host:
		return None
	return LLMConfig(
		host=host,
		model=frappe.conf.get("syndic_assistant_model") or DEFAULT_MODEL,
		timeout=float(frappe.conf.get("syndic_assistant_timeout") or DEFAULT_TIMEOUT),
	)


class LLMUnavailable(Exception):
	pass


@dataclass
class Generation:
	text: str
	checked: bool  # every figure was a tool's
	attempts: int
	tool_calls: list[dict] = field(default_factory=list)
	rejected: list[tuple[str, ...]] = field(default_factory=list)  # foreign figures of each rejected try


def client(cfg: LLMConfig):
	import ollama

	return ollama.Client(host=cfg.host, timeout=cfg.timeout)


def _message(response) -> dict:
	message = response["message"] if isinstance(response, dict) else response.message
	return message if isinstance(message, dict) else message.model_dump(exclude_none=True)


def plan_tools(cfg: LLMConfig, question: str, lang: str, tools: list[dict]) -> tuple[list[dict], list[dict]]:
	"""First turn: the model chooses tools. Returns (messages so far, tool calls [{name, arguments}])."""
	messages = [
		{"role": "system", "content": SYSTEM.get(lang, SYSTEM["fr"])},
		{"role": "user", "content": question},
	]
	try:
		response = client(cfg).chat(model=cfg.model, messages=messages, tools=tools, stream=False)
	except Exception as e:  # connection refused, timeout, HTTP error: degrade to the router
		raise LLMUnavailable(str(e)) from e
	message = _message(response)
	calls = []
	for call in message.get("tool_calls") or []:
		function = call.get("function") or {}
		arguments = function.get("arguments") or {}
		if isinstance(arguments, str):
			try:
				arguments = json.loads(arguments)
			except ValueError:
				arguments = {}
		calls.append({"name": function.get("name"), "arguments": arguments})
	messages.append({k: v for k, v in message.items() if k in ("role", "content", "tool_calls")})
	return messages, calls


def _stream(cfg: LLMConfig, messages: list[dict], on_token: Callable[[str], None] | None) -> str:
	parts = []
	try:
		for chunk in client(cfg).chat(model=cfg.model, messages=messages, stream=True):
			token = _message(chunk).get("content") or ""
			if token:
				parts.append(token)
				if on_token:
					on_token(token)
	except Exception as e:
		raise LLMUnavailable(str(e)) from e
	return "".join(parts)


def write_answer(
	cfg: LLMConfig,
	messages: list[dict],
	tool_messages: list[dict],
	allowed: list,
	lang: str,
	on_token: Callable[[str], None] | None = None,
	on_retry: Callable[[], None] | None = None,
) -> Generation:
	"""Stream the answer; check its figures; regenerate once; give up (checked False) after."""
	messages = [*messages, *tool_messages]
	rejected = []
	for attempt in (1, 2):
		text = _stream(cfg, messages, on_token)
		result = check(text, allowed)
		if result.ok:
			return Generation(text, True, attempt, rejected=rejected)
		rejected.append(result.foreign)
		if attempt == 1:
			if on_retry:
				on_retry()
			messages = [
				*messages,
				{"role": "assistant", "content": text},
				{
					"role": "user",
					"content": RETRY.get(lang, RETRY["fr"]).format(figures=", ".join(result.foreign)),
				},
			]
	return Generation(text, False, 2, rejected=rejected)


def tool_message(name: str, payload: dict) -> dict:
	return {
		"role": "tool",
		"content": json.dumps(payload, ensure_ascii=False, default=str),
		"tool_name": name,
	}

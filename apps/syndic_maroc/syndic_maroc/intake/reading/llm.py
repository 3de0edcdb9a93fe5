"""Ollama client: /api/chat with a JSON schema as `format`, for the fields the rules miss.

Plain urllib (no dependency). Any failure — refused connection, timeout, HTTP error, an answer
that is not JSON — returns None with the reason in `last_error`: the pipeline then keeps the
rule fields and marks the document for review (DESIGN.md §6).
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

from syndic_maroc.core.intake.merge import llm_schema
from syndic_maroc.core.intake.model import BANK_STATEMENT, INVOICE, UTILITY_BILL

MAX_TEXT = 12_000
KIND_FR = {
	INVOICE: "une facture fournisseur",
	UTILITY_BILL: "une facture d'eau ou d'électricité",
	BANK_STATEMENT: "un relevé bancaire",
}
SYSTEM = (
	"Tu extrais les champs de documents comptables marocains (factures, factures d'eau et d'électricité, "
	"relevés bancaires) pour un syndic de copropriété. Réponds uniquement par un objet JSON conforme au schéma. "
	"Recopie les valeurs telles qu'elles figurent dans le texte ; mets null quand un champ n'y figure pas ; "
	"n'invente jamais de valeur. Montants en nombres (point décimal), dates au format AAAA-MM-JJ."
)


class OllamaClient:
	def __init__(
		self, host: str = "http://127.0.0.1:11434", model: str = "qwen2.5:7b-instruct", timeout: float = 60.0
	):
		self.host = host.rstrip("/")
		if not self.host.startswith(("http://", "https://")):
			self.host = "http://" + self.host
		self.model = model
		self.timeout = timeout
		self.last_error: str | None = None

	def chat_json(self, messages: list[dict], schema: dict) -> dict | None:
		"""One non-streamed /api/chat call constrained by `schema`; the parsed object or None."""
		body = json.dumps(
			{
				"model": self.model,
				"messages": messages,
				"format": schema,
				"stream": False,
				"options": {"temperature": 0},
			}
		).encode()
		req = urllib.request.Request(
			self.host + "/api/chat", data=body, headers={"Content-Type": "application/json"}, method="POST"
		)
		self.last_error = None
		try:
			with urllib.request.urlopen(req, timeout=self.timeout) as resp:
				payload = json.loads(resp.read().decode("utf-8"))
		except urllib.error.HTTPError as e:
			self.last_error = f"HTTP {e.code}"
			return None
		except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as e:
			reason = getattr(e, "reason", e)
			self.last_error = (
				"timeout" if isinstance(reason, (socket.timeout, TimeoutError)) else f"unreachable: {reason}"
			)
			return None
		except (ValueError, UnicodeDecodeError) as e:
			self.last_error = f"bad response: {e}"
			return None
		content = (payload.get("message") or {}).get("content") if isinstance(payload, dict) else None
		if not content:
			self.last_error = "empty answer"
			return None
		try:
			data = json.loads(content)
		except ValueError:
			self.last_error = "answer is not JSON"
			return None
		if not isinstance(data, dict):
			self.last_error = "answer is not an object"
			return None
		return data

	def extract(self, doc_class: str, text: str, positioned: bool = False) -> dict | None:
		"""The fields of a document of `doc_class` read by the model from its text; `positioned`:
		the text is layout.positioned_text (cells with their page, y and x)."""
		if doc_class not in KIND_FR:
			return None
		how = (
			"chaque ligne donne sa page et sa position verticale (y), chaque cellule sa position "
			"horizontale (x) : une valeur sous son libellé a le même x, une valeur à droite le même y"
			if positioned
			else "colonnes séparées par plusieurs espaces"
		)
		user = f"Voici le texte de {KIND_FR[doc_class]} ({how}) :\n\n{text[:MAX_TEXT]}"
		return self.chat_json(
			[{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}], llm_schema(doc_class)
		)


def ollama_reachable(config, timeout: float = 3.0) -> bool:
	host = config.ollama_host.rstrip("/")
	if not host.startswith(("http://", "https://")):
		host = "http://" + host
	try:
		with urllib.request.urlopen(host + "/api/tags", timeout=timeout) as r:
			return r.status == 200
	except Exception:
		return False

"""A local HTTP server of our own that speaks Ollama's /api/chat (no Ollama server can run here):
non-streamed replies with `tool_calls`, and streamed replies as NDJSON chunks, token by token.

Two ways to drive it:
- `script`: a queue of replies, each {"tool_calls": [...]} or {"content": "..."} (streamed when
  the request asks for a stream);
- `echo` (when the script is empty): turn 1 calls no tool; the streamed answer repeats the
  figures of the tool messages it was given (a model that copies its tools faithfully), and with
  `invent_every` = n every n-th answer first invents a figure (to exercise regeneration).
Every request body is kept in `requests`."""

from __future__ import annotations

import contextlib
import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from syndic_maroc.core.amounts import format_amount


class FakeOllama:
	def __init__(self):
		self.script: list[dict] = []
		self.requests: list[dict] = []
		self.invent_every = 0
		self._answers = 0
		self._server = None

	@property
	def host(self) -> str:
		return f"http://127.0.0.1:{self._server.server_address[1]}"

	def _reply(self, body: dict) -> dict:
		if self.script:
			return self.script.pop(0)
		if not body.get("stream"):
			return {"content": ""}  # echo mode: no tool call, the router's tool is given instead
		return {"content": self._echo(body)}

	def _echo(self, body: dict) -> str:
		figures = []
		for message in body.get("messages", []):
			if message.get("role") == "tool":
				try:
					payload = json.loads(message.get("content") or "{}")
				except ValueError:
					continue
				figures.extend(_figures(payload.get("data", payload)))
		# a retry carries the rejected answer as an assistant message with content
		retry = any(m.get("role") == "assistant" and m.get("content") for m in body.get("messages", []))
		self._answers += 1
		if self.invent_every and self._answers % self.invent_every == 0 and not retry:
			figures = [*figures, "987 654,32 DH"]
		return "D'après les outils : " + ", ".join(figures) + "." if figures else "Rien à signaler."

	def handler(self):
		fake = self

		class Handler(BaseHTTPRequestHandler):
			def log_message(self, *args):
				pass

			def do_POST(self):
				length = int(self.headers.get("Content-Length") or 0)
				body = json.loads(self.rfile.read(length) or b"{}")
				fake.requests.append(body)
				if self.path != "/api/chat":
					self.send_response(404)
					self.end_headers()
					return
				reply = fake._reply(body)
				message = {"role": "assistant", "content": reply.get("content", "")}
				if reply.get("tool_calls"):
					message["tool_calls"] = reply["tool_calls"]
				base = {"model": body.get("model"), "created_at": "2026-12-02T00:00:00Z"}
				if body.get("stream"):
					self.send_response(200)
					self.send_header("Content-Type", "application/x-ndjson")
					self.end_headers()
					text = message["content"]
					tokens = [text[i : i + 7] for i in range(0, len(text), 7)]
					for token in tokens:
						line = {**base, "message": {"role": "assistant", "content": token}, "done": False}
						self.wfile.write((json.dumps(line) + "\n").encode())
						self.wfile.flush()
					end = {
						**base,
						"message": {"role": "assistant", "content": ""},
						"done": True,
						"done_reason": "stop",
					}
					self.wfile.write((json.dumps(end) + "\n").encode())
					return
				data = json.dumps({**base, "message": message, "done": True, "done_reason": "stop"}).encode()
				self.send_response(200)
				self.send_header("Content-Type", "application/json")
				self.send_header("Content-Length", str(len(data)))
				self.end_headers()
				self.wfile.write(data)

		return Handler

	@contextlib.contextmanager
	def running(self):
		self._server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
		thread = threading.Thread(target=self._server.serve_forever, daemon=True)
		thread.start()
		try:
			yield self
		finally:
			self._server.shutdown()
			self._server.server_close()


def _figures(value) -> list[str]:
	if isinstance(value, dict):
		return [f for k, v in value.items() if k not in ("rank", "thresholds") for f in _figures(v)]
	if isinstance(value, list):
		return [f for item in value for f in _figures(item)]
	if isinstance(value, bool) or value is None:
		return []
	if isinstance(value, int):
		return [str(value)]
	if isinstance(value, float):
		return [format_amount(Decimal(str(value)))]
	return []

"""The Ollama client over real HTTP: a closed port (down), a slow server (timeout), and a tiny
local server that speaks Ollama's /api/chat JSON. Then the pipeline's fallback to rules."""

import json
import socket
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from syndic_maroc.core.intake.model import INVOICE, UTILITY_BILL
from syndic_maroc.intake.reading.llm import OllamaClient


def closed_port() -> int:
	s = socket.socket()
	s.bind(("127.0.0.1", 0))
	port = s.getsockname()[1]
	s.close()  # nothing listens there any more
	return port


class FakeOllama:
	"""A real HTTP server on 127.0.0.1 answering /api/chat like Ollama (non-streamed)."""

	def __init__(self, answer: dict | str, delay: float = 0.0, status: int = 200):
		self.requests: list[dict] = []
		outer = self

		class Handler(BaseHTTPRequestHandler):
			def do_POST(self):
				body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
				outer.requests.append({"path": self.path, "body": body})
				time.sleep(delay)
				content = answer if isinstance(answer, str) else json.dumps(answer)
				payload = json.dumps(
					{
						"model": body["model"],
						"created_at": "2025-01-01T00:00:00Z",
						"message": {"role": "assistant", "content": content},
						"done": True,
					}
				).encode()
				try:
					self.send_response(status)
					self.send_header("Content-Type", "application/json")
					self.send_header("Content-Length", str(len(payload)))
					self.end_headers()
					self.wfile.write(payload)
				except (BrokenPipeError, ConnectionResetError):
					pass

			def log_message(self, *args):
				pass

		self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		self.server.daemon_threads = True
		self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

	@property
	def url(self) -> str:
		return f"http://127.0.0.1:{self.server.server_address[1]}"

	def __enter__(self):
		self.thread.start()
		return self

	def __exit__(self, *exc):
		self.server.shutdown()
		self.server.server_close()


def test_down_returns_none_quickly():
	client = OllamaClient(f"http://127.0.0.1:{closed_port()}", timeout=5)
	t = time.perf_counter()
	assert client.extract(INVOICE, "FACTURE N° 1") is None
	assert time.perf_counter() - t < 5
	assert client.last_error.startswith("unreachable")


def test_timeout_returns_none():
	with FakeOllama({"total_ttc": 1}, delay=2.0) as srv:
		client = OllamaClient(srv.url, timeout=0.3)
		assert client.extract(INVOICE, "FACTURE") is None
		assert client.last_error == "timeout"


def test_http_error_and_garbage_answers():
	with FakeOllama({"x": 1}, status=500) as srv:
		client = OllamaClient(srv.url, timeout=5)
		assert client.extract(INVOICE, "FACTURE") is None and client.last_error == "HTTP 500"
	with FakeOllama("ceci n'est pas du JSON") as srv:
		client = OllamaClient(srv.url, timeout=5)
		assert client.extract(INVOICE, "FACTURE") is None and client.last_error == "answer is not JSON"


def test_chat_request_carries_model_schema_and_text():
	answer = {"issuer": "Lydec", "amount_due": 414.31, "due_date": "2024-02-20"}
	with FakeOllama(answer) as srv:
		client = OllamaClient(srv.url.replace("http://", ""), model="qwen2.5:7b-instruct", timeout=5)
		assert client.extract(UTILITY_BILL, "Lydec\nNet à payer * 414,31 *") == answer
		req = srv.requests[0]
	assert req["path"] == "/api/chat"
	body = req["body"]
	assert body["model"] == "qwen2.5:7b-instruct" and body["stream"] is False
	assert body["format"]["type"] == "object" and "amount_due" in body["format"]["properties"]
	assert "414,31" in body["messages"][-1]["content"]


def _invoice_pdf(tmp_path):
	pytest.importorskip("reportlab", reason="reportlab (requirements-intake.txt) builds the test documents")
	pytest.importorskip("pypdfium2", reason="pypdfium2 (requirements-intake.txt) reads PDFs")
	import random

	from tests.corpus import invoices

	truth = invoices.make(random.Random("llm-test"), 0)
	path = tmp_path / "inv.pdf"
	invoices.draw(truth, path)
	return path.read_bytes(), truth


def test_pipeline_with_ollama_down_keeps_rule_fields_and_marks_review(tmp_path):
	from syndic_maroc.intake.reading.config import IntakeConfig
	from syndic_maroc.intake.reading.pipeline import process

	data, truth = _invoice_pdf(tmp_path)
	cfg = IntakeConfig(ollama_host=f"http://127.0.0.1:{closed_port()}", ollama_timeout=3)
	r = process(data, "inv.pdf", cfg)
	assert r.status == "extracted" and r.doc_class == INVOICE
	assert r.llm_status == "unavailable" and r.needs_review
	assert r.fields["total_ttc"]["value"] == truth["total_ttc"]
	assert r.fields["total_ttc"]["source"] == "rule" and r.fields["total_ttc"]["confidence"] < 0.8


def test_pipeline_with_ollama_merges_answers(tmp_path):
	from syndic_maroc.intake.reading.config import IntakeConfig
	from syndic_maroc.intake.reading.pipeline import process

	data, truth = _invoice_pdf(tmp_path)
	answer = {
		"supplier_name": truth["supplier_name"],
		"total_ttc": float(Decimal(truth["total_ttc"])),
		"total_ht": 1.0,
	}
	with FakeOllama(answer) as srv:
		r = process(data, "inv.pdf", IntakeConfig(ollama_host=srv.url, ollama_timeout=5))
	assert r.llm_status == "ok"
	assert r.fields["total_ttc"]["source"] == "both" and r.fields["total_ttc"]["confidence"] >= 0.95
	assert r.fields["supplier_name"]["source"] == "both"
	assert r.fields["total_ht"]["source"] == "rule" and r.fields["total_ht"]["alternative"] == "1.00"
	assert "total_ht" in r.review_fields

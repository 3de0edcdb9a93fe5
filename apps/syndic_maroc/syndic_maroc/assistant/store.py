"""The assistant's document store: the interface the assistant codes against.

    search(query, reader, residence=None, k=10) -> list[Passage]
    index_document(source_doctype, source_name) -> int      # chunks written (0: unchanged or nothing to index)
    remove_document(source_doctype, source_name) -> None

The store is PostgreSQL + pgvector (syndic_maroc.assistant.vectordb.pg): the product's own
server (Procfile `vectordb`, scripts/vectordb.sh) or any PostgreSQL with pgvector named by the
site config key `syndic_vector_dsn` (written by scripts/install.sh into common_site_config).
Each site has its own schema (`syndic_vector_schema`, default `site_<site name>`).
Search is hybrid (HNSW cosine + full text, reciprocal-rank fused) and the reader's permissions
are in the SQL of both searches. Every failure to reach the store raises StoreUnavailable.
"""

from __future__ import annotations

import hashlib
import json

import frappe

from .embedder import EmbedderUnavailable, get_embedder
from .vectordb.pg import ChunkRow, Passage, Reader, StoreUnavailable, VectorStore, schema_for_site

__all__ = [
	"ChunkRow",
	"Passage",
	"Reader",
	"StoreUnavailable",
	"get_store",
	"index_document",
	"remove_document",
	"search",
]

_stores: dict[tuple[str, str], VectorStore] = {}


def get_store() -> VectorStore:
	dsn = frappe.conf.get("syndic_vector_dsn")
	if not dsn:
		raise StoreUnavailable("no vector store configured (site config syndic_vector_dsn)")
	schema = frappe.conf.get("syndic_vector_schema") or schema_for_site(frappe.local.site)
	key = (dsn, schema)
	store = _stores.get(key)
	if store is None:
		store = _stores[key] = VectorStore(dsn, schema)
	return store


def search(query: str, reader: Reader, residence: str | None = None, k: int = 10) -> list[Passage]:
	"""The k best passages the reader may read, best first. With the embedding model unavailable
	(Ollama embeddings down) the full-text half still answers."""
	if not isinstance(reader, Reader):
		raise TypeError("reader must be a syndic_maroc.assistant.store.Reader")
	store = get_store()
	embedder = get_embedder()
	try:
		vector = embedder.embed_query(query) if (query or "").strip() else None
	except EmbedderUnavailable:
		vector = None
	return store.search(query or "", vector, embedder.name, reader, residence=residence, k=max(1, int(k)))


def _digest(rows: list[ChunkRow], embedder_name: str) -> str:
	h = hashlib.sha256(embedder_name.encode())
	for r in rows:
		h.update(
			json.dumps(
				[
					r.text,
					r.page,
					r.position,
					r.lang,
					r.residence,
					r.visibility,
					r.co_owner,
					r.file_url,
					r.title,
				],
				ensure_ascii=False,
			).encode()
		)
	return h.hexdigest()


def embedding_text(row: ChunkRow) -> str:
	"""What is embedded: the document's title, then the passage."""
	return f"{row.title}\n{row.text}" if row.title else row.text


def index_document(source_doctype: str, source_name: str) -> int:
	"""(Re)index one document from the site: its passages replace the stored ones in one
	transaction. 0 when it has nothing to index (and its old passages are removed) or when
	nothing changed since the last indexing. Raises StoreUnavailable / EmbedderUnavailable."""
	from .indexer import document_rows

	rows = document_rows(source_doctype, source_name)
	store = get_store()
	if not rows:
		store.delete_document(source_doctype, source_name)
		return 0
	embedder = get_embedder()
	digest = _digest(rows, embedder.name)
	if store.document_digest(source_doctype, source_name) == digest:
		return 0
	vectors = embedder.embed_passages([embedding_text(r) for r in rows])
	return store.replace_document(
		source_doctype, source_name, rows, vectors, embedder.name, embedder.dim, digest=digest
	)


def remove_document(source_doctype: str, source_name: str) -> None:
	get_store().delete_document(source_doctype, source_name)

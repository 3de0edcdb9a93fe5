"""The vector store in PostgreSQL + pgvector: schema, writes and the hybrid, permission-filtered
search. Frappe-free (the Frappe layer, syndic_maroc.assistant.store, gives it a DSN, a schema
per site and an embedder).

One schema per Frappe site (`site_<site name>`), so several sites of a bench never mix. Table
`chunks`: one row per passage with its résidence, who may read it (visibility 'staff' |
'residence' | 'owner', co_owner for 'owner'), its source (doctype, name, file URL, page,
position, title), its language, text, tsvector and embedding, and the embedder's name and
dimension. Indexes: HNSW (vector_cosine_ops) on the embedding, GIN on the tsvector, btree on
residence/visibility, co_owner and the source.

Search = pgvector HNSW cosine (iterative index scan, so a filter never empties the result)
+ PostgreSQL full text (french or arabic stemming by the row's and the query's language,
unaccent), fused by
reciprocal rank. The reader's permission filter is in the WHERE clause of both searches and of
the final fetch: a passage the reader may not read is never even ranked.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from syndic_maroc.core.assistant.chunking import detect_lang
from syndic_maroc.core.assistant.ranking import rrf

VISIBILITIES = ("staff", "residence", "owner")
TS_CONFIG = {"fr": "french", "ar": "arabic"}
CANDIDATES = 50  # per search, before fusion
# hnsw.ef_search: benchmarks/retrieval_bench.py, 1M synthetic chunks, no filter: recall@10 0.84
# at 100, 0.91 at 200, 0.94 at 400 (p95 54-65 ms on a loaded 2-core machine); 0.999 at 100k.
EF_SEARCH = 400
MAX_SCAN_TUPLES = 40000  # hnsw.max_scan_tuples for filtered scans (pgvector's default 20000)
# A reader whose résidences hold at most this many passages is answered by an exact scan of
# them (bitmap scan on the residence index, every distance computed): at 1M chunks the planner
# otherwise walks the HNSW graph with the filter and found only 60 % of a résidence's true top
# 10 (benchmark, staff of one résidence of 200).
EXACT_LIMIT = 20000


class StoreUnavailable(Exception):
	"""The vector store cannot be reached (down, wrong DSN, not installed)."""


@dataclass(frozen=True)
class Reader:
	"""Who asks (built from the session user by the assistant)."""

	staff_residences: tuple[str, ...] = ()  # résidences read as staff (all of them for a firm-wide manager)
	owner_residences: tuple[str, ...] = ()  # résidences where the user is a co-owner
	co_owner: str | None = None  # his Co-owner name, for his own documents


@dataclass(frozen=True)
class Passage:
	text: str
	score: float
	source_doctype: str
	source_name: str
	file_url: str | None
	page: int | None
	position: int
	residence: str
	title: str


@dataclass(frozen=True)
class ChunkRow:
	"""One passage to write (its embedding is given apart)."""

	text: str
	position: int
	page: int | None
	lang: str
	residence: str
	visibility: str
	co_owner: str | None
	source_doctype: str
	source_name: str
	file_url: str | None
	title: str


def schema_for_site(site: str) -> str:
	"""`site_` + the site name in [a-z0-9_], hashed when too long for an identifier."""
	name = "site_" + re.sub(r"[^a-z0-9_]", "_", (site or "").lower())
	if len(name) > 55:
		name = name[:46] + "_" + hashlib.sha1(site.encode()).hexdigest()[:8]
	return name


def _ident(name: str) -> str:
	if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
		raise ValueError(f"bad schema name {name!r}")
	return name


def vector_literal(v) -> str:
	return "[" + ",".join(f"{float(x):.7g}" for x in v) + "]"


# The query's lexemes in its own language's configuration, any of them matching (a question's
# words are ORed: its stop words are dropped by the configuration, the rank orders the rest).
QUERY_TSQUERY = "replace(plainto_tsquery(%(qcfg)s::regconfig, unaccent(%(q)s))::text, ' & ', ' | ')::tsquery"


def row_tsvector_sql() -> str:
	"""tsvector of a row in its language's configuration (french or arabic stemming and stop
	words, unaccented), the title weighted C. Words of the other script are kept as they are."""
	return (
		"setweight(to_tsvector(%(cfg)s::regconfig, unaccent(coalesce(%(title)s, ''))), 'C')"
		" || to_tsvector(%(cfg)s::regconfig, unaccent(%(text)s))"
	)


def permission_sql(embedder: bool = False) -> str:
	"""The reader's filter, in SQL (parameters staff, owners, co_owner, residence; embedder for
	the vector search: only vectors of the current embedder are comparable with the query's)."""
	return (
		("embedder = %(embedder)s AND " if embedder else "")
		+ "(%(residence)s::text IS NULL OR residence = %(residence)s::text)"
		" AND (residence = ANY(%(staff)s::text[])"
		" OR (visibility = 'residence' AND residence = ANY(%(owners)s::text[]))"
		" OR (visibility = 'owner' AND co_owner IS NOT NULL AND co_owner = %(co_owner)s::text))"
	)


def permission_params(reader: Reader, residence: str | None, embedder: str) -> dict:
	return {
		"staff": list(reader.staff_residences or ()),
		"owners": list(reader.owner_residences or ()),
		"co_owner": reader.co_owner or None,
		"residence": residence or None,
		"embedder": embedder,
	}


class VectorStore:
	"""A DSN and a schema. Connections are per thread and reopened after a failure."""

	def __init__(self, dsn: str, schema: str, connect_timeout: int = 3):
		if not dsn:
			raise StoreUnavailable("no vector store configured (syndic_vector_dsn)")
		self.dsn = dsn
		self.schema = _ident(schema)
		self.connect_timeout = connect_timeout
		self._local = threading.local()
		self._ready_dim: int | None = None

	# -- connections --------------------------------------------------------------------------
	def _connect(self):
		try:
			import psycopg2
		except ImportError as e:
			raise StoreUnavailable("psycopg2 is not installed") from e
		try:
			conn = psycopg2.connect(
				self.dsn, connect_timeout=self.connect_timeout, application_name="syndic_maroc"
			)
		except psycopg2.Error as e:
			raise StoreUnavailable(f"vector store unreachable: {str(e).strip()[:300]}") from e
		conn.autocommit = False
		return conn

	def conn(self):
		c = getattr(self._local, "conn", None)
		if c is None or c.closed:
			c = self._local.conn = self._connect()
		return c

	def close(self) -> None:
		c = getattr(self._local, "conn", None)
		if c is not None and not c.closed:
			c.close()
		self._local.conn = None

	def _run(self, fn, retry: bool = True):
		"""fn(cursor) in one transaction; a dropped connection is reopened once, then
		StoreUnavailable."""
		try:
			import psycopg2
		except ImportError as e:
			raise StoreUnavailable("psycopg2 is not installed") from e
		try:
			conn = self.conn()
			try:
				with conn.cursor() as cur:
					result = fn(cur)
				conn.commit()
				return result
			except BaseException:
				if not conn.closed:
					try:
						conn.rollback()
					except psycopg2.Error:
						pass
				raise
		except (psycopg2.OperationalError, psycopg2.InterfaceError) as e:
			self.close()
			if retry:
				return self._run(fn, retry=False)
			raise StoreUnavailable(f"vector store unreachable: {str(e).strip()[:300]}") from e

	def ping(self) -> bool:
		try:
			return self._run(lambda cur: cur.execute("SELECT 1") or True)
		except StoreUnavailable:
			return False

	# -- schema -------------------------------------------------------------------------------
	def ensure_schema(self, dim: int) -> None:
		"""Extensions, schema, tables and indexes, idempotent. A different dimension than the
		table's (another embedder) empties the table and changes the column: re-index after."""
		if self._ready_dim == dim:
			return
		s = self.schema

		def create(cur):
			cur.execute("SELECT pg_advisory_xact_lock(hashtext('syndic_maroc.vector_schema'))")
			for ext in ("vector", "unaccent", "pg_trgm"):
				cur.execute("SELECT 1 FROM pg_extension WHERE extname = %s", (ext,))
				if not cur.fetchone():
					cur.execute(f"CREATE EXTENSION IF NOT EXISTS {ext}")
			cur.execute(f"CREATE SCHEMA IF NOT EXISTS {s}")
			cur.execute(f"CREATE TABLE IF NOT EXISTS {s}.meta (key text PRIMARY KEY, value text)")
			cur.execute(
				f"""CREATE TABLE IF NOT EXISTS {s}.documents (
					source_doctype text NOT NULL,
					source_name text NOT NULL,
					residence text,
					digest text,
					chunks integer NOT NULL DEFAULT 0,
					embedder text,
					indexed_at timestamptz NOT NULL DEFAULT now(),
					PRIMARY KEY (source_doctype, source_name)
				)"""
			)
			cur.execute(
				f"""CREATE TABLE IF NOT EXISTS {s}.chunks (
					id bigserial PRIMARY KEY,
					source_doctype text NOT NULL,
					source_name text NOT NULL,
					position integer NOT NULL,
					page integer,
					residence text NOT NULL,
					visibility text NOT NULL CHECK (visibility IN ('staff', 'residence', 'owner')),
					co_owner text,
					file_url text,
					title text NOT NULL DEFAULT '',
					lang text NOT NULL DEFAULT 'fr',
					text text NOT NULL,
					tsv tsvector NOT NULL,
					embedding vector({int(dim)}) NOT NULL,
					embedder text NOT NULL,
					dim integer NOT NULL,
					indexed_at timestamptz NOT NULL DEFAULT now(),
					CHECK (visibility <> 'owner' OR co_owner IS NOT NULL),
					UNIQUE (source_doctype, source_name, position)
				)"""
			)
			cur.execute(
				"SELECT atttypmod FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'embedding'",
				(f"{s}.chunks",),
			)
			current = cur.fetchone()[0]
			if current != dim:
				cur.execute(f"DROP INDEX IF EXISTS {s}.chunks_embedding_hnsw")
				cur.execute(f"DELETE FROM {s}.chunks")
				cur.execute(f"DELETE FROM {s}.documents")
				cur.execute(f"ALTER TABLE {s}.chunks ALTER COLUMN embedding TYPE vector({int(dim)})")
				cur.execute(
					f"INSERT INTO {s}.meta VALUES ('dim_changed', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
					(f"{current} -> {dim}",),
				)
			cur.execute(
				f"CREATE INDEX IF NOT EXISTS chunks_embedding_hnsw ON {s}.chunks"
				" USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)"
			)
			cur.execute(f"CREATE INDEX IF NOT EXISTS chunks_tsv_gin ON {s}.chunks USING gin (tsv)")
			cur.execute(f"CREATE INDEX IF NOT EXISTS chunks_residence ON {s}.chunks (residence, visibility)")
			cur.execute(
				f"CREATE INDEX IF NOT EXISTS chunks_co_owner ON {s}.chunks (co_owner) WHERE co_owner IS NOT NULL"
			)
			cur.execute(
				f"CREATE INDEX IF NOT EXISTS chunks_source ON {s}.chunks (source_doctype, source_name)"
			)

		self._run(create)
		self._ready_dim = dim

	def drop_schema(self) -> None:
		self._run(lambda cur: cur.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE"))
		self._ready_dim = None

	# -- writes -------------------------------------------------------------------------------
	def replace_document(
		self,
		source_doctype: str,
		source_name: str,
		rows: Sequence[ChunkRow],
		embeddings: np.ndarray,
		embedder: str,
		dim: int,
		digest: str | None = None,
	) -> int:
		"""The document's passages become `rows`, in one transaction (readers see the old or the
		new set, never half). Returns the number of rows written."""
		if len(rows) != len(embeddings):
			raise ValueError("one embedding per row")
		for r in rows:
			if r.visibility not in VISIBILITIES:
				raise ValueError(f"bad visibility {r.visibility!r}")
			if r.visibility == "owner" and not r.co_owner:
				raise ValueError("an 'owner' passage needs its co_owner")
			if not r.residence:
				raise ValueError("every passage belongs to a résidence")
		self.ensure_schema(dim)
		s = self.schema
		insert = (
			f"INSERT INTO {s}.chunks (source_doctype, source_name, position, page, residence, visibility,"
			" co_owner, file_url, title, lang, text, tsv, embedding, embedder, dim) VALUES ("
			"%(doctype)s, %(name)s, %(position)s, %(page)s, %(residence)s, %(visibility)s, %(co_owner)s,"
			f" %(file_url)s, %(title)s, %(lang)s, %(text)s, {row_tsvector_sql()}, %(embedding)s::vector,"
			" %(embedder)s, %(dim)s)"
		)

		def write(cur):
			cur.execute(
				f"DELETE FROM {s}.chunks WHERE source_doctype = %s AND source_name = %s",
				(source_doctype, source_name),
			)
			for r, v in zip(rows, embeddings, strict=True):
				cur.execute(
					insert,
					{
						"doctype": source_doctype,
						"name": source_name,
						"position": r.position,
						"page": r.page,
						"residence": r.residence,
						"visibility": r.visibility,
						"co_owner": r.co_owner if r.visibility == "owner" else None,
						"file_url": r.file_url,
						"title": r.title or "",
						"lang": r.lang,
						"cfg": TS_CONFIG.get(r.lang, "french"),
						"text": r.text.replace("\x00", ""),
						"embedding": vector_literal(v),
						"embedder": embedder,
						"dim": dim,
					},
				)
			cur.execute(
				f"""INSERT INTO {s}.documents (source_doctype, source_name, residence, digest, chunks, embedder)
				VALUES (%s, %s, %s, %s, %s, %s)
				ON CONFLICT (source_doctype, source_name) DO UPDATE SET residence = EXCLUDED.residence,
				digest = EXCLUDED.digest, chunks = EXCLUDED.chunks, embedder = EXCLUDED.embedder, indexed_at = now()""",
				(
					source_doctype,
					source_name,
					rows[0].residence if rows else None,
					digest,
					len(rows),
					embedder,
				),
			)
			return len(rows)

		return self._run(write)

	def document_digest(self, source_doctype: str, source_name: str) -> str | None:
		"""The digest stored with the document's last indexing (None: not indexed)."""
		s = self.schema

		def read(cur):
			cur.execute("SELECT to_regclass(%s)", (f"{s}.documents",))
			if cur.fetchone()[0] is None:
				return None
			cur.execute(
				f"SELECT digest FROM {s}.documents WHERE source_doctype = %s AND source_name = %s",
				(source_doctype, source_name),
			)
			row = cur.fetchone()
			return row[0] if row else None

		return self._run(read)

	def delete_document(self, source_doctype: str, source_name: str) -> int:
		s = self.schema

		def delete(cur):
			cur.execute("SELECT to_regclass(%s)", (f"{s}.chunks",))
			if cur.fetchone()[0] is None:
				return 0
			cur.execute(
				f"DELETE FROM {s}.chunks WHERE source_doctype = %s AND source_name = %s",
				(source_doctype, source_name),
			)
			n = cur.rowcount
			cur.execute(
				f"DELETE FROM {s}.documents WHERE source_doctype = %s AND source_name = %s",
				(source_doctype, source_name),
			)
			return n

		return self._run(delete)

	def delete_residence(self, residence: str) -> int:
		s = self.schema

		def delete(cur):
			cur.execute(f"DELETE FROM {s}.chunks WHERE residence = %s", (residence,))
			n = cur.rowcount
			cur.execute(f"DELETE FROM {s}.documents WHERE residence = %s", (residence,))
			return n

		return self._run(delete)

	def count(self, source_doctype: str | None = None, source_name: str | None = None) -> int:
		s = self.schema

		def count(cur):
			cur.execute("SELECT to_regclass(%s)", (f"{s}.chunks",))
			if cur.fetchone()[0] is None:
				return 0
			sql, args = f"SELECT count(*) FROM {s}.chunks", []
			if source_doctype:
				sql += " WHERE source_doctype = %s" + (" AND source_name = %s" if source_name else "")
				args = [source_doctype] + ([source_name] if source_name else [])
			cur.execute(sql, args)
			return cur.fetchone()[0]

		return self._run(count)

	def sources(self) -> set[tuple[str, str]]:
		s = self.schema

		def read(cur):
			cur.execute("SELECT to_regclass(%s)", (f"{s}.documents",))
			if cur.fetchone()[0] is None:
				return set()
			cur.execute(f"SELECT source_doctype, source_name FROM {s}.documents")
			return {tuple(r) for r in cur.fetchall()}

		return self._run(read)

	# -- search -------------------------------------------------------------------------------
	def exact_is_cheap(self, cur, params: dict) -> bool:
		"""Do the reader's résidences hold at most EXACT_LIMIT passages? Read from the documents
		table (one row per document with its chunk count: a few hundred rows, not the chunks)."""
		allowed = set(params["staff"]) | set(params["owners"])
		if params["residence"]:
			allowed &= {params["residence"]}
		cur.execute(
			f"SELECT coalesce(sum(chunks), 0) FROM {self.schema}.documents WHERE residence = ANY(%s::text[])",
			(sorted(allowed),),
		)
		return cur.fetchone()[0] <= EXACT_LIMIT

	def vector_ids(
		self, cur, vector, params: dict, n: int, ef_search: int = EF_SEARCH, exact: bool | None = None
	) -> list[int]:
		"""The n nearest passages the reader may read: exact over a small allowed set, else HNSW
		with an iterative scan (the filter applied inside the index walk)."""
		if exact is None:
			exact = self.exact_is_cheap(cur, params)
		if exact:
			cur.execute("SET LOCAL enable_indexscan = off")  # not the HNSW walk: every distance
		else:
			cur.execute(f"SET LOCAL hnsw.ef_search = {int(ef_search)}")
			cur.execute("SET LOCAL hnsw.iterative_scan = 'relaxed_order'")
			cur.execute(f"SET LOCAL hnsw.max_scan_tuples = {MAX_SCAN_TUPLES}")
		cur.execute(
			f"""WITH v AS MATERIALIZED (
				SELECT id, embedding <=> %(vec)s::vector AS dist FROM {self.schema}.chunks
				WHERE {permission_sql(embedder=True)}
				ORDER BY embedding <=> %(vec)s::vector LIMIT %(n)s)
			SELECT id FROM v ORDER BY dist""",
			{**params, "vec": vector_literal(vector), "n": n},
		)
		ids = [r[0] for r in cur.fetchall()]
		if exact:
			cur.execute("SET LOCAL enable_indexscan = on")
		return ids

	def text_ids(self, cur, query: str, params: dict, n: int) -> list[int]:
		cur.execute(
			f"""WITH q AS (SELECT {QUERY_TSQUERY} AS q)
			SELECT c.id FROM {self.schema}.chunks c, q
			WHERE c.tsv @@ q.q AND {permission_sql()}
			ORDER BY ts_rank_cd(c.tsv, q.q) DESC, c.id LIMIT %(n)s""",
			{**params, "q": query, "qcfg": TS_CONFIG[detect_lang(query)], "n": n},
		)
		return [r[0] for r in cur.fetchall()]

	def search(
		self,
		query: str,
		vector,
		embedder: str,
		reader: Reader,
		residence: str | None = None,
		k: int = 10,
		candidates: int = CANDIDATES,
		ef_search: int = EF_SEARCH,
	) -> list[Passage]:
		"""Hybrid search: the best `candidates` of each search, reciprocal-rank fused, the best k."""
		params = permission_params(reader, residence, embedder)
		if not (params["staff"] or params["owners"] or params["co_owner"]):
			return []  # nobody: nothing to read (the SQL would say the same)
		n = max(candidates, k)
		s = self.schema

		def run(cur):
			cur.execute("SELECT to_regclass(%s)", (f"{s}.chunks",))
			if cur.fetchone()[0] is None:
				return []
			dense = self.vector_ids(cur, vector, params, n, ef_search) if vector is not None else []
			sparse = self.text_ids(cur, query, params, n) if (query or "").strip() else []
			fused = rrf([dense, sparse], limit=k)
			if not fused:
				return []
			ids = [i for i, _ in fused]
			cur.execute(
				f"""SELECT id, text, source_doctype, source_name, file_url, page, position, residence, title
				FROM {s}.chunks WHERE id = ANY(%(ids)s) AND {permission_sql()}""",
				{**params, "ids": ids},
			)
			rows = {r[0]: r for r in cur.fetchall()}
			return [
				Passage(
					text=rows[i][1],
					score=round(score, 6),
					source_doctype=rows[i][2],
					source_name=rows[i][3],
					file_url=rows[i][4],
					page=rows[i][5],
					position=rows[i][6],
					residence=rows[i][7],
					title=rows[i][8],
				)
				for i, score in fused
				if i in rows
			]

		return self._run(run)


def batched(items: Iterable, n: int):
	batch = []
	for item in items:
		batch.append(item)
		if len(batch) == n:
			yield batch
			batch = []
	if batch:
		yield batch

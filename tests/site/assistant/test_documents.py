"""Document questions through the assistant on a real PostgreSQL + pgvector (a server of the
test's own): the règlement of one résidence is quoted with its document and page for its
co-owners and staff, and never reaches a co-owner of the other résidence, in process and over a
real HTTP request."""

from __future__ import annotations

import uuid

import pytest

from tests._vectordb import start_server, stop_server
from tests.site.assistant.test_store_site import attach

pytestmark = [pytest.mark.site, pytest.mark.pgvector]

ANIMALS = (
	"Article 14 - Animaux. La détention d'animaux domestiques est admise dans les parties privatives "
	"à condition qu'ils ne causent ni bruit ni salissure dans les parties communes de l'immeuble."
)
WORKS = (
	"Article 22 - Travaux. Tout copropriétaire qui veut entreprendre des travaux affectant l'aspect "
	"extérieur de l'immeuble, comme la fermeture d'un balcon, doit obtenir l'accord de l'assemblée générale."
)


@pytest.fixture(scope="module")
def reglement(site, people):
	"""A règlement (2 pages) attached to the first résidence, indexed in a store of our own; the
	site config names that store for the duration (so our gunicorn reads it too)."""
	from frappe.installer import update_site_config

	server, dsn, base = start_server(prefix="syndic-pg-asst-")
	schema = "site_asst_" + uuid.uuid4().hex[:10]
	conf = site.local.conf
	saved = {k: conf.get(k) for k in ("syndic_vector_dsn", "syndic_vector_schema")}
	for key, value in (("syndic_vector_dsn", dsn), ("syndic_vector_schema", schema)):
		conf[key] = value
		update_site_config(key, value)
	site.flags.assistant_index_inline = True
	residence = people.residences[0]
	f = attach(site, residence, [WORKS, ANIMALS], field="reglement")
	try:
		yield site._dict(file=f, residence=residence)
	finally:
		site.flags.assistant_index_inline = False
		site.delete_doc("File", f.name, ignore_permissions=True, force=True)
		site.db.delete("Assistant Index Queue", {"source_doctype": "File", "source_name": f.name})
		site.db.commit()
		for key, value in saved.items():
			update_site_config(key, value if value is not None else "None")
			if value is None:
				conf.pop(key, None)
			else:
				conf[key] = value
		stop_server(server, base)


QUESTIONS = [
	"que dit le règlement sur les animaux ?",
	"ai-je le droit d'avoir un chien dans mon appartement ?",
	"واش مسموح نربي الكلاب في الشقة؟",
]


def test_own_residence_reglement_is_quoted_with_page(site, people, reglement, as_user):
	from syndic_maroc.assistant.answer import answer

	owner = people.owners[reglement.residence]
	with as_user(owner.user):
		r = answer(QUESTIONS[0])
	assert r["store_available"] is True and r["intent"] == "document"
	top = r["passages"][0]
	assert top["name"] == reglement.file.name and top["page"] == 2 and "Animaux" in top["text"]
	assert top["url"] == f"/api/method/syndic_maroc.api.assistant.document?file={reglement.file.name}#page=2"
	assert "Article 14" in r["answer"] and r["figures_checked"]
	assert any(s["name"] == reglement.file.name and s["page"] == 2 for s in r["sources"])


def test_other_residence_never_gets_the_passages(site, people, reglement, as_user):
	from syndic_maroc.assistant.answer import answer

	other = next(o for res, o in people.owners.items() if res != reglement.residence)
	for question in [*QUESTIONS, "règlement de copropriété article 14", "fermeture d'un balcon travaux"]:
		with as_user(other.user):
			r = answer(question)
		assert all(p["name"] != reglement.file.name for p in r["passages"])
		assert "Article 14" not in r["answer"] and "Article 22" not in r["answer"]


def test_other_residence_over_http(site, people, reglement, http):
	other = next(o for res, o in people.owners.items() if res != reglement.residence)
	mine = people.owners[reglement.residence]
	s_other, s_mine = http(other.user), http(mine.user)
	url = "/api/method/syndic_maroc.api.assistant.ask"
	for question in QUESTIONS:
		r = s_other.post(s_other.base + url, data={"question": question}, timeout=60).json()["message"]
		assert (
			all(p["name"] != reglement.file.name for p in r["passages"]) and "Article 14" not in r["answer"]
		)
	r = s_mine.post(s_mine.base + url, data={"question": QUESTIONS[1]}, timeout=60).json()["message"]
	assert r["passages"] and r["passages"][0]["name"] == reglement.file.name


def test_quoted_document_opens_for_its_readers_only(site, people, reglement, http):
	"""The link of a quoted passage: the PDF for a co-owner of its résidence (who could not open
	the private File otherwise), 403 for a co-owner of the other résidence."""
	mine = people.owners[reglement.residence]
	other = next(o for res, o in people.owners.items() if res != reglement.residence)
	url = f"/api/method/syndic_maroc.api.assistant.document?file={reglement.file.name}"
	s = http(mine.user)
	assert s.get(s.base + reglement.file.file_url, timeout=60).status_code == 403  # the File itself
	r = s.get(s.base + url, timeout=60)
	assert r.status_code == 200 and r.content.startswith(b"%PDF")
	s = http(other.user)
	assert s.get(s.base + url, timeout=60).status_code == 403
	assert (
		s.get(s.base + "/api/method/syndic_maroc.api.assistant.document?file=nope", timeout=60).status_code
		== 403
	)

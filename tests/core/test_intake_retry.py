"""Retry LLM without reading again: the rule fields stored at first read come back from JSON with
their exact types, and pipeline.retry_llm (real Ollama client, local /api/chat server) gives the
same result as a first read with the LLM up, without rendering or OCR."""

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
	sys.path.insert(0, str(REPO))

for _mod in ("reportlab", "pypdfium2", "PIL"):
	pytest.importorskip(_mod, reason=f"{_mod} (requirements-intake.txt) is needed for the intake corpus")

from syndic_maroc.core.intake.extract import extract_pages
from syndic_maroc.core.intake.model import jsonable, scalar_fields
from syndic_maroc.core.intake.validate import validate
from syndic_maroc.intake.reading import pipeline
from syndic_maroc.intake.reading.config import IntakeConfig
from syndic_maroc.intake.reading.reader import read_document

from tests.core.test_intake_llm import FakeOllama, closed_port
from tests.corpus.generate import generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
	return generate(tmp_path_factory.mktemp("retry"), per_class=2, seed=777, scans=False)


def _shape(value):
	"""Values with their exact types, for comparison (Decimal('1') vs 1 must differ)."""
	if hasattr(value, "__dataclass_fields__"):
		return {k: _shape(getattr(value, k)) for k in value.__dataclass_fields__}
	if isinstance(value, list):
		return [_shape(v) for v in value]
	return (type(value).__name__, value)


def test_rule_fields_round_trip_through_json_with_their_types(corpus):
	for e in corpus:
		x = extract_pages(read_document(Path(e["digital"]).read_bytes(), e["digital"]).pages, check=False)
		stored = json.loads(json.dumps(jsonable(x.fields)))  # as in extracted_json
		back = pipeline.fields_from_json(x.doc_class, stored)
		assert _shape(back) == _shape(x.fields), e["id"]
		# validation sees the same thing, and lowers the same confidences
		assert [(i.field, i.code) for i in validate(x.doc_class, back)] == [
			(i.field, i.code) for i in validate(x.doc_class, x.fields)
		], e["id"]
		assert _shape(back) == _shape(x.fields), e["id"]
		assert any(f.present for f in scalar_fields(back).values())


def _answer(truth: dict, doc_class: str) -> dict:
	if doc_class == "supplier_invoice":
		return {
			"supplier_name": truth["supplier_name"],
			"invoice_number": truth["invoice_number"],
			"total_ttc": float(truth["total_ttc"]),
			"total_ht": float(truth["total_ht"]),
		}
	if doc_class == "utility_bill":
		return {"amount_due": float(truth["amount_due"]), "contract_number": truth["contract_number"]}
	return {"rib": truth["rib"], "closing_balance": float(truth["closing_balance"])}


def test_retry_runs_only_the_llm_and_equals_a_first_read_with_the_llm_up(corpus, monkeypatch):
	for e in corpus:
		data = Path(e["digital"]).read_bytes()
		truth = json.loads(Path(e["truth"]).read_text())
		down = IntakeConfig(ollama_host=f"http://127.0.0.1:{closed_port()}", ollama_timeout=3)
		first = pipeline.process(data, "doc.pdf", down)
		assert first.llm_status == "unavailable" and first.needs_review, e["id"]
		stored = json.loads(json.dumps(first.as_dict()))
		text = stored.pop("text")
		answer = _answer(truth, first.doc_class)
		missing = [  # a text field the rules did not find: the LLM's value must come in
			k
			for k in (
				"patente",
				"rc",
				"tax_id",
				"customer_ice",
				"reference",
				"reading_type",
				"account_holder",
			)
			if k in first.rule_fields and not first.rule_fields[k]["value"]
		]
		if missing:
			answer[missing[0]] = "LU-PAR-LE-MODELE"
		with FakeOllama(answer) as srv:
			up = IntakeConfig(ollama_host=srv.url, ollama_timeout=5)
			reference = pipeline.process(data, "doc.pdf", up)  # a first read with Ollama up
			with monkeypatch.context() as m:

				def no_reading(*a, **k):
					raise AssertionError("the retry must not read the file again")

				m.setattr(pipeline, "read_document", no_reading)
				m.setattr(pipeline, "inspect_file", no_reading)
				retried = pipeline.retry_llm(stored, text, up)
			assert (
				len(srv.requests) == 2
				and srv.requests[1]["body"]["messages"] == (srv.requests[0]["body"]["messages"])
			)
		assert retried is not None and retried.llm_status == "ok", e["id"]
		assert retried.fields == reference.fields, e["id"]
		assert retried.issues == reference.issues and retried.review_fields == reference.review_fields
		assert retried.needs_review == reference.needs_review
		assert retried.rule_fields == first.rule_fields and retried.text == first.text
		assert retried.timings["read"] == first.timings["read"] and retried.timings["llm_retried"]
		sources = {v["source"] for v in retried.fields.values() if isinstance(v, dict) and "source" in v}
		assert "both" in sources, e["id"]  # the answer was merged, not ignored
		if missing:
			assert retried.fields[missing[0]] == {
				"value": "LU-PAR-LE-MODELE",
				"confidence": 0.6,
				"source": "llm",
				"alternative": None,
			}
			assert first.fields[missing[0]]["value"] is None


def test_retry_with_ollama_still_down_stays_rule_only(tmp_path):
	import random

	from tests.corpus import utility

	truth = utility.make(random.Random("retry-down"), 1)
	path = tmp_path / "bill.pdf"
	utility.draw(truth, path)
	down = IntakeConfig(ollama_host=f"http://127.0.0.1:{closed_port()}", ollama_timeout=3)
	first = pipeline.process(path.read_bytes(), "bill.pdf", down).as_dict()
	text = first.pop("text")
	again = pipeline.retry_llm(first, text, down)
	assert again.llm_status == "unavailable" and again.needs_review
	assert again.fields == first["fields"]


def test_without_stored_rule_fields_the_caller_must_read_again():
	stored = {"status": "extracted", "doc_class": "supplier_invoice", "fields": {}, "timings": {}}
	assert pipeline.retry_llm(stored, "FACTURE N° 12") is None  # an older document
	assert pipeline.retry_llm({**stored, "rule_fields": {"total_ttc": {}}}, "") is None  # no text
	assert pipeline.retry_llm({**stored, "doc_class": "other", "rule_fields": {"x": 1}}, "texte") is None
	assert pipeline.retry_llm({**stored, "rule_fields": {"total_ttc": {"value": "abc"}}}, "t") is None

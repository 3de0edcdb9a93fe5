"""The market corpus (tests/corpus/market): layout families and lexicons split in code, fixed
seed; the rules read the tuning part whole and keep their precision on the held-out part."""

import json
import random
from pathlib import Path

from syndic_maroc.core.intake.extract import extract_pages
from syndic_maroc.intake.reading.config import IntakeConfig
from syndic_maroc.intake.reading.reader import read_document

from tests.corpus.evaluate import Report, predicted_dict, score
from tests.corpus.market import invoices, lexicon
from tests.corpus.market.generate import generate


def test_split_is_disjoint():
	assert not set(invoices.TUNING_FAMILIES) & set(invoices.HELDOUT_FAMILIES)
	for key in set(lexicon.TUNING) & set(lexicon.HELDOUT):
		assert not set(lexicon.TUNING[key]) & set(lexicon.HELDOUT[key]), key
	for family in invoices.HELDOUT_FAMILIES:
		t = invoices.make(random.Random(1), family)
		assert set(t["_labels"].values()) <= {v for vs in lexicon.HELDOUT.values() for v in vs}


def test_generation_is_deterministic(tmp_path):
	a = generate(tmp_path / "a", per_family=1, parts=("heldout",))
	b = generate(tmp_path / "b", per_family=1, parts=("heldout",))
	assert [Path(e["truth"]).read_text() for e in a] == [Path(e["truth"]).read_text() for e in b]


def _report(manifest):
	rep = Report()
	for e in manifest:
		data = Path(e["digital"]).read_bytes()
		x = extract_pages(read_document(data, e["digital"], IntakeConfig()).pages)
		score(e["id"], json.loads(Path(e["truth"]).read_text()), predicted_dict(x.fields), rep, x.doc_class)
	return rep.total()


def test_digital_tuning_read_whole_heldout_precise(tmp_path):
	m = generate(tmp_path, per_family=2)
	tuning = _report([e for e in m if e["part"] == "tuning"])
	heldout = _report([e for e in m if e["part"] == "heldout"])
	assert tuning.f1 >= 0.98 and tuning.precision >= 0.99
	assert heldout.precision >= 0.97  # a wrong value is worse than an empty one

"""The LLM path sees the words with their positions (issue 15), through a local server that
speaks Ollama's /api/chat (tests/core/test_intake_llm.FakeOllama)."""

import re

from syndic_maroc.intake.reading.config import IntakeConfig
from syndic_maroc.intake.reading.pipeline import process

from tests.core.test_intake_llm import FakeOllama

from .probe_docs import probe_invoice_pdf


def test_model_gets_cells_with_page_y_and_x():
	with FakeOllama({"invoice_number": "PROBE-FA-2026-0042", "total_ttc": 1200.0}) as srv:
		r = process(probe_invoice_pdf(), "p.pdf", IntakeConfig(ollama_host=srv.url, ollama_timeout=5))
	assert r.llm_status == "ok"
	user = srv.requests[0]["body"]["messages"][-1]["content"]
	assert re.search(r"^p1 y\d+ \| x\d+ Facture N° PROBE-FA-2026-0042$", user, re.M)
	assert re.search(r"^p1 y\d+ \| x380 Total TTC \| x\d+ 1 200,00$", user, re.M)
	assert r.fields["invoice_number"]["source"] == "both"
	assert "Facture N° PROBE-FA-2026-0042" in r.text  # the stored text stays plain

"""Issue 15's probe on a real site: the plain digital invoice ("Facture N° PROBE-FA-2026-0042",
invoice date 10/11/2026, due date 10/12/2026) uploaded as the desk does, read by the real job:
the number is read, the due date is no anomaly, and the confidence is that of the booked fields
(not 0 %). Fixtures from test_intake (a committed résidence, the job run synchronously)."""

from pathlib import Path

import pytest

from tests.core.intake.probe_docs import probe_invoice_pdf
from tests.site.intake.test_intake import _with_ollama, read, res, sync, upload

pytestmark = pytest.mark.site


def test_probe_invoice_uploaded_is_read_with_its_number_and_a_real_confidence(sync, res, monkeypatch):  # noqa: F811
	frappe = sync
	_with_ollama(monkeypatch, "")  # no language model configured: the rules alone
	name = upload(frappe, Path("probe.pdf"), res.name, content=probe_invoice_pdf())
	doc = read(frappe, name)
	assert doc.doc_class == "Supplier Invoice"
	assert doc.invoice_number == "PROBE-FA-2026-0042"
	assert str(doc.invoice_date) == "2026-11-10" and str(doc.due_date) == "2026-12-10"
	assert float(doc.total_ttc) == 1200.0
	assert doc.confidence >= 80
	review = (doc.review_fields or "").split(", ")
	assert "invoice_number" not in review and "due_date" not in review
	assert not doc.validation_issues or "10/12/2026" not in doc.validation_issues

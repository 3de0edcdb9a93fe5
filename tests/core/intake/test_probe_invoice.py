"""Issue 15's probe, end to end through the pipeline: a plain digital invoice read on
2 December 2026 with a due date of 10 December 2026 is clean, not To Review at 0 %."""

from datetime import date

from syndic_maroc.core.intake import review
from syndic_maroc.intake.reading.pipeline import process

from .probe_docs import probe_invoice_pdf

READ_ON = date(2026, 12, 2)


def _value(result, name):
	return (result.fields.get(name) or {}).get("value")


def test_probe_invoice_is_read_whole_and_clean():
	r = process(probe_invoice_pdf(), "probe.pdf", today=READ_ON)
	assert r.status == "extracted" and r.doc_class == "supplier_invoice"
	assert _value(r, "invoice_number") == "PROBE-FA-2026-0042"
	assert _value(r, "invoice_date") == "2026-11-10"
	assert _value(r, "due_date") == "2026-12-10"
	assert (_value(r, "total_ht"), _value(r, "total_tva"), _value(r, "total_ttc")) == (
		"1000.00",
		"200.00",
		"1200.00",
	)
	assert r.issues == []  # a due date after today is what a due date is
	assert r.review_fields == [] and not r.needs_review
	assert review.overall_confidence(r.doc_class, r.fields) >= 0.8


def test_probe_with_invoice_date_after_today_is_flagged():
	r = process(
		probe_invoice_pdf(invoice_date="10/12/2026", due_date="10/01/2027"),
		"p.pdf",
		today=READ_ON,
	)
	assert [i["code"] for i in r.issues] == ["date_future"]
	assert r.issues[0]["field"] == "invoice_date" and r.needs_review


def test_probe_other_number_shapes_are_read():
	for number in ("2026/0042", "FAC-26-118", "A12-7788", "INV2026.031"):
		r = process(probe_invoice_pdf(number=number), "p.pdf", today=READ_ON)
		assert _value(r, "invoice_number") == number, number

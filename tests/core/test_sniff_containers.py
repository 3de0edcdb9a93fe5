"""A ZIP whose first entry is a stored PDF is a ZIP, not a PDF (issue 10): the PDF header shows in
its first bytes, but the archive's signature comes first."""

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.intake.errors import IntakeError
from syndic_maroc.core.intake.sniff import CONTAINERS, PDF, check_bytes, sniff

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _zip_with_stored_pdf() -> bytes:
	out = io.BytesIO()
	with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as z:
		z.writestr("facture.pdf", PDF_BYTES)
		z.writestr("autre.txt", b"x")
	return out.getvalue()


def test_a_zip_whose_first_entry_is_a_stored_pdf_is_not_read_as_a_pdf():
	data = _zip_with_stored_pdf()
	assert b"%PDF-" in data[:1024]
	assert sniff(data[:2048]) is None
	try:
		check_bytes(data, "facture.pdf")
	except IntakeError as e:
		assert e.code == "extension_mismatch"
	else:
		raise AssertionError("a ZIP named .pdf was accepted")


@given(st.sampled_from(CONTAINERS), st.binary(max_size=200))
def test_no_container_is_a_pdf(signature, filler):
	assert sniff((signature + filler + PDF_BYTES)[:2048]) != PDF


@given(st.binary(max_size=900).filter(lambda b: not b.startswith(CONTAINERS) and b"%PDF-" not in b))
def test_a_pdf_after_some_junk_is_still_a_pdf(junk):
	# PDF readers accept junk before the header (up to 1 KB)
	assert sniff((junk + PDF_BYTES)[:2048]) == PDF

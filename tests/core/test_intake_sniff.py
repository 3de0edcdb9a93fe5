"""File type from content, size limits (pure part of the safety checks)."""

import pytest
from syndic_maroc.core.intake.errors import IntakeError
from syndic_maroc.core.intake.sniff import HEIC, JPEG, PDF, PNG, TIFF, Limits, check_bytes, sniff


@pytest.mark.parametrize(
	"head, kind",
	[
		(b"%PDF-1.7\n", PDF),
		(b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
		(b"\x89PNG\r\n\x1a\n\x00", PNG),
		(b"II*\x00\x08\x00", TIFF),
		(b"MM\x00*\x00\x00", TIFF),
		(b"\x00\x00\x00\x18ftypheic\x00\x00", HEIC),
		(b"MZ\x90\x00", None),
		(b"GIF89a", None),
	],
)
def test_sniff(head, kind):
	assert sniff(head) == kind


def test_exe_renamed_pdf_is_refused_with_a_clear_reason():
	with pytest.raises(IntakeError) as e:
		check_bytes(b"MZ\x90\x00\x03" + b"\x00" * 200, "facture.pdf")
	assert e.value.code == "extension_mismatch"
	assert "exécutable" in str(e.value) and "facture.pdf" in str(e.value)


def test_empty_and_huge_files():
	with pytest.raises(IntakeError) as e:
		check_bytes(b"", "x.pdf")
	assert e.value.code == "empty"
	huge = b"%PDF-1.4\n" + b"0" * (26 * 1024 * 1024)
	with pytest.raises(IntakeError) as e:
		check_bytes(huge, "big.pdf")
	assert e.value.code == "too_large" and "25.0 MB" in str(e.value)
	with pytest.raises(IntakeError):
		check_bytes(b"%PDF-1.4\n" + b"0" * 2000, "x.pdf", Limits(max_bytes=1000))


def test_messages_are_english_templates_with_named_parameters():
	e = IntakeError("too_many_pages", pages=80, limit=50)
	assert e.message == "The document has {pages} pages, above the limit of {limit} pages."
	assert str(e) == "The document has 80 pages, above the limit of 50 pages."
	assert e.translated(lambda s: s.replace("The document", "الوثيقة")).startswith("الوثيقة")

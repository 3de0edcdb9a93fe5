"""Hostile and broken files: each is refused with a typed error and a French reason, and the
pipeline returns status "failed" instead of raising."""

import io
import struct
import zlib

import pytest

pytest.importorskip("pypdfium2", reason="pypdfium2 (requirements-intake.txt) is needed to open PDFs")
PIL = pytest.importorskip("PIL", reason="Pillow (requirements-intake.txt) is needed to open images")

from PIL import Image
from syndic_maroc.core.intake.errors import IntakeError
from syndic_maroc.core.intake.sniff import Limits
from syndic_maroc.intake.reading.pipeline import process
from syndic_maroc.utils.files import inspect_file


def pdf_bytes(pages: int = 1, text: str = "Facture") -> bytes:
	pytest.importorskip("reportlab", reason="reportlab (requirements-intake.txt) builds test PDFs")
	from reportlab.pdfgen import canvas

	buf = io.BytesIO()
	c = canvas.Canvas(buf, invariant=1)
	for i in range(pages):
		c.drawString(72, 720, f"{text} page {i + 1}")
		c.showPage()
	c.save()
	return buf.getvalue()


def refused(data: bytes, filename: str = "x.pdf", limits: Limits | None = None) -> IntakeError:
	with pytest.raises(IntakeError) as e:
		inspect_file(data, filename, limits or Limits())
	return e.value


def test_good_pdf():
	info = inspect_file(pdf_bytes(2), "ok.pdf")
	assert (info.kind, info.pages, len(info.sha256)) == ("pdf", 2, 64)


def test_corrupt_pdf():
	good = pdf_bytes()
	for data in (b"%PDF-1.4\n" + b"\x00garbage" * 50, good[: len(good) // 3]):
		e = refused(data)
		assert e.code == "corrupt_pdf" and "unreadable" in str(e)
		r = process(data, "x.pdf")
		assert r.status == "failed" and r.error_code == "corrupt_pdf" and r.error


def test_encrypted_pdf():
	pypdf = pytest.importorskip("pypdf", reason="pypdf (requirements-intake.txt) encrypts the test PDF")
	reader = pypdf.PdfReader(io.BytesIO(pdf_bytes()))
	writer = pypdf.PdfWriter()
	for p in reader.pages:
		writer.add_page(p)
	writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
	buf = io.BytesIO()
	writer.write(buf)
	e = refused(buf.getvalue())
	assert e.code == "encrypted_pdf" and "password" in str(e)
	r = process(buf.getvalue(), "releve.pdf")
	assert r.status == "failed" and r.error_code == "encrypted_pdf"


def test_pdf_with_owner_password_only_is_readable():
	# Banks often send statements that are "protected" against editing but open without a password.
	pypdf = pytest.importorskip("pypdf", reason="pypdf (requirements-intake.txt) encrypts the test PDF")
	writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_bytes())))
	writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
	buf = io.BytesIO()
	writer.write(buf)
	assert inspect_file(buf.getvalue(), "releve.pdf").pages == 1


def test_too_many_pages():
	e = refused(pdf_bytes(3), limits=Limits(max_pages=2))
	assert e.code == "too_many_pages" and "3 pages" in str(e)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
	return (
		struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
	)


def test_png_decompression_bomb_header():
	# 100 000 × 100 000 pixels announced, a few bytes of data: refused from the header alone.
	ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
	bomb = (
		b"\x89PNG\r\n\x1a\n"
		+ _png_chunk(b"IHDR", ihdr)
		+ _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
		+ _png_chunk(b"IEND", b"")
	)
	e = refused(bomb, "photo.png")
	assert e.code == "image_too_large" and "decompression" in str(e)
	assert process(bomb, "photo.png").error_code == "image_too_large"


def test_png_bomb_that_really_inflates():
	# 4 000 × 4 000 blank pixels compress to a few kB; a 10 Mpx budget refuses them before decoding.
	buf = io.BytesIO()
	Image.new("L", (4000, 4000), 255).save(buf, "PNG", optimize=True)
	assert len(buf.getvalue()) < 100_000
	e = refused(buf.getvalue(), "scan.png", Limits(max_pixels=10_000_000))
	assert e.code == "image_too_large" and "16.0 megapixels" in str(e)


def test_truncated_image():
	buf = io.BytesIO()
	Image.new("L", (800, 600), 128).save(buf, "JPEG")
	e = refused(buf.getvalue()[:300], "scan.jpg")
	assert e.code == "corrupt_image"


def test_exe_renamed_pdf_and_heic():
	assert refused(b"MZ\x90\x00" + b"\x00" * 100, "facture.pdf").code == "extension_mismatch"
	heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
	from syndic_maroc.utils.files import heic_supported

	if not heic_supported():
		e = refused(heic, "IMG_0001.HEIC")
		assert e.code == "heic_unsupported" and "JPEG" in str(e)


def test_multipage_tiff():
	buf = io.BytesIO()
	frames = [Image.new("L", (300, 400), 255) for _ in range(3)]
	frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
	info = inspect_file(buf.getvalue(), "scan.tif")
	assert (info.kind, info.pages) == ("tiff", 3)


def test_pipeline_never_raises_on_random_bytes():
	import random

	rng = random.Random(4)
	for head in (b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00", b""):
		data = head + bytes(rng.randrange(256) for _ in range(2000))
		r = process(data, "f.bin")
		assert r.status == "failed" and r.error, (head, r)

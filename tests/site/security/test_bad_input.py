"""Inputs that ended in unhandled 500s (issue 10) get a clear 4xx over real HTTP: a zero-byte
upload, an image whose header declares billions of pixels, a statement PDF without dates; a
normal upload still goes through."""

import io

import pytest

pytestmark = pytest.mark.site


def _jpeg(width: int, height: int) -> bytes:
	"""A small real JPEG whose header (SOF0) is rewritten to declare width × height."""
	from PIL import Image

	out = io.BytesIO()
	Image.new("RGB", (16, 16), "white").save(out, "JPEG")
	data = bytearray(out.getvalue())
	sof = data.find(b"\xff\xc0")
	data[sof + 5 : sof + 7] = height.to_bytes(2, "big")
	data[sof + 7 : sof + 9] = width.to_bytes(2, "big")
	return bytes(data)


def _upload(client, name: str, data: bytes):
	r = client.http.post(
		f"{client.base}/api/method/upload_file",
		files={"file": (name, data)},
		data={"is_private": "1"},
		headers={"Accept": "application/json"},
		timeout=60,
	)
	from tests.site.security.conftest import assert_no_traceback

	assert_no_traceback(r)
	return r


def _message(r) -> str:
	return r.json().get("_server_messages", "")


def test_a_zero_byte_upload_is_refused_clearly(clients):
	r = _upload(clients["acc"], "vide.pdf", b"")
	assert r.status_code == 417, r.text[:300]
	assert _message(r)


def test_an_image_declaring_too_many_pixels_is_refused_clearly(clients):
	"""60,000 × 60,000 declared (3.6 Gpx) in a 600-byte file: the decompression-bomb guard of the
	intake answers (utils.files.open_image), not Pillow's DecompressionBombError."""
	r = _upload(clients["acc"], "bombe.jpg", _jpeg(60000, 60000))
	assert r.status_code == 417, r.text[:300]
	assert "DecompressionBomb" not in r.text and _message(r)


def test_a_normal_image_still_uploads(clients, site):
	r = _upload(clients["acc"], "photo.jpg", _jpeg(16, 16))
	assert r.status_code == 200, r.text[:300]
	name = r.json()["message"]["name"]
	site.delete_doc("File", name, force=True, ignore_permissions=True)
	site.db.commit()


def test_a_statement_pdf_without_dates_is_a_clear_error(clients, parties):
	acc = clients["acc"]
	r = acc.call(
		"syndic_maroc.api.statements.statement_pdf",
		residence=parties["acc"].residence,
		co_owner=parties["a"].co_owner,
	)
	assert r.status_code == 417, r.text[:300]
	assert "from_date" in _message(r)
	r = acc.call(
		"syndic_maroc.api.statements.statement_pdf",
		residence=parties["acc"].residence,
		co_owner=parties["a"].co_owner,
		from_date="",
		to_date="not a date",
	)
	assert 400 <= r.status_code < 500, r.text[:300]


XSS = '<img src=x onerror="alert(1)">'


def test_the_portal_prints_what_it_shows_as_text(clients, parties, site):
	"""HTML in a stored name (it survives Frappe's cleaning) and in a typed report date is shown
	escaped, never rendered."""
	a = clients["a"]
	original = site.db.get_value("Co-owner", parties["a"].co_owner, "full_name")
	site.db.set_value("Co-owner", parties["a"].co_owner, "full_name", f"Sec {XSS}", update_modified=False)
	site.db.commit()
	try:
		r = a.get("/mon-espace")
		assert r.status_code == 200
		assert XSS not in r.text and "&lt;img src=x" in r.text
	finally:
		site.db.set_value("Co-owner", parties["a"].co_owner, "full_name", original, update_modified=False)
		site.db.commit()
	r = a.get("/mon-releve", residence=parties["a"].residence, from_date=f"2026-01-01{XSS}")
	assert r.status_code == 200
	assert XSS not in r.text

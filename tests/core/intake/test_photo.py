"""Phone photos (issue 15): the sheet found on its background and flattened, the light evened,
the resolution estimated, any orientation; then read by Tesseract like a scan."""

import json
import random
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from syndic_maroc.core.intake.extract import extract_pages
from syndic_maroc.intake.reading.config import IntakeConfig
from syndic_maroc.intake.reading.imaging import page_quad, unphoto
from syndic_maroc.intake.reading.reader import read_document

from tests.corpus.market.generate import generate
from tests.corpus.market.photo import photograph


def test_sheet_found_on_a_table_and_a_scan_left_alone():
	img = Image.new("L", (1000, 1400), 70)
	ImageDraw.Draw(img).polygon([(120, 90), (880, 130), (860, 1310), (100, 1280)], fill=235)
	quad = page_quad(img)
	for (x, y), (ex, ey) in zip(quad, [(120, 90), (880, 130), (860, 1310), (100, 1280)], strict=True):
		assert abs(x - ex) < 15 and abs(y - ey) < 15
	flat, dpi = unphoto(img, None)
	assert 100 <= dpi <= 400 and flat.size[0] < 1000
	scan = Image.new("L", (1654, 2339), 245)
	ImageDraw.Draw(scan).text((200, 200), "FACTURE", fill=0)
	assert page_quad(scan) is None
	assert unphoto(scan, 200.0) == (scan, 200.0)


@pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract is not installed")
@pytest.mark.parametrize("rotation", [90, 180])
def test_rotated_photo_of_an_invoice_is_read(tmp_path, rotation):
	(e,) = generate(tmp_path, per_family=1, parts=("tuning",))[:1]
	truth = json.loads(open(e["truth"]).read())
	photo = photograph(
		Path(e["digital"]),
		random.Random(rotation),
		tmp_path / "photo.jpg",
		rotation=rotation,
	)
	assert "dpi" not in Image.open(photo).info
	reading = read_document(photo.read_bytes(), "photo.jpg", IntakeConfig(ocr_engine="tesseract"))
	x = extract_pages(reading.pages)
	assert x.doc_class == "supplier_invoice"
	assert str(x.fields.total_ttc.value) == truth["total_ttc"]
	assert x.fields.invoice_number.value == truth["invoice_number"]

"""Reading layer: engine choice and fallbacks, text-layer heuristic, mixed PDFs, QR codes."""

import importlib.util
import io
import shutil

import pytest
from syndic_maroc.core.intake.model import Page, Word
from syndic_maroc.intake.reading.config import IntakeConfig
from syndic_maroc.intake.reading.doctr_engine import DoctrEngine
from syndic_maroc.intake.reading.textlayer import usable


def test_doctr_reports_why_it_is_unavailable(tmp_path):
	engine = DoctrEngine(weights_dir=str(tmp_path))
	assert not engine.available()
	if importlib.util.find_spec("torch") is None or importlib.util.find_spec("doctr") is None:
		assert "n'est pas installé" in engine.unavailable_reason
	else:
		assert "poids docTR absents" in engine.unavailable_reason


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_auto_engine_falls_back_to_tesseract_with_a_note(tmp_path):
	from syndic_maroc.intake.reading.reader import ocr_engine
	from syndic_maroc.intake.reading.tesseract import TesseractEngine

	notes = []
	engine = ocr_engine(IntakeConfig(ocr_engine="auto", doctr_weights_dir=str(tmp_path)), notes)
	assert isinstance(engine, TesseractEngine)
	assert notes and notes[0].startswith("docTR indisponible")


def test_usable_text_layer_heuristic():
	words = [
		Word(t, i * 30, 10, i * 30 + 25, 20)
		for i, t in enumerate("Facture N° 12 du 02/02/2024 Total TTC 1 200,00 DH".split())
	]
	assert usable(Page(1, 595, 842, words))
	assert not usable(Page(1, 595, 842, words[:3]))
	garbage = [Word("\u25a1\u25a1\u25a1\u25a1", i * 30, 10, i * 30 + 25, 20) for i in range(30)]
	assert not usable(Page(1, 595, 842, garbage))


def _two_page_pdf_with_a_scanned_annex() -> bytes:
	pytest.importorskip("reportlab", reason="reportlab (requirements-intake.txt) builds the test PDF")
	import pypdfium2 as pdfium
	from PIL import Image, ImageDraw, ImageFont
	from reportlab.lib.utils import ImageReader
	from reportlab.pdfgen import canvas

	img = Image.new("L", (1654, 2339), 255)
	draw = ImageDraw.Draw(img)
	try:
		font = ImageFont.truetype("DejaVuSans.ttf", 40)
	except OSError:
		font = ImageFont.load_default(size=40)
	draw.text((150, 300), "ANNEXE SCANNEE : Net a payer 414,31", fill=0, font=font)
	buf = io.BytesIO()
	c = canvas.Canvas(buf, invariant=1)
	c.drawString(72, 760, "Facture N 2024-0042 du 02/02/2024, fournisseur ATLAS ASCENSEURS SARL")
	c.drawString(72, 740, "Total HT 1 000,00   TVA 20 % 200,00   Total TTC 1 200,00 DH")
	c.showPage()
	c.drawImage(ImageReader(img), 0, 0, 595, 842)
	c.showPage()
	c.save()
	assert len(pdfium.PdfDocument(buf.getvalue())) == 2
	return buf.getvalue()


@pytest.mark.ocr
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_mixed_pdf_reads_each_page_its_own_way():
	from syndic_maroc.intake.reading.reader import read_document

	r = read_document(_two_page_pdf_with_a_scanned_annex(), "mixed.pdf", IntakeConfig(ocr_engine="tesseract"))
	assert r.engines == ["text", "tesseract"] and r.engine == "tesseract+text"
	assert any("414,31" in w.text for w in r.pages[1].words)

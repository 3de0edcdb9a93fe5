"""docTR really executed (python-doctr 1.x on torch, CPU here), and the fallback to Tesseract.

No trained docTR weights can be had offline, so the inference tests build the product's networks
with random weights: the page structure (words, boxes, confidences, page size, batching, page
numbers) does not depend on weight values. They need torch + torchvision + python-doctr
(requirements-doctr.txt, in their own venv: `.venv-doctr/bin/python -m pytest
tests/core/test_intake_doctr.py`) and are skipped elsewhere. The fallback tests run everywhere:
no weights, docTR not importable, a broken checkpoint or a failure during reading all end with
Tesseract reading the page and a note saying why.
"""

import importlib.util
import io
import random
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
	sys.path.insert(0, str(REPO))

for _mod in ("reportlab", "pypdfium2", "PIL"):
	pytest.importorskip(_mod, reason=f"{_mod} (requirements-intake.txt) is needed for the intake corpus")

from syndic_maroc.core.intake.extract import extract_pages
from syndic_maroc.intake.reading import doctr_engine
from syndic_maroc.intake.reading import reader as reading
from syndic_maroc.intake.reading.config import IntakeConfig
from syndic_maroc.intake.reading.doctr_engine import DoctrEngine
from syndic_maroc.intake.reading.imaging import image_pages
from syndic_maroc.intake.reading.reader import read_document

from tests.corpus import invoices
from tests.corpus.generate import degrade

MISSING = [m for m in ("torch", "torchvision", "doctr") if importlib.util.find_spec(m) is None]
needs_doctr = pytest.mark.skipif(
	bool(MISSING),
	reason=f"{', '.join(MISSING)} not installed: docTR runs in its own venv "
	"(requirements-doctr.txt; .venv-doctr/bin/python -m pytest tests/core/test_intake_doctr.py)",
)
needs_tesseract = pytest.mark.skipif(
	shutil.which("tesseract") is None, reason="tesseract is not installed (the CPU fallback)"
)
DET, RECO = "db_mobilenet_v3_large", "crnn_mobilenet_v3_small"  # the fast pair: quick tests


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> bytes:
	"""A degraded 200 dpi scan (PNG) of a generated supplier invoice."""
	tmp = tmp_path_factory.mktemp("doctr")
	truth = invoices.make(random.Random("doctr-test"), 0)
	invoices.draw(truth, tmp / "inv.pdf")
	return degrade(tmp / "inv.pdf", random.Random(5), tmp / "inv_scan", "png").read_bytes()


@pytest.fixture(autouse=True)
def fresh_engines():
	reading._ENGINES.clear()  # engines are cached per process: each test builds its own
	yield
	reading._ENGINES.clear()


def _random_weights(tmp_path: Path, names: dict[str, str]) -> Path:
	"""State dicts of untrained networks saved as docTR saves its own (torch.save(state_dict))."""
	import torch

	models = doctr_engine._import_doctr()
	torch.manual_seed(0)
	for arch, filename in names.items():
		module = models.detection if arch == DET else models.recognition
		net = getattr(module, arch)(pretrained=False, pretrained_backbone=False)
		torch.save(net.state_dict(), tmp_path / filename)
	return tmp_path


# --- real docTR inference ----------------------------------------------------------------------


@needs_doctr
def test_engine_reads_batched_pages_into_the_pipeline_page_structure(scan):
	import torch

	torch.manual_seed(0)
	img = image_pages(scan)[0][0]  # greyscale, as the pipeline renders scans
	small = img.resize((img.width // 2, img.height // 2))
	engine = DoctrEngine(DET, RECO, batch_size=2, random_weights=True)
	assert engine.available(), engine.unavailable_reason
	assert engine.resolved_device() == ("cuda" if torch.cuda.is_available() else "cpu")
	pages = engine.read_pages([img, small, img], numbers=[2, 5, 9])  # two batches: 2 + 1

	assert [p.number for p in pages] == [2, 5, 9]
	assert [(p.width, p.height) for p in pages] == [img.size, small.size, img.size]
	assert {p.source for p in pages} == {"doctr"}
	for p in pages:
		assert p.words, "an untrained detector still finds blobs: the structure must be filled"
		for w in p.words:
			assert isinstance(w.text, str) and w.text.strip()
			assert 0 <= w.x0 <= w.x1 <= p.width + 1 and 0 <= w.y0 <= w.y1 <= p.height + 1
			assert 0.0 <= w.conf <= 1.0
	# the same image gives the same words in the first and the last batch: boxes in pixels
	assert [(w.text, round(w.x0), round(w.y1)) for w in pages[0].words] == [
		(w.text, round(w.x0), round(w.y1)) for w in pages[2].words
	]
	extract_pages(pages)  # the rules accept what docTR gives


@needs_doctr
def test_weights_from_the_local_directory_are_loaded_and_used_by_the_pipeline(scan, tmp_path):
	import torch

	# docTR's cache names (<arch>-<hash>.pt) are accepted as they are
	weights = _random_weights(tmp_path, {DET: f"{DET}-21748dd0.pt", RECO: f"{RECO}.pt"})
	cfg = IntakeConfig(
		ocr_engine="auto", doctr_det_arch=DET, doctr_reco_arch=RECO, doctr_weights_dir=str(weights)
	)
	engine = reading.doctr_engine(cfg)
	assert engine.weights() == (weights / f"{DET}-21748dd0.pt", weights / f"{RECO}.pt")
	assert engine.available(), engine.unavailable_reason
	saved = torch.load(weights / f"{DET}-21748dd0.pt")
	loaded = engine._predictor.det_predictor.model.state_dict()
	assert all(torch.equal(saved[k], loaded[k].cpu().to(saved[k].dtype)) for k in saved)

	r = read_document(scan, "scan.png", cfg)
	assert r.engines == ["doctr"] and r.engine == "doctr" and not r.notes
	assert r.pages[0].source == "doctr" and r.pages[0].words
	assert r.pages[0].width == image_pages(scan)[0][0].width


@needs_doctr
def test_a_checkpoint_of_another_architecture_makes_docTR_unavailable(tmp_path):
	weights = _random_weights(tmp_path, {RECO: f"{RECO}.pt"})
	(weights / f"{DET}.pt").write_bytes((weights / f"{RECO}.pt").read_bytes())  # wrong network
	engine = DoctrEngine(DET, RECO, str(weights))
	assert not engine.available()
	assert engine.unavailable_reason.startswith("chargement de docTR impossible")
	assert not engine.available() and engine._predictor is None  # not tried again on every page


# --- the fallback to Tesseract (runs without torch) -------------------------------------------


def test_no_weights_no_docTR_and_never_random_weights(tmp_path):
	empty = DoctrEngine("db_resnet50", "crnn_vgg16_bn", str(tmp_path))
	assert not empty.available() and empty._predictor is None
	none = DoctrEngine("db_resnet50", "crnn_vgg16_bn", None)
	assert not none.available()
	if not MISSING:
		assert "poids docTR absents" in empty.unavailable_reason
		assert "db_resnet50.pt" in empty.unavailable_reason and "crnn_vgg16_bn.pt" in empty.unavailable_reason
		assert "aucun dossier configuré" in none.unavailable_reason
	else:
		assert "n'est pas installé" in empty.unavailable_reason
	# the configuration cannot ask for untrained networks
	assert not any("random" in name for name in IntakeConfig.__dataclass_fields__)


@needs_tesseract
def test_missing_weights_directory_falls_back_to_tesseract(scan, tmp_path):
	cfg = IntakeConfig(ocr_engine="auto", doctr_weights_dir=str(tmp_path / "empty"))
	r = read_document(scan, "scan.png", cfg)
	assert r.engines == ["tesseract"] and len(r.pages[0].words) > 50
	assert len(r.notes) == 1 and r.notes[0].startswith("docTR indisponible (")
	assert r.notes[0].endswith(": Tesseract utilisé")


@needs_tesseract
def test_docTR_not_importable_falls_back_to_tesseract(scan, tmp_path, monkeypatch):
	(tmp_path / "db_resnet50.pt").write_bytes(b"x")
	(tmp_path / "crnn_vgg16_bn.pt").write_bytes(b"x")
	# torch and torchvision present (whether or not they are here), python-doctr missing
	monkeypatch.setattr(
		doctr_engine.importlib.util, "find_spec", lambda name, *a: None if name == "doctr" else object()
	)
	cfg = IntakeConfig(ocr_engine="doctr", doctr_weights_dir=str(tmp_path))
	r = read_document(scan, "scan.png", cfg)
	assert r.engines == ["tesseract"]
	assert r.notes == ["docTR indisponible (doctr n'est pas installé) : Tesseract utilisé"]


@needs_tesseract
def test_a_corrupt_checkpoint_falls_back_to_tesseract(scan, tmp_path):
	(tmp_path / "db_resnet50.pt").write_bytes(b"not a checkpoint")
	(tmp_path / "crnn_vgg16_bn.pt").write_bytes(b"not a checkpoint")
	r = read_document(scan, "scan.png", IntakeConfig(doctr_weights_dir=str(tmp_path)))
	assert r.engines == ["tesseract"] and r.pages[0].words
	reason = "chargement de docTR impossible" if not MISSING else "n'est pas installé"
	assert reason in r.notes[0]


@needs_tesseract
def test_a_docTR_failure_while_reading_hands_the_pages_to_tesseract(scan, monkeypatch):
	cfg = IntakeConfig(ocr_engine="doctr")
	engine = reading.doctr_engine(cfg)
	engine._predictor = object()  # as if loaded: available() is True

	def out_of_memory(*a, **k):
		raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")

	monkeypatch.setattr(engine, "read_pages", out_of_memory)
	r = read_document(scan, "scan.png", cfg)
	assert r.engines == ["tesseract"] and r.pages[0].words
	assert r.notes[0].startswith("docTR en échec (RuntimeError: CUDA out of memory")


def test_environment_configures_docTR(monkeypatch):
	monkeypatch.setenv("SYNDIC_DOCTR_WEIGHTS", "/srv/doctr")
	monkeypatch.setenv("SYNDIC_DOCTR_DET_ARCH", "fast_base")
	monkeypatch.setenv("SYNDIC_DOCTR_RECO_ARCH", "crnn_mobilenet_v3_small")
	monkeypatch.setenv("SYNDIC_DOCTR_BATCH", "16")
	monkeypatch.setenv("SYNDIC_DOCTR_DEVICE", "cuda:1")
	cfg = IntakeConfig.from_env()
	assert (cfg.doctr_weights_dir, cfg.doctr_det_arch, cfg.doctr_reco_arch) == (
		"/srv/doctr",
		"fast_base",
		"crnn_mobilenet_v3_small",
	)
	assert (cfg.doctr_batch_size, cfg.doctr_device) == (16, "cuda:1")
	engine = reading.doctr_engine(cfg)
	assert (engine.batch_size, engine.device, engine.weights_dir) == (16, "cuda:1", Path("/srv/doctr"))
	assert reading.doctr_engine(cfg) is engine  # one per process: the networks load once


def test_scanned_pdf_pages_go_to_docTR_in_one_call_with_their_numbers(monkeypatch):
	"""Batching across the pages of a document: one read_pages call, every page number kept."""
	from PIL import Image
	from syndic_maroc.core.intake.model import Page, Word

	frames = [Image.new("L", (800, 1100), 255) for _ in range(3)]
	buf = io.BytesIO()
	frames[0].save(buf, "PDF", resolution=200, save_all=True, append_images=frames[1:])
	cfg = IntakeConfig(ocr_engine="doctr", decode_qr=False)
	engine = reading.doctr_engine(cfg)
	engine._predictor = object()
	calls = []

	def read_pages(images, first_number=1, numbers=None):
		calls.append((len(images), numbers))
		return [
			Page(n, img.width, img.height, [Word(f"mot{n}", 1, 1, 9, 9, 0.9)], "doctr")
			for img, n in zip(images, numbers, strict=True)
		]

	monkeypatch.setattr(engine, "read_pages", read_pages)
	r = read_document(buf.getvalue(), "scan.pdf", cfg)
	assert calls == [(3, [1, 2, 3])]
	assert r.engines == ["doctr"] * 3 and [p.words[0].text for p in r.pages] == ["mot1", "mot2", "mot3"]

"""From checked bytes to pages of words: text layer when usable, else OCR (docTR, Tesseract).

Pages are decided one by one: a PDF whose first page is digital and whose annexes are scans
gets the text layer for the first and OCR for the others.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from syndic_maroc.core.intake.errors import IntakeError
from syndic_maroc.core.intake.model import Page
from syndic_maroc.core.intake.sniff import PDF
from syndic_maroc.utils.files import FileInfo, inspect_file, open_pdf

from . import qr
from .config import IntakeConfig
from .doctr_engine import DoctrEngine
from .imaging import image_pages, render_pdf_page, scan_dpi, unphoto
from .tesseract import TesseractEngine
from .textlayer import page_words, usable

QR_DPI = 150


@dataclass
class Reading:
	info: FileInfo
	pages: list[Page]
	engines: list[str]  # per page: "text", "tesseract", "doctr"
	qr_codes: list[str] = field(default_factory=list)
	seconds: float = 0.0
	notes: list[str] = field(default_factory=list)  # e.g. why docTR was not used

	@property
	def engine(self) -> str:
		used = sorted(set(self.engines))
		return "+".join(used) if used else "none"


_ENGINES: dict[tuple, object] = {}


def doctr_engine(config: IntakeConfig) -> DoctrEngine:
	"""The docTR engine of this configuration, one per process (its networks load once)."""
	key = (
		config.doctr_det_arch,
		config.doctr_reco_arch,
		config.doctr_weights_dir,
		config.doctr_allow_download,
		config.doctr_batch_size,
		config.doctr_device,
	)
	engine = _ENGINES.get(key)
	if engine is None:
		engine = _ENGINES[key] = DoctrEngine(
			config.doctr_det_arch,
			config.doctr_reco_arch,
			config.doctr_weights_dir,
			config.doctr_allow_download,
			config.doctr_batch_size,
			config.doctr_device,
		)
	return engine


def tesseract_engine(config: IntakeConfig) -> TesseractEngine:
	tess = TesseractEngine(
		config.tesseract_cmd,
		config.tesseract_lang,
		timeout=config.tesseract_timeout,
		preprocess=config.tesseract_preprocess,
	)
	if not tess.available():
		raise IntakeError("ocr_unavailable")
	return tess


def ocr_engine(config: IntakeConfig, notes: list[str] | None = None):
	"""The OCR engine the configuration asks for: docTR when it is installed with its weights
	("auto" or "doctr"), else Tesseract (CPU fallback)."""
	if config.ocr_engine in ("auto", "doctr"):
		engine = doctr_engine(config)
		if engine.available():
			return engine
		if notes is not None:
			notes.append(f"docTR indisponible ({engine.unavailable_reason}) : Tesseract utilisé")
	return tesseract_engine(config)


def _tesseract(engine: TesseractEngine, images: list[tuple], numbers: list[int], config: IntakeConfig):
	def one(arg):
		(img, dpi), n = arg
		try:
			return engine.read_page(img, dpi, n)
		except IntakeError as e:
			if e.code == "ocr_failed":
				raise IntakeError("ocr_failed", page=n, detail=e.params.get("detail", "")) from e
			raise

	if config.tesseract_workers > 1 and len(images) > 1:
		with ThreadPoolExecutor(config.tesseract_workers) as pool:
			return list(pool.map(one, zip(images, numbers, strict=False)))
	return [one(a) for a in zip(images, numbers, strict=False)]


def _ocr(images: list[tuple], numbers: list[int], config: IntakeConfig, notes: list[str]) -> list[Page]:
	engine = ocr_engine(config, notes)
	if isinstance(engine, DoctrEngine):
		try:  # all the pages of the document in batches of doctr_batch_size
			return engine.read_pages([img for img, _dpi in images], numbers=numbers)
		except Exception as e:  # e.g. CUDA out of memory: the document is still read, by Tesseract
			notes.append(f"docTR en échec ({type(e).__name__}: {str(e)[:120]}) : Tesseract utilisé")
			engine = tesseract_engine(config)
	return _tesseract(engine, images, numbers, config)


def read_document(
	data: bytes, filename: str | None = None, config: IntakeConfig | None = None, info: FileInfo | None = None
) -> Reading:
	config = config or IntakeConfig()
	t0 = time.perf_counter()
	info = info or inspect_file(data, filename, config.limits)
	notes: list[str] = []
	codes: list[str] = []
	if info.kind == PDF:
		pdf = open_pdf(data)
		try:
			pages: dict[int, Page] = {}
			engines: dict[int, str] = {}
			to_ocr: list[tuple] = []
			numbers: list[int] = []
			for i in range(len(pdf)):
				page = pdf[i]
				try:
					words = page_words(page, i + 1)
				except Exception:
					words = Page(number=i + 1, width=0, height=0)
				if usable(words):
					pages[i + 1], engines[i + 1] = words, "text"
					if config.decode_qr and i < 2 and qr.available():
						img, _ = render_pdf_page(page, QR_DPI, config.limits)
						codes.extend(qr.decode(img))
				else:
					# A scan is rendered at its own resolution (no upsampling: same accuracy, less
					# OCR time), within 150–ocr_dpi; a vector page without text at ocr_dpi.
					native = scan_dpi(page)
					dpi = min(config.ocr_dpi, max(150, round(native))) if native else config.ocr_dpi
					img, dpi = render_pdf_page(page, dpi, config.limits)
					to_ocr.append((img, dpi))
					numbers.append(i + 1)
					if config.decode_qr:
						codes.extend(qr.decode(img))
				page.close()
		finally:
			pdf.close()
		if to_ocr:
			for p in _ocr(to_ocr, numbers, config, notes):
				pages[p.number], engines[p.number] = p, p.source
		ordered = [pages[k] for k in sorted(pages)]
		eng = [engines[k] for k in sorted(pages)]
	else:
		# a phone photo (sheet on a table, shadow, no dpi) is flattened first; a scan is unchanged
		frames = [unphoto(img, dpi) for img, dpi in image_pages(data, config.limits)]
		if config.decode_qr:
			for img, _ in frames:
				codes.extend(qr.decode(img))
		ordered = _ocr(frames, list(range(1, len(frames) + 1)), config, notes)
		eng = [p.source for p in ordered]
	return Reading(
		info=info,
		pages=ordered,
		engines=eng,
		qr_codes=list(dict.fromkeys(codes)),
		seconds=time.perf_counter() - t0,
		notes=notes,
	)

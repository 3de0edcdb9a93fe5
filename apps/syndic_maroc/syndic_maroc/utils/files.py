"""Checks made before any parsing: type from content, size, pages, encryption, pixel budget.

Every refusal is an IntakeError with a French reason; nothing here lets a parser exception or a
decompression bomb reach the worker.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from syndic_maroc.core.intake.errors import IntakeError
from syndic_maroc.core.intake.sniff import DEFAULT_LIMITS, HEIC, PDF, TIFF, Limits, check_bytes


@dataclass
class FileInfo:
	kind: str
	pages: int
	size: int
	sha256: str


def heic_supported() -> bool:
	try:
		import pillow_heif

		pillow_heif.register_heif_opener()
		return True
	except Exception:
		return False


def open_pdf(data: bytes):
	"""A pypdfium2 document, or IntakeError (encrypted / corrupt)."""
	import pypdfium2 as pdfium

	try:
		return pdfium.PdfDocument(data)
	except pdfium.PdfiumError as e:
		if "password" in str(e).lower():
			raise IntakeError("encrypted_pdf") from e
		raise IntakeError(
			"corrupt_pdf", detail=str(e).replace("Failed to load document ", "").strip("() ")
		) from e
	except Exception as e:
		raise IntakeError("corrupt_pdf", detail=type(e).__name__) from e


def _check_pdf(data: bytes, limits: Limits) -> int:
	pdf = open_pdf(data)
	try:
		n = len(pdf)
		if n == 0:
			raise IntakeError("no_pages")
		if n > limits.max_pages:
			raise IntakeError("too_many_pages", pages=n, limit=limits.max_pages)
		for i in range(n):
			try:
				w, h = pdf[i].get_size()
			except Exception as e:
				raise IntakeError("corrupt_pdf", detail=f"page {i + 1}: {type(e).__name__}") from e
			if max(w, h) > limits.max_page_points:
				raise IntakeError("page_too_large", page=i + 1, width=round(w), height=round(h))
		return n
	finally:
		pdf.close()


def open_image(data: bytes, limits: Limits):
	"""A Pillow image whose size was checked against the pixel budget before any decoding."""
	from PIL import Image

	# Pillow's own guard stays on as a backstop (it raises past twice its limit); the budget
	# itself is checked below from the header, before any pixel is decoded.
	Image.MAX_IMAGE_PIXELS = 2 * limits.max_pixels
	try:
		with warnings.catch_warnings():
			warnings.simplefilter("ignore")  # DecompressionBombWarning (checked below), odd EXIF…
			img = Image.open(io.BytesIO(data))
			w, h = img.size  # from the header: nothing decoded yet
	except Image.DecompressionBombError as e:
		raise IntakeError(
			"image_too_large",
			pixels="> " + str(4 * limits.max_pixels // 1_000_000),
			limit=limits.max_pixels // 1_000_000,
		) from e
	except Exception as e:
		raise IntakeError("corrupt_image", detail=type(e).__name__) from e
	if w * h > limits.max_pixels:
		raise IntakeError(
			"image_too_large", pixels=round(w * h / 1e6, 1), limit=limits.max_pixels // 1_000_000
		)
	return img


def _check_image(data: bytes, kind: str, limits: Limits) -> int:
	if kind == HEIC and not heic_supported():
		raise IntakeError("heic_unsupported")
	img = open_image(data, limits)
	n = getattr(img, "n_frames", 1) if kind == TIFF else 1
	if n > limits.max_pages:
		raise IntakeError("too_many_pages", pages=n, limit=limits.max_pages)
	try:
		with warnings.catch_warnings():
			warnings.simplefilter("ignore")  # Pillow's warnings on odd EXIF and the like
			_load_frames(img, n, limits)
	except IntakeError:
		raise
	except Exception as e:
		raise IntakeError("corrupt_image", detail=type(e).__name__) from e
	return n


def _load_frames(img, n: int, limits: Limits) -> None:
	for i in range(n):
		img.seek(i)
		if img.size[0] * img.size[1] > limits.max_pixels:
			raise IntakeError(
				"image_too_large",
				pixels=round(img.size[0] * img.size[1] / 1e6, 1),
				limit=limits.max_pixels // 1_000_000,
			)
		img.load()  # decodes: truncated or corrupt data fails here, not in the OCR


def inspect_file(data: bytes, filename: str | None = None, limits: Limits = DEFAULT_LIMITS) -> FileInfo:
	"""Everything the pipeline needs to know before reading, or IntakeError."""
	kind = check_bytes(data, filename, limits)
	pages = _check_pdf(data, limits) if kind == PDF else _check_image(data, kind, limits)
	return FileInfo(kind=kind, pages=pages, size=len(data), sha256=hashlib.sha256(data).hexdigest())

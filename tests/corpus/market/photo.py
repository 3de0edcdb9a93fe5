"""A phone photo of a printed page: perspective, uneven light, blur, no dpi tag, any rotation."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np


def photograph(pdf_path: Path, rng, dest: Path, rotation: int = 0) -> Path:
	import pypdfium2 as pdfium
	from PIL import Image, ImageFilter

	pdf = pdfium.PdfDocument(str(pdf_path))
	page = pdf[0].render(scale=170 / 72).to_pil().convert("RGB")
	pdf.close()
	w, h = page.size
	# the sheet on a darker table, seen from a little off-axis
	margin = int(0.08 * w)
	canvas = Image.new("RGB", (w + 2 * margin, h + 2 * margin), (90, 80, 70))
	canvas.paste(page, (margin, margin))
	cw, ch = canvas.size

	def j(k):
		return rng.uniform(0, k * cw)

	# the camera a little off-axis: the frame's corners seen from slightly different distances
	src = [
		(j(0.05), j(0.04)),
		(cw - j(0.05), j(0.03)),
		(cw - j(0.04), ch - j(0.05)),
		(j(0.03), ch - j(0.04)),
	]
	# PIL's perspective transform maps output corners to input points
	dst = [(0, 0), (cw, 0), (cw, ch), (0, ch)]
	coeffs = _coeffs(dst, src)
	img = canvas.transform((cw, ch), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=(90, 80, 70))
	# uneven light: a gradient from one corner
	arr = np.asarray(img).astype(np.float32)
	yy, xx = np.mgrid[0:ch, 0:cw]
	cx, cy = rng.uniform(0, cw), rng.uniform(0, ch)
	dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / np.hypot(cw, ch)
	light = 1.0 - rng.uniform(0.25, 0.45) * dist
	arr = np.clip(arr * light[..., None] * np.array([1.0, 0.97, 0.9]), 0, 255).astype(np.uint8)
	img = Image.fromarray(arr).filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
	if rotation:
		img = img.rotate(rotation, expand=True)
	buf = io.BytesIO()
	img.save(buf, "JPEG", quality=rng.randint(70, 85))  # no dpi tag, as phones send them
	dest.write_bytes(buf.getvalue())
	return dest


def _coeffs(dst, src):
	a = []
	b = []
	for (x, y), (u, v) in zip(dst, src, strict=True):
		a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
		a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
		b += [u, v]
	return np.linalg.solve(np.array(a, dtype=float), np.array(b, dtype=float)).tolist()

"""Page images: rendering PDF pages, loading image files, deskew and orientation help."""

from __future__ import annotations

import io
import itertools

from syndic_maroc.core.intake.errors import IntakeError
from syndic_maroc.core.intake.sniff import DEFAULT_LIMITS, Limits


def render_pdf_page(page, dpi: int, limits: Limits = DEFAULT_LIMITS):
	"""A greyscale Pillow image of a pdfium page, at `dpi` or less to stay in the pixel budget."""
	w, h = page.get_size()
	scale = dpi / 72
	pixels = w * scale * h * scale
	if pixels > limits.max_pixels:
		scale *= (limits.max_pixels / pixels) ** 0.5
	return page.render(scale=scale, grayscale=True).to_pil().convert("L"), scale * 72


def scan_dpi(page) -> float | None:
	"""The resolution of the largest image on a pdfium page (a scanned page is one image), or None."""
	try:
		import pypdfium2.raw as pdfium_c

		best = None
		for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1):
			px_w, _px_h = obj.get_px_size()
			left, _bottom, right, _top = obj.get_bounds() if hasattr(obj, "get_bounds") else obj.get_pos()
			if right - left > 72 and (best is None or right - left > best[1]):
				best = (px_w / ((right - left) / 72), right - left)
		return best[0] if best else None
	except Exception:
		return None


def image_pages(data: bytes, limits: Limits = DEFAULT_LIMITS):
	"""The frames of an image file as greyscale images with their dpi (None if not stated)."""
	from PIL import Image, ImageOps

	from syndic_maroc.utils.files import open_image

	img = open_image(data, limits)
	frames = []
	for i in range(getattr(img, "n_frames", 1)):
		img.seek(i)
		frame = ImageOps.exif_transpose(img.copy()) if i == 0 else img.copy()
		dpi = img.info.get("dpi", (None,))[0]
		frames.append((frame.convert("L"), float(dpi) if dpi else None))
	if not frames:
		raise IntakeError("no_pages")
	return frames


def _profile_score(bw) -> float:
	from PIL import Image

	col = bw.resize((1, bw.height), Image.BOX)
	rows = list(col.getdata())
	return sum((a - b) ** 2 for a, b in itertools.pairwise(rows))


def _ink(img, width: int = 900):
	from PIL import Image

	small = img.resize((width, max(1, round(img.height * width / img.width))), Image.BILINEAR)
	return small.point(lambda v: 255 if v < 150 else 0)


def skew_angle(img, max_angle: float = 4.0, step: float = 0.2) -> float:
	"""The rotation (degrees, counter-clockwise) that makes text lines horizontal.

	Projection-profile search: the right angle gives the sharpest row profile.
	"""
	from PIL import Image

	bw = _ink(img)
	best, best_score = 0.0, -1.0
	n = int(max_angle / step)
	for k in range(-n, n + 1):
		a = k * step
		score = _profile_score(bw.rotate(a, resample=Image.NEAREST, fillcolor=0))
		if score > best_score:
			best, best_score = a, score
	return best


def looks_sideways(img) -> bool:
	"""True when columns of ink line up better than rows: a page turned by 90°."""
	bw = _ink(img, 600)
	return _profile_score(bw.transpose(5)) > 1.3 * _profile_score(bw)  # 5 = ROTATE_90 transpose


def deskew(img, max_angle: float = 4.0):
	from PIL import Image

	angle = skew_angle(img, max_angle)
	if abs(angle) < 0.1:
		return img, 0.0
	return img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255), angle


def to_pnm(img) -> bytes:
	buf = io.BytesIO()
	img.save(buf, "PPM")
	return buf.getvalue()


def clean(img, dpi: float, mode: str = "median"):
	"""Scanner noise off before OCR. "median": 3×3 median filter (speckle) and a contrast stretch;
	"up": the same after upscaling low-resolution scans to 300 dpi; "none": as is."""
	from PIL import Image, ImageFilter, ImageOps

	if mode == "none":
		return img, dpi
	if mode in ("up", "upmedian") and dpi < 250:
		f = 300 / dpi
		img = img.resize((round(img.width * f), round(img.height * f)), Image.LANCZOS)
		dpi = 300.0
	if mode in ("median", "upmedian"):
		img = img.filter(ImageFilter.MedianFilter(3))
	# the white corners a deskew adds are not paper: left out of the stretch, else on a sparse
	# page they are the brightest 1 % and the paper itself turns grey (Tesseract then reads nothing)
	return ImageOps.autocontrast(img, cutoff=1, ignore=255), dpi


def preview_png(data: bytes, kind: str, width: int = 900, limits: Limits = DEFAULT_LIMITS) -> bytes | None:
	"""Page 1 as a PNG about `width` pixels wide, for the review form; None when it cannot be drawn.

	Only call it on a file that passed safety.inspect_file (type, size, pixel budget).
	"""
	try:
		if kind == "pdf":
			from syndic_maroc.utils.files import open_pdf

			pdf = open_pdf(data)
			try:
				page = pdf[0]
				w, _h = page.get_size()
				img = page.render(scale=max(0.2, min(4.0, width / max(w, 1)))).to_pil().convert("RGB")
			finally:
				pdf.close()
		else:
			img = image_pages(data, limits)[0][0]
			if img.width > width:
				img = img.resize((width, max(1, round(img.height * width / img.width))))
		buf = io.BytesIO()
		img.save(buf, "PNG", compress_level=3)
		return buf.getvalue()
	except Exception:
		return None


# --- phone photos: the sheet found and flattened, light evened, resolution estimated -----------

A4_SHORT_IN = 8.27


def page_quad(img):
	"""The four corners (tl, tr, br, bl, in img pixels) of a sheet photographed on a darker
	background, or None when the sheet fills the frame (a scan)."""
	import numpy as np
	from PIL import ImageFilter

	f = 600 / max(img.size)
	small = img.resize((max(1, round(img.width * f)), max(1, round(img.height * f))))
	small = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.MinFilter(9))  # text off, specks off
	a = np.asarray(small)
	# threshold between the background seen at the frame's edges and the paper: a shadowed
	# part of the sheet is still far brighter than the table (Otsu alone cuts the shadow off)
	edge = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
	bg, paper = float(np.median(edge)), float(np.percentile(a, 90))
	if paper - bg < 40:
		return None  # no darker background around the sheet: a scan or a cropped photo
	mask = a > bg + 0.35 * (paper - bg)
	share = mask.mean()
	border = np.concatenate([mask[0], mask[-1], mask[:, 0], mask[:, -1]]).mean()
	if share > 0.97 or share < 0.25 or border > 0.6:
		return None
	ys, xs = np.nonzero(mask)
	s, d = xs + ys, xs - ys
	pts = [(xs[s.argmin()], ys[s.argmin()]), (xs[d.argmax()], ys[d.argmax()])]
	pts += [(xs[s.argmax()], ys[s.argmax()]), (xs[d.argmin()], ys[d.argmin()])]
	return [(x / f, y / f) for x, y in pts]


def _perspective_coeffs(out_pts, in_pts):
	import numpy as np

	a, b = [], []
	for (x, y), (u, v) in zip(out_pts, in_pts, strict=True):
		a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
		a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
		b += [u, v]
	return np.linalg.solve(np.array(a, dtype=float), np.array(b, dtype=float)).tolist()


def flatten_light(img):
	"""Uneven light evened: each pixel divided by the paper's local brightness (a max filter
	removes the ink, a blur spreads it), so a shadowed corner reads like the rest."""
	import numpy as np
	from PIL import Image, ImageFilter

	small = img.resize((max(8, img.width // 16), max(8, img.height // 16)), Image.BOX)
	bg = (
		small.filter(ImageFilter.MaxFilter(5))
		.filter(ImageFilter.GaussianBlur(2))
		.resize(img.size, Image.BILINEAR)
	)
	a = np.asarray(img, dtype=np.float32) / np.maximum(np.asarray(bg, dtype=np.float32), 1.0)
	return Image.fromarray(np.clip(a * 255, 0, 255).astype(np.uint8))


def unphoto(img, dpi: float | None):
	"""A phone photo made to look like a scan before OCR: the sheet cut out of the background
	and its perspective undone, the light evened, the resolution estimated from the sheet's
	short side (A4) when the file states none. A scan passes unchanged (its dpi kept)."""
	from PIL import Image

	quad = page_quad(img)
	if quad is None:
		return img, dpi or 200.0
	tl, tr, br, bl = quad

	def dist(p, q):
		return ((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) ** 0.5

	w = round(max(dist(tl, tr), dist(bl, br)))
	h = round(max(dist(tl, bl), dist(tr, br)))
	if w < 200 or h < 200:
		return img, dpi or 200.0
	coeffs = _perspective_coeffs([(0, 0), (w, 0), (w, h), (0, h)], [tl, tr, br, bl])
	flat = img.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=255)
	flat = flatten_light(flat)
	est = min(w, h) / A4_SHORT_IN
	return flat, float(dpi) if dpi else max(100.0, min(400.0, est))

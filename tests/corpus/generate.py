"""Deterministic generator of the zéro-saisie test corpus: Moroccan supplier invoices, utility
bills and bank statements, each as a digital PDF (real text layer) and as a degraded scan
(200 dpi raster, small rotation, blur, noise, JPEG artefacts → image-only PDF, PNG or JPEG),
with the ground truth as JSON beside them.

	python -m tests.corpus.generate --out tests/corpus/out --per-class 4

Same seed, same documents: the PDFs are written with reportlab's invariant mode.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from pathlib import Path

if __package__ in (None, ""):
	sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
	__package__ = "tests.corpus"

from . import invoices, statements, utility

KINDS = {"supplier_invoice": invoices, "utility_bill": utility, "bank_statement": statements}
SCAN_DPI = 200


def degrade(pdf_path: Path, rng: random.Random, dest: Path, fmt: str, rotate_90: bool = False) -> Path:
	"""Rasterise a PDF at 200 dpi and make it look scanned. fmt: "pdf" | "png" | "jpg"."""
	import pypdfium2 as pdfium
	from PIL import Image, ImageFilter

	pdf = pdfium.PdfDocument(str(pdf_path))
	images = []
	for i in range(len(pdf)):
		img = pdf[i].render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
		angle = rng.uniform(-2.0, 2.0)
		img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
		img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 0.9)))
		noise = Image.effect_noise(img.size, rng.uniform(12, 22))
		img = Image.blend(img, noise, 0.12)
		img = img.point(lambda v: min(255, int(v * 0.92 + 14)))  # greyish paper, lower contrast
		if rotate_90:
			img = img.rotate(90, expand=True)
		buf = io.BytesIO()
		img.save(buf, "JPEG", quality=rng.randint(55, 75))
		images.append(Image.open(io.BytesIO(buf.getvalue())))
	pdf.close()
	if fmt == "pdf" or len(images) > 1:
		out = dest.with_suffix(".pdf")
		images[0].save(out, "PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:])
	elif fmt == "png":
		out = dest.with_suffix(".png")
		images[0].save(out, "PNG", dpi=(SCAN_DPI, SCAN_DPI))
	else:
		out = dest.with_suffix(".jpg")
		images[0].save(out, "JPEG", quality=80, dpi=(SCAN_DPI, SCAN_DPI))
	return out


def generate(
	out: Path,
	per_class: int = 3,
	seed: int = 20240,
	scans: bool = True,
	max_statement_lines: int | None = None,
	classes=None,
) -> list[dict]:
	"""Write the documents under `out` and return the manifest (also written as manifest.json)."""
	out.mkdir(parents=True, exist_ok=True)
	manifest = []
	for cls, module in KINDS.items():
		if classes and cls not in classes:
			continue
		for i in range(per_class):
			rng = random.Random(f"{seed}-{cls}-{i}")
			if cls == "bank_statement":
				n = rng.randint(20, max_statement_lines or 80)
				truth = module.make(rng, i, n_lines=n)
			else:
				truth = module.make(rng, i)
			name = f"{cls}_{i:03d}"
			digital = out / f"{name}.pdf"
			module.draw(truth, digital)
			(out / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, default=str))
			entry = {"id": name, "class": cls, "digital": str(digital), "truth": str(out / f"{name}.json")}
			if scans:
				fmt = ["pdf", "png", "jpg"][i % 3]
				entry["scan"] = str(
					degrade(
						digital,
						rng,
						out / f"{name}_scan",
						fmt,
						rotate_90=(cls == "supplier_invoice" and i % 4 == 3),
					)
				)
			manifest.append(entry)
	(out / "manifest.json").write_text(json.dumps(manifest, indent=1))
	return manifest


def main(argv=None) -> None:
	ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
	ap.add_argument("--per-class", type=int, default=3)
	ap.add_argument("--seed", type=int, default=20240)
	ap.add_argument("--no-scans", action="store_true")
	args = ap.parse_args(argv)
	m = generate(args.out, args.per_class, args.seed, scans=not args.no_scans)
	print(f"{len(m)} documents in {args.out}")


if __name__ == "__main__":
	main()

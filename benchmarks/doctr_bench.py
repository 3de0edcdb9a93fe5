"""OCR speed per engine on the scanned pages of the generated corpus: text layer, Tesseract on one
CPU core, docTR on CPU (one core and all cores) or on a GPU.

	# a venv with torch + torchvision + python-doctr (requirements-doctr.txt), never the bench's env/
	.venv-doctr/bin/python benchmarks/doctr_bench.py                       # CPU: 1 thread, then all
	.venv-doctr/bin/python benchmarks/doctr_bench.py --device cuda --batch 16 --threads 0 \\
		--no-tesseract --no-text                                             # GPU machine

Pages are rendered as the pipeline renders them (scans at their own 200 dpi). Every engine is
timed on the same pages, reading only (rendering excluded), after a warm-up batch; on CUDA every
timing is bracketed by torch.cuda.synchronize() and the networks run in half precision.

Weights: with `--weights DIR` (or SYNDIC_DOCTR_WEIGHTS) holding trained docTR weights the engine
uses them; otherwise the same architectures are built with RANDOM WEIGHTS. Speed does not depend
on weight values, but docTR's recognition time grows with the number of words the detector finds,
and an untrained detector finds a handful of blobs instead of the page's words. So two figures are
printed for docTR:
- "as run" (with trained weights, or --as-run): the whole predictor on the pages (with random
  weights: detection cost right, recognition far too cheap);
- "per page, real word count": detection on the pages + recognition of the page's real words, cut
  out of the page at the boxes of the digital twin's text layer (same document, same 200 dpi):
  the figure to compare with Tesseract.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "apps" / "syndic_maroc"))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract: one core

from syndic_maroc.intake.reading.doctr_engine import DoctrEngine
from syndic_maroc.intake.reading.imaging import image_pages, render_pdf_page, scan_dpi
from syndic_maroc.intake.reading.reader import read_document
from syndic_maroc.intake.reading.tesseract import TesseractEngine
from syndic_maroc.intake.reading.textlayer import page_words
from syndic_maroc.utils.files import open_pdf

from tests.corpus.generate import generate

DEFAULT_PAIRS = "db_resnet50:crnn_vgg16_bn,fast_base:crnn_mobilenet_v3_small,db_mobilenet_v3_large:crnn_mobilenet_v3_small"


ALL_THREADS = 0  # torch's default thread count, read before the first change


def scan_pages(manifest, max_pages: int | None):
	"""[(image, dpi, word crops)] for each scanned page, as the pipeline renders it."""
	out = []
	for e in manifest:
		data = Path(e["scan"]).read_bytes()
		if e["scan"].endswith(".pdf"):
			pdf = open_pdf(data)
			frames = []
			for i in range(len(pdf)):
				native = scan_dpi(pdf[i])
				frames.append(render_pdf_page(pdf[i], min(300, max(150, round(native))) if native else 300))
			pdf.close()
		else:
			frames = [(img, dpi or 200.0) for img, dpi in image_pages(data)]
		digital = open_pdf(Path(e["digital"]).read_bytes())
		for k, (img, dpi) in enumerate(frames):
			crops = []
			if k < len(digital):
				# The page's real words, at the same resolution: the digital twin rendered at `dpi`.
				page = digital[k]
				twin, scale = render_pdf_page(page, round(dpi))
				f = scale / 72
				rgb = twin.convert("RGB")
				for w in page_words(page, k + 1).words:
					box = (int(w.x0 * f) - 2, int(w.y0 * f) - 2, int(w.x1 * f) + 2, int(w.y1 * f) + 2)
					if box[2] - box[0] > 3 and box[3] - box[1] > 3:
						crops.append(rgb.crop(box))
			out.append((img, dpi, crops))
		digital.close()
		if max_pages and len(out) >= max_pages:
			return out[:max_pages]
	return out


def sync(device: str) -> None:
	if device.startswith("cuda"):
		import torch

		torch.cuda.synchronize()


def bench_doctr(pages, det: str, reco: str, args, threads: int) -> list[str]:
	import numpy as np
	import torch

	global ALL_THREADS
	ALL_THREADS = ALL_THREADS or torch.get_num_threads()
	torch.set_num_threads(threads or ALL_THREADS)
	try:
		import cv2

		cv2.setNumThreads(threads or os.cpu_count())
	except ImportError:
		pass
	weights = args.weights or os.environ.get("SYNDIC_DOCTR_WEIGHTS")
	engine = DoctrEngine(det, reco, weights, False, args.batch, args.device)
	random_weights = engine.weights() is None
	engine.random_weights = random_weights
	t = time.perf_counter()
	if not engine.available():
		return [f"docTR {det}+{reco}: unavailable ({engine.unavailable_reason})"]
	load = time.perf_counter() - t
	device = engine.resolved_device()
	images = [img for img, _dpi, _crops in pages]
	crops = [[np.asarray(c) for c in cs] for _img, _dpi, cs in pages]
	predictor = engine._predictor
	where = f"{device}{' fp16' if device.startswith('cuda') and engine.half is not False else ''}"
	cores = f"{torch.get_num_threads()} thread{'s' if torch.get_num_threads() > 1 else ''}"
	label = f"docTR {det}+{reco}, {where}, {cores if device == 'cpu' else 'GPU'}, batch {args.batch}"
	# Warm-up: CUDA context, cuDNN autotuning on a full batch; on CPU one page is enough.
	warm = images[: args.batch] if device.startswith("cuda") else images[:1]
	engine.read_pages(warm)
	sync(device)

	tag = "RANDOM WEIGHTS" if random_weights else f"weights from {weights}"
	lines = [f"{label} [{tag}; loaded in {load:.1f}s]"]
	if args.as_run or not random_weights:
		t = time.perf_counter()
		read = engine.read_pages(images)
		sync(device)
		as_run = time.perf_counter() - t
		found = sum(len(p.words) for p in read) / len(read)
		lines.append(
			f"    as run: {len(images) / as_run:.3f} pages/s ({as_run / len(images):.2f} s/page, "
			f"{found:.0f} words found per page)"
		)

	arrays = [np.asarray(img.convert("RGB")) for img in images]
	with torch.inference_mode():
		t = time.perf_counter()
		for k in range(0, len(arrays), args.batch):
			predictor.det_predictor(arrays[k : k + args.batch])
		sync(device)
		det_s = time.perf_counter() - t
		all_crops = [c for cs in crops for c in cs]
		t = time.perf_counter()
		predictor.reco_predictor(all_crops)
		sync(device)
		reco_s = time.perf_counter() - t
	n = len(images)
	words = len(all_crops) / n
	lines.append(
		f"    per page, real word count: {n / (det_s + reco_s):.3f} pages/s "
		f"(detection {det_s / n:.2f} s/page + recognition of {words:.0f} words {reco_s / n:.2f} s/page)"
	)
	return lines


def bench_tesseract(pages) -> str:
	engine = TesseractEngine(threads=1)
	if not engine.available():
		return "Tesseract: not installed"
	engine.read_page(pages[0][0], pages[0][1], 1)  # warm-up (traineddata in the page cache)
	t = time.perf_counter()
	words = sum(len(engine.read_page(img, dpi, 1).words) for img, dpi, _c in pages)
	dt = time.perf_counter() - t
	return (
		f"Tesseract fra+ara, 1 CPU core (OMP_THREAD_LIMIT=1): {len(pages) / dt:.3f} pages/s "
		f"({dt / len(pages):.2f} s/page, {words / len(pages):.0f} words per page)"
	)


def bench_text(manifest) -> str:
	t = time.perf_counter()
	n = sum(len(read_document(Path(e["digital"]).read_bytes(), e["digital"]).pages) for e in manifest)
	dt = time.perf_counter() - t
	return f"text layer (digital PDFs): {n / dt:.1f} pages/s ({n} pages, QR decoding included)"


def main(argv=None) -> None:
	ap = argparse.ArgumentParser(description="OCR pages per second per engine")
	ap.add_argument("--per-class", type=int, default=6)
	ap.add_argument("--seed", type=int, default=4242)
	ap.add_argument("--out", type=Path)
	ap.add_argument("--pages", type=int, help="only the first N scanned pages")
	ap.add_argument("--pairs", default=DEFAULT_PAIRS, help="det:reco,det:reco…")
	ap.add_argument("--device", help="cpu | cuda (default: cuda when available)")
	ap.add_argument("--batch", type=int, default=8, help="pages per docTR forward pass")
	ap.add_argument("--threads", default="1,0", help="torch threads per run; 0 = all cores")
	ap.add_argument("--weights", help="folder of trained docTR weights (default: SYNDIC_DOCTR_WEIGHTS)")
	ap.add_argument(
		"--as-run",
		action="store_true",
		help="also time the whole predictor with random weights (always done with trained weights)",
	)
	ap.add_argument("--no-tesseract", action="store_true")
	ap.add_argument("--no-text", action="store_true")
	args = ap.parse_args(argv)
	out = args.out or Path(tempfile.mkdtemp(prefix="doctr-bench-"))
	manifest = generate(out, per_class=args.per_class, seed=args.seed, scans=True)
	pages = scan_pages(manifest, args.pages)
	print(
		f"corpus: {len(manifest)} documents (seed {args.seed}), {len(pages)} scanned pages at "
		f"{sorted({round(d) for _i, d, _c in pages})} dpi, in {out}; machine: {os.cpu_count()} CPU cores",
		flush=True,
	)
	lines = []
	if not args.no_text:
		lines.append(bench_text(manifest))
		print(lines[-1], flush=True)
	if not args.no_tesseract:
		lines.append(bench_tesseract(pages))
		print(lines[-1], flush=True)
	for pair in args.pairs.split(","):
		det, reco = pair.split(":")
		for threads in (int(x) for x in args.threads.split(",")):
			res = bench_doctr(pages, det, reco, args, threads)
			print("\n".join(res), flush=True)
			lines += res
	print("\nSPEED (random weights: speed does not depend on weight values; see the docstring)")
	for line in lines:
		print("  " + line)


if __name__ == "__main__":
	main()

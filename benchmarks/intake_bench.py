"""Zéro saisie benchmark: field precision/recall/F1 and pages per second, on generated corpora.

	python benchmarks/intake_bench.py                   # market corpus (4 per family) + own corpus
	python benchmarks/intake_bench.py --market 8 --market-ocr 2 --engines text,tesseract --market-only

First the MARKET corpus (tests/corpus/market, issue 15): invoices, utility bills and statements
in layout families split in code into a TUNING part (rules may be written against it) and a
HELD-OUT part (layouts and label wordings the rules must not be written against: the figure
that is reported). For each part: digital PDFs (text layer), and on `--market-ocr` documents per
family degraded scans and phone photos (perspective, uneven light, no dpi, 0/90/180/270°) read
by Tesseract. Targets on the held-out part: F1 ≥ 0.97 digital, ≥ 0.93 scanned, precision ≥ 0.99.

Then the project's own corpus (tests/corpus/generate.py, the rules' first tuning set): digital
and scans, field-level P/R/F1 per class and per field; pages/s per engine (text layer;
Tesseract on one CPU core, OMP_THREAD_LIMIT=1; docTR on CPU or GPU when it is installed with
its weights; benchmarks/doctr_bench.py times docTR in detail, GPU included); end-to-end seconds
per document from upload to ready-for-review (pipeline.process, rules only).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "apps" / "syndic_maroc"))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from syndic_maroc.core.intake.extract import extract_pages
from syndic_maroc.core.intake.layout import document_lines
from syndic_maroc.intake.reading.config import IntakeConfig
from syndic_maroc.intake.reading.doctr_engine import DoctrEngine
from syndic_maroc.intake.reading.imaging import image_pages, render_pdf_page
from syndic_maroc.intake.reading.pipeline import process
from syndic_maroc.intake.reading.reader import read_document
from syndic_maroc.utils.files import open_pdf

from tests.corpus.evaluate import Report, predicted_dict, score, table
from tests.corpus.generate import generate
from tests.corpus.market.generate import SEED as MARKET_SEED
from tests.corpus.market.generate import generate as generate_market

CLASSES = ("supplier_invoice", "utility_bill", "bank_statement")


def evaluate(manifest, which: str, cfg: IntakeConfig):
	reports = {c: Report() for c in CLASSES}
	overall = Report()
	pages = seconds = 0.0
	for e in manifest:
		data = Path(e[which]).read_bytes()
		t = time.perf_counter()
		reading = read_document(data, e[which], cfg)
		seconds += time.perf_counter() - t
		pages += len(reading.pages)
		x = extract_pages(reading.pages)
		truth = json.loads(Path(e["truth"]).read_text())
		pred = predicted_dict(x.fields)
		score(e["id"], truth, pred, reports[e["class"]], x.doc_class)
		score(e["id"], truth, pred, overall, x.doc_class)
	return reports, overall, pages, seconds


def page_images(manifest, which: str, dpi: int):
	images = []
	for e in manifest:
		data = Path(e[which]).read_bytes()
		if e[which].endswith(".pdf"):
			pdf = open_pdf(data)
			images += [render_pdf_page(pdf[i], dpi)[0] for i in range(len(pdf))]
			pdf.close()
		else:
			images += [img for img, _ in image_pages(data)]
	return images


def bench_doctr(manifest, args) -> str:
	engine = DoctrEngine(
		args.doctr_det, args.doctr_reco, os.environ.get("SYNDIC_DOCTR_WEIGHTS"), False, args.doctr_batch
	)
	random_weights = False
	if not engine.available():
		if not args.doctr_random_weights or "installé" in (engine.unavailable_reason or ""):
			return f"docTR: unavailable ({engine.unavailable_reason})"
		engine.random_weights = random_weights = True  # benchmark only: the product never does this
		if not engine.available():
			return f"docTR: unavailable ({engine.unavailable_reason})"
	images = page_images(manifest, "scan", 300)
	engine.read_pages(images[:2])  # warm-up (CUDA context, cudnn autotune)
	t = time.perf_counter()
	pages = engine.read_pages(images)
	dt = time.perf_counter() - t
	label = (
		f"docTR {args.doctr_det}+{args.doctr_reco} on {engine.resolved_device()} (batch {args.doctr_batch})"
	)
	if random_weights:
		return (
			f"{label}: {len(images) / dt:.2f} pages/s — untrained weights (no docTR weights on this machine): "
			"recognition time is too low, see benchmarks/doctr_bench.py for the real-word-count figure"
		)
	reports = {c: Report() for c in CLASSES}
	k = 0
	for e in manifest:
		n = 1 if not e["scan"].endswith(".pdf") else len(open_pdf(Path(e["scan"]).read_bytes()))
		x = extract_pages(pages[k : k + n])
		k += n
		score(
			e["id"],
			json.loads(Path(e["truth"]).read_text()),
			predicted_dict(x.fields),
			reports[e["class"]],
			x.doc_class,
		)
	for c in CLASSES:
		print(table(reports[c], f"scans via docTR — {c}"))
	return f"{label}: {len(images) / dt:.2f} pages/s"


def market(args, cfg: IntakeConfig, engines: set) -> None:
	"""Issue 15's figure: the market corpus, HELD-OUT layout families (the figure reported) and
	the tuning families, digital (text layer), scanned and photographed (Tesseract)."""
	out = (args.out or Path(tempfile.mkdtemp(prefix="intake-market-"))) / "market"
	ocr = "tesseract" in engines
	t = time.perf_counter()
	manifest = generate_market(out, per_family=args.market, scans=ocr, photos=ocr)
	print(
		f"market corpus: {len(manifest)} documents ({args.market} per layout family, seed {MARKET_SEED}) "
		f"in {out}, generated in {time.perf_counter() - t:.1f}s\n"
	)
	for part in ("heldout", "tuning"):
		entries = [e for e in manifest if e["part"] == part]
		kinds = [("digital", entries)]
		if ocr:
			# OCR on a subset (Tesseract on shared cores): the first documents of each family
			sub = [e for e in entries if int(e["id"].rsplit("_", 1)[1]) < args.market_ocr]
			kinds += [("scan", sub), ("photo", sub)]
		for which, docs in kinds:
			if not docs:
				continue
			reports, overall, pages, seconds = evaluate(docs, which, cfg)
			for c in CLASSES:
				if reports[c].by_field:
					print(table(reports[c], f"MARKET {part} {which} — {c}"))
			tot = overall.total()
			print(
				f"MARKET {part.upper()} {which.upper()}  P={tot.precision:.3f} R={tot.recall:.3f} F1={tot.f1:.3f}"
				f"  ({len(docs)} documents, {pages / seconds:.2f} pages/s)\n"
			)
			if args.errors:
				for err in overall.errors:
					print("   ", err)


def main(argv=None) -> None:
	ap = argparse.ArgumentParser(description="zéro saisie benchmark")
	ap.add_argument("--per-class", type=int, default=6)
	ap.add_argument("--seed", type=int, default=4242)
	ap.add_argument("--out", type=Path)
	ap.add_argument("--engines", default="text,tesseract,doctr")
	ap.add_argument("--doctr-det", default="db_resnet50")
	ap.add_argument("--doctr-reco", default="crnn_vgg16_bn")
	ap.add_argument("--doctr-batch", type=int, default=8)
	ap.add_argument(
		"--doctr-random-weights",
		action="store_true",
		help="without weights, time docTR with untrained networks",
	)
	ap.add_argument("--errors", action="store_true", help="list every wrong field")
	ap.add_argument(
		"--market", type=int, default=4, help="market corpus: documents per layout family (0: skip)"
	)
	ap.add_argument("--market-ocr", type=int, default=1, help="market corpus: OCR'd documents per family")
	ap.add_argument("--market-only", action="store_true")
	args = ap.parse_args(argv)
	engines = set(args.engines.split(","))
	if args.market:
		market(args, IntakeConfig(ocr_engine="tesseract", tesseract_workers=1), engines)
		if args.market_only:
			return
	out = args.out or Path(tempfile.mkdtemp(prefix="intake-bench-"))
	t = time.perf_counter()
	manifest = generate(
		out, per_class=args.per_class, seed=args.seed, scans="tesseract" in engines or "doctr" in engines
	)
	print(
		f"corpus: {len(manifest)} documents ({args.per_class} per class, seed {args.seed}) in {out}, generated in {time.perf_counter() - t:.1f}s\n"
	)
	speeds = []
	cfg = IntakeConfig(ocr_engine="tesseract", tesseract_workers=1)
	for which, engine in (("digital", "text"), ("scan", "tesseract")):
		if engine not in engines:
			continue
		reports, overall, pages, seconds = evaluate(manifest, which, cfg)
		for c in CLASSES:
			print(table(reports[c], f"{which} — {c}"))
			print()
		tot = overall.total()
		target = 0.97 if which == "digital" else 0.90
		print(
			f"{which.upper()} OVERALL  P={tot.precision:.3f} R={tot.recall:.3f} F1={tot.f1:.3f}  (target ≥ {target})  "
			+ "  ".join(f"{c}: F1={r.total().f1:.3f}" for c, r in reports.items())
		)
		if args.errors:
			for err in overall.errors:
				print("   ", err)
		print()
		speeds.append(
			f"{'text layer' if engine == 'text' else 'Tesseract fra+ara, 1 CPU core'}: {pages / seconds:.2f} pages/s ({int(pages)} pages in {seconds:.1f}s, reading only)"
		)
	if "doctr" in engines:
		speeds.append(bench_doctr(manifest, args))
	print("SPEED")
	for s in speeds:
		print("  " + s)
	# End to end: upload bytes → ready-for-review result (safety, reading, rules, validation).
	e2e = {}
	for which in ("digital", "scan"):
		if which == "scan" and "tesseract" not in engines:
			continue
		times = []
		for e in manifest[:: max(1, len(manifest) // 6)]:
			t = time.perf_counter()
			r = process(Path(e[which]).read_bytes(), Path(e[which]).name, cfg)
			times.append(time.perf_counter() - t)
			assert r.status == "extracted", r.error
		e2e[which] = times
	for which, times in e2e.items():
		print(
			f"  end to end ({which}): mean {statistics.fmean(times):.2f}s, max {max(times):.2f}s per document over {len(times)} documents"
		)


if __name__ == "__main__":
	main()

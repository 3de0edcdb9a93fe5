"""Zéro saisie end to end, through the running services: seconds from upload to ready-for-review.

	env/bin/python benchmarks/intake_e2e_bench.py                      # 3 per class, digital PDFs
	env/bin/python benchmarks/intake_e2e_bench.py --scans --per-class 2 # degraded scans (OCR)
	env/bin/python benchmarks/intake_e2e_bench.py --url http://localhost:8000 --burst

What it times, per document, as a user of the desk would live it: POST /api/method/upload_file
(the file stored on the site) + POST syndic_maroc.api.intake.upload_files (the Incoming Document
created and its job queued on `ocr`; the request returns at once), then the RQ worker reads it;
the clock stops when the document's status is To Review / Extracted (ready for review), as seen
by polling the REST API every 100 ms. Sequential by default (one document at a time: the latency
of one upload); --burst uploads everything first (the queue's throughput with its workers).
Documents are new each run (random seed) so that none is a duplicate; they are deleted at the
end unless --keep. Credentials: Administrator and sites/.admin_password (or --user/--password).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "apps" / "syndic_maroc"))

from tests.corpus.generate import generate

READY = {"To Review", "Extracted", "Approved"}
DONE = READY | {"Failed", "Duplicate", "Rejected"}
API = "/api/method/syndic_maroc.api.intake."


def login(url: str, user: str, password: str) -> requests.Session:
	s = requests.Session()
	r = s.post(f"{url}/api/method/login", data={"usr": user, "pwd": password}, timeout=30)
	r.raise_for_status()
	s.headers["Accept"] = "application/json"
	return s


def upload(s: requests.Session, url: str, path: Path, residence: str | None) -> tuple[str, float]:
	"""Upload one file and create its Incoming Document; (name, seconds the two requests took)."""
	t = time.perf_counter()
	with path.open("rb") as f:
		r = s.post(
			f"{url}/api/method/upload_file",
			files={"file": (path.name, f)},
			data={"is_private": 1, "folder": "Home/Attachments"},
			timeout=60,
		)
	r.raise_for_status()
	file_name = r.json()["message"]["name"]
	r = s.post(
		f"{url}{API}upload_files",
		data={"file_names": json.dumps([file_name]), "residence": residence or ""},
		timeout=60,
	)
	r.raise_for_status()
	return r.json()["message"][0], time.perf_counter() - t


def statuses(s: requests.Session, url: str, names: list[str]) -> dict:
	r = s.get(f"{url}{API}status", params={"names": json.dumps(names)}, timeout=30)
	r.raise_for_status()
	return r.json()["message"]


def wait(s, url, started: dict[str, float], timeout: float) -> dict[str, tuple[str, float]]:
	"""{name: (final status, seconds since its upload started)}."""
	done: dict[str, tuple[str, float]] = {}
	deadline = time.perf_counter() + timeout
	while len(done) < len(started) and time.perf_counter() < deadline:
		pending = [n for n in started if n not in done]
		for name, row in statuses(s, url, pending).items():
			if row["status"] in DONE:
				done[name] = (row["status"], time.perf_counter() - started[name])
		time.sleep(0.1)
	for name in started:
		done.setdefault(name, ("timeout", timeout))
	return done


def main(argv=None) -> None:
	ap = argparse.ArgumentParser(description="zéro saisie: upload → ready for review, through the real queue")
	ap.add_argument("--url", default=os.environ.get("SYNDIC_URL", "http://localhost:8000"))
	ap.add_argument("--user", default="Administrator")
	ap.add_argument("--password")
	ap.add_argument("--per-class", type=int, default=3)
	ap.add_argument(
		"--scans", action="store_true", help="upload the degraded scans (OCR) instead of the digital PDFs"
	)
	ap.add_argument("--burst", action="store_true", help="upload everything first, then wait")
	ap.add_argument("--residence")
	ap.add_argument("--timeout", type=float, default=600)
	ap.add_argument("--keep", action="store_true", help="keep the Incoming Documents")
	args = ap.parse_args(argv)
	password = args.password or (REPO / "sites" / ".admin_password").read_text().strip()

	seed = random.SystemRandom().randint(1, 10**9)
	out = Path(tempfile.mkdtemp(prefix="intake-e2e-"))
	manifest = generate(out, per_class=args.per_class, seed=seed, scans=args.scans, max_statement_lines=40)
	files = [Path(e["scan" if args.scans else "digital"]) for e in manifest]
	s = login(args.url, args.user, args.password or password)

	started: dict[str, float] = {}
	request_s: list[float] = []
	results: dict[str, tuple[str, float]] = {}
	kinds: dict[str, str] = {}
	t_all = time.perf_counter()
	for e, path in zip(manifest, files, strict=True):
		t = time.perf_counter()
		name, took = upload(s, args.url, path, args.residence)
		started[name], kinds[name] = t, e["class"]
		request_s.append(took)
		if not args.burst:
			results.update(wait(s, args.url, {name: t}, args.timeout))
	if args.burst:
		results = wait(s, args.url, started, args.timeout)
	wall = time.perf_counter() - t_all

	mode = "burst" if args.burst else "one at a time"
	source = "degraded scans (OCR)" if args.scans else "digital PDFs (text layer)"
	print(f"{len(files)} documents, {source}, {mode}, against {args.url}\n")
	print(f"{'document':<16} {'class':<17} {'status':<10} {'seconds':>8}")
	for name, (status, seconds) in results.items():
		print(f"{name:<16} {kinds[name]:<17} {status:<10} {seconds:>8.2f}")
	ready = [sec for status, sec in results.values() if status in READY]
	print()
	print(
		f"upload requests (file + Incoming Document, returns before reading): mean {statistics.fmean(request_s):.3f}s, max {max(request_s):.3f}s"
	)
	if ready:
		print(
			f"END TO END upload → ready for review: mean {statistics.fmean(ready):.2f}s, median {statistics.median(ready):.2f}s, "
			f"max {max(ready):.2f}s over {len(ready)} documents ({len(files) - len(ready)} not ready)"
		)
		for cls in sorted(set(kinds.values())):
			cls_ready = [results[n][1] for n in results if kinds[n] == cls and results[n][0] in READY]
			if cls_ready:
				print(f"  {cls:<17} mean {statistics.fmean(cls_ready):.2f}s, max {max(cls_ready):.2f}s")
	print(f"wall time {wall:.1f}s, {len(files) / wall:.2f} documents/s")

	if not args.keep:
		for name in results:
			s.delete(f"{args.url}/api/resource/Incoming Document/{name}", timeout=30)


if __name__ == "__main__":
	main()

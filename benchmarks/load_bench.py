"""Month-end load (issue 10), loopback only, bounded in count and time: N co-owners log in, open
their portal page (/mon-espace) and download their call notice (avis d'appel de fonds PDF),
C at a time, while an accountant reads the desk lists (Payment Entry, Sales Invoice) in a loop.
Prints p50/p95 per route, errors and throughput, through nginx (port 80) and straight to
gunicorn (127.0.0.1:8000), one after the other on the same users.

	env/bin/python benchmarks/load_bench.py --site t-prod.localhost --users 300 --concurrency 20

Setup (on the site, idempotent): the first N co-owners with an e-mail and a submitted invoice get
a portal user with a benchmark password. Never run it on a site whose users matter.
Not covered here: payments recorded during the run and the `ocr` queue reading uploads.
"""

import argparse
import http.client
import os
import statistics
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH_PASSWORD = "Load-Bench-2026!"


def prepare(site: str, users: int) -> list[tuple[str, str]]:
	"""[(user, invoice)]: portal users with the benchmark password and one call notice each."""
	import frappe
	from frappe.utils.password import update_password

	os.chdir(REPO / "sites")
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	rows = frappe.db.sql(
		"""select c.name, max(si.name) from `tabCo-owner` c
		join `tabSales Invoice` si on si.customer = c.customer and si.docstatus = 1
		where ifnull(c.email, '') != '' group by c.name order by c.name limit %s""",
		users,
	)
	out = []
	for co_owner_name, invoice in rows:
		co_owner = frappe.get_doc("Co-owner", co_owner_name)
		user = co_owner.portal_user
		if not user or not frappe.db.exists("User", user):
			user = co_owner.create_portal_user(send_welcome_email=False)
		update_password(user, BENCH_PASSWORD)
		out.append((user, invoice))
	frappe.db.commit()
	frappe.destroy()
	return out


class Recorder:
	def __init__(self):
		self.lock = threading.Lock()
		self.times: dict[str, list[float]] = {}
		self.errors: dict[str, int] = {}

	def add(self, route: str, seconds: float, ok: bool) -> None:
		with self.lock:
			self.times.setdefault(route, []).append(seconds)
			if not ok:
				self.errors[route] = self.errors.get(route, 0) + 1


def _call(host, port, site, method, path, body=None, cookie="", timeout=180):
	conn = http.client.HTTPConnection(host, port, timeout=timeout)
	headers = {"Host": site}
	if body is not None:
		body = urllib.parse.urlencode(body)
		headers["Content-Type"] = "application/x-www-form-urlencoded"
	if cookie:
		headers["Cookie"] = cookie
	conn.request(method, path, body=body, headers=headers)
	resp = conn.getresponse()
	data = resp.read()
	conn.close()
	return resp, data


def _timed(rec, route, fn):
	t0 = time.perf_counter()
	try:
		resp, data = fn()
		ok = resp.status == 200
	except (OSError, http.client.HTTPException) as error:
		resp, data, ok = None, type(error).__name__.encode(), False
	rec.add(route, time.perf_counter() - t0, ok)
	if not ok:  # which error: the status and the start of the answer
		print(f"error {route}: {resp.status if resp else '-'} {data[:160]!r}", file=sys.stderr)
	return resp, data, ok


def co_owner_session(target, site, user, invoice, rec):
	host, port = target
	resp, _, ok = _timed(
		rec,
		"login",
		lambda: _call(host, port, site, "POST", "/api/method/login", {"usr": user, "pwd": BENCH_PASSWORD}),
	)
	if not ok:
		return
	sid = next(
		(v.split(";")[0] for k, v in resp.getheaders() if k.lower() == "set-cookie" and "sid=" in v), ""
	)
	_timed(rec, "/mon-espace", lambda: _call(host, port, site, "GET", "/mon-espace", cookie=sid))
	path = "/api/method/syndic_maroc.api.portal.call_notice_pdf?" + urllib.parse.urlencode(
		{"invoice": invoice}
	)
	resp, data, ok = _timed(rec, "call_notice_pdf", lambda: _call(host, port, site, "GET", path, cookie=sid))
	if ok and not data.startswith(b"%PDF"):
		rec.add("call_notice_pdf (not a PDF)", 0, False)


def accountant(target, site, password, rec, stop):
	host, port = target
	resp, _ = _call(host, port, site, "POST", "/api/method/login", {"usr": "Administrator", "pwd": password})
	sid = next(
		(v.split(";")[0] for k, v in resp.getheaders() if k.lower() == "set-cookie" and "sid=" in v), ""
	)
	paths = [
		"/api/resource/Payment%20Entry?limit_page_length=20&fields=%5B%22*%22%5D",
		"/api/resource/Sales%20Invoice?limit_page_length=20&fields=%5B%22*%22%5D",
	]
	i = 0
	while not stop.is_set():
		_timed(rec, "accountant lists", lambda: _call(host, port, site, "GET", paths[i % 2], cookie=sid))
		i += 1
		time.sleep(0.5)


def run(label, target, site, pairs, concurrency, admin_password, max_seconds):
	rec = Recorder()
	stop = threading.Event()
	acc = threading.Thread(target=accountant, args=(target, site, admin_password, rec, stop), daemon=True)
	acc.start()
	t0 = time.perf_counter()
	pool = ThreadPoolExecutor(concurrency)
	futures = [pool.submit(co_owner_session, target, site, u, inv, rec) for u, inv in pairs]
	_done, late = wait(futures, timeout=max_seconds)
	for f in late:
		f.cancel()
	pool.shutdown(wait=False, cancel_futures=True)
	if late:
		rec.add("sessions not done in time", max_seconds, False)
		print(f"{label}: {len(late)} of {len(pairs)} sessions not finished within {max_seconds} s")
	wall = time.perf_counter() - t0
	stop.set()
	acc.join(timeout=10)
	total = sum(len(v) for v in rec.times.values())
	print(
		f"\n== {label} ({target[0]}:{target[1]}): {len(pairs)} co-owners, {concurrency} at a time, {wall:.1f} s"
	)
	print(f"{'route':28} {'n':>5} {'p50 s':>7} {'p95 s':>7} {'max s':>7} {'errors':>6}")
	for route, times in sorted(rec.times.items()):
		times = sorted(times)
		p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
		print(
			f"{route:28} {len(times):5d} {statistics.median(times):7.2f} {p95:7.2f} {times[-1]:7.2f} "
			f"{rec.errors.get(route, 0):6d}"
		)
	print(f"throughput: {total / wall:.1f} req/s; errors: {sum(rec.errors.values())}")
	return sum(rec.errors.values())


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--users", type=int, default=300)
	parser.add_argument("--concurrency", type=int, default=20)
	parser.add_argument("--admin-password", default="admin")
	parser.add_argument("--max-seconds", type=int, default=600, help="per run")
	parser.add_argument("--modes", default="nginx,direct")
	args = parser.parse_args()
	if args.site == "syndic.localhost":
		sys.exit("not on the demo site: it creates portal users (use a test site)")
	t0 = time.perf_counter()
	pairs = prepare(args.site, args.users)
	print(
		f"setup: {len(pairs)} co-owners with a portal user and a call notice ({time.perf_counter() - t0:.1f} s)"
	)
	if not pairs:
		sys.exit("no co-owner with an e-mail and a submitted invoice on the site")
	targets = {"nginx": ("127.0.0.1", 80), "direct": ("127.0.0.1", 8000)}
	errors = 0
	for mode in args.modes.split(","):
		errors += run(
			mode, targets[mode], args.site, pairs, args.concurrency, args.admin_password, args.max_seconds
		)
	return 1 if errors else 0


if __name__ == "__main__":
	sys.exit(main())

"""Benchmark: N co-owners downloading their PDF at the same time, old renderer vs new.

	cd /work/main && runuser -u syndic -- env HOME=/tmp env/bin/python benchmarks/pdf_bench.py \\
		--site t-pdf.localhost [--concurrency 1 4 8] [--per-client 2] [--timeout 60]

A gunicorn of our own (2 workers x 2 threads, like a small production web process) serves the
site on a free loopback port, with the site's public URL pointed at itself (as in production).
One demo co-owner logs in; each of N clients downloads, one after the other, `--per-client`
documents (the Arabic reçu, the French call notice, alternately) through the portal endpoints.
- "new": our print formats on headless Chromium, local assets, bounded pool and timeout.
- "old": the same print formats on Frappe's own wkhtmltopdf path (Print Format pdf_generator
  "wkhtmltopdf"), which fetches print.bundle.css from the same server: at N >= the thread count it
  deadlocks, and every request runs into the client timeout.
Prints, per (renderer, N): completed / errors / timeouts, renders per second, p50 and p95 latency
of the completed downloads, and a ping's latency during the burst. The Print Formats are put back
as they were.
"""

import argparse
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _site import connect

from tests.site.utils.server import gunicorn

FORMATS = ("Call Notice", "Payment Receipt")
PORTAL = "/api/method/syndic_maroc.api.portal"


def demo_documents(frappe):
	import secrets

	from frappe.utils.password import update_password

	row = frappe.db.sql(
		"""select pe.name, pe.syndic_co_owner as co_owner, pe.party as customer
		from `tabPayment Entry` pe
		where pe.docstatus = 1 and ifnull(pe.syndic_receipt, '') != '' and ifnull(pe.syndic_co_owner, '') != ''
		order by pe.posting_date desc, pe.name limit 1""",
		as_dict=True,
	)[0]
	invoice = frappe.db.get_value(
		"Sales Invoice",
		{"customer": row.customer, "docstatus": 1, "syndic_call_for_funds": ("is", "set")},
		"name",
	)
	user = frappe.get_doc("Co-owner", row.co_owner).create_portal_user()
	password = "Bench-" + secrets.token_urlsafe(12)
	update_password(user, password)
	frappe.db.commit()
	return row.name, invoice, user, password


def set_generator(frappe, value):
	for name in FORMATS:
		frappe.db.set_value("Print Format", name, "pdf_generator", value, update_modified=False)
	frappe.db.commit()
	frappe.clear_cache()


def run(base, user, password, payment, invoice, clients, per_client, timeout):
	import requests

	def session():
		s = requests.Session()
		s.post(f"{base}/api/method/login", json={"usr": user, "pwd": password}, timeout=60)
		return s

	sessions = [session() for _ in range(clients)]
	latencies, errors, timeouts, lock = [], [0], [0], threading.Lock()

	def client(i):
		for k in range(per_client):
			if (i + k) % 2:
				url, params = f"{PORTAL}.call_notice_pdf", {"invoice": invoice, "lang": "fr"}
			else:
				url, params = f"{PORTAL}.receipt_pdf", {"payment_entry": payment, "lang": "ar"}
			start = time.monotonic()
			try:
				answer = sessions[i].get(base + url, params=params, timeout=timeout)
				ok = answer.status_code == 200 and answer.content[:4] == b"%PDF"
				with lock:
					if ok:
						latencies.append(time.monotonic() - start)
					else:
						errors[0] += 1
			except requests.Timeout:
				with lock:
					timeouts[0] += 1
			except requests.RequestException:
				with lock:
					errors[0] += 1

	threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
	started = time.monotonic()
	for t in threads:
		t.start()
	time.sleep(0.5)
	ping_start = time.monotonic()
	try:
		requests.get(f"{base}/api/method/ping", timeout=timeout)
		ping = f"{time.monotonic() - ping_start:.1f} s"
	except requests.RequestException:
		ping = f"no answer in {timeout:g} s"
	for t in threads:
		t.join()
	wall = time.monotonic() - started
	return latencies, errors[0], timeouts[0], wall, ping


def pct(values, q):
	if not values:
		return float("nan")
	values = sorted(values)
	return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", default="t-pdf.localhost")
	parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 8])
	parser.add_argument("--per-client", type=int, default=2)
	parser.add_argument("--timeout", type=float, default=60)
	parser.add_argument("--renderers", nargs="+", default=["new", "old"], choices=["new", "old"])
	args = parser.parse_args()

	frappe = connect(args.site, REPO)
	payment, invoice, user, password = demo_documents(frappe)
	before = {name: frappe.db.get_value("Print Format", name, "pdf_generator") for name in FORMATS}
	print(f"site {args.site}, 2 workers x 2 threads, {args.per_client} downloads per client")
	print(
		f"{'renderer':8} {'N':>3} {'done':>5} {'err':>4} {'t/o':>4} {'renders/s':>9} {'p50 s':>6} {'p95 s':>6}  ping"
	)
	try:
		for renderer in args.renderers:
			set_generator(frappe, "chrome" if renderer == "new" else "wkhtmltopdf")
			for n in args.concurrency:
				# a fresh server each time: the old renderer leaves it deadlocked
				with gunicorn(REPO, args.site, workers=2, threads=2) as base:
					lat, err, to, wall, ping = run(
						base, user, password, payment, invoice, n, args.per_client, args.timeout
					)
				rate = len(lat) / wall if wall else 0
				print(
					f"{renderer:8} {n:>3} {len(lat):>5} {err:>4} {to:>4} {rate:>9.2f} "
					f"{pct(lat, 0.5):>6.2f} {pct(lat, 0.95):>6.2f}  {ping}",
					flush=True,
				)
	finally:
		for name, value in before.items():
			frappe.db.set_value("Print Format", name, "pdf_generator", value, update_modified=False)
		frappe.db.commit()
		frappe.clear_cache()
		frappe.destroy()


if __name__ == "__main__":
	main()

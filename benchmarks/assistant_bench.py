"""Benchmark: time to answer a ledger question without generation, end to end (router → tools as
the user → template → figure check), p50/p95 in ms. Target: under 1.5 s.

	cd /work/main && runuser -u syndic -- env/bin/python benchmarks/assistant_bench.py --site t-asst.localhost \
		[--rounds 10] [--http --password admin]

The questions are built from the site's own books (its first résidence, a lot with an open
balance, a supplier of the résidence): balance of a lot, arrears top 10, spending by quarter,
budget vs actual, called/collected, open supplier invoices, registry counts, share of a call,
in French, Arabic and Darija. In process they run as Administrator through
syndic_maroc.assistant.answer.answer; with --http each is a POST to api.assistant.ask on a
gunicorn of our own (2 workers) with a logged-in session, as an integrator would call it.
Round 1 (cold caches) is reported apart and left out of p50/p95.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from _site import connect

REPO = Path(__file__).resolve().parent.parent


def questions(frappe) -> list[str]:
	residence = frappe.get_all("Residence", pluck="residence_name", order_by="name", limit=1)[0]
	name = frappe.db.get_value("Residence", {"residence_name": residence}, "name")
	short = residence.replace("Résidence ", "")
	lot = frappe.db.sql(
		"""select u.unit_number from `tabUnit` u join `tabCo-owner` c on c.name = u.co_owner
		join `tabSales Invoice` si on si.customer = c.customer and si.syndic_residence = u.residence
		where u.residence = %s and si.docstatus = 1 and si.outstanding_amount > 0 limit 1""",
		name,
	)[0][0]
	year = frappe.utils.getdate().year
	return [
		f"combien doit le lot {lot} ?",
		f"les 10 plus gros impayés à {short}",
		f"dépenses de gardiennage par trimestre à {short} en {year}",
		f"le budget nettoyage est-il dépassé à {short} ?",
		f"combien a-t-on appelé et encaissé au 2e trimestre à {short} ?",
		f"quelles factures fournisseurs restent à payer à {short} ?",
		f"كم عدد الشقق في {short}؟",
		f"ما هو مجموع المستحقات غير المؤداة في {short}؟",
		f"ch7al khasso {lot} ?",
		f"pourquoi l'appel du 2e trimestre du lot {lot} ?",
	]


def pct(values: list[float], q: float) -> float:
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> int:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", default="t-asst.localhost")
	parser.add_argument("--rounds", type=int, default=10)
	parser.add_argument("--http", action="store_true", help="through api.assistant.ask on our own gunicorn")
	parser.add_argument("--password", default="admin", help="Administrator password (for --http)")
	args = parser.parse_args()
	frappe = connect(args.site, REPO)
	frappe.conf.pop("syndic_ollama_host", None)  # without generation
	qs = questions(frappe)
	timings: list[float] = []
	cold: list[float] = []
	if args.http:
		import requests

		sys.path.insert(0, str(REPO))
		from frappe.installer import update_site_config

		from tests.site.utils.server import gunicorn

		previous = frappe.conf.get("syndic_assistant_rate_limit")
		update_site_config("syndic_assistant_rate_limit", 100000)
		try:
			with gunicorn(REPO, args.site, workers=2, threads=2) as base:
				s = requests.Session()
				s.post(
					f"{base}/api/method/login",
					data={"usr": "Administrator", "pwd": args.password},
					timeout=30,
				)
				for round_no in range(args.rounds + 1):
					for q in qs:
						start = time.perf_counter()
						r = s.post(
							f"{base}/api/method/syndic_maroc.api.assistant.ask",
							data={"question": q},
							timeout=60,
						)
						r.raise_for_status()
						(cold if round_no == 0 else timings).append((time.perf_counter() - start) * 1000)
		finally:
			update_site_config("syndic_assistant_rate_limit", previous if previous is not None else "None")
	else:
		from syndic_maroc.assistant.answer import answer

		for round_no in range(args.rounds + 1):
			for q in qs:
				start = time.perf_counter()
				result = answer(q)
				(cold if round_no == 0 else timings).append((time.perf_counter() - start) * 1000)
				assert result["figures_checked"], (q, result["answer"])
			frappe.db.rollback()
	mode = "HTTP api.assistant.ask (gunicorn, 2 workers)" if args.http else "in process (answer.answer)"
	print(f"assistant ledger questions without generation, {mode}, site {args.site}")
	print(f"  {len(qs)} questions x {args.rounds} rounds = {len(timings)} answers")
	print(f"  cold round: max {max(cold):.0f} ms, mean {statistics.mean(cold):.0f} ms")
	print(
		f"  p50 {pct(timings, 0.5):.0f} ms   p95 {pct(timings, 0.95):.0f} ms   max {max(timings):.0f} ms   (target < 1500 ms)"
	)
	return 0


if __name__ == "__main__":
	sys.exit(main())

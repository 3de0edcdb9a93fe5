"""Benchmark: the live tally and the minutes of a general assembly of N lots (default 1,000).

	cd /work/main && env/bin/python benchmarks/assembly_bench.py [--lots 1000] [--resolutions 20]
	cd /work/main && runuser -u syndic -- env/bin/python benchmarks/assembly_bench.py --site t-ag.localhost

1. Tally (pure, core.assembly.tally): N owners of one lot each (tantièmes summing to 10,000, one
   owner over the art. 16 decies cap), R resolutions of every majority type (some voted only by
   the owners of a special key), 90 % of the owners attending, half of the ballots cast. Timed:
   one vote, then the quorum and every resolution's decision (what the server does after each
   ballot before publishing the screen) — median and 95th percentile over 2,000 votes; and, for
   comparison, a rebuild from scratch.
2. Minutes (with --site): the "Assembly Minutes" print format of an AG of N owners and R closed
   resolutions, built in memory (nothing is saved; the transaction is rolled back), its rows
   pointing at the site's co-owners (cycled): HTML, then the PDF (the print format's PDF
   generator, headless Chromium; the PDF time includes rendering the HTML again).
3. Vote endpoint (with --site): assembly.live.vote on a synthetic AG of N owners (co-owners
   inserted in bulk, rolled back): what one desk vote costs on the server, end to end.
Target: (1) under 50 ms.
"""

import argparse
import random
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TYPES = [
	"Budget approval",
	"Concierge",
	"Major works",
	"New building or raising",
	"Pre-emption right",
	"Syndic and deputy appointment",
	"Maintenance and safety",
	"Reserve fund",
]


def population(lots: int, seed: int = 7):
	rng = random.Random(seed)
	weights = [rng.randint(5, 40) for _ in range(lots)]
	weights[0] = sum(weights[1:]) + 1000  # one owner above half: capped (art. 16 decies)
	scale = 10_000 / sum(weights)
	return {f"O{i:05d}": round(w * scale, 2) for i, w in enumerate(weights)}


def bench_tally(lots: int, resolutions: int) -> None:
	import sys

	sys.path.insert(0, str(REPO / "apps" / "syndic_maroc"))
	from syndic_maroc.core.assembly.tally import CHOICES, Tally

	rng = random.Random(11)
	votes = population(lots)
	owners = list(votes)
	concerned = owners[: lots // 3]
	specs = [(f"R{j}", TYPES[j % len(TYPES)], concerned if j % 5 == 4 else None) for j in range(resolutions)]

	def build():
		t = Tally(votes, specs)
		for o in owners:
			if rng.random() < 0.9:
				t.arrive(o)
		return t

	start = time.perf_counter()
	tally = build()
	attending = sorted(tally.attending)
	for key, _type, eligible in specs:
		pool = attending if eligible is None else [o for o in attending if o in set(eligible)]
		for o in pool[: len(pool) // 2]:
			tally.vote(key, o, rng.choice(CHOICES))
	rebuild_ms = (time.perf_counter() - start) * 1000

	samples = []
	for _ in range(2000):
		key, _type, eligible = specs[rng.randrange(resolutions)]
		pool = attending if eligible is None else eligible
		owner = rng.choice(pool)
		if owner not in tally.attending:
			continue
		t0 = time.perf_counter()
		tally.vote(key, owner, rng.choice(CHOICES))
		tally.quorum()
		tally.decisions()
		samples.append((time.perf_counter() - t0) * 1000)
	samples.sort()
	p95 = samples[int(len(samples) * 0.95)]
	print(f"tally: {lots} lots, {resolutions} resolutions, {len(tally.attending)} attending")
	print(
		f"  one vote + quorum + every resolution: median {statistics.median(samples):.3f} ms, "
		f"p95 {p95:.3f} ms, max {samples[-1]:.3f} ms (target < 50 ms)"
	)
	print(f"  rebuild from scratch with the ballots: {rebuild_ms:.1f} ms")


def bench_minutes(site: str, lots: int, resolutions: int) -> None:
	import sys

	sys.path.insert(0, str(REPO / "benchmarks"))
	from _site import connect

	frappe = connect(site, REPO)
	try:
		residence = frappe.get_all("Residence", pluck="name", limit=1)[0]
		votes = population(lots)
		# Real co-owners (cycled): the print view looks up each row's link title, as on a real AG.
		real = frappe.get_all("Co-owner", pluck="name", order_by="name")
		doc = frappe.get_doc(
			{
				"doctype": "General Assembly",
				"name": "AG-BENCH",
				"residence": residence,
				"place": "Salle",
				"assembly_type": "Ordinary",
				"first_meeting": frappe.utils.now_datetime(),
				"held_at_meeting": "First meeting",
				"president_name": "Président",
				"secretary_name": "Secrétaire",
				"members": lots,
				"attending_heads": int(lots * 0.9),
				"total_votes": 10_000,
				"attending_votes": 9_000,
				"attendance": [
					{
						"co_owner": real[i % len(real)],
						"co_owner_name": f"Copropriétaire {o}",
						"lots": f"L{o[1:]}",
						"tantiemes": v,
						"votes": v,
						"counted_votes": min(v, 5000),
						"status": "Present" if i % 10 else "Absent",
						"admitted": 1,
					}
					for i, (o, v) in enumerate(votes.items())
				],
				"resolutions": [
					{
						"title": f"Résolution {j + 1}",
						"legal_type": TYPES[j % len(TYPES)],
						"articles": "21",
						"vote_status": "Closed",
						"result": "Adopted" if j % 2 else "Lost",
						"for_votes": 7000,
						"against_votes": 1500,
						"abstain_votes": 500,
						"for_heads": 700,
						"against_heads": 150,
						"abstain_heads": 50,
						"opponents": ", ".join(f"Copropriétaire O{k:05d}" for k in range(0, lots, 7)),
						"abstainers": ", ".join(f"Copropriétaire O{k:05d}" for k in range(3, lots, 20)),
					}
					for j in range(resolutions)
				],
			}
		)
		t0 = time.perf_counter()
		html = frappe.get_print("General Assembly", doc.name, "Assembly Minutes", doc=doc)
		t1 = time.perf_counter()
		pdf = frappe.get_print("General Assembly", doc.name, "Assembly Minutes", doc=doc, as_pdf=True)
		t2 = time.perf_counter()
		print(f"minutes: {lots} owners, {resolutions} resolutions")
		print(
			f"  HTML {t1 - t0:.2f} s ({len(html) // 1024} KiB), PDF {t2 - t1:.2f} s ({len(pdf) // 1024} KiB)"
		)
	finally:
		frappe.db.rollback()
		frappe.destroy()


def bench_endpoint(site: str, lots: int, resolutions: int, samples: int = 50) -> None:
	"""The desk's vote endpoint (assembly.live.vote) on a synthetic AG of `lots` owners: the
	document read, the cached tally's update, the quorum and every resolution, the ballot saved."""
	import sys

	sys.path.insert(0, str(REPO / "benchmarks"))
	from _site import connect

	frappe = connect(site, REPO)
	try:
		from syndic_maroc.assembly import live

		residence = frappe.get_all("Residence", pluck="name", limit=1)[0]
		now = frappe.utils.now()
		tag = frappe.generate_hash(length=5)
		votes = population(lots)
		names = {o: f"COPB-{tag}-{o}" for o in votes}
		frappe.db.bulk_insert(
			"Co-owner",
			["name", "creation", "modified", "owner", "modified_by", "full_name"],
			[(n, now, now, "Administrator", "Administrator", f"Copro {o}") for o, n in names.items()],
		)
		doc = frappe.get_doc(
			{
				"doctype": "General Assembly",
				"residence": residence,
				"place": "Salle",
				"first_meeting": frappe.utils.add_days(frappe.utils.now_datetime(), 20),
				"attendance": [
					{"co_owner": names[o], "co_owner_name": o, "votes": v, "status": "Present"}
					for o, v in votes.items()
				],
				"resolutions": [
					{"title": f"R{j}", "legal_type": TYPES[j % len(TYPES)]}
					for j in range(resolutions)
					if TYPES[j % len(TYPES)] != "Pre-emption right"
				],
			}
		).insert()
		frappe.db.set_value(
			"General Assembly", doc.name, {"status": "Convened", "opened_at": frappe.utils.now()}
		)
		frappe.db.sql("update `tabAssembly Resolution` set vote_status='Open' where parent=%s", doc.name)
		res = frappe.get_all("Assembly Resolution", filters={"parent": doc.name}, pluck="name")
		owners = list(names.values())
		live.vote(doc.name, res[0], owners[-1], "For")  # builds and caches the tally
		times = []
		for k in range(samples):
			t0 = time.perf_counter()
			live.vote(doc.name, res[k % len(res)], owners[k], "For" if k % 3 else "Against")
			times.append((time.perf_counter() - t0) * 1000)
		times.sort()
		print(f"vote endpoint: {lots} owners, {len(res)} resolutions, {samples} votes")
		print(
			f"  median {statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95)]:.1f} ms "
			"(document read + tally + quorum + every resolution + ballot saved)"
		)
	finally:
		frappe.db.rollback()
		frappe.destroy()


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--lots", type=int, default=1000)
	parser.add_argument("--resolutions", type=int, default=20)
	parser.add_argument("--site", help="a site for the minutes benchmark (never the user's site)")
	args = parser.parse_args()
	bench_tally(args.lots, args.resolutions)
	if args.site:
		bench_endpoint(args.site, args.lots, args.resolutions)
		bench_minutes(args.site, args.lots, args.resolutions)


if __name__ == "__main__":
	main()

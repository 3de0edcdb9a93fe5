"""Benchmark: seconds to compute the firm dashboard (oversight.figures.firm) over R résidences
holding L lots in all (default 50 and 10,000), and the payer risk (RFM) of the largest one.

	cd /work/main && runuser -u syndic -- env/bin/python benchmarks/dashboard_bench.py \
		[--residences 50] [--lots 10000] [--site SITE]

Method (as benchmarks/arrears_bench.py): the data is inserted directly (frappe.db.bulk_insert)
inside one transaction rolled back at the end, the site is left as it was. R Residence rows on an
existing company (so the bank and budget queries run on a real chart of accounts), L/R lots each,
one co-owner per lot, 4 quarterly submitted Sales Invoices per lot (a third open, a third half
paid, a third paid) with their Payment Ledger Entries (the invoice's own row and the payments,
some after the due date). Then firm() — collection rate of the quarter and the year, arrears by
ageing bucket of every résidence, bank against next quarter's planned spend, incoming documents
to review — is timed as the cards compute it, then residence_risks() of one résidence.

The handover kit (issue 14, item 6) is not built yet: nothing to time for it.
"""

import argparse
import os
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from _site import connect

REPO = Path(__file__).resolve().parent.parent
COMMON = ["name", "creation", "modified", "owner", "modified_by"]


def seed(frappe, residences: list[str], company: str, lots: int) -> int:
	now = frappe.utils.now()
	year = date.today().year
	dues = [date(year, month, 1) for month in (1, 4, 7, 10)]
	res_rows = [(r, now, now, "Administrator", "Administrator", r, company) for r in residences]
	frappe.db.bulk_insert("Residence", [*COMMON, "residence_name", "company"], res_rows)
	per = max(1, lots // len(residences))
	invoices = 0
	for r_index, residence in enumerate(residences):
		tag = f"{residence[-6:]}{r_index:02d}"
		units, owners, sis, items, ples = [], [], [], [], []
		for i in range(per):
			unit, owner, customer = f"U{i:05d}-{tag}", f"COPD-{tag}-{i:05d}", f"CUSTD-{tag}-{i:05d}"
			units.append(
				(unit, now, now, "Administrator", "Administrator", residence, f"U{i:05d}", owner, 10)
			)
			owners.append((owner, now, now, "Administrator", "Administrator", f"Copro {i}", customer))
			for q, due in enumerate(dues):
				invoice = f"SID-{tag}-{i:05d}-{q}"
				total = 300.0 + (i % 7)
				state = (i + q) % 3  # 0 open, 1 half paid late, 2 paid on time
				outstanding = total if state == 0 else (round(total / 2, 2) if state == 1 else 0)
				sis.append(
					(
						invoice,
						now,
						now,
						"Administrator",
						"Administrator",
						1,
						0,
						customer,
						due,
						due,
						total,
						total,
						outstanding,
						residence,
						"3421 - bench",
					)
				)
				items.append(
					(
						f"{invoice}-0",
						now,
						now,
						"Administrator",
						"Administrator",
						invoice,
						"Sales Invoice",
						"items",
						1,
						unit,
						total,
						total,
						1,
					)
				)
				ples.append(
					(
						f"PLE-{invoice}",
						now,
						now,
						"Administrator",
						"Administrator",
						due,
						company,
						"Customer",
						customer,
						"Sales Invoice",
						invoice,
						"Sales Invoice",
						invoice,
						total,
						0,
					)
				)
				if state:
					paid_on = due + timedelta(days=25 if state == 1 else -3)
					ples.append(
						(
							f"PLP-{invoice}",
							now,
							now,
							"Administrator",
							"Administrator",
							paid_on,
							company,
							"Customer",
							customer,
							"Payment Entry",
							f"PE-{invoice}",
							"Sales Invoice",
							invoice,
							-(total - outstanding),
							0,
						)
					)
		frappe.db.bulk_insert(
			"Unit",
			[*COMMON, "residence", "unit_number", "co_owner", "tantiemes"],
			units,
			ignore_duplicates=True,
		)
		frappe.db.bulk_insert("Co-owner", [*COMMON, "full_name", "customer"], owners)
		frappe.db.bulk_insert(
			"Sales Invoice",
			[
				*COMMON,
				"docstatus",
				"is_return",
				"customer",
				"posting_date",
				"due_date",
				"grand_total",
				"base_grand_total",
				"outstanding_amount",
				"syndic_residence",
				"debit_to",
			],
			sis,
		)
		frappe.db.bulk_insert(
			"Sales Invoice Item",
			[
				*COMMON,
				"parent",
				"parenttype",
				"parentfield",
				"idx",
				"syndic_unit",
				"amount",
				"base_amount",
				"qty",
			],
			items,
		)
		frappe.db.bulk_insert(
			"Payment Ledger Entry",
			[
				*COMMON,
				"posting_date",
				"company",
				"party_type",
				"party",
				"voucher_type",
				"voucher_no",
				"against_voucher_type",
				"against_voucher_no",
				"amount",
				"delinked",
			],
			ples,
		)
		invoices += len(sis)
	return invoices


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--residences", type=int, default=50)
	parser.add_argument("--lots", type=int, default=10000)
	parser.add_argument("--site", default=os.environ.get("SYNDIC_SITE"))
	args = parser.parse_args()
	bench = Path(os.environ.get("SYNDIC_BENCH") or REPO)
	site = args.site or (bench / "sites" / "currentsite.txt").read_text().strip()
	frappe = connect(site, bench)
	from syndic_maroc.oversight.figures import firm
	from syndic_maroc.oversight.payer_risk import residence_risks

	company = frappe.db.get_value("Residence", {"company": ("is", "set")}, "company")
	tag = uuid.uuid4().hex[:6].upper()
	residences = [f"Résidence Bench Dashboard {i:02d} {tag}" for i in range(args.residences)]
	try:
		start = time.perf_counter()
		invoices = seed(frappe, residences, company, args.lots)
		print(
			f"seeded {args.residences} résidences, {args.lots} lots, {invoices} invoices in {time.perf_counter() - start:.1f} s (rolled back)"
		)
		start = time.perf_counter()
		result = firm(residences)
		elapsed = time.perf_counter() - start
		print(
			f"firm dashboard over {result['residences']} résidences: arrears {result['arrears']['overdue']:.2f}, "
			f"collection rate this year {result['collection_year'].rate:.3f}, {elapsed:.2f} s"
		)
		start = time.perf_counter()
		rows = residence_risks(residences[0])
		print(f"payer risk of one résidence ({len(rows)} co-owners): {time.perf_counter() - start:.2f} s")
	finally:
		frappe.db.rollback()
		frappe.destroy()
	return 0


if __name__ == "__main__":
	raise SystemExit(main())

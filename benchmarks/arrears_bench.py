"""Benchmark: seconds of the "Arrears by Unit" report on a résidence of N units (default 10,000).

	cd /work/main && runuser -u syndic -- env/bin/python benchmarks/arrears_bench.py [--units 10000]

Method: issuing 40,000 real invoices through ERPNext would take most of an hour, and the report
only reads the receivables, so the data is inserted directly (frappe.db.bulk_insert) inside one
transaction that is rolled back at the end (the site is left as it was): N units of a synthetic
résidence, one co-owner per unit, and for each unit `--calls` submitted Sales Invoices (one per
quarter, due 1 Jan / 1 Apr / 1 Jul / 1 Oct of the current year, three lines each, as a call for
funds makes them), a third of them partly paid (outstanding = half), a third fully paid
(outstanding 0, so they are filtered out by the query), the rest fully open. Then the report's
execute() is timed as the desk runs it, by unit and by co-owner, on 31 December.
"""

import argparse
import os
import time
import uuid
from datetime import date
from pathlib import Path

from _site import connect

REPO = Path(__file__).resolve().parent.parent


def seed(frappe, residence: str, units: int, calls: int) -> int:
	tag = residence[-6:]
	now = frappe.utils.now()
	year = date.today().year
	dues = [date(year, month, 1) for month in (1, 4, 7, 10)][:calls]
	unit_rows, owner_rows, invoice_rows, item_rows = [], [], [], []
	for i in range(units):
		unit, owner, customer = f"U{i:05d}-{tag}", f"COPB-{tag}-{i:05d}", f"CUSTB-{tag}-{i:05d}"
		unit_rows.append(
			(
				unit,
				now,
				now,
				"Administrator",
				"Administrator",
				residence,
				f"U{i:05d}",
				owner,
				f"Copro {i}",
				10,
			)
		)
		owner_rows.append((owner, now, now, "Administrator", "Administrator", f"Copro {i}", customer))
		for q, due in enumerate(dues):
			invoice = f"SIB-{tag}-{i:05d}-{q}"
			total = 300.0 + (i % 7)
			state = (i + q) % 3  # 0 open, 1 half paid, 2 paid
			outstanding = total if state == 0 else (round(total / 2, 2) if state == 1 else 0)
			invoice_rows.append(
				(
					invoice,
					now,
					now,
					"Administrator",
					"Administrator",
					1,
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
			for line, amount in enumerate((100.0, 100.0, total - 200.0)):
				item_rows.append(
					(
						f"{invoice}-{line}",
						now,
						now,
						"Administrator",
						"Administrator",
						invoice,
						"Sales Invoice",
						"items",
						line + 1,
						unit,
						amount,
						amount,
						1,
					)
				)
	common = ["name", "creation", "modified", "owner", "modified_by"]
	frappe.db.bulk_insert(
		"Unit",
		[*common, "residence", "unit_number", "co_owner", "co_owner_name", "tantiemes"],
		unit_rows,
		ignore_duplicates=True,
	)
	frappe.db.bulk_insert("Co-owner", [*common, "full_name", "customer"], owner_rows)
	frappe.db.bulk_insert(
		"Sales Invoice",
		[
			*common,
			"docstatus",
			"customer",
			"posting_date",
			"due_date",
			"grand_total",
			"base_grand_total",
			"outstanding_amount",
			"syndic_residence",
			"debit_to",
		],
		invoice_rows,
	)
	frappe.db.bulk_insert(
		"Sales Invoice Item",
		[
			*common,
			"parent",
			"parenttype",
			"parentfield",
			"idx",
			"syndic_unit",
			"amount",
			"base_amount",
			"qty",
		],
		item_rows,
	)
	return len(invoice_rows)


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--units", type=int, default=10000)
	parser.add_argument("--calls", type=int, default=4, help="quarterly invoices per unit (1-4)")
	parser.add_argument("--site", default=os.environ.get("SYNDIC_SITE"))
	args = parser.parse_args()
	bench = Path(os.environ.get("SYNDIC_BENCH") or REPO)
	site = args.site or (bench / "sites" / "currentsite.txt").read_text().strip()
	frappe = connect(site, bench)
	from syndic_maroc.finance.report.arrears_by_unit.arrears_by_unit import execute

	residence = f"Résidence Bench Arrears {uuid.uuid4().hex[:6].upper()}"
	try:
		start = time.perf_counter()
		invoices = seed(frappe, residence, args.units, args.calls)
		seeded = time.perf_counter() - start
		print(
			f"seeded {args.units} units, {invoices} invoices in {seeded:.1f} s (direct inserts, rolled back)"
		)
		as_of = date(date.today().year, 12, 31)
		for group_by in ("Unit", "Co-owner"):
			start = time.perf_counter()
			_columns, data = execute({"residence": residence, "as_of_date": as_of, "group_by": group_by})
			elapsed = time.perf_counter() - start
			print(
				f"Arrears by Unit, group by {group_by}: {len(data) - 1} rows, total {data[-1]['total']:.2f} MAD, {elapsed:.2f} s"
			)
	finally:
		frappe.db.rollback()
		frappe.destroy()
	return 0


if __name__ == "__main__":
	raise SystemExit(main())

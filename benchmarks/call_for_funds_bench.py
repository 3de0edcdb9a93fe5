"""Benchmark: seconds to issue a call for funds for a résidence of N units (default 1,000).

	cd /work/main && runuser -u syndic -- env/bin/python benchmarks/call_for_funds_bench.py [--units 1000]

Builds a throwaway résidence (its company and chart, co-owners with their customers, N units,
an approved budget), then times what the worker does for one quarterly call: submit the Call
for Funds and issue its invoices (one submitted Sales Invoice per co-owner and kind, GL and
payment-ledger entries by ERPNext). Prints the setup time, the issue time and invoices/second.

Modes:
- default: one process, one transaction rolled back at the end (the site is left as it was;
  the job's batch commits are skipped, as in tests);
- --workers N: the setup is committed, N processes each issue a share of the call
  (`issue_invoices(call, chunk=i, chunks=N)`, what N queue workers do with
  `syndic_issue_workers: N`; the Procfile runs two `long` workers and N defaults to 2 there),
  with the real commits every `--batch` invoices (site config `syndic_issue_batch`, default
  25); afterwards everything the benchmark made is cancelled and deleted again (unless --keep).
  This is the production figure: `--workers 2`.

The machine's other load moves the wall time: each worker also prints its own CPU time.
"""

import argparse
import multiprocessing
import os
import sys
import time
import uuid
from pathlib import Path

from _site import connect  # benchmarks/ is on sys.path when run as a script

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--units", type=int, default=1000)
	parser.add_argument(
		"--units-per-owner", type=int, default=1, help="units of each co-owner (1: one invoice per unit)"
	)
	parser.add_argument(
		"--workers", type=int, default=0, help="issue with N processes (commits, then cleans up)"
	)
	parser.add_argument("--keep", action="store_true", help="with --workers: keep the data")
	parser.add_argument(
		"--batch",
		type=int,
		default=0,
		help="with --workers: invoices per commit (default: site config or 25)",
	)
	parser.add_argument(
		"--daily-sales-update",
		action="store_true",
		help="Selling Settings > sales_update_frequency = Daily for this run (rolled back with it)",
	)
	parser.add_argument("--site", default=os.environ.get("SYNDIC_SITE"))
	parser.add_argument(
		"--no-floor",
		action="store_true",
		help="skip ERPNext's floor (plain Sales Invoices, one by one, same company, same count)",
	)
	args = parser.parse_args()

	bench = Path(os.environ.get("SYNDIC_BENCH") or REPO)
	site = args.site or (bench / "sites" / "currentsite.txt").read_text().strip()
	frappe = connect(site, bench)
	committed = args.workers > 0
	if not committed:
		frappe.flags.in_test = True  # the issue job then runs inline without committing
	made = None
	if args.daily_sales_update and not committed:
		frappe.db.set_single_value("Selling Settings", "sales_update_frequency", "Daily")
	print(
		"Selling Settings sales_update_frequency:",
		frappe.db.get_single_value("Selling Settings", "sales_update_frequency"),
	)
	try:
		t0 = time.perf_counter()
		for attempt in range(1, 4):  # a shared site: another process may deadlock the company setup
			try:
				made = setup(frappe, args)
				break
			except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
				frappe.db.rollback()
				if attempt == 3:
					raise
				print(f"setup: lock conflict with another process, again ({attempt})")
		if committed:
			frappe.db.commit()
		setup_s = time.perf_counter() - t0

		call = made.call
		t1 = time.perf_counter()
		cpu1 = time.process_time()
		if committed:
			frappe.flags.syndic_issue_defer = True
			call.submit()
			frappe.db.commit()
			with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
				results = pool.starmap(
					issue_chunk,
					[(site, str(bench), call.name, i, args.workers, args.batch) for i in range(args.workers)],
				)
			frappe.db.rollback()  # see the workers' commits
		else:
			frappe.flags.syndic_issue_now = True  # run the job inline, as the worker would
			call.submit()
			results = []
		issue_s = time.perf_counter() - t1
		if not committed:
			print(
				f"cpu of this process while issuing: {time.process_time() - cpu1:.1f} s (machine load moves the wall time)"
			)
		code = report(frappe, args, made, setup_s, issue_s, results)
		if not args.no_floor and committed:
			print("ERPNext floor: only in the default mode (one process, rolled back): run without --workers")
		elif not args.no_floor:
			floor_s, count = erpnext_floor(frappe, made)
			print(
				f"ERPNext floor: {count} plain Sales Invoices created and submitted one by one on the same "
				f"company: {floor_s:.1f} s  → ratio call/floor {issue_s / floor_s:.2f}× (target ≤ 1.2×)"
			)
		return code
	finally:
		if committed and made and not args.keep:
			t2 = time.perf_counter()
			cleanup(frappe, made)
			print(f"cleanup: {time.perf_counter() - t2:.1f} s")
		elif not committed:
			frappe.db.rollback()
		frappe.destroy()


def issue_chunk(site: str, bench: str, call: str, chunk: int, chunks: int, batch: int = 0) -> dict:
	frappe = connect(site, Path(bench))
	try:
		from syndic_maroc.finance.invoicing import issue_invoices

		if batch:
			frappe.local.conf.syndic_issue_batch = batch
		cpu = time.process_time()
		result = issue_invoices(call, chunk=chunk, chunks=chunks)
		result["cpu_s"] = round(time.process_time() - cpu, 1)
		if "advances" in result:
			result["advances"] = len(result["advances"].get("applied") or [])
		return result
	finally:
		frappe.destroy()


def setup(frappe, args):
	tag = uuid.uuid4().hex[:5].upper()
	residence = frappe.get_doc(
		{
			"doctype": "Residence",
			"residence_name": f"Résidence Bench {tag}",
			"abbr": f"BN{tag}",
			"total_tantiemes": 100 * args.units,
		}
	).insert()
	owners = []
	for i in range((args.units + args.units_per_owner - 1) // args.units_per_owner):
		owners.append(
			frappe.get_doc({"doctype": "Co-owner", "full_name": f"Bench {tag} {i:05d}"}).insert().name
		)
	units = []
	for i in range(args.units):
		units.append(
			frappe.get_doc(
				{
					"doctype": "Unit",
					"residence": residence.name,
					"unit_number": f"L{i:05d}",
					"unit_type": "Apartment",
					"tantiemes": 50 + (i * 37) % 100,
					"co_owner": owners[i // args.units_per_owner],
				}
			)
			.insert()
			.name
		)
	general = frappe.db.get_value("Allocation Key", {"residence": residence.name, "is_general": 1}, "name")
	today = frappe.utils.getdate()
	fy = frappe.db.get_value(
		"Fiscal Year",
		{"year_start_date": ("<=", today), "year_end_date": (">=", today)},
		["name", "year_start_date"],
		as_dict=True,
	)
	budget = frappe.get_doc(
		{
			"doctype": "Residence Budget",
			"residence": residence.name,
			"fiscal_year": fy.name,
			"ag_date": fy.year_start_date,
			"ag_reference": "PV bench",
			"lines": [
				{"category": c, "allocation_key": general, "amount": a}
				for c, a in (
					("Common Area Electricity", 120000),
					("Cleaning", 240000.02),
					("Security", 300000),
					("Insurance", 45000),
					("Syndic Fees", 90000),
				)
			],
		}
	).insert()
	budget.submit()
	call = frappe.get_doc(
		{
			"doctype": "Call for Funds",
			"residence": residence.name,
			"source": "Budget",
			"residence_budget": budget.name,
			"period_index": 1,
			"posting_date": fy.year_start_date,
		}
	).insert()
	return frappe._dict(
		residence=residence, owners=owners, units=units, budget=budget, call=call, committed=False
	)


def erpnext_floor(frappe, made) -> tuple[float, int]:
	"""Seconds for ERPNext alone to make what the call made: as many plain Sales Invoices (same
	company, customers, item, accounts and amounts as the call's), inserted and submitted one by
	one through ERPNext's document API (issue 10: the figure the machine's load cannot move)."""
	rows = frappe.get_all(
		"Sales Invoice",
		filters={"syndic_call_for_funds": made.call.name, "docstatus": 1},
		fields=["name", "customer", "company", "posting_date", "due_date", "debit_to", "grand_total"],
	)
	t0 = time.perf_counter()
	made_floor = []
	for row in rows:
		item = frappe.get_all(
			"Sales Invoice Item",
			filters={"parent": row.name},
			fields=["item_code", "item_name", "uom", "income_account", "cost_center"],
			limit=1,
		)[0]
		invoice = frappe.get_doc(
			{
				"doctype": "Sales Invoice",
				"company": row.company,
				"customer": row.customer,
				"posting_date": row.posting_date,
				"set_posting_time": 1,
				"due_date": row.due_date,
				"debit_to": row.debit_to,
				"items": [
					{
						"item_code": item.item_code,
						"item_name": item.item_name,
						"uom": item.uom,
						"conversion_factor": 1,
						"qty": 1,
						"rate": row.grand_total,
						"income_account": item.income_account,
						"cost_center": item.cost_center,
					}
				],
			}
		)
		invoice.insert()
		invoice.submit()
		made_floor.append(invoice.name)
	# default mode: rolled back with everything else at the end
	return time.perf_counter() - t0, len(made_floor)


def report(frappe, args, made, setup_s, issue_s, results) -> int:
	call = frappe.get_doc("Call for Funds", made.call.name)
	issued = frappe.db.count("Sales Invoice", {"syndic_call_for_funds": call.name, "docstatus": 1})
	total = frappe.db.sql(
		"select sum(grand_total) from `tabSales Invoice` where syndic_call_for_funds=%s and docstatus=1",
		call.name,
	)[0][0]
	print(
		f"units: {args.units}  co-owners: {len(made.owners)}  invoices: {issued}  "
		f"total: {float(total or 0):.2f} MAD (call {call.total_amount:.2f})  status: {call.issue_status}"
	)
	print(f"setup: {setup_s:.1f} s")
	print(f"issue call for funds ({args.units} units): {issue_s:.1f} s  ({issued / issue_s:.1f} invoices/s)")
	from syndic_maroc.finance.invoicing import issue_batch_size

	mode = (
		f"{args.workers} worker processes, a commit every {args.batch or issue_batch_size()} invoices"
		if args.workers
		else "one process, one transaction rolled back"
	)
	print(f"mode: {mode}")
	if results:
		print(f"workers: {results}")
	ok = issued == call.invoice_count and abs(float(total or 0) - float(call.total_amount)) < 0.005
	return 0 if ok else 1


def cleanup(frappe, made) -> None:
	"""Cancel and delete everything the benchmark made, through the documents' own controllers
	(ERPNext deletes a cancelled invoice's ledger entries when delete_linked_ledger_entries is on;
	the setting is restored afterwards)."""
	frappe.db.rollback()
	frappe.flags.syndic_issue_defer = False
	frappe.flags.syndic_issue_now = True
	setting = frappe.db.get_single_value("Accounts Settings", "delete_linked_ledger_entries")
	frappe.db.set_single_value("Accounts Settings", "delete_linked_ledger_entries", 1)
	try:
		call = frappe.get_doc("Call for Funds", made.call.name)
		if call.docstatus == 1:
			call.cancel()  # cancels its invoices (inline)
		for name in frappe.get_all(
			"Sales Invoice", filters={"syndic_call_for_funds": call.name}, pluck="name"
		):
			frappe.delete_doc("Sales Invoice", name, force=True)
		frappe.delete_doc("Call for Funds", call.name, force=True)
		budget = frappe.get_doc("Residence Budget", made.budget.name)
		erp_budget = budget.erpnext_budget
		if budget.docstatus == 1:
			budget.cancel()
		frappe.delete_doc("Residence Budget", budget.name, force=True)
		if erp_budget:
			frappe.delete_doc("Budget", erp_budget, force=True)
		residence = made.residence.name
		for key in frappe.get_all(
			"Allocation Key", filters={"residence": residence, "is_general": 0}, pluck="name"
		):
			frappe.delete_doc("Allocation Key", key, force=True)
		for unit in made.units:
			frappe.delete_doc("Unit", unit, force=True)
		for owner in made.owners:
			frappe.delete_doc("Co-owner", owner, force=True)
		company = frappe.db.get_value("Residence", residence, "company")
		frappe.delete_doc("Residence", residence, force=True)
		if company and frappe.db.exists("Company", company):
			frappe.delete_doc("Company", company, force=True)
	finally:
		frappe.db.set_single_value("Accounts Settings", "delete_linked_ledger_entries", setting)
		frappe.db.commit()


if __name__ == "__main__":
	sys.exit(main())

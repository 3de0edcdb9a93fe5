"""A call for funds issued by real worker processes, committing batch by batch, that fails
half-way and is completed by its retry: what a worker sees when ERPNext refuses an invoice
in the middle of a run (here a customer disabled meanwhile).

Unlike the other site tests nothing runs in one rolled-back transaction: the call and its
invoices are committed by separate processes (`issue_invoices` outside tests), then cancelled
and deleted at the end. Checks: the batches before the failure stay issued, the failed batch
leaves nothing behind, the call says Failed with the reason; the retry issues only what is
missing (no duplicate), the total is the call's to the cent, and the invoice numbers taken from
the Sales Invoice series have no gap (the failed batch's numbers are used by the retry).
"""

import json
import re
import subprocess
import sys

import pytest

from tests.conftest import configured_site
from tests.site.finance import helpers
from tests.site.finance.helpers import make_budget, make_call

res = helpers.res  # the résidence fixture of finance.helpers (module scope, committed)

pytestmark = [pytest.mark.site, pytest.mark.slow]

WORKER = """
import json, os, sys
os.chdir({sites!r})
import frappe
frappe.init(site={site!r}, sites_path={sites!r})
frappe.connect()
frappe.set_user("Administrator")
frappe.flags.mute_emails = True
frappe.local.conf.syndic_issue_batch = 1  # one invoice per commit: the failure lands mid-run
from syndic_maroc.finance.invoicing import issue_invoices
try:
	print("RESULT " + json.dumps(issue_invoices({call!r}, chunk={chunk}, chunks={chunks}), default=str))
finally:
	frappe.destroy()
"""


def run_worker(call: str, chunk: int = 0, chunks: int = 1) -> dict:
	"""`issue_invoices` in a process of its own, as a queue worker runs it (commits included)."""
	bench, site = configured_site()
	code = WORKER.format(sites=str(bench / "sites"), site=site, call=call, chunk=chunk, chunks=chunks)
	done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
	assert done.returncode == 0, done.stderr[-3000:]
	line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
	return json.loads(line[len("RESULT ") :])


def issued(frappe, call: str) -> list:
	frappe.db.rollback()  # a fresh snapshot: see what the workers committed
	return frappe.get_all(
		"Sales Invoice",
		filters={"syndic_call_for_funds": call, "docstatus": ("<", 2)},
		fields=["name", "docstatus", "customer", "grand_total", "syndic_idempotency_key"],
		order_by="name asc",
	)


def serial(name: str) -> int:
	return int(re.search(r"(\d+)$", name).group(1))


@pytest.fixture
def committed_call(site, res):
	"""An approved budget and a submitted call whose issue is left to the workers (committed);
	cancelled and deleted afterwards, with its invoices and their ledger entries."""
	frappe = site
	frappe.db.rollback()
	frappe.set_user("Administrator")
	budget = make_budget(frappe, res)
	frappe.flags.syndic_issue_defer = True
	try:
		call = make_call(frappe, res, budget, period=1)
	finally:
		frappe.flags.syndic_issue_defer = False
	frappe.db.commit()
	yield call
	frappe.db.rollback()
	for customer in res.customers:
		frappe.db.set_value("Customer", customer, "disabled", 0)
	setting = frappe.db.get_single_value("Accounts Settings", "delete_linked_ledger_entries")
	frappe.db.set_single_value("Accounts Settings", "delete_linked_ledger_entries", 1)
	frappe.flags.syndic_issue_now = True
	try:
		doc = frappe.get_doc("Call for Funds", call.name)
		if doc.docstatus == 1:
			doc.cancel()
		for name in frappe.get_all(
			"Sales Invoice", filters={"syndic_call_for_funds": call.name}, pluck="name"
		):
			frappe.delete_doc("Sales Invoice", name, force=True)
		frappe.delete_doc("Call for Funds", call.name, force=True)
		budget.reload()
		erp_budget = budget.erpnext_budget
		if budget.docstatus == 1:
			budget.cancel()
		frappe.delete_doc("Residence Budget", budget.name, force=True)
		if erp_budget:
			frappe.delete_doc("Budget", erp_budget, force=True)
	finally:
		frappe.flags.syndic_issue_now = False
		frappe.db.set_single_value("Accounts Settings", "delete_linked_ledger_entries", setting)
		frappe.db.commit()


def test_a_failed_run_keeps_its_batches_and_the_retry_completes_without_gap(site, res, committed_call):
	from syndic_maroc.finance.invoicing import plan

	frappe = site
	call = committed_call
	expected = plan(call).computation.invoices
	assert len(expected) == 8  # 4 co-owners x (current, works)
	# ERPNext refuses an invoice for a disabled customer: disable a customer the run meets only
	# after a few invoices of others (its k-th invoice)
	customers = [frappe.db.get_value("Co-owner", i.co_owner, "customer") for i in expected]
	k = next(i for i in range(2, len(customers)) if customers[i] not in customers[:i])
	broken = customers[k]
	frappe.db.set_value("Customer", broken, "disabled", 1)
	frappe.db.commit()

	failed = run_worker(call.name)
	assert "error" in failed and failed["created"] == k
	status = frappe.db.get_value(
		"Call for Funds", call.name, ["issue_status", "invoices_issued", "issue_error"], as_dict=True
	)
	assert status.issue_status == "Failed" and status.invoices_issued == k
	assert broken in status.issue_error  # the reason, naming the customer
	rows = issued(frappe, call.name)
	assert len(rows) == k
	assert {r.syndic_idempotency_key for r in rows} == {i.idempotency_key for i in expected[:k]}
	assert all(r.docstatus == 1 for r in rows) and broken not in {r.customer for r in rows}

	# the customer is fixed; the retry (what "Retry Issue" queues) issues the rest, shared by two jobs
	frappe.db.set_value("Customer", broken, "disabled", 0)
	frappe.db.commit()
	first, second = run_worker(call.name, 0, 2), run_worker(call.name, 1, 2)
	assert first["created"] + second["created"] == 8 - k
	rows = issued(frappe, call.name)
	keys = [r.syndic_idempotency_key for r in rows]
	assert len(rows) == 8 and len(set(keys)) == 8 and set(keys) == {i.idempotency_key for i in expected}
	assert all(r.docstatus == 1 for r in rows)
	assert round(sum(r.grand_total for r in rows), 2) == round(float(call.total_amount), 2)
	numbers = sorted(serial(r.name) for r in rows)
	assert numbers == list(range(numbers[0], numbers[0] + 8))  # no number lost to the failure
	status = frappe.db.get_value("Call for Funds", call.name, ["issue_status", "invoices_issued"])
	assert status == ("Completed", 8)
	# every invoice has its ledger: receivable debited once per invoice
	gl = frappe.db.sql(
		"""select count(distinct voucher_no) from `tabGL Entry`
		where voucher_type='Sales Invoice' and voucher_no in %s and is_cancelled=0 and debit > 0""",
		(tuple(r.name for r in rows),),
	)[0][0]
	assert gl == 8

"""The fast issue path of a call for funds on a real site: batches of invoices, numbers reserved
from ERPNext's Sales Invoice series, the company's month sales refreshed once, and the
invariants that must survive all that (every invoice once, exact total, retry completes).

Uses the résidence fixture of finance.helpers (committed once per module, removed after); every
test runs inside the `db` fixture's rollback.
"""

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import invoices_of, make_budget, make_call

pytestmark = pytest.mark.site

res = helpers.res  # the module fixture: a résidence committed once per module


@pytest.fixture
def small_batches(db):
	"""Batches of 3 invoices (a call of this résidence makes 8)."""
	previous = db.conf.get("syndic_issue_batch")
	db.conf.syndic_issue_batch = 3
	yield 3
	if previous is None:
		db.conf.pop("syndic_issue_batch", None)
	else:
		db.conf.syndic_issue_batch = previous


def counter(frappe, prefix):
	return frappe.db.sql("select current from `tabSeries` where name=%s", prefix)[0][0]


def series_numbers(names):
	prefixes = {name.rstrip("0123456789") for name in names}
	assert len(prefixes) == 1, prefixes
	prefix = prefixes.pop()
	return prefix, sorted(int(name[len(prefix) :]) for name in names)


def test_batches_issue_every_invoice_once_with_consecutive_series_numbers(db, res, small_batches):
	from frappe.model.naming import NamingSeries, get_default_naming_series
	from syndic_maroc.finance.invoicing import issue_invoices

	series = get_default_naming_series("Sales Invoice")
	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=1)
	invoices = invoices_of(db, call.name)
	assert call.issue_status == "Completed" and len(invoices) == call.invoice_count == 8
	assert round(sum(i.grand_total for i in invoices), 2) == call.total_amount
	# ERPNext's own series (same prefix and digits), numbers reserved per batch: consecutive
	prefix, numbers = series_numbers([i.name for i in invoices])
	assert prefix == NamingSeries(f"{series}.#####").get_prefix()
	assert numbers == list(range(numbers[0], numbers[0] + 8))
	assert all(len(i.name) == len(prefix) + 5 for i in invoices)
	# the counter stands at the last number given: the next invoice follows without a gap
	assert counter(db, prefix) == numbers[-1]
	# re-run: nothing new, nothing reserved
	result = issue_invoices(call.name)
	assert result["created"] == 0 and result["issued"] == 8
	assert counter(db, prefix) == numbers[-1]
	# each invoice stays an ordinary ERPNext invoice: it cancels on its own
	one = db.get_doc("Sales Invoice", invoices[0].name)
	one.cancel()
	assert db.db.get_value("Sales Invoice", one.name, "docstatus") == 2
	# the retry makes exactly the missing one, with the next number of the series
	result = issue_invoices(call.name)
	assert result["created"] == 1
	again = invoices_of(db, call.name)
	assert len(again) == 8
	assert {i.syndic_idempotency_key for i in again} == {i.syndic_idempotency_key for i in invoices}
	_prefix, renumbered = series_numbers([i.name for i in again])
	assert max(renumbered) == numbers[-1] + 1


def test_two_jobs_in_small_batches_share_a_call(db, res, small_batches):
	from syndic_maroc.finance.invoicing import issue_invoices

	budget = make_budget(db, res)
	db.flags.syndic_issue_defer = True
	try:
		call = make_call(db, res, budget, period=2)
	finally:
		db.flags.syndic_issue_defer = False
	first = issue_invoices(call.name, chunk=0, chunks=2)
	second = issue_invoices(call.name, chunk=1, chunks=2)
	assert first["created"] + second["created"] == 8 and second["issued"] == 8
	assert "advances" in second and "advances" not in first  # applied once, by the job that completes
	assert db.db.get_value("Call for Funds", call.name, "issue_status") == "Completed"
	assert len({i.name for i in invoices_of(db, call.name)}) == 8


def test_month_sales_are_refreshed_once_not_per_invoice(db, res):
	"""With "Each Transaction", ERPNext rescans the month and updates the Company row after every
	invoice; during the run the setting reads "Daily", then the refresh is queued once."""
	from syndic_maroc.finance import invoicing

	db.db.set_single_value("Selling Settings", "sales_update_frequency", "Each Transaction")
	seen = []
	original = invoicing._run_batch

	def spy(*args, **kwargs):
		seen.append(db.db.get_single_value("Selling Settings", "sales_update_frequency"))
		return original(*args, **kwargs)

	invoicing._run_batch = spy
	queued_before = len(db.db.after_commit._functions)
	try:
		budget = make_budget(db, res)
		make_call(db, res, budget, period=3)
	finally:
		invoicing._run_batch = original
	assert seen and set(seen) == {"Daily"}
	# the override is gone after the run: the site's setting reads as stored
	assert db.db.get_single_value("Selling Settings", "sales_update_frequency") == "Each Transaction"
	# one refresh queued after commit (the invoices' own notifications come on top)
	assert len(db.db.after_commit._functions) > queued_before

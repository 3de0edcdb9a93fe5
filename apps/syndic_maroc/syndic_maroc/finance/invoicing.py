"""Issuing a Call for Funds: one submitted Sales Invoice per co-owner and kind, in the background.

The split itself is core.finance.calls.compute_call (exact to the cent). Each invoice carries
the deterministic key of (call, co-owner, kind): a re-run (retry, duplicate job) finds the
invoices already made and issues only the missing ones, so nothing is ever duplicated.
Postings come from ERPNext (Sales Invoice submit): Dr 3421 (works 3423) / Cr 7111 (7112),
décret 2.23.700 annex 2 art. 9.

Speed (benchmarks/call_for_funds_bench.py): invoices are committed in batches
(`syndic_issue_batch`, default 25), each batch under the file locks of its keys, so a failure
rolls back at most one batch and a retry completes it; invoice numbers are reserved per batch
from the Sales Invoice naming series (one short lock instead of holding the series row for
the whole submit of every invoice, which serialised parallel workers); the company's
month-to-date sales figure is refreshed once per run instead of once per invoice. The call
is shared by `syndic_issue_workers` jobs (default 2, one per `long` worker of the Procfile).
Once every invoice is issued, the co-owners' advances (4421) settle their new invoices
(finance.collections.apply_advances).
"""

from collections import deque
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.model.naming import NamingSeries, get_default_naming_series, getseries, parse_naming_series
from frappe.utils import cint, flt
from frappe.utils.synchronization import filelock

from syndic_maroc.core.finance.calls import CallComputation, CallLine, compute_call
from syndic_maroc.core.finance.chart import CALL_ACCOUNTS
from syndic_maroc.finance.jobs import call_progress, deadlock_pause
from syndic_maroc.finance.jobs import commit as _commit
from syndic_maroc.finance.jobs import rollback as _rollback
from syndic_maroc.finance.utils import (
	KIND_FROM_SELECT,
	building_cost_centers,
	core_errors,
	customers_of,
	key_weights,
	owners_on,
	required_account,
	units_of,
)
from syndic_maroc.utils import erpnext_compat

QUEUE = "long"
JOB_TIMEOUT = 3600
DEFAULT_WORKERS = 2  # the Procfile runs two `long` workers
DEFAULT_BATCH = 25
LOCK_TIMEOUT = 120
DEADLOCK_ATTEMPTS = 5
PROGRESS_EVERY = 10  # cancel job


@dataclass
class Plan:
	computation: CallComputation
	customers: dict
	units: dict
	receivable: dict  # kind -> account name
	income: dict  # kind -> account name
	cost_centers: dict  # unit -> cost center


def plan(call) -> Plan:
	"""Read the registry and compute the call (no write). Raises a French validation error
	when a unit has no owner on the due date or a co-owner has no customer."""
	units = units_of(call.residence)
	weights = key_weights([row.allocation_key for row in call.lines])
	owners = owners_on(units, call.due_date)
	lines = [
		CallLine(
			row.category,
			flt(row.amount, 2),
			weights[row.allocation_key],
			KIND_FROM_SELECT[row.kind],
			row.account,
		)
		for row in call.lines
	]
	with core_errors():
		computation = compute_call(call.name, lines, owners)
	customers = customers_of({invoice.co_owner for invoice in computation.invoices})
	missing = sorted(
		co
		for co in {invoice.co_owner for invoice in computation.invoices}
		if not (customers.get(co) or {}).get("customer")
	)
	if missing:
		frappe.throw(_("Co-owners without an ERPNext customer: {0}").format(", ".join(missing)))
	kinds = {invoice.kind for invoice in computation.invoices}
	receivable = {kind: required_account(call.company, CALL_ACCOUNTS[kind][0]) for kind in kinds}
	income = {kind: required_account(call.company, CALL_ACCOUNTS[kind][1]) for kind in kinds}
	buildings = building_cost_centers(call.residence)
	cost_centers = {
		name: buildings.get(row.building) or call.cost_center
		for name, row in units.items()
		if name in computation.by_unit
	}
	return Plan(computation, customers, units, receivable, income, cost_centers)


def _run_now() -> bool:
	return bool(frappe.flags.in_test or frappe.flags.syndic_issue_now)


def issue_workers() -> int:
	"""How many jobs share a call (site config `syndic_issue_workers`, default 2): more than one
	helps only when as many workers listen on the queue (the Procfile runs two `long` workers;
	with fewer the jobs simply run one after the other)."""
	return max(1, cint(frappe.conf.get("syndic_issue_workers") or DEFAULT_WORKERS))


def issue_batch_size() -> int:
	"""Invoices committed together (site config `syndic_issue_batch`, default 25): a failure
	rolls back at most one batch, which the retry completes."""
	return max(1, cint(frappe.conf.get("syndic_issue_batch") or DEFAULT_BATCH))


def enqueue_issue(call_name: str) -> None:
	if frappe.flags.syndic_issue_defer:  # the caller runs the jobs itself (benchmark)
		return
	if _run_now():
		issue_invoices(call_name)
		return
	chunks = issue_workers()
	for chunk in range(chunks):
		frappe.enqueue(
			"syndic_maroc.finance.invoicing.issue_invoices",
			queue=QUEUE,
			timeout=JOB_TIMEOUT,
			job_id=f"call-for-funds-issue::{call_name}::{chunk}/{chunks}",
			deduplicate=True,
			enqueue_after_commit=True,
			call_name=call_name,
			chunk=chunk,
			chunks=chunks,
		)


def enqueue_cancel(call_name: str) -> None:
	if _run_now():
		cancel_invoices(call_name)
		return
	frappe.enqueue(
		"syndic_maroc.finance.invoicing.cancel_invoices",
		queue=QUEUE,
		timeout=JOB_TIMEOUT,
		job_id=f"call-for-funds-cancel::{call_name}",
		deduplicate=True,
		enqueue_after_commit=True,
		call_name=call_name,
	)


def existing_invoices(call_name: str) -> dict[str, frappe._dict]:
	"""{idempotency key: invoice row} of the call's invoices not cancelled."""
	return {
		row.syndic_idempotency_key: row
		for row in frappe.get_all(
			"Sales Invoice",
			filters={"syndic_call_for_funds": call_name, "docstatus": ("<", 2)},
			fields=["name", "docstatus", "syndic_idempotency_key", "grand_total"],
		)
	}


def line_uom() -> str:
	"""The unit of the invoice lines (lines carry no item: a call is not a sale of goods)."""
	return "Nos" if frappe.db.exists("UOM", "Nos") else frappe.db.get_value("UOM", {}, "name")


def build_invoice(call, p: Plan, invoice, uom: str) -> dict:
	units = p.units
	lines = []
	for line in invoice.lines:
		unit = units[line.unit]
		label = _(line.category)
		lines.append(
			{
				"item_name": f"{label} - {_('Unit')} {unit.unit_number}"[:140],
				"description": _("{0} - unit {1} - {2} ({3} / {4})").format(
					label, unit.unit_number, call.period_label, flt(line.weight, 6), flt(line.key_total, 6)
				),
				"qty": 1,
				"rate": float(line.amount),
				"uom": uom,
				"stock_uom": uom,
				"conversion_factor": 1,
				"income_account": p.income[invoice.kind],
				"cost_center": p.cost_centers.get(line.unit) or call.cost_center,
				"syndic_unit": line.unit,
				"syndic_category": line.category,
			}
		)
	return {
		"doctype": "Sales Invoice",
		"company": call.company,
		"customer": p.customers[invoice.co_owner].customer,
		"posting_date": call.posting_date,
		"set_posting_time": 1,
		"due_date": call.due_date,
		"debit_to": p.receivable[invoice.kind],
		"cost_center": call.cost_center,
		"currency": frappe.get_cached_value("Company", call.company, "default_currency"),
		"conversion_rate": 1,
		"ignore_pricing_rule": 1,
		"disable_rounded_total": 1,
		"syndic_residence": call.residence,
		"syndic_call_for_funds": call.name,
		"syndic_idempotency_key": invoice.idempotency_key,
		"remarks": _("Call for funds {0} - {1} - due {2}").format(
			call.name, call.period_label, frappe.format(call.due_date, "Date")
		),
		"items": lines,
	}


def _set_status(call_name: str, **values) -> None:
	frappe.db.set_value("Call for Funds", call_name, values, update_modified=False)


class NamePool:
	"""Invoice names reserved in advance from the Sales Invoice naming series.

	ERPNext names a document when it inserts it and keeps the series row (`tabSeries`) locked
	until the transaction ends, i.e. for the whole submit: two workers issuing the same call
	would wait on each other for every invoice (and on any user creating an invoice). Here a
	run reserves its numbers at once, in a short transaction of its own, then each invoice
	takes the next one through Frappe's own series parser (same prefix and digits as ERPNext
	would give). A number is never given twice; the numbers of a rolled-back batch are used by
	its retry, those left at the end are handed back when nobody took a number since. Without a
	reservation (a naming rule on Sales Invoice, a series using document fields), ERPNext names
	the invoices as usual."""

	def __init__(self, series: str | None):
		self.series = f"{series}.#####" if series and "#" not in series else series
		self.prefix = None
		self.numbers: deque[int] = deque()
		self.top = 0  # the series counter after our last reservation
		self.taken: list[int] = []  # numbers given out since the last mark()
		self.enabled = bool(series) and "{" not in series and not self._naming_rule()

	@staticmethod
	def _naming_rule() -> bool:
		return bool(
			frappe.get_all(
				"Document Naming Rule", filters={"document_type": "Sales Invoice", "disabled": 0}, limit=1
			)
		)

	def reserve(self, count: int) -> None:
		"""Make sure `count` numbers are at hand; call between batches (it commits). The run
		reserves its numbers at the start, each batch tops them up only when some were lost."""
		if not self.enabled or len(self.numbers) >= count:
			return
		prefix = NamingSeries(self.series).get_prefix()
		if prefix != self.prefix:  # a new year (or month) since the last batch: a new counter
			self.release()
			self.prefix, self.numbers = prefix, deque()
		wanted = count - len(self.numbers)
		first = erpnext_compat.reserve_series_numbers(prefix, wanted)
		_commit()  # release the series row at once
		self.numbers.extend(range(first, first + wanted))
		self.top = first + wanted - 1

	def name(self, doc) -> None:
		"""Name `doc` with a reserved number (ERPNext's own naming when none fits)."""
		if not self.enabled:
			return

		def next_number(prefix: str, digits: int) -> str:
			if prefix == self.prefix and self.numbers:
				number = self.numbers.popleft()
				self.taken.append(number)
				return str(number).zfill(digits)
			return getseries(prefix, digits)  # the usual locked counter

		doc.set_new_name(set_name=parse_naming_series(self.series, doc=doc, number_generator=next_number))

	def mark(self) -> None:
		"""A batch starts: what it takes can be handed back if it is rolled back."""
		self.taken = []

	def give_back(self) -> None:
		"""The batch was rolled back: its numbers were never committed, its retry uses them."""
		self.numbers = deque(sorted(set(self.taken) | set(self.numbers)))
		self.taken = []

	def release(self) -> None:
		"""Hand the numbers left over back to the series when they are its last ones (nobody
		took a number since our reservation); otherwise they stay unused."""
		if not (self.enabled and self.prefix and self.numbers):
			return
		left = sorted(self.numbers)
		if left != list(range(left[0], self.top + 1)):
			return
		erpnext_compat.rewind_series(self.prefix, top=self.top, to=left[0] - 1)
		_commit()
		self.numbers = deque()


@contextmanager
def month_sales_once(company: str):
	"""ERPNext refreshes the company's month-to-date sales (Company.total_monthly_sales, a
	dashboard figure) after every submitted invoice when Selling Settings > "Sales Update
	Frequency" is "Each Transaction": a scan of the month's invoices and an update of the Company
	row, locked until commit (parallel workers queue on it). During the run this process reads
	the setting as "Daily"; once the invoices are committed, a short job refreshes the figure
	once, as ERPNext would have left it."""
	setting = frappe.db.get_single_value("Selling Settings", "sales_update_frequency")
	if setting != "Each Transaction":
		yield
		return
	try:
		with erpnext_compat.single_value_as("Selling Settings", "sales_update_frequency", "Daily"):
			yield
	finally:
		frappe.enqueue(
			"erpnext.setup.doctype.company.company.update_company_current_month_sales",
			queue="short",
			job_id=f"company-month-sales::{company}",
			deduplicate=True,
			enqueue_after_commit=True,
			company=company,
		)


def _submit_new(call, p: Plan, invoice, uom: str, names: NamePool, found=None):
	doc = (
		frappe.get_doc("Sales Invoice", found.name)
		if found
		else frappe.get_doc(build_invoice(call, p, invoice, uom))
	)
	doc.flags.ignore_permissions = True
	# Every link was just read from the database (customer, accounts, cost centers,
	# units): skip re-checking them one query each.
	doc.flags.ignore_links = True
	if not found:
		if not doc.naming_series:
			doc.naming_series = get_default_naming_series("Sales Invoice")
		names.name(doc)
		doc.set("__islocal", True)  # named already: still a new document for save()/submit()
	doc.submit()  # a new document is inserted as submitted: one validation pass
	return doc.name


def _issue_batch(call, p: Plan, batch: list, uom: str, names: NamePool) -> tuple[str, list[str]]:
	"""Create and submit the invoices of `batch` that do not exist yet, as one transaction.

	Returns ("done" | "cancelled", names created). The caller holds the file lock of every key
	of the batch (so no other job can make the same invoice) and starts a fresh transaction
	after taking them, so the look-up below sees what another job committed before."""
	if frappe.db.get_value("Call for Funds", call.name, "docstatus") != 1:
		return "cancelled", []
	keys = [invoice.idempotency_key for invoice in batch]
	found = {
		row.syndic_idempotency_key: row
		for row in frappe.get_all(
			"Sales Invoice",
			filters={"syndic_idempotency_key": ("in", keys), "docstatus": ("<", 2)},
			fields=["name", "docstatus", "syndic_idempotency_key"],
		)
	}
	created = []
	for invoice in batch:
		again = found.get(invoice.idempotency_key)
		if again and again.docstatus == 1:
			continue
		created.append(_submit_new(call, p, invoice, uom, names, again))
	# Read the call's row locked, just before committing: a cancel committed meanwhile is seen
	# here (the batch is dropped), a later one waits for this commit and then finds the invoices.
	status = frappe.db.sql("select docstatus from `tabCall for Funds` where name=%s for update", call.name)
	if not status or status[0][0] != 1:
		return "cancelled", created
	return "done", created


def _run_batch(call, p: Plan, batch: list, uom: str, names: NamePool) -> tuple[str, int]:
	"""One batch under the file locks of its keys (taken in key order: two jobs never wait on
	each other in a cycle); a deadlock with a parallel worker rolls the batch back and runs it
	again. Returns (outcome, invoices created)."""
	for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
		try:
			with ExitStack() as locks:
				for key in sorted(invoice.idempotency_key for invoice in batch):
					locks.enter_context(filelock(f"syndic_call_invoice_{key}", timeout=LOCK_TIMEOUT))
				_commit()  # a fresh snapshot, taken after the locks
				names.mark()
				outcome, created = _issue_batch(call, p, batch, uom, names)
				if outcome == "cancelled":
					_rollback()
					names.give_back()
					return outcome, 0
				_commit()
				return outcome, len(created)
		except frappe.QueryDeadlockError:
			deadlock_pause(attempt, DEADLOCK_ATTEMPTS)
			names.give_back()
		except Exception:
			if not frappe.flags.in_test:
				# the run rolls this batch back: its numbers were never used, the retry takes them
				names.give_back()
			raise
	return "done", 0


def issue_invoices(call_name: str, chunk: int = 0, chunks: int = 1) -> dict:
	"""Background job: create and submit the missing invoices of a submitted call.

	With `chunks` > 1, this run takes every `chunks`-th invoice from `chunk` on, so several
	workers can share a large call; the one that finds every invoice issued applies the
	co-owners' advances and marks the call Completed.
	"""
	call = frappe.get_doc("Call for Funds", call_name)
	if call.docstatus != 1:
		return {"created": 0, "skipped": "not submitted"}
	_set_status(call_name, issue_status="In Progress", issue_error=None)
	_commit()
	created = 0
	try:
		p = plan(call)
		uom = line_uom()
		existing = existing_invoices(call_name)
		mine = p.computation.invoices[chunk::chunks]
		todo = [
			invoice
			for invoice in mine
			if not (
				existing.get(invoice.idempotency_key) and existing[invoice.idempotency_key].docstatus == 1
			)
		]
		size = issue_batch_size()
		names = NamePool(get_default_naming_series("Sales Invoice"))
		done_before = len(mine) - len(todo)
		with month_sales_once(call.company):
			try:
				names.reserve(len(todo))  # one short lock of the series for the whole run
				for start in range(0, len(todo), size):
					batch = todo[start : start + size]
					names.reserve(len(batch))
					outcome, made = _run_batch(call, p, batch, uom, names)
					if outcome == "cancelled":
						return {"created": created, "skipped": "cancelled"}
					created += made
					_publish(call_name, done_before + start + len(batch), len(mine))
			finally:
				if not frappe.flags.in_test:
					_rollback()  # nothing pending here unless a batch failed
					names.release()
		# The call's row locked first: when the parallel jobs end together, only the first to
		# find every invoice issued applies the advances and sends the notices; the other waits
		# here, then reads "Completed".
		finished = frappe.db.sql(
			"select issue_status from `tabCall for Funds` where name=%s for update", call_name
		)
		issued = frappe.db.count("Sales Invoice", {"syndic_call_for_funds": call_name, "docstatus": 1})
		if finished and finished[0][0] == "Completed" and chunks > 1:
			return {"created": created, "issued": issued}
		done = issued >= len(p.computation.invoices)
		result = {"created": created, "issued": issued}
		if done:
			result["advances"] = _apply_advances(call, p)
		_set_status(call_name, invoices_issued=issued, **({"issue_status": "Completed"} if done else {}))
		_commit()
		if done:
			_send_notices(call_name)
		return result
	except Exception as e:
		_rollback()
		message = getattr(e, "message", None) or str(e)
		_set_status(
			call_name,
			issue_status="Failed",
			issue_error=frappe.utils.strip_html(str(message))[:1000],
			invoices_issued=frappe.db.count(
				"Sales Invoice", {"syndic_call_for_funds": call_name, "docstatus": 1}
			),
		)
		_commit()
		frappe.log_error(title=f"Call for Funds {call_name}: issue failed")
		if frappe.flags.in_test:
			raise
		return {"created": created, "error": str(message)}


def _apply_advances(call, p: Plan) -> dict:
	"""Settle the call's co-owners' new invoices with their advances (4421). The invoices are
	committed already: a failure here is logged and reported, the call stays issued, and
	`apply_advances` (desk / REST) or a retry of the call applies them later."""
	from syndic_maroc.finance.collections import apply_advances_for

	customers = {row.customer for row in p.customers.values() if row.customer}
	try:
		return apply_advances_for(call.company, customers)
	except Exception as e:
		if frappe.flags.in_test:
			raise
		_rollback()
		frappe.log_error(title=f"Call for Funds {call.name}: advances not applied")
		return {"error": str(getattr(e, "message", None) or e)}


def _send_notices(call_name: str) -> None:
	"""Call notices by email once the call is complete (a no-op unless the call asks for it);
	a mail problem never turns an issued call into a failed one."""
	from syndic_maroc.finance.notices import after_call_issued

	try:
		after_call_issued(call_name)
	except Exception:
		_rollback()
		frappe.log_error(title=f"Call for Funds {call_name}: notices not sent")
		if frappe.flags.in_test:
			raise


def _publish(call_name: str, done: int, total: int) -> None:
	_set_status(
		call_name,
		invoices_issued=frappe.db.count(
			"Sales Invoice", {"syndic_call_for_funds": call_name, "docstatus": 1}
		),
	)
	_commit()  # release the call's row at once: parallel workers update it too
	call_progress(
		call_name,
		done,
		total,
		_("Issuing the invoices of call {0}").format(call_name),
		_("{0} invoices of {1}").format(done, total),
	)


def check_cancellable(call_name: str) -> None:
	"""Refuse to cancel a call whose invoices already received payments: those payments must be
	unlinked or reversed first (décret 2.23.700: corrections by reversal, no silent netting)."""
	paid = frappe.db.sql(
		"""select name from `tabSales Invoice`
		where syndic_call_for_funds=%s and docstatus=1 and outstanding_amount != grand_total""",
		call_name,
		pluck=True,
	)
	if paid:
		frappe.throw(
			_(
				"Payments are already allocated to invoices {0}: cancel or unlink them before cancelling the call"
			).format(", ".join(paid[:10]) + (" …" if len(paid) > 10 else ""))
		)


def cancel_invoices(call_name: str) -> dict:
	"""Background job: cancel the submitted invoices of a cancelled call, delete its drafts."""
	cancelled = 0
	try:
		names = frappe.get_all(
			"Sales Invoice",
			filters={"syndic_call_for_funds": call_name, "docstatus": ("<", 2)},
			fields=["name", "docstatus"],
		)
		total = len(names)
		for number, row in enumerate(names, start=1):
			doc = frappe.get_doc("Sales Invoice", row.name)
			doc.flags.ignore_permissions = True
			if doc.docstatus == 1:
				doc.cancel()
			else:
				frappe.delete_doc("Sales Invoice", doc.name, ignore_permissions=True)
			cancelled += 1
			_commit()
			if number % PROGRESS_EVERY == 0 or number == total:
				call_progress(
					call_name, number, total, _("Cancelling the invoices of call {0}").format(call_name)
				)
		_set_status(call_name, issue_status="Cancelled", invoices_issued=0)
		_commit()
		return {"cancelled": cancelled}
	except Exception as e:
		_rollback()
		_set_status(
			call_name, issue_status="Failed", issue_error=str(getattr(e, "message", None) or e)[:1000]
		)
		_commit()
		frappe.log_error(title=f"Call for Funds {call_name}: cancel failed")
		if frappe.flags.in_test:
			raise
		return {"cancelled": cancelled, "error": str(e)}

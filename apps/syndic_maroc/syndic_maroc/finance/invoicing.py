"""Issuing a Call for Funds: one submitted Sales Invoice per co-owner and kind, in the background.

The split itself is core.finance.calls.compute_call (exact to the cent). Each invoice carries
the deterministic key of (call, co-owner, kind): a re-run (retry, duplicate job) finds the
invoices already made and issues only the missing ones, so nothing is ever duplicated. Each
invoice is committed on its own, so a failure keeps what was done and a retry completes it.
Postings come from ERPNext (Sales Invoice submit): Dr 3421 (works 3423) / Cr 7111 (7112),
décret 2.23.700 annex 2 art. 9.
"""

import random
import time
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate
from frappe.utils.synchronization import filelock

from syndic_maroc.core.finance.calls import CallComputation, CallLine, compute_call
from syndic_maroc.core.finance.chart import CALL_ACCOUNTS
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

QUEUE = "long"
JOB_TIMEOUT = 3600
PROGRESS_EVERY = 10


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
		frappe.throw(_("Copropriétaires sans client ERPNext : {0}").format(", ".join(missing)))
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


def _commit() -> None:
	"""Commit each invoice on its own (durable progress); tests keep their single transaction."""
	if not frappe.flags.in_test:
		frappe.db.commit()


def _rollback() -> None:
	if not frappe.flags.in_test:
		frappe.db.rollback()


def _run_now() -> bool:
	return bool(frappe.flags.in_test or frappe.flags.syndic_issue_now)


def issue_workers() -> int:
	"""How many jobs share a call (site config `syndic_issue_workers`, default 1): more than one
	helps only when as many workers listen on the queue."""
	return max(1, cint(frappe.conf.get("syndic_issue_workers") or 1))


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
				"item_name": f"{label} - {_('Lot')} {unit.unit_number}"[:140],
				"description": _("{0} - lot {1} - {2} ({3} / {4})").format(
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
		"remarks": _("Appel de fonds {0} - {1} - échéance {2}").format(
			call.name, call.period_label, frappe.format(call.due_date, "Date")
		),
		"items": lines,
	}


def _set_status(call_name: str, **values) -> None:
	frappe.db.set_value("Call for Funds", call_name, values, update_modified=False)


def _issue_one(call, p: Plan, invoice, uom: str, attempts: int = 5) -> str:
	"""Create and submit one invoice unless it exists: "created", "exists" or "cancelled".

	One process at a time per invoice key, and a fresh look under the lock (idempotency): a
	retry or a duplicate job running beside this one never makes a second invoice. A deadlock
	with a parallel worker rolls this invoice back and tries it again.
	"""
	for attempt in range(1, attempts + 1):
		try:
			with filelock(f"syndic_call_invoice_{invoice.idempotency_key}", timeout=120):
				if frappe.db.get_value("Call for Funds", call.name, "docstatus") != 1:
					_rollback()
					return "cancelled"
				again = frappe.db.get_value(
					"Sales Invoice",
					{"syndic_idempotency_key": invoice.idempotency_key, "docstatus": ("<", 2)},
					["name", "docstatus"],
					as_dict=True,
				)
				if again and again.docstatus == 1:
					return "exists"
				doc = (
					frappe.get_doc("Sales Invoice", again.name)
					if again
					else frappe.get_doc(build_invoice(call, p, invoice, uom))
				)
				doc.flags.ignore_permissions = True
				# Every link was just read from the database (customer, accounts, cost centers,
				# units): skip re-checking them one query each.
				doc.flags.ignore_links = True
				doc.submit()  # a new document is inserted as submitted: one validation pass
				_commit()
				return "created"
		except frappe.QueryDeadlockError:
			if frappe.flags.in_test or attempt == attempts:
				raise
			frappe.db.rollback()
			time.sleep(random.uniform(0.05, 0.3) * attempt)
	return "exists"


def issue_invoices(call_name: str, chunk: int = 0, chunks: int = 1) -> dict:
	"""Background job: create and submit the missing invoices of a submitted call.

	With `chunks` > 1, this run takes every `chunks`-th invoice from `chunk` on, so several
	workers can share a large call; the last one to finish marks the call Completed.
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
		todo = p.computation.invoices[chunk::chunks]
		total = len(todo)
		for number, invoice in enumerate(todo, start=1):
			found = existing.get(invoice.idempotency_key)
			if found and found.docstatus == 1:
				continue
			# One process at a time per invoice key, then look again (idempotency): a retry or a
			# duplicate job running beside this one never makes a second invoice.
			outcome = _issue_one(call, p, invoice, uom)
			if outcome == "cancelled":
				return {"created": created, "skipped": "cancelled"}
			created += outcome == "created"
			if number % PROGRESS_EVERY == 0 or number == total:
				_publish(call_name, number, total)
		issued = frappe.db.count("Sales Invoice", {"syndic_call_for_funds": call_name, "docstatus": 1})
		done = issued >= len(p.computation.invoices)
		_set_status(call_name, invoices_issued=issued, **({"issue_status": "Completed"} if done else {}))
		_commit()
		return {"created": created, "issued": issued}
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


def _publish(call_name: str, done: int, total: int) -> None:
	_set_status(
		call_name,
		invoices_issued=frappe.db.count(
			"Sales Invoice", {"syndic_call_for_funds": call_name, "docstatus": 1}
		),
	)
	_commit()  # release the call's row at once: parallel workers update it too
	frappe.publish_progress(
		done * 100 / total if total else 100,
		title=_("Émission des factures de l'appel {0}").format(call_name),
		doctype="Call for Funds",
		docname=call_name,
		description=_("{0} factures sur {1}").format(done, total),
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
				"Des paiements sont déjà imputés sur les factures {0} : annulez ou dissociez-les avant d'annuler l'appel"
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
				frappe.publish_progress(
					number * 100 / total,
					title=_("Annulation des factures de l'appel {0}").format(call_name),
					doctype="Call for Funds",
					docname=call_name,
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

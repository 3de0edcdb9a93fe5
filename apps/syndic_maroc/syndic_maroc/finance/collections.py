"""Collections (encaissements): a co-owner's payment as ERPNext Payment Entries.

The allocation is core.finance.payments.allocate_payment: the co-owner's open Sales Invoices of
the résidence, oldest due first; what is left over is an advance. Postings come from ERPNext
(Payment Entry submit), décret 2.23.700 annex 2 art. 9: Dr 5121 (cash: 5161) / Cr 3421 (works
calls: 3423); the advance is credited to 4421 (co-owner advances, annex 2 art. 6), never left as
a credit on 3421 (no netting, annex 2 art. 8).

An ERPNext Payment Entry has one party account, so one payment received gives one Payment Entry
per receivable account it settles (3421, 3423) plus one for the advance (4421), all carrying the
same receipt number (`syndic_receipt`): the reçu of loi 18-00 art. 26 (rule 18) prints them
together. The résidence's company books advances in a separate party account
(`book_advance_payments_in_separate_party_account`, account 4421 set by the registry), so the
ERPNext Payment Reconciliation tool can later apply the advance to new calls (Dr 4421 / Cr 3421).

Advances are applied to later calls (`apply_advances_for`, run at the end of a call's issue, and
`apply_advances` on demand): each co-owner's advances, oldest first, settle their open invoices,
oldest due first (core.finance.payments.allocate_payments), through ERPNext's
`reconcile_against_document`, which links the advance Payment Entry to the invoices and posts
the transfer Dr 4421 / Cr 3421 (3423 for works calls) itself.
"""

import hashlib
import json

import frappe
from frappe import _
from frappe.model.naming import make_autoname
from frappe.utils import cint, flt, getdate, nowdate
from frappe.utils.synchronization import filelock

from syndic_maroc.core.finance.chart import ADVANCES, BANK, CASH
from syndic_maroc.core.finance.payments import OpenInvoice, allocate_payment, allocate_payments
from syndic_maroc.finance.utils import required_account
from syndic_maroc.utils.errors import core_errors

# Select values of `syndic_payment_mode` -> Mode of Payment names tried in turn (the site's
# setup language names ERPNext's records: French on a French site).
MODES = {
	"Bank Transfer": ("Virement", "Wire Transfer"),
	"Cheque": ("Chèque", "Cheque"),
	"Cash": ("Espèces", "Cash"),
	"Card": ("Carte de crédit", "Credit Card"),
}
CASH_MODES = ("Cash",)


def ensure_company(company: str) -> None:
	"""Book co-owner advances on 4421 (the company's advance received account) as ERPNext's
	separate party account, so that they can be reconciled with later calls."""
	values = frappe.get_cached_value(
		"Company",
		company,
		["book_advance_payments_in_separate_party_account", "default_advance_received_account"],
		as_dict=True,
	)
	if not values.default_advance_received_account:
		frappe.db.set_value(
			"Company", company, "default_advance_received_account", required_account(company, ADVANCES)
		)
	if not values.book_advance_payments_in_separate_party_account:
		frappe.db.set_value("Company", company, "book_advance_payments_in_separate_party_account", 1)
	frappe.clear_document_cache("Company", company)


def mode_of_payment(mode: str) -> str | None:
	for name in MODES.get(mode, ()):
		if frappe.db.exists("Mode of Payment", name):
			return name
	return None


def open_invoices(company: str, customer: str) -> list[frappe._dict]:
	"""The customer's submitted Sales Invoices of the company with something outstanding."""
	return frappe.get_all(
		"Sales Invoice",
		filters={
			"company": company,
			"customer": customer,
			"docstatus": 1,
			"outstanding_amount": (">", 0),
		},
		fields=[
			"name",
			"due_date",
			"posting_date",
			"outstanding_amount",
			"debit_to",
			"grand_total",
			"conversion_rate",
		],
		order_by="due_date asc, posting_date asc, name asc",
	)


def validate_payment(mode: str, amount, reference_no=None, cheque_bank=None) -> None:
	if mode not in MODES:
		frappe.throw(_("Unknown payment method: {0}").format(mode))
	if flt(amount, 2) <= 0:
		frappe.throw(_("The payment amount must be positive."))
	if mode == "Cheque" and (not reference_no or not cheque_bank):
		frappe.throw(_("A cheque needs its number and the drawee bank."))


def _payment_entry(ctx: frappe._dict, amount: float, paid_from: str, references: list[dict]) -> str:
	pe = frappe.new_doc("Payment Entry")
	pe.update(
		{
			"payment_type": "Receive",
			"company": ctx.company,
			"posting_date": ctx.posting_date,
			"mode_of_payment": ctx.mode_of_payment,
			"party_type": "Customer",
			"party": ctx.customer,
			"paid_from": paid_from,
			"paid_to": ctx.paid_to,
			"paid_amount": amount,
			"received_amount": amount,
			"source_exchange_rate": 1,
			"target_exchange_rate": 1,
			"reference_no": ctx.reference_no,
			"reference_date": ctx.reference_date,
			"cost_center": ctx.cost_center,
			"syndic_residence": ctx.residence,
			"syndic_co_owner": ctx.co_owner,
			"syndic_payment_mode": ctx.mode,
			"syndic_cheque_bank": ctx.cheque_bank,
			"syndic_receipt": ctx.receipt,
			"syndic_payment_batch": ctx.batch,
			"references": references,
		}
	)
	if ctx.remarks:
		pe.custom_remarks = 1
		pe.remarks = ctx.remarks
	pe.flags.ignore_permissions = ctx.ignore_permissions
	pe.insert()
	pe.submit()
	return pe.name


def record_payment(
	residence: str,
	co_owner: str,
	amount,
	mode: str,
	posting_date=None,
	reference_no: str | None = None,
	reference_date=None,
	cheque_bank: str | None = None,
	remarks: str | None = None,
	batch: str | None = None,
	ignore_permissions: bool = False,
) -> dict:
	"""Record one payment received from `co_owner` for `residence` (see the module doc).
	Returns {receipt, payment_entries, allocations: [{invoice, amount, outstanding_after}], advance}."""
	validate_payment(mode, amount, reference_no, cheque_bank)
	res = frappe.db.get_value(
		"Residence",
		residence,
		["name", "company", "cost_center", "default_bank_account", "abbr"],
		as_dict=True,
	)
	if not res:
		frappe.throw(_("Residence not found: {0}").format(residence))
	customer = frappe.db.get_value("Co-owner", co_owner, "customer")
	if not customer:
		frappe.throw(_("Co-owner {0} has no ERPNext customer.").format(co_owner))
	ensure_company(res.company)
	posting_date = getdate(posting_date or nowdate())
	paid_to = (
		required_account(res.company, CASH)
		if mode in CASH_MODES
		else (res.default_bank_account or required_account(res.company, BANK))
	)
	receipt = make_autoname(f"RECU-{res.abbr}-.YYYY.-.#####")
	ctx = frappe._dict(
		company=res.company,
		residence=res.name,
		cost_center=res.cost_center,
		co_owner=co_owner,
		customer=customer,
		mode=mode,
		mode_of_payment=mode_of_payment(mode),
		paid_to=paid_to,
		posting_date=posting_date,
		reference_no=reference_no or receipt,
		reference_date=getdate(reference_date or posting_date),
		cheque_bank=cheque_bank,
		remarks=remarks,
		receipt=receipt,
		batch=batch,
		ignore_permissions=ignore_permissions,
	)
	rows = open_invoices(res.company, customer)
	debit_to = {row.name: row.debit_to for row in rows}
	with core_errors():
		allocation = allocate_payment(
			flt(amount, 2),
			[
				OpenInvoice(
					row.name, getdate(row.due_date), row.outstanding_amount, getdate(row.posting_date)
				)
				for row in rows
			],
		)
	by_account: dict[str, list] = {}
	for part in allocation.allocations:
		by_account.setdefault(debit_to[part.invoice], []).append(part)
	entries = []
	for account, parts in by_account.items():
		references = [
			{
				"reference_doctype": "Sales Invoice",
				"reference_name": p.invoice,
				"allocated_amount": float(p.amount),
			}
			for p in parts
		]
		entries.append(_payment_entry(ctx, float(sum(p.amount for p in parts)), account, references))
	if allocation.advance > 0:
		entries.append(
			_payment_entry(ctx, float(allocation.advance), required_account(res.company, ADVANCES), [])
		)
	return {
		"receipt": receipt,
		"payment_entries": entries,
		"allocations": [
			{"invoice": p.invoice, "amount": float(p.amount), "outstanding_after": float(p.outstanding_after)}
			for p in allocation.allocations
		],
		"advance": float(allocation.advance),
	}


def make_payment(
	residence,
	co_owner,
	amount,
	mode,
	posting_date=None,
	reference_no=None,
	reference_date=None,
	cheque_bank=None,
	remarks=None,
):
	"""REST / desk: record a co-owner's payment (POST /api/method/syndic_maroc.api.collections.make_payment)."""
	frappe.has_permission("Payment Entry", "create", throw=True)
	frappe.has_permission("Payment Entry", "submit", throw=True)
	return record_payment(
		residence,
		co_owner,
		flt(amount, 2),
		mode,
		posting_date=posting_date,
		reference_no=reference_no,
		reference_date=reference_date,
		cheque_bank=cheque_bank,
		remarks=remarks,
	)


def advance_payments(company: str, customers=None) -> dict[str, list[frappe._dict]]:
	"""{customer: [advance Payment Entry, oldest first]}: submitted receipts of the company booked on
	its advances account (4421) with something not yet allocated. One query for all co-owners."""
	if customers is not None:
		customers = sorted(customers)
		if not customers:
			return {}
	filters = {
		"company": company,
		"docstatus": 1,
		"payment_type": "Receive",
		"party_type": "Customer",
		"paid_from": required_account(company, ADVANCES),
		# booked as an advance in its own account (ensure_company): ERPNext then moves it to the
		# receivable when it is reconciled
		"book_advance_payments_in_separate_party_account": 1,
		"unallocated_amount": (">", 0),
	}
	if customers is not None:
		filters["party"] = ("in", customers)
	result: dict[str, list] = {}
	for row in frappe.get_all(
		"Payment Entry",
		filters=filters,
		fields=["name", "party", "posting_date", "unallocated_amount", "cost_center"],
		order_by="posting_date asc, creation asc, name asc",
	):
		result.setdefault(row.party, []).append(row)
	return result


def _reconcile_entries(customer: str, payment, parts, invoices: dict) -> list[frappe._dict]:
	"""The rows ERPNext's Payment Reconciliation tool gives `reconcile_against_document` for one
	advance and the invoices it settles (no exchange difference: one currency)."""
	entries = []
	unadjusted = flt(payment.unallocated_amount)
	for part in parts:
		invoice = invoices[part.invoice]
		amount = float(part.amount)
		entries.append(
			frappe._dict(
				voucher_type="Payment Entry",
				voucher_no=payment.name,
				voucher_detail_no=None,
				against_voucher_type="Sales Invoice",
				against_voucher=invoice.name,
				account=invoice.debit_to,
				exchange_rate=flt(invoice.conversion_rate) or 1,
				party_type="Customer",
				party=customer,
				is_advance=1,
				dr_or_cr="credit_in_account_currency",
				unreconciled_amount=flt(payment.unallocated_amount),
				unadjusted_amount=unadjusted,
				allocated_amount=amount,
				grand_total=invoice.grand_total,
				outstanding_amount=invoice.outstanding_amount,
				difference_amount=0,
				difference_account=None,
				difference_posting_date=None,
				cost_center=payment.cost_center,
			)
		)
		unadjusted = flt(unadjusted - amount, 2)
	return entries


def _apply_customer_advances(company: str, customer: str, payments: list) -> list[dict]:
	from erpnext.accounts.utils import reconcile_against_document

	rows = open_invoices(company, customer)
	if not rows:
		return []
	invoices = {row.name: row for row in rows}
	with core_errors():
		allocations = allocate_payments(
			[(payment.name, flt(payment.unallocated_amount, 2)) for payment in payments],
			[
				OpenInvoice(
					row.name, getdate(row.due_date), row.outstanding_amount, getdate(row.posting_date)
				)
				for row in rows
			],
		)
	applied = []
	for payment in payments:
		parts = allocations[payment.name].allocations
		if not parts:
			continue
		reconcile_against_document(_reconcile_entries(customer, payment, parts, invoices))
		applied.extend(
			{"payment_entry": payment.name, "invoice": part.invoice, "amount": float(part.amount)}
			for part in parts
		)
	return applied


def apply_advances_for(company: str, customers=None) -> dict:
	"""Apply the unallocated advances (4421) of `customers` (all the company's when None) to their
	open invoices, oldest first. Idempotent: what is applied is no longer unallocated. Only the
	co-owners holding an advance are touched; each one is committed on its own (a failure is
	rolled back, logged and reported, the others go on).
	Returns {applied: [{customer, payment_entry, invoice, amount}], amount, errors}."""
	applied, errors = [], []
	lock = "syndic_advances_" + hashlib.sha1(company.encode()).hexdigest()[:16]
	with filelock(lock, timeout=120):
		for customer, payments in advance_payments(company, customers).items():
			try:
				for row in _apply_customer_advances(company, customer, payments):
					applied.append({"customer": customer, **row})
				if not frappe.flags.in_test:
					frappe.db.commit()
			except Exception as e:
				if frappe.flags.in_test:
					raise
				frappe.db.rollback()
				frappe.log_error(title=f"Advances of {customer} ({company}) not applied")
				errors.append({"customer": customer, "error": str(getattr(e, "message", None) or e)})
	return {"applied": applied, "amount": round(sum(row["amount"] for row in applied), 2), "errors": errors}


def apply_advances(residence, co_owner=None):
	"""Desk / REST: apply the advances of the résidence's co-owners (or of one) to their open
	calls (POST /api/method/syndic_maroc.api.collections.apply_advances)."""
	frappe.only_for(("Syndic Accountant", "Syndic Manager", "System Manager"))
	company = frappe.db.get_value("Residence", residence, "company")
	if not company:
		frappe.throw(_("Residence not found: {0}").format(residence))
	frappe.has_permission("Residence", "read", doc=residence, throw=True)
	customers = None
	if co_owner:
		customer = frappe.db.get_value("Co-owner", co_owner, "customer")
		if not customer or not co_owner_in_residence(co_owner, residence):
			frappe.throw(_("{0} is not a co-owner of residence {1}").format(co_owner, residence))
		customers = {customer}
	return apply_advances_for(company, customers)


def receipt_entries(receipt: str) -> list[frappe._dict]:
	return frappe.get_all(
		"Payment Entry",
		filters={"syndic_receipt": receipt, "docstatus": 1},
		fields=["name", "paid_amount", "paid_from", "unallocated_amount"],
		order_by="name asc",
	)


def receipt_context(doc) -> frappe._dict:
	"""What the reçu prints: every Payment Entry of the receipt, their invoices, the total."""
	names = [row.name for row in receipt_entries(doc.syndic_receipt)] if doc.syndic_receipt else [doc.name]
	names = names or [doc.name]
	refs = frappe.get_all(
		"Payment Entry Reference",
		filters={"parent": ("in", names), "parenttype": "Payment Entry"},
		fields=["reference_name", "allocated_amount", "due_date", "outstanding_amount"],
		order_by="due_date asc, reference_name asc",
	)
	total = sum(
		flt(v) for v in frappe.get_all("Payment Entry", filters={"name": ("in", names)}, pluck="paid_amount")
	)
	advance = sum(
		flt(row.paid_amount)
		for row in frappe.get_all(
			"Payment Entry", filters={"name": ("in", names)}, fields=["paid_amount", "paid_from"]
		)
		if row.paid_from and row.paid_from.startswith(ADVANCES)
	)
	residence = (
		frappe.db.get_value(
			"Residence",
			doc.syndic_residence,
			["residence_name", "address_line", "city", "bank_name", "rib", "ice"],
			as_dict=True,
		)
		if doc.syndic_residence
		else frappe._dict()
	)
	co_owner = (
		frappe.db.get_value(
			"Co-owner", doc.syndic_co_owner, ["full_name", "cin", "address_line", "city"], as_dict=True
		)
		if doc.syndic_co_owner
		else frappe._dict(full_name=doc.party_name)
	)
	return frappe._dict(
		entries=names,
		references=refs,
		total=total,
		advance=advance,
		residence=residence or frappe._dict(),
		co_owner=co_owner or frappe._dict(),
		arabic=(getattr(frappe.local, "lang", None) or "fr").startswith("ar"),  # printed right to left
	)


def co_owner_in_residence(co_owner: str, residence: str) -> bool:
	"""Whether `co_owner` owns, or owned, a unit of `residence`."""
	return bool(
		frappe.db.sql(
			"""select 1 from `tabUnit` u where u.residence=%(residence)s and (u.co_owner=%(co_owner)s
			or exists(select 1 from `tabUnit Ownership` h where h.parenttype='Unit' and h.parent=u.name
				and h.co_owner=%(co_owner)s)) limit 1""",
			{"residence": residence, "co_owner": co_owner},
		)
	)


def co_owner_query(doctype, txt, searchfield, start, page_len, filters):
	"""Co-owners of the résidence in `filters` (link search of the bulk entry screen), for a user
	who may read co-owners, and only in the résidences his User Permissions leave him: the SQL
	below is not filtered by Frappe."""
	filters = _search_filters(filters)
	frappe.has_permission("Co-owner", "read", throw=True)
	residence = filters.get("residence")
	if residence:
		frappe.has_permission("Residence", "read", residence, throw=True)
		residences = [residence]
	else:
		residences = frappe.get_list("Residence", pluck="name", limit_page_length=0)
	if not residences:
		return []
	return frappe.db.sql(
		"""select distinct c.name, c.full_name from `tabCo-owner` c
		join `tabUnit` u on u.co_owner = c.name
		where u.residence in %(residences)s
			and (c.name like %(txt)s or c.full_name like %(txt)s)
		order by c.full_name limit %(start)s, %(page_len)s""",
		{"residences": residences, "txt": f"%{txt}%", "start": cint(start), "page_len": cint(page_len)},
	)


def _search_filters(filters) -> dict:
	"""A link search's filters as sent: a dict, JSON (form-encoded requests), or nothing."""
	if isinstance(filters, str):
		try:
			filters = json.loads(filters or "{}")
		except ValueError:
			frappe.throw(_("The search filters are not valid JSON."))
	if filters is None:
		return {}
	if not isinstance(filters, dict):
		frappe.throw(_("The search filters must be an object, e.g. {0}.").format('{"residence": "..."}'))
	return filters

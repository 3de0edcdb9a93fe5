"""What the pages of www/ show (their contexts) and the data behind them."""

from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import cint, flt, get_first_day, getdate, nowdate, strip_html

from syndic_maroc.portal.access import deny, own_co_owner_in, require_co_owners
from syndic_maroc.portal.language import page_language
from syndic_maroc.registry.owners import residences_of

LIST_LIMIT = 500


STATUS_LABELS = {
	"Paid": "Payé",
	"Unpaid": "À payer",
	"Overdue": "En retard",
	"Partly Paid": "Partiellement payé",
	"Return": "Avoir",
	"Credit Note Issued": "Avoir émis",
}


def invoices_of(customers: list[str], limit: int = LIST_LIMIT) -> list[frappe._dict]:
	"""Submitted Sales Invoices of `customers`, newest due date first, with their call and résidence."""
	if not customers:
		return []
	rows = frappe.db.sql(
		"""select si.name, si.customer, si.posting_date, si.due_date, si.grand_total, si.outstanding_amount,
			si.currency, si.status, si.syndic_residence as residence, si.syndic_call_for_funds as call_for_funds,
			r.residence_name, cf.period_label
		from `tabSales Invoice` si
		left join `tabResidence` r on r.name = si.syndic_residence
		left join `tabCall for Funds` cf on cf.name = si.syndic_call_for_funds
		where si.docstatus = 1 and si.customer in %(customers)s
		order by si.due_date desc, si.name desc
		limit %(limit)s""",
		{"customers": tuple(customers), "limit": cint(limit)},
		as_dict=True,
	)
	today = getdate(nowdate())
	for row in rows:
		status = row.status
		if flt(row.outstanding_amount) > 0:
			status = (
				"Overdue"
				if getdate(row.due_date) < today
				else ("Partly Paid" if flt(row.outstanding_amount) < flt(row.grand_total) else "Unpaid")
			)
		row.status = status
		row.status_label = _(STATUS_LABELS.get(status, status))
		row.indicator = {"Paid": "green", "Overdue": "red", "Partly Paid": "orange"}.get(status, "blue")
	return rows


def payments_of(customers: list[str], limit: int = LIST_LIMIT) -> list[frappe._dict]:
	"""Payments received from `customers`, one row per reçu (its Payment Entries together)."""
	if not customers:
		return []
	rows = frappe.db.sql(
		"""select pe.name, pe.posting_date, pe.paid_amount, pe.syndic_receipt, pe.syndic_payment_mode, pe.mode_of_payment,
			pe.reference_no, pe.syndic_residence as residence, r.residence_name, pe.company
		from `tabPayment Entry` pe
		left join `tabResidence` r on r.name = pe.syndic_residence
		where pe.docstatus = 1 and pe.payment_type = 'Receive' and pe.party_type = 'Customer'
			and pe.party in %(customers)s
		order by pe.posting_date desc, pe.name asc
		limit %(limit)s""",
		{"customers": tuple(customers), "limit": cint(limit)},
		as_dict=True,
	)
	receipts: dict[str, frappe._dict] = {}
	for row in rows:
		key = row.syndic_receipt or row.name
		receipt = receipts.get(key)
		if receipt is None:
			receipts[key] = frappe._dict(
				receipt=key,
				payment_entry=row.name,
				posting_date=row.posting_date,
				amount=flt(row.paid_amount),
				mode=_(row.syndic_payment_mode) if row.syndic_payment_mode else (row.mode_of_payment or ""),
				reference_no=row.reference_no if row.reference_no != key else "",
				residence=row.residence,
				residence_name=row.residence_name or row.company,
			)
		else:
			receipt.amount = flt(receipt.amount + flt(row.paid_amount), 2)
	return list(receipts.values())


def open_invoices_of(customers: list[str]) -> list[frappe._dict]:
	"""Every submitted invoice of `customers` with something left to pay (no list limit)."""
	if not customers:
		return []
	return frappe.get_all(
		"Sales Invoice",
		filters={"customer": ("in", customers), "docstatus": 1, "outstanding_amount": (">", 0)},
		fields=["name", "syndic_residence as residence", "due_date", "outstanding_amount"],
		order_by="due_date asc",
	)


def summary(co_owners: list[frappe._dict]) -> list[frappe._dict]:
	"""Per résidence: the units owned now (tantièmes), what remains due, overdue, the next due date."""
	today = getdate(nowdate())
	names = [row.name for row in co_owners]
	open_rows = open_invoices_of([row.customer for row in co_owners])
	result = []
	for res in residences_of(co_owners):
		units = frappe.get_all(
			"Unit",
			filters={"residence": res.name, "co_owner": ("in", names)},
			fields=["name", "unit_number", "unit_type", "tantiemes", "building", "floor"],
			order_by="unit_number asc",
		)
		for unit in units:
			unit.type_label = _(unit.unit_type) if unit.unit_type else ""
		rows = [row for row in open_rows if row.residence == res.name]
		upcoming = [row for row in rows if getdate(row.due_date) >= today]
		next_due = getdate(upcoming[0].due_date) if upcoming else None
		result.append(
			frappe._dict(
				residence=res.name,
				residence_name=res.residence_name,
				city=res.city,
				total_tantiemes=flt(res.total_tantiemes),
				units=units,
				tantiemes=flt(sum(flt(u.tantiemes) for u in units)),
				due=flt(sum(flt(row.outstanding_amount) for row in rows), 2),
				overdue=flt(
					sum(flt(row.outstanding_amount) for row in rows if getdate(row.due_date) < today), 2
				),
				next_due_date=next_due,
				next_due_amount=flt(
					sum(flt(row.outstanding_amount) for row in upcoming if getdate(row.due_date) == next_due),
					2,
				),
				open_invoices=len(rows),
			)
		)
	return result


def statement_view(residence: str, co_owner: str, from_date, to_date) -> frappe._dict:
	"""The statement shown on /mon-releve, and whether the quitus may be downloaded today."""
	from syndic_maroc.core.finance.statements import quitus_allowed
	from syndic_maroc.finance.statements import bucket_balances, kind_label, statement_for

	ctx = statement_for(residence, co_owner, from_date, to_date)
	ctx.buckets = bucket_balances(ctx.statement)
	ctx.kind_label = kind_label
	today = statement_for(residence, co_owner, nowdate(), nowdate())
	check = quitus_allowed(today.statement)
	ctx.quitus_allowed = check.allowed
	ctx.quitus_message = None if check.allowed else check.message(_)
	return ctx


def default_period() -> tuple:
	today = getdate(nowdate())
	return get_first_day(today.replace(month=1)), today


def period_dates(from_date, to_date) -> tuple:
	start, end = default_period()
	try:
		start = getdate(from_date) if from_date else start
		end = getdate(to_date) if to_date else end
	except Exception:
		frappe.throw(_("Invalid dates: use the YYYY-MM-DD format."))
	if start > end:
		frappe.throw(_("The start date ({0}) is after the end date ({1}).").format(start, end))
	return start, end


# --- Page contexts (www/) --------------------------------------------------------------------------


def page_context(context, title: str) -> list[frappe._dict]:
	"""What every portal page needs; returns the user's co-owners (guest: login, others: 403)."""
	co_owners = require_co_owners()
	context.no_cache = 1
	context.show_sidebar = True
	context.lang = page_language()
	context.rtl = context.lang == "ar"
	context.title = title
	context.co_owners = co_owners
	context.parents = [{"route": "/mon-espace", "title": _("My Space")}] if title != _("My Space") else []
	return co_owners


def pdf_url(method: str, **params) -> str:
	return f"/api/method/syndic_maroc.api.portal.{method}?" + urlencode(
		{k: v for k, v in params.items() if v}
	)


def home_context(context) -> None:
	co_owners = page_context(context, _("My Space"))
	context.residences = summary(co_owners)
	context.total_due = flt(sum(r.due for r in context.residences), 2)
	dates = [r.next_due_date for r in context.residences if r.next_due_date]
	context.next_due_date = min(dates) if dates else None


def calls_context(context) -> None:
	co_owners = page_context(context, _("My Calls for Funds"))
	context.invoices = invoices_of([row.customer for row in co_owners])
	for row in context.invoices:
		row.pdf_fr = pdf_url("call_notice_pdf", invoice=row.name, lang="fr")
		row.pdf_ar = pdf_url("call_notice_pdf", invoice=row.name, lang="ar")


def payments_context(context) -> None:
	co_owners = page_context(context, _("My Payments"))
	context.payments = payments_of([row.customer for row in co_owners])
	for row in context.payments:
		row.pdf_fr = pdf_url("receipt_pdf", payment_entry=row.payment_entry, lang="fr")
		row.pdf_ar = pdf_url("receipt_pdf", payment_entry=row.payment_entry, lang="ar")


def statement_context(context) -> None:
	co_owners = page_context(context, _("My Statement"))
	form = frappe.form_dict
	context.residences = residences_of(co_owners)
	try:
		context.from_date, context.to_date = period_dates(form.get("from_date"), form.get("to_date"))
	except frappe.ValidationError as e:  # bad dates typed in the form: say so, show the default period
		frappe.clear_last_message()
		context.error = strip_html(str(e))  # Frappe bolds the typed value; the page escapes it
		context.from_date, context.to_date = default_period()
	context.residence = form.get("residence") or (context.residences[0].name if context.residences else None)
	context.view = None
	if not context.residence:
		return
	if context.residence not in {r.name for r in context.residences}:
		deny()
	co_owner = own_co_owner_in(context.residence, form.get("co_owner"))
	context.co_owner = co_owner
	context.view = statement_view(context.residence, co_owner, context.from_date, context.to_date)
	period = {"residence": context.residence, "co_owner": co_owner if len(co_owners) > 1 else None}
	dates = {"from_date": str(context.from_date), "to_date": str(context.to_date)}
	context.statement_fr = pdf_url("statement_pdf", **period, **dates, lang="fr")
	context.statement_ar = pdf_url("statement_pdf", **period, **dates, lang="ar")
	context.quitus_fr = pdf_url("quitus_pdf", **period, lang="fr")
	context.quitus_ar = pdf_url("quitus_pdf", **period, lang="ar")

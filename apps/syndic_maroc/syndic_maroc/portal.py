"""Co-owner web portal (role "Co-owner"): what the pages of www/ show and the PDFs they download.

Who is who: the session user is resolved to their Co-owner records through Co-owner.portal_user
or the Co-owner's Contact (Contact.user); each Co-owner has one ERPNext Customer. A co-owner sees
only the documents of their own Customer(s): Sales Invoices (calls for funds), Payment Entries
(receipts) and the statement / quitus of the résidences where they own or owned a unit
(loi 18-00 art. 26: the syndic gives each co-owner their account and receipts). Anything else,
including another co-owner's document reached by its URL, is refused with 403
(frappe.PermissionError), the same answer whether the document exists or not.

Pages (www/): /mon-espace (summary), /mes-appels, /mes-paiements, /mon-releve. The PDF
endpoints below are whitelisted methods (GET /api/method/syndic_maroc.portal.<name>); they
print in French by default, in Arabic with lang=ar.

ERPNext's own /invoices portal needs the ERPNext "Customer" role on the user and uses the
standard Sales Invoice print; ours works with the "Co-owner" role alone and prints the Call
Notice, the reçu and the statement.
"""

from contextlib import contextmanager
from urllib.parse import quote, urlencode

import frappe
from frappe import _
from frappe.utils import cint, flt, get_first_day, getdate, nowdate

ROLE = "Co-owner"
LANGUAGES = ("fr", "ar")
RECEIPT_FORMAT = "Payment Receipt"
LIST_LIMIT = 500


# --- Who is the user ----------------------------------------------------------------------------


def co_owners_of_user(user: str | None = None) -> list[frappe._dict]:
	"""The Co-owner records of `user` (portal user, or user of the co-owner's Contact)."""
	user = user or frappe.session.user
	if not user or user == "Guest":
		return []
	return frappe.db.sql(
		"""select c.name, c.full_name, c.customer, c.email, c.preferred_language
		from `tabCo-owner` c
		where ifnull(c.customer, '') != ''
			and (c.portal_user = %(user)s
				or c.contact in (select ct.name from `tabContact` ct where ct.user = %(user)s))
		order by c.full_name, c.name""",
		{"user": user},
		as_dict=True,
	)


def customers_of_user(user: str | None = None) -> list[str]:
	return [row.customer for row in co_owners_of_user(user)]


def _deny():
	raise frappe.PermissionError(_("Ce document n'est pas accessible depuis votre espace copropriétaire."))


def require_co_owners() -> list[frappe._dict]:
	"""For the pages: a guest goes to the login page; a user who is no co-owner gets 403."""
	if frappe.session.user == "Guest":
		path = (
			frappe.local.request.path if getattr(frappe.local, "request", None) else "/mon-espace"
		) or "/mon-espace"
		frappe.local.flags.redirect_location = f"/login?redirect-to={quote(path)}"
		raise frappe.Redirect
	co_owners = co_owners_of_user()
	if not co_owners:
		raise frappe.PermissionError(
			_("Aucun copropriétaire n'est associé à votre compte. Contactez votre syndic.")
		)
	return co_owners


def own_invoice(invoice: str) -> frappe._dict:
	"""The submitted Sales Invoice `invoice` if it belongs to the user's co-owner; else 403."""
	row = (
		frappe.db.get_value("Sales Invoice", invoice, ["name", "customer", "docstatus"], as_dict=True)
		if invoice
		else None
	)
	if not row or row.docstatus != 1 or row.customer not in customers_of_user():
		_deny()
	return row


def own_payment(payment_entry: str) -> frappe._dict:
	"""The submitted Payment Entry received from the user's co-owner; else 403."""
	row = (
		frappe.db.get_value(
			"Payment Entry",
			payment_entry,
			["name", "party_type", "party", "docstatus", "payment_type"],
			as_dict=True,
		)
		if payment_entry
		else None
	)
	if (
		not row
		or row.docstatus != 1
		or row.party_type != "Customer"
		or row.payment_type != "Receive"
		or row.party not in customers_of_user()
	):
		_deny()
	return row


def own_co_owner_in(residence: str, co_owner: str | None = None) -> str:
	"""The user's co-owner (the one asked, or the first) who owns or owned a unit of `residence`."""
	from syndic_maroc.finance.collections import co_owner_in_residence

	for row in co_owners_of_user():
		if co_owner and row.name != co_owner:
			continue
		if residence and co_owner_in_residence(row.name, residence):
			return row.name
	_deny()


# --- has_website_permission hooks -------------------------------------------------------------


def invoice_website_permission(doc, ptype=None, user=None, verbose=False) -> bool:
	"""Sales Invoice of a call for funds: only its co-owner (ERPNext's own check runs too)."""
	if not doc.get("syndic_residence"):
		return True  # not a syndic invoice: ERPNext's hook alone decides
	return doc.docstatus == 1 and doc.customer in customers_of_user(user)


def payment_website_permission(doc, ptype=None, user=None, verbose=False) -> bool:
	return (
		doc.docstatus == 1
		and doc.party_type == "Customer"
		and doc.payment_type == "Receive"
		and doc.party in customers_of_user(user)
	)


# --- Language -----------------------------------------------------------------------------------


def page_language() -> str:
	lang = (getattr(frappe.local, "lang", None) or "fr").split("-")[0]
	return lang if lang in LANGUAGES else "fr"


def _lang(lang: str | None) -> str:
	lang = (lang or "fr").split("-")[0]
	return lang if lang in LANGUAGES else "fr"


@contextmanager
def _printing(lang: str):
	"""Print in `lang` without the desk's print permission (the caller checked ownership)."""
	from frappe.translate import print_language

	previous = frappe.flags.ignore_print_permissions
	frappe.flags.ignore_print_permissions = True
	try:
		with print_language(lang):
			yield
	finally:
		frappe.flags.ignore_print_permissions = previous


@frappe.whitelist(methods=["POST"])
def set_language(lang: str) -> str:
	"""The portal's language switch: the user's language (and their co-owner's preferred one)."""
	lang = _lang(lang)
	if frappe.session.user == "Guest":
		_deny()
	frappe.db.set_value("User", frappe.session.user, "language", lang)
	for row in co_owners_of_user():
		frappe.db.set_value("Co-owner", row.name, "preferred_language", lang, update_modified=False)
	frappe.clear_cache(user=frappe.session.user)
	return lang


# --- Data for the pages ----------------------------------------------------------------------------

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


def residences_of(co_owners: list[frappe._dict]) -> list[frappe._dict]:
	"""Résidences where the co-owners own a unit, owned one, or have a call for funds."""
	names = [row.name for row in co_owners]
	customers = [row.customer for row in co_owners]
	if not names:
		return []
	found = frappe.db.sql(
		"""select distinct u.residence from `tabUnit` u
		where u.co_owner in %(names)s
			or exists(select 1 from `tabUnit Ownership` h where h.parenttype = 'Unit' and h.parent = u.name
				and h.co_owner in %(names)s)
		union
		select distinct si.syndic_residence from `tabSales Invoice` si
		where si.docstatus = 1 and si.customer in %(customers)s and ifnull(si.syndic_residence, '') != ''""",
		{"names": tuple(names), "customers": tuple(customers)},
		pluck=True,
	)
	if not found:
		return []
	return frappe.get_all(
		"Residence",
		filters={"name": ("in", found)},
		fields=["name", "residence_name", "city", "total_tantiemes", "company"],
		order_by="residence_name asc",
	)


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


# --- PDF downloads (whitelisted) ---------------------------------------------------------------


def _send_pdf(pdf: bytes, filename: str) -> None:
	frappe.local.response.filename = filename
	frappe.local.response.filecontent = pdf
	frappe.local.response.type = "pdf"


def call_notice_bytes(invoice: str, lang: str = "fr") -> bytes:
	own_invoice(invoice)
	with _printing(_lang(lang)):
		return frappe.get_print("Sales Invoice", invoice, print_format="Call Notice", as_pdf=True)


@frappe.whitelist(methods=["GET"])
def call_notice_pdf(invoice: str, lang: str = "fr") -> None:
	"""The avis d'appel de fonds of one of the user's invoices (403 for anyone else's)."""
	_send_pdf(call_notice_bytes(invoice, lang), f"avis-{invoice}-{_lang(lang)}.pdf")


def receipt_bytes(payment_entry: str, lang: str = "fr") -> bytes:
	own_payment(payment_entry)
	with _printing(_lang(lang)):
		return frappe.get_print("Payment Entry", payment_entry, print_format=RECEIPT_FORMAT, as_pdf=True)


@frappe.whitelist(methods=["GET"])
def receipt_pdf(payment_entry: str, lang: str = "fr") -> None:
	"""The reçu (loi 18-00 art. 26) of one of the user's payments (403 for anyone else's)."""
	receipt = frappe.db.get_value("Payment Entry", payment_entry, "syndic_receipt") if payment_entry else None
	pdf = receipt_bytes(payment_entry, lang)
	_send_pdf(pdf, f"recu-{receipt or payment_entry}-{_lang(lang)}.pdf")


def _dates(from_date, to_date) -> tuple:
	start, end = default_period()
	try:
		start = getdate(from_date) if from_date else start
		end = getdate(to_date) if to_date else end
	except Exception:
		frappe.throw(_("Dates invalides : utilisez le format AAAA-MM-JJ."))
	if start > end:
		frappe.throw(_("La date de début ({0}) est postérieure à la date de fin ({1}).").format(start, end))
	return start, end


def statement_bytes(
	residence: str, from_date=None, to_date=None, co_owner: str | None = None, lang: str = "fr"
) -> bytes:
	from syndic_maroc.finance.statements import statement_pdf_bytes

	co_owner = own_co_owner_in(residence, co_owner)
	start, end = _dates(from_date, to_date)
	with _printing(_lang(lang)):
		return statement_pdf_bytes(residence, co_owner, start, end)


@frappe.whitelist(methods=["GET"])
def statement_pdf(
	residence: str, from_date=None, to_date=None, co_owner: str | None = None, lang: str = "fr"
) -> None:
	"""The user's relevé de compte for one of their résidences over a period (403 otherwise)."""
	pdf = statement_bytes(residence, from_date, to_date, co_owner, lang)
	_send_pdf(pdf, f"releve-{_lang(lang)}-{to_date or nowdate()}.pdf")


def quitus_bytes(residence: str, co_owner: str | None = None, lang: str = "fr") -> bytes:
	from syndic_maroc.finance.statements import quitus_pdf_bytes

	co_owner = own_co_owner_in(residence, co_owner)
	with _printing(_lang(lang)):
		return quitus_pdf_bytes(residence, co_owner, nowdate())


@frappe.whitelist(methods=["GET"])
def quitus_pdf(residence: str, co_owner: str | None = None, lang: str = "fr") -> None:
	"""The user's attestation de quitus, only at a zero balance (loi 18-00 arts 26 and 42)."""
	pdf = quitus_bytes(residence, co_owner, lang)
	_send_pdf(pdf, f"quitus-{_lang(lang)}-{nowdate()}.pdf")


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
	context.parents = [{"route": "/mon-espace", "title": _("Mon espace")}] if title != _("Mon espace") else []
	return co_owners


def pdf_url(method: str, **params) -> str:
	return f"/api/method/syndic_maroc.portal.{method}?" + urlencode({k: v for k, v in params.items() if v})


def home_context(context) -> None:
	co_owners = page_context(context, _("Mon espace"))
	context.residences = summary(co_owners)
	context.total_due = flt(sum(r.due for r in context.residences), 2)
	dates = [r.next_due_date for r in context.residences if r.next_due_date]
	context.next_due_date = min(dates) if dates else None


def calls_context(context) -> None:
	co_owners = page_context(context, _("Mes appels de fonds"))
	context.invoices = invoices_of([row.customer for row in co_owners])
	for row in context.invoices:
		row.pdf_fr = pdf_url("call_notice_pdf", invoice=row.name, lang="fr")
		row.pdf_ar = pdf_url("call_notice_pdf", invoice=row.name, lang="ar")


def payments_context(context) -> None:
	co_owners = page_context(context, _("Mes paiements"))
	context.payments = payments_of([row.customer for row in co_owners])
	for row in context.payments:
		row.pdf_fr = pdf_url("receipt_pdf", payment_entry=row.payment_entry, lang="fr")
		row.pdf_ar = pdf_url("receipt_pdf", payment_entry=row.payment_entry, lang="ar")


def statement_context(context) -> None:
	co_owners = page_context(context, _("Mon relevé"))
	form = frappe.form_dict
	context.residences = residences_of(co_owners)
	try:
		context.from_date, context.to_date = _dates(form.get("from_date"), form.get("to_date"))
	except frappe.ValidationError as e:  # bad dates typed in the form: say so, show the default period
		frappe.clear_last_message()
		context.error = str(e)
		context.from_date, context.to_date = default_period()
	context.residence = form.get("residence") or (context.residences[0].name if context.residences else None)
	context.view = None
	if not context.residence:
		return
	if context.residence not in {r.name for r in context.residences}:
		_deny()
	co_owner = own_co_owner_in(context.residence, form.get("co_owner"))
	context.co_owner = co_owner
	context.view = statement_view(context.residence, co_owner, context.from_date, context.to_date)
	period = {"residence": context.residence, "co_owner": co_owner if len(co_owners) > 1 else None}
	dates = {"from_date": str(context.from_date), "to_date": str(context.to_date)}
	context.statement_fr = pdf_url("statement_pdf", **period, **dates, lang="fr")
	context.statement_ar = pdf_url("statement_pdf", **period, **dates, lang="ar")
	context.quitus_fr = pdf_url("quitus_pdf", **period, lang="fr")
	context.quitus_ar = pdf_url("quitus_pdf", **period, lang="ar")

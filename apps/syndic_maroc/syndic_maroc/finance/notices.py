"""Avis d'appel de fonds: what the "Call Notice" print format of a call's Sales Invoice prints,
and sending it to the co-owners by email.

The notice (loi 18-00 art. 24: each co-owner is called for their share of the voted budget;
art. 36: each charge split by its key) prints the résidence letterhead, the co-owner, a line per
unit and category with the unit's tantièmes, the key and the share (weight / key total, as
computed when the invoice was issued), the amount, the due date, the syndicat's RIB and IBAN
and the payment reference (the invoice name). Bilingual: French by default with the Arabic of
each label; printed in Arabic (lang "ar") the Arabic labels, categories and texts lead.

Sending: one email per invoice to the co-owner's address (Co-owner, else its Contact), in the
co-owner's preferred language first (French, or Arabic) with the notice PDF in that language
attached, through Frappe's Email Queue (nothing is lost when SMTP is down: the
queue retries), recorded as a Communication of the invoice (its timeline). A background job on
queue `long` sends a call's notices with a progress bar; an invoice whose notice went out
(`syndic_notice_sent_on`) is skipped unless forced; co-owners without an address are listed in
the job result and in a comment on the call.
"""

import re

import frappe
from frappe import _
from frappe.utils import cint, flt, now_datetime

from syndic_maroc.core import identifiers
from syndic_maroc.core.errors import ValidationError as CoreValidationError
from syndic_maroc.finance.jobs import call_progress, deadlock_pause
from syndic_maroc.finance.jobs import commit as _commit
from syndic_maroc.finance.jobs import rollback as _rollback
from syndic_maroc.finance.mail import can_send, default_sender, no_account_message

PRINT_FORMAT = "Call Notice"
QUEUE = "long"
JOB_TIMEOUT = 3600
PROGRESS_EVERY = 10
LANGUAGES = ("fr", "ar")
# "(150.0 / 1000.0)" at the end of the line description written at issue (finance.invoicing).
_SHARE_AT_ISSUE = re.compile(r"\((\d+(?:\.\d+)?) / (\d+(?:\.\d+)?)\)\s*$")


# --- Print format context ---------------------------------------------------------------------


def _iban(rib: str | None) -> str | None:
	if not rib:
		return None
	try:
		return identifiers.format_iban(identifiers.iban_from_rib(rib))
	except CoreValidationError:
		return None


def _call_keys(call_name: str | None) -> dict[str, frappe._dict]:
	"""{category: allocation key row (name, key_name, total_weight)} of the call's lines."""
	if not call_name:
		return {}
	rows = frappe.get_all(
		"Call for Funds Line",
		filters={"parent": call_name, "parenttype": "Call for Funds"},
		fields=["category", "allocation_key"],
	)
	keys = {
		row.name: row
		for row in frappe.get_all(
			"Allocation Key",
			filters={"name": ("in", list({r.allocation_key for r in rows if r.allocation_key}) or [""])},
			fields=["name", "key_name", "total_weight"],
		)
	}
	return {row.category: keys.get(row.allocation_key) for row in rows if keys.get(row.allocation_key)}


def _key_weights(keys: list[str], units: list[str]) -> dict[tuple[str, str], float]:
	if not keys or not units:
		return {}
	return {
		(row.parent, row.unit): flt(row.weight)
		for row in frappe.get_all(
			"Allocation Key Unit",
			filters={"parenttype": "Allocation Key", "parent": ("in", keys), "unit": ("in", units)},
			fields=["parent", "unit", "weight"],
		)
	}


def call_notice_context(doc) -> frappe._dict:
	residence = (
		frappe.db.get_value(
			"Residence",
			doc.syndic_residence,
			["residence_name", "address_line", "city", "ice", "bank_name", "rib", "total_tantiemes"],
			as_dict=True,
		)
		if doc.get("syndic_residence")
		else None
	) or frappe._dict(residence_name=doc.company)
	residence.iban = _iban(residence.rib)
	co_owner = frappe.db.get_value(
		"Co-owner",
		{"customer": doc.customer},
		["name", "full_name", "cin", "address_line", "city"],
		as_dict=True,
	)
	unit_names = list({row.syndic_unit for row in doc.items if row.get("syndic_unit")})
	units = (
		{
			row.name: row
			for row in frappe.get_all(
				"Unit", filters={"name": ("in", unit_names)}, fields=["name", "unit_number", "tantiemes"]
			)
		}
		if unit_names
		else {}
	)
	call = (
		frappe.db.get_value(
			"Call for Funds",
			doc.syndic_call_for_funds,
			["name", "period_label", "is_supplementary"],
			as_dict=True,
		)
		if doc.get("syndic_call_for_funds")
		else None
	) or frappe._dict()
	keys = _call_keys(call.get("name"))
	weights = _key_weights([k.name for k in keys.values()], unit_names)
	lines = []
	for row in doc.items:
		unit = units.get(row.syndic_unit) or frappe._dict()
		key = keys.get(row.get("syndic_category")) or frappe._dict()
		# The share the amount was computed with (written at issue); else the key as it is now.
		found = _SHARE_AT_ISSUE.search(row.description or "")
		weight, key_total = (
			(flt(found.group(1)), flt(found.group(2)))
			if found
			else (weights.get((key.get("name"), row.syndic_unit)), flt(key.get("total_weight")))
		)
		lines.append(
			frappe._dict(
				unit=unit.get("unit_number") or "",
				tantiemes=flt(unit.get("tantiemes")),
				category=_(row.syndic_category) if row.get("syndic_category") else (row.item_name or ""),
				key=key.get("key_name") or "",
				weight=weight,
				key_total=key_total or None,
				share_percent=flt(100 * weight / key_total, 4) if weight and key_total else None,
				description=row.description or row.item_name,
				amount=row.amount,
			)
		)
	return frappe._dict(
		residence=residence,
		co_owner=co_owner or frappe._dict(full_name=doc.customer_name),
		call=call,
		lines=lines,
		reference=doc.name,
		arabic=(getattr(frappe.local, "lang", None) or "fr").startswith("ar"),
	)


# --- Recipients ---------------------------------------------------------------------------------


def recipient_of(customer: str) -> frappe._dict | None:
	"""The co-owner of `customer` with the address the notice goes to (Co-owner, else Contact)."""
	row = frappe.db.get_value(
		"Co-owner",
		{"customer": customer},
		["name", "full_name", "email", "contact", "preferred_language"],
		as_dict=True,
	)
	if not row:
		return None
	if not row.email and row.contact:
		row.email = frappe.db.get_value("Contact", row.contact, "email_id")
	row.email = (row.email or "").strip() or None
	return row


def notice_attachment(invoice: str, lang: str = "fr") -> dict:
	"""The Call Notice PDF of `invoice` ({fname, fcontent}), whatever the Print Settings say."""
	from frappe.translate import print_language

	lang = lang if lang in LANGUAGES else "fr"
	previous = frappe.flags.ignore_print_permissions
	frappe.flags.ignore_print_permissions = True
	try:
		with print_language(lang):
			pdf = frappe.get_print("Sales Invoice", invoice, print_format=PRINT_FORMAT, as_pdf=True)
	finally:
		frappe.flags.ignore_print_permissions = previous
	return {"fname": f"{invoice.replace('/', '-')}.pdf", "fcontent": pdf}


def notice_message(invoice: frappe._dict, co_owner: frappe._dict) -> tuple[str, str]:
	"""Subject and body of the notice email, in both languages: the co-owner's preferred one
	(Co-owner.preferred_language) first, with the subject in it."""
	from frappe.translate import print_language

	amount = frappe.format(
		invoice.grand_total, {"fieldtype": "Currency", "options": invoice.currency or "MAD"}
	)
	due = frappe.format(invoice.due_date, {"fieldtype": "Date"})
	arabic_first = notice_language(co_owner) == "ar"
	with print_language("ar" if arabic_first else "fr"):
		subject = _("Call notice {0} - {1}").format(invoice.name, invoice.residence_name or invoice.company)
	french = (
		"<p>"
		+ _("Dear {0},").format(frappe.utils.escape_html(co_owner.full_name or ""))
		+ "</p><p>"
		+ _(
			"Please find attached call notice {0} for {1}, payable before {2}. Please quote reference {0} with your payment."
		).format(invoice.name, amount, due)
		+ "</p>"
	)
	arabic = (
		f"<p dir='rtl'>تجدون رفقته إشعار طلب أداء المساهمات رقم {invoice.name} بمبلغ {amount}، "
		+ f"يؤدى قبل {due}. المرجو ذكر المرجع {invoice.name} عند الأداء.</p>"
	)
	signature = "<p>" + _("The syndic") + " — وكيل الاتحاد</p>"
	body = (arabic + french if arabic_first else french + arabic) + signature
	return subject, body


def notice_language(co_owner: frappe._dict) -> str:
	"""The language of a co-owner's notice (email order and attached PDF): fr unless they chose ar."""
	return co_owner.get("preferred_language") if co_owner.get("preferred_language") in LANGUAGES else "fr"


# --- Sending -------------------------------------------------------------------------------------


def send_invoice_notice(invoice_name: str, force: bool = False) -> tuple[str, frappe._dict | None]:
	"""Queue the notice email of one submitted invoice. Returns (outcome, co-owner) with outcome
	"sent", "already_sent", "no_email", "no_co_owner" or "not_submitted".

	The invoice row is locked first, so two jobs never send the same notice twice; the Email
	Queue row, the Communication and the `syndic_notice_sent_on` mark share one transaction."""
	invoice = frappe.db.get_value(
		"Sales Invoice",
		invoice_name,
		[
			"name",
			"docstatus",
			"customer",
			"company",
			"grand_total",
			"currency",
			"due_date",
			"syndic_residence",
			"syndic_notice_sent_on",
		],
		as_dict=True,
		for_update=True,
	)
	if not invoice or invoice.docstatus != 1:
		return "not_submitted", None
	co_owner = recipient_of(invoice.customer)
	if not co_owner:
		return "no_co_owner", None
	if invoice.syndic_notice_sent_on and not force:
		return "already_sent", co_owner
	if not co_owner.email:
		return "no_email", co_owner
	invoice.residence_name = (
		frappe.db.get_value("Residence", invoice.syndic_residence, "residence_name")
		if invoice.syndic_residence
		else None
	)
	subject, body = notice_message(invoice, co_owner)
	sender = default_sender()
	communication = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Email",
			"sent_or_received": "Sent",
			"subject": subject,
			"content": body,
			"sender": sender or frappe.session.user,
			"recipients": co_owner.email,
			"reference_doctype": "Sales Invoice",
			"reference_name": invoice.name,
			"has_attachment": 1,
		}
	)
	communication.flags.skip_add_signature = True
	communication.insert(ignore_permissions=True)
	frappe.sendmail(
		recipients=[co_owner.email],
		sender=sender,
		subject=subject,
		message=body,
		reference_doctype="Sales Invoice",
		reference_name=invoice.name,
		communication=communication.name,
		attachments=[notice_attachment(invoice.name, notice_language(co_owner))],
		delayed=True,
	)
	frappe.db.set_value(
		"Sales Invoice", invoice.name, "syndic_notice_sent_on", now_datetime(), update_modified=False
	)
	return "sent", co_owner


def call_invoices(call_name: str) -> list[str]:
	return frappe.get_all(
		"Sales Invoice",
		filters={"syndic_call_for_funds": call_name, "docstatus": 1},
		pluck="name",
		order_by="customer asc, name asc",
	)


def _send_one(name: str, force: bool, attempts: int = 4) -> tuple[str, frappe._dict | None]:
	"""One invoice's notice in its own transaction; a deadlock with another worker rolls it back
	and tries again (the invoice row lock makes the retry see a notice that did go)."""
	for attempt in range(1, attempts + 1):
		try:
			outcome = send_invoice_notice(name, force=force)
			_commit()
			return outcome
		except frappe.QueryDeadlockError:
			deadlock_pause(attempt, attempts)


def send_call_notices(call_name: str, force: bool = False) -> dict:
	"""Background job: queue the notice of every submitted invoice of the call not yet sent.

	Returns {sent, already_sent, no_email: [co-owner labels], failed: [invoice: error]} and leaves
	the same summary as a comment on the call."""
	force = bool(cint(force))
	names = call_invoices(call_name)
	total = len(names)
	result = {"sent": 0, "already_sent": 0, "no_email": [], "failed": []}
	if not can_send("Sales Invoice", default_sender()):
		# nothing can be queued: say it once on the call, the notices stay to send
		result["error"] = no_account_message()
		frappe.get_doc("Call for Funds", call_name).add_comment(
			"Info", result["error"] + " " + _("The notices of the call are still to be sent.")
		)
		_commit()
		return result
	for number, name in enumerate(names, start=1):
		try:
			outcome, co_owner = _send_one(name, force)
		except Exception as e:
			_rollback()
			if frappe.flags.in_test:
				raise
			frappe.log_error(
				title=f"Call Notice {name}: not sent", reference_doctype="Sales Invoice", reference_name=name
			)
			result["failed"].append(
				f"{name}: {frappe.utils.strip_html(str(getattr(e, 'message', None) or e))[:200]}"
			)
			continue
		if outcome == "sent":
			result["sent"] += 1
		elif outcome == "already_sent":
			result["already_sent"] += 1
		elif outcome in ("no_email", "no_co_owner"):
			label = f"{co_owner.full_name} ({co_owner.name})" if co_owner else name
			if label not in result["no_email"]:
				result["no_email"].append(label)
		if number % PROGRESS_EVERY == 0 or number == total:
			call_progress(
				call_name,
				number,
				total,
				_("Sending the notices of call {0}").format(call_name),
				_("{0} notices of {1}").format(number, total),
			)
	sent = frappe.db.count(
		"Sales Invoice",
		{"syndic_call_for_funds": call_name, "docstatus": 1, "syndic_notice_sent_on": ("is", "set")},
	)
	frappe.db.set_value("Call for Funds", call_name, "notices_sent", sent, update_modified=False)
	_comment(call_name, result)
	_commit()
	return result


def _comment(call_name: str, result: dict) -> None:
	lines = [
		_("Call notices: {0} queued for email, {1} already sent.").format(
			result["sent"], result["already_sent"]
		)
	]
	if result["no_email"]:
		lines.append(
			_("No email address (notice to hand over on paper): {0}.").format(
				", ".join(frappe.utils.escape_html(x) for x in result["no_email"])
			)
		)
	if result["failed"]:
		lines.append(
			_("Not sent (see the error log): {0}.").format(
				", ".join(frappe.utils.escape_html(x) for x in result["failed"])
			)
		)
	frappe.get_doc("Call for Funds", call_name).add_comment("Info", "<br>".join(lines))


def _run_now() -> bool:
	return bool(frappe.flags.in_test or frappe.flags.syndic_issue_now)


def enqueue_call_notices(call_name: str, force: bool = False) -> str:
	"""Start the sending job of a call whose invoices are issued ("queued", or "sent" inline in
	tests). Refused with a French message before the issue is completed."""
	call = frappe.db.get_value(
		"Call for Funds", call_name, ["name", "docstatus", "issue_status"], as_dict=True
	)
	if not call:
		frappe.throw(_("Call for Funds not found: {0}").format(call_name))
	if call.docstatus != 1 or call.issue_status != "Completed":
		frappe.throw(
			_(
				"The notices of call {0} can be sent only once all its invoices are issued (status: {1})"
			).format(call_name, _(call.issue_status or "Not Started"))
		)
	if not can_send("Sales Invoice", default_sender()):
		frappe.throw(no_account_message(), title=_("Call Notice"))
	if _run_now():
		send_call_notices(call_name, force=force)
		return "sent"
	frappe.enqueue(
		"syndic_maroc.finance.notices.send_call_notices",
		queue=QUEUE,
		timeout=JOB_TIMEOUT,
		job_id=f"call-for-funds-notices::{call_name}",
		deduplicate=True,
		enqueue_after_commit=True,
		call_name=call_name,
		force=cint(force),
	)
	return "queued"


def after_call_issued(call_name: str) -> None:
	"""Called at the end of finance.invoicing.issue_invoices: send the notices when the call asks
	for it (`send_notices_on_issue`) and all its invoices are issued; otherwise nothing."""
	call = frappe.db.get_value(
		"Call for Funds", call_name, ["docstatus", "issue_status", "send_notices_on_issue"], as_dict=True
	)
	if not call or not call.send_notices_on_issue or call.docstatus != 1 or call.issue_status != "Completed":
		return
	enqueue_call_notices(call_name)

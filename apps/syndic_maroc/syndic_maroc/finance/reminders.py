"""Relances (reminders) as ERPNext Dunnings, created by a daily job.

Levels are core.finance.recovery.DEFAULT_LEVELS (rappel 15 days, deuxième rappel 30 days, mise en
demeure 45 days after the due date); each is a Dunning Type of the résidence's company with its
French/Arabic letter. The Dunning Types are created with the résidence's company
(Residence.after_insert; patch v0_1.dunning_types_per_residence for older résidences; the daily
job keeps a lazy safety net). No fee and no interest by default (the law sets none: MOROCCO.md
§1.5, rule 22); a résidence may configure them only explicitly (Residence.late_interest_rate,
dunning_fee, with the AG decision that authorises them, late_interest_ag_reference): they are
then copied to its Dunning Types on save, charged by ERPNext's Dunning and credited to 7511
"Autres produits décidés par l'assemblée générale".
`core.finance.recovery.due_reminders` decides what is due from the history, read back from the
submitted Dunnings (one level is never sent twice); the history of a co-owner is the list of
Dunnings with `syndic_co_owner`.

Mise en demeure (loi 18-00 art. 25): by registered letter; the accountant records its
notification date (`syndic_notified_on`). More than 30 days after it without payment, the
co-owner's open calls of the fiscal year not yet due become due on the acceleration date
(`core.finance.recovery.accelerated_calls`): their due date (and payment schedule) moves.
"""

import frappe
from frappe import _
from frappe.utils import add_days, flt, getdate, nowdate

from syndic_maroc.core.finance.ageing import Receivable
from syndic_maroc.core.finance.recovery import (
	DEFAULT_LEVELS,
	DEUXIEME_RAPPEL,
	MISE_EN_DEMEURE,
	RAPPEL,
	LateInterestPolicy,
	SentReminder,
	accelerated_calls,
	acceleration_date,
	due_reminders,
	late_charge_policy,
)
from syndic_maroc.finance.arrears import open_receivables
from syndic_maroc.finance.mail import can_send, default_sender, no_account_message
from syndic_maroc.utils.errors import core_errors

LEVELS = {level.code: level for level in DEFAULT_LEVELS}
CHARGES_ACCOUNT = "7511"
CHARGE_FIELDS = ["late_interest_rate", "dunning_fee", "late_interest_ag_reference", "cost_center"]
PENDING_DAYS = 30  # letters created without email are emailed later only while this recent

# FR then AR, Jinja rendered by ERPNext with the Dunning (doc).
LETTERS = {
	"rappel": (
		"<p>Madame, Monsieur {{ customer_name }},</p><p>Sauf erreur de notre part, les appels de fonds "
		"ci-dessous restent impayés à ce jour pour un total de {{ frappe.format(total_outstanding, "
		"{'fieldtype': 'Currency'}) }}. Nous vous remercions de bien vouloir les régler.</p>"
		"<p dir='rtl'>السيد(ة) المحترم(ة)، نذكركم بأن طلبات الأداء أسفله لا تزال غير مؤداة. المرجو تسويتها.</p>"
	),
	"deuxieme_rappel": (
		"<p>Madame, Monsieur {{ customer_name }},</p><p>Malgré notre premier rappel, les appels de fonds "
		"ci-dessous restent impayés ({{ frappe.format(total_outstanding, {'fieldtype': 'Currency'}) }}). "
		"Sans règlement, une mise en demeure vous sera adressée par lettre recommandée.</p>"
		"<p dir='rtl'>رغم التذكير الأول، لا تزال المبالغ أسفله غير مؤداة. في غياب الأداء سيتم توجيه إنذار برسالة مضمونة.</p>"
	),
	"mise_en_demeure": (
		"<p>Madame, Monsieur {{ customer_name }},</p><p>Par la présente lettre recommandée avec accusé de "
		"réception, nous vous mettons en demeure de régler {{ frappe.format(total_outstanding, "
		"{'fieldtype': 'Currency'}) }}. Faute de paiement plus de 30 jours après sa notification, "
		"toutes les contributions de l'exercice non encore échues deviendront exigibles (loi 18-00, "
		"art. 25) et le syndic pourra demander une injonction de payer (art. 25 bis).</p>"
		"<p dir='rtl'>بموجب هذه الرسالة المضمونة مع الإشعار بالتوصل، نُنذركم بأداء المبلغ المستحق. وإذا ظل هذا الإنذار "
		"بدون أثر لأكثر من ثلاثين يوما، تصبح جميع المساهمات غير الحالة للسنة مستحقة فورا (المادة 25 من القانون 18.00).</p>"
	),
}
CLOSING = "<p>Le syndic — وكيل الاتحاد</p>"


# The Dunning Types' names are data (records exist under them), not UI text: they stay French
# whatever the source language of the level labels, which the desk translates.
DUNNING_TYPE_NAMES = {
	RAPPEL: "Rappel",
	DEUXIEME_RAPPEL: "Deuxième rappel",
	MISE_EN_DEMEURE: "Mise en demeure",
}


def dunning_type_name(company: str, code: str) -> str:
	"""`<level name> - <company abbr>`: data, not UI text, the same whatever the user's language."""
	abbr = frappe.get_cached_value("Company", company, "abbr")
	return f"{DUNNING_TYPE_NAMES.get(code, code)} - {abbr}"


def residence_charges(residence) -> LateInterestPolicy | None:
	"""The late interest / reminder fee a résidence configured explicitly, else None (the default:
	loi 18-00 sets none, MOROCCO.md §1.5 rule 8). `residence` is a name or a Residence doc."""
	if isinstance(residence, str):
		residence = frappe.db.get_value("Residence", residence, CHARGE_FIELDS, as_dict=True)
	if not residence:
		return None
	with core_errors():
		return late_charge_policy(
			residence.get("late_interest_rate"),
			residence.get("dunning_fee"),
			residence.get("late_interest_ag_reference"),
		)


def charges_income_account(company: str) -> str | None:
	"""7511 "Autres produits décidés par l'assemblée générale" (décret 2.23.700): a late charge
	exists only because the AG decided it."""
	return frappe.db.get_value(
		"Account", {"company": company, "account_number": CHARGES_ACCOUNT, "is_group": 0}, "name"
	)


def ensure_dunning_types(company: str, residence=None) -> dict[str, str]:
	"""The three Dunning Types of the company, {level code: name}, created when the résidence is
	set up (Residence.after_insert, patch for older ones) and kept as a safety net by the daily
	job. Their interest and fee follow the résidence's explicit settings: zero unless configured.
	Idempotent: only what differs is written."""
	if residence is None:
		residence = frappe.db.get_value("Residence", {"company": company}, "name")
	if isinstance(residence, str):
		residence = frappe.db.get_value("Residence", residence, CHARGE_FIELDS, as_dict=True)
	policy = residence_charges(residence) if residence else None
	wanted = {
		"rate_of_interest": flt(policy.annual_rate * 100, 6) if policy else 0,
		"dunning_fee": flt(policy.letter_fee) if policy else 0,
		"income_account": charges_income_account(company),
		"cost_center": (residence and residence.get("cost_center"))
		or frappe.get_cached_value("Company", company, "cost_center"),
	}
	result = {}
	for code in LEVELS:
		name = dunning_type_name(company, code)
		# ERPNext makes the title unique across companies: it carries the abbreviation, like the name.
		wanted["dunning_type"] = name
		if not frappe.db.exists("Dunning Type", name):
			doc = frappe.get_doc(
				{
					"doctype": "Dunning Type",
					"company": company,
					"dunning_letter_text": [
						{
							"language": "fr",
							"is_default_language": 1,
							"body_text": LETTERS[code],
							"closing_text": CLOSING,
						}
					],
					**wanted,
				}
			)
			doc.insert(ignore_permissions=True, set_name=name)
		else:
			current = frappe.db.get_value("Dunning Type", name, list(wanted), as_dict=True)
			changed = {field: value for field, value in wanted.items() if _differs(current[field], value)}
			if changed:
				doc = frappe.get_doc("Dunning Type", name)
				doc.update(changed)
				doc.save(ignore_permissions=True)
		result[code] = name
	return result


def delete_dunning_types(company: str | None) -> None:
	"""Remove the company's reminder levels with its résidence (before the Company itself);
	a Dunning already sent keeps them, and the company, from being deleted."""
	if not company:
		return
	for name in frappe.get_all("Dunning Type", filters={"company": company}, pluck="name"):
		frappe.delete_doc("Dunning Type", name, ignore_permissions=True)


def _differs(current, wanted) -> bool:
	if isinstance(wanted, int | float):
		return flt(current) != flt(wanted)
	return (current or None) != (wanted or None)


def history(residence: str) -> dict[str, list[SentReminder]]:
	"""{invoice: reminders already sent} from the résidence's submitted Dunnings."""
	rows = frappe.db.sql(
		"""select op.sales_invoice, d.syndic_level, d.posting_date, d.syndic_notified_on
		from `tabDunning` d join `tabOverdue Payment` op on op.parent = d.name and op.parenttype = 'Dunning'
		where d.syndic_residence = %s and d.docstatus = 1 and ifnull(d.syndic_level, '') != ''""",
		(residence,),
		as_dict=True,
	)
	result: dict[str, list[SentReminder]] = {}
	for row in rows:
		result.setdefault(row.sales_invoice, []).append(
			SentReminder(
				row.syndic_level,
				getdate(row.posting_date),
				getdate(row.syndic_notified_on) if row.syndic_notified_on else None,
			)
		)
	return result


def _schedule_rows(invoices: list[str]) -> dict[str, list]:
	rows = frappe.get_all(
		"Payment Schedule",
		filters={"parent": ("in", invoices), "parenttype": "Sales Invoice"},
		fields=[
			"name",
			"parent",
			"due_date",
			"payment_amount",
			"outstanding",
			"invoice_portion",
			"paid_amount",
		],
		order_by="parent, idx",
	)
	result: dict[str, list] = {}
	for row in rows:
		result.setdefault(row.parent, []).append(row)
	return result


def _still_owed(inv, schedule: list) -> list:
	"""The schedule rows with what is still owed on each: ERPNext lowers a Payment Schedule's
	`outstanding` only for payments naming a payment term, which the desk's payments don't, so
	the invoice's outstanding amount is what counts; what was paid settles the oldest rows first
	(as collections allocates). A letter never asks for what was already paid."""
	paid = max(0.0, sum(flt(ps.outstanding) for ps in schedule) - flt(inv.outstanding_amount))
	rows = []
	for ps in sorted(schedule, key=lambda row: getdate(row.due_date)):
		owed = flt(ps.outstanding, 2)
		settled = min(owed, paid)
		paid -= settled
		owed = flt(owed - settled, 2)
		if owed > 0:
			rows.append(frappe._dict(ps, outstanding=owed))
	return rows


def create_due_dunnings(residence: str, as_of=None, send_email: bool = True) -> list[str]:
	"""Create, submit and email the reminders due on `as_of` for one résidence."""
	as_of = getdate(as_of or nowdate())
	company = frappe.db.get_value("Residence", residence, "company")
	types = ensure_dunning_types(company, residence)
	policy = residence_charges(residence)
	invoices = open_receivables(residence, as_of)
	by_name = {inv.name: inv for inv in invoices}
	receivables = [
		Receivable(inv.name, inv.co_owner, getdate(inv.due_date), inv.outstanding_amount)
		for inv in invoices
		if inv.co_owner
	]
	with core_errors():
		due = due_reminders(receivables, as_of, history(residence))
	schedules = _schedule_rows([r.invoice for r in receivables]) if receivables else {}
	created = []
	mail = send_email and can_send("Dunning", default_sender())
	for item in due:
		first = by_name[item.invoices[0]]
		rows = []
		for invoice in item.invoices:
			inv = by_name[invoice]
			for ps in _still_owed(
				inv,
				schedules.get(invoice)
				or [
					frappe._dict(
						name=None,
						due_date=inv.due_date,
						payment_amount=inv.grand_total,
						outstanding=inv.outstanding_amount,
						invoice_portion=100,
					)
				],
			):
				rows.append(
					{
						"sales_invoice": invoice,
						"payment_schedule": ps.name,
						"due_date": ps.due_date,
						"payment_amount": ps.payment_amount,
						"outstanding": ps.outstanding,
						"invoice_portion": ps.invoice_portion,
					}
				)
		charges = frappe.db.get_value(
			"Dunning Type",
			types[item.level.code],
			["rate_of_interest", "dunning_fee", "income_account", "cost_center"],
			as_dict=True,
		)
		dunning = frappe.get_doc(
			{
				"doctype": "Dunning",
				"company": company,
				"customer": first.customer,
				"posting_date": as_of,
				"dunning_type": types[item.level.code],
				"currency": frappe.get_cached_value("Company", company, "default_currency"),
				"conversion_rate": 1,
				# zero unless the résidence configured them explicitly (ensure_dunning_types)
				"rate_of_interest": charges.rate_of_interest,
				"dunning_fee": charges.dunning_fee,
				"income_account": charges.income_account,
				"cost_center": charges.cost_center,
				"language": "fr",
				"syndic_residence": residence,
				"syndic_co_owner": item.co_owner,
				"syndic_level": item.level.code,
				"overdue_payments": rows,
			}
		)
		from erpnext.accounts.doctype.dunning.dunning import get_dunning_letter_text

		dunning.update(get_dunning_letter_text(dunning.dunning_type, dunning.as_dict(), "fr"))
		dunning.flags.ignore_permissions = True
		dunning.insert()
		if dunning.dunning_amount:
			dunning.body_text = (dunning.body_text or "") + charges_paragraph(dunning, policy)
		dunning.submit()
		created.append(dunning.name)
		if mail:
			email_dunning(dunning)
	if created and send_email and not mail:
		# no outgoing account: the letters are kept (to print); email_pending sends them later
		frappe.get_doc("Residence", residence).add_comment(
			"Info",
			_(
				"Reminders of {0}: {1} letter(s) created without sending by email. {2} They will go out once the account is set up; meanwhile, print them."
			).format(frappe.format(as_of, "Date"), len(created), no_account_message()),
		)
	return created


def email_pending(residence: str, as_of=None) -> list[str]:
	"""Email the letters created while no email could be sent (`syndic_emailed` unset), once it
	can, if they are at most PENDING_DAYS old; co-owners without an address are skipped."""
	as_of = getdate(as_of or nowdate())
	if not can_send("Dunning", default_sender()):
		return []
	sent = []
	for name in frappe.get_all(
		"Dunning",
		filters={
			"syndic_residence": residence,
			"docstatus": 1,
			"syndic_emailed": 0,
			"posting_date": (">=", add_days(as_of, -PENDING_DAYS)),
		},
		pluck="name",
		order_by="posting_date asc, name asc",
	):
		if email_dunning(frappe.get_doc("Dunning", name)):
			sent.append(name)
	return sent


def charges_paragraph(dunning, policy: LateInterestPolicy | None) -> str:
	"""The letter's paragraph on the late charges, with the decision that authorises them."""
	money = {"fieldtype": "Currency", "options": dunning.currency}
	return (
		"<p>"
		+ _(
			"As decided in {0}, late interest at {1} % a year ({2}) and reminder fees ({3}) are added, for a total due of {4}."
		).format(
			frappe.bold(policy.authority if policy else ""),
			flt(dunning.rate_of_interest, 4),
			frappe.format(dunning.total_interest, money),
			frappe.format(dunning.dunning_fee, money),
			frappe.format(dunning.grand_total, money),
		)
		+ "</p><p dir='rtl'>تضاف إلى ذلك فوائد التأخير ومصاريف التذكير المقررة من طرف الجمع العام، أي ما مجموعه "
		+ frappe.format(dunning.grand_total, money)
		+ ".</p>"
	)


def email_dunning(dunning) -> bool:
	"""Email the dunning letter (PDF attached) when the co-owner has an email; the registered
	letter of a mise en demeure is still to be sent on paper."""
	email = frappe.db.get_value("Co-owner", dunning.syndic_co_owner, "email")
	if not email:
		return False
	frappe.sendmail(
		recipients=[email],
		sender=default_sender(),
		subject=f"{_(LEVELS[dunning.syndic_level].label)} - {dunning.syndic_residence}",
		message=(dunning.body_text or "") + (dunning.closing_text or ""),
		reference_doctype="Dunning",
		reference_name=dunning.name,
		attachments=[dunning_attachment(dunning.name)],
	)
	dunning.db_set("syndic_emailed", 1)
	return True


def dunning_attachment(name: str) -> dict:
	"""The letter as a PDF attachment, rendered by the bounded local renderer (utils.pdf): Frappe's
	attach_print would run wkhtmltopdf against the web server for ERPNext's print format."""
	from syndic_maroc.utils.pdf import generator_of

	pdf = frappe.get_print("Dunning", name, as_pdf=True, pdf_generator=generator_of(None))
	return {"fname": f"{name}.pdf", "fcontent": pdf}


def accelerate(residence: str, as_of=None) -> list[str]:
	"""Art. 25: after a mise en demeure notified more than 30 days ago and not settled, move the
	due date of the co-owner's not-yet-due calls of the fiscal year to the acceleration date.
	Returns the invoices moved."""
	as_of = getdate(as_of or nowdate())
	notices = frappe.get_all(
		"Dunning",
		filters={
			"syndic_residence": residence,
			"syndic_level": "mise_en_demeure",
			"docstatus": 1,
			"syndic_notified_on": ("is", "set"),
			"syndic_accelerated_on": ("is", "not set"),
		},
		fields=["name", "customer", "syndic_notified_on", "posting_date"],
	)
	moved = []
	for notice in notices:
		effect = acceleration_date(getdate(notice.syndic_notified_on))
		if as_of < effect:
			continue
		noticed = frappe.get_all(
			"Overdue Payment", filters={"parent": notice.name, "parenttype": "Dunning"}, pluck="sales_invoice"
		)
		settled = not frappe.db.exists(
			"Sales Invoice", {"name": ("in", noticed), "outstanding_amount": (">", 0), "docstatus": 1}
		)
		fiscal_year_end = frappe.db.get_value(
			"Fiscal Year",
			{"year_start_date": ("<=", notice.posting_date), "year_end_date": (">=", notice.posting_date)},
			"year_end_date",
		)
		calls = frappe.get_all(
			"Sales Invoice",
			filters={
				"customer": notice.customer,
				"syndic_residence": residence,
				"docstatus": 1,
				"outstanding_amount": (">", 0),
			},
			fields=["name", "due_date"],
		)
		with core_errors():
			moves = accelerated_calls(
				getdate(notice.syndic_notified_on),
				[(c.name, getdate(c.due_date)) for c in calls],
				getdate(fiscal_year_end),
				as_of,
				settled_on=as_of if settled else None,
			)
		if settled:
			continue
		for move in moves:
			frappe.db.set_value("Sales Invoice", move.call, "due_date", move.new_due, update_modified=False)
			frappe.db.sql(
				"""update `tabPayment Schedule` set due_date=%s where parenttype='Sales Invoice' and parent=%s
				and due_date > %s""",
				(move.new_due, move.call, move.new_due),
			)
			frappe.get_doc("Sales Invoice", move.call).add_comment(
				"Info",
				_(
					"Due date brought forward to {0}: formal notice {1} went unheeded (loi 18-00, art. 25)."
				).format(move.new_due, notice.name),
			)
			moved.append(move.call)
		frappe.db.set_value("Dunning", notice.name, "syndic_accelerated_on", as_of)
	return moved


def daily() -> None:
	"""Scheduler (daily): accelerations, then the reminders due today, résidence by résidence;
	one résidence's error does not stop the others."""
	for residence in frappe.get_all("Residence", pluck="name"):
		try:
			accelerate(residence)
			email_pending(residence)
			create_due_dunnings(residence)
			if not frappe.flags.in_test:
				frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=_("Reminders: failed for {0}").format(residence))

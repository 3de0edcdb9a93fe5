"""The six-monthly financial position (loi 18-00 art. 26: the syndic informs every co-owner of the
financial position at least every six months).

Each co-owner of the résidence gets, in his language, his statement for the half-year (finance
statements) and a one-page summary of the résidence (budget vs actual by category, reserve and
works funds, bank balance, arrears rate without names), by email (Email Queue) when he has an
address and on the portal (the PDFs are attached to his Position Notice), and a Position Notice
records it: the syndic's proof of the legal duty. Idempotent per résidence, period and co-owner.
"""

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import flt, getdate, now_datetime
from frappe.utils.file_manager import save_file

from syndic_maroc.core.oversight import position as core
from syndic_maroc.finance.arrears import arrears
from syndic_maroc.finance.dashboard import bank_balance
from syndic_maroc.finance.mail import can_send, default_sender
from syndic_maroc.finance.notices import notice_language
from syndic_maroc.finance.statements import statement_pdf_bytes
from syndic_maroc.oversight import figures

TEMPLATE = "templates/oversight/position_summary.html"
RESERVE_ACCOUNTS = ("1111", "1112")  # réserve pour dépenses imprévues, fonds de réserve
WORKS_ACCOUNTS = ("1511",)  # provisions pour travaux décidés


def fund_balance(company: str, numbers: tuple[str, ...], as_of) -> float:
	"""Credit - debit of the accounts numbered `numbers` up to `as_of`."""
	value = frappe.db.sql(
		"""select sum(g.credit - g.debit) from `tabGL Entry` g join `tabAccount` a on a.name = g.account
		where g.company = %(company)s and g.is_cancelled = 0 and g.posting_date <= %(as_of)s
			and a.account_number in %(numbers)s""",
		{"company": company, "as_of": getdate(as_of), "numbers": numbers},
	)
	return flt(value[0][0] if value else 0, 2)


def summary(residence: str, period_start, period_end) -> frappe._dict:
	"""The résidence's figures on `period_end`, with no co-owner's name."""
	doc = frappe.db.get_value("Residence", residence, ["residence_name", "company"], as_dict=True)
	rows, total = arrears(residence, period_end)
	called = figures.collection(
		[residence], figures.period_start("year", period_end), getdate(period_end)
	).called
	return frappe._dict(
		residence=residence,
		residence_name=doc.residence_name,
		period_start=getdate(period_start),
		period_end=getdate(period_end),
		budget_rows=figures.budget_by_category(residence),
		fiscal_year=None,
		reserve_fund=fund_balance(doc.company, RESERVE_ACCOUNTS, period_end),
		works_fund=fund_balance(doc.company, WORKS_ACCOUNTS, period_end),
		bank_balance=bank_balance(doc.company, period_end),
		arrears_rate=core.arrears_rate(total["overdue"], called),
		debtors=len([row for row in rows if row["overdue"] > 0]),
	)


def summary_pdf(residence: str, period_start, period_end, lang: str = "fr") -> bytes:
	from syndic_maroc.utils.pdf import html_to_pdf

	with print_language(lang):
		context = summary(residence, period_start, period_end)
		context.lang = lang
		html = frappe.render_template(TEMPLATE, context)
		return html_to_pdf(html, {"title": f"position-{residence}"}, lang=lang)


def co_owners_of(residence: str) -> list[frappe._dict]:
	"""The résidence's current co-owners (owners of a lot today)."""
	names = frappe.get_all(
		"Unit", filters={"residence": residence, "co_owner": ("is", "set")}, pluck="co_owner"
	)
	return frappe.get_all(
		"Co-owner",
		filters={"name": ("in", list(set(names)) or [""])},
		fields=["name", "full_name", "email", "preferred_language"],
		order_by="name asc",
	)


def send_position(residence: str, day=None) -> dict:
	"""Send the half-year just ended to every co-owner not yet sent it; {sent, skipped, period}."""
	period, start, end = core.half_just_ended(getdate(day))
	done = set(
		frappe.get_all(
			"Position Notice", filters={"residence": residence, "period": period}, pluck="co_owner"
		)
	)
	email_ok = can_send("Position Notice")
	sent = skipped = 0
	summaries: dict[str, bytes] = {}
	for owner in co_owners_of(residence):
		if owner.name in done:
			skipped += 1
			continue
		lang = notice_language(owner)
		if lang not in summaries:
			summaries[lang] = summary_pdf(residence, start, end, lang)
		with print_language(lang):
			statement = statement_pdf_bytes(residence, owner.name, start, end)
			subject = _("Financial position of {0}, {1}").format(
				frappe.db.get_value("Residence", residence, "residence_name"), period
			)
			body = "<p>{}</p><p>{}</p>".format(
				_("Dear {0},").format(frappe.utils.escape_html(owner.full_name or "")),
				_(
					"Please find attached your account statement and the financial position of the residence for the period (loi 18-00, art. 26). Both are also on your portal."
				),
			)
		by_email = bool(owner.email and email_ok)
		notice = frappe.get_doc(
			{
				"doctype": "Position Notice",
				"residence": residence,
				"period": period,
				"period_start": start,
				"period_end": end,
				"co_owner": owner.name,
				"sent_on": now_datetime(),
				"channel": "Email and Portal" if by_email else "Portal",
				"email": owner.email if by_email else None,
				"language": lang,
			}
		).insert(ignore_permissions=True)
		names = (f"releve-{owner.name}-{period}.pdf", f"position-{residence}-{period}.pdf")
		files = [
			save_file(names[0], statement, "Position Notice", notice.name, is_private=1),
			save_file(names[1], summaries[lang], "Position Notice", notice.name, is_private=1),
		]
		notice.db_set({"file": files[0].file_url, "summary_file": files[1].file_url})
		if by_email:
			frappe.sendmail(
				recipients=[owner.email],
				sender=default_sender(),
				subject=subject,
				message=body,
				reference_doctype="Position Notice",
				reference_name=notice.name,
				attachments=[{"fid": f.name} for f in files],
				delayed=True,
			)
		sent += 1
	return {"period": period, "sent": sent, "skipped": skipped}


def half_yearly():
	"""Scheduler (1 January and 1 July): every résidence, one transaction each."""
	for residence in frappe.get_all("Residence", pluck="name"):
		try:
			send_position(residence)
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=f"Six-monthly position: {residence}")

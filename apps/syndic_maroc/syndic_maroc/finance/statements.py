"""Owner statement (relevé de compte copropriétaire) and attestation de quitus on ERPNext data.

The rows are the GL Entries of the co-owner's Customer in the résidence's company on the
co-owner accounts (3421, 3422, 3423, 3424, 4421; décret 2.23.700 annex 2 art. 6); the
statement itself is core.finance.statements.owner_statement (opening balance, rows with a
running balance, balances per annex 1 art. 10 bucket) and the quitus rule is
core.finance.statements.quitus_allowed (loi 18-00 arts 26 and 42).
"""

from datetime import date

import frappe
from frappe import _, _lt
from frappe.utils import getdate, nowdate

from syndic_maroc.core.finance.chart import (
	ADVANCES,
	RECEIVABLE_BEFORE_VOTE,
	RECEIVABLE_CURRENT,
	RECEIVABLE_DOUBTFUL,
	RECEIVABLE_WORKS,
)
from syndic_maroc.core.finance.statements import (
	BUCKET_LABELS,
	LOANS,
	LedgerRow,
	Statement,
	owner_statement,
	quitus_allowed,
)
from syndic_maroc.utils.errors import core_errors

CO_OWNER_ACCOUNTS = (
	RECEIVABLE_CURRENT,
	RECEIVABLE_BEFORE_VOTE,
	RECEIVABLE_WORKS,
	RECEIVABLE_DOUBTFUL,
	ADVANCES,
)
EARLIEST = date(1900, 1, 1)
KIND_LABELS = {
	"call": _lt("Call for Funds"),
	"payment": _lt("Payment"),
	"advance": _lt("Advance"),
	"reversal": _lt("Reversal"),
}
VOUCHER_LABELS = {
	"Sales Invoice": _lt("Call for Funds Invoice"),
	"Payment Entry": _lt("Collection"),
	"Journal Entry": _lt("Journal Entry"),
}
STATEMENT_TEMPLATE = "syndic_maroc/templates/finance/owner_statement.html"
QUITUS_TEMPLATE = "syndic_maroc/templates/finance/quitus.html"


def residence_of(residence: str) -> frappe._dict:
	res = frappe.db.get_value(
		"Residence",
		residence,
		["name", "residence_name", "company", "address_line", "city", "ice", "bank_name", "rib"],
		as_dict=True,
	)
	if not res:
		frappe.throw(_("Residence not found: {0}").format(residence))
	return res


def co_owner_of(co_owner: str) -> frappe._dict:
	row = frappe.db.get_value(
		"Co-owner", co_owner, ["name", "full_name", "cin", "customer", "address_line", "city"], as_dict=True
	)
	if not row:
		frappe.throw(_("Co-owner not found: {0}").format(co_owner))
	return row


def check_access(residence: str, co_owner: str) -> None:
	frappe.has_permission("Residence", "read", residence, throw=True)
	frappe.has_permission("Co-owner", "read", co_owner, throw=True)


def co_owner_entries(company: str, to_date, customer: str | None = None) -> tuple[dict, list]:
	"""({account name: number}, GL Entries on the co-owner accounts of the company up to
	`to_date`, of one customer or of all), in posting order."""
	accounts = dict(
		frappe.db.sql(
			"""select name, account_number from `tabAccount`
			where company=%s and is_group=0 and account_number in %s""",
			(company, CO_OWNER_ACCOUNTS),
		)
	)
	if not accounts:
		return accounts, []
	one_customer = "and party=%(customer)s" if customer else ""
	entries = frappe.db.sql(
		f"""select party, posting_date, account, debit, credit, voucher_type, voucher_no
		from `tabGL Entry`
		where company=%(company)s and party_type='Customer' {one_customer}
			and is_cancelled=0 and account in %(accounts)s and posting_date <= %(to_date)s
		order by posting_date, creation, name""",
		{"company": company, "customer": customer, "accounts": tuple(accounts), "to_date": getdate(to_date)},
		as_dict=True,
	)
	return accounts, entries


def ledger_row(row, accounts: dict) -> LedgerRow:
	return LedgerRow(
		posting_date=getdate(row.posting_date),
		debit=row.debit,
		credit=row.credit,
		account=accounts[row.account],
		voucher=row.voucher_no,
		description=str(VOUCHER_LABELS.get(row.voucher_type, row.voucher_type)),
	)


def ledger_rows(company: str, customer: str | None, to_date) -> list[LedgerRow]:
	"""The customer's GL Entries of the company on the co-owner accounts up to `to_date`."""
	if not customer:
		return []
	accounts, entries = co_owner_entries(company, to_date, customer)
	return [ledger_row(row, accounts) for row in entries]


def statement_for(residence: str, co_owner: str, from_date, to_date) -> frappe._dict:
	"""The statement of `co_owner` in `residence` over [from_date, to_date], with its context."""
	res = residence_of(residence)
	owner = co_owner_of(co_owner)
	rows = ledger_rows(res.company, owner.customer, to_date)
	with core_errors():
		statement = owner_statement(rows, getdate(from_date), getdate(to_date))
	return frappe._dict(
		residence=res, co_owner=owner, statement=statement, units=units_of(residence, co_owner)
	)


def units_of(residence: str, co_owner: str) -> list[frappe._dict]:
	return frappe.get_all(
		"Unit",
		filters={"residence": residence, "co_owner": co_owner},
		fields=["name", "unit_number", "unit_type", "tantiemes"],
		order_by="unit_number asc",
	)


def bucket_balances(statement: Statement) -> list[frappe._dict]:
	"""Closing balance per annex 1 art. 10 bucket (loans only when used: no account of their own)."""
	return [
		frappe._dict(bucket=bucket, label=_(BUCKET_LABELS[bucket]), opening=bal.opening, closing=bal.closing)
		for bucket, bal in statement.buckets.items()
		if bucket != LOANS or bal.opening or bal.debit or bal.credit
	]


def kind_label(kind: str) -> str:
	return str(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def render_pdf(template: str, context: dict, filename: str) -> bytes:
	"""Our templates through the one renderer (Chromium: right to left in Arabic, local assets,
	bounded in time and in number)."""
	from syndic_maroc.utils.pdf import html_to_pdf

	html = frappe.render_template(template, context)
	return html_to_pdf(html, {"title": filename})


def send_pdf(pdf: bytes, filename: str) -> None:
	frappe.local.response.filename = filename
	frappe.local.response.filecontent = pdf
	frappe.local.response.type = "pdf"


def statement_pdf_bytes(
	residence: str, co_owner: str, from_date, to_date, certification: str | None = None
) -> bytes:
	"""The statement PDF; `certification` (the syndic's certifying line, injunction file) is printed
	under it."""
	ctx = statement_for(residence, co_owner, from_date, to_date)
	ctx.certification = certification
	ctx.buckets = bucket_balances(ctx.statement)
	ctx.kind_label = kind_label
	ctx.bucket_labels = {k: _(v) for k, v in BUCKET_LABELS.items()}
	ctx.printed_on = getdate(nowdate())
	return render_pdf(STATEMENT_TEMPLATE, ctx, f"releve-{co_owner}")


def statement_pdf(residence: str, co_owner: str, from_date, to_date) -> None:
	"""Relevé de compte copropriétaire as a PDF download."""
	check_access(residence, co_owner)
	send_pdf(statement_pdf_bytes(residence, co_owner, from_date, to_date), f"releve-{co_owner}-{to_date}.pdf")


def quitus_check(residence: str, co_owner: str, as_of=None) -> frappe._dict:
	"""The statement up to `as_of` and whether the quitus may be given; throws when it may not."""
	as_of = getdate(as_of or nowdate())
	ctx = statement_for(residence, co_owner, as_of, as_of)
	check = quitus_allowed(ctx.statement)
	if not check.allowed:
		frappe.throw(
			_("Quitus certificate refused for {0}: {1}").format(ctx.co_owner.full_name, check.message(_)),
			title=_("Quitus refused"),
		)
	ctx.as_of = as_of
	return ctx


def quitus_pdf_bytes(residence: str, co_owner: str, as_of=None) -> bytes:
	ctx = quitus_check(residence, co_owner, as_of)
	ctx.printed_on = getdate(nowdate())
	return render_pdf(QUITUS_TEMPLATE, ctx, f"quitus-{co_owner}")


def quitus_pdf(residence: str, co_owner: str, as_of=None) -> None:
	"""Attestation de quitus (loi 18-00 arts 26 and 42) as a PDF download, only at a zero balance."""
	check_access(residence, co_owner)
	send_pdf(quitus_pdf_bytes(residence, co_owner, as_of), f"quitus-{co_owner}-{as_of or nowdate()}.pdf")

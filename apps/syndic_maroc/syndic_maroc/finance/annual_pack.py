"""Rapport annuel pour l'assemblée générale: the year's accounts of a résidence in one PDF and
one Excel workbook (one sheet per part).

Parts (décret 2.23.700 annex 1; the statements are core.finance.annual on the ERPNext ledger):
- synthèse: revenue of the year (class 7), the tier and its annexes (annex 1 art. 1), the
  auditor flag above 1,000,000 MAD (annex 1 art. 12), the result, treasury and arrears;
- situation financière (annex 3) and compte de gestion générale (annex 4), each next to the
  previous year (annex 1 art. 4; loi 18-00 art. 24);
- budget vs réalisé by category (annex 5; report Budget vs Actual by Category), overruns > 20 %;
- travaux et fonds de réserve (annex 7; annex 1 arts 6-7), dettes fournisseurs (annex 8);
- comptes individuels des copropriétaires (annex 10; annex 1 art. 10 breakdown);
- impayés at the year end (finance.arrears), trésorerie 5121 / 5161, balance générale (annex 1
  art. 8);
- ERPNext's own Balance Sheet (both year ends) and General Ledger (by account) for the year.

Everything is read from GL Entries in a handful of grouped queries and from ERPNext's reports;
nothing is written, except for a large résidence (`request`): there a background job builds the
pack and attaches it to the Résidence.
"""

import io
import re
from collections import defaultdict
from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from syndic_maroc.core.finance import annual as core_annual
from syndic_maroc.core.finance._common import add_years
from syndic_maroc.core.finance.chart import BANK, CASH
from syndic_maroc.core.finance.reporting import ANNEX_LABELS, revenue_tier
from syndic_maroc.core.finance.statements import BUCKET_LABELS, BUCKETS, LedgerRow
from syndic_maroc.finance.arrears import arrears
from syndic_maroc.finance.jobs import commit, rollback
from syndic_maroc.finance.report.budget_vs_actual_by_category.budget_vs_actual_by_category import (
	CLOSING_VOUCHER,
	company_of,
	fiscal_year_of,
)
from syndic_maroc.finance.report.budget_vs_actual_by_category.budget_vs_actual_by_category import (
	compute as budget_actual,
)
from syndic_maroc.finance.statements import (
	co_owner_entries,
	ledger_row,
	render_pdf,
	residence_of,
	send_pdf,
)
from syndic_maroc.registry.utils import core_errors

ROLES = ("Syndic Manager", "Syndic Accountant", "System Manager")
TEMPLATE = "syndic_maroc/templates/finance/annual_pack.html"
GL_PDF_MAX_ROWS = 3000  # beyond, the PDF says so and the workbook has every line
TREASURY = (BANK, CASH)

# Parts of the pack in order: key -> title (the sheet names of the workbook).
SECTIONS = {
	"summary": _("Synthèse"),
	"position": _("Situation financière"),
	"management": _("Compte de gestion"),
	"budget": _("Budget vs réalisé"),
	"works": _("Travaux et réserve"),
	"debts": _("Dettes fournisseurs"),
	"co_owners": _("Comptes copropriétaires"),
	"arrears": _("Impayés"),
	"treasury": _("Trésorerie"),
	"trial_balance": _("Balance générale"),
	"balance_sheet": _("Bilan ERPNext"),
	"general_ledger": _("Grand livre ERPNext"),
}


def check_access(residence: str) -> None:
	frappe.only_for(ROLES)
	if not residence or not frappe.db.exists("Residence", residence):
		frappe.throw(_("Résidence introuvable : {0}").format(residence))
	frappe.has_permission("Residence", "read", residence, throw=True)


# --- reading the ledger ---------------------------------------------------------------------------


def previous_year(fy: frappe._dict) -> frappe._dict:
	"""The fiscal year ending the day before `fy` starts, else the 12 months before it."""
	start = getdate(fy.year_start_date)
	row = frappe.db.get_value(
		"Fiscal Year",
		{"year_end_date": start - timedelta(days=1), "disabled": 0},
		["name", "year_start_date", "year_end_date"],
		as_dict=True,
	)
	if row:
		return frappe._dict(
			name=row.name, from_date=getdate(row.year_start_date), to_date=getdate(row.year_end_date)
		)
	return frappe._dict(name=None, from_date=add_years(start, -1), to_date=start - timedelta(days=1))


def ledger_figures(company: str, previous_start, start, end) -> list[core_annual.AccountFigures]:
	"""AccountFigures of every account of the company with an entry up to `end` (one query).
	Opening entries (is_opening) posted in the year are balances brought forward: they count as
	the previous year's, not as the year's movements."""
	current = "(gle.posting_date >= %(start)s and gle.is_opening != 'Yes')"
	previous = f"(not {current} and gle.posting_date >= %(prev)s)"
	closing = "gle.voucher_type = %(pcv)s"
	rows = frappe.db.sql(
		f"""select gle.account, acc.account_number, acc.account_name,
			sum(if(gle.posting_date < %(prev)s, gle.debit - gle.credit, 0)) as opening,
			sum(if({previous}, gle.debit, 0)) as previous_debit,
			sum(if({previous}, gle.credit, 0)) as previous_credit,
			sum(if({previous} and {closing}, gle.debit - gle.credit, 0)) as previous_closing_entries,
			sum(if({current}, gle.debit, 0)) as debit,
			sum(if({current}, gle.credit, 0)) as credit,
			sum(if({current} and {closing}, gle.debit - gle.credit, 0)) as closing_entries
		from `tabGL Entry` gle
		join `tabAccount` acc on acc.name = gle.account
		where gle.company = %(company)s and gle.is_cancelled = 0 and gle.posting_date <= %(end)s
		group by gle.account, acc.account_number, acc.account_name""",
		{"company": company, "prev": previous_start, "start": start, "end": end, "pcv": CLOSING_VOUCHER},
		as_dict=True,
	)
	with core_errors():
		return [
			core_annual.AccountFigures(
				(row.account_number or "").strip(),
				f"{row.account_number} - {row.account_name}" if row.account_number else row.account,
				row.opening,
				row.previous_debit,
				row.previous_credit,
				row.previous_closing_entries,
				row.debit,
				row.credit,
				row.closing_entries,
			)
			for row in rows
		]


def co_owner_ledger(company: str, end) -> tuple[dict[str, list[LedgerRow]], dict[str, frappe._dict]]:
	"""({key: [LedgerRow]} of every customer with an entry on the co-owner accounts up to `end`,
	keyed by co-owner (customer when no co-owner), sorted by name; {key: row(name, units)})."""
	accounts, entries = co_owner_entries(company, end)
	if not accounts:
		return {}, {}
	customers = {row.party for row in entries}
	owners = {}
	if customers:
		for row in frappe.get_all(
			"Co-owner",
			filters={"customer": ("in", list(customers))},
			fields=["name", "full_name", "customer"],
		):
			owners[row.customer] = row
	by_key: dict[str, list[LedgerRow]] = defaultdict(list)
	for row in entries:
		owner = owners.get(row.party)
		by_key[owner.name if owner else row.party].append(ledger_row(row, accounts))
	names = {}
	for customer in customers:
		owner = owners.get(customer)
		key = owner.name if owner else customer
		names[key] = frappe._dict(name=owner.full_name if owner else customer, units="")
	units = defaultdict(list)
	if owners:
		for unit in frappe.get_all(
			"Unit",
			filters={"co_owner": ("in", [o.name for o in owners.values()])},
			fields=["co_owner", "unit_number"],
			order_by="unit_number asc",
		):
			units[unit.co_owner].append(unit.unit_number)
	for key, row in names.items():
		row.units = ", ".join(units.get(key, []))
	ordered = dict(sorted(by_key.items(), key=lambda item: (names[item[0]].name or "", item[0])))
	return ordered, names


def supplier_balances(company: str, previous_end, end) -> list[dict]:
	"""Annex 8 (suivi des dettes): what each supplier is owed (credit - debit of its party lines)
	at both year ends, with the change."""
	rows = frappe.db.sql(
		"""select party,
			sum(if(posting_date <= %(prev)s, credit - debit, 0)) as previous,
			sum(credit - debit) as current
		from `tabGL Entry`
		where company=%(company)s and party_type='Supplier' and is_cancelled=0 and posting_date <= %(end)s
		group by party""",
		{"company": company, "prev": previous_end, "end": end},
		as_dict=True,
	)
	names = dict(
		frappe.get_all(
			"Supplier",
			filters={"name": ("in", [r.party for r in rows] or [""])},
			fields=["name", "supplier_name"],
			as_list=True,
		)
	)
	result = []
	for row in sorted(rows, key=lambda r: names.get(r.party) or r.party):
		current, previous = flt(row.current, 2), flt(row.previous, 2)
		if current or previous:
			result.append(
				{
					"supplier": row.party,
					"name": names.get(row.party) or row.party,
					"current": current,
					"previous": previous,
					"change": flt(current - previous, 2),
				}
			)
	return result


# --- shaping the statements ----------------------------------------------------------------------


def _line(line: core_annual.Line, bold: bool = False) -> dict:
	return {
		"number": line.number if line.number[:1].isdigit() else "",  # totals have a key, no number
		"label": _(line.label),
		"current": float(line.current),
		"previous": float(line.previous),
		"change": float(line.change),
		"change_ratio": float(line.change_ratio) if line.change_ratio is not None else None,
		"bold": bold,
	}


def _section(section: core_annual.Section) -> dict:
	return {
		"key": section.key,
		"label": _(section.label),
		"lines": [_line(line) for line in section.lines],
		"total": _line(section.total(_("Total {0}").format(_(section.label))), bold=True),
	}


def _position(position: core_annual.FinancialPosition) -> dict:
	return {
		"assets": [_section(s) for s in position.assets],
		"liabilities": [_section(s) for s in position.liabilities],
		"result": _line(position.result, bold=True),
		"total_assets": _line(position.total_assets, bold=True),
		"total_liabilities": _line(position.total_liabilities, bold=True),
		"balanced": position.balanced,
	}


def _management(account: core_annual.ManagementAccount) -> dict:
	result = _line(account.result, bold=True)
	result["label"] = (
		_("Résultat de l'exercice : excédent")
		if account.result.current >= 0
		else _("Résultat de l'exercice : déficit")
	)
	return {
		"charges": [_section(s) for s in account.charges],
		"income": [_section(s) for s in account.income],
		"total_charges": _line(account.total_charges, bold=True),
		"total_income": _line(account.total_income, bold=True),
		"result": result,
	}


def _works(annex: core_annual.WorksAndReserve) -> dict:
	return {
		"works": _section(annex.works),
		"works_income": _section(annex.works_income),
		"funds": [
			{
				"number": f.number,
				"label": f.name,
				"opening": float(f.opening),
				"contributions": float(f.contributions),
				"uses": float(f.uses),
				"closing": float(f.closing),
			}
			for f in annex.funds
		],
	}


def _co_owners(ledger, names, start, end) -> dict:
	with core_errors():
		rows, total = core_annual.co_owner_accounts(ledger, start, end)

	def shape(row, name, units):
		values = {
			"co_owner": row.key,
			"name": name,
			"units": units,
			"opening": float(row.opening),
			"calls": float(row.calls),
			"payments": float(row.payments),
			"closing": float(row.closing),
		}
		values.update({bucket: float(row.buckets[bucket]) for bucket in BUCKETS})
		return values

	return {
		"rows": [shape(r, names[r.key].name, names[r.key].units) for r in rows],
		"total": dict(shape(total, _("Total"), ""), co_owner=""),
		"buckets": [{"key": b, "label": _(BUCKET_LABELS[b])} for b in BUCKETS],
	}


def _arrears(residence: str, end) -> dict:
	rows, total = arrears(residence, end, by="co_owner")
	names = dict(
		frappe.get_all(
			"Co-owner",
			filters={"name": ("in", [r["key"] for r in rows] or [""])},
			fields=["name", "full_name"],
			as_list=True,
		)
	)
	for row in rows:
		row["co_owner"] = row["key"]
		row["name"] = names.get(row["key"]) or row["key"]
	total.update(co_owner="", name=_("Total"))
	return {"rows": rows, "total": total}


def _treasury(figures) -> dict:
	rows = [
		{
			"number": f.number,
			"label": f.name,
			"previous": float(f.previous_balance),
			"debit": float(f.debit),
			"credit": float(f.credit),
			"current": float(f.balance),
		}
		for f in sorted(figures, key=lambda f: f.number)
		if f.number.startswith(TREASURY)
	]
	total = {key: flt(sum(r[key] for r in rows), 2) for key in ("previous", "debit", "credit", "current")}
	total.update(number="", label=_("Total trésorerie"))
	return {"rows": rows, "total": total}


def _trial_balance(figures) -> dict:
	with core_errors():
		rows, total = core_annual.trial_balance(figures)

	def shape(row, label=None):
		return {
			"number": row.number,
			"label": label or row.name,
			"opening": float(row.opening),
			"debit": float(row.debit),
			"credit": float(row.credit),
			"closing": float(row.closing),
		}

	return {"rows": [shape(r) for r in rows], "total": shape(total, _("Total"))}


def _unquote(value) -> str:
	return str(value or "").strip("'")


def erpnext_balance_sheet(company: str, fy: frappe._dict, previous: frappe._dict) -> dict:
	"""ERPNext's Balance Sheet at the end of the previous year (when it is a fiscal year) and of
	the year: {columns: [period labels], rows: [{label, indent, values, bold}]}."""
	from erpnext.accounts.report.balance_sheet.balance_sheet import execute

	filters = frappe._dict(
		company=company,
		filter_based_on="Fiscal Year",
		from_fiscal_year=previous.name or fy.name,
		to_fiscal_year=fy.name,
		period_start_date=previous.from_date if previous.name else fy.year_start_date,
		period_end_date=fy.year_end_date,
		periodicity="Yearly",
		accumulated_values=1,
	)
	columns, data = execute(filters)[:2]
	periods = [
		c for c in columns if c.get("fieldtype") == "Currency" and c.get("fieldname") not in ("total",)
	]
	rows = []
	for row in data or []:
		if not row or not (row.get("account_name") or row.get("account")):
			continue
		label = _unquote(row.get("account_name") or row.get("account"))
		rows.append(
			{
				"label": label,
				"indent": int(row.get("indent") or 0),
				"values": [flt(row.get(c["fieldname"]), 2) for c in periods],
				"bold": not row.get("parent_account") or str(row.get("account", "")).startswith("'"),
			}
		)
	return {"columns": [c.get("label") for c in periods], "rows": rows}


def erpnext_general_ledger(company: str, start, end) -> dict:
	"""ERPNext's General Ledger of the year, by account (opening, entries, total, closing)."""
	from erpnext.accounts.report.general_ledger.general_ledger import execute

	filters = frappe._dict(
		company=company,
		from_date=start,
		to_date=end,
		categorize_by="Categorize by Account",
	)
	_columns, data = execute(filters)[:2]
	rows = []
	for row in data or []:
		if not row or (row.get("account") is None and row.get("debit") is None):
			continue
		account = _unquote(row.get("account"))
		summary = str(row.get("account") or "").startswith("'")
		rows.append(
			{
				"posting_date": row.get("posting_date"),
				"account": account,
				"party": row.get("party") or "",
				"voucher_type": row.get("voucher_type") or "",
				"voucher_no": row.get("voucher_no") or "",
				"debit": flt(row.get("debit"), 2),
				"credit": flt(row.get("credit"), 2),
				"balance": flt(row.get("balance"), 2),
				"remarks": (row.get("remarks") or "")[:140] if not summary else "",
				"bold": summary,
			}
		)
	return {"rows": rows}


# --- the pack -------------------------------------------------------------------------------------


def build(residence: str, fiscal_year: str | None = None) -> frappe._dict:
	"""Every part of the pack as plain rows (floats rounded to the cent), shared by the PDF and
	the workbook."""
	company = company_of(residence)
	res = residence_of(residence)
	fy = fiscal_year_of(company, fiscal_year)
	start, end = getdate(fy.year_start_date), getdate(fy.year_end_date)
	previous = previous_year(fy)
	figures = ledger_figures(company, previous.from_date, start, end)
	with core_errors():
		position = core_annual.financial_position(figures)
		management = core_annual.management_account(figures)
		works = core_annual.works_and_reserve(figures)
		revenue = core_annual.revenue(figures)
		tier = revenue_tier(revenue)
	ledger, names = co_owner_ledger(company, end)
	pack = frappe._dict(
		residence=res,
		abbr=frappe.db.get_value("Residence", residence, "abbr") or "",
		company=company,
		fiscal_year=fy.name,
		from_date=start,
		to_date=end,
		previous=previous,
		revenue=float(revenue),
		tier=frappe._dict(code=tier.code, label=_(tier.label), auditor_required=tier.auditor_required),
		position=_position(position),
		management=_management(management),
		budget=budget_actual(residence, fy.name),
		works=_works(works),
		debts=supplier_balances(company, previous.to_date, end),
		co_owners=_co_owners(ledger, names, start, end),
		arrears=_arrears(residence, end),
		treasury=_treasury(figures),
		trial_balance=_trial_balance(figures),
		balance_sheet=erpnext_balance_sheet(company, fy, previous),
		general_ledger=erpnext_general_ledger(company, start, end),
		sections={key: _(title) for key, title in SECTIONS.items()},
		printed_on=getdate(nowdate()),
	)
	pack.annexes = [
		{
			"code": item.code,
			"label": _(ANNEX_LABELS[item.code]),
			"title": _annex_title(item.code),
			"section": item.section,
			"section_title": pack.sections.get(item.section) if item.section else "",
			"note": _(item.note) if item.note else "",
		}
		for item in core_annual.annex_plan(tier)
	]
	pack.debts_total = {
		key: flt(sum(row[key] for row in pack.debts), 2) for key in ("current", "previous", "change")
	}
	pack.overruns = sum(row["overrun"] for row in pack.budget.rows)
	return pack


def _annex_title(code: str) -> str:
	label = _(ANNEX_LABELS[code])
	return label if code in label else _("Annexe {0} : {1}").format(code, label)


def filename(pack: frappe._dict, extension: str) -> str:
	base = re.sub(r"[^A-Za-z0-9-]+", "-", f"rapport-annuel-{pack.abbr}-{pack.fiscal_year}").strip("-")
	return f"{base}.{extension}"


def pdf_bytes(pack: frappe._dict) -> bytes:
	gl = pack.general_ledger["rows"]
	context = frappe._dict(pack)
	context.gl_rows = gl[:GL_PDF_MAX_ROWS]
	context.gl_truncated = len(gl) > GL_PDF_MAX_ROWS
	context.gl_total_rows = len(gl)
	context.summary = summary_rows(pack)
	return render_pdf(TEMPLATE, context, filename(pack, "pdf"))


@frappe.whitelist()
def download_pdf(residence: str, fiscal_year: str) -> None:
	"""The annual AG report of the résidence for the fiscal year, as one PDF."""
	check_access(residence)
	pack = build(residence, fiscal_year)
	send_pdf(pdf_bytes(pack), filename(pack, "pdf"))


@frappe.whitelist()
def download_xlsx(residence: str, fiscal_year: str) -> None:
	"""The annual AG report as one Excel workbook, one sheet per part."""
	check_access(residence)
	pack = build(residence, fiscal_year)
	frappe.local.response.filename = filename(pack, "xlsx")
	frappe.local.response.filecontent = workbook_bytes(pack)
	frappe.local.response.type = "binary"


# --- large résidences: built in the background ----------------------------------------------------

INLINE_UNITS = 300  # above this many units the pack is built by a job (site config below)
FORMATS = ("pdf", "xlsx")


def inline_units() -> int:
	"""Résidences up to this many units get the pack in the request (site config
	`syndic_pack_inline_units`); larger ones (thousands of ledger lines, a PDF of hundreds of
	pages) would hold a web worker for minutes."""
	value = frappe.conf.get("syndic_pack_inline_units")
	return INLINE_UNITS if value is None else max(0, int(value))


@frappe.whitelist()
def request(residence: str, fiscal_year: str, fmt: str = "pdf") -> dict:
	"""The desk asks for a pack: {"inline": 1} when it is small enough to download at once,
	else a job builds it, attaches it to the résidence and tells the user when it is ready
	({"queued": 1})."""
	check_access(residence)
	if fmt not in FORMATS:
		frappe.throw(_("Format inconnu : {0}").format(fmt))
	if not frappe.db.exists("Fiscal Year", fiscal_year):
		frappe.throw(_("Exercice introuvable : {0}").format(fiscal_year))
	if frappe.db.count("Unit", {"residence": residence}) <= inline_units():
		return {"inline": 1}
	frappe.enqueue(
		"syndic_maroc.finance.annual_pack.build_and_attach",
		queue="long",
		timeout=3600,
		job_id=f"annual-pack::{residence}::{fiscal_year}::{fmt}",
		deduplicate=True,
		residence=residence,
		fiscal_year=fiscal_year,
		fmt=fmt,
		user=frappe.session.user,
		now=bool(frappe.flags.in_test),
	)
	return {"queued": 1}


def build_and_attach(residence: str, fiscal_year: str, fmt: str, user: str) -> str:
	"""Background job: build the pack, attach it (private) to the Résidence, replacing the pack
	of the same year and format, and notify `user` with its link. Returns the File name."""
	try:
		pack = build(residence, fiscal_year)
		content = pdf_bytes(pack) if fmt == "pdf" else workbook_bytes(pack)
		name = filename(pack, fmt)
		for old in frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Residence", "attached_to_name": residence, "file_name": name},
			pluck="name",
		):
			frappe.delete_doc("File", old, ignore_permissions=True)
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": name,
				"attached_to_doctype": "Residence",
				"attached_to_name": residence,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)
	except Exception as e:
		rollback()
		frappe.log_error(title=f"Annual pack {residence} {fiscal_year}")
		_notify(
			user,
			residence,
			_("Le rapport annuel {0} de {1} n'a pas pu être produit : {2}").format(
				fiscal_year, residence, frappe.utils.strip_html(str(getattr(e, "message", None) or e))
			),
		)
		if frappe.flags.in_test:
			raise
		return ""
	_notify(
		user,
		residence,
		_("Le rapport annuel {0} de {1} est prêt : {2}").format(fiscal_year, residence, name),
		file.file_url,
	)
	return file.name


def _notify(user: str, residence: str, message: str, url: str | None = None) -> None:
	"""A bell notification (kept) and a message on the user's open desk (live)."""
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": "Alert",
			"subject": message,
			"document_type": "Residence",
			"document_name": residence,
		}
	).insert(ignore_permissions=True)
	commit()
	frappe.publish_realtime(
		"syndic_annual_pack", {"message": message, "url": url, "residence": residence}, user=user
	)


# --- the workbook ---------------------------------------------------------------------------------

MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00%"
HEADER_ROW = 4  # title, subtitle, blank line, then the header (frozen)


def _col(key: str, label: str, kind: str = "text", width: int = 14) -> tuple:
	return key, label, kind, width


def _compare_columns(label: str) -> list[tuple]:
	return [
		_col("number", _("Compte"), width=10),
		_col("label", label, width=48),
		_col("current", _("Exercice"), "money", 16),
		_col("previous", _("Exercice précédent"), "money", 18),
		_col("change", _("Variation"), "money", 16),
		_col("change_ratio", _("Variation %"), "ratio", 12),
	]


def _sectioned(sections: list[dict]) -> list[dict]:
	rows = []
	for section in sections:
		rows.append({"label": section["label"], "bold": True, "heading": True})
		rows.extend(section["lines"])
		rows.append(section["total"])
	return rows


def _sheet_title(title: str, taken: set) -> str:
	title = re.sub(r"[\\/*?:\[\]]", "-", str(title))[:31] or "Feuille"
	base, n = title, 2
	while title in taken:
		suffix = f" {n}"
		title, n = base[: 31 - len(suffix)] + suffix, n + 1
	taken.add(title)
	return title


class _Workbook:
	def __init__(self, pack: frappe._dict):
		from openpyxl import Workbook
		from openpyxl.styles import Font, PatternFill

		self.pack = pack
		self.book = Workbook()
		self.bold = Font(bold=True)
		self.title_font = Font(bold=True, size=14)
		self.header_fill = PatternFill("solid", fgColor="D9E1F2")
		self.overrun_fill = PatternFill("solid", fgColor="FFC7CE")
		self.taken: set[str] = set()
		self.first = True

	def sheet(self, key: str, columns: list[tuple], rows: list[dict], note: str | None = None):
		from openpyxl.utils import get_column_letter

		ws = self.book.active if self.first else self.book.create_sheet()
		self.first = False
		ws.title = _sheet_title(self.pack.sections[key], self.taken)
		pack = self.pack
		ws.cell(1, 1, f"{pack.sections[key]} — {pack.residence.residence_name}").font = self.title_font
		ws.cell(
			2,
			1,
			note
			or _("Exercice {0} du {1} au {2}").format(
				pack.fiscal_year, frappe.format(pack.from_date, "Date"), frappe.format(pack.to_date, "Date")
			),
		)
		for index, (_key, label, _kind, width) in enumerate(columns, 1):
			cell = ws.cell(HEADER_ROW, index, label)
			cell.font, cell.fill = self.bold, self.header_fill
			ws.column_dimensions[get_column_letter(index)].width = width
		for offset, row in enumerate(rows, 1):
			for index, (field, _label, kind, _width) in enumerate(columns, 1):
				value = row.get(field)
				if row.get("heading") and field != "label":
					value = None
				cell = ws.cell(HEADER_ROW + offset, index, value)
				if kind == "money" or (
					kind == "auto" and isinstance(value, float | int) and not isinstance(value, bool)
				):
					cell.number_format = MONEY_FORMAT
				elif kind == "ratio":
					cell.number_format = PERCENT_FORMAT
				elif kind == "date" and value:
					cell.number_format = "DD/MM/YYYY"
				if row.get("bold"):
					cell.font = self.bold
				if row.get("overrun"):
					cell.fill = self.overrun_fill
		ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
		return ws

	def save(self) -> bytes:
		out = io.BytesIO()
		self.book.save(out)
		return out.getvalue()


def summary_rows(pack: frappe._dict) -> list[dict]:
	yes, no = _("Oui"), _("Non")
	rows = [
		{"label": _("Résidence"), "value": pack.residence.residence_name},
		{"label": _("Société ERPNext"), "value": pack.company},
		{"label": _("Exercice"), "value": pack.fiscal_year},
		{"label": _("Du"), "value": pack.from_date},
		{"label": _("Au"), "value": pack.to_date},
		{
			"label": _("Exercice précédent"),
			"value": pack.previous.name
			or _("{0} au {1}").format(
				frappe.format(pack.previous.from_date, "Date"), frappe.format(pack.previous.to_date, "Date")
			),
		},
		{"label": _("Produits de l'exercice (classe 7)"), "value": pack.revenue, "bold": True},
		{"label": _("Palier (décret 2.23.700, annexe 1 art. 1)"), "value": pack.tier.label},
		{
			"label": _("Rapport d'un commissaire aux comptes (produits > 1 000 000 MAD, art. 12)"),
			"value": yes if pack.tier.auditor_required else no,
		},
		{"label": pack.management["result"]["label"], "value": pack.management["result"]["current"]},
		{"label": _("Trésorerie (5121, 5161)"), "value": pack.treasury["total"]["current"]},
		{"label": _("Impayés à la clôture"), "value": flt(pack.arrears["total"].get("total"), 2)},
		{"label": _("Budget voté"), "value": pack.budget.total["budget"]},
		{"label": _("Réalisé"), "value": pack.budget.total["actual"]},
		{
			"label": _("Catégories en dépassement > 20 %"),
			"value": pack.overruns,
			"overrun": bool(pack.overruns),
		},
		{
			"label": _("Situation financière équilibrée (actif = passif)"),
			"value": yes if pack.position["balanced"] else no,
		},
		{"label": _("Annexes à produire"), "value": "", "bold": True},
	]
	for annex in pack.annexes:
		rows.append(
			{
				"label": annex["title"],
				"value": annex["section_title"] or annex["note"],
			}
		)
	return rows


def workbook_bytes(pack: frappe._dict) -> bytes:
	"""One sheet per part: bold frozen header, #,##0.00 amounts, widths, overruns in red."""
	wb = _Workbook(pack)
	wb.sheet(
		"summary",
		[_col("label", _("Rubrique"), width=60), _col("value", _("Valeur"), "auto", 40)],
		summary_rows(pack),
	)
	position = pack.position
	wb.sheet(
		"position",
		_compare_columns(_("Poste")),
		[
			{"label": _("Actif"), "bold": True, "heading": True},
			*_sectioned(position["assets"]),
			position["total_assets"],
			{"label": _("Passif"), "bold": True, "heading": True},
			*_sectioned(position["liabilities"]),
			position["result"],
			position["total_liabilities"],
		],
		_("Annexe 3 — au {0}, comparée à la clôture précédente").format(frappe.format(pack.to_date, "Date")),
	)
	management = pack.management
	wb.sheet(
		"management",
		_compare_columns(_("Intitulé")),
		[
			{"label": _("Charges"), "bold": True, "heading": True},
			*_sectioned(management["charges"]),
			management["total_charges"],
			{"label": _("Produits"), "bold": True, "heading": True},
			*_sectioned(management["income"]),
			management["total_income"],
			management["result"],
		],
		_("Annexe 4 — exercice {0} comparé à l'exercice précédent").format(pack.fiscal_year),
	)
	wb.sheet(
		"budget",
		[
			_col("category", _("Catégorie"), width=40),
			_col("account", _("Compte"), width=36),
			_col("budget", _("Budget"), "money", 16),
			_col("actual", _("Réalisé"), "money", 16),
			_col("variance", _("Écart"), "money", 16),
			_col("variance_ratio", _("Écart %"), "ratio", 12),
			_col("status", _("Alerte"), width=22),
		],
		[dict(row, variance_ratio=_ratio(row)) for row in [*pack.budget.rows, pack.budget.total]],
		_("Annexe 5 — budget {0}").format(pack.budget.budget or _("non approuvé")),
	)
	works = pack.works
	wb.sheet(
		"works",
		[
			_col("number", _("Compte"), width=10),
			_col("label", _("Poste"), width=48),
			_col("opening", _("Solde d'ouverture"), "money", 18),
			_col("contributions", _("Dotations (crédit)"), "money", 18),
			_col("uses", _("Utilisations (débit)"), "money", 18),
			_col("closing", _("Solde de clôture"), "money", 18),
			_col("current", _("Exercice"), "money", 16),
			_col("previous", _("Exercice précédent"), "money", 18),
		],
		[
			*_sectioned([works["works"], works["works_income"]]),
			{"label": _("Fonds de réserve et provisions pour travaux"), "bold": True, "heading": True},
			*works["funds"],
		],
		_("Annexe 7 — travaux, opérations non courantes et compte de réserve"),
	)
	wb.sheet(
		"debts",
		[
			_col("supplier", _("Fournisseur"), width=24),
			_col("name", _("Nom"), width=40),
			_col("current", _("Dû à la clôture"), "money", 18),
			_col("previous", _("Dû à la clôture précédente"), "money", 24),
			_col("change", _("Variation"), "money", 16),
		],
		[*pack.debts, dict(pack.debts_total, name=_("Total"), bold=True)],
		_("Annexe 8 — suivi des dettes"),
	)
	co_owners = pack.co_owners
	wb.sheet(
		"co_owners",
		[
			_col("co_owner", _("Copropriétaire"), width=18),
			_col("name", _("Nom"), width=30),
			_col("units", _("Lots"), width=16),
			_col("opening", _("Solde d'ouverture"), "money", 18),
			_col("calls", _("Appels (débit)"), "money", 16),
			_col("payments", _("Règlements (crédit)"), "money", 18),
			_col("closing", _("Solde de clôture"), "money", 18),
			*[_col(b["key"], b["label"], "money", 20) for b in co_owners["buckets"]],
		],
		[*co_owners["rows"], dict(co_owners["total"], bold=True)],
		_("Annexe 10 — solde positif : dû par le copropriétaire ; négatif : avance"),
	)
	wb.sheet(
		"arrears",
		[
			_col("co_owner", _("Copropriétaire"), width=18),
			_col("name", _("Nom"), width=30),
			_col("not_due", _("Non échu"), "money", 14),
			_col("range_0_30", _("0-30 jours"), "money", 14),
			_col("range_31_60", _("31-60 jours"), "money", 14),
			_col("range_61_90", _("61-90 jours"), "money", 14),
			_col("range_90_plus", _("Plus de 90 jours"), "money", 16),
			_col("total", _("Total impayé"), "money", 16),
			_col("oldest_due", _("Plus ancienne échéance"), "date", 20),
			_col("prescription_date", _("Prescription"), "date", 14),
		],
		[*pack.arrears["rows"], dict(pack.arrears["total"], bold=True)],
		_("Impayés au {0}").format(frappe.format(pack.to_date, "Date")),
	)
	wb.sheet(
		"treasury",
		[
			_col("number", _("Compte"), width=10),
			_col("label", _("Compte"), width=36),
			_col("previous", _("Solde d'ouverture"), "money", 18),
			_col("debit", _("Encaissements (débit)"), "money", 20),
			_col("credit", _("Décaissements (crédit)"), "money", 20),
			_col("current", _("Solde de clôture"), "money", 18),
		],
		[*pack.treasury["rows"], dict(pack.treasury["total"], bold=True)],
	)
	wb.sheet(
		"trial_balance",
		[
			_col("number", _("Compte"), width=10),
			_col("label", _("Intitulé"), width=44),
			_col("opening", _("Solde d'ouverture"), "money", 18),
			_col("debit", _("Débit"), "money", 16),
			_col("credit", _("Crédit"), "money", 16),
			_col("closing", _("Solde de clôture"), "money", 18),
		],
		[*pack.trial_balance["rows"], dict(pack.trial_balance["total"], bold=True)],
		_("Soldes débiteurs positifs, créditeurs négatifs (annexe 1 art. 8)"),
	)
	bs = pack.balance_sheet
	wb.sheet(
		"balance_sheet",
		[_col("label", _("Compte"), width=50)]
		+ [_col(f"v{i}", label, "money", 18) for i, label in enumerate(bs["columns"])],
		[
			dict(
				{f"v{i}": v for i, v in enumerate(row["values"])},
				label="    " * row["indent"] + row["label"],
				bold=row["bold"],
			)
			for row in bs["rows"]
		],
		_("Rapport ERPNext « Balance Sheet »"),
	)
	wb.sheet(
		"general_ledger",
		[
			_col("posting_date", _("Date"), "date", 12),
			_col("account", _("Compte"), width=36),
			_col("party", _("Tiers"), width=20),
			_col("voucher_type", _("Type de pièce"), width=18),
			_col("voucher_no", _("Pièce"), width=22),
			_col("debit", _("Débit"), "money", 14),
			_col("credit", _("Crédit"), "money", 14),
			_col("balance", _("Solde"), "money", 14),
			_col("remarks", _("Libellé"), width=40),
		],
		pack.general_ledger["rows"],
		_("Rapport ERPNext « General Ledger », par compte"),
	)
	return wb.save()


def _ratio(row: dict) -> float | None:
	return row["variance_pct"] / 100 if row.get("variance_pct") is not None else None

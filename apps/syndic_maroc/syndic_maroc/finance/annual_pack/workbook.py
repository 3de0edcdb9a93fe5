"""The annual pack as one Excel workbook, one sheet per part."""

import io
import re

import frappe
from frappe import _
from frappe.utils import flt

# --- the workbook ---------------------------------------------------------------------------------

MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00%"
HEADER_ROW = 4  # title, subtitle, blank line, then the header (frozen)


def _col(key: str, label: str, kind: str = "text", width: int = 14) -> tuple:
	return key, label, kind, width


def _compare_columns(label: str) -> list[tuple]:
	return [
		_col("number", _("Account"), width=10),
		_col("label", label, width=48),
		_col("current", _("Fiscal Year"), "money", 16),
		_col("previous", _("Previous fiscal year"), "money", 18),
		_col("change", _("Change"), "money", 16),
		_col("change_ratio", _("Change %"), "ratio", 12),
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
			or _("Fiscal year {0} from {1} to {2}").format(
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
	yes, no = _("Yes"), _("No")
	rows = [
		{"label": _("Residence"), "value": pack.residence.residence_name},
		{"label": _("ERPNext company"), "value": pack.company},
		{"label": _("Fiscal Year"), "value": pack.fiscal_year},
		{"label": _("From"), "value": pack.from_date},
		{"label": _("To"), "value": pack.to_date},
		{
			"label": _("Previous fiscal year"),
			"value": pack.previous.name
			or _("{0} to {1}").format(
				frappe.format(pack.previous.from_date, "Date"), frappe.format(pack.previous.to_date, "Date")
			),
		},
		{"label": _("Income of the fiscal year (class 7)"), "value": pack.revenue, "bold": True},
		{"label": _("Tier (décret 2.23.700, annex 1 art. 1)"), "value": pack.tier.label},
		{
			"label": _("Auditor's report (income > 1,000,000 MAD, art. 12)"),
			"value": yes if pack.tier.auditor_required else no,
		},
		{"label": pack.management["result"]["label"], "value": pack.management["result"]["current"]},
		{"label": _("Cash and bank (5121, 5161)"), "value": pack.treasury["total"]["current"]},
		{"label": _("Arrears at closing"), "value": flt(pack.arrears["total"].get("total"), 2)},
		{"label": _("Voted budget"), "value": pack.budget.total["budget"]},
		{"label": _("Actual"), "value": pack.budget.total["actual"]},
		{
			"label": _("Categories over budget by more than 20 %"),
			"value": pack.overruns,
			"overrun": bool(pack.overruns),
		},
		{
			"label": _("Balanced financial position (assets = liabilities)"),
			"value": yes if pack.position["balanced"] else no,
		},
		{"label": _("Annexes to produce"), "value": "", "bold": True},
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
		[_col("label", _("Heading"), width=60), _col("value", _("Value"), "auto", 40)],
		summary_rows(pack),
	)
	position = pack.position
	wb.sheet(
		"position",
		_compare_columns(_("Item")),
		[
			{"label": _("Assets"), "bold": True, "heading": True},
			*_sectioned(position["assets"]),
			position["total_assets"],
			{"label": _("Liabilities"), "bold": True, "heading": True},
			*_sectioned(position["liabilities"]),
			position["result"],
			position["total_liabilities"],
		],
		_("Annex 3 — as of {0}, compared with the previous closing").format(
			frappe.format(pack.to_date, "Date")
		),
	)
	management = pack.management
	wb.sheet(
		"management",
		_compare_columns(_("Account Name")),
		[
			{"label": _("Expenses"), "bold": True, "heading": True},
			*_sectioned(management["charges"]),
			management["total_charges"],
			{"label": _("Income"), "bold": True, "heading": True},
			*_sectioned(management["income"]),
			management["total_income"],
			management["result"],
		],
		_("Annex 4 — fiscal year {0} compared with the previous fiscal year").format(pack.fiscal_year),
	)
	wb.sheet(
		"budget",
		[
			_col("category", _("Category"), width=40),
			_col("account", _("Account"), width=36),
			_col("budget", _("Budget"), "money", 16),
			_col("actual", _("Actual"), "money", 16),
			_col("variance", _("Variance"), "money", 16),
			_col("variance_ratio", _("Variance %"), "ratio", 12),
			_col("status", _("Alert"), width=22),
		],
		[dict(row, variance_ratio=_ratio(row)) for row in [*pack.budget.rows, pack.budget.total]],
		_("Annex 5 — budget {0}").format(pack.budget.budget or _("not approved")),
	)
	works = pack.works
	wb.sheet(
		"works",
		[
			_col("number", _("Account"), width=10),
			_col("label", _("Item"), width=48),
			_col("opening", _("Opening Balance"), "money", 18),
			_col("contributions", _("Allocations (credit)"), "money", 18),
			_col("uses", _("Uses (debit)"), "money", 18),
			_col("closing", _("Closing Balance"), "money", 18),
			_col("current", _("Fiscal Year"), "money", 16),
			_col("previous", _("Previous fiscal year"), "money", 18),
		],
		[
			*_sectioned([works["works"], works["works_income"]]),
			{"label": _("Reserve fund and provisions for works"), "bold": True, "heading": True},
			*works["funds"],
		],
		_("Annex 7 — works, non-current operations and reserve fund"),
	)
	wb.sheet(
		"debts",
		[
			_col("supplier", _("Supplier"), width=24),
			_col("name", _("Name"), width=40),
			_col("current", _("Due at closing"), "money", 18),
			_col("previous", _("Due at previous closing"), "money", 24),
			_col("change", _("Change"), "money", 16),
		],
		[*pack.debts, dict(pack.debts_total, name=_("Total"), bold=True)],
		_("Annex 8 — debt follow-up"),
	)
	co_owners = pack.co_owners
	wb.sheet(
		"co_owners",
		[
			_col("co_owner", _("Co-owner"), width=18),
			_col("name", _("Name"), width=30),
			_col("units", _("Units"), width=16),
			_col("opening", _("Opening Balance"), "money", 18),
			_col("calls", _("Calls (debit)"), "money", 16),
			_col("payments", _("Settlements (credit)"), "money", 18),
			_col("closing", _("Closing Balance"), "money", 18),
			*[_col(b["key"], b["label"], "money", 20) for b in co_owners["buckets"]],
		],
		[*co_owners["rows"], dict(co_owners["total"], bold=True)],
		_("Annex 10 — positive balance: owed by the co-owner; negative: advance"),
	)
	wb.sheet(
		"arrears",
		[
			_col("co_owner", _("Co-owner"), width=18),
			_col("name", _("Name"), width=30),
			_col("not_due", _("Not yet due"), "money", 14),
			_col("range_0_30", _("0-30 days"), "money", 14),
			_col("range_31_60", _("31-60 days"), "money", 14),
			_col("range_61_90", _("61-90 days"), "money", 14),
			_col("range_90_plus", _("Over 90 days"), "money", 16),
			_col("total", _("Total unpaid"), "money", 16),
			_col("oldest_due", _("Oldest due date"), "date", 20),
			_col("prescription_date", _("Prescription"), "date", 14),
		],
		[*pack.arrears["rows"], dict(pack.arrears["total"], bold=True)],
		_("Arrears as of {0}").format(frappe.format(pack.to_date, "Date")),
	)
	wb.sheet(
		"treasury",
		[
			_col("number", _("Account"), width=10),
			_col("label", _("Account"), width=36),
			_col("previous", _("Opening Balance"), "money", 18),
			_col("debit", _("Receipts (debit)"), "money", 20),
			_col("credit", _("Disbursements (credit)"), "money", 20),
			_col("current", _("Closing Balance"), "money", 18),
		],
		[*pack.treasury["rows"], dict(pack.treasury["total"], bold=True)],
	)
	wb.sheet(
		"trial_balance",
		[
			_col("number", _("Account"), width=10),
			_col("label", _("Account Name"), width=44),
			_col("opening", _("Opening Balance"), "money", 18),
			_col("debit", _("Debit"), "money", 16),
			_col("credit", _("Credit"), "money", 16),
			_col("closing", _("Closing Balance"), "money", 18),
		],
		[*pack.trial_balance["rows"], dict(pack.trial_balance["total"], bold=True)],
		_("Debit balances positive, credit balances negative (annex 1 art. 8)"),
	)
	bs = pack.balance_sheet
	wb.sheet(
		"balance_sheet",
		[_col("label", _("Account"), width=50)]
		+ [_col(f"v{i}", label, "money", 18) for i, label in enumerate(bs["columns"])],
		[
			dict(
				{f"v{i}": v for i, v in enumerate(row["values"])},
				label="    " * row["indent"] + row["label"],
				bold=row["bold"],
			)
			for row in bs["rows"]
		],
		_('ERPNext "Balance Sheet" report'),
	)
	wb.sheet(
		"general_ledger",
		[
			_col("posting_date", _("Date"), "date", 12),
			_col("account", _("Account"), width=36),
			_col("party", _("Third Party"), width=20),
			_col("voucher_type", _("Voucher Type"), width=18),
			_col("voucher_no", _("Exhibit"), width=22),
			_col("debit", _("Debit"), "money", 14),
			_col("credit", _("Credit"), "money", 14),
			_col("balance", _("Balance"), "money", 14),
			_col("remarks", _("Details"), width=40),
		],
		pack.general_ledger["rows"],
		_('ERPNext "General Ledger" report, by account'),
	)
	return wb.save()


def _ratio(row: dict) -> float | None:
	return row["variance_pct"] / 100 if row.get("variance_pct") is not None else None

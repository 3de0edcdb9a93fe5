"""Budget vs actual by category and the annual AG pack on a real site: two fiscal years of
calls, payments and supplier invoices in ERPNext; the report and every statement of the pack
(décret 2.23.700 annexes 3, 4, 5, 7, 8, 10) match the ledger to the cent; the PDF and the
Excel workbook open and carry the same figures.

Uses the résidence fixture of finance.helpers (committed once per module, removed after); every
test runs inside the `db` fixture's rollback (the previous fiscal year too, when the site lacks it).
"""

import io
from datetime import timedelta

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import acc, fiscal_year, make_call, uid
from tests.site.utils.pdf_layout import pages_text

pytestmark = pytest.mark.site
res = helpers.res  # the résidence fixture, committed once per module

BUDGET_LINES = {  # category -> yearly amount
	"Common Area Electricity": 12000,
	"Cleaning": 24000,
	"Elevator": 6000,
	"Security": 30000,
	"Reserve Fund": 4000,
}


def previous_fiscal_year(frappe, current):
	"""The fiscal year before `current`, created (inside the test's rollback) when missing."""
	start = frappe.utils.getdate(current.year_start_date)
	end = start - timedelta(days=1)
	name = frappe.db.get_value("Fiscal Year", {"year_end_date": end, "disabled": 0}, "name")
	if not name:
		name = (
			frappe.get_doc(
				{
					"doctype": "Fiscal Year",
					"year": f"AG {uid()}",
					"year_start_date": frappe.utils.add_years(start, -1),
					"year_end_date": end,
				}
			)
			.insert()
			.name
		)
	return frappe.db.get_value(
		"Fiscal Year", name, ["name", "year_start_date", "year_end_date"], as_dict=True
	)


def budget_for(frappe, res, fy):
	doc = frappe.get_doc(
		{
			"doctype": "Residence Budget",
			"residence": res.name,
			"fiscal_year": fy.name,
			"call_frequency": "Quarterly",
			"lines": [
				{
					"category": category,
					"allocation_key": res.lift if category == "Elevator" else res.general,
					"amount": amount,
				}
				for category, amount in BUDGET_LINES.items()
			],
			"ag_date": fy.year_start_date,
			"ag_reference": f"PV AG {fy.name}",
		}
	).insert()
	doc.submit()
	return doc


def supplier(frappe):
	group = frappe.db.get_value("Supplier Group", {"is_group": 0}, "name")
	return (
		frappe.get_doc(
			{
				"doctype": "Supplier",
				"supplier_name": f"Prestataire AG {uid()}",
				"supplier_group": group,
			}
		)
		.insert()
		.name
	)


def purchase_invoice(frappe, res, party, posting_date, number, amount):
	uom = "Nos" if frappe.db.exists("UOM", "Nos") else frappe.db.get_value("UOM", {}, "name")
	cost_center = frappe.db.get_value("Residence", res.name, "cost_center")
	pi = frappe.get_doc(
		{
			"doctype": "Purchase Invoice",
			"company": res.company,
			"supplier": party,
			"bill_no": f"F-{uid()}",
			"set_posting_time": 1,
			"posting_date": posting_date,
			"due_date": posting_date,
			"cost_center": cost_center,
			"disable_rounded_total": 1,
			"items": [
				{
					"item_name": f"Charge {number}",
					"qty": 1,
					"rate": amount,
					"uom": uom,
					"stock_uom": uom,
					"conversion_factor": 1,
					"expense_account": acc(frappe, res.company, number),
					"cost_center": cost_center,
				}
			],
		}
	)
	pi.insert()
	pi.submit()
	return pi.name


def gl(frappe, company, where, params=()):
	"""sum(debit - credit) of the company's non-cancelled GL Entries matching `where`."""
	value = frappe.db.sql(
		f"""select sum(debit - credit) from `tabGL Entry` gle
		join `tabAccount` a on a.name = gle.account
		where gle.company=%s and gle.is_cancelled=0 and {where}""",
		(company, *params),
	)[0][0]
	return round(value or 0, 2)


@pytest.fixture(scope="module")
def books(site, res):
	"""Two years of books: budgets, calls, payments, supplier invoices (6112 spent 25 % over).
	Built once for the module (the slow part) and rolled back at its end, never committed."""
	from syndic_maroc.finance.collections import record_payment

	frappe = db = site
	db.db.rollback()
	db.set_user("Administrator")
	db.flags.mute_messages = True  # the ERPNext budget only warns on the overrun
	try:
		current = fiscal_year(frappe)
		previous = previous_fiscal_year(frappe, current)
		party = supplier(frappe)
		before = budget_for(frappe, res, previous)
		make_call(frappe, res, before, period=1)
		p0 = frappe.utils.add_days(previous.year_start_date, 40)
		record_payment(res.name, res.owners[0], 5000, "Cash", posting_date=p0)
		purchase_invoice(frappe, res, party, p0, "6131", 5000)
		purchase_invoice(frappe, res, party, p0, "6112", "2999.99")
		budget = budget_for(frappe, res, current)
		make_call(frappe, res, budget, period=1)
		day = frappe.utils.add_days(current.year_start_date, 20)
		record_payment(
			res.name,
			res.owners[1],
			3000,
			"Bank Transfer",
			posting_date=day,
			reference_no=f"V{uid()}",
		)
		invoices = {
			"6112": purchase_invoice(frappe, res, party, day, "6112", 15000),  # budget 12,000: +25 %
			"6131": purchase_invoice(frappe, res, party, day, "6131", "20000.10"),  # within budget
			"6134": purchase_invoice(frappe, res, party, day, "6134", 30000),  # elevator + security
			"6135": purchase_invoice(frappe, res, party, day, "6135", "1234.56"),  # no budget line
		}
	finally:
		db.flags.mute_messages = False
	yield frappe._dict(
		current=current,
		previous=previous,
		budget=budget,
		before=before,
		supplier=party,
		invoices=invoices,
	)
	db.db.rollback()


@pytest.fixture
def db(site, books):
	"""The module's books stay between its tests (they only read them); `books` rolls them back."""
	site.set_user("Administrator")
	yield site
	site.set_user("Administrator")


def year_gl(frappe, res, fy, number):
	return gl(
		frappe,
		res.company,
		"a.account_number=%s and gle.posting_date between %s and %s",
		(number, fy.year_start_date, fy.year_end_date),
	)


def test_budget_vs_actual_by_category_matches_the_ledger(db, res, books):
	from syndic_maroc.finance.report.budget_vs_actual_by_category.budget_vs_actual_by_category import (
		execute,
	)

	columns, data, message, chart, summary = execute(
		{"residence": res.name, "fiscal_year": books.current.name}
	)
	assert message is None
	rows = {row["key"]: row for row in data}
	electricity = rows["6112"]
	assert electricity["actual"] == year_gl(db, res, books.current, "6112") == 15000
	assert electricity["budget"] == 12000 and electricity["variance"] == 3000
	assert electricity["variance_pct"] == 25 and electricity["overrun"] == 1 and electricity["status"]
	assert electricity["account"] == acc(db, res.company, "6112")
	cleaning = rows["6131"]
	assert cleaning["actual"] == year_gl(db, res, books.current, "6131") == 20000.10
	assert not cleaning["overrun"] and not cleaning["status"]
	# the ledger cannot split 6134 between the elevator and security contracts: one row
	shared = rows["6134"]
	assert shared["budget"] == 36000 and shared["actual"] == 30000 and not shared["overrun"]
	assert " + " in shared["category"]
	# reserve fund (1112) funded by credits only: nothing posted on it this year
	assert rows["1112"]["budget"] == 4000 and rows["1112"]["actual"] == 0
	# spending without a budget line is its own row, an overrun
	repairs = rows["6135"]
	assert repairs["budget"] == 0 and repairs["actual"] == 1234.56 and repairs["overrun"] == 1
	assert repairs["variance_pct"] is None and repairs["account"] == acc(db, res.company, "6135")
	assert "6135 - " in repairs["category"]
	total = data[-1]
	assert total["key"] == "total" and total["budget"] == 76000
	assert total["actual"] == round(15000 + 20000.10 + 30000 + 1234.56, 2)
	assert [s["value"] for s in summary][-1] == 2  # two overruns
	assert chart["type"] == "bar" and len(chart["data"]["labels"]) == len(data) - 1
	assert {c["fieldname"] for c in columns} >= {
		"category",
		"budget",
		"actual",
		"variance",
		"variance_pct",
	}
	# the previous year: its own budget and ledger
	_c, previous, *_rest = execute({"residence": res.name, "fiscal_year": books.previous.name})
	rows = {row["key"]: row for row in previous}
	assert (
		rows["6131"]["actual"] == 5000 and rows["6112"]["actual"] == 2999.99 and not rows["6112"]["overrun"]
	)
	# up to a date before the invoices: nothing spent yet
	_c, early, *_rest = execute(
		{
			"residence": res.name,
			"fiscal_year": books.current.name,
			"to_date": books.current.year_start_date,
		}
	)
	assert early[-1]["actual"] == 0 and early[-1]["budget"] == 76000
	with pytest.raises(db.ValidationError):
		execute({"residence": f"Nulle part {uid()}", "fiscal_year": books.current.name})


def test_annual_pack_statements_match_the_ledger(db, res, books):
	from syndic_maroc.finance.annual_pack.sections import build

	pack = build(res.name, books.current.name)
	cur, prev = books.current, books.previous
	company = res.company
	income = -gl(
		db,
		company,
		"a.account_number like '7%%' and gle.posting_date between %s and %s",
		(cur.year_start_date, cur.year_end_date),
	)
	assert pack.revenue == income > 0
	assert pack.tier.code == "small" and not pack.tier.auditor_required
	assert [a["code"] for a in pack.annexes] == ["10", "13-1", "13-2"]
	assert pack.annexes[0]["section"] == "co_owners" and pack.annexes[1]["note"]

	# compte de gestion (annex 4): each account next to the previous year
	lines = {
		line["number"]: line
		for section in pack.management["charges"] + pack.management["income"]
		for line in section["lines"]
	}
	assert lines["7111"]["current"] == -year_gl(db, res, cur, "7111")
	assert lines["7111"]["previous"] == -year_gl(db, res, prev, "7111") > 0
	assert lines["7112"]["previous"] == -year_gl(db, res, prev, "7112") > 0
	assert lines["6131"]["current"] == 20000.10 and lines["6131"]["previous"] == 5000
	assert (
		lines["6131"]["change"] == 15000.10 and lines["6131"]["change_ratio"] == 3.0
	)  # 15,000.10 / 5,000 to 4 places
	assert lines["6112"]["previous"] == 2999.99
	charges = pack.management["total_charges"]["current"]
	assert charges == round(15000 + 20000.10 + 30000 + 1234.56, 2)
	assert pack.management["result"]["current"] == round(income - charges, 2)

	# situation financière (annex 3): balances at both year ends, balanced
	position = pack.position
	assert position["balanced"]
	assert position["total_assets"]["current"] == position["total_liabilities"]["current"]
	assets = {line["number"]: line for s in position["assets"] for line in s["lines"]}
	debts = {line["number"]: line for s in position["liabilities"] for line in s["lines"]}
	end, prev_end = cur.year_end_date, prev.year_end_date
	assert assets["3421"]["current"] == gl(
		db, company, "a.account_number='3421' and gle.posting_date <= %s", (end,)
	)
	assert assets["3421"]["previous"] == gl(
		db, company, "a.account_number='3421' and gle.posting_date <= %s", (prev_end,)
	)
	assert debts["4411"]["current"] == -gl(
		db, company, "a.account_number='4411' and gle.posting_date <= %s", (end,)
	)
	assert debts["4411"]["current"] == round(5000 + 2999.99 + 15000 + 20000.10 + 30000 + 1234.56, 2)
	assert position["result"]["current"] == round(
		-gl(
			db,
			company,
			"left(a.account_number, 1) in ('6', '7') and gle.posting_date <= %s",
			(end,),
		),
		2,
	)

	# annex 8: the supplier is owed every invoice
	assert [(d["supplier"], d["current"], d["previous"]) for d in pack.debts] == [
		(books.supplier, debts["4411"]["current"], round(5000 + 2999.99, 2))
	]

	# annex 10: each co-owner's closing balance is his ledger balance
	rows = {row["co_owner"]: row for row in pack.co_owners["rows"]}
	for index, owner in enumerate(res.owners):
		balance = gl(
			db,
			company,
			"gle.party=%s and gle.party_type='Customer' and gle.posting_date <= %s",
			(res.customers[index], end),
		)
		assert rows[owner]["closing"] == balance
		opening = gl(
			db,
			company,
			"gle.party=%s and gle.party_type='Customer' and gle.posting_date < %s",
			(res.customers[index], cur.year_start_date),
		)
		assert rows[owner]["opening"] == opening
	one = rows[res.owners[1]]
	assert one["payments"] == 3000 and one["units"] == "A3"
	assert round(one["current"] + one["works"] + one["advances"] + one["loans"], 2) == one["closing"]
	total = pack.co_owners["total"]
	assert total["closing"] == round(sum(r["closing"] for r in pack.co_owners["rows"]), 2)

	# arrears at the year end, treasury, trial balance
	open_total = round(
		sum(
			db.get_all(
				"Sales Invoice",
				filters={"company": company, "docstatus": 1},
				pluck="outstanding_amount",
			)
		),
		2,
	)
	assert pack.arrears["total"]["total"] == open_total > 0
	treasury = {row["number"]: row for row in pack.treasury["rows"]}
	assert treasury["5161"]["previous"] == 5000 and treasury["5161"]["current"] == 5000
	assert treasury["5121"]["debit"] == 3000 and treasury["5121"]["current"] == 3000
	assert pack.trial_balance["total"]["debit"] == pack.trial_balance["total"]["credit"]
	assert pack.trial_balance["total"]["closing"] == 0

	# ERPNext's reports for the year: both year ends in the Balance Sheet, every invoice in the GL
	assert len(pack.balance_sheet["columns"]) == 2 and pack.balance_sheet["rows"]
	vouchers = {row["voucher_no"] for row in pack.general_ledger["rows"]}
	assert set(books.invoices.values()) <= vouchers
	assert pack.budget.rows[0]["key"] == "6112" and pack.overruns == 2
	with pytest.raises(db.ValidationError, match="Exercice introuvable"):
		build(res.name, f"Exercice {uid()}")


def test_pdf_and_workbook_carry_the_figures(db, res, books):
	from openpyxl import load_workbook
	from pypdf import PdfReader
	from syndic_maroc.finance.annual_pack.files import download_pdf, download_xlsx, pdf_bytes
	from syndic_maroc.finance.annual_pack.sections import SECTIONS, build
	from syndic_maroc.finance.annual_pack.workbook import workbook_bytes

	pack = build(res.name, books.current.name)
	pdf = pdf_bytes(pack)
	assert pdf[:4] == b"%PDF"
	reader = PdfReader(io.BytesIO(pdf))
	assert len(reader.pages) >= 10  # one page at least per part
	text = " ".join(pages_text(pdf))  # poppler: pypdf splits the words of Chromium's PDFs
	for title in SECTIONS.values():
		assert title in text, title
	for value in (
		15000,
		20000.10,
		1234.56,
		pack.revenue,
		pack.position["total_assets"]["current"],
	):
		assert " ".join(db.utils.fmt_money(value, precision=2).split()) in text, value
	assert db.db.get_value("Residence", res.name, "residence_name") in text

	book = load_workbook(io.BytesIO(workbook_bytes(pack)))
	assert book.sheetnames == list(SECTIONS.values())
	sheet = book["Budget vs réalisé"]
	assert sheet.freeze_panes == "A5"
	assert [c.value for c in sheet[4]][:4] == [
		"Catégorie",
		"Compte",
		"Budget",
		"Réalisé",
	]
	assert sheet["A4"].font.bold
	electricity = next(r for r in sheet.iter_rows(min_row=5) if r[1].value == acc(db, res.company, "6112"))
	assert (electricity[2].value, electricity[3].value, electricity[4].value) == (
		12000,
		15000,
		3000,
	)
	assert electricity[5].value == 0.25 and electricity[3].number_format == "#,##0.00"
	assert electricity[0].fill.fgColor.rgb.endswith("FFC7CE")  # overrun highlighted
	cleaning = next(r for r in sheet.iter_rows(min_row=5) if r[1].value == acc(db, res.company, "6131"))
	assert cleaning[3].value == 20000.10 and cleaning[0].fill.fgColor.rgb in (
		None,
		"00000000",
	)
	last = [r for r in sheet.iter_rows(min_row=5)][-1]
	assert last[0].value == "Total" and last[3].value == pack.budget.total["actual"] and last[0].font.bold
	accounts = book["Comptes copropriétaires"]
	closings = {r[0].value: r[6].value for r in accounts.iter_rows(min_row=5)}
	for row in pack.co_owners["rows"]:
		assert closings[row["co_owner"]] == row["closing"]
	management = book["Compte de gestion"]
	found = {r[0].value: (r[2].value, r[3].value) for r in management.iter_rows(min_row=5) if r[0].value}
	assert found["6131"] == (20000.10, 5000)
	summary = {r[0].value: r[1].value for r in book["Synthèse"].iter_rows(min_row=5)}
	assert summary["Produits de l'exercice (classe 7)"] == pack.revenue

	# the endpoints: staff roles and read permission on the résidence
	download_xlsx(res.name, books.current.name)
	assert db.local.response.type == "binary" and db.local.response.filename.endswith(".xlsx")
	download_pdf(res.name, books.current.name)
	assert db.local.response.type == "pdf" and db.local.response.filecontent[:4] == b"%PDF"
	db.set_user("Guest")
	try:
		with pytest.raises(db.PermissionError):
			download_pdf(res.name, books.current.name)
	finally:
		db.set_user("Administrator")


def test_large_residence_gets_its_pack_from_a_job(db, res, books):
	"""Above `syndic_pack_inline_units` units the desk does not download in the request: a job
	builds the pack, attaches it (private) to the Résidence, replaces the previous one and leaves
	a notification; a small résidence downloads at once; bad format and Guest are refused."""
	from pypdf import PdfReader
	from syndic_maroc.finance.annual_pack.files import request

	year = books.current.name
	units = db.db.count("Unit", {"residence": res.name})
	assert units > 0
	db.conf.syndic_pack_inline_units = units  # exactly at the limit: still inline
	try:
		assert request(res.name, year, "pdf") == {"inline": 1}
		db.conf.syndic_pack_inline_units = units - 1  # one unit over: a job (run now in tests)
		before = db.db.count("Notification Log", {"document_name": res.name, "for_user": "Administrator"})
		for _round in range(2):  # asking twice keeps one file per year and format
			assert request(res.name, year, "pdf") == {"queued": 1}
		assert request(res.name, year, "xlsx") == {"queued": 1}
		with pytest.raises(db.ValidationError):
			request(res.name, year, "docx")
	finally:
		db.conf.pop("syndic_pack_inline_units", None)
	files = db.get_all(
		"File",
		filters={"attached_to_doctype": "Residence", "attached_to_name": res.name},
		fields=["name", "file_name", "is_private"],
	)
	by_ext = {}
	for row in files:
		by_ext.setdefault(row.file_name.rsplit(".", 1)[-1], []).append(row)
	assert len(by_ext["pdf"]) == 1 and len(by_ext["xlsx"]) == 1
	assert all(row.is_private for row in files)
	pdf = db.get_doc("File", by_ext["pdf"][0].name).get_content()
	assert pdf[:4] == b"%PDF" and len(PdfReader(io.BytesIO(pdf)).pages) >= 10
	xlsx = db.get_doc("File", by_ext["xlsx"][0].name).get_content()
	assert xlsx[:2] == b"PK"  # a zip: the workbook
	notes = db.get_all(
		"Notification Log",
		filters={"document_name": res.name, "for_user": "Administrator"},
		pluck="subject",
	)
	assert len(notes) - before == 3 and all(year in subject for subject in notes[:3])
	db.set_user("Guest")
	try:
		with pytest.raises(db.PermissionError):
			request(res.name, year, "pdf")
	finally:
		db.set_user("Administrator")

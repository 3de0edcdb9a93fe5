"""Owner statement and attestation de quitus on a real site: the statement built from the
co-owner's GL Entries (core.finance.statements) matches the ERPNext ledger to the cent and
splits it into current operations / works / advances (décret 2.23.700 annex 1 art. 10); the
quitus is refused unless the balance is zero (loi 18-00 arts 26 and 42).

Uses the résidence fixture of finance.helpers (committed once per module, removed after); every
test runs inside the `db` fixture's rollback.
"""

import io

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import acc, fiscal_year, make_budget, make_call, uid

res = helpers.res  # the résidence fixture of finance.helpers (module scope)

pytestmark = pytest.mark.site


def ledger_balance(frappe, res, index):
	value = frappe.db.sql(
		"""select sum(debit - credit) from `tabGL Entry`
		where company=%s and party_type='Customer' and party=%s and is_cancelled=0""",
		(res.company, res.customers[index]),
	)[0][0]
	return round(value or 0, 2)


def open_total(frappe, res, index):
	return round(
		sum(
			frappe.get_all(
				"Sales Invoice",
				filters={"customer": res.customers[index], "company": res.company, "docstatus": 1},
				pluck="outstanding_amount",
			)
		),
		2,
	)


def pdf_text(pdf: bytes) -> str:
	# poppler reads Chromium's PDFs as a reader does (pypdf splits their words with spaces)
	from tests.site.utils.pdf_layout import text

	return text(pdf)


def test_statement_matches_the_ledger_and_splits_the_buckets(db, res):
	from syndic_maroc.core.finance.statements import ADVANCES, CURRENT_OPERATIONS, WORKS
	from syndic_maroc.finance.collections import record_payment
	from syndic_maroc.finance.report.owner_statement.owner_statement import execute
	from syndic_maroc.finance.statements import statement_for

	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=1)
	day = call.due_date
	start = budget.year_start_date
	called = open_total(db, res, 1)  # co-owner 1: unit A3, a current and a works invoice
	assert called > 0
	# a partial payment, then everything left + 250.00 (an advance on 4421)
	record_payment(res.name, res.owners[1], 100, "Bank Transfer", posting_date=day, reference_no=f"V{uid()}")
	ctx = statement_for(res.name, res.owners[1], start, day)
	assert float(ctx.statement.closing) == ledger_balance(db, res, 1) == round(called - 100, 2)
	rest = open_total(db, res, 1)
	result = record_payment(res.name, res.owners[1], round(rest + 250, 2), "Cash", posting_date=day)
	assert result["advance"] == 250

	ctx = statement_for(res.name, res.owners[1], start, day)
	st = ctx.statement
	assert st.opening == 0
	assert float(st.closing) == ledger_balance(db, res, 1) == -250
	assert float(st.total_debit) == called
	assert st.buckets[CURRENT_OPERATIONS].closing == 0
	assert st.buckets[WORKS].closing == 0
	assert float(st.buckets[ADVANCES].closing) == -250
	assert float(st.buckets[CURRENT_OPERATIONS].debit + st.buckets[WORKS].debit) == called
	# running balance: the last row's balance is the closing balance
	assert st.rows[-1].balance == st.closing
	assert {row.kind for row in st.rows} == {"call", "payment", "advance"}
	# a period after every entry: all of it in the opening balance
	later = statement_for(res.name, res.owners[1], db.utils.add_days(day, 1), db.utils.add_days(day, 2))
	assert later.statement.opening == st.closing and not later.statement.rows

	_columns, data, _msg, _chart, summary = execute(
		{"residence": res.name, "co_owner": res.owners[1], "from_date": start, "to_date": day}
	)
	assert len(data) == len(st.rows) + 2  # opening, rows, closing
	assert data[0]["balance"] == 0 and float(data[-1]["balance"]) == -250
	values = [float(item["value"]) for item in summary]
	assert values[0] == 0 and values[-1] == -250 and -250 in values[1:-1]


def test_quitus_refused_unless_the_balance_is_zero(db, res):
	from syndic_maroc.finance.collections import record_payment
	from syndic_maroc.finance.statements import quitus_pdf_bytes, statement_pdf_bytes

	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=1)
	today = db.utils.nowdate()
	owed = open_total(db, res, 2)  # co-owner 2: unit B1
	with pytest.raises(db.ValidationError, match="Solde débiteur"):
		quitus_pdf_bytes(res.name, res.owners[2], today)
	record_payment(res.name, res.owners[2], round(owed + 10, 2), "Cash", posting_date=call.due_date)
	with pytest.raises(db.ValidationError, match="Solde créditeur"):
		quitus_pdf_bytes(res.name, res.owners[2], today)

	statement = statement_pdf_bytes(res.name, res.owners[2], budget.year_start_date, today)
	assert statement[:4] == b"%PDF"
	name = db.db.get_value("Co-owner", res.owners[2], "full_name")
	assert name in pdf_text(statement)


def test_quitus_pdf_at_zero_balance(db, res):
	from syndic_maroc.finance.collections import record_payment
	from syndic_maroc.finance.statements import quitus_pdf

	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=1)
	owed = open_total(db, res, 3)  # co-owner 3: units B2, B3
	record_payment(
		res.name, res.owners[3], owed, "Bank Transfer", posting_date=call.due_date, reference_no=f"V{uid()}"
	)
	assert ledger_balance(db, res, 3) == 0
	quitus_pdf(res.name, res.owners[3], db.utils.nowdate())
	pdf = db.local.response.filecontent
	assert pdf[:4] == b"%PDF" and db.local.response.type == "pdf"
	text = pdf_text(pdf)
	name = db.db.get_value("Co-owner", res.owners[3], "full_name")
	assert name in text and "quitus" in text.lower()
	assert "B2" in text and "B3" in text


def test_call_notice_print_format(db, res):
	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=1)
	rib = "011780000012345678901234"
	db.db.set_value("Residence", res.name, {"rib": rib, "bank_name": "Banque Populaire"})
	invoice = db.get_all(
		"Sales Invoice",
		filters={"syndic_call_for_funds": call.name, "customer": res.customers[3], "docstatus": 1},
		pluck="name",
	)[0]
	html = db.get_print("Sales Invoice", invoice, print_format="Call Notice")
	assert "Avis d'appel de fonds" in html and "إشعار بطلب أداء المساهمات" in html
	assert rib in html and invoice in html and "Banque Populaire" in html
	assert "B2" in html and "250" in html  # unit B2 and its tantièmes
	assert db.db.get_value("Co-owner", res.owners[3], "full_name") in html
	pdf = db.get_print("Sales Invoice", invoice, print_format="Call Notice", as_pdf=True)
	assert pdf[:4] == b"%PDF"

"""Validation: totals, TVA rates, ICE, dates, statement balance; confidences lowered."""

from datetime import date
from decimal import Decimal as D

from syndic_maroc.core.intake.model import (
	BANK_STATEMENT,
	INVOICE,
	UTILITY_BILL,
	BankStatementFields,
	Field,
	InvoiceFields,
	InvoiceLine,
	TaxLine,
	Transaction,
	UtilityBillFields,
)
from syndic_maroc.core.intake.validate import validate

TODAY = date(2025, 6, 30)


def f(v, c=0.95):
	return Field(value=v, confidence=c)


def invoice(ht="1000.00", tva="200.00", ttc="1200.00", rate=20):
	inv = InvoiceFields(
		supplier_name=f("ATLAS SARL"),
		ice=f("001234567000089"),
		invoice_number=f("F-1"),
		invoice_date=f(date(2025, 3, 1)),
		due_date=f(date(2025, 3, 31)),
		total_ht=f(D(ht)),
		total_tva=f(D(tva)),
		total_ttc=f(D(ttc)),
	)
	inv.taxes = [TaxLine(rate=D(rate), base=D(ht), amount=D(tva))]
	inv.lines = [InvoiceLine("Nettoyage", D(1), D(ht), D(ht), 0.95)]
	return inv


def codes(issues):
	return {i.code for i in issues}


def test_clean_invoice_has_no_issue():
	assert validate(INVOICE, invoice(), TODAY) == []


def test_wrong_totals_are_flagged_and_lower_confidence():
	inv = invoice(ttc="1210.00")
	issues = validate(INVOICE, inv, TODAY)
	assert "totals" in codes(issues)
	issue = next(i for i in issues if i.code == "totals")
	assert issue.severity == "error" and "difference of 10,00" in issue.render()
	assert inv.total_ttc.confidence <= 0.4 and inv.total_ht.confidence <= 0.4
	assert inv.supplier_name.confidence == 0.95


def test_one_cent_off_is_flagged():
	assert "totals" in codes(validate(INVOICE, invoice(ttc="1200.01"), TODAY))


def test_unusual_tva_rate_is_flagged_not_rejected():
	inv = invoice(tva="160.00", ttc="1160.00", rate=16)
	issues = validate(INVOICE, inv, TODAY)
	assert codes(issues) == {"tva_rate"}
	assert all(i.severity == "warning" for i in issues)
	for rate, tva in ((0, "0.00"), (7, "70.00"), (10, "100.00"), (14, "140.00"), (20, "200.00")):
		ttc = str(D("1000.00") + D(tva))
		assert validate(INVOICE, invoice(tva=tva, ttc=ttc, rate=rate), TODAY) == []


def test_ice_dates_and_missing_fields():
	inv = invoice()
	inv.ice = f("12345")
	inv.invoice_date = f(date(2026, 1, 1))
	inv.invoice_number = Field()
	got = codes(validate(INVOICE, inv, TODAY))
	assert {"ice", "date_future", "missing", "date_order"} <= got


def test_lines_must_add_up_to_ht():
	inv = invoice()
	inv.lines.append(InvoiceLine("Extra", D(1), D(5), D(5), 0.95))
	assert "lines_sum" in codes(validate(INVOICE, inv, TODAY))
	assert all(ln.confidence <= 0.4 for ln in inv.lines)


def test_utility_index_and_period():
	bill = UtilityBillFields(
		issuer=f("Lydec"),
		amount_due=f(D("414.31")),
		due_date=f(date(2025, 2, 20)),
		bill_date=f(date(2025, 2, 2)),
		period_start=f(date(2025, 1, 5)),
		period_end=f(date(2025, 2, 5)),
		index_old=f(1000),
		index_new=f(1286),
		consumption=f(286),
	)
	assert validate(UTILITY_BILL, bill, TODAY) == []
	bill.consumption = f(268)
	assert codes(validate(UTILITY_BILL, bill, TODAY)) == {"index"}


def statement(closing="1300.00"):
	s = BankStatementFields(
		rib=f("007780000123456789012345"),
		opening_balance=f(D("1000.00")),
		closing_balance=f(D(closing)),
		period_start=f(date(2025, 3, 1)),
		period_end=f(date(2025, 3, 31)),
		total_debit=f(D("200.00")),
		total_credit=f(D("500.00")),
	)
	s.transactions = [
		Transaction(date(2025, 3, 4), "VERSEMENT ESPECE", credit=D("500.00"), confidence=0.95),
		Transaction(date(2025, 3, 9), "VIR.EMIS WEB VERS ATLAS", debit=D("200.00"), confidence=0.95),
	]
	return s


def test_statement_balance():
	assert validate(BANK_STATEMENT, statement(), TODAY) == []
	s = statement(closing="1310.00")
	issues = validate(BANK_STATEMENT, s, TODAY)
	assert codes(issues) == {"balance"}
	assert "1 300,00" in issues[0].render() and "1 310,00" in issues[0].render()
	assert s.closing_balance.confidence <= 0.4 and all(t.confidence <= 0.6 for t in s.transactions)


def test_statement_rib_and_totals():
	s = statement()
	s.rib = f("00778000012345")
	s.total_debit = f(D("250.00"))
	assert codes(validate(BANK_STATEMENT, s, TODAY)) == {"rib", "total_debit"}

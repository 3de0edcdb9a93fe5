"""Checks that make sense (issue 15): each states what it protects against, a future due date
is normal, a future issue date is not, a missing optional field costs no confidence."""

from datetime import date
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.intake import review
from syndic_maroc.core.intake.model import (
	INVOICE,
	UTILITY_BILL,
	Field,
	InvoiceFields,
	UtilityBillFields,
)
from syndic_maroc.core.intake.validate import PROTECTS, M, validate

TODAY = date(2026, 12, 2)


def f(v, c=0.95):
	return Field(value=v, confidence=c)


def invoice(**dates):
	return InvoiceFields(
		supplier_name=f("ATLAS SARL"),
		invoice_number=f("F-1"),
		invoice_date=f(dates.get("invoice_date", date(2026, 11, 10))),
		due_date=f(dates.get("due_date", date(2026, 12, 10))),
		total_ht=f(D("100.00")),
		total_tva=f(D("20.00")),
		total_ttc=f(D("120.00")),
	)


def test_every_check_states_what_it_protects_against():
	assert set(PROTECTS) == set(M)
	assert all(len(v) > 20 for v in PROTECTS.values())


@given(st.integers(min_value=0, max_value=340))
def test_due_date_after_today_is_normal(days):
	inv = invoice(due_date=date.fromordinal(TODAY.toordinal() + days))
	assert validate(INVOICE, inv, TODAY) == []


def test_due_date_years_ahead_is_a_misread():
	assert [i.code for i in validate(INVOICE, invoice(due_date=date(2028, 11, 10)), TODAY)] == ["due_far"]


@given(st.integers(min_value=2, max_value=900))
def test_invoice_date_after_today_is_flagged(days):
	d = date.fromordinal(TODAY.toordinal() + days)
	issues = validate(INVOICE, invoice(invoice_date=d, due_date=d), TODAY)
	assert [i.code for i in issues] == ["date_future"] and issues[0].field == "invoice_date"


def test_utility_due_date_ahead_is_normal_bill_date_ahead_is_not():
	bill = UtilityBillFields(
		issuer=f("Lydec"),
		amount_due=f(D("414.31")),
		bill_date=f(date(2026, 11, 25)),
		due_date=f(date(2027, 1, 15)),
	)
	assert validate(UTILITY_BILL, bill, TODAY) == []
	bill.bill_date = f(date(2026, 12, 20))
	assert [i.code for i in validate(UTILITY_BILL, bill, TODAY)] == ["date_future"]


def _json(fields):
	return {
		k: {"value": str(v.value), "confidence": v.confidence}
		for k, v in vars(fields).items()
		if isinstance(v, Field) and v.present
	}


def test_missing_optional_field_does_not_zero_confidence():
	inv = invoice()
	inv.total_tva = Field()  # a fee note without TVA
	inv.due_date = Field()
	assert review.overall_confidence(INVOICE, _json(inv)) == 0.95


def test_confidence_is_that_of_the_booked_fields():
	inv = invoice()
	inv.due_date = f(date(2026, 12, 10), 0.5)  # read but doubtful: it would be booked
	inv.ice = f("123", 0.1)  # not booked: the supplier is matched, not created, from it
	assert review.overall_confidence(INVOICE, _json(inv)) == 0.5
	inv.invoice_number = Field()  # a booking needs it
	assert review.overall_confidence(INVOICE, _json(inv)) == 0.0

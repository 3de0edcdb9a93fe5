from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.errors import ValidationError
from syndic_maroc.core.finance.payments import OpenInvoice, allocate_payment, allocate_payments, oldest_first

D = Decimal

INVOICES = [
	OpenInvoice("SINV-0003", date(2025, 7, 1), D("750.00")),
	OpenInvoice("SINV-0001", date(2025, 1, 1), D("250.00")),
	OpenInvoice("SINV-0002", date(2025, 4, 1), D("750.00")),
	OpenInvoice("SINV-0000", date(2024, 10, 1), D("0.00")),
]


def test_oldest_due_first_with_partial_payment():
	result = allocate_payment("1000", INVOICES)
	assert [(a.invoice, a.amount, a.outstanding_after) for a in result.allocations] == [
		("SINV-0001", D("250.00"), D("0.00")),
		("SINV-0002", D("750.00"), D("0.00")),
	]
	assert result.advance == D("0.00") and result.allocated == D("1000.00")
	partial = allocate_payment("400.50", INVOICES)
	assert [(a.invoice, a.amount, a.settles) for a in partial.allocations] == [
		("SINV-0001", D("250.00"), True),
		("SINV-0002", D("150.50"), False),
	]


def test_overpayment_becomes_an_advance_on_4421():
	result = allocate_payment(2000, INVOICES)
	assert result.allocated == D("1750.00")
	assert result.advance == D("250.00") and result.advance_account == "4421"
	assert allocate_payment(100, []).advance == D("100.00")


def test_same_due_date_orders_by_posting_date_then_name():
	same = [
		OpenInvoice("B-10", date(2025, 1, 1), 10, date(2024, 12, 20)),
		OpenInvoice("B-9", date(2025, 1, 1), 10, date(2024, 12, 20)),
		OpenInvoice("A-1", date(2025, 1, 1), 10, date(2024, 12, 21)),
	]
	assert [i.name for i in oldest_first(same)] == ["B-9", "B-10", "A-1"]


def test_bulk_payments_see_what_previous_ones_left():
	result = allocate_payments([("PE-1", 300), ("PE-2", 800)], INVOICES)
	assert [(a.invoice, a.amount) for a in result["PE-1"].allocations] == [
		("SINV-0001", D("250.00")),
		("SINV-0002", D("50.00")),
	]
	assert [(a.invoice, a.amount) for a in result["PE-2"].allocations] == [
		("SINV-0002", D("700.00")),
		("SINV-0003", D("100.00")),
	]
	assert result["PE-2"].advance == 0


def test_errors():
	with pytest.raises(ValidationError, match="positive"):
		allocate_payment(0, INVOICES)
	with pytest.raises(ValidationError, match="Duplicate"):
		allocate_payment(10, [INVOICES[0], INVOICES[0]])
	with pytest.raises(ValidationError, match="Duplicate"):
		allocate_payments([("P", 1), ("P", 2)], INVOICES)


@given(
	amount=st.integers(1, 10**7).map(lambda c: D(c) / 100),
	outstandings=st.lists(st.integers(0, 10**6).map(lambda c: D(c) / 100), max_size=12),
	days=st.lists(st.integers(0, 400), min_size=12, max_size=12),
)
def test_conservation(amount, outstandings, days):
	invoices = [
		OpenInvoice(f"I{i}", date.fromordinal(739000 + days[i]), o) for i, o in enumerate(outstandings)
	]
	result = allocate_payment(amount, invoices)
	assert result.allocated + result.advance == amount
	assert result.advance == max(D(0), amount - sum(outstandings, D(0)))
	for a in result.allocations:
		assert 0 < a.amount <= a.outstanding_before
	# only the last allocation may be partial, and every earlier-due invoice is settled
	assert all(a.settles for a in result.allocations[:-1])

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.errors import ValidationError
from syndic_maroc.core.finance.statements import (
	LedgerRow,
	account_number,
	bucket_of,
	owner_statement,
	quitus_allowed,
)

D = Decimal

LEDGER = [
	LedgerRow(date(2024, 10, 1), D("700.00"), account="3421 - Copropriétaires - RJA", voucher="SINV-24-4"),
	LedgerRow(date(2024, 11, 5), credit=D("700.00"), account="3421 - Copropriétaires - RJA", voucher="PE-1"),
	LedgerRow(date(2025, 1, 1), D("750.00"), account="3421 - Copropriétaires - RJA", voucher="SINV-25-1"),
	LedgerRow(
		date(2025, 1, 1), D("2000.00"), account="3423 - Copropriétaire travaux - RJA", voucher="SINV-25-W"
	),
	LedgerRow(date(2025, 1, 20), credit=D("1000.00"), account="3421 - Copropriétaires - RJA", voucher="PE-2"),
	LedgerRow(date(2024, 12, 20), credit=D("250.00"), account="4421 - Avances - RJA", voucher="PE-0"),
	LedgerRow(
		date(2025, 2, 1),
		D("500.00"),
		bucket="loans",
		voucher="JV-LOAN",
		description="Quote-part emprunt ascenseur",
	),
	LedgerRow(date(2025, 4, 1), D("750.00"), account="3421", voucher="SINV-25-2"),
]


def test_opening_rows_running_balance_and_buckets():
	st_ = owner_statement(LEDGER, date(2025, 1, 1), date(2025, 3, 31))
	assert st_.opening == D("-250.00")  # the December advance
	assert [(r.voucher, r.kind, r.bucket, r.debit, r.credit, r.balance) for r in st_.rows] == [
		("SINV-25-1", "call", "current", D("750.00"), D("0.00"), D("500.00")),
		("SINV-25-W", "call", "works", D("2000.00"), D("0.00"), D("2500.00")),
		("PE-2", "payment", "current", D("0.00"), D("1000.00"), D("1500.00")),
		("JV-LOAN", "call", "loans", D("500.00"), D("0.00"), D("2000.00")),
	]
	assert (
		st_.closing == D("2000.00") and st_.total_debit == D("3250.00") and st_.total_credit == D("1000.00")
	)
	closing = {b: v.closing for b, v in st_.buckets.items()}
	assert closing == {
		"current": D("-250.00"),
		"works": D("2000.00"),
		"advances": D("-250.00"),
		"loans": D("500.00"),
	}
	assert st_.buckets["advances"].opening == D("-250.00")


def test_quitus_only_at_zero_in_every_bucket():
	# Loi 18-00 arts 26 and 42: discharge certificate only when nothing is owed.
	st_ = owner_statement(LEDGER, date(2025, 1, 1), date(2025, 3, 31))
	check = quitus_allowed(st_)
	assert not check.allowed and check.message() == (
		"Debit balance of 2000.00 MAD: the co-owner still owes this sum (loi 18-00, art. 26 and 42)."
	)
	paid = owner_statement(LEDGER[:2], date(2024, 1, 1), date(2024, 12, 31))
	assert quitus_allowed(paid).allowed and quitus_allowed(paid).message() is None
	advance_only = owner_statement([LEDGER[5]], date(2024, 1, 1), date(2024, 12, 31))
	assert "Credit balance of 250.00" in quitus_allowed(advance_only).message()
	netted = owner_statement(
		[
			LedgerRow(date(2025, 1, 1), 100, account="3421"),
			LedgerRow(date(2025, 1, 2), credit=100, account="4421"),
		],
		date(2025, 1, 1),
		date(2025, 12, 31),
	)
	assert netted.closing == 0
	assert not quitus_allowed(netted).allowed
	assert "Current operations, Advances" in quitus_allowed(netted).message()


def test_account_mapping_and_errors():
	assert account_number("3423 - Copropriétaire travaux - X") == "3423"
	assert account_number("Débiteurs") is None
	assert bucket_of(LedgerRow(date(2025, 1, 1), 1, account="34221")) == "current"
	with pytest.raises(ValidationError, match="is not a co-owner account"):
		bucket_of(LedgerRow(date(2025, 1, 1), 1, account="5121 - Banque"))
	with pytest.raises(ValidationError, match="reversed"):
		owner_statement(LEDGER, date(2025, 2, 1), date(2025, 1, 1))
	with pytest.raises(ValidationError, match="Unknown heading"):
		owner_statement([LedgerRow(date(2025, 1, 1), 1, bucket="misc")], date(2025, 1, 1), date(2025, 1, 2))


@given(
	st.lists(
		st.tuples(
			st.integers(0, 730),
			st.integers(0, 10**6),
			st.booleans(),
			st.sampled_from(["3421", "3423", "4421"]),
		),
		max_size=40,
	),
	st.integers(0, 730),
	st.integers(0, 730),
)
def test_statement_matches_ledger(entries, a, b):
	start, end = sorted((a, b))
	base = date(2024, 1, 1).toordinal()
	rows = [
		LedgerRow(
			date.fromordinal(base + d),
			D(v) / 100 if is_debit else 0,
			0 if is_debit else D(v) / 100,
			account=acc,
		)
		for d, v, is_debit, acc in entries
	]
	s = owner_statement(rows, date.fromordinal(base + start), date.fromordinal(base + end))
	upto = [r for r in rows if r.posting_date <= date.fromordinal(base + end)]
	assert s.closing == sum((D(r.debit) - D(r.credit) for r in upto), D(0))
	assert s.closing == sum((bal.closing for bal in s.buckets.values()), D(0))
	if s.rows:
		assert s.rows[-1].balance == s.closing
	assert [r.posting_date for r in s.rows] == sorted(r.posting_date for r in s.rows)

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.errors import ValidationError
from syndic_maroc.core.finance.periods import (
	budget_period_shares,
	budget_share_for_period,
	fiscal_periods,
	fiscal_year_end,
	monthly_distribution,
	period_of,
	period_shares,
)

D = Decimal


def test_quarterly_calendar_year_due_first_day_of_each_quarter():
	# Loi 18-00 art. 24: due on the 1st day of each quarter.
	periods = fiscal_periods(date(2025, 1, 1))
	assert [p.due_date for p in periods] == [
		date(2025, 1, 1),
		date(2025, 4, 1),
		date(2025, 7, 1),
		date(2025, 10, 1),
	]
	assert [(p.start, p.end) for p in periods][1] == (date(2025, 4, 1), date(2025, 6, 30))
	assert [p.label for p in periods] == ["T1 2025", "T2 2025", "T3 2025", "T4 2025"]
	assert all(p.months == 3 for p in periods)


def test_monthly_and_yearly_and_due_day():
	monthly = fiscal_periods(date(2025, 7, 1), "Monthly", due_day=31)
	assert len(monthly) == 12
	assert monthly[0].label == "07/2025" and monthly[-1].end == date(2026, 6, 30)
	# due day clamped to the month's length
	assert monthly[1].due_date == date(2025, 8, 31)
	assert monthly[2].due_date == date(2025, 9, 30)
	assert monthly[7].due_date == date(2026, 2, 28)
	yearly = fiscal_periods(date(2025, 7, 1), "Yearly")
	assert len(yearly) == 1 and yearly[0].label == "Exercice 2025-2026" and yearly[0].months == 12


def test_fiscal_year_length_rules():
	# Décret 2.23.700 annex 1 art. 3: 12 months; first year at most 18 months.
	assert fiscal_year_end(date(2025, 3, 1)) == date(2026, 2, 28)
	with pytest.raises(ValidationError, match="must last 12 months"):
		fiscal_periods(date(2025, 1, 1), year_end=date(2025, 10, 31))
	first = fiscal_periods(date(2024, 8, 1), year_end=date(2025, 12, 31), first_year=True)
	assert len(first) == 6 and first[-1].months == 2 and first[-1].start == date(2025, 11, 1)
	with pytest.raises(ValidationError, match="at most 18 months"):
		fiscal_periods(date(2024, 1, 1), year_end=date(2025, 7, 31), first_year=True)
	with pytest.raises(ValidationError, match="first day"):
		fiscal_periods(date(2025, 1, 15))
	with pytest.raises(ValidationError, match="Unknown frequency"):
		fiscal_periods(date(2025, 1, 1), "Weekly")


def test_period_of():
	periods = fiscal_periods(date(2025, 1, 1))
	assert period_of(periods, date(2025, 5, 17)).index == 2
	assert period_of(periods, date(2026, 1, 1)) is None


def test_period_shares_methods():
	periods = fiscal_periods(date(2025, 1, 1))
	assert period_shares("100000.03", periods) == [D("25000.01"), D("25000.01"), D("25000.01"), D("25000.00")]
	assert period_shares("100000.03", periods, "last") == [
		D("25000.00"),
		D("25000.00"),
		D("25000.00"),
		D("25000.03"),
	]
	monthly = fiscal_periods(date(2025, 1, 1), "Monthly")
	assert period_shares(1000, monthly, "last")[-1] == D("83.37")
	assert sum(period_shares(1000, monthly, "last")) == D("1000.00")
	with pytest.raises(ValidationError):
		period_shares(-5, periods)


def test_short_last_period_is_prorated_by_months():
	first = fiscal_periods(date(2024, 8, 1), year_end=date(2025, 12, 31), first_year=True)
	# 17 months: five quarters of 3 months and a last period of 2 months
	shares = period_shares(17000, first)
	assert shares == [D("3000.00")] * 5 + [D("2000.00")]


def test_budget_share_per_category():
	periods = fiscal_periods(date(2025, 1, 1))
	budget = {"Eau": "12000.00", "Ascenseur": "8000.02", "Assurance": 1}
	per_period = budget_period_shares(budget, periods)
	assert per_period[0] == {"Eau": D("3000.00"), "Ascenseur": D("2000.01"), "Assurance": D("0.25")}
	assert per_period[3] == {"Eau": D("3000.00"), "Ascenseur": D("2000.00"), "Assurance": D("0.25")}
	assert budget_share_for_period(budget, periods, 2) == per_period[1]
	with pytest.raises(ValidationError, match="Period 5"):
		budget_share_for_period(budget, periods, 5)


def test_monthly_distribution_sums_to_100():
	rows = monthly_distribution(date(2025, 1, 1))
	assert [r[0] for r in rows][:2] == ["January", "February"]
	assert sum(r[1] for r in rows) == D("100.00")
	assert rows[0][1] == D("8.34") and rows[11][1] == D("8.33")


cents = st.integers(min_value=0, max_value=10**11).map(lambda c: Decimal(c) / 100)


@given(
	amount=cents,
	frequency=st.sampled_from(["Monthly", "Quarterly", "Half-yearly", "Yearly"]),
	method=st.sampled_from(["largest_remainder", "last"]),
	month=st.integers(1, 12),
)
def test_shares_always_sum_exactly(amount, frequency, method, month):
	periods = fiscal_periods(date(2025, month, 1), frequency)
	shares = period_shares(amount, periods, method)
	assert sum(shares) == amount
	assert all(s >= 0 for s in shares)
	exact = amount / len(periods)
	# largest remainder: each within a cent of the exact share
	if method == "largest_remainder":
		assert all(abs(s - exact) < D("0.01") for s in shares)
	else:
		assert all(abs(s - exact) < D("0.01") for s in shares[:-1])

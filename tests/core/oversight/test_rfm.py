"""Payer risk rule (core.oversight.rfm): bounded, deterministic, monotone in R, F and M."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.oversight.rfm import (
	Allocation,
	Call,
	assess,
	late_calls,
	level,
	score,
)

recency = st.integers(min_value=0, max_value=2000)
frequency = st.integers(min_value=0, max_value=200)
share = st.decimals(min_value=0, max_value=1, places=4)


@given(recency, frequency, share)
def test_score_is_bounded_and_deterministic(r, f, m):
	value = score(r, f, m)
	assert Decimal(0) <= value <= Decimal(100)
	assert value == score(r, f, m)
	assert (value == 0) == (f == 0)


@given(recency, recency, st.integers(min_value=1, max_value=200), share)
def test_score_does_not_rise_with_recency(r1, r2, f, m):
	low, high = sorted((r1, r2))
	assert score(low, f, m) >= score(high, f, m)


@given(recency, frequency, frequency, share)
def test_score_does_not_fall_with_frequency(r, f1, f2, m):
	low, high = sorted((f1, f2))
	assert score(r, low, m) <= score(r, high, m)


@given(recency, st.integers(min_value=1, max_value=200), share, share)
def test_score_does_not_fall_with_amount(r, f, m1, m2):
	low, high = sorted((m1, m2))
	assert score(r, f, low) <= score(r, f, high)


def test_score_needs_a_recency_when_late():
	with pytest.raises(ValueError):
		score(None, 2, Decimal("0.5"))


def test_fixed_history():
	as_of = date(2026, 12, 1)
	calls = [
		Call("Q1", date(2026, 1, 31), Decimal(1000)),
		Call("Q2", date(2026, 4, 30), Decimal(1000)),
		Call("Q3", date(2026, 7, 31), Decimal(1000)),
		Call("Q4", date(2026, 10, 31), Decimal(1000)),
	]
	allocations = [
		Allocation("Q1", date(2026, 1, 20), Decimal(1000)),  # on time
		Allocation("Q2", date(2026, 5, 20), Decimal(1000)),  # 20 days late
		Allocation("Q3", date(2026, 7, 1), Decimal(400)),  # part on time
		Allocation("Q3", date(2026, 10, 22), Decimal(600)),  # the rest late: 40 days before as_of
		Allocation("Q4", date(2026, 10, 30), Decimal(1000)),  # on time
	]
	risk = assess(calls, allocations, as_of)
	assert risk.late_count == 2
	assert risk.last_late == date(2026, 10, 22) and risk.recency_days == 40
	assert risk.late_amount == Decimal("1600.00") and risk.called_amount == Decimal("4000.00")
	assert risk.late_share == Decimal("0.4")
	# 100 * (0.35 * 90/130 + 0.35 * 2/4 + 0.30 * 0.4) = 53.73...
	assert risk.score == Decimal("53.7") and risk.level == "High"


def test_an_open_overdue_call_is_late_now():
	as_of = date(2026, 6, 1)
	calls = [
		Call("Q1", date(2026, 3, 31), Decimal(500)),
		Call("Q2", date(2026, 6, 30), Decimal(500)),
	]
	late = late_calls(calls, [Allocation("Q1", date(2026, 3, 1), Decimal(200))], as_of)
	assert [(lc.call, lc.event_date, lc.late_amount, lc.still_open) for lc in late] == [
		("Q1", as_of, Decimal(300), True)
	]
	risk = assess(calls, [], as_of)
	assert risk.recency_days == 0 and risk.late_count == 1


def test_late_events_outside_the_window_do_not_count():
	as_of = date(2026, 12, 1)
	calls = [Call("Old", date(2024, 1, 31), Decimal(800))]
	allocations = [Allocation("Old", date(2024, 3, 1), Decimal(800))]
	risk = assess(calls, allocations, as_of)
	assert risk.late_count == 0 and risk.score == 0 and level(risk.score) == "None"
	assert assess(calls, allocations, date(2024, 6, 1)).late_count == 1


def test_payments_on_time_give_no_risk():
	as_of = date(2026, 12, 1)
	calls = [Call(f"C{i}", date(2026, 1, 31) + timedelta(days=90 * i), Decimal(700)) for i in range(4)]
	allocations = [Allocation(c.name, c.due_date, c.amount) for c in calls]
	risk = assess(calls, allocations, as_of)
	assert risk.score == 0 and risk.late_count == 0 and risk.last_late is None

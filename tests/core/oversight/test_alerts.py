"""Oversight thresholds (core.oversight.alerts): each threshold fires once per crossing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.errors import ValidationError
from syndic_maroc.core.oversight.alerts import (
	BANK,
	BUDGET,
	arrears_alerts,
	bank_alerts,
	budget_alerts,
	next_quarter_spend,
	parse_thresholds,
	ratio,
	to_fire,
)

money = st.decimals(min_value=0, max_value=10**7, places=2)


def test_parse_thresholds():
	assert parse_thresholds("") == (80, 100, 120)
	assert parse_thresholds("120, 80%;100") == (80, 100, 120)
	for bad in ("abc", "0", "80,-5", "5000"):
		with pytest.raises(ValidationError):
			parse_thresholds(bad)


@given(money, money)
def test_ratio_is_bounded(part, whole):
	value = ratio(part, whole)
	assert value is None if whole == 0 else Decimal(0) <= value <= Decimal(1)


@given(st.decimals(min_value=1, max_value=10**6, places=2), money, money)
def test_more_spending_reaches_more_thresholds(budget, a, b):
	low, high = sorted((a, b))

	def reached(actual):
		return {x.threshold for x in budget_alerts([("Cleaning", budget, actual)], (80, 100, 120))}

	assert reached(low) <= reached(high)


def test_budget_thresholds_at_their_boundaries():
	alerts = budget_alerts(
		[("Cleaning", Decimal(1000), Decimal(800)), ("Lift", Decimal(500), Decimal(610))], (80, 100, 120)
	)
	assert [(a.kind, a.subject, a.threshold) for a in alerts] == [
		(BUDGET, "Cleaning", "80%"),
		(BUDGET, "Lift", "80%"),
		(BUDGET, "Lift", "100%"),
		(BUDGET, "Lift", "120%"),
	]
	assert budget_alerts([("Cleaning", Decimal(1000), Decimal("799.99"))], (80,)) == []


def test_arrears_by_amount_and_by_age():
	rows = [("A", Decimal("5000.01"), 10), ("B", Decimal(100), 91), ("C", Decimal(0), 400)]
	alerts = arrears_alerts(rows, 5000, 90)
	assert [(a.kind, a.subject) for a in alerts] == [("Arrears Amount", "A"), ("Arrears Age", "B")]
	assert arrears_alerts(rows, 0, None) == []


def test_bank_under_next_quarter_spend():
	assert next_quarter_spend(Decimal("76000.04")) == Decimal("19000.01")
	assert next_quarter_spend(Decimal("76000.02")) == Decimal("19000.01")  # half a centime up
	assert [a.kind for a in bank_alerts(Decimal(100), Decimal(19000))] == [BANK]
	assert bank_alerts(Decimal(19000), Decimal(19000)) == []
	assert bank_alerts(Decimal(-5), Decimal(0)) == []


@given(st.lists(st.tuples(st.sampled_from("ABCD"), money, money), max_size=6), st.lists(money, max_size=4))
def test_an_alert_fires_once_per_crossing(lines, later):
	"""Fire, then nothing while it holds; once cleared, a new crossing fires again."""
	lines = [(c, b, a) for c, b, a in lines if b > 0]
	current = budget_alerts(lines, (80, 100, 120))
	fire, clear = to_fire(current, set(), "R")
	assert len(fire) == len({a.key("R") for a in current}) and not clear
	open_keys = {a.key("R") for a in fire}
	again, clear = to_fire(current, open_keys, "R")
	assert again == [] and clear == set()
	gone, clear = to_fire([], open_keys, "R")
	assert gone == [] and clear == open_keys


@given(st.dates(min_value=date(1900, 1, 1)))
def test_art_26_half_years_cover_the_day_and_the_one_just_ended(day):
	"""Loi 18-00 art. 26: the position at least every six months; halves tile the year."""
	from syndic_maroc.core.oversight.position import half_just_ended, half_year

	label, start, end = half_year(day)
	assert start <= day <= end and label.startswith(str(day.year))
	_label, _start, ended = half_just_ended(day)
	assert ended == start - timedelta(days=1) and half_year(ended)[2] == ended

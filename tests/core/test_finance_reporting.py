from decimal import Decimal

import pytest
from syndic_maroc.core.errors import ValidationError
from syndic_maroc.core.finance.reporting import (
	budget_vs_actual,
	revenue_from_balances,
	revenue_tier,
	year_over_year,
)

D = Decimal


def test_revenue_tiers_and_auditor():
	# Décret 2.23.700 annex 1 arts 1 and 12.
	assert revenue_tier(150000).code == "small" and revenue_tier(150000).annexes == ("10", "13-1", "13-2")
	assert revenue_tier("200000.00").code == "small"
	assert revenue_tier("200000.01").code == "medium" and revenue_tier(350000).annexes == ("10", "11", "12")
	assert revenue_tier("499999.99").code == "medium"
	assert revenue_tier(500000).code == "full"
	assert revenue_tier(500000).annexes == ("3", "4", "5", "7", "8", "9", "10")
	assert not revenue_tier(1000000).auditor_required
	assert revenue_tier("1000000.01").auditor_required
	with pytest.raises(ValidationError):
		revenue_tier(-1)


def test_revenue_from_class_7_balances():
	balances = {
		"7111 - Appels courants - X": "420000",
		"7112 - Appels travaux - X": 80000.5,
		"6112 - Électricité": 9999,
		"4421": 10,
	}
	assert revenue_from_balances(balances) == D("500000.50")
	assert revenue_tier(revenue_from_balances(balances)).code == "full"


def test_budget_vs_actual_flags_overrun_over_20_percent():
	budget = {"Électricité parties communes": 10000, "Eau": 5000, "Assurance": 3000}
	actual = {"Électricité parties communes": "12000.00", "Eau": "6000.01", "Divers": 150}
	rows, total = budget_vs_actual(budget, actual)
	flat = [(r.category, r.budget, r.actual, r.variance, r.variance_ratio, r.overrun) for r in rows]
	assert flat == [
		("Électricité parties communes", D("10000.00"), D("12000.00"), D("2000.00"), D("0.2000"), False),
		("Eau", D("5000.00"), D("6000.01"), D("1000.01"), D("0.2000"), True),
		("Assurance", D("3000.00"), D("0.00"), D("-3000.00"), D("-1.0000"), False),
		("Divers", D("0.00"), D("150.00"), D("150.00"), None, True),
	]
	assert (total.budget, total.actual, total.overrun) == (D("18000.00"), D("18150.01"), False)
	rows, _ = budget_vs_actual(budget, actual, threshold="0.10")
	assert rows[0].overrun


def test_year_over_year():
	rows = year_over_year({"7111": 100000, "7112": 20000}, {"7111": 80000, "7125": 500}, order=["7112"])
	assert [(r.key, r.current, r.previous, r.change, r.change_ratio) for r in rows] == [
		("7112", D("20000.00"), D("0.00"), D("20000.00"), None),
		("7111", D("100000.00"), D("80000.00"), D("20000.00"), D("0.2500")),
		("7125", D("0.00"), D("500.00"), D("-500.00"), D("-1.0000")),
	]

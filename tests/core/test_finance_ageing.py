from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.errors import ValidationError
from syndic_maroc.core.finance.ageing import (
	BUCKETS,
	NOT_DUE,
	Receivable,
	ageing,
	ageing_total,
	bucket_for,
	days_overdue,
	unit_parts,
)

D = Decimal
AS_OF = date(2025, 6, 30)


def test_bucket_limits():
	assert [bucket_for(d) for d in (-1, 0, 30, 31, 60, 61, 90, 91, 1000)] == [
		NOT_DUE,
		"0-30",
		"0-30",
		"31-60",
		"31-60",
		"61-90",
		"61-90",
		"90+",
		"90+",
	]
	assert days_overdue(date(2025, 4, 1), AS_OF) == 90


def test_ageing_per_co_owner_and_unit():
	rows = [
		Receivable("S1", "Alami", date(2025, 1, 1), D("750.00"), "A-1"),  # 180 days
		Receivable("S2", "Alami", date(2025, 4, 1), D("750.00"), "A-1"),  # 90 days
		Receivable("S2", "Alami", date(2025, 4, 1), D("100.00"), "A-10"),
		Receivable("S3", "Bennani", date(2025, 6, 15), D("200.00"), "A-2"),  # 15 days
		Receivable("S4", "Bennani", date(2025, 7, 1), D("300.00"), "A-2"),  # not due
		Receivable("S5", "Bennani", date(2025, 5, 1), D("0.00"), "A-2"),  # paid
	]
	by_owner = ageing(rows, AS_OF)
	assert [r.key for r in by_owner] == ["Alami", "Bennani"]
	alami, bennani = by_owner
	assert alami.amounts == {
		NOT_DUE: D(0),
		"0-30": D(0),
		"31-60": D(0),
		"61-90": D("850.00"),
		"90+": D("750.00"),
	}
	assert (
		alami.overdue == D("1600.00")
		and alami.oldest_due == date(2025, 1, 1)
		and alami.invoices == {"S1", "S2"}
	)
	assert bennani.amounts["0-30"] == D("200.00") and bennani.amounts[NOT_DUE] == D("300.00")
	assert bennani.overdue == D("200.00") and bennani.total == D("500.00")
	by_unit = ageing(rows, AS_OF, by="unit")
	assert [(r.key, r.overdue) for r in by_unit] == [
		("A-1", D("1500.00")),
		("A-2", D("200.00")),
		("A-10", D("100.00")),
	]
	total = ageing_total(by_owner)
	assert (
		total.overdue == D("1800.00") and total.total == D("2100.00") and total.oldest_due == date(2025, 1, 1)
	)


def test_unit_parts_pro_rata():
	parts = unit_parts(
		"S9", "Alami", date(2025, 1, 1), D("100.00"), {"A-1": D("300.00"), "A-10": D("600.00")}
	)
	assert [(p.unit, p.outstanding) for p in parts] == [("A-1", D("33.33")), ("A-10", D("66.67"))]
	assert unit_parts("S9", "Alami", date(2025, 1, 1), 0, {"A-1": 1}) == []
	with pytest.raises(ValidationError, match="exceeds"):
		unit_parts("S9", "Alami", date(2025, 1, 1), 1000, {"A-1": 300})
	with pytest.raises(ValidationError, match="Unknown grouping"):
		ageing([], AS_OF, by="building")


@given(
	st.lists(
		st.tuples(st.integers(0, 5), st.integers(-60, 400), st.integers(1, 10**6)),
		max_size=30,
	)
)
def test_buckets_partition_the_total(data):
	rows = [
		Receivable(f"I{i}", f"C{c}", date.fromordinal(AS_OF.toordinal() - d), D(a) / 100, f"U{c}")
		for i, (c, d, a) in enumerate(data)
	]
	result = ageing(rows, AS_OF)
	assert sum(r.total for r in result) == sum(r.outstanding for r in rows)
	assert ageing_total(result).overdue == sum(r.outstanding for r in rows if r.due_date <= AS_OF)
	for r in result:
		assert sum(r.amounts[b] for b in BUCKETS) == r.overdue

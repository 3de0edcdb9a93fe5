"""core.weights: allocation key weights per basis, tantièmes gap and the unit-save check."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from syndic_maroc.core.errors import ValidationError
from syndic_maroc.core.weights import key_weights, normalize_basis, tantiemes_gap, validate_unit_tantiemes

D = Decimal

UNITS = [
	{"unit": "A-1", "tantiemes": 125.0, "surface": 84.5, "weight": 2},
	{"unit": "A-2", "tantiemes": 98, "surface": "66", "weight": "1.5"},
	{"unit": "P-7", "tantiemes": D("12"), "surface": 12, "weight": 1},
]


@pytest.mark.parametrize(
	("basis", "expected"),
	[
		("Tantiemes", {"A-1": D("125"), "A-2": D("98"), "P-7": D("12")}),
		("Surface", {"A-1": D("84.5"), "A-2": D("66"), "P-7": D("12")}),
		("Custom", {"A-1": D("2"), "A-2": D("1.5"), "P-7": D("1")}),
		("Equal", {"A-1": D("1"), "A-2": D("1"), "P-7": D("1")}),
	],
)
def test_key_weights_per_basis(basis, expected):
	weights = key_weights(UNITS, basis)
	assert weights == expected
	assert list(weights) == ["A-1", "A-2", "P-7"]


@pytest.mark.parametrize(
	("text", "basis"),
	[
		("tantièmes", "Tantiemes"),
		("TANTIEMES", "Tantiemes"),
		("égal", "Equal"),
		("surface", "Surface"),
		("Custom", "Custom"),
	],
)
def test_basis_aliases(text, basis):
	assert normalize_basis(text) == basis


def test_unknown_basis():
	with pytest.raises(ValidationError, match="Unknown allocation basis"):
		key_weights(UNITS, "Random")


def test_unit_id_may_come_from_name():
	assert key_weights([{"name": "U1"}, {"name": "U2"}], "Equal") == {"U1": D(1), "U2": D(1)}


def test_equal_basis_ignores_missing_values():
	assert key_weights([{"unit": "a", "tantiemes": None}], "Equal") == {"a": D(1)}


def test_missing_value_for_the_basis_names_the_unit():
	with pytest.raises(ValidationError) as info:
		key_weights([{"unit": "A-1", "tantiemes": 10}, {"unit": "A-2", "surface": 40}], "Tantiemes")
	assert str(info.value) == "Unit A-2 has no tantiemes: cannot allocate by tantiemes"


@pytest.mark.parametrize("value", [0, -5, "0", 0.0])
def test_zero_or_negative_weight_is_refused(value):
	with pytest.raises(ValidationError, match="strictly positive"):
		key_weights([{"unit": "A-1", "weight": value}], "Custom")


def test_duplicate_unit_is_refused():
	with pytest.raises(ValidationError, match="appears twice"):
		key_weights([{"unit": "A-1"}, {"unit": "A-1"}], "Equal")


def test_empty_key_is_refused():
	with pytest.raises(ValidationError, match="empty"):
		key_weights([], "Equal")


def test_row_without_unit_is_refused():
	with pytest.raises(ValidationError):
		key_weights([{"tantiemes": 3}], "Tantiemes")


def test_gap_under_ok_over():
	assert tantiemes_gap(1000, {"a": 400, "b": 500}) == {
		"declared": D(1000),
		"allocated": D(900),
		"gap": D(100),
		"status": "under",
		"units": 2,
	}
	assert tantiemes_gap(10000, [5000, 5000])["status"] == "ok"
	over = tantiemes_gap(1000, [600, 500.5])
	assert (over["status"], over["gap"]) == ("over", D("-100.5"))


def test_gap_skips_units_without_tantiemes():
	assert tantiemes_gap(1000, [None, "", 250])["allocated"] == D(250)
	assert tantiemes_gap(1000, [None, "", 250])["units"] == 1


@pytest.mark.parametrize("declared", [0, -1000])
def test_gap_needs_a_positive_declared_total(declared):
	with pytest.raises(ValidationError):
		tantiemes_gap(declared, [])


def test_unit_save_within_total_returns_the_new_gap():
	report = validate_unit_tantiemes(1000, [400, 500], 100, unit="C-3")
	assert (report["status"], report["gap"], report["units"]) == ("ok", D(0), 3)


def test_unit_save_over_total_is_refused_with_the_excess():
	with pytest.raises(ValidationError) as info:
		validate_unit_tantiemes(1000, {"A": 400, "B": 500}, 101.5, unit="C-3")
	assert info.value.params["excess"] == D("1.5")
	assert str(info.value) == (
		"The tantiemes of unit C-3 (101.5) bring the units' total to 1001.5, "
		"above the residence's declared total (1000): excess of 1.5"
	)


@pytest.mark.parametrize("value", [0, -1])
def test_unit_save_with_non_positive_tantiemes_is_refused(value):
	with pytest.raises(ValidationError):
		validate_unit_tantiemes(1000, [], value, unit="X")


@settings(max_examples=100)
@given(
	declared=st.integers(min_value=1, max_value=10**5),
	others=st.lists(st.integers(min_value=1, max_value=2000), max_size=30),
	value=st.integers(min_value=1, max_value=2000),
)
def test_unit_save_refuses_exactly_when_the_sum_exceeds_the_total(declared, others, value):
	over = sum(others) + value > declared
	try:
		report = validate_unit_tantiemes(declared, others, value)
	except ValidationError:
		assert over
	else:
		assert not over
		assert report["gap"] == declared - sum(others) - value

"""core.allocation: exact splits to the cent (largest remainder) and quote-parts from surfaces."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from syndic_maroc.core.allocation import (
	quote_parts_from_surfaces,
	split_amount,
	split_by_categories,
	to_decimal,
)
from syndic_maroc.core.errors import ValidationError

D = Decimal


def exact_sum(values):
	"""Sum without Decimal's 28-digit context rounding."""
	return sum((Fraction(v) for v in values), Fraction(0))


# --- concrete cases ------------------------------------------------------------------------


def test_three_equal_shares_give_the_extra_cent_to_the_first_key_in_sorted_order():
	assert split_amount("100", {"B": 1, "A": 1, "C": 1}) == {
		"B": D("33.33"),
		"A": D("33.34"),
		"C": D("33.33"),
	}


def test_output_keeps_the_callers_key_order():
	assert list(split_amount(10, {"z": 1, "a": 2, "m": 3})) == ["z", "a", "m"]


def test_tie_goes_to_the_larger_weight_before_the_key_order():
	# 0.05 over 2:3 → exact 0.02 and 0.03: no remainder. 0.01 over 1:1:2 → 0.0025, 0.0025, 0.005:
	# remainders 0.25, 0.25, 0.5 → the cent goes to the largest remainder (weight 2).
	assert split_amount("0.01", {"a": 1, "b": 1, "c": 2}) == {"a": D("0.00"), "b": D("0.00"), "c": D("0.01")}
	# 0.03 over 1:2:3 → exact 0.005, 0.01, 0.015: remainders 0.5, 0, 0.5 → equal remainders,
	# so the larger weight (c) wins the single cent left over.
	assert split_amount("0.03", {"a": 1, "b": 2, "c": 3}) == {"a": D("0.00"), "b": D("0.01"), "c": D("0.02")}


def test_tantiemes_split_of_a_quarterly_call():
	# A 10,000-tantième résidence, quarterly call of 45,000.00 DH on three lots.
	parts = split_amount("45000.00", {"A-1": 125, "A-2": 98, "P-7": 12})
	assert parts == {"A-1": D("23936.17"), "A-2": D("18765.96"), "P-7": D("2297.87")}
	assert sum(parts.values()) == D("45000.00")


def test_negative_total_is_the_mirror_of_the_positive_one():
	weights = {"a": 1, "b": 1, "c": 1}
	assert split_amount("-100", weights) == {"a": D("-33.34"), "b": D("-33.33"), "c": D("-33.33")}


def test_zero_total_gives_zero_parts_without_negative_zero():
	parts = split_amount("0", {"a": 1, "b": 3})
	assert parts == {"a": D("0.00"), "b": D("0.00")}
	assert all(str(v) == "0.00" for v in parts.values())


def test_results_carry_exactly_the_requested_decimals():
	assert [str(v) for v in split_amount(7, {"a": 1, "b": 2}).values()] == ["2.33", "4.67"]
	assert split_amount(7, {"a": 1, "b": 2}, cents=0) == {"a": D("2"), "b": D("5")}
	assert split_amount("1.000", {"a": 1, "b": 2}, cents=3) == {"a": D("0.333"), "b": D("0.667")}


def test_weights_may_be_decimals_floats_and_numeric_strings():
	assert split_amount("10", {"a": D("2.5"), "b": 2.5, "c": "5"}) == {
		"a": D("2.50"),
		"b": D("2.50"),
		"c": D("5.00"),
	}


def test_float_total_is_read_through_its_repr():
	assert split_amount(0.1, {"a": 1, "b": 1}) == {"a": D("0.05"), "b": D("0.05")}


def test_huge_amount_stays_exact_beyond_decimal_precision():
	total = D("123456789012345678901234567890123.45")
	parts = split_amount(total, {"a": 1, "b": 2, "c": 3})
	assert exact_sum(parts.values()) == total
	assert parts["a"] == D("20576131502057613150205761315020.57")


@pytest.mark.parametrize(
	"weights",
	[{}, {"a": 0}, {"a": 1, "b": -2}, {"a": "NaN"}, {"a": "Infinity"}, {"a": "abc"}, {"a": True}],
)
def test_invalid_weights_are_rejected(weights):
	with pytest.raises(ValidationError):
		split_amount(100, weights)


def test_zero_weight_message_names_the_unit():
	with pytest.raises(ValidationError) as info:
		split_amount(100, {"A-1": 1, "A-2": 0})
	assert info.value.params == {"unit": "A-2", "value": 0}
	assert str(info.value) == "The weight of unit A-2 must be strictly positive (received: 0)"


def test_total_with_more_decimals_than_cents_is_rejected():
	with pytest.raises(ValidationError, match="more than 2 decimals"):
		split_amount("10.005", {"a": 1})


@pytest.mark.parametrize("cents", [-1, 1.5, True])
def test_invalid_cents(cents):
	with pytest.raises(ValidationError):
		split_amount(1, {"a": 1}, cents=cents)


def test_to_decimal():
	assert to_decimal(0.1) == D("0.1")
	assert to_decimal(" 12,5 ") == D("12.5")
	assert to_decimal(7) == D(7)
	with pytest.raises(ValidationError):
		to_decimal(None)


def test_split_by_categories_splits_each_category_exactly():
	result = split_by_categories({"Eau": "100.00", "Ascenseur": "50.01"}, {"a": 1, "b": 1, "c": 1})
	assert result == {
		"a": {"Eau": D("33.34"), "Ascenseur": D("16.67")},
		"b": {"Eau": D("33.33"), "Ascenseur": D("16.67")},
		"c": {"Eau": D("33.33"), "Ascenseur": D("16.67")},
	}
	assert sum(r["Ascenseur"] for r in result.values()) == D("50.01")


def test_split_by_categories_with_no_lines_keeps_every_key():
	assert split_by_categories({}, {"a": 1, "b": 1}) == {"a": {}, "b": {}}


def test_quote_parts_from_surfaces_model_reglement_table():
	# Décret 2.17.354 art. 5: surface × n / total surface, n = 1,000.
	surfaces = {"A1": 85.5, "A2": 120, "P1": 12}
	assert quote_parts_from_surfaces(surfaces, 1000) == {"A1": 393, "A2": 552, "P1": 55}
	assert quote_parts_from_surfaces(surfaces, 10000) == {"A1": 3931, "A2": 5517, "P1": 552}


def test_quote_parts_default_base_is_1000():
	assert sum(quote_parts_from_surfaces({"a": 1, "b": 1, "c": 1}).values()) == 1000


def test_quote_part_rounding_to_zero_is_refused():
	with pytest.raises(ValidationError, match="0 tantiemes"):
		quote_parts_from_surfaces({"big": 100000, "tiny": 1}, 1000)
	# Base 10,000 is fine enough: 1/100001 × 10,000 = 0.09999 … still 0 → refused as well.
	with pytest.raises(ValidationError):
		quote_parts_from_surfaces({"big": 100000, "tiny": 1}, 10000)
	assert quote_parts_from_surfaces({"big": 1000, "tiny": 1}, 10000) == {"big": 9990, "tiny": 10}


@pytest.mark.parametrize("base", [0, -1000, 10.5])
def test_quote_parts_invalid_base(base):
	with pytest.raises(ValidationError):
		quote_parts_from_surfaces({"a": 10}, base)


def test_quote_parts_rejects_non_positive_surface():
	with pytest.raises(ValidationError, match="The surface of unit b"):
		quote_parts_from_surfaces({"a": 10, "b": 0})


# --- properties ----------------------------------------------------------------------------

cents_amounts = st.integers(min_value=-(10**15), max_value=10**15).map(lambda c: D(c).scaleb(-2))
huge_amounts = st.integers(min_value=-(10**40), max_value=10**40).map(lambda c: D(c).scaleb(-2))
weight_values = st.one_of(
	st.integers(min_value=1, max_value=10**6),
	st.decimals(min_value=D("0.0001"), max_value=D("100000"), places=4),
	st.integers(min_value=1, max_value=10**30),
)
weight_maps = st.dictionaries(st.text(min_size=1, max_size=6), weight_values, min_size=1, max_size=40)


def _exact_share(total, weights, key):
	return Fraction(total) * Fraction(weights[key]) / sum(Fraction(w) for w in weights.values())


@settings(max_examples=300)
@given(total=st.one_of(cents_amounts, huge_amounts), weights=weight_maps)
@example(total=D("0.01"), weights={"a": 1, "b": 10**30})
@example(total=D("99999999999999.99"), weights={"a": D("0.0001"), "b": D("0.0001"), "c": D("0.0002")})
def test_parts_sum_exactly_and_stay_within_one_cent_of_the_exact_share(total, weights):
	parts = split_amount(total, weights)
	assert list(parts) == list(weights)
	assert exact_sum(parts.values()) == total
	for key, part in parts.items():
		assert part.as_tuple().exponent == -2
		assert abs(Fraction(part) - _exact_share(total, weights, key)) < Fraction(1, 100)


@settings(max_examples=150)
@given(total=cents_amounts, weights=weight_maps, data=st.data())
def test_result_does_not_depend_on_insertion_order(total, weights, data):
	shuffled_keys = data.draw(st.permutations(list(weights)))
	shuffled = {key: weights[key] for key in shuffled_keys}
	assert split_amount(total, shuffled) == split_amount(total, weights)
	assert split_amount(total, weights) == split_amount(total, dict(weights))


@settings(max_examples=150)
@given(total=cents_amounts, weights=weight_maps)
def test_negating_the_total_negates_every_part(total, weights):
	assert split_amount(-total, weights) == {k: -v for k, v in split_amount(total, weights).items()}


@settings(max_examples=100)
@given(
	lines=st.dictionaries(st.sampled_from(["Eau", "Elec", "Ascenseur", "Gardiennage"]), cents_amounts),
	weights=weight_maps,
)
def test_every_category_column_sums_to_its_amount(lines, weights):
	result = split_by_categories(lines, weights)
	assert list(result) == list(weights)
	for category, amount in lines.items():
		assert exact_sum(result[key][category] for key in weights) == amount


@settings(max_examples=200)
@given(
	surfaces=st.dictionaries(
		st.text(min_size=1, max_size=5),
		st.decimals(min_value=D("5"), max_value=D("400"), places=2),
		min_size=1,
		max_size=60,
	),
	base=st.sampled_from([1000, 10000]),
)
def test_quote_parts_sum_to_the_base_and_follow_the_surfaces(surfaces, base):
	total = sum(surfaces.values())
	try:
		parts = quote_parts_from_surfaces(surfaces, base)
	except ValidationError:
		# Refused only when some lot's exact share is below one tantième.
		assert min(Fraction(s) * base / Fraction(total) for s in surfaces.values()) < 1
		return
	assert sum(parts.values()) == base
	assert all(isinstance(v, int) and v > 0 for v in parts.values())
	for key, part in parts.items():
		assert abs(part - Fraction(surfaces[key]) * base / Fraction(total)) < 1

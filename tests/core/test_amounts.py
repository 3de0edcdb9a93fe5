"""core.amounts: Moroccan amounts as printed on bills and statements (MOROCCO.md §2.3, §4)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from syndic_maroc.core.amounts import STYLES, format_amount, parse_amount
from syndic_maroc.core.errors import ValidationError

D = Decimal


@pytest.mark.parametrize(
	("text", "expected"),
	[
		# MOROCCO.md §2.3 observed forms
		("304.51", "304.51"),  # Lydec 2021, point decimals
		("320,16", "320.16"),  # Lydec 2024
		("217,02", "217.02"),  # SRM 2025
		("1 200,00", "1200.00"),  # bank statements
		("45 674,66", "45674.66"),
		("600 000,00", "600000.00"),
		("* 414,31 *", "414.31"),  # "Net à payer * 414,31 *"
		("*414,31*", "414.31"),
		# the brief's forms
		("1 200,50 DH", "1200.50"),
		("1.200,50 MAD", "1200.50"),
		("1200.5", "1200.5"),
		("1,200.50", "1200.50"),
		("12 345 678,90 Dhs", "12345678.90"),
		("12 345 678,90 DHS", "12345678.90"),
		("1200,50 درهم", "1200.50"),
		("1200,50 دراهم", "1200.50"),
		("1 200,50 د.م.", "1200.50"),
		("MAD 1 200,00", "1200.00"),
		("414,31DH", "414.31"),
		("75 dirhams", "75"),
		# odd spaces
		("1\u00a0200,50", "1200.50"),
		("1\u202f200,50", "1200.50"),
		("1\u2009200,50", "1200.50"),
		("\u200e1 200,50\u200f", "1200.50"),
		# Arabic-Indic digits and separators
		("١٢٠٠٫٥٠", "1200.50"),
		("١٬٢٠٠٫٥٠ درهم", "1200.50"),
		# signs
		("-1 200,00", "-1200.00"),
		("\u22121 200,00", "-1200.00"),
		("- 1 200,00", "-1200.00"),
		("1 200,00-", "-1200.00"),
		("1 200,00 DH -", "-1200.00"),
		("(1 200,00)", "-1200.00"),
		("+12,5", "12.5"),
		("-0,00", "0.00"),
		("1 200,-", "1200"),
		# ambiguity rules
		("1.200", "1200"),  # single separator + 3 digits + short integer part = thousands
		("1,200", "1200"),
		("999.999", "999999"),
		("0,125", "0.125"),  # integer part 0: decimals
		(",50", "0.50"),
		("1234.567", "1234.567"),  # 4-digit integer part cannot be grouped: decimals
		("1,2345", "1.2345"),  # unit price with 4 decimals
		("1 200.500", "1200.500"),  # spaces already group: the point is decimal
		("1.200.000", "1200000"),  # repeated separator = thousands
		("1,200,000", "1200000"),
		("1 200 000", "1200000"),
		("1.200.000,5", "1200000.5"),
		("1 200.000,00", "1200000.00"),
		("12", "12"),
		("0", "0"),
		("1200,", "1200"),
	],
)
def test_parse_amount(text, expected):
	value = parse_amount(text)
	assert value == D(expected)
	assert str(value) == expected


def test_decimals_are_kept_as_written():
	assert str(parse_amount("1 200,50")) == "1200.50"
	assert str(parse_amount("1200.5")) == "1200.5"


@pytest.mark.parametrize(
	("text", "decimal", "expected"),
	[
		("1,200", ",", "1.200"),
		("1.200", ".", "1.200"),
		("1.200,5", ",", "1200.5"),
		("1 234,567", ",", "1234.567"),
		("3.125", ".", "3.125"),
	],
)
def test_forced_decimal_mark_resolves_the_ambiguity(text, decimal, expected):
	assert parse_amount(text, decimal=decimal) == D(expected)


def test_forced_decimal_mark_contradicted_by_the_text():
	with pytest.raises(ValidationError):
		parse_amount("1,200.50", decimal=",")
	with pytest.raises(ValidationError):
		parse_amount("1", decimal=";")


@pytest.mark.parametrize(
	"text",
	[
		"",
		"   ",
		"DH",
		"abc",
		"12 34",  # malformed grouping
		"2024 1 200,00",  # two columns glued together
		"414,31 320,16",  # two amounts
		"1,200,50",
		"1.200,300.00",
		"1..2",
		"--5",
		"+5-",
		"(-5)",
		"(5",
		"-",
		"5 EUR",  # not a Moroccan currency: refuse rather than guess
		"1 200,00 TTC",
		"12a",
	],
)
def test_unreadable_amounts_raise(text):
	with pytest.raises(ValidationError):
		parse_amount(text)


def test_error_message_is_a_french_template():
	with pytest.raises(ValidationError) as info:
		parse_amount("12a")
	assert info.value.message == 'Unreadable amount: "{value}"'
	assert str(info.value) == 'Unreadable amount: "12a"'


def test_numbers_pass_through():
	assert parse_amount(D("12.30")) == D("12.30")
	assert parse_amount(7) == D(7)
	assert parse_amount(0.1) == D("0.1")


@pytest.mark.parametrize(
	("style", "expected"),
	[("fr", "1 234 567,90"), ("fr-dot", "1.234.567,90"), ("en", "1,234,567.90"), ("plain", "1234567.90")],
)
def test_format_amount_styles(style, expected):
	assert format_amount(D("1234567.895"), style) == expected  # half-up rounding


def test_format_amount_details():
	assert format_amount(D("-1200.5")) == "-1 200,50"
	assert format_amount("-0.001") == "0,00"
	assert format_amount(0) == "0,00"
	assert format_amount(999) == "999,00"
	assert format_amount(1000) == "1 000,00"
	assert format_amount(D("1234.5"), decimals=0) == "1 235"
	assert format_amount(304.51, "plain") == "304.51"
	assert format_amount(D("10") ** 40, "fr") == "10 " + " ".join(["000"] * 13) + ",00"
	with pytest.raises(ValidationError):
		format_amount(1, "de")


amounts_2 = st.integers(min_value=-(10**14), max_value=10**14).map(lambda c: D(c).scaleb(-2))
amounts_0 = st.integers(min_value=-(10**14), max_value=10**14).map(D)


@settings(max_examples=300)
@given(value=amounts_2, style=st.sampled_from(sorted(STYLES)))
def test_parse_reads_back_what_format_writes(value, style):
	assert parse_amount(format_amount(value, style)) == value


@settings(max_examples=200)
@given(value=amounts_0, style=st.sampled_from(sorted(STYLES)))
def test_round_trip_without_decimals(value, style):
	assert parse_amount(format_amount(value, style, decimals=0)) == value


@settings(max_examples=200)
@given(value=amounts_2, currency=st.sampled_from(["", " DH", " Dhs", " MAD", " درهم"]), stars=st.booleans())
def test_round_trip_with_currency_and_asterisks(value, currency, stars):
	text = format_amount(value).replace(" ", "\u202f") + currency
	if stars:
		text = f"* {text} *"
	assert parse_amount(text) == value


def test_huge_amounts_are_exact():
	digits = "123456789" * 5
	assert parse_amount(f"-{digits},99") == D(f"-{digits}.99")
	assert parse_amount(format_amount(D(f"{digits}.99"))) == D(f"{digits}.99")

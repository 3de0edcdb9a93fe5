"""The figure check: every number of an answer must be one a tool returned."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.amounts import format_amount
from syndic_maroc.core.assistant.figures import check, figures_in

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)


@given(amounts)
def test_formatted_amounts_round_trip_through_the_check(value):
	for style in ("fr", "fr-dot"):
		text = f"Vous devez {format_amount(value, style)} DH au 15/03/2026."
		assert check(text, [value, date(2026, 3, 15)]).ok


@given(amounts)
def test_one_cent_off_is_a_foreign_figure(value):
	text = f"Le solde est de {format_amount(value)} DH."
	result = check(text, [value + Decimal("0.01")])
	assert not result.ok and result.foreign == (format_amount(value),)


@given(amounts)
def test_arabic_answers_are_checked_too(value):
	assert check(f"رصيدك هو {format_amount(value)} درهم.", [value]).ok
	assert not check(f"رصيدك هو {format_amount(value + 1)} درهم.", [value]).ok


def test_dates_counts_and_references():
	allowed = [Decimal(1250), 3, date(2026, 3, 15), "B-12", "2e trimestre 2026"]
	assert check(
		"Le lot B-12 doit 1 250,00 DH (3 appels, échéance 15/03/2026), 2e trimestre 2026.",
		allowed,
	).ok
	assert not check("Le lot B-12 doit 1 250,00 DH depuis le 16/03/2026.", allowed).ok
	assert not check("Le lot B-12 doit 1 250,00 DH sur 4 appels.", allowed).ok
	# a reference no tool gave is foreign as a whole
	assert check("Le lot C-99 doit 1 250,00 DH.", allowed).foreign == ("C-99",)


def test_dates_written_in_words_and_iso():
	allowed = [date(2026, 3, 15)]
	assert check("le 15 mars 2026", allowed).ok
	assert check("2026-03-15", allowed).ok
	assert not check("le 15 avril 2026", allowed).ok


def test_percentages_rounded_to_one_decimal_are_allowed():
	assert check("taux de recouvrement 72,9 %", [Decimal("72.94")]).ok
	assert not check("taux de recouvrement 75 %", [Decimal("72.94")]).ok


def test_arabic_indic_digits_are_read():
	assert check("المبلغ ١٢٥٠ درهم", [Decimal(1250)]).ok
	assert not check("المبلغ ١٣٠٠ درهم", [Decimal(1250)]).ok


def test_an_answer_without_figures_passes():
	assert check("Le compte est à jour.", []).ok


def test_numbers_in_labels_are_allowed():
	assert check("Relevé T2 2026", ["T2 2026"]).ok
	found = [f.value for f in figures_in("1.250,50 DH et 2 lots")]
	assert Decimal("1250.50") in found and Decimal(2) in found

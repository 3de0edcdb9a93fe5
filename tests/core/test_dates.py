"""core.dates: dates on Moroccan bills, statements and legal texts (MOROCCO.md §2.3, §2.5)."""

from datetime import date, datetime

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from syndic_maroc.core.dates import MONTHS, find_dates, parse_date
from syndic_maroc.core.errors import ValidationError
from syndic_maroc.core.text import fold

JAN_15 = date(2026, 1, 15)


@pytest.mark.parametrize(
	("text", "expected"),
	[
		("15/01/2026", JAN_15),
		("15-01-2026", JAN_15),
		("15.01.2026", JAN_15),
		("15 01 2026", JAN_15),  # Attijariwafa statements
		("5/1/2026", date(2026, 1, 5)),
		("15/01/26", JAN_15),
		("15/01/99", date(1999, 1, 15)),
		("01/01/69", date(2069, 1, 1)),
		("01/01/70", date(1970, 1, 1)),
		("2026-01-15", JAN_15),
		("2026/01/15", JAN_15),
		("02/02/2024", date(2024, 2, 2)),  # Lydec "Date 02/02/2024"
		("02/05/2025.", date(2025, 5, 2)),
		(" 02/05/2025 : ", date(2025, 5, 2)),
		# French month names
		("15 janvier 2026", JAN_15),
		("15 JANVIER 2026", JAN_15),
		("15 Janv. 2026", JAN_15),
		("15 janv 2026", JAN_15),
		("15-JAN-2026", JAN_15),
		("1er février 2026", date(2026, 2, 1)),
		("1er fevrier 2026", date(2026, 2, 1)),
		("1ᵉʳ février 2026", date(2026, 2, 1)),
		("3 octobre 2002", date(2002, 10, 3)),
		("14 août 2025", date(2025, 8, 14)),
		("14 aout 2025", date(2025, 8, 14)),
		("5 sept. 2025", date(2025, 9, 5)),
		("31 déc. 2025", date(2025, 12, 31)),
		("lundi 15 décembre 2025", date(2025, 12, 15)),
		("le 7 mai 2024", date(2024, 5, 7)),
		("15 janvier, 2026", JAN_15),
		("7 Nov 2002", date(2002, 11, 7)),
		# Arabic: Moroccan names
		("15 يناير 2026", JAN_15),
		("7 ماي 2024", date(2024, 5, 7)),
		("1 أبريل 2024", date(2024, 4, 1)),
		("1 ابريل 2024", date(2024, 4, 1)),
		("4 يوليوز 2024", date(2024, 7, 4)),
		("22 غشت 2024", date(2024, 8, 22)),  # Adala: "صيغة محينة بتاريخ 22 غشت 2024"
		("9 شتنبر 2024", date(2024, 9, 9)),
		("30 نونبر 2024", date(2024, 11, 30)),
		("31 دجنبر 2024", date(2024, 12, 31)),
		# Arabic: Egyptian/Gulf, Levantine, Algerian/Tunisian names
		("7 مايو 2024", date(2024, 5, 7)),
		("22 أغسطس 2024", date(2024, 8, 22)),
		("9 سبتمبر 2024", date(2024, 9, 9)),
		("31 ديسمبر 2024", date(2024, 12, 31)),
		("5 كانون الثاني 2026", date(2026, 1, 5)),
		("5 كانون الأول 2026", date(2026, 12, 5)),
		("5 تشرين الأول 2026", date(2026, 10, 5)),
		("5 تشرين األول 2026", date(2026, 10, 5)),  # broken lam-alef from pdftotext
		("5 آذار 2026", date(2026, 3, 5)),
		("5 شباط 2026", date(2026, 2, 5)),
		("5 جانفي 2026", date(2026, 1, 5)),
		("5 جويلية 2026", date(2026, 7, 5)),
		# presentation forms and Arabic-Indic digits (NFKC)
		("١٥ ﻳﻨﺎﻳﺮ ٢٠٢٦", JAN_15),
		("15 يـنـايـر 2026", JAN_15),  # tatweel
		("2026 يناير 15", JAN_15),  # right-to-left text in visual order
	],
)
def test_parse_date(text, expected):
	assert parse_date(text) == expected


def test_day_and_month_without_year_take_the_default_year():
	# CIH statements: "dd/mm", the year comes from "SOLDE DEPART AU : dd/mm/yyyy".
	assert parse_date("06/05", default_year=2025) == date(2025, 5, 6)
	assert parse_date("15 janvier", default_year=2026) == JAN_15
	assert parse_date("15/01/2024", default_year=2026) == date(2024, 1, 15)  # a written year wins


def test_missing_year_without_default_raises():
	with pytest.raises(ValidationError, match="The year is missing"):
		parse_date("06/05")


@pytest.mark.parametrize(
	("text", "message"),
	[
		("31/02/2026", 'Invalid date: "31/02/2026"'),
		("13/13/2026", 'Invalid date: "13/13/2026"'),
		("29/02/2025", 'Invalid date: "29/02/2025"'),
		("00/01/2026", 'Invalid date: "00/01/2026"'),
		("", "Empty date"),
		("abc", 'Unreadable date: "abc"'),
		("15 rejeb 1423", 'Unreadable date: "15 rejeb 1423"'),  # Hijri month
		("15/01-2026", 'Unreadable date: "15/01-2026"'),  # mixed separators
		("SOLDE 02/05/2025", 'Unreadable date: "SOLDE 02/05/2025"'),  # parse_date wants a date only
		("janvier 2026", 'Unreadable date: "janvier 2026"'),
		("15 01", 'Unreadable date: "15 01"'),  # yearless needs "/"
		("P 202403", 'Unreadable date: "P 202403"'),
		("25/07/1423", 'Year out of range in the date "25/07/1423" (expected: 1900–2100)'),
	],
)
def test_invalid_dates_raise_clear_messages(text, message):
	with pytest.raises(ValidationError) as info:
		parse_date(text)
	assert str(info.value) == message


def test_leap_day():
	assert parse_date("29/02/2024") == date(2024, 2, 29)


def test_date_objects_pass_through():
	assert parse_date(JAN_15) == JAN_15
	assert parse_date(datetime(2026, 1, 15, 10, 30)) == JAN_15


def test_find_dates_in_a_statement_header():
	assert find_dates("SOLDE DEPART AU : 02/05/2025") == [date(2025, 5, 2)]
	assert find_dates("SOLDE DEPART AU 02 05 2025 45 674,66 CREDITEUR") == [date(2025, 5, 2)]


def test_find_dates_in_a_lydec_bill():
	text = (
		"Facture Electricité N° 1536962968 HK Date 02/02/2024 P 202403 "
		"Période de consommation Electricité du 05/01/2024 au 05/02/2024 "
		"Net à payer * 414,31 * Date limite de paiement 20/02/2024"
	)
	assert find_dates(text) == [date(2024, 2, 2), date(2024, 1, 5), date(2024, 2, 5), date(2024, 2, 20)]


def test_find_dates_skips_amounts_hijri_dates_and_references():
	text = "Dahir 1-02-298 du 25 rejeb 1423 (3 octobre 2002) ; BO n° 5054 ; 304.51 ; 1.200,50 ; 12.05 DH"
	assert find_dates(text) == [date(2002, 10, 3)]


def test_find_dates_with_default_year_for_cih_lines():
	text = "06/05 VIREMENT RECU DE X 07/05 1 200,00"
	assert find_dates(text) == []
	assert find_dates(text, default_year=2025) == [date(2025, 5, 6), date(2025, 5, 7)]


def test_find_dates_skips_impossible_dates():
	assert find_dates("du 31/02/2024 au 01/03/2024") == [date(2024, 3, 1)]


def test_every_month_name_maps_to_a_month():
	assert set(MONTHS.values()) == set(range(1, 13))
	assert all(fold(name) == name for name in MONTHS)


FR_MONTHS = [
	"janvier",
	"février",
	"mars",
	"avril",
	"mai",
	"juin",
	"juillet",
	"août",
	"septembre",
	"octobre",
	"novembre",
	"décembre",
]
MA_MONTHS = [
	"يناير",
	"فبراير",
	"مارس",
	"أبريل",
	"ماي",
	"يونيو",
	"يوليوز",
	"غشت",
	"شتنبر",
	"أكتوبر",
	"نونبر",
	"دجنبر",
]
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@settings(max_examples=200)
@given(day=days, form=st.sampled_from(["slash", "dash", "dot", "space", "iso", "fr", "ar", "yy"]))
def test_written_dates_read_back(day, form):
	text = {
		"slash": f"{day:%d/%m/%Y}",
		"dash": f"{day:%d-%m-%Y}",
		"dot": f"{day:%d.%m.%Y}",
		"space": f"{day:%d %m %Y}",
		"iso": day.isoformat(),
		"fr": f"{day.day} {FR_MONTHS[day.month - 1]} {day.year}",
		"ar": f"{day.day} {MA_MONTHS[day.month - 1]} {day.year}",
		"yy": f"{day:%d/%m/%y}",
	}[form]
	expected = day
	if form == "yy":
		short = day.year % 100
		try:
			expected = day.replace(year=(2000 if short < 70 else 1900) + short)
		except ValueError:
			assume(False)  # 29/02 of a year whose pivoted twin is not a leap year
	assert parse_date(text) == expected
	assert find_dates(f"le {text} ;") == [expected]

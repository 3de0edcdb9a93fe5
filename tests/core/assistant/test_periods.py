"""Periods in questions (calendar fiscal year: décret 2.23.700 annex 1 art. 3)."""

from datetime import date

import pytest
from syndic_maroc.core.assistant.periods import MONTH, QUARTER, SEMESTER, YEAR, resolve

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
	"text,kind,start,end",
	[
		("dépenses en 2025", YEAR, date(2025, 1, 1), date(2025, 12, 31)),
		("mon appel du 2e trimestre", QUARTER, date(2026, 4, 1), date(2026, 6, 30)),
		("le deuxième trimestre 2025", QUARTER, date(2025, 4, 1), date(2025, 6, 30)),
		("T3", QUARTER, date(2026, 7, 1), date(2026, 9, 30)),
		("trimestre 4", QUARTER, date(2026, 10, 1), date(2026, 12, 31)),
		("الربع الثاني", QUARTER, date(2026, 4, 1), date(2026, 6, 30)),
		("ce mois", MONTH, date(2026, 12, 1), date(2026, 12, 31)),
		("le mois dernier", MONTH, date(2026, 11, 1), date(2026, 11, 30)),
		("الشهر الماضي", MONTH, date(2026, 11, 1), date(2026, 11, 30)),
		("en mars", MONTH, date(2026, 3, 1), date(2026, 3, 31)),
		("في شهر مارس 2025", MONTH, date(2025, 3, 1), date(2025, 3, 31)),
		("f chhar ماي", MONTH, date(2026, 5, 1), date(2026, 5, 31)),
		("l'année dernière", YEAR, date(2025, 1, 1), date(2025, 12, 31)),
		("العام الماضي", YEAR, date(2025, 1, 1), date(2025, 12, 31)),
		("l3am li fat", YEAR, date(2025, 1, 1), date(2025, 12, 31)),
		("cette année", YEAR, date(2026, 1, 1), date(2026, 12, 31)),
		("had l3am", YEAR, date(2026, 1, 1), date(2026, 12, 31)),
		("premier semestre 2025", SEMESTER, date(2025, 1, 1), date(2025, 6, 30)),
	],
)
def test_periods(text, kind, start, end):
	p = resolve(text, TODAY).period
	assert (p.kind, p.start, p.end) == (kind, start, end)


def test_last_month_in_january_is_december_of_last_year():
	p = resolve("le mois dernier", date(2026, 1, 15)).period
	assert (p.start, p.end) == (date(2025, 12, 1), date(2025, 12, 31))


def test_breakdown_by_quarter_keeps_the_year():
	request = resolve("dépenses d'ascenseur en 2026 par trimestre", TODAY)
	assert request.breakdown == "quarter" and request.period.kind == YEAR and request.period.year == 2026


def test_no_period():
	request = resolve("combien doit le lot B-12 ?", TODAY)
	assert request.period is None and not request.explicit


def test_short_month_forms_are_not_months():
	# "mar" could be anything ("Marrakech", "mardi"): only full names count
	assert resolve("lot mar 12", TODAY).period is None

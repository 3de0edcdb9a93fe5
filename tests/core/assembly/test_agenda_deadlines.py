"""Agenda, convener, officers and dates (arts 16, 16 ter, 16 quater, 16 quinquies, 16 sexies,
16 septies, 16 octies, 17, 18, 19, 23, 24, 30, 39, 59 duodecies)."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.assembly import deadlines as dl
from syndic_maroc.core.assembly.agenda import (
	CONVENER_ONE_OWNER,
	CONVENER_OWNERS,
	CONVENER_SYNDIC,
	check_convener,
	check_officers,
	check_resolution,
)
from syndic_maroc.core.assembly.legal_types import LEGAL_TYPES, RELATIVE
from syndic_maroc.core.errors import ValidationError

days = st.dates(date(2020, 1, 1), date(2040, 12, 31))


def test_off_agenda_only_in_urgency_art_16_octies():
	check_resolution("Maintenance and safety")
	with pytest.raises(ValidationError, match="16 octies"):
		check_resolution("Maintenance and safety", on_agenda=False)
	check_resolution("Maintenance and safety", on_agenda=False, urgent=True)


@pytest.mark.parametrize("name", [n for n, t in LEGAL_TYPES.items() if t.majority != RELATIVE])
def test_off_agenda_never_for_art_21_22_24_matters_art_16_octies(name):
	with pytest.raises(ValidationError, match="16 octies"):
		check_resolution(name, on_agenda=False, urgent=True, land_titles=5)
	check_resolution(name, on_agenda=False, urgent=True, land_titles=5, protected_off_agenda=True)


def test_forcing_a_change_of_lot_destination_refused_art_23():
	for name in LEGAL_TYPES:
		with pytest.raises(ValidationError, match=r"art\. 23"):
			check_resolution(name, forces_destination_change=True, land_titles=5)


def test_pre_emption_only_with_at_most_20_land_titles_art_39():
	check_resolution("Pre-emption right", land_titles=20)
	with pytest.raises(ValidationError, match="39"):
		check_resolution("Pre-emption right", land_titles=21)
	with pytest.raises(ValidationError):
		check_resolution("Pre-emption right")


def test_convener_rules_art_16_quater():
	check_convener(CONVENER_SYNDIC)
	check_convener(CONVENER_OWNERS, requesting_owners=20, members=60)
	with pytest.raises(ValidationError, match="one third"):
		check_convener(CONVENER_OWNERS, requesting_owners=19, members=60)
	check_convener(
		CONVENER_ONE_OWNER,
		formal_notice_on=date(2026, 3, 1),
		convened_on=date(2026, 3, 9),
	)
	with pytest.raises(ValidationError, match="8 days"):
		check_convener(
			CONVENER_ONE_OWNER,
			formal_notice_on=date(2026, 3, 1),
			convened_on=date(2026, 3, 8),
		)


def test_syndic_never_chairs_may_be_secretary_art_17():
	check_officers("owner-1", "syndic", {"syndic", "deputy"})
	with pytest.raises(ValidationError, match=r"art\. 17"):
		check_officers("deputy", "owner-1", {"syndic", "deputy"})


@given(days, st.integers(0, 40))
def test_convocation_at_least_15_days_before_art_16_quinquies(notice, gap):
	meeting = notice + timedelta(days=gap)
	if gap >= 15:
		dl.check_convocation(notice, meeting)
	else:
		with pytest.raises(ValidationError, match="15 days"):
			dl.check_convocation(notice, meeting)
	assert dl.earliest_first_meeting(notice) == notice + timedelta(days=15)


def test_owner_items_up_to_24_hours_before_art_16_sexies():
	meeting = datetime(2026, 3, 20, 18, 0)
	assert dl.owner_item_accepted(datetime(2026, 3, 19, 18, 0), meeting)
	assert not dl.owner_item_accepted(datetime(2026, 3, 19, 18, 1), meeting)


def test_documents_15_days_and_contracts_3_days_before_art_16_septies_16_quinquies():
	meeting = date(2026, 3, 20)
	assert dl.documents_on_time(date(2026, 3, 5), meeting)
	assert not dl.documents_on_time(date(2026, 3, 6), meeting)
	assert dl.documents_on_time(date(2026, 3, 17), meeting, contracts=True)
	assert not dl.documents_on_time(date(2026, 3, 18), meeting, contracts=True)


@given(days, st.integers(-2, 40))
def test_second_meeting_within_30_days_art_18(first, gap):
	second = first + timedelta(days=gap)
	if 1 <= gap <= 30:
		dl.check_second_meeting(first, second)
	else:
		with pytest.raises(ValidationError):
			dl.check_second_meeting(first, second)


def test_pv_notified_within_8_days_art_30():
	held = date(2026, 3, 20)
	assert dl.pv_notification_due(held) == date(2026, 3, 28)
	assert not dl.pv_notification_overdue(held, date(2026, 3, 28))
	assert dl.pv_notification_overdue(held, date(2026, 3, 29))
	assert not dl.pv_notification_overdue(held, date(2026, 4, 30), notified_on=date(2026, 3, 27))


def test_challenge_window_two_months_art_59_duodecies():
	assert dl.challenge_deadline(date(2026, 3, 27)) == date(2026, 5, 27)
	assert dl.challenge_deadline(date(2025, 12, 31)) == date(2026, 2, 28)
	assert not dl.decisions_final(date(2026, 3, 27), date(2026, 5, 27))
	assert dl.decisions_final(date(2026, 3, 27), date(2026, 5, 28))
	assert not dl.decisions_final(None, date(2030, 1, 1))


@given(days, st.integers(-1, 12))
def test_add_months_property(day, months):
	result = dl.add_months(day, months)
	assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
	assert result.day <= day.day


def test_next_ordinary_ag_alert_30_days_escalate_6_months_art_16_ter_24():
	end = date(2025, 12, 31)
	assert dl.ordinary_ag_status(end, date(2025, 12, 31), False) == dl.OK
	assert dl.ordinary_ag_status(end, date(2026, 1, 30), False) == dl.DUE
	assert dl.ordinary_ag_status(end, date(2026, 1, 31), False) == dl.OVERDUE
	assert dl.ordinary_ag_status(end, date(2026, 6, 30), False) == dl.OVERDUE
	assert dl.ordinary_ag_status(end, date(2026, 7, 1), False) == dl.ESCALATED
	assert dl.ordinary_ag_status(end, date(2026, 7, 1), True) == dl.OK


def test_mandate_two_years_alert_60_days_before_art_19():
	m = dl.mandate(date(2026, 3, 20))
	assert m.end == date(2028, 3, 19)
	assert m.alert_on == date(2028, 1, 19)
	assert not dl.mandate_alert(m.end, date(2028, 1, 18))
	assert dl.mandate_alert(m.end, date(2028, 1, 19))

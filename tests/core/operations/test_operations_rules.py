"""Pure rules of Operations (core.operations): request transitions and SLA, order approval
levels, contract notice deadlines, the 5-year archive rule (décret 2.23.700)."""

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.operations import approval, archive, contracts, maintenance

statuses = st.sampled_from(maintenance.STATUSES)
urgencies = st.sampled_from(maintenance.URGENCIES)
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1))
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


def test_the_normal_path_of_a_request_is_allowed():
	path = ["New", "Acknowledged", "Assigned", "Scheduled", "Done", "Closed"]
	maintenance.check_transition(None, "New")
	for old, new in itertools.pairwise(path):
		maintenance.check_transition(old, new, supplier="S", scheduled_on=datetime(2026, 1, 1))


@given(statuses, statuses)
def test_a_final_request_never_moves_and_unknown_moves_are_refused(old, new):
	allowed = new == old or new in maintenance.TRANSITIONS[old]
	try:
		maintenance.check_transition(old, new, reason="r", supplier="S", scheduled_on=datetime(2026, 1, 1))
		moved = True
	except maintenance.TransitionError:
		moved = False
	assert moved == allowed
	if old in maintenance.FINAL and new != old:
		assert not moved


def test_rejection_needs_a_reason_and_assignment_a_supplier():
	with pytest.raises(maintenance.TransitionError):
		maintenance.check_transition("New", "Rejected", reason="  ")
	with pytest.raises(maintenance.TransitionError):
		maintenance.check_transition("Acknowledged", "Assigned")
	with pytest.raises(maintenance.TransitionError):
		maintenance.check_transition("Assigned", "Scheduled", supplier="S")
	with pytest.raises(maintenance.TransitionError):
		maintenance.check_transition(None, "Done")


@given(moments, urgencies, st.integers(min_value=0, max_value=2000))
def test_overdue_exactly_past_the_sla_while_open(reported, urgency, hours):
	now = reported + timedelta(hours=hours)
	late = hours > maintenance.SLA_HOURS[urgency]
	assert maintenance.is_overdue(reported, urgency, "Assigned", now) == late
	for status in ("Done", "Closed", "Rejected"):
		assert not maintenance.is_overdue(reported, urgency, status, now)


def test_sla_is_shorter_for_more_urgent_requests():
	hours = [maintenance.SLA_HOURS[u] for u in maintenance.URGENCIES]
	assert hours == sorted(hours)


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=50))
def test_median_splits_the_values(values):
	m = maintenance.median(values)
	assert sum(v < m for v in values) <= len(values) / 2
	assert sum(v > m for v in values) <= len(values) / 2


@given(
	st.decimals(min_value=0, max_value=10**7, places=2),
	st.decimals(min_value=1, max_value=10**5, places=2),
	st.decimals(min_value=1, max_value=10**6, places=2),
)
def test_approval_level_by_thresholds_art_21(amount, syndic, extra):
	assembly = syndic + extra
	level = approval.approval_level(amount, syndic, assembly)
	if amount <= syndic:
		assert level == approval.SYNDIC_ALONE
	elif amount <= assembly:
		assert level == approval.SECOND_APPROVER
	else:
		assert level == approval.ASSEMBLY


def test_approval_default_ceiling_is_5000():
	assert approval.approval_level(Decimal(5000)) == approval.SYNDIC_ALONE
	assert approval.approval_level(Decimal("5000.01")) == approval.SECOND_APPROVER


@given(days, st.integers(min_value=0, max_value=365), days)
def test_contract_alert_once_per_deadline_in_its_window(end, notice, today):
	deadline = contracts.notice_deadline(end, notice)
	got = contracts.should_alert(end, notice, True, today, None)
	in_window = deadline - timedelta(days=contracts.ALERT_DAYS) <= today <= deadline
	assert (got == deadline) == in_window and (got is None) == (not in_window)
	assert contracts.should_alert(end, notice, True, today, deadline) is None
	assert contracts.should_alert(end, notice, False, today, None) is None


@given(
	days,
	st.sampled_from(["Staff", "All co-owners", "One co-owner"]),
	st.sampled_from(["Plans", "Budget and accounts", "Other"]),
	days,
)
def test_archive_rule_five_years_decret_2_23_700(doc_date, visibility, category, today):
	refused = archive.refusal_date(doc_date, category, visibility, today)
	keep = visibility != "Staff" or category == "Budget and accounts"
	if not keep:
		assert refused is None
		return
	first = archive.deletable_from(doc_date)
	assert 365 * 5 <= (first - doc_date).days <= 365 * 5 + 2
	assert (refused == first) == (today < first)
	assert (refused is None) == (today >= first)


def test_archive_leap_day():
	assert archive.deletable_from(date(2024, 2, 29)) == date(2029, 2, 28)

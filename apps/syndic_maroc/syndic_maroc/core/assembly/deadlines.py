"""Dates of the general assembly.

Calendar days, as the law counts them; a notice on day D allows a meeting on D + 15.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from syndic_maroc.core.errors import ValidationError, _

CONVOCATION_DAYS = 15  # arts 16, 16 quinquies: at least 15 days before
DOCUMENTS_DAYS = 15  # art. 16 septies: documents available 15 days before
CONTRACTS_DAYS = 3  # art. 16 quinquies: contracts and supporting documents 3 days before
OWNER_ITEM_HOURS = 24  # art. 16 sexies: owner items at least 24 h before
SECOND_MEETING_DAYS = 30  # art. 18: second meeting within 30 days
PV_NOTIFICATION_DAYS = 8  # arts 16 nonies, 30: PV notified within 8 days
CHALLENGE_MONTHS = 2  # art. 59 duodecies: two months from notification
ORDINARY_AG_DAYS = 30  # art. 16 ter: within 30 days after year end
BUDGET_AG_MONTHS = 6  # art. 24: within six months (⚠ UNCLEAR: escalation)
MANDATE_YEARS = 2  # art. 19: syndic and deputy, 2 years renewable
MANDATE_ALERT_DAYS = 60


def _d(value: date | datetime) -> date:
	return value.date() if isinstance(value, datetime) else value


def add_months(day: date, months: int) -> date:
	"""Same day `months` later, clamped to the month's end (31 Dec + 2 months → 28/29 Feb)."""
	month0 = day.month - 1 + months
	year, month = day.year + month0 // 12, month0 % 12 + 1
	return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
	return add_months(day, 12 * years)


def latest_convocation(meeting: date | datetime) -> date:
	"""Last day a convocation may be notified for this meeting (arts 16, 16 quinquies)."""
	return _d(meeting) - timedelta(days=CONVOCATION_DAYS)


def check_convocation(notified_on: date | datetime, meeting: date | datetime) -> None:
	"""Art. 16 quinquies: the last notice at least 15 days before the meeting."""
	if _d(notified_on) > latest_convocation(meeting):
		raise ValidationError(
			_(
				"The meeting of {meeting} is less than 15 days after the last notice ({notified}): convocations must be notified at least 15 days before (art. 16 quinquies)"
			),
			meeting=_d(meeting).isoformat(),
			notified=_d(notified_on).isoformat(),
		)


def earliest_first_meeting(last_notice: date | datetime) -> date:
	return _d(last_notice) + timedelta(days=CONVOCATION_DAYS)


def check_second_meeting(first: date | datetime, second: date | datetime) -> None:
	"""Art. 18: the second meeting comes after the first and within the next 30 days."""
	if _d(second) <= _d(first) and not (
		isinstance(first, datetime) and isinstance(second, datetime) and second > first
	):
		raise ValidationError(_("The second meeting must come after the first"))
	if _d(second) > _d(first) + timedelta(days=SECOND_MEETING_DAYS):
		raise ValidationError(
			_("The second meeting must be held within 30 days of the first, by {date} (art. 18)"),
			date=(_d(first) + timedelta(days=SECOND_MEETING_DAYS)).isoformat(),
		)


def owner_item_accepted(submitted_at: datetime, meeting_at: datetime) -> bool:
	"""Art. 16 sexies: an owner's item sent at least 24 hours before the meeting."""
	return meeting_at - submitted_at >= timedelta(hours=OWNER_ITEM_HOURS)


def documents_on_time(
	published_on: date | datetime, meeting: date | datetime, *, contracts: bool = False
) -> bool:
	"""Art. 16 septies (documents, 15 days) and art. 16 quinquies (contracts, 3 days)."""
	days = CONTRACTS_DAYS if contracts else DOCUMENTS_DAYS
	return _d(published_on) <= _d(meeting) - timedelta(days=days)


def pv_notification_due(held_on: date | datetime) -> date:
	"""Arts 16 nonies and 30: the PV notified to every owner within 8 days of the decisions."""
	return _d(held_on) + timedelta(days=PV_NOTIFICATION_DAYS)


def pv_notification_overdue(held_on: date | datetime, today: date, notified_on: date | None = None) -> bool:
	due = pv_notification_due(held_on)
	return (notified_on or today) > due


def challenge_deadline(notified_on: date | datetime) -> date:
	"""Art. 59 duodecies: actions against decisions within two months of notification."""
	return add_months(_d(notified_on), CHALLENGE_MONTHS)


def decisions_final(notified_on: date | datetime | None, today: date) -> bool:
	"""Final once the challenge window has passed (the day after the deadline)."""
	return notified_on is not None and today > challenge_deadline(notified_on)


OK, DUE, OVERDUE, ESCALATED = _("OK"), _("Due"), _("Overdue"), _("Escalated")


def ordinary_ag_status(year_end: date, today: date, convened: bool) -> str:
	"""Art. 16 ter: an ordinary AG within 30 days after year end; art. 24: the budget AG within six
	months (MOROCCO.md ⚠ UNCLEAR: plan for 30 days, escalate after 6 months)."""
	if convened or today <= year_end:
		return OK
	if today <= year_end + timedelta(days=ORDINARY_AG_DAYS):
		return DUE
	if today <= add_months(year_end, BUDGET_AG_MONTHS):
		return OVERDUE
	return ESCALATED


@dataclass(frozen=True)
class Mandate:
	start: date
	end: date
	alert_on: date


def mandate(appointed_on: date | datetime) -> Mandate:
	"""Art. 19: syndic and deputy appointed for 2 years (renewable); alert 60 days before the end."""
	start = _d(appointed_on)
	end = add_years(start, MANDATE_YEARS) - timedelta(days=1)
	return Mandate(start, end, end - timedelta(days=MANDATE_ALERT_DAYS))


def mandate_alert(end: date, today: date) -> bool:
	return end - timedelta(days=MANDATE_ALERT_DAYS) <= today

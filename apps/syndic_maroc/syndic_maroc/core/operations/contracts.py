"""Supplier contracts: the last day to give notice before a tacit renewal, and when to warn."""

from datetime import date, timedelta

ALERT_DAYS = 30


def notice_deadline(end_date: date, notice_days: int) -> date:
	"""Notice must be received `notice_days` before the end date: the last day to send it."""
	return end_date - timedelta(days=max(int(notice_days or 0), 0))


def should_alert(
	end_date: date | None,
	notice_days: int,
	tacit_renewal: bool,
	today: date,
	alerted_for: date | None,
	alert_days: int = ALERT_DAYS,
) -> date | None:
	"""The deadline to alert about today, or None (once per deadline, from `alert_days` before it
	until the deadline itself)."""
	if not end_date or not tacit_renewal:
		return None
	deadline = notice_deadline(end_date, notice_days)
	if alerted_for == deadline:
		return None
	if deadline - timedelta(days=alert_days) <= today <= deadline:
		return deadline
	return None


def renewed_end(end_date: date, start_date: date) -> date:
	"""The new end of a tacitly renewed contract: one more term of the same length."""
	return end_date + (end_date - start_date) + timedelta(days=1)

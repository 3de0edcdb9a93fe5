"""Maintenance requests (demandes d'intervention): status transitions and SLA by urgency."""

from datetime import datetime, timedelta

NEW = "New"
ACKNOWLEDGED = "Acknowledged"
ASSIGNED = "Assigned"
SCHEDULED = "Scheduled"
DONE = "Done"
CLOSED = "Closed"
REJECTED = "Rejected"

STATUSES = (NEW, ACKNOWLEDGED, ASSIGNED, SCHEDULED, DONE, CLOSED, REJECTED)
# finished: no SLA runs any more, nothing moves it
FINAL = frozenset({CLOSED, REJECTED})
RESOLVED = frozenset({DONE, CLOSED})

# Forward one step, a step may be skipped when the syndic does it at once (a staff repair is
# "Done" without a supplier), back one step when a supplier withdraws; rejected from any open state.
TRANSITIONS: dict[str, frozenset[str]] = {
	NEW: frozenset({ACKNOWLEDGED, ASSIGNED, REJECTED}),
	ACKNOWLEDGED: frozenset({ASSIGNED, SCHEDULED, DONE, REJECTED}),
	ASSIGNED: frozenset({SCHEDULED, DONE, ACKNOWLEDGED, REJECTED}),
	SCHEDULED: frozenset({DONE, ASSIGNED, REJECTED}),
	DONE: frozenset({CLOSED, SCHEDULED}),
	CLOSED: frozenset(),
	REJECTED: frozenset(),
}

URGENCIES = ("Emergency", "High", "Normal", "Low")
# hours from filing to resolution (Done): a leak or a stuck lift is a day, a garden is a month
SLA_HOURS = {"Emergency": 24, "High": 72, "Normal": 240, "Low": 720}


# the Supplier's `service_category` (registry) a request's category calls for; None: any supplier
SUPPLIER_TRADES = ("Elevator", "Cleaning", "Security", "Gardening", "Electricity", "Plumbing")
_TRADE_OF_CATEGORY = {"Lift": "Elevator"}


def supplier_trade(category: str | None) -> str | None:
	trade = _TRADE_OF_CATEGORY.get(category or "", category)
	return trade if trade in SUPPLIER_TRADES else None


class TransitionError(ValueError):
	pass


def check_transition(
	old: str | None, new: str, *, reason: str | None = None, supplier: str | None = None, scheduled_on=None
) -> None:
	"""Raise TransitionError when `old` → `new` is not allowed or lacks what it needs."""
	if new not in STATUSES:
		raise TransitionError(f"unknown status {new!r}")
	if old is None:
		if new != NEW:
			raise TransitionError("a request starts as New")
		return
	if old == new:
		return
	if new not in TRANSITIONS.get(old, frozenset()):
		raise TransitionError(f"{old} → {new} is not allowed")
	if new == REJECTED and not (reason or "").strip():
		raise TransitionError("a rejection needs a reason")
	if new in (ASSIGNED, SCHEDULED) and not supplier:
		raise TransitionError(f"{new} needs a supplier")
	if new == SCHEDULED and not scheduled_on:
		raise TransitionError("Scheduled needs a date")


def sla_due(reported_at: datetime, urgency: str) -> datetime:
	return reported_at + timedelta(hours=SLA_HOURS.get(urgency, SLA_HOURS["Normal"]))


def is_overdue(reported_at: datetime, urgency: str, status: str, now: datetime) -> bool:
	"""Past its SLA and not resolved nor rejected."""
	if status in RESOLVED or status in FINAL:
		return False
	return now > sla_due(reported_at, urgency)


def median(values: list[float]) -> float | None:
	ordered = sorted(values)
	if not ordered:
		return None
	mid = len(ordered) // 2
	return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2

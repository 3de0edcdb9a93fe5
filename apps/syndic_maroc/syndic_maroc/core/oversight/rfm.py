"""Payer risk of a co-owner (recency, frequency, amount of his late payments).

A call for funds is *late* when part of it was paid after its due date, or when something is
still outstanding past the due date on the day of the score. Its late event is dated on the last
late payment (or on the score day while it is still open), and its late amount is what was paid
after the due date plus what is still overdue.

Over a window (12 months by default) the score combines:
- R, recency: days since the last late event (0 while a call is still overdue);
- F, frequency: number of late calls;
- M, amount: the late amount as a share of what was called in the window (scale-free, so a large
  flat and a studio compare on the same footing).

score = 100 * (0.35 r + 0.35 f + 0.30 m) with r = 1 / (1 + R / 90), f = F / (F + 2),
m = min(M, 1); 0 with no late call. Bounded in [0, 100], non-increasing in R, non-decreasing in
F and M, a pure function of its inputs.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

WINDOW_DAYS = 365
RECENCY_SCALE = 90
FREQUENCY_HALF = 2
WEIGHTS = (Decimal("0.35"), Decimal("0.35"), Decimal("0.30"))
LEVELS = ((Decimal(50), "High"), (Decimal(25), "Medium"), (Decimal(0), "Low"))


@dataclass(frozen=True)
class Call:
	"""One call for funds (Sales Invoice) of the co-owner."""

	name: str
	due_date: date
	amount: Decimal
	posting_date: date | None = None


@dataclass(frozen=True)
class Allocation:
	"""Part of a payment allocated to a call, on the date it was received."""

	call: str
	on: date
	amount: Decimal


@dataclass(frozen=True)
class LateCall:
	call: str
	due_date: date
	event_date: date
	late_amount: Decimal
	still_open: bool


@dataclass(frozen=True)
class Risk:
	score: Decimal
	level: str
	late_count: int
	last_late: date | None
	recency_days: int | None
	late_amount: Decimal
	called_amount: Decimal
	late_share: Decimal
	window_days: int
	late_calls: tuple[LateCall, ...] = field(default_factory=tuple)


def score(recency_days: int | None, frequency: int, share: Decimal) -> Decimal:
	"""The rule: bounded [0, 100], monotone in each of R (down), F (up) and M (up)."""
	if frequency <= 0:
		return Decimal(0)
	if recency_days is None or recency_days < 0:
		raise ValueError("recency must be a number of days >= 0 when there are late payments")
	share = min(max(Decimal(share), Decimal(0)), Decimal(1))
	r = Decimal(RECENCY_SCALE) / (Decimal(RECENCY_SCALE) + Decimal(recency_days))
	f = Decimal(frequency) / Decimal(frequency + FREQUENCY_HALF)
	wr, wf, wm = WEIGHTS
	value = Decimal(100) * (wr * r + wf * f + wm * share)
	return min(value, Decimal(100)).quantize(Decimal("0.1"))


def level(value: Decimal) -> str:
	for threshold, name in LEVELS:
		if value >= threshold and value > 0:
			return name
	return "None"


def late_calls(calls: list[Call], allocations: list[Allocation], as_of: date) -> list[LateCall]:
	"""Calls due by `as_of` paid (in part) after their due date or still overdue on `as_of`."""
	paid: dict[str, list[Allocation]] = {}
	for allocation in allocations:
		if allocation.on <= as_of:
			paid.setdefault(allocation.call, []).append(allocation)
	result = []
	for call in calls:
		if call.due_date >= as_of:
			continue
		received = paid.get(call.name, [])
		late = [a for a in received if a.on > call.due_date]
		outstanding = Decimal(call.amount) - sum((Decimal(a.amount) for a in received), Decimal(0))
		still_open = outstanding > Decimal("0.005")
		if not late and not still_open:
			continue
		late_amount = sum((Decimal(a.amount) for a in late), Decimal(0)) + max(outstanding, Decimal(0))
		event = as_of if still_open else max(a.on for a in late)
		result.append(LateCall(call.name, call.due_date, event, late_amount, still_open))
	return result


def assess(
	calls: list[Call], allocations: list[Allocation], as_of: date, window_days: int = WINDOW_DAYS
) -> Risk:
	"""The risk of one co-owner on `as_of` from his calls and the payments allocated to them."""
	if window_days <= 0:
		raise ValueError("the window must be at least one day")
	start = as_of - timedelta(days=window_days)
	in_window = [c for c in calls if start < c.due_date <= as_of]
	late = [lc for lc in late_calls(calls, allocations, as_of) if lc.event_date > start]
	called = sum((Decimal(c.amount) for c in in_window), Decimal(0))
	late_amount = sum((lc.late_amount for lc in late), Decimal(0))
	share = (late_amount / called) if called > 0 else (Decimal(1) if late_amount > 0 else Decimal(0))
	share = min(share, Decimal(1))
	last = max((lc.event_date for lc in late), default=None)
	recency = (as_of - last).days if last else None
	value = score(recency, len(late), share)
	return Risk(
		score=value,
		level=level(value),
		late_count=len(late),
		last_late=last,
		recency_days=recency,
		late_amount=late_amount.quantize(Decimal("0.01")),
		called_amount=called.quantize(Decimal("0.01")),
		late_share=share.quantize(Decimal("0.0001")),
		window_days=window_days,
		late_calls=tuple(sorted(late, key=lambda lc: lc.event_date)),
	)

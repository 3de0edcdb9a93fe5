"""Arrears (impayés) in ageing buckets as of a date, per unit or per co-owner.

Buckets count the days since the due date: 0-30, 31-60, 61-90, 90+; amounts not yet due are
kept apart ("not_due") so that arrears = the four buckets only.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ._common import ZERO, _, fail, money
from ._split import split
from .calls import natural_key

NOT_DUE = "not_due"
BUCKETS = ("0-30", "31-60", "61-90", "90+")
COLUMNS = (NOT_DUE, *BUCKETS)
_LIMITS = ((30, "0-30"), (60, "31-60"), (90, "61-90"))


@dataclass(frozen=True)
class Receivable:
	"""An open amount: an invoice, or one unit's part of an invoice."""

	invoice: str
	co_owner: str
	due_date: date
	outstanding: Decimal
	unit: str | None = None


@dataclass
class AgeingRow:
	key: str
	amounts: dict[str, Decimal] = field(default_factory=lambda: {c: ZERO for c in COLUMNS})
	invoices: set = field(default_factory=set)
	oldest_due: date | None = None

	@property
	def overdue(self) -> Decimal:
		return sum((self.amounts[b] for b in BUCKETS), ZERO)

	@property
	def total(self) -> Decimal:
		return self.overdue + self.amounts[NOT_DUE]

	def add(self, receivable: Receivable, column: str, amount: Decimal) -> None:
		self.amounts[column] += amount
		self.invoices.add(receivable.invoice)
		if column != NOT_DUE and (self.oldest_due is None or receivable.due_date < self.oldest_due):
			self.oldest_due = receivable.due_date


def days_overdue(due_date: date, as_of: date) -> int:
	"""Days since the due date (0 on the due date itself; negative before)."""
	return (as_of - due_date).days


def bucket_for(days: int) -> str:
	"""The ageing column of an amount `days` past its due date."""
	if days < 0:
		return NOT_DUE
	for limit, name in _LIMITS:
		if days <= limit:
			return name
	return "90+"


def unit_parts(
	invoice: str, co_owner: str, due_date: date, outstanding, line_amounts: Mapping[str, object]
) -> list[Receivable]:
	"""Split an invoice's outstanding amount over its units in proportion to their lines, exact
	to the cent (a partial payment on a multi-unit invoice is shared pro rata)."""
	outstanding = money(outstanding)
	weights = {unit: money(amount) for unit, amount in line_amounts.items() if money(amount) > 0}
	if not weights:
		fail(_("Invoice {invoice} has no positive line per unit."), invoice=invoice)
	if outstanding > sum(weights.values(), ZERO):
		fail(
			_("The outstanding amount of {invoice} ({outstanding}) exceeds its amount ({amount})."),
			invoice=invoice,
			outstanding=outstanding,
			amount=sum(weights.values(), ZERO),
		)
	if outstanding <= 0:
		return []
	parts = split(outstanding, weights)
	return [Receivable(invoice, co_owner, due_date, parts[unit], unit) for unit in weights if parts[unit] > 0]


def ageing(receivables: Iterable[Receivable], as_of: date, by: str = "co_owner") -> list[AgeingRow]:
	"""Ageing rows grouped `by` "co_owner" or "unit", in natural order of the key.
	Receivables with nothing outstanding are ignored."""
	if by not in ("co_owner", "unit"):
		fail(_("Unknown grouping: {by} (co_owner or unit)."), by=by)
	rows: dict[str, AgeingRow] = {}
	for receivable in receivables:
		amount = money(receivable.outstanding)
		if amount == 0:
			continue
		key = getattr(receivable, by)
		if key is None:
			fail(_("Receivable {invoice} names no unit."), invoice=receivable.invoice)
		row = rows.setdefault(key, AgeingRow(key))
		row.add(receivable, bucket_for(days_overdue(receivable.due_date, as_of)), amount)
	return [rows[key] for key in sorted(rows, key=natural_key)]


def ageing_total(rows: Iterable[AgeingRow], label: str = "Total") -> AgeingRow:
	"""One row summing `rows`."""
	result = AgeingRow(label)
	for row in rows:
		for column in COLUMNS:
			result.amounts[column] += row.amounts[column]
		result.invoices |= row.invoices
		if row.oldest_due and (result.oldest_due is None or row.oldest_due < result.oldest_due):
			result.oldest_due = row.oldest_due
	return result

"""A call for funds (appel de fonds): budget lines -> shares per unit -> one invoice per co-owner.

Law encoded:
- Loi 18-00 art. 24: contributions fund the voted budget and the works fund; the syndic may
  issue a supplementary call during the year, to be ratified by the next AG.
- Loi 18-00 art. 36 and model règlement arts 52-53: each charge is split by its allocation key
  (quote-part for common parts, utility for collective services) -> one key per line.
- Décret 2.23.700 annex 2 art. 9: a call is Dr 3421 / Cr 7111, a works call Dr 3423 / Cr 7112;
  an ERPNext Sales Invoice has one receivable account, so a co-owner gets one invoice per kind.
"""

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ._common import ZERO, _, fail, money
from ._split import split
from .chart import CURRENT, KINDS, call_accounts
from .periods import Period, budget_share_for_period


@dataclass(frozen=True)
class CallLine:
	"""One category of a call: its amount for this call and the allocation key's weights per unit."""

	category: str
	amount: Decimal
	weights: Mapping[str, object]
	kind: str = CURRENT
	account: str | None = None  # expense account of the budget line (informative)


@dataclass(frozen=True)
class InvoiceLine:
	unit: str
	category: str
	kind: str
	amount: Decimal
	weight: Decimal  # the unit's weight in the key (tantièmes, surface, 1...)
	key_total: Decimal  # the sum of the key's weights
	income_account: str


@dataclass(frozen=True)
class OwnerInvoice:
	"""What one Sales Invoice of the call holds: one co-owner, one kind (receivable account)."""

	co_owner: str
	kind: str
	idempotency_key: str
	receivable_account: str
	lines: tuple[InvoiceLine, ...]
	total: Decimal
	units: tuple[str, ...]


@dataclass(frozen=True)
class CallComputation:
	call: str
	invoices: tuple[OwnerInvoice, ...]
	total: Decimal
	by_category: dict[str, Decimal] = field(default_factory=dict)
	by_unit: dict[str, dict[str, Decimal]] = field(default_factory=dict)


def natural_key(text: str) -> tuple:
	"""Sort key that orders "A-2" before "A-10"."""
	return tuple(
		(0, int(part)) if part.isdigit() else (1, part.lower())
		for part in re.split(r"(\d+)", str(text))
		if part
	)


def idempotency_key(call: str, co_owner: str, kind: str = CURRENT) -> str:
	"""Deterministic key of the invoice of `co_owner` in `call` for `kind`: the same inputs give
	the same key, so a re-run finds the invoice it already made instead of making another."""
	digest = hashlib.sha256("\x1f".join((str(call), str(co_owner), str(kind))).encode()).hexdigest()
	return f"AF-{digest[:24]}"


def _decimal(value) -> Decimal:
	return value if isinstance(value, Decimal) else Decimal(str(value))


def _check_line(line: CallLine) -> Decimal:
	amount = money(line.amount)
	if amount < 0:
		fail(
			_("The amount of line {category} is negative: {amount}."),
			category=line.category,
			amount=amount,
		)
	if line.kind not in KINDS:
		fail(_("Unknown call type for {category}: {kind}."), category=line.category, kind=line.kind)
	if not line.weights:
		fail(_("The allocation key of line {category} holds no unit."), category=line.category)
	bad = sorted((str(u) for u, w in line.weights.items() if _decimal(w) <= 0), key=natural_key)
	if bad:
		fail(
			_("Zero or negative weight in the key of line {category} for units: {units}."),
			category=line.category,
			units=", ".join(bad),
		)
	return amount


def compute_call(call: str, lines: Sequence[CallLine], owners: Mapping[str, str]) -> CallComputation:
	"""Split every line over its key's units (exact to the cent) and group the shares per co-owner.

	`owners` maps each unit to its co-owner on the call's due date. Zero shares make no invoice
	line; a co-owner whose shares are all zero gets no invoice. Raises ValidationError when a
	unit has no owner, a line is invalid, or the totals do not match to the cent.
	"""
	if not lines:
		fail(_("Call for funds {call} has no lines."), call=call)
	seen = set()
	for line in lines:
		if line.category in seen:
			fail(
				_("Category {category} appears twice in call {call}."),
				category=line.category,
				call=call,
			)
		seen.add(line.category)
	missing = sorted({str(u) for line in lines for u in line.weights if not owners.get(u)}, key=natural_key)
	if missing:
		fail(_("Units without a co-owner for call {call}: {units}."), call=call, units=", ".join(missing))

	grouped: dict[tuple[str, str], list[tuple[int, InvoiceLine]]] = {}
	by_category: dict[str, Decimal] = {}
	by_unit: dict[str, dict[str, Decimal]] = {}
	expected = ZERO
	for order, line in enumerate(lines):
		amount = _check_line(line)
		expected += amount
		shares = split(amount, line.weights)
		if sum(shares.values(), ZERO) != amount:
			fail(
				_("Allocation difference on {category}: {shares} instead of {amount}."),
				category=line.category,
				shares=sum(shares.values(), ZERO),
				amount=amount,
			)
		by_category[line.category] = amount
		key_total = sum((_decimal(w) for w in line.weights.values()), Decimal(0))
		income = call_accounts(line.kind)[1]
		for unit, share in shares.items():
			by_unit.setdefault(unit, {})[line.category] = share
			if share == 0:
				continue
			invoice_line = InvoiceLine(
				unit, line.category, line.kind, share, _decimal(line.weights[unit]), key_total, income
			)
			grouped.setdefault((owners[unit], line.kind), []).append((order, invoice_line))

	invoices = []
	for (co_owner, kind), items in sorted(
		grouped.items(), key=lambda kv: (natural_key(kv[0][0]), KINDS.index(kv[0][1]))
	):
		items.sort(key=lambda item: (natural_key(item[1].unit), item[0]))
		invoice_lines = tuple(item[1] for item in items)
		units = tuple(dict.fromkeys(line.unit for line in invoice_lines))
		invoices.append(
			OwnerInvoice(
				co_owner=co_owner,
				kind=kind,
				idempotency_key=idempotency_key(call, co_owner, kind),
				receivable_account=call_accounts(kind)[0],
				lines=invoice_lines,
				total=sum((line.amount for line in invoice_lines), ZERO),
				units=units,
			)
		)
	computed = sum((invoice.total for invoice in invoices), ZERO)
	if computed != expected:
		fail(
			_("Invoices total {computed} differs from the call total {expected}."),
			computed=computed,
			expected=expected,
		)
	return CallComputation(call, tuple(invoices), expected, by_category, by_unit)


@dataclass(frozen=True)
class BudgetLine:
	"""A line of the voted budget: yearly amount of a category and its allocation key."""

	category: str
	amount: Decimal
	weights: Mapping[str, object]
	kind: str = CURRENT
	account: str | None = None


def lines_from_budget(
	budget: Sequence[BudgetLine], periods: Sequence[Period], index: int, method: str = "largest_remainder"
) -> list[CallLine]:
	"""Call lines for period `index` (1-based): each category's share of its yearly amount (art. 24)."""
	shares = budget_share_for_period({line.category: line.amount for line in budget}, periods, index, method)
	return [
		CallLine(line.category, shares[line.category], line.weights, line.kind, line.account)
		for line in budget
	]


def summarize(computation: CallComputation) -> dict:
	"""Figures to show before issuing: invoice count, co-owners, units, total per kind."""
	by_kind: dict[str, Decimal] = {}
	for invoice in computation.invoices:
		by_kind[invoice.kind] = by_kind.get(invoice.kind, ZERO) + invoice.total
	return {
		"invoices": len(computation.invoices),
		"co_owners": len({invoice.co_owner for invoice in computation.invoices}),
		"units": len(computation.by_unit),
		"total": computation.total,
		"by_kind": by_kind,
	}

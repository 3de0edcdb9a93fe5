"""Allocation of a co-owner's payment to his open invoices, oldest due first.

Law / accounting encoded:
- Décret 2.23.700 annex 2 art. 9: a payment is Dr 5121 (or 5161) / Cr 3421; what exceeds the
  open calls is a prepayment kept on 4421 (co-owner advances, annex 2 art. 6).
- Loi 18-00 art. 26 (rule 18): every payment gets a receipt -> the allocation lists exactly
  which invoices it settles.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ._common import ZERO, _, fail, money
from .calls import natural_key
from .chart import ADVANCES


@dataclass(frozen=True)
class OpenInvoice:
	name: str
	due_date: date
	outstanding: Decimal
	posting_date: date | None = None


@dataclass(frozen=True)
class Allocation:
	invoice: str
	amount: Decimal
	outstanding_before: Decimal
	outstanding_after: Decimal

	@property
	def settles(self) -> bool:
		return self.outstanding_after == 0


@dataclass(frozen=True)
class PaymentAllocation:
	amount: Decimal
	allocations: tuple[Allocation, ...]
	advance: Decimal  # left over, kept on the advances account
	advance_account: str = ADVANCES

	@property
	def allocated(self) -> Decimal:
		return sum((a.amount for a in self.allocations), ZERO)


def oldest_first(invoices: Iterable[OpenInvoice]) -> list[OpenInvoice]:
	"""Open invoices by due date, then posting date, then name."""
	return sorted(
		invoices,
		key=lambda inv: (inv.due_date, inv.posting_date or inv.due_date, natural_key(inv.name)),
	)


def allocate_payment(amount, invoices: Iterable[OpenInvoice]) -> PaymentAllocation:
	"""Allocate `amount` to `invoices` oldest due first; partial on the last one reached; the
	remainder is an advance (4421). Invoices with nothing outstanding are skipped."""
	amount = money(amount)
	if amount <= 0:
		fail(_("The payment amount must be positive (received: {amount})."), amount=amount)
	names = [inv.name for inv in invoices]
	if len(names) != len(set(names)):
		fail(_("Duplicate invoice in the list of open invoices."))
	remaining = amount
	allocations = []
	for invoice in oldest_first(invoices):
		outstanding = money(invoice.outstanding)
		if outstanding <= 0:
			continue
		if remaining <= 0:
			break
		part = min(remaining, outstanding)
		allocations.append(Allocation(invoice.name, part, outstanding, outstanding - part))
		remaining -= part
	return PaymentAllocation(amount, tuple(allocations), remaining)


def allocate_payments(
	payments: Sequence[tuple[str, object]], invoices: Iterable[OpenInvoice]
) -> dict[str, PaymentAllocation]:
	"""Allocate several payments of one co-owner in the given order (bulk entry): each payment
	sees what the previous ones left open. Returns {payment id: allocation}."""
	open_now = {inv.name: inv for inv in invoices}
	result = {}
	for payment_id, amount in payments:
		if payment_id in result:
			fail(_("Duplicate payment {payment}."), payment=payment_id)
		allocation = allocate_payment(amount, open_now.values())
		for part in allocation.allocations:
			invoice = open_now[part.invoice]
			open_now[part.invoice] = OpenInvoice(
				invoice.name, invoice.due_date, part.outstanding_after, invoice.posting_date
			)
		result[payment_id] = allocation
	return result


def apply_advance(advance, invoices: Iterable[OpenInvoice]) -> PaymentAllocation:
	"""Use an advance already held on 4421 against newly issued invoices (same oldest-first rule)."""
	return allocate_payment(advance, invoices)

"""Admission of an owner to the AG (arts 14 and 16 quinquies al. 2).

An owner who has not paid his common charges as of the AG date is not admitted; the syndic may
admit him anyway (a payment not yet posted, an error) with a reason that stays on the record.
"""

from __future__ import annotations

from dataclasses import dataclass

from syndic_maroc.core.assembly.votes import Number, to_fraction
from syndic_maroc.core.errors import _


@dataclass(frozen=True)
class Admission:
	admitted: bool
	overdue: str  # the overdue amount as text, for the record
	reason: str  # why not admitted, or the override reason
	overridden: bool = False


NOT_UP_TO_DATE = _("Not up to date with the common charges as of the AG date (art. 16 quinquies)")


def admission(overdue: Number, override_reason: str | None = None, tolerance: Number = 0) -> Admission:
	"""Admitted iff nothing is overdue beyond `tolerance` as of the AG date (art. 16 quinquies), or the
	syndic overrides with a non-empty reason."""
	amount = to_fraction(overdue or 0)
	up_to_date = amount <= to_fraction(tolerance or 0)
	text = f"{float(amount):.2f}"
	reason = (override_reason or "").strip()
	if up_to_date:
		return Admission(True, text, "")
	if reason:
		return Admission(True, text, reason, overridden=True)
	return Admission(False, text, NOT_UP_TO_DATE)

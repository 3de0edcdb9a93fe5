"""Votes per lot and per owner, and the art. 16 decies cap.

Votes are exact `Fraction`s (tantièmes may carry decimals): majorities are decided at their
exact boundary, never through floats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from syndic_maroc.core.errors import ValidationError, _

Number = int | float | str | Fraction


def to_fraction(value: Number) -> Fraction:
	"""An exact fraction; a float is read through its shortest decimal text (0.1 → 1/10)."""
	if isinstance(value, float):
		return Fraction(repr(value))
	try:
		return Fraction(value)
	except (TypeError, ValueError):
		raise ValidationError(_("Invalid number of votes: {value}"), value=value) from None


def lot_votes(tantiemes: Number, reglement_votes: Number | None = None) -> Fraction:
	"""Votes of one lot: its tantièmes unless the règlement sets another number (arts 14, 16 decies;
	model règlement art. 5 "number of votes" column)."""
	votes = to_fraction(reglement_votes) if reglement_votes not in (None, "", 0) else to_fraction(tantiemes)
	if votes <= 0:
		raise ValidationError(_("A lot must have a positive number of votes (got {value})"), value=votes)
	return votes


def owner_votes(lots: Iterable[tuple[Number, Number | None]]) -> Fraction:
	"""Sum of the votes of an owner's lots, each given as (tantièmes, règlement votes or None)."""
	return sum((lot_votes(t, v) for t, v in lots), Fraction(0))


def cap_votes(votes: Mapping[str, Number]) -> dict[str, Fraction]:
	"""Each owner's counted votes after the art. 16 decies cap: an owner holding MORE than half of all
	owners' votes is brought down to half of all votes (6,000 / 10,000 → 5,000). Exactly half is
	kept. Model règlement art. 32 reading of the trigger (MOROCCO.md ⚠ UNCLEAR)."""
	exact = {owner: to_fraction(v) for owner, v in votes.items()}
	for owner, v in exact.items():
		if v < 0:
			raise ValidationError(_("Votes of {owner} cannot be negative"), owner=owner)
	half = sum(exact.values(), Fraction(0)) / 2
	return {owner: min(v, half) for owner, v in exact.items()}


def total_votes(votes: Mapping[str, Number]) -> Fraction:
	return sum((to_fraction(v) for v in votes.values()), Fraction(0))

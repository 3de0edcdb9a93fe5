"""Quorum, art. 18 (model règlement art. 30).

First meeting: valid with at least half of the member owners present or represented, counted by
HEADS (MOROCCO.md ⚠ UNCLEAR (a): the default reading; the votes-based reading is a setting).
Second meeting, within 30 days: holds "with whoever attends" (at least one admitted owner).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from syndic_maroc.core.assembly.votes import Number, to_fraction
from syndic_maroc.core.errors import ValidationError, _

HEADCOUNT = "Headcount"
VOTES = "Votes"
READINGS = (HEADCOUNT, VOTES)


@dataclass(frozen=True)
class Quorum:
	meeting: int
	reading: str
	heads: int  # admitted owners present, represented, remote or by correspondence
	members: int  # all member owners
	votes: Fraction
	total_votes: Fraction
	required: Fraction  # heads or votes needed, in the reading's unit
	reached: bool


def quorum(
	heads: int,
	members: int,
	votes: Number,
	total_votes: Number,
	*,
	meeting: int = 1,
	reading: str = HEADCOUNT,
) -> Quorum:
	if reading not in READINGS:
		raise ValidationError(_("Unknown quorum reading: {reading}"), reading=reading)
	if meeting not in (1, 2):
		raise ValidationError(_("A general assembly has a first or a second meeting"))
	if heads < 0 or heads > members:
		raise ValidationError(
			_("Attendance out of range: {heads} of {members}"), heads=heads, members=members
		)
	votes, total = to_fraction(votes), to_fraction(total_votes)
	if meeting == 2:
		# Art. 18: the second meeting deliberates with whoever attends.
		return Quorum(2, reading, heads, members, votes, total, Fraction(1), heads >= 1)
	if reading == HEADCOUNT:
		# Art. 18: at least half of the member owners (exactly half is enough).
		required = Fraction(members, 2)
		return Quorum(1, reading, heads, members, votes, total, required, heads >= required and heads > 0)
	required = total / 2
	return Quorum(1, reading, heads, members, votes, total, required, votes >= required and votes > 0)

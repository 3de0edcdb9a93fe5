"""The decision on one resolution from its counts (art. 18 al. 2: arts 20, 21, 22, 24, 39).

Counts are the votes (after the art. 16 decies cap) of the owners allowed to vote on it: all
owners, or only those concerned by a special charge (art. 16 undecies). `pending` is the votes of
owners present or represented who have not voted yet: the traffic light says whether the
resolution is already ADOPTED, already LOST, or still REACHABLE whatever they vote. With
`final=True` the vote is closed and the pending votes count as abstentions.

Readings (MOROCCO.md):
- art. 21 "¾ of the owners' votes" counts ALL owners' votes (⚠ UNCLEAR, conservative; unlike
  art. 39 which says "present or represented"); exactly ¾ is adopted;
- the cap's effect on the denominator is not stated (⚠ UNCLEAR): by default the base is every
  owner's full votes (harder to reach); `capped_base=True` uses the capped votes;
- relative majority (art. 20): more votes for than against; abstentions are not defined by the
  law (⚠ UNCLEAR) and are neutral by default; `abstentions_against=True` counts them against;
- ¾ and unanimity apply at the second meeting too (art. 18, ⚠ UNCLEAR (b), conservative).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from syndic_maroc.core.assembly.legal_types import (
	RELATIVE,
	THREE_QUARTERS_ALL,
	THREE_QUARTERS_PRESENT,
	UNANIMITY,
)
from syndic_maroc.core.errors import ValidationError, _

ADOPTED = "Adopted"
LOST = "Lost"
REACHABLE = "Reachable"

BASE_PRESENT = _("Present or represented")
BASE_ALL = _("All owners")
BASE_CONCERNED = _("Owners concerned")

THREE_QUARTERS = Fraction(3, 4)


@dataclass(frozen=True)
class Counts:
	for_votes: Fraction = Fraction(0)
	against_votes: Fraction = Fraction(0)
	abstain_votes: Fraction = Fraction(0)
	for_heads: int = 0
	against_heads: int = 0
	abstain_heads: int = 0
	pending_votes: Fraction = Fraction(0)  # present or represented, not voted yet
	pending_heads: int = 0
	present_votes: Fraction = Fraction(0)  # base of arts 20 and 39: votes present or represented
	all_votes: Fraction = Fraction(0)  # base of art. 21: every owner allowed to vote on it
	all_heads: int = 0


@dataclass(frozen=True)
class Decision:
	status: str
	majority: str
	base: str
	base_votes: Fraction
	threshold: Fraction  # votes for needed (relative: votes against to beat)
	counts: Counts


def decide(
	majority: str,
	counts: Counts,
	*,
	final: bool = False,
	concerned: bool = False,
	abstentions_against: bool = False,
) -> Decision:
	c = counts
	pending = Fraction(0) if final else c.pending_votes
	pending_heads = 0 if final else c.pending_heads
	if min(c.for_votes, c.against_votes, c.abstain_votes, pending) < 0:
		raise ValidationError(_("Vote counts cannot be negative"))
	if majority == RELATIVE:
		# Art. 20: relative majority of the votes of owners present or represented.
		against = c.against_votes + (c.abstain_votes if abstentions_against else 0)
		if c.for_votes > against + pending:
			status = ADOPTED
		elif c.for_votes + pending <= against:
			status = LOST
		else:
			status = REACHABLE
		return Decision(status, majority, BASE_PRESENT, c.present_votes, against, c)
	if majority == THREE_QUARTERS_ALL:
		# Arts 19, 21, 24, 37, 37 bis, 45, 58: ¾ of all owners' votes; exactly ¾ is adopted.
		threshold = THREE_QUARTERS * c.all_votes
		status = _threshold_status(c.for_votes, pending, threshold)
		return Decision(
			status, majority, BASE_CONCERNED if concerned else BASE_ALL, c.all_votes, threshold, c
		)
	if majority == THREE_QUARTERS_PRESENT:
		# Art. 39: ¾ of the votes of owners present or represented (pending ones are in the base).
		threshold = THREE_QUARTERS * c.present_votes
		status = _threshold_status(c.for_votes, pending, threshold)
		return Decision(status, majority, BASE_PRESENT, c.present_votes, threshold, c)
	if majority == UNANIMITY:
		# Arts 22, 44, 45: every owner for; one owner against, abstaining or absent loses it.
		if c.all_heads and c.for_heads == c.all_heads:
			status = ADOPTED
		elif c.against_heads or c.abstain_heads or c.for_heads + pending_heads < c.all_heads:
			status = LOST
		else:
			status = REACHABLE
		return Decision(
			status, majority, BASE_CONCERNED if concerned else BASE_ALL, c.all_votes, c.all_votes, c
		)
	raise ValidationError(_("Unknown majority: {majority}"), majority=majority)


def _threshold_status(for_votes: Fraction, pending: Fraction, threshold: Fraction) -> str:
	if threshold > 0 and for_votes >= threshold:
		return ADOPTED
	if for_votes + pending < threshold or threshold <= 0:
		return LOST
	return REACHABLE

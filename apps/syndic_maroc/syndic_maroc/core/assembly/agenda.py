"""What may be put to the vote, who convenes and who chairs.

- art. 16 octies: decisions only on agenda items; in urgency an item off the agenda, "subject to
  arts 21, 22 and 24" — conservative reading (MOROCCO.md ⚠ UNCLEAR): never for those matters;
  `protected_off_agenda=True` is the other reading (allowed, their majorities still apply);
- art. 23: the AG may never force an owner to change the destination or use of his lot;
- art. 39: pre-emption only where the building has at most 20 land titles;
- art. 16 quater: convener = the syndic; failing him ⅓ of the owners; then one owner 8 days after
  a formal notice to the syndic;
- art. 17: the syndic or his deputy may never chair the AG (they may be secretary).
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from syndic_maroc.core.assembly.legal_types import (
	PRE_EMPTION_MAX_LAND_TITLES,
	THREE_QUARTERS_PRESENT,
	legal_type,
)
from syndic_maroc.core.errors import ValidationError, _

CONVENER_SYNDIC = "Syndic"
CONVENER_OWNERS = "Owners (one third)"
CONVENER_ONE_OWNER = "One owner after formal notice"
CONVENERS = (CONVENER_SYNDIC, CONVENER_OWNERS, CONVENER_ONE_OWNER)

FORMAL_NOTICE_DAYS = 8  # art. 16 quater


def check_resolution(
	type_name: str,
	*,
	on_agenda: bool = True,
	urgent: bool = False,
	forces_destination_change: bool = False,
	land_titles: int | None = None,
	protected_off_agenda: bool = False,
) -> None:
	"""Raise if the resolution cannot be put to the vote."""
	t = legal_type(type_name)
	if forces_destination_change:
		# Art. 23: never, whatever the majority.
		raise ValidationError(
			_(
				"The general assembly can never force an owner to change the destination or the use of his lot (art. 23)"
			)
		)
	if t.majority == THREE_QUARTERS_PRESENT and (
		land_titles is None or land_titles > PRE_EMPTION_MAX_LAND_TITLES
	):
		# Art. 39: pre-emption right only in buildings with at most 20 separate land titles.
		raise ValidationError(
			_("A pre-emption right can only be voted where the building has at most 20 land titles (art. 39)")
		)
	if not on_agenda:
		# Art. 16 octies.
		if not urgent:
			raise ValidationError(
				_(
					"Only items on the agenda can be decided; an item off the agenda only in urgency (art. 16 octies)"
				)
			)
		if t.protected and not protected_off_agenda:
			raise ValidationError(
				_(
					"A matter of articles 21, 22 or 24 ({articles}) can never be decided off the agenda (art. 16 octies)"
				),
				articles=t.articles,
			)


def check_convener(
	convener: str,
	*,
	requesting_owners: int = 0,
	members: int = 0,
	formal_notice_on: date | None = None,
	convened_on: date | None = None,
) -> None:
	"""Art. 16 quater: who may convene."""
	if convener == CONVENER_SYNDIC:
		return
	if convener == CONVENER_OWNERS:
		if members <= 0 or Fraction(requesting_owners, members) < Fraction(1, 3):
			raise ValidationError(
				_(
					"Owners may convene only when at least one third of them ask for it ({count} of {members}) (art. 16 quater)"
				),
				count=requesting_owners,
				members=members,
			)
		return
	if convener == CONVENER_ONE_OWNER:
		if formal_notice_on is None or convened_on is None:
			raise ValidationError(
				_("One owner may convene only after a formal notice to the syndic (art. 16 quater)")
			)
		earliest = formal_notice_on + timedelta(days=FORMAL_NOTICE_DAYS)
		if convened_on < earliest:
			raise ValidationError(
				_(
					"One owner may convene only 8 days after the formal notice to the syndic, from {date} (art. 16 quater)"
				),
				date=earliest.isoformat(),
			)
		return
	raise ValidationError(_("Unknown convener: {convener}"), convener=convener)


def check_officers(president: str | None, secretary: str | None, syndic_persons: set[str]) -> None:
	"""Art. 17: the syndic or deputy (or anyone holding for them) never chairs; may be secretary."""
	if president and president in syndic_persons:
		raise ValidationError(_("The syndic or his deputy can never chair the general assembly (art. 17)"))
	if president and secretary and president == secretary:
		raise ValidationError(_("The president and the secretary must be two different persons"))

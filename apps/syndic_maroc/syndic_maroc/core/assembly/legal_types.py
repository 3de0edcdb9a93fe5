"""Agenda item types, each carrying its majority and article (loi 18-00 art. 18 al. 2).

The English name is the value stored in the DocType (Select) and translated on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from syndic_maroc.core.errors import ValidationError, _

# Majority kinds (MOROCCO.md §1.3 "Majorities").
RELATIVE = "relative"  # art. 20: relative majority of the votes of owners present or represented
THREE_QUARTERS_ALL = "three_quarters_all"  # arts 19, 21, 24, 37, 37 bis, 45, 58: ¾ of ALL owners' votes
THREE_QUARTERS_PRESENT = "three_quarters_present"  # art. 39: ¾ of present/represented, ≤ 20 land titles
UNANIMITY = "unanimity"  # arts 22, 44, 45: every owner

MAJORITIES = (RELATIVE, THREE_QUARTERS_ALL, THREE_QUARTERS_PRESENT, UNANIMITY)

# Art. 39: pre-emption by ¾ of present/represented only in buildings with at most 20 land titles.
PRE_EMPTION_MAX_LAND_TITLES = 20


@dataclass(frozen=True)
class LegalType:
	name: str
	majority: str
	articles: str
	# Matters of arts 21, 22 and 24: never decided off the agenda (art. 16 octies, conservative reading).
	protected: bool


def _t(name: str, majority: str, articles: str) -> LegalType:
	return LegalType(name, majority, articles, protected=majority != RELATIVE)


LEGAL_TYPES: dict[str, LegalType] = {
	t.name: t
	for t in (
		# Art. 20 (and model règlement art. 33 for other management decisions): relative majority.
		_t("Maintenance and safety", RELATIVE, "20"),
		_t("Owner works on common parts", RELATIVE, "20"),
		_t("Collective antennas", RELATIVE, "20"),
		_t("Sacrifice area", RELATIVE, "20"),
		_t("Disability access", RELATIVE, "20"),
		_t("Concierge", RELATIVE, "20"),
		_t("Other management decision", RELATIVE, "20"),
		# Arts 19, 21, 24, 27 bis, 37, 37 bis, 45, 58: ¾ of all owners' votes.
		_t("Budget approval", THREE_QUARTERS_ALL, "21, 24"),
		_t("Accounts approval", THREE_QUARTERS_ALL, "21, 24"),
		_t("Syndic fees", THREE_QUARTERS_ALL, "19, 21"),
		_t("Syndic and deputy appointment", THREE_QUARTERS_ALL, "19, 21"),
		_t("Syndic or deputy dismissal", THREE_QUARTERS_ALL, "21, 27 bis"),
		_t("Reglement change", THREE_QUARTERS_ALL, "21"),
		_t("Improvements", THREE_QUARTERS_ALL, "21"),
		_t("Major works", THREE_QUARTERS_ALL, "21, 24"),
		_t("Collective insurance", THREE_QUARTERS_ALL, "21"),
		_t("Reserve fund", THREE_QUARTERS_ALL, "21, 37 bis"),
		_t("Charge key change", THREE_QUARTERS_ALL, "21, 37"),
		_t("Delegation to the syndic", THREE_QUARTERS_ALL, "21"),
		_t("Partial demolition", THREE_QUARTERS_ALL, "21"),
		_t("Repair after partial destruction", THREE_QUARTERS_ALL, "45"),
		_t("Lot split", THREE_QUARTERS_ALL, "58"),
		# Art. 39: pre-emption right.
		_t("Pre-emption right", THREE_QUARTERS_PRESENT, "39"),
		# Arts 22, 44, 45: unanimity.
		_t("New building or raising", UNANIMITY, "22, 44"),
		_t("Transfer of common parts", UNANIMITY, "22"),
		_t("Works changing common parts", UNANIMITY, "22"),
		_t("Common parts made private", UNANIMITY, "22"),
		_t("Total demolition", UNANIMITY, "22"),
		_t("Rebuilding after total destruction", UNANIMITY, "45"),
	)
}


def legal_type(name: str) -> LegalType:
	try:
		return LEGAL_TYPES[name]
	except KeyError:
		raise ValidationError(_("Unknown resolution type: {name}"), name=name) from None


def select_options() -> str:
	"""The Select options of the resolution's legal type, in this order."""
	return "\n".join(LEGAL_TYPES)

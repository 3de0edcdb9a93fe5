"""Finance's reactions to a Résidence (doc_events in hooks.py, as hrms/overrides does): the
reminder levels (Dunning Types rappel, deuxième rappel, mise en demeure) of its company are
created with it, follow its late charges, and go before its company is deleted."""

from syndic_maroc.finance.reminders import delete_dunning_types, ensure_dunning_types

# The résidence's explicit late charges (none by default: loi 18-00 sets none), copied onto
# its Dunning Types.
LATE_CHARGE_FIELDS = ("late_interest_rate", "dunning_fee", "late_interest_ag_reference")


def after_insert(residence, method=None) -> None:
	"""The reminder levels of the new company (Residence.after_insert created it)."""
	if residence.company:
		ensure_dunning_types(residence.company, residence)


def on_update(residence, method=None) -> None:
	"""Interest and fee follow the résidence."""
	if (
		residence.company
		and not residence.flags.in_insert
		and any(residence.has_value_changed(f) for f in LATE_CHARGE_FIELDS)
	):
		ensure_dunning_types(residence.company, residence)


def on_trash(residence, method=None) -> None:
	"""The company's reminder levels go first (Residence.after_delete then deletes the Company);
	a Dunning already sent keeps them, and the résidence, from being deleted."""
	delete_dunning_types(residence.company)

"""Account numbers of the syndicat chart (décret 2.23.700, annex 2 art. 6) used by the money cycle.

Typical entries (annex 2 art. 9): a call for funds is Dr 3421 / Cr 7111; a works call
Dr 3423 / Cr 7112; a payment Dr 5121 (or 5161) / Cr 3421; before the budget is voted the
contributions go to 3422; prepayments received from a co-owner stay on 4421.
"""

# Décret 2.23.700, annex 2 art. 6: the only accounts a syndic may use.
BANK = "5121"
CASH = "5161"
RECEIVABLE_CURRENT = "3421"
RECEIVABLE_BEFORE_VOTE = "3422"
RECEIVABLE_WORKS = "3423"
RECEIVABLE_DOUBTFUL = "3424"
ADVANCES = "4421"
SUPPLIERS = "4411"
INCOME_CURRENT = "7111"
INCOME_WORKS = "7112"
INCOME_ADVANCES = "7113"
RESERVE_UNFORESEEN = "1111"
RESERVE_PLANNED = "1112"

# The two kinds of call (annex 2 art. 9): current operations, and works / non-current operations.
CURRENT = "current"
WORKS = "works"
KINDS = (CURRENT, WORKS)

# kind -> (receivable debited, income credited); annex 2 art. 9.
CALL_ACCOUNTS = {
	CURRENT: (RECEIVABLE_CURRENT, INCOME_CURRENT),
	WORKS: (RECEIVABLE_WORKS, INCOME_WORKS),
}

# Budget categories of the budget prévisionnel (loi 18-00 art. 24: a budget for the art. 36
# expenses plus a special fund for major works) -> (default account, kind of call). The values are
# English (stable Select values of the DocTypes); the French label is in the comment and in the
# locale. Expense accounts are class 6 of annex 2 art. 6; the reserve fund is credited to 1112.
BUDGET_CATEGORIES = {
	"Common Area Electricity": ("6112", CURRENT),  # Électricité parties communes
	"Water": ("6111", CURRENT),  # Eau (compteur général)
	"Elevator": ("6134", CURRENT),  # Ascenseur (contrat de maintenance)
	"Cleaning": ("6131", CURRENT),  # Nettoyage
	"Security": ("6134", CURRENT),  # Gardiennage (contrat)
	"Gardening": ("6134", CURRENT),  # Jardinage (contrat)
	"Insurance": ("6136", CURRENT),  # Assurance (primes)
	"Syndic Fees": ("6137", CURRENT),  # Honoraires syndic
	"Works": ("6511", WORKS),  # Travaux décidés par l'AG
	"Reserve Fund": (RESERVE_PLANNED, WORKS),  # Fonds de réserve / travaux (art. 37 bis)
	"Miscellaneous": ("6143", CURRENT),  # Divers
}


def call_accounts(kind: str) -> tuple[str, str]:
	"""(receivable, income) account numbers for a call of `kind` (annex 2 art. 9)."""
	from ._common import _, fail

	if kind not in CALL_ACCOUNTS:
		fail(_("Unknown call type: {kind} (expected: {expected})."), kind=kind, expected=", ".join(KINDS))
	return CALL_ACCOUNTS[kind]

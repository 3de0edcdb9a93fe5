"""Purchase orders: who approves by amount, per résidence (the syndic alone under his ceiling,
a second approver above it, and above the ceiling set by the general assembly only with the
resolution that allowed the expense: loi 18-00 art. 21: the AG sets the
expense ceiling by ¾ of the votes)."""

from decimal import Decimal

SYNDIC_ALONE = "Syndic alone"
SECOND_APPROVER = "Second approver"
ASSEMBLY = "General assembly resolution"

DEFAULT_SYNDIC_CEILING = Decimal("5000")


def approval_level(amount, syndic_ceiling=None, assembly_ceiling=None) -> str:
	amount = Decimal(str(amount or 0))
	syndic = Decimal(str(syndic_ceiling)) if syndic_ceiling else DEFAULT_SYNDIC_CEILING
	if amount <= syndic:
		return SYNDIC_ALONE
	if assembly_ceiling and amount > Decimal(str(assembly_ceiling)):
		return ASSEMBLY
	return SECOND_APPROVER

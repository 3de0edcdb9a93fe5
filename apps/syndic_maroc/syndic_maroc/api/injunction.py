"""The injunction file (loi 18-00 art. 25 bis) for the Co-owner form
(`/api/method/syndic_maroc.api.injunction.<name>`); the logic is syndic_maroc.finance.injunction.

GET summary    residence, co_owner                     → what the file would claim, what is missing
GET download   residence, co_owner, allow_incomplete?  → the file (PDF)
"""

import frappe

from syndic_maroc.finance import injunction


@frappe.whitelist()
def summary(residence: str, co_owner: str) -> dict:
	"""What the file would claim and which documents are missing (the form's dialog)."""
	return injunction.summary(residence, co_owner)


@frappe.whitelist()
def download(residence: str, co_owner: str, allow_incomplete: int = 0) -> None:
	"""The injunction file as a PDF download; Syndic Manager/Accountant."""
	injunction.download(residence, co_owner, allow_incomplete)

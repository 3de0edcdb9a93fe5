"""Owner statement and quitus PDFs for the desk (`/api/method/syndic_maroc.api.statements.<name>`);
the logic is syndic_maroc.finance.statements.

GET statement_pdf   residence, co_owner, from_date, to_date → the relevé de compte (PDF)
GET quitus_pdf      residence, co_owner, as_of?             → the attestation de quitus (PDF)
"""

import frappe

from syndic_maroc.finance import statements


@frappe.whitelist()
def statement_pdf(residence: str, co_owner: str, from_date: str, to_date: str) -> None:
	"""Relevé de compte copropriétaire as a PDF download."""
	statements.statement_pdf(residence, co_owner, from_date, to_date)


@frappe.whitelist()
def quitus_pdf(residence: str, co_owner: str, as_of: str | None = None) -> None:
	"""Attestation de quitus (loi 18-00 arts 26 and 42) as a PDF download, only at a zero balance."""
	statements.quitus_pdf(residence, co_owner, as_of)

"""Owner statement and quitus PDFs for the desk (`/api/method/syndic_maroc.api.statements.<name>`);
the logic is syndic_maroc.finance.statements.

GET statement_pdf   residence, co_owner, from_date, to_date, lang? → the relevé de compte (PDF)
GET quitus_pdf      residence, co_owner, as_of?, lang?             → the attestation de quitus (PDF)

Printed in the user's language, or in `lang` / `language` ("fr", "ar") when given.
"""

import frappe
from frappe.translate import print_language

from syndic_maroc.finance import statements
from syndic_maroc.utils import rate_limits


@frappe.whitelist()
@rate_limits.pdf
def statement_pdf(
	residence: str,
	co_owner: str,
	from_date: str,
	to_date: str,
	lang: str | None = None,
	language: str | None = None,
) -> None:
	"""Relevé de compte copropriétaire as a PDF download."""
	with print_language(language or lang):
		statements.statement_pdf(residence, co_owner, from_date, to_date)


@frappe.whitelist()
@rate_limits.pdf
def quitus_pdf(
	residence: str,
	co_owner: str,
	as_of: str | None = None,
	lang: str | None = None,
	language: str | None = None,
) -> None:
	"""Attestation de quitus (loi 18-00 arts 26 and 42) as a PDF download, only at a zero balance."""
	with print_language(language or lang):
		statements.quitus_pdf(residence, co_owner, as_of)

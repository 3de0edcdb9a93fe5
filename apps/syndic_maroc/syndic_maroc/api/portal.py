"""The co-owner portal's endpoints (`/api/method/syndic_maroc.api.portal.<name>`): the PDFs of
the user's own documents (403 for anyone else's) and the language switch; the logic is
syndic_maroc.portal. PDFs print in French by default, in Arabic with lang=ar (or language=ar,
the name Frappe's own download URL uses: both are accepted).

POST set_language      lang                                             → the language set
GET  call_notice_pdf   invoice, lang?                                   → avis d'appel de fonds
GET  receipt_pdf       payment_entry, lang?                             → reçu
GET  statement_pdf     residence, from_date?, to_date?, co_owner?, lang? → relevé de compte
GET  quitus_pdf        residence, co_owner?, lang?                      → attestation de quitus
"""

import frappe

from syndic_maroc.portal import documents, language
from syndic_maroc.utils import rate_limits


@frappe.whitelist(methods=["POST"])
def set_language(lang: str) -> str:
	"""The portal's language switch: the user's language (and their co-owner's preferred one)."""
	return language.set_language(lang)


@frappe.whitelist(methods=["GET"])
@rate_limits.pdf
def call_notice_pdf(invoice: str, lang: str = "fr", language: str | None = None) -> None:
	"""The avis d'appel de fonds of one of the user's invoices (403 for anyone else's)."""
	documents.call_notice_pdf(invoice, language or lang)


@frappe.whitelist(methods=["GET"])
@rate_limits.pdf
def receipt_pdf(payment_entry: str, lang: str = "fr", language: str | None = None) -> None:
	"""The reçu (loi 18-00 art. 26) of one of the user's payments (403 for anyone else's)."""
	documents.receipt_pdf(payment_entry, language or lang)


@frappe.whitelist(methods=["GET"])
@rate_limits.pdf
def statement_pdf(
	residence: str,
	from_date: str | None = None,
	to_date: str | None = None,
	co_owner: str | None = None,
	lang: str = "fr",
	language: str | None = None,
) -> None:
	"""The user's relevé de compte for one of their résidences over a period (403 otherwise)."""
	documents.statement_pdf(residence, from_date, to_date, co_owner, language or lang)


@frappe.whitelist(methods=["GET"])
@rate_limits.pdf
def quitus_pdf(
	residence: str, co_owner: str | None = None, lang: str = "fr", language: str | None = None
) -> None:
	"""The user's attestation de quitus, only at a zero balance (loi 18-00 arts 26 and 42)."""
	documents.quitus_pdf(residence, co_owner, language or lang)

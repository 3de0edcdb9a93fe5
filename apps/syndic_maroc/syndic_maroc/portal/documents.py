"""The PDFs a co-owner downloads from the portal: call notices, reçus, statement and quitus of
their own documents only (the checks of portal.access), in French or Arabic. The whitelisted
endpoints are in syndic_maroc.api.portal."""

import frappe
from frappe.utils import nowdate

from syndic_maroc.portal.access import own_co_owner_in, own_invoice, own_payment
from syndic_maroc.portal.context import period_dates
from syndic_maroc.utils.language import lang_of, printing

RECEIPT_FORMAT = "Payment Receipt"


def _send_pdf(pdf: bytes, filename: str) -> None:
	frappe.local.response.filename = filename
	frappe.local.response.filecontent = pdf
	frappe.local.response.type = "pdf"


def call_notice_bytes(invoice: str, lang: str = "fr") -> bytes:
	own_invoice(invoice)
	with printing(lang_of(lang)):
		return frappe.get_print("Sales Invoice", invoice, print_format="Call Notice", as_pdf=True)


def call_notice_pdf(invoice: str, lang: str = "fr") -> None:
	"""The avis d'appel de fonds of one of the user's invoices (403 for anyone else's)."""
	_send_pdf(call_notice_bytes(invoice, lang), f"avis-{invoice}-{lang_of(lang)}.pdf")


def receipt_bytes(payment_entry: str, lang: str = "fr") -> bytes:
	own_payment(payment_entry)
	with printing(lang_of(lang)):
		return frappe.get_print("Payment Entry", payment_entry, print_format=RECEIPT_FORMAT, as_pdf=True)


def receipt_pdf(payment_entry: str, lang: str = "fr") -> None:
	"""The reçu (loi 18-00 art. 26) of one of the user's payments (403 for anyone else's)."""
	receipt = frappe.db.get_value("Payment Entry", payment_entry, "syndic_receipt") if payment_entry else None
	pdf = receipt_bytes(payment_entry, lang)
	_send_pdf(pdf, f"recu-{receipt or payment_entry}-{lang_of(lang)}.pdf")


def statement_bytes(
	residence: str, from_date=None, to_date=None, co_owner: str | None = None, lang: str = "fr"
) -> bytes:
	from syndic_maroc.finance.statements import statement_pdf_bytes

	co_owner = own_co_owner_in(residence, co_owner)
	start, end = period_dates(from_date, to_date)
	with printing(lang_of(lang)):
		return statement_pdf_bytes(residence, co_owner, start, end)


def statement_pdf(
	residence: str, from_date=None, to_date=None, co_owner: str | None = None, lang: str = "fr"
) -> None:
	"""The user's relevé de compte for one of their résidences over a period (403 otherwise)."""
	pdf = statement_bytes(residence, from_date, to_date, co_owner, lang)
	_send_pdf(pdf, f"releve-{lang_of(lang)}-{to_date or nowdate()}.pdf")


def quitus_bytes(residence: str, co_owner: str | None = None, lang: str = "fr") -> bytes:
	from syndic_maroc.finance.statements import quitus_pdf_bytes

	co_owner = own_co_owner_in(residence, co_owner)
	with printing(lang_of(lang)):
		return quitus_pdf_bytes(residence, co_owner, nowdate())


def quitus_pdf(residence: str, co_owner: str | None = None, lang: str = "fr") -> None:
	"""The user's attestation de quitus, only at a zero balance (loi 18-00 arts 26 and 42)."""
	pdf = quitus_bytes(residence, co_owner, lang)
	_send_pdf(pdf, f"quitus-{lang_of(lang)}-{nowdate()}.pdf")

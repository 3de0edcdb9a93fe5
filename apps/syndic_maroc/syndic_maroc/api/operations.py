"""REST surface of the building's operations (`/api/method/syndic_maroc.api.operations.<name>`);
the logic is syndic_maroc.operations.

Desk (write permission on the Maintenance Request):
POST make_rfq                name, suppliers (JSON list)           → Request for Quotation
POST make_purchase_order     name, supplier?, amount?, supplier_quotation? → Purchase Order
Co-owner portal (what operations.access lets the session's co-owner see):
GET  portal_requests                                               → his and his résidences' common-area requests
GET  portal_request          name                                  → detail, photos, comments, invoice
POST portal_file_request     residence, subject, … + files "photo" → a new request
POST portal_comment          name, text? + files "photo"
GET  portal_photo            name, photo                           → the photo
GET  portal_invoice          name                                  → the paid supplier invoice's file
GET  portal_documents                                              → the library shared with him
GET  portal_document_file    name                                  → one document (Access Log written)
GET  portal_announcements                                          → current announcements of his résidences
"""

import json

import frappe

from syndic_maroc.operations import announcements, library, maintenance, owner_requests
from syndic_maroc.utils.method_gate import refuse_outsiders


@frappe.whitelist(methods=["POST"])
def make_rfq(name: str, suppliers: str | list) -> str:
	refuse_outsiders()
	if isinstance(suppliers, str):
		suppliers = json.loads(suppliers) if suppliers.startswith("[") else [suppliers]
	return maintenance.make_rfq(name, list(suppliers))


@frappe.whitelist(methods=["POST"])
def make_purchase_order(
	name: str, supplier: str | None = None, amount: float | None = None, supplier_quotation: str | None = None
) -> str:
	refuse_outsiders()
	return maintenance.make_purchase_order(
		name, supplier, float(amount) if amount else None, supplier_quotation
	)


@frappe.whitelist(methods=["GET"])
def portal_requests() -> list:
	return owner_requests.my_requests()


@frappe.whitelist(methods=["GET"])
def portal_request(name: str) -> dict:
	return owner_requests.request_detail(name)


@frappe.whitelist(methods=["POST"])
def portal_file_request(
	residence: str,
	subject: str,
	description: str | None = None,
	category: str = "Other",
	location_type: str = "Common area",
	common_area: str | None = None,
	unit: str | None = None,
	urgency: str = "Normal",
) -> dict:
	return owner_requests.file_request(
		residence, subject, description, category, location_type, common_area, unit, urgency
	)


@frappe.whitelist(methods=["POST"])
def portal_comment(name: str, text: str | None = None) -> dict:
	return owner_requests.add_comment(name, text)


@frappe.whitelist(methods=["GET"])
def portal_photo(name: str, photo: str) -> None:
	owner_requests.photo(name, photo)


@frappe.whitelist(methods=["GET"])
def portal_invoice(name: str) -> None:
	owner_requests.invoice_pdf(name)


@frappe.whitelist(methods=["GET"])
def portal_documents() -> list:
	return library.my_documents()


@frappe.whitelist(methods=["GET"])
def portal_document_file(name: str) -> None:
	library.download(name)


@frappe.whitelist(methods=["GET"])
def portal_announcements() -> list:
	return announcements.current_for_portal()

"""Who the portal user is and what they may see: their Co-owner records and Customers, their
own invoices and payments (403 for anyone else's, whether the document exists or not), and the
has_website_permission hooks (hooks.py)."""

from urllib.parse import quote

import frappe
from frappe import _

from syndic_maroc.registry.owners import co_owners_of_user

ROLE = "Co-owner"


# --- Who is the user ----------------------------------------------------------------------------


def customers_of_user(user: str | None = None) -> list[str]:
	return [row.customer for row in co_owners_of_user(user)]


def deny():
	raise frappe.PermissionError(_("This document is not available from your co-owner space."))


def require_co_owners() -> list[frappe._dict]:
	"""For the pages: a guest goes to the login page; a user who is no co-owner gets 403."""
	if frappe.session.user == "Guest":
		path = (
			frappe.local.request.path if getattr(frappe.local, "request", None) else "/mon-espace"
		) or "/mon-espace"
		frappe.local.flags.redirect_location = f"/login?redirect-to={quote(path)}"
		raise frappe.Redirect
	co_owners = co_owners_of_user()
	if not co_owners:
		raise frappe.PermissionError(_("No co-owner is linked to your account. Please contact your syndic."))
	return co_owners


def own_invoice(invoice: str) -> frappe._dict:
	"""The submitted Sales Invoice `invoice` if it belongs to the user's co-owner; else 403."""
	row = (
		frappe.db.get_value("Sales Invoice", invoice, ["name", "customer", "docstatus"], as_dict=True)
		if invoice
		else None
	)
	if not row or row.docstatus != 1 or row.customer not in customers_of_user():
		deny()
	return row


def own_payment(payment_entry: str) -> frappe._dict:
	"""The submitted Payment Entry received from the user's co-owner; else 403."""
	row = (
		frappe.db.get_value(
			"Payment Entry",
			payment_entry,
			["name", "party_type", "party", "docstatus", "payment_type"],
			as_dict=True,
		)
		if payment_entry
		else None
	)
	if (
		not row
		or row.docstatus != 1
		or row.party_type != "Customer"
		or row.payment_type != "Receive"
		or row.party not in customers_of_user()
	):
		deny()
	return row


def own_co_owner_in(residence: str, co_owner: str | None = None) -> str:
	"""The user's co-owner (the one asked, or the first) who owns or owned a unit of `residence`."""
	from syndic_maroc.finance.collections import co_owner_in_residence

	for row in co_owners_of_user():
		if co_owner and row.name != co_owner:
			continue
		if residence and co_owner_in_residence(row.name, residence):
			return row.name
	deny()


# --- has_website_permission hooks -------------------------------------------------------------


def invoice_website_permission(doc, ptype=None, user=None, verbose=False) -> bool:
	"""Sales Invoice of a call for funds: only its co-owner (ERPNext's own check runs too)."""
	if not doc.get("syndic_residence"):
		return True  # not a syndic invoice: ERPNext's hook alone decides
	return doc.docstatus == 1 and doc.customer in customers_of_user(user)


def payment_website_permission(doc, ptype=None, user=None, verbose=False) -> bool:
	return (
		doc.docstatus == 1
		and doc.party_type == "Customer"
		and doc.payment_type == "Receive"
		and doc.party in customers_of_user(user)
	)

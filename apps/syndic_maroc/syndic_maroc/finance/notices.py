"""Avis d'appel de fonds: what the "Call Notice" print format of a call's Sales Invoice prints
(résidence letterhead, co-owner, a line per unit and category with the tantièmes and the
share, amount, due date, the syndicat's RIB and the payment reference)."""

import frappe
from frappe.utils import flt


def call_notice_context(doc) -> frappe._dict:
	residence = (
		frappe.db.get_value(
			"Residence",
			doc.syndic_residence,
			["residence_name", "address_line", "city", "ice", "bank_name", "rib"],
			as_dict=True,
		)
		if doc.get("syndic_residence")
		else None
	)
	co_owner = frappe.db.get_value(
		"Co-owner", {"customer": doc.customer}, ["name", "full_name", "cin", "address_line", "city"], as_dict=True
	)
	unit_names = list({row.syndic_unit for row in doc.items if row.get("syndic_unit")})
	units = {
		row.name: row
		for row in frappe.get_all(
			"Unit", filters={"name": ("in", unit_names)}, fields=["name", "unit_number", "tantiemes"]
		)
	} if unit_names else {}
	call = (
		frappe.db.get_value("Call for Funds", doc.syndic_call_for_funds, ["name", "period_label"], as_dict=True)
		if doc.get("syndic_call_for_funds")
		else None
	)
	lines = [
		frappe._dict(
			unit=(units.get(row.syndic_unit) or {}).get("unit_number") or "",
			tantiemes=flt((units.get(row.syndic_unit) or {}).get("tantiemes")),
			description=row.description or row.item_name,
			amount=row.amount,
		)
		for row in doc.items
	]
	return frappe._dict(
		residence=residence or frappe._dict(residence_name=doc.company),
		co_owner=co_owner or frappe._dict(full_name=doc.customer_name),
		call=call or frappe._dict(),
		lines=lines,
		reference=doc.name,
	)

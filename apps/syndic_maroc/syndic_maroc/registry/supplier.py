"""Supplier (prestataire) validation, wired by doc_events in hooks.py on ERPNext's Supplier."""

import frappe
from frappe import _

from syndic_maroc.registry.utils import clean_ice, clean_rib


def validate(doc, method=None):
	if doc.meta.has_field("supplier_ice"):
		doc.supplier_ice = clean_ice(doc.get("supplier_ice"))
	if doc.meta.has_field("supplier_rib"):
		doc.supplier_rib = clean_rib(doc.get("supplier_rib"))
	if doc.meta.has_field("supplier_if") and doc.get("supplier_if"):
		doc.supplier_if = doc.supplier_if.strip()
	if doc.meta.has_field("supplier_rc") and doc.get("supplier_rc"):
		doc.supplier_rc = doc.supplier_rc.strip()
	seen = set()
	for row in doc.get("served_residences") or []:
		if row.residence in seen:
			frappe.throw(
				_("Residence {0} appears twice among the served residences").format(
					frappe.bold(row.residence)
				)
			)
		seen.add(row.residence)
	if doc.get("supplier_ice") and not doc.get("tax_id"):
		# ERPNext prints tax_id on documents: the ICE is the Moroccan identifier to show.
		doc.tax_id = doc.supplier_ice

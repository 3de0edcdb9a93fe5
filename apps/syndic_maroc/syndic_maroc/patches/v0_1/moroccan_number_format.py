"""Amounts printed "1 200,00 DH" (shared/domain/MOROCCO.md §2.3) on sites set up before the
installer chose it: only where the format is still ERPNext's default for Morocco, so a format
an admin chose on purpose is kept."""

import frappe

from syndic_maroc.setup.site import CURRENCY, CURRENCY_SYMBOL, NUMBER_FORMAT

ERPNEXT_DEFAULT = "#,###.##"
ERPNEXT_SYMBOL = "د.م."


def execute():
	if frappe.db.get_single_value("System Settings", "number_format") in (None, "", ERPNEXT_DEFAULT):
		frappe.db.set_single_value("System Settings", "number_format", NUMBER_FORMAT)
		frappe.db.set_default("number_format", NUMBER_FORMAT)
	if frappe.db.get_value("Currency", CURRENCY, "number_format") in (None, "", ERPNEXT_DEFAULT):
		frappe.db.set_value("Currency", CURRENCY, "number_format", NUMBER_FORMAT)
	if frappe.db.get_value("Currency", CURRENCY, "symbol") in (None, "", ERPNEXT_SYMBOL):
		frappe.db.set_value("Currency", CURRENCY, {"symbol": CURRENCY_SYMBOL, "symbol_on_right": 1})
	frappe.clear_cache()

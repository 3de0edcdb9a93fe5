"""The reminder levels (Dunning Types rappel, deuxième rappel, mise en demeure) for every
résidence created before they were made at set-up, with the résidence's explicit late charges
(none by default). Idempotent: ensure_dunning_types only creates or updates what differs."""

import frappe

from syndic_maroc.finance.reminders import ensure_dunning_types


def execute():
	for residence in frappe.get_all("Residence", filters={"company": ("is", "set")}, pluck="name"):
		company = frappe.db.get_value("Residence", residence, "company")
		if frappe.db.exists("Company", company):
			ensure_dunning_types(company, residence)

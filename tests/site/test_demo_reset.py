"""`load(reset=True)` deletes the demo records only, then loads them again (slow: two companies)."""

import pytest
from syndic_maroc.setup import demo_data

pytestmark = [pytest.mark.site, pytest.mark.slow]

DOCTYPES = (
	"Residence",
	"Building",
	"Unit",
	"Co-owner",
	"Customer",
	"Contact",
	"Allocation Key",
	"Supplier",
	"Company",
)


def _counts(frappe):
	return {doctype: frappe.db.count(doctype) for doctype in DOCTYPES}


def test_reset_round_trip_keeps_other_records(site):
	frappe = site
	from syndic_maroc.setup.demo import load

	load(verbose=False)
	companies = [
		frappe.db.get_value("Residence", r["residence_name"], "company")
		for r in demo_data.build()["residences"]
	]
	if frappe.db.count("GL Entry", {"company": ["in", companies]}):
		pytest.skip("the demo companies have ledger entries on this site: reset refuses them by design")
	other_owner = frappe.get_doc(
		{
			"doctype": "Co-owner",
			"owner_type": "Person",
			"full_name": "Test Hors Démo Reset",
			"cin": "ZZ999001",
			"phone": "0661000001",
			"preferred_language": "fr",
		}
	).insert()
	other_supplier = frappe.get_doc(
		{
			"doctype": "Supplier",
			"supplier_name": "Fournisseur hors démo (test reset)",
			"service_category": "Plumbing",
		}
	).insert()
	frappe.db.commit()
	try:
		before = _counts(frappe)
		old_company = frappe.db.get_value("Residence", demo_data.CASA, "company")
		summary = load(reset=True, verbose=False)
		assert summary["removed"]["Residence"] == 2
		assert summary["removed"]["Unit"] == len(demo_data.build()["units"])
		assert summary["created"]["Residence"] == 2
		assert _counts(frappe) == before
		# recreated, with a company of the same name and a complete chart
		company = frappe.db.get_value("Residence", demo_data.CASA, "company")
		assert company == old_company
		assert frappe.db.get_value("Account", {"company": company, "account_number": "5121"})
		# what is not demo data is left alone
		assert frappe.db.exists("Co-owner", other_owner.name)
		assert frappe.db.exists("Customer", other_owner.customer)
		assert frappe.db.exists("Supplier", other_supplier.name)
	finally:
		frappe.delete_doc("Co-owner", other_owner.name, force=True)
		frappe.delete_doc("Supplier", other_supplier.name, force=True)
		frappe.db.commit()

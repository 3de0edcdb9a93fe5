"""An accountant with a User Permission on résidence 1 (issue 10): the co-owners, their Customers
and their balances of résidence 2 are out of his reach, through the desk list and form, REST, the
link search, co_owner_query and get_balance_on; without any User Permission the firm-wide view
stays whole."""

import json

import pytest

pytestmark = pytest.mark.site


def test_an_accountant_of_residence_1_reaches_only_its_co_owners(clients, parties, site):
	acc, own, other = clients["acc"], parties["a"], parties["c"]
	# the desk list and count
	r = acc.call("frappe.desk.reportview.get", doctype="Co-owner", fields='["name"]', page_length=1000)
	assert r.status_code == 200, r.text[:300]
	names = {row[0] for row in r.json()["message"]["values"]}
	assert own.co_owner in names and other.co_owner not in names
	r = acc.call("frappe.client.get_count", doctype="Co-owner", filters=json.dumps({"name": other.co_owner}))
	assert r.json()["message"] == 0
	# the form, REST, and the Customer behind
	for r in (
		acc.call("frappe.desk.form.load.getdoc", doctype="Co-owner", name=other.co_owner),
		acc.get(f"/api/resource/Co-owner/{other.co_owner}"),
		acc.get(f"/api/resource/Customer/{other.customer}"),
	):
		assert r.status_code == 403, r.text[:300]
	assert acc.get(f"/api/resource/Co-owner/{own.co_owner}").status_code == 200
	r = acc.get("/api/resource/Customer", limit_page_length=1000)
	customers = {row["name"] for row in r.json()["data"]}
	assert own.customer in customers and other.customer not in customers
	# the link search, the registry's co-owner picker, the balance of the other's customer
	r = acc.call("frappe.desk.search.search_link", doctype="Co-owner", txt=other.co_owner)
	assert other.co_owner not in {row["value"] for row in r.json()["message"]}
	r = acc.call(
		"syndic_maroc.api.registry.co_owner_query",
		doctype="Co-owner",
		txt="",
		searchfield="name",
		start=0,
		page_len=500,
		filters=json.dumps({"residence": other.residence}),
	)
	assert other.co_owner not in {row[0] for row in (r.json().get("message") or [])}
	r = acc.call("erpnext.accounts.utils.get_balance_on", party_type="Customer", party=other.customer)
	assert r.status_code == 403, r.text[:300]
	r = acc.call(
		"erpnext.accounts.utils.get_balance_on",
		party_type="Customer",
		party=own.customer,
		company=own.company,
	)
	assert r.status_code == 200, r.text[:300]


def test_without_user_permissions_the_firm_sees_every_co_owner(db, parties):
	from syndic_maroc.registry.permissions import co_owner_query_conditions, permitted_residences

	assert permitted_residences("Administrator") is None
	assert co_owner_query_conditions("Administrator") == ""
	assert permitted_residences(parties["acc"].user) == [parties["acc"].residence]
	everyone = set(db.get_all("Co-owner", pluck="name"))
	assert {parties["a"].co_owner, parties["c"].co_owner} <= everyone


def test_the_contacts_and_addresses_of_another_residences_co_owners_are_hidden(clients, parties, site):
	acc, other = clients["acc"], parties["c"]
	contact = site.db.get_value("Co-owner", other.co_owner, "contact")
	email = site.db.get_value("Co-owner", other.co_owner, "email")
	r = acc.get("/api/resource/Contact", fields='["name","email_id"]', limit_page_length=5000)
	assert r.status_code in (200, 403), r.text[:300]
	if r.status_code == 200:
		rows = r.json()["data"]
		assert contact not in {row["name"] for row in rows}
		assert not email or email not in r.text
	if contact:
		assert acc.get(f"/api/resource/Contact/{contact}").status_code == 403
	# the résidence pickers refuse a résidence the accountant may not read
	r = acc.call(
		"syndic_maroc.api.registry.unit_query",
		doctype="Unit",
		txt="",
		searchfield="name",
		start=0,
		page_len=20,
		filters=json.dumps({"residence": other.residence}),
	)
	assert r.status_code == 403, r.text[:300]

"""api.registry (the Residence and Co-owner form dashboards, the résidence-bound co-owner picker):
past owners are listed with present ones, other résidences' are not, and a co-owner's portal login
reads no figures (403)."""

import json
import uuid

import pytest

pytestmark = pytest.mark.site


@pytest.fixture
def little(db):
	frappe = db
	tag = uuid.uuid4().hex[:6].upper()
	residence = frappe.get_doc(
		{
			"doctype": "Residence",
			"residence_name": f"Résidence API {tag}",
			"abbr": f"A{tag}",
			"total_tantiemes": 100,
		}
	).insert()
	owners = [
		frappe.get_doc(
			{
				"doctype": "Co-owner",
				"full_name": f"Api {i} {tag}",
				"email": f"api{i}.{tag.lower()}@example.ma",
			}
		).insert()
		for i in range(3)
	]
	unit = frappe.get_doc(
		{
			"doctype": "Unit",
			"residence": residence.name,
			"unit_number": "A1",
			"unit_type": "Apartment",
			"tantiemes": 100,
			"co_owner": owners[0].name,
		}
	)
	unit.flags.ownership_from_date = "2020-01-01"  # owner 0 since 2020 (as the demo loader does)
	unit.insert()
	# owner 0 sold to owner 1; owner 2 owns nothing here
	unit.transfer_ownership(owners[1].name, frappe.utils.add_days(frappe.utils.today(), -1), "Acte test")
	return frappe._dict(residence=residence.name, owners=[o.name for o in owners], tag=tag)


def test_co_owner_query_lists_present_and_past_owners_of_the_residence_only(little):
	from syndic_maroc.api.registry import co_owner_query

	rows = co_owner_query("Co-owner", "", "name", 0, 20, {"residence": little.residence})
	assert sorted(r[0] for r in rows) == sorted(little.owners[:2])
	assert (
		co_owner_query("Co-owner", "Api 1", "name", 0, 20, {"residence": little.residence})[0][0]
		== little.owners[1]
	)
	# filters arrive as JSON from the desk
	as_json = json.dumps({"residence": little.residence})
	assert sorted(r[0] for r in co_owner_query("Co-owner", "", "name", 0, 20, as_json)) == sorted(
		little.owners[:2]
	)


def test_figures_of_a_residence_without_ledger_and_a_co_owner(little):
	from syndic_maroc.api.registry import co_owner_figures, residence_figures

	figures = residence_figures(little.residence)
	assert figures["bank_balance"] == 0 and figures["arrears"] == 0 and figures["outstanding"] == 0
	assert co_owner_figures(little.owners[0])["residences"] == [
		{"residence": little.residence, "currency": figures["currency"], "balance": 0}
	]
	assert co_owner_figures(little.owners[2])["residences"] == []


def test_a_co_owner_login_reads_no_dashboard(db, little):
	from syndic_maroc.api.registry import co_owner_figures, residence_figures

	user = db.get_doc("Co-owner", little.owners[1]).create_portal_user()
	db.set_user(user)
	try:
		with pytest.raises(db.PermissionError):
			residence_figures(little.residence)
		with pytest.raises(db.PermissionError):
			co_owner_figures(little.owners[0])
	finally:
		db.set_user("Administrator")

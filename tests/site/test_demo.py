"""The demo loader on a real site: résidences with their own companies, units, co-owners → customers.

`load()` commits (it is the installer's and `bench syndic-demo`'s entry point), so these tests
leave the demo data on the site, which is where the installer puts it anyway.
"""

import pytest
from syndic_maroc.setup import demo_data

pytestmark = pytest.mark.site

DATA = demo_data.build()


def _counts(frappe):
	return {
		doctype: frappe.db.count(doctype)
		for doctype in (
			"Residence",
			"Building",
			"Unit",
			"Unit Ownership",
			"Co-owner",
			"Customer",
			"Contact",
			"Allocation Key",
			"Allocation Key Unit",
			"Supplier",
			"Company",
			"Account",
			"Address",
		)
	}


@pytest.fixture(scope="module")
def loaded(site):
	from syndic_maroc.setup.demo import load

	return load(verbose=False)


def _residence(frappe, name):
	return frappe.get_doc("Residence", name)


def test_casablanca_has_its_own_company_and_chart(db, loaded):
	res = _residence(db, demo_data.CASA)
	assert res.company and db.db.exists("Company", res.company)
	company = db.get_doc("Company", res.company)
	assert company.default_currency == "MAD"
	assert company.country == "Morocco"
	assert db.db.get_value("Account", {"company": res.company, "account_number": "5121"})
	assert res.default_bank_account and res.cost_center
	assert res.city == "Casablanca" and res.total_tantiemes == 10000
	assert res.rib and len(res.rib) == 24


def test_casablanca_units_and_tantiemes(db, loaded):
	units = db.get_all(
		"Unit", filters={"residence": demo_data.CASA}, fields=["name", "tantiemes", "unit_type", "co_owner"]
	)
	assert 55 <= len(units) <= 65
	assert sum(u.tantiemes for u in units) == 10000
	assert db.db.get_value("Residence", demo_data.CASA, "allocated_tantiemes") == 10000
	assert {u.unit_type for u in units} >= {"Apartment", "Commercial", "Parking"}
	assert all(u.co_owner for u in units)
	buildings = db.get_all("Building", filters={"residence": demo_data.CASA}, pluck="building_code")
	assert sorted(buildings) == ["A", "B"]


def test_marrakech_base_1000(db, loaded):
	units = db.get_all("Unit", filters={"residence": demo_data.MARRAKECH}, pluck="tantiemes")
	assert len(units) == 12 and sum(units) == 1000
	assert db.db.get_value("Residence", demo_data.MARRAKECH, "total_tantiemes") == 1000


def test_two_residences_two_companies(db, loaded):
	companies = [db.db.get_value("Residence", r["residence_name"], "company") for r in DATA["residences"]]
	assert all(companies) and len(set(companies)) == 2
	for company in companies:
		assert db.db.get_value("Company", company, "default_currency") == "MAD"


def test_every_co_owner_has_a_customer_and_contact(db, loaded):
	from syndic_maroc.setup.demo import co_owner_name

	for row in DATA["co_owners"]:
		name = co_owner_name(row)
		assert name, row["full_name"]
		co_owner = db.get_doc("Co-owner", name)
		assert co_owner.customer and db.db.exists("Customer", co_owner.customer), row["full_name"]
		assert co_owner.contact and db.db.exists("Contact", co_owner.contact), row["full_name"]
		assert co_owner.full_name == row["full_name"]
	mre = db.get_all(
		"Co-owner",
		filters={"is_mre": 1, "cin": ["in", [c["cin"] for c in DATA["co_owners"] if c["cin"]]]},
		fields=["country", "phone"],
	)
	assert len(mre) >= 4 and all(m.country != "Morocco" and not m.phone.startswith("+212") for m in mre)


def test_co_owner_with_several_units_and_residences(db, loaded):
	rows = db.db.sql(
		"""select co_owner, count(*) as n, count(distinct residence) as residences
		from `tabUnit` where residence in %s group by co_owner""",
		([demo_data.CASA, demo_data.MARRAKECH],),
		as_dict=True,
	)
	assert any(r.n > 1 for r in rows)
	assert any(r.residences == 2 for r in rows)


def test_allocation_keys(db, loaded):
	general = db.get_all(
		"Allocation Key", filters={"residence": demo_data.CASA, "is_general": 1}, pluck="name"
	)
	assert len(general) == 1
	key = db.get_doc("Allocation Key", general[0])
	assert len(key.units) == db.db.count("Unit", {"residence": demo_data.CASA})
	lift = db.get_doc("Allocation Key", {"residence": demo_data.CASA, "key_name": "Ascenseur bâtiment A"})
	assert lift.basis == "Tantiemes"
	lift_units = [
		db.db.get_value("Unit", row.unit, ["building", "unit_type"], as_dict=True) for row in lift.units
	]
	assert lift_units and all(u.unit_type == "Apartment" for u in lift_units)
	assert {db.db.get_value("Building", u.building, "building_code") for u in lift_units} == {"A"}
	parking = db.get_doc("Allocation Key", {"residence": demo_data.CASA, "key_name": "Parking"})
	assert parking.basis == "Equal"
	assert len(parking.units) == db.db.count("Unit", {"residence": demo_data.CASA, "unit_type": "Parking"})
	assert len({row.weight for row in parking.units}) == 1


def test_transfers_are_in_the_history(db, loaded):
	from syndic_maroc.setup.demo import unit_name

	for transfer in DATA["transfers"]:
		unit = db.get_doc("Unit", unit_name(transfer["residence"], transfer["unit_number"]))
		assert len(unit.ownership_history) == 2
		first, second = sorted(unit.ownership_history, key=lambda r: str(r.from_date))
		assert first.to_date and not second.to_date
		assert str(second.from_date) == transfer["date"]
		assert second.co_owner == unit.co_owner


def test_suppliers(db, loaded):
	for row in DATA["suppliers"]:
		name = db.db.get_value("Supplier", {"supplier_name": row["supplier_name"]})
		assert name, row["supplier_name"]
		supplier = db.get_doc("Supplier", name)
		assert supplier.service_category == row["service_category"]
		assert supplier.supplier_ice == row["supplier_ice"]
		assert supplier.supplier_rib == row["supplier_rib"]
		assert sorted(r.residence for r in supplier.served_residences) == sorted(row["served_residences"])
		address = db.db.get_value(
			"Dynamic Link", {"parenttype": "Address", "link_doctype": "Supplier", "link_name": name}, "parent"
		)
		assert address and db.db.get_value("Address", address, "city") == row["city"]


def test_loading_twice_changes_nothing(db, loaded):
	from syndic_maroc.setup.demo import load

	before = _counts(db)
	summary = load(verbose=False)
	assert summary["created"] == {}
	assert _counts(db) == before


def test_reset_refuses_when_the_books_have_entries(db, loaded):
	"""A demo company with a ledger entry is never deleted: reset stops before touching anything."""
	from syndic_maroc.setup.demo import load

	res = _residence(db, demo_data.CASA)
	income = db.db.get_value("Account", {"company": res.company, "account_number": "7111", "is_group": 0})
	assert income, "account 7111 missing from the syndicat chart"
	je = db.get_doc(
		{
			"doctype": "Journal Entry",
			"company": res.company,
			"posting_date": db.utils.today(),
			"accounts": [
				{
					"account": res.default_bank_account,
					"debit_in_account_currency": 100,
					"cost_center": res.cost_center,
				},
				{"account": income, "credit_in_account_currency": 100, "cost_center": res.cost_center},
			],
		}
	)
	je.insert()
	je.submit()
	with pytest.raises(db.ValidationError, match="écritures comptables"):
		load(reset=True, verbose=False)
	# load() rolled the failed reset back (and with it the journal entry): nothing was deleted
	assert db.db.exists("Residence", demo_data.CASA)
	assert not db.db.exists("Journal Entry", je.name)
	assert db.db.count("Unit", {"residence": demo_data.CASA}) == len(
		[u for u in DATA["units"] if u["residence"] == demo_data.CASA]
	)

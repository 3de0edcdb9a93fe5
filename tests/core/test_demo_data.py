"""The demo data set (syndic_maroc.demo.data) is deterministic and internally consistent."""

import json
import re
from collections import Counter

import pytest
from syndic_maroc.core.identifiers import (
	normalize_phone,
	rib_key_ok,
	validate_cin,
	validate_ice,
	validate_rib,
)
from syndic_maroc.demo import data as demo_data


@pytest.fixture(scope="module")
def data():
	return demo_data.build()


def _units(data, residence):
	return [u for u in data["units"] if u["residence"] == residence]


def test_deterministic(data):
	assert demo_data.build() == data
	assert json.dumps(demo_data.build(), sort_keys=True) == json.dumps(data, sort_keys=True)
	assert demo_data.build(seed=7) != data


def test_two_residences_with_their_bases(data):
	by_name = {r["residence_name"]: r for r in data["residences"]}
	assert set(by_name) == {demo_data.CASA, demo_data.MARRAKECH}
	assert by_name[demo_data.CASA]["city"] == "Casablanca"
	assert by_name[demo_data.CASA]["total_tantiemes"] == 10000
	assert by_name[demo_data.MARRAKECH]["city"] == "Marrakech"
	assert by_name[demo_data.MARRAKECH]["total_tantiemes"] == 1000
	assert len({r["abbr"] for r in data["residences"]}) == 2


@pytest.mark.parametrize("residence", [demo_data.CASA, demo_data.MARRAKECH])
def test_tantiemes_add_up_to_the_declared_base(data, residence):
	base = next(r["total_tantiemes"] for r in data["residences"] if r["residence_name"] == residence)
	units = _units(data, residence)
	assert sum(u["tantiemes"] for u in units) == base
	assert all(isinstance(u["tantiemes"], int) and u["tantiemes"] > 0 for u in units)


@pytest.mark.parametrize("residence", [demo_data.CASA, demo_data.MARRAKECH])
def test_tantiemes_follow_surfaces(data, residence):
	"""Loi 18-00 art. 6: quote-part = private surface / total private surface (largest remainder)."""
	base = next(r["total_tantiemes"] for r in data["residences"] if r["residence_name"] == residence)
	units = _units(data, residence)
	total_surface = sum(u["surface"] for u in units)
	for u in units:
		assert abs(u["tantiemes"] - u["surface"] * base / total_surface) < 1


def test_casablanca_layout(data):
	units = _units(data, demo_data.CASA)
	assert 55 <= len(units) <= 65
	kinds = Counter(u["unit_type"] for u in units)
	assert kinds["Apartment"] >= 40 and kinds["Commercial"] >= 2 and kinds["Parking"] >= 5
	assert {u["building"] for u in units} == {"A", "B", None}
	assert all(u["floor"] == "RDC" for u in units if u["unit_type"] == "Commercial")
	assert all(u["building"] is None for u in units if u["unit_type"] == "Parking")


def test_unit_numbers_unique_per_residence(data):
	keys = [(u["residence"], u["unit_number"]) for u in data["units"]]
	assert len(keys) == len(set(keys))
	assert len(_units(data, demo_data.MARRAKECH)) == 12


def test_every_unit_has_a_known_owner_and_building(data):
	owners = {c["key"] for c in data["co_owners"]}
	buildings = {(b["residence"], b["building_code"]) for b in data["buildings"]}
	for u in data["units"]:
		assert u["co_owner"] in owners
		assert u["building"] is None or (u["residence"], u["building"]) in buildings
		assert u["occupancy"] in ("Owner", "Tenant", "Vacant")
		if u["occupancy"] == "Tenant":
			assert u["occupant_name"]


def test_co_owners(data):
	co_owners = data["co_owners"]
	casa_owners = {u["co_owner"] for u in _units(data, demo_data.CASA)}
	casa_owners |= {t["from_owner"] for t in data["transfers"] if t["residence"] == demo_data.CASA}
	assert 50 <= len(casa_owners) <= 60
	assert len({c["key"] for c in co_owners}) == len(co_owners)
	assert len({c["full_name"] for c in co_owners}) == len(co_owners)
	assert len({c["email"] for c in co_owners}) == len(co_owners)
	# a few own several units, one owns units in both résidences
	per_owner = Counter(u["co_owner"] for u in data["units"])
	assert 3 <= sum(1 for n in per_owner.values() if n > 1) <= 10
	marrakech_owners = {u["co_owner"] for u in _units(data, demo_data.MARRAKECH)}
	assert casa_owners & marrakech_owners
	# MRE live abroad, with a foreign address and phone
	mre = [c for c in co_owners if c["is_mre"]]
	assert len(mre) >= 4
	assert {c["country"] for c in mre} >= {"France", "Spain", "Belgium", "Canada"}
	assert all(not normalize_phone(c["phone"]).startswith("+212") for c in mre)
	assert all(
		normalize_phone(c["phone"]).startswith(("+2126", "+2127", "+2125"))
		for c in co_owners
		if not c["is_mre"]
	)
	assert {c["preferred_language"] for c in co_owners} == {"fr", "ar"}


def test_identifiers_are_valid(data):
	for c in data["co_owners"]:
		if c["owner_type"] == "Person":
			assert validate_cin(c["cin"]) == c["cin"] and re.fullmatch(r"[A-Z]{1,2}\d{6}", c["cin"])
			assert not c["ice"]
		else:
			assert validate_ice(c["ice"]) == c["ice"] and not c["cin"]
		assert re.fullmatch(r"[^@\s]+@([\w-]+\.)*example\.(com|org|net)", c["email"])
	companies = [c for c in data["co_owners"] if c["owner_type"] == "Company"]
	assert len(companies) >= 3
	for r in data["residences"]:
		assert validate_rib(r["rib"], strict_key=True) == r["rib"]
		if r["ice"]:
			validate_ice(r["ice"])


def test_suppliers(data):
	suppliers = data["suppliers"]
	assert len(suppliers) == 6
	assert len({s["supplier_name"] for s in suppliers}) == 6
	categories = {s["service_category"] for s in suppliers}
	assert categories == {
		"Elevator",
		"Cleaning",
		"Security",
		"Gardening",
		"Electricity",
		"Utility Distributor",
	}
	residences = {r["residence_name"] for r in data["residences"]}
	for s in suppliers:
		assert validate_ice(s["supplier_ice"]) == s["supplier_ice"]
		assert len(s["supplier_rib"]) == 24 and rib_key_ok(s["supplier_rib"])
		assert re.fullmatch(r"\d{8}", s["supplier_if"]) and s["supplier_rc"]
		assert s["served_residences"] and set(s["served_residences"]) <= residences
	ices = [s["supplier_ice"] for s in suppliers] + [c["ice"] for c in data["co_owners"] if c["ice"]]
	assert len(ices) == len(set(ices))


def test_allocation_keys(data):
	keys = {k["key_name"]: k for k in data["allocation_keys"]}
	assert {"Ascenseur bâtiment A", "Parking"} <= set(keys)
	assert demo_data.GENERAL_KEY not in keys  # created with the résidence
	units = {(u["residence"], u["unit_number"]): u for u in data["units"]}
	lift = keys["Ascenseur bâtiment A"]
	assert lift["basis"] == "Tantiemes"
	lift_units = [units[(lift["residence"], row["unit"])] for row in lift["units"]]
	assert {u["building"] for u in lift_units} == {"A"} and {u["unit_type"] for u in lift_units} == {
		"Apartment"
	}
	assert len(lift_units) == sum(
		1 for u in units.values() if u["building"] == "A" and u["unit_type"] == "Apartment"
	)
	parking = keys["Parking"]
	assert parking["basis"] == "Equal"
	assert {units[(parking["residence"], r["unit"])]["unit_type"] for r in parking["units"]} == {"Parking"}
	for key in keys.values():
		assert all(row["weight"] > 0 for row in key["units"])


def test_transfers_change_owner(data):
	units = {(u["residence"], u["unit_number"]): u for u in data["units"]}
	assert data["transfers"]
	for t in data["transfers"]:
		unit = units[(t["residence"], t["unit_number"])]
		assert unit["co_owner"] == t["from_owner"] != t["new_owner"]
		assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", t["date"]) and t["date"] > unit["acquired_on"]


def test_plain_data_only(data):
	"""Plain dicts, lists, str, int, float, None: what a loader or a JSON fixture can take."""
	json.dumps(data)
	import syndic_maroc.demo.data as module

	assert "frappe" not in module.__dict__

"""What a co-owner sees of the building's operations: his own requests and the common-area
requests of the résidences where he owns a lot now; never another owner's private lot, never
another résidence."""

import frappe
from frappe import _

from syndic_maroc.registry.owners import co_owners_of_user


def deny():
	raise frappe.PermissionError(_("This document is not available from your co-owner space."))


def my_co_owners(user: str | None = None) -> list[str]:
	return [row.name for row in co_owners_of_user(user)]


def my_residences(co_owners: list[str]) -> list[str]:
	if not co_owners:
		return []
	return frappe.db.sql(
		"select distinct residence from `tabUnit` where co_owner in %(names)s order by residence",
		{"names": tuple(co_owners)},
		pluck=True,
	)


def my_units(co_owners: list[str]) -> list[str]:
	if not co_owners:
		return []
	return frappe.get_all("Unit", filters={"co_owner": ("in", co_owners)}, pluck="name")


def request_filters_sql(co_owners: list[str], alias: str = "mr") -> tuple[str, dict]:
	residences = my_residences(co_owners)
	if not co_owners:
		return "1=0", {}
	clause = f"({alias}.co_owner in %(co_owners)s"
	values = {"co_owners": tuple(co_owners)}
	if residences:
		clause += f" or ({alias}.location_type = 'Common area' and {alias}.residence in %(residences)s)"
		values["residences"] = tuple(residences)
	return clause + ")", values


def can_see_request(row, co_owners: list[str]) -> bool:
	if not co_owners or not row:
		return False
	if row.co_owner in co_owners:
		return True
	return row.location_type == "Common area" and row.residence in my_residences(co_owners)


def visible_request(name: str) -> frappe._dict:
	"""The request `name` if the session's co-owner may see it; else 403 (existing or not)."""
	co_owners = my_co_owners()
	row = (
		frappe.db.get_value(
			"Maintenance Request",
			name,
			["name", "residence", "location_type", "co_owner", "unit", "status"],
			as_dict=True,
		)
		if name
		else None
	)
	if not can_see_request(row, co_owners):
		deny()
	return row

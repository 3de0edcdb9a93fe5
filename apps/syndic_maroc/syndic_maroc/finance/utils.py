"""Reading the registry for the money cycle: key weights, owners on a date, accounts by number.

Bulk queries only (one per table), so a call for a 1,000-unit résidence reads the registry in a
handful of statements.
"""

import frappe
from frappe import _
from frappe.utils import getdate

from syndic_maroc.core.finance.chart import BUDGET_CATEGORIES, CURRENT, WORKS
from syndic_maroc.utils.errors import core_errors

# Select values of the DocTypes <-> kinds of core.finance.chart.
KIND_FROM_SELECT = {"Current": CURRENT, "Works": WORKS}
SELECT_FROM_KIND = {v: k for k, v in KIND_FROM_SELECT.items()}


def account_by_number(company: str, number: str) -> str | None:
	return frappe.db.get_value(
		"Account", {"company": company, "account_number": number, "is_group": 0}, "name"
	)


def required_account(company: str, number: str) -> str:
	account = account_by_number(company, number)
	if not account:
		frappe.throw(
			_("Account {0} of the décret 2.23.700 chart is missing in company {1}").format(
				frappe.bold(number), frappe.bold(company)
			)
		)
	return account


def default_line_values(company: str, category: str) -> dict:
	"""Account and kind of a budget category (core.finance.chart.BUDGET_CATEGORIES)."""
	number, kind = BUDGET_CATEGORIES.get(category, (None, CURRENT))
	return {"account": account_by_number(company, number) if number else None, "kind": SELECT_FROM_KIND[kind]}


def key_weights(keys: list[str]) -> dict[str, dict[str, float]]:
	"""{allocation key: {unit: weight}} for the given keys, in the keys' row order."""
	result = {key: {} for key in keys}
	if not keys:
		return result
	rows = frappe.db.sql(
		"""select parent, unit, weight from `tabAllocation Key Unit`
		where parenttype='Allocation Key' and parent in %(keys)s order by parent, idx""",
		{"keys": tuple(keys)},
		as_dict=True,
	)
	for row in rows:
		if row.unit:
			result[row.parent][row.unit] = row.weight
	return result


def units_of(residence: str) -> dict[str, frappe._dict]:
	"""{unit: row(name, unit_number, co_owner, building)} of a résidence."""
	return {
		row.name: row
		for row in frappe.get_all(
			"Unit",
			filters={"residence": residence},
			fields=["name", "unit_number", "co_owner", "building"],
			order_by="unit_number asc",
		)
	}


def owners_on(units: dict[str, frappe._dict], on_date) -> dict[str, str]:
	"""{unit: co-owner} on `on_date`, from the ownership history.

	A unit without history gives its current co-owner. A date before the first history row
	gives the first owner: the history starts when the lot was entered in the registry, which
	is not its acquisition date (a syndic taking over mid-year calls the earlier periods too).
	A date after a closed row with no owner since gives none."""
	on_date = getdate(on_date)
	owners = {name: row.co_owner for name, row in units.items() if row.co_owner}
	if not units:
		return owners
	history = frappe.db.sql(
		"""select parent, co_owner, from_date, to_date from `tabUnit Ownership`
		where parenttype='Unit' and parent in %(units)s order by parent, from_date, idx""",
		{"units": tuple(units)},
		as_dict=True,
	)
	rows_of: dict[str, list] = {}
	for row in history:
		if row.from_date:
			rows_of.setdefault(row.parent, []).append(row)
	for unit, rows in rows_of.items():
		owner = None
		for row in rows:
			if getdate(row.from_date) <= on_date and (not row.to_date or on_date <= getdate(row.to_date)):
				owner = row.co_owner
				break
		if owner is None and on_date < getdate(rows[0].from_date):
			owner = rows[0].co_owner
		if owner:
			owners[unit] = owner
		else:
			owners.pop(unit, None)
	return owners


def customers_of(co_owners) -> dict[str, frappe._dict]:
	"""{co-owner: row(customer, full_name)}."""
	co_owners = list(co_owners)
	if not co_owners:
		return {}
	return {
		row.name: row
		for row in frappe.get_all(
			"Co-owner", filters={"name": ("in", co_owners)}, fields=["name", "customer", "full_name"]
		)
	}


def building_cost_centers(residence: str) -> dict[str, str]:
	return {
		row.name: row.cost_center
		for row in frappe.get_all(
			"Building", filters={"residence": residence}, fields=["name", "cost_center"]
		)
		if row.cost_center
	}

"""Link searches bounded by the résidence chosen on the form or in the report filters.

Both go through frappe.get_list, so the caller's permissions and User Permissions apply.
"""

import json

import frappe


def _filters(filters) -> frappe._dict:
	if isinstance(filters, str):
		filters = json.loads(filters or "{}")
	return frappe._dict(filters or {})


def co_owner_names(residence: str) -> list[str]:
	"""Co-owners who own, or owned (Unit Ownership history), a lot of `residence`."""
	return [
		row[0]
		for row in frappe.db.sql(
			"""select u.co_owner from `tabUnit` u
			where u.residence = %(residence)s and ifnull(u.co_owner, '') != ''
			union
			select h.co_owner from `tabUnit Ownership` h
			join `tabUnit` u on u.name = h.parent and h.parenttype = 'Unit'
			where u.residence = %(residence)s and ifnull(h.co_owner, '') != ''""",
			{"residence": residence},
		)
	]


def co_owners_of_residence(txt: str, start: int, page_len: int, filters) -> list:
	"""[(name, full_name)] of the co-owners of filters["residence"] (all readable ones without it)."""
	filters = _filters(filters)
	conditions = []
	if filters.get("residence"):
		# the co-owners of a résidence the user may not read are none of his business
		frappe.has_permission("Residence", "read", filters.residence, throw=True)
		names = co_owner_names(filters.residence)
		if not names:
			return []
		conditions.append(["name", "in", names])
	return frappe.get_list(
		"Co-owner",
		filters=conditions,
		or_filters=[["name", "like", f"%{txt}%"], ["full_name", "like", f"%{txt}%"]] if txt else None,
		fields=["name", "full_name"],
		order_by="full_name asc, name asc",
		limit_start=start,
		limit_page_length=page_len,
		as_list=True,
	)


def units_of_residence(txt: str, start: int, page_len: int, filters) -> list:
	"""[(name, unit_number)] of the lots of filters["residence"]."""
	filters = _filters(filters)
	if filters.get("residence"):
		frappe.has_permission("Residence", "read", filters.residence, throw=True)
	conditions = [["residence", "=", filters.residence]] if filters.get("residence") else []
	return frappe.get_list(
		"Unit",
		filters=conditions,
		or_filters=[["name", "like", f"%{txt}%"], ["unit_number", "like", f"%{txt}%"]] if txt else None,
		fields=["name", "unit_number"],
		order_by="unit_number asc",
		limit_start=start,
		limit_page_length=page_len,
		as_list=True,
	)

"""Who a user is in the registry: his Co-owner records and the résidences they belong to.
Read by the portal, the assembly, operations and the assistant (floors above)."""

import frappe


def co_owners_of_user(user: str | None = None) -> list[frappe._dict]:
	"""The Co-owner records of `user` (portal user, or user of the co-owner's Contact)."""
	user = user or frappe.session.user
	if not user or user == "Guest":
		return []
	return frappe.db.sql(
		"""select c.name, c.full_name, c.customer, c.email, c.preferred_language
		from `tabCo-owner` c
		where ifnull(c.customer, '') != ''
			and (c.portal_user = %(user)s
				or c.contact in (select ct.name from `tabContact` ct where ct.user = %(user)s))
		order by c.full_name, c.name""",
		{"user": user},
		as_dict=True,
	)


def residences_of(co_owners: list[frappe._dict]) -> list[frappe._dict]:
	"""Résidences where the co-owners own a unit, owned one, or have a call for funds."""
	names = [row.name for row in co_owners]
	customers = [row.customer for row in co_owners]
	if not names:
		return []
	found = frappe.db.sql(
		"""select distinct u.residence from `tabUnit` u
		where u.co_owner in %(names)s
			or exists(select 1 from `tabUnit Ownership` h where h.parenttype = 'Unit' and h.parent = u.name
				and h.co_owner in %(names)s)
		union
		select distinct si.syndic_residence from `tabSales Invoice` si
		where si.docstatus = 1 and si.customer in %(customers)s and ifnull(si.syndic_residence, '') != ''""",
		{"names": tuple(names), "customers": tuple(customers)},
		pluck=True,
	)
	if not found:
		return []
	return frappe.get_all(
		"Residence",
		filters={"name": ("in", found)},
		fields=["name", "residence_name", "city", "total_tantiemes", "company"],
		order_by="residence_name asc",
	)

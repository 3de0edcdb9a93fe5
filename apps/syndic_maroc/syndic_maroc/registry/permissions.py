"""Staff scoped to their résidences reach only those résidences' co-owners (issue 10).

A User Permission on Residence restricts every DocType with a Residence link (Unit, Call for
Funds, …), but Co-owner and Customer have none: a co-owner belongs to a résidence through his
lots. These hooks (hooks.py `permission_query_conditions`, `has_permission`) carry the scoping
over: a user with User Permissions on Residence lists and opens only the co-owners owning, or
having owned (Unit Ownership), a lot in one of those résidences, and only their Customers, and
the Contacts and Addresses of those (other Customers, Contacts and Addresses stay as they are). A user without any (a firm-wide manager) is not restricted; portal
users are not concerned (syndic_maroc.portal.access decides for them).
"""

import frappe


def permitted_residences(user: str | None = None, doctype: str | None = None) -> list[str] | None:
	"""The résidences `user`'s User Permissions leave him (for `doctype`), None if unrestricted."""
	from frappe.core.doctype.user_permission.user_permission import get_user_permissions

	user = user or frappe.session.user
	if user in ("Administrator", "Guest"):
		return None
	rows = get_user_permissions(user).get("Residence") or []
	names = [
		row.get("doc")
		for row in rows
		if not row.get("applicable_for") or not doctype or row.get("applicable_for") == doctype
	]
	return names if rows else None


def readable_residences(user: str | None = None) -> list[str]:
	"""The résidences `user` may read: Frappe's list, so his role and his User Permissions count.

	Our raw-SQL reports and methods restrict what they return to these (Frappe applies User
	Permissions to its lists, never to raw SQL)."""
	return frappe.get_list("Residence", pluck="name", limit_page_length=0, user=user or frappe.session.user)


def check_residence(residence: str | None, ptype: str = "read") -> None:
	"""Refuse (PermissionError) a résidence the session user may not `ptype`; nothing when none is named."""
	if not residence:
		return
	if not (
		isinstance(residence, str)
		and frappe.db.exists("Residence", residence)
		and frappe.has_permission("Residence", ptype, residence)
	):
		frappe.throw(
			frappe._("You are not permitted to access residence {0}").format(frappe.bold(residence)),
			frappe.PermissionError,
		)


def _staff_scope(user: str | None, doctype: str) -> list[str] | None:
	user = user or frappe.session.user
	if frappe.get_cached_value("User", user, "user_type") == "Website User":
		return None
	return permitted_residences(user, doctype)


def _co_owners_sql(residences: list[str]) -> str:
	names = ", ".join(frappe.db.escape(r) for r in residences) or "''"
	return f"""select u.co_owner from `tabUnit` u where u.residence in ({names})
		union select h.co_owner from `tabUnit Ownership` h
		join `tabUnit` hu on hu.name = h.parent and h.parenttype = 'Unit' where hu.residence in ({names})"""


def co_owner_query_conditions(user: str | None = None) -> str:
	residences = _staff_scope(user, "Co-owner")
	if residences is None:
		return ""
	return f"`tabCo-owner`.`name` in ({_co_owners_sql(residences)})"


def co_owner_has_permission(doc, ptype=None, user=None, debug=False):
	residences = _staff_scope(user, "Co-owner")
	if residences is None or doc.is_new():
		return None
	return bool(
		frappe.db.sql(f"select 1 from ({_co_owners_sql(residences)}) t where t.co_owner = %s", doc.name)
	)


def _customers_sql(residences: list[str]) -> str:
	return f"""select c.customer from `tabCo-owner` c
		where ifnull(c.customer, '') != '' and c.name in ({_co_owners_sql(residences)})"""


def customer_query_conditions(user: str | None = None) -> str:
	residences = _staff_scope(user, "Customer")
	if residences is None:
		return ""
	return (
		"(`tabCustomer`.`name` not in (select customer from `tabCo-owner` where ifnull(customer, '') != '')"
		f" or `tabCustomer`.`name` in ({_customers_sql(residences)}))"
	)


def customer_has_permission(doc, ptype=None, user=None, debug=False):
	residences = _staff_scope(user, "Customer")
	if residences is None or doc.is_new() or not frappe.db.exists("Co-owner", {"customer": doc.name}):
		return None
	return bool(
		frappe.db.sql(f"select 1 from ({_customers_sql(residences)}) t where t.customer = %s", doc.name)
	)


def _hidden_customers_sql(residences: list[str]) -> str:
	"""Co-owners' Customers outside `residences`."""
	return f"""select customer from `tabCo-owner` where ifnull(customer, '') != ''
		and customer not in ({_customers_sql(residences)})"""


def _linked_conditions(doctype: str, residences: list[str]) -> str:
	return f"""`tab{doctype}`.`name` not in (select dl.parent from `tabDynamic Link` dl
		where dl.parenttype = '{doctype}' and dl.link_doctype = 'Customer'
		and dl.link_name in ({_hidden_customers_sql(residences)}))"""


def _linked_has_permission(doctype: str, doc, user) -> bool | None:
	residences = _staff_scope(user, doctype)
	if residences is None or doc.is_new():
		return None
	customers = [link.link_name for link in doc.get("links") or [] if link.link_doctype == "Customer"]
	if not customers:
		return None
	hidden = frappe.db.sql(
		f"select 1 from ({_hidden_customers_sql(residences)}) t where t.customer in %s", (customers,)
	)
	return False if hidden else None


def contact_query_conditions(user: str | None = None) -> str:
	residences = _staff_scope(user, "Contact")
	return "" if residences is None else _linked_conditions("Contact", residences)


def contact_has_permission(doc, ptype=None, user=None, debug=False):
	return _linked_has_permission("Contact", doc, user)


def address_query_conditions(user: str | None = None) -> str:
	residences = _staff_scope(user, "Address")
	return "" if residences is None else _linked_conditions("Address", residences)


def address_has_permission(doc, ptype=None, user=None, debug=False):
	return _linked_has_permission("Address", doc, user)


# Files attached to these are hidden from a scoped user when the document is another company's
# (Frappe lists a private File to anyone who may read its DocType, whatever the document).
_COMPANY_DOCTYPES = ("Sales Invoice", "Payment Entry", "Purchase Invoice", "Journal Entry", "Dunning")


def file_query_conditions(user: str | None = None) -> str:
	from frappe.core.doctype.user_permission.user_permission import get_user_permissions

	residences = _staff_scope(user, "File")
	if residences is None:
		return ""
	user = user or frappe.session.user
	companies = [row.get("doc") for row in get_user_permissions(user).get("Company") or []]
	names = ", ".join(frappe.db.escape(r) for r in residences)
	hidden = [
		f"(`tabFile`.`attached_to_doctype` = 'Residence' and `tabFile`.`attached_to_name` not in ({names}))",
		f"""(`tabFile`.`attached_to_doctype` = 'Co-owner'
			and `tabFile`.`attached_to_name` not in ({_co_owners_sql(residences)}))""",
		f"""(`tabFile`.`attached_to_doctype` = 'Incoming Document' and `tabFile`.`attached_to_name` in
			(select name from `tabIncoming Document` where ifnull(residence, '') not in ({names}, '')))""",
	]
	if companies:
		allowed = ", ".join(frappe.db.escape(c) for c in companies)
		hidden += [
			f"""(`tabFile`.`attached_to_doctype` = '{doctype}' and `tabFile`.`attached_to_name` in
				(select name from `tab{doctype}` where company not in ({allowed})))"""
			for doctype in _COMPANY_DOCTYPES
		]
	return f"(ifnull(`tabFile`.`attached_to_doctype`, '') = '' or not ({' or '.join(hidden)}))"

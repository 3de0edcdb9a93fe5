"""A résidence's staff (its Residence Staff rows) become Frappe User Permissions (issue 10).

Each user listed on a Residence gets a User Permission on that Residence and on its Company, so
every list, form, report and our own methods (registry.permissions) show him only the résidences
he is staff of. A row removed (or the Residence deleted) takes them away again. Idempotent: the
Residence controller calls `sync_staff` on every save. A user listed on no Residence keeps no
User Permission from here: a firm-wide manager sees all.
"""

import frappe


def _wanted(doc) -> set[tuple[str, str, str]]:
	users = {row.user for row in doc.get("staff") or [] if row.user}
	wanted = {(user, "Residence", doc.name) for user in users}
	if doc.get("company"):
		wanted |= {(user, "Company", doc.company) for user in users}
	return wanted


def _held(doc, users: set[str]) -> set[tuple[str, str, str]]:
	"""The User Permissions these users hold on this Residence and its Company."""
	if not users:
		return set()
	values = [doc.name] + ([doc.company] if doc.get("company") else [])
	rows = frappe.get_all(
		"User Permission",
		filters={
			"user": ("in", list(users)),
			"allow": ("in", ["Residence", "Company"]),
			"for_value": ("in", values),
		},
		fields=["user", "allow", "for_value"],
	)
	keep = {("Residence", doc.name), ("Company", doc.get("company"))}
	return {(r.user, r.allow, r.for_value) for r in rows if (r.allow, r.for_value) in keep}


def _still_staff_elsewhere(user: str, allow: str, value: str, residence: str) -> bool:
	"""Another Residence keeps `user` on the same Company (two résidences never share one today)."""
	if allow != "Company":
		return False
	return bool(
		frappe.db.sql(
			"""select 1 from `tabResidence Staff` s join `tabResidence` r on r.name = s.parent
			where s.parenttype = 'Residence' and s.user = %s and r.company = %s and r.name != %s limit 1""",
			(user, value, residence),
		)
	)


def sync_staff(doc, removing: bool = False) -> None:
	before = doc.get_doc_before_save() if not removing else None
	previous = {row.user for row in (before.get("staff") if before else []) or [] if row.user}
	if removing:
		previous |= {row.user for row in doc.get("staff") or [] if row.user}
	wanted = set() if removing else _wanted(doc)
	users = previous | {user for user, _allow, _value in wanted}
	held = _held(doc, users)
	for user, allow, value in wanted - held:
		frappe.get_doc(
			{"doctype": "User Permission", "user": user, "allow": allow, "for_value": value}
		).insert(ignore_permissions=True)
	for user, allow, value in held - wanted:
		if user in previous and not _still_staff_elsewhere(user, allow, value, doc.name):
			name = frappe.db.get_value("User Permission", {"user": user, "allow": allow, "for_value": value})
			frappe.delete_doc("User Permission", name, ignore_permissions=True, force=True)

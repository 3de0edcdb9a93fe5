"""A focused desk for the syndic's staff (roles Syndic Manager and Syndic Accountant).

A syndic never uses Stock, Manufacturing, Quality, Assets, Projects, CRM or Support: the Module
Profile "Syndic" blocks every module but this app's own, Accounts and Buying, so the sidebar shows
Syndic (and our other workspaces), Accounting and Buying. Module blocking is a desk filter, not a
permission: what a role may read is still decided by its DocPerms.

Who gets it: a user with a syndic role and without System Manager (the System Manager keeps the
whole desk). It is set at install/migrate on the existing staff and by `User.before_validate`
(doc_events) on new staff; a profile the administrator chose by hand is left alone.

The Role Profiles "Syndic Accountant" and "Syndic Manager" give staff our role plus the ERPNext
roles the Accounting and Buying workspaces need (Frappe lists a workspace only to users who may
read one of its module's DocTypes).
"""

import frappe

MODULE_PROFILE = "Syndic"
SYNDIC_ROLES = ("Syndic Manager", "Syndic Accountant")
# ERPNext modules a syndic works in, besides this app's own modules
ERPNEXT_MODULES = ("Accounts", "Buying")
HOME_WORKSPACE = "Syndic"
# Role Profiles a syndic firm gives its staff: our role and the ERPNext roles behind the
# Accounting and Buying workspaces (without them those workspaces stay out of the sidebar).
ROLE_PROFILES = {
	"Syndic Accountant": ("Syndic Accountant", "Accounts User", "Purchase User"),
	"Syndic Manager": (
		"Syndic Manager",
		"Syndic Accountant",
		"Accounts Manager",
		"Accounts User",
		"Purchase Manager",
		"Purchase User",
	),
}


def desk_modules() -> set[str]:
	"""The modules the syndic's desk keeps: this app's modules, Accounts and Buying."""
	return set(frappe.get_module_list("syndic_maroc")) | set(ERPNEXT_MODULES)


def blocked_modules() -> list[str]:
	keep = desk_modules()
	return sorted(m for m in frappe.get_all("Module Def", pluck="name") if m not in keep)


def ensure_module_profile() -> str:
	"""Create or refresh the "Syndic" Module Profile (modules of apps installed later are blocked too)."""
	blocked = blocked_modules()
	if frappe.db.exists("Module Profile", MODULE_PROFILE):
		profile = frappe.get_doc("Module Profile", MODULE_PROFILE)
		if sorted(row.module for row in profile.block_modules) == blocked:
			return profile.name
		profile.set("block_modules", [])
	else:
		profile = frappe.new_doc("Module Profile")
		profile.module_profile_name = MODULE_PROFILE
	for module in blocked:
		profile.append("block_modules", {"module": module})
	profile.flags.ignore_permissions = True
	profile.save()
	return profile.name


def ensure_role_profiles() -> None:
	"""The staff Role Profiles, with at least our roles (roles an administrator added stay)."""
	for name, roles in ROLE_PROFILES.items():
		wanted = [role for role in roles if frappe.db.exists("Role", role)]
		if frappe.db.exists("Role Profile", name):
			profile = frappe.get_doc("Role Profile", name)
			have = {row.role for row in profile.roles}
			missing = [role for role in wanted if role not in have]
			if not missing:
				continue
		else:
			profile = frappe.new_doc("Role Profile")
			profile.role_profile = name
			missing = wanted
		for role in missing:
			profile.append("roles", {"role": role})
		profile.flags.ignore_permissions = True
		profile.save()


def wants_syndic_desk(roles: set[str]) -> bool:
	return bool(roles & set(SYNDIC_ROLES)) and "System Manager" not in roles


def user_before_validate(doc, method=None):
	"""doc_events User.before_validate: staff with a syndic role get the focused desk; a user who
	becomes System Manager, or loses the syndic roles, gets the whole desk back."""
	if doc.name in ("Administrator", "Guest") or doc.user_type != "System User":
		if doc.module_profile == MODULE_PROFILE:
			_clear(doc)
		return
	roles = {row.role for row in doc.get("roles") or []}
	if doc.role_profile_name:
		# User.validate, after this hook, replaces the roles by the profile's
		roles = set(
			frappe.get_all(
				"Has Role",
				filters={"parent": doc.role_profile_name, "parenttype": "Role Profile"},
				pluck="role",
			)
		)
	if wants_syndic_desk(roles):
		if not doc.module_profile and frappe.db.exists("Module Profile", MODULE_PROFILE):
			# User.validate copies the profile's blocked modules onto the user
			doc.module_profile = MODULE_PROFILE
			if not doc.default_workspace and frappe.db.exists("Workspace", HOME_WORKSPACE):
				doc.default_workspace = HOME_WORKSPACE
	elif doc.module_profile == MODULE_PROFILE:
		_clear(doc)


def _clear(doc):
	doc.module_profile = None
	doc.set("block_modules", [])
	if doc.default_workspace == HOME_WORKSPACE:
		doc.default_workspace = None


def apply_to_staff():
	"""Give (or refresh) the focused desk to every enabled user with a syndic role."""
	users = frappe.get_all(
		"Has Role",
		filters={"role": ("in", SYNDIC_ROLES), "parenttype": "User"},
		pluck="parent",
		distinct=True,
	)
	blocked = blocked_modules()
	for name in users:
		user = frappe.get_doc("User", name)
		before = (user.module_profile, sorted(row.module for row in user.block_modules))
		user_before_validate(user)
		if user.module_profile == MODULE_PROFILE:
			# the profile may have changed since the user got it
			user.set("block_modules", [{"module": m} for m in blocked])
		after = (user.module_profile, sorted(row.module for row in user.block_modules))
		if before != after:
			user.flags.ignore_permissions = True
			user.save()


def setup_desk():
	ensure_role_profiles()
	ensure_module_profile()
	apply_to_staff()

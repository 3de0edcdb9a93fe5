"""Who sees which ballot.

- A co-owner (portal user) sees only his own ballots, never another owner's.
- Staff (syndic roles) see ballots entered at the desk, and correspondence / remote ballots only
  once the vote on the resolution is closed (their content stays secret while it is open).
- System Manager and Administrator see everything (audit).
"""

import frappe

SECRET_CHANNELS = ("Correspondence", "Remote")


def co_owner_of_user(user: str | None = None) -> str | None:
	user = user or frappe.session.user
	if user in ("Guest", None):
		return None
	return frappe.db.get_value("Co-owner", {"portal_user": user}, "name")


def _is_auditor(user: str) -> bool:
	return user == "Administrator" or "System Manager" in frappe.get_roles(user)


def _is_staff(user: str) -> bool:
	roles = frappe.get_roles(user)
	return bool({"Syndic Manager", "Syndic Accountant"} & set(roles))


def ballot_has_permission(doc, ptype=None, user=None) -> bool:
	user = user or frappe.session.user
	if _is_auditor(user):
		return True
	if _is_staff(user):
		if ptype in ("read", "print", "export", "report", None) and doc.channel in SECRET_CHANNELS:
			return bool(doc.vote_closed)
		if ptype in ("write", "delete", "submit", "cancel"):
			# Staff never rewrite an owner's remote ballot.
			return doc.channel not in SECRET_CHANNELS and not doc.vote_closed
		return True
	co_owner = co_owner_of_user(user)
	if not co_owner or doc.co_owner != co_owner:
		return False
	# An owner reads his own ballots; he changes them only through the portal endpoint.
	return ptype in ("read", "print", None)


def ballot_query_conditions(user=None) -> str:
	user = user or frappe.session.user
	if _is_auditor(user):
		return ""
	if _is_staff(user):
		return "(`tabAssembly Ballot`.channel not in ('Correspondence', 'Remote') or `tabAssembly Ballot`.vote_closed = 1)"
	co_owner = co_owner_of_user(user)
	if not co_owner:
		return "1=0"
	return f"`tabAssembly Ballot`.co_owner = {frappe.db.escape(co_owner)}"

"""Portal logins of the demo: a few demo co-owners get a website User with the Co-owner role and
a known password, so a new user sees the co-owner portal at once (the installer prints one).

DEMO DATA ONLY: the password is public (it is in this file and in the installer's output). Real
co-owners get their access from the Co-owner form ("Create Portal User"), with a welcome mail.
"""

import frappe
from frappe.utils.password import update_password

DEMO_PASSWORD = "Copro-Demo-2026"
PER_RESIDENCE = 2  # the first lots' current owners, with an e-mail address


def candidates(residences: list[str]) -> list[str]:
	"""The Co-owners who get a demo login: per résidence, the current owners of its first lots
	(by lot number) who have an e-mail address, PER_RESIDENCE of them."""
	chosen: list[str] = []
	for residence in residences:
		rows = frappe.db.sql(
			"""select u.co_owner from `tabUnit` u join `tabCo-owner` c on c.name = u.co_owner
			where u.residence = %s and ifnull(c.email, '') != ''
			order by u.unit_number, u.name""",
			residence,
		)
		picked = []
		for (co_owner,) in rows:
			if co_owner not in picked and co_owner not in chosen:
				picked.append(co_owner)
			if len(picked) == PER_RESIDENCE:
				break
		chosen.extend(picked)
	return chosen


def make_logins(residences: list[str]) -> list[dict]:
	"""Give the candidates their portal login (idempotent: an existing login keeps its password).
	Returns [{co_owner, user, password (None when it existed)}]."""
	made = []
	for name in candidates(residences):
		co_owner = frappe.get_doc("Co-owner", name)
		existed = bool(co_owner.portal_user and frappe.db.exists("User", co_owner.portal_user))
		user = co_owner.portal_user if existed else co_owner.create_portal_user(send_welcome_email=False)
		if not existed:
			update_password(user, DEMO_PASSWORD)
		made.append({"co_owner": name, "user": user, "password": None if existed else DEMO_PASSWORD})
	return made


def remove_logins(co_owners: list[str]) -> int:
	"""Delete the website Users of these demo co-owners (never a desk user)."""
	removed = 0
	for name in co_owners:
		user = frappe.db.get_value("Co-owner", name, "portal_user")
		if user and frappe.db.get_value("User", user, "user_type") == "Website User":
			frappe.db.set_value("Co-owner", name, "portal_user", None, update_modified=False)
			frappe.delete_doc("User", user, ignore_permissions=True, force=True)
			removed += 1
	return removed


def first_login() -> str | None:
	"""'user / password' of a demo login that still has the demo password (installer's message)."""
	from frappe.utils.password import check_password

	from syndic_maroc.demo import data as demo_data

	residences = [r["residence_name"] for r in demo_data.build()["residences"]]
	for name in candidates([r for r in residences if frappe.db.exists("Residence", r)]):
		user = frappe.db.get_value("Co-owner", name, "portal_user")
		if not user:
			continue
		try:
			check_password(user, DEMO_PASSWORD, delete_tracker_cache=False)
		except frappe.AuthenticationError:
			continue
		return f"{user} / {DEMO_PASSWORD}"
	return None

"""Portal access tests of Operations: real HTTP to a gunicorn of our own (the security tests'
harness), as co-owners of two résidences (A and A2 in the first, C in the second)."""

import uuid

import pytest

from tests.site.security.conftest import Client, Party, _make_user, _password, server


def _owners(frappe) -> list[dict]:
	"""Two co-owners of one résidence and one of another, each owning lots in one résidence only."""
	rows = frappe.db.sql(
		"""select u.residence, u.co_owner, min(u.name) as unit from `tabUnit` u
		join `tabResidence` r on r.name = u.residence
		where ifnull(u.co_owner, '') != '' and ifnull(r.company, '') != ''
			and not exists (select 1 from `tabUnit` o where o.co_owner = u.co_owner and o.residence != u.residence)
		group by u.residence, u.co_owner order by u.residence, u.co_owner""",
		as_dict=True,
	)
	by_res: dict[str, list] = {}
	for row in rows:
		by_res.setdefault(row.residence, []).append(row)
	residences = [r for r in by_res if len(by_res[r]) >= 2]
	others = [r for r in by_res if residences and r != residences[0]]
	if not residences or not others:
		pytest.skip("the site needs two résidences with co-owners (the demo data)")
	first = by_res[residences[0]]
	return [first[0], first[1], by_res[others[0]][0]]


@pytest.fixture(scope="module")
def owners(site):
	frappe = site
	from frappe.utils.password import update_password

	frappe.set_user("Administrator")
	tag = uuid.uuid4().hex[:6]
	made, linked = [], []
	try:
		out = {}
		for key, row in zip(("a", "a2", "c"), _owners(frappe), strict=True):
			user = _make_user(frappe, f"ops-{key}-{tag}@example.com", website=True, roles=["Co-owner"])
			made.append(user)
			pwd = _password()
			update_password(user, pwd)
			previous = frappe.db.get_value("Co-owner", row.co_owner, "portal_user")
			linked.append((row.co_owner, previous))
			frappe.db.set_value("Co-owner", row.co_owner, "portal_user", user, update_modified=False)
			out[key] = Party(
				user,
				pwd,
				residence=row.residence,
				co_owner=row.co_owner,
				extra={"unit": row.unit},
			)
		frappe.db.commit()
		yield out
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		for co_owner, previous in linked:
			frappe.db.set_value("Co-owner", co_owner, "portal_user", previous, update_modified=False)
		for user in made:
			for name in frappe.get_all("Maintenance Request", filters={"owner": user}, pluck="name"):
				frappe.delete_doc("Maintenance Request", name, force=True, ignore_permissions=True)
			frappe.db.delete("Notification Log", {"for_user": user})
			frappe.delete_doc("User", user, force=True, ignore_permissions=True)
		frappe.db.commit()


@pytest.fixture(scope="module")
def clients(server, owners):  # noqa: F811
	return {key: Client(server.base, party) for key, party in owners.items()} | {"guest": Client(server.base)}

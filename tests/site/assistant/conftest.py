"""Fixtures of the assistant's site tests: real users (a staff member of both résidences, one
restricted to one résidence by a User Permission, and a co-owner portal user in each résidence),
committed so that a real HTTP request (gunicorn of our own) sees them, and removed afterwards.

The people are picked from the demo books at test time (a co-owner with one lot and something
owed in each résidence), never named in the tests."""

from __future__ import annotations

import pytest

PASSWORD = "Asst-Test-2026!"
STAFF = "asst-staff@example.test"
STAFF_ONE = "asst-staff-one@example.test"
OWNER_EMAIL = "asst-owner-{n}@example.test"


def _user(frappe, email: str, first_name: str, roles: list[str], website: bool = False) -> str:
	from frappe.utils.password import update_password

	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"send_welcome_email": 0,
				"user_type": "Website User" if website else "System User",
				"language": "fr",
			}
		)
		user.flags.ignore_permissions = True
		user.insert()
	user = frappe.get_doc("User", email)
	user.flags.ignore_permissions = True
	user.add_roles(*roles)
	update_password(email, PASSWORD)
	return email


def _one_lot_debtors(frappe, residence: str) -> list:
	"""Co-owners of `residence` with a single lot there and something outstanding, biggest first."""
	return frappe.db.sql(
		"""select c.name, c.full_name, c.customer, min(u.name) as unit, min(u.unit_number) as unit_number,
			(select sum(si.outstanding_amount) from `tabSales Invoice` si where si.customer = c.customer
				and si.syndic_residence = %(r)s and si.docstatus = 1) as outstanding
		from `tabCo-owner` c join `tabUnit` u on u.co_owner = c.name and u.residence = %(r)s
		where ifnull(c.portal_user, '') = ''
			and not exists(select 1 from `tabContact` ct where ct.name = c.contact and ifnull(ct.user, '') != '')
			and not exists(select 1 from `tabUnit` o where o.co_owner = c.name and o.residence != %(r)s)
		group by c.name having count(u.name) = 1 and outstanding > 0
		order by outstanding desc""",
		{"r": residence},
		as_dict=True,
	)


@pytest.fixture(scope="session")
def people(site):
	"""{"staff", "staff_one", "residences", "owners": {residence: co-owner row + user}}, committed."""
	frappe = site
	frappe.set_user("Administrator")
	residences = frappe.get_all("Residence", pluck="name", order_by="name")
	if len(residences) < 2:
		pytest.skip("the assistant tests need the demo books of two résidences")
	manager_roles = [
		"Syndic Manager",
		"Syndic Accountant",
		"Accounts User",
		"Accounts Manager",
		"Purchase User",
	]
	staff = _user(frappe, STAFF, "Staff Assistant", manager_roles)
	staff_one = _user(frappe, STAFF_ONE, "Staff Une Résidence", manager_roles)
	only = residences[0]
	company = frappe.db.get_value("Residence", only, "company")
	for doctype, value in (("Residence", only), ("Company", company)):
		if not frappe.db.exists("User Permission", {"user": staff_one, "allow": doctype, "for_value": value}):
			frappe.get_doc(
				{
					"doctype": "User Permission",
					"user": staff_one,
					"allow": doctype,
					"for_value": value,
					"apply_to_all_doctypes": 1,
				}
			).insert(ignore_permissions=True)
	owners = {}
	changed = []
	for n, residence in enumerate(residences, start=1):
		candidates = _one_lot_debtors(frappe, residence)
		if len(candidates) < 2:
			pytest.skip(f"{residence}: not enough co-owners with one lot and arrears in the demo books")
		row = candidates[0]
		email = _user(
			frappe,
			OWNER_EMAIL.format(n=n),
			row.full_name.split()[0],
			["Co-owner"],
			website=True,
		)
		frappe.db.set_value("Co-owner", row.name, "portal_user", email, update_modified=False)
		changed.append(row.name)
		row.user = email
		row.residence = residence
		row.others = candidates[1:]
		owners[residence] = row
	frappe.db.commit()
	frappe.cache.delete_keys("syndic_assistant_snapshot")
	yield frappe._dict(
		staff=staff,
		staff_one=staff_one,
		staff_one_residence=only,
		residences=residences,
		owners=owners,
	)
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for name in changed:
		frappe.db.set_value("Co-owner", name, "portal_user", None, update_modified=False)
	for email in (staff, staff_one, *(o.user for o in owners.values())):
		frappe.db.delete("User Permission", {"user": email})
		frappe.db.delete("Assistant Message", {"parent": email})
		frappe.db.delete("Assistant Conversation", {"name": email})
		frappe.delete_doc("User", email, ignore_permissions=True, force=True)
	frappe.db.commit()


@pytest.fixture
def as_user(people, site):
	"""Run as a user (in process): `with as_user(email): ...`."""
	import contextlib

	@contextlib.contextmanager
	def switch(email):
		site.set_user(email)
		try:
			yield
		finally:
			site.set_user("Administrator")

	return switch


@pytest.fixture(scope="session")
def http(people, site):
	"""A gunicorn of our own serving the test site; yields login(email) -> requests.Session."""
	import requests
	from frappe.installer import update_site_config

	from tests.conftest import configured_site
	from tests.site.utils.server import gunicorn

	bench, name = configured_site()
	previous = site.conf.get("syndic_assistant_rate_limit")
	update_site_config("syndic_assistant_rate_limit", 100000)
	try:
		with gunicorn(bench, name, workers=2, threads=2) as base:

			def login(email: str) -> requests.Session:
				s = requests.Session()
				r = s.post(
					f"{base}/api/method/login",
					data={"usr": email, "pwd": PASSWORD},
					timeout=30,
				)
				assert r.status_code == 200, r.text[:300]
				s.base = base
				return s

			yield login
	finally:
		update_site_config("syndic_assistant_rate_limit", previous if previous is not None else "None")

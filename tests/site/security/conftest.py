"""Security tests (issue 10): real HTTP requests to a gunicorn of our own serving the test site
(tests/browser/harness.WebServer, a free loopback port), as Guest, as co-owners of two
résidences and as an accountant scoped to one company.

The parties are the demo data's two résidences: one co-owner of each gets a portal user, the
accountant a User Permission on the first résidence's company. The web server is another
process, so the fixtures commit what they create and remove it afterwards.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest

from tests.browser.harness import WebServer
from tests.conftest import configured_site

TRACEBACK_MARKERS = ("Traceback (most recent call last)", 'File "', '"exc":', '"exception":')


def _password() -> str:
	return f"Sec-{uuid.uuid4().hex[:10]}-{uuid.uuid4().hex[:6]}!"


@dataclass
class Party:
	user: str
	password: str
	residence: str | None = None
	company: str | None = None
	co_owner: str | None = None
	customer: str | None = None
	extra: dict = field(default_factory=dict)


class Client:
	"""A requests session logged in as one party (or Guest), answers checked for tracebacks."""

	def __init__(self, base: str, party: Party | None = None):
		import requests

		self.base = base
		self.http = requests.Session()
		self.party = party
		self.calls = 0
		if party:
			r = self.http.post(f"{base}/api/method/login", json={"usr": party.user, "pwd": party.password})
			assert r.status_code == 200, r.text[:300]

	def call(self, endpoint: str, http: str = "GET", **params):
		url = f"{self.base}/api/method/{endpoint}"
		if http == "GET":
			r = self.http.get(url, params=params, timeout=60)
		elif http == "FORM":
			r = self.http.post(url, data=params, timeout=60)
		else:
			r = self.http.post(url, json=params, timeout=60)
		self.calls += 1
		assert_no_traceback(r)
		return r

	def get(self, path: str, follow: bool = True, **params):
		r = self.http.get(f"{self.base}{path}", params=params, timeout=60, allow_redirects=follow)
		self.calls += 1
		assert_no_traceback(r)
		return r


def assert_no_traceback(response) -> None:
	if response.status_code < 400:
		return
	body = response.text
	for marker in TRACEBACK_MARKERS:
		assert marker not in body, f"traceback in a {response.status_code} answer: {body[:400]}"


@pytest.fixture(scope="module")
def server(site):
	bench, name = configured_site()
	web = WebServer(bench, name).start()
	# the wsgi app sends a Host that names no site to FRAPPE_SITE: plain 127.0.0.1 works
	web.base = f"http://127.0.0.1:{web.port}"
	yield web
	web.stop()


def _residences(frappe) -> list[dict]:
	"""Two résidences, each with a co-owner who owns lots in that one only."""
	rows = frappe.db.sql(
		"""select r.name, r.company, min(u.co_owner) as co_owner
		from `tabResidence` r join `tabUnit` u on u.residence = r.name
		where ifnull(u.co_owner, '') != '' and ifnull(r.company, '') != ''
			and not exists (select 1 from `tabUnit` o
				where o.co_owner = u.co_owner and o.residence != r.name)
		group by r.name, r.company order by r.name limit 2""",
		as_dict=True,
	)
	if len(rows) < 2:
		pytest.skip("the site needs two résidences with co-owners (the demo data)")
	return rows


def _make_user(frappe, email: str, website: bool, roles: list[str]) -> str:
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Sec",
			"last_name": email.split("@")[0],
			"user_type": "Website User" if website else "System User",
			"send_welcome_email": 0,
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	user.add_roles(*roles)
	return user.name


@pytest.fixture(scope="module")
def parties(site):
	"""co-owner A (résidence 1), co-owner C (résidence 2), accountant of résidence 1."""
	frappe = site
	from frappe.utils.password import update_password

	frappe.set_user("Administrator")
	r1, r2 = _residences(frappe)
	tag = uuid.uuid4().hex[:6]
	made: list[str] = []
	linked: list[str] = []
	try:
		out = {}
		for key, res in (("a", r1), ("c", r2)):
			email = f"sec-{key}-{tag}@example.com"
			user = _make_user(frappe, email, website=True, roles=["Co-owner"])
			made.append(user)
			pwd = _password()
			update_password(user, pwd)
			frappe.db.set_value("Co-owner", res.co_owner, "portal_user", user, update_modified=False)
			linked.append(res.co_owner)
			out[key] = Party(
				user,
				pwd,
				residence=res.name,
				company=res.company,
				co_owner=res.co_owner,
				customer=frappe.db.get_value("Co-owner", res.co_owner, "customer"),
			)
		email = f"sec-acc-{tag}@example.com"
		user = _make_user(frappe, email, website=False, roles=["Accounts User", "Syndic Accountant"])
		made.append(user)
		pwd = _password()
		update_password(user, pwd)
		for doctype, value in (("Company", r1.company), ("Residence", r1.name)):
			frappe.get_doc(
				{"doctype": "User Permission", "user": user, "allow": doctype, "for_value": value}
			).insert(ignore_permissions=True)
		out["acc"] = Party(user, pwd, residence=r1.name, company=r1.company)
		frappe.db.commit()
		yield out
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		for co_owner in linked:
			frappe.db.set_value("Co-owner", co_owner, "portal_user", None, update_modified=False)
		for user in made:
			frappe.db.delete("User Permission", {"user": user})
			frappe.delete_doc("User", user, force=True, ignore_permissions=True)
		frappe.db.commit()


@pytest.fixture(scope="module")
def clients(server, parties):
	return {
		"guest": Client(server.base),
		"a": Client(server.base, parties["a"]),
		"c": Client(server.base, parties["c"]),
		"acc": Client(server.base, parties["acc"]),
	}

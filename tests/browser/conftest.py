"""Browser tests (marker `browser`, and `site`): headless Chromium against a gunicorn of our own
on the test site (tests/browser/harness.py). Skipped where no Chromium/chromedriver/selenium is
installed or no site is configured, never passed.

Fixtures commit what they create (the web server is another process) and remove it afterwards.
Screenshots go to logs/browser/ (SYNDIC_SCREENSHOTS to change it).
"""

from __future__ import annotations

import uuid

import pytest

from tests.browser import harness
from tests.conftest import configured_site


def pytest_collection_modifyitems(config, items):
	reason = harness.skip_reason()
	if reason is None:
		return
	marker = pytest.mark.skip(reason=reason)
	for item in items:
		if "browser" in item.keywords:
			item.add_marker(marker)


def uid() -> str:
	return uuid.uuid4().hex[:6].upper()


def password() -> str:
	return f"Br-{uuid.uuid4().hex[:10]}-{uuid.uuid4().hex[:6]}!"


@pytest.fixture(scope="session")
def server(site):
	bench, name = configured_site()
	web = harness.WebServer(bench, name).start()
	yield web
	web.stop()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
	outcome = yield
	report = outcome.get_result()
	setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def browser(server, request):
	driver = harness.new_driver()
	web = harness.Browser(driver, server.base)
	try:
		yield web
	finally:
		report = getattr(request.node, "rep_call", None)
		if report is not None and report.failed:
			# what the page looked like when the test failed
			web.screenshot(f"FAILED-{request.node.name}")
			(harness.SCREENSHOTS / f"FAILED-{request.node.name}.html").write_text(driver.page_source)
		driver.quit()


def make_user(frappe, email: str, roles: list[str], user_type: str = "System User", **values) -> str:
	"""A user with `roles` and a known password, committed."""
	from frappe.utils.password import update_password

	secret = password()
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": values.pop("first_name", "Test"),
			"last_name": values.pop("last_name", "Navigateur"),
			"send_welcome_email": 0,
			"user_type": user_type,
			"language": values.pop("language", "fr"),
			"roles": [{"role": r} for r in roles],
			**values,
		}
	)
	user.flags.ignore_permissions = True
	user.insert()
	update_password(user.name, secret)
	frappe.db.commit()
	return frappe._dict(name=user.name, password=secret)


def drop_user(frappe, name: str):
	frappe.db.rollback()
	if frappe.db.exists("User", name):
		frappe.delete_doc("User", name, force=True, ignore_permissions=True)
	frappe.db.commit()


@pytest.fixture(scope="module")
def accountant(site):
	"""A new Syndic Accountant, as a syndic firm would create one for its staff: a user with the
	"Syndic Accountant" role profile (the syndic role and ERPNext's accounting and buying roles)."""
	frappe = site
	frappe.db.rollback()
	frappe.set_user("Administrator")
	user = make_user(
		frappe, f"comptable.{uid().lower()}@example.ma", [], role_profile_name="Syndic Accountant"
	)
	yield user
	drop_user(frappe, user.name)


@pytest.fixture(scope="module")
def system_manager(site):
	"""A System Manager who is also a Syndic Manager: he keeps the whole desk."""
	frappe = site
	frappe.db.rollback()
	frappe.set_user("Administrator")
	user = make_user(
		frappe,
		f"admin.{uid().lower()}@example.ma",
		["System Manager", "Syndic Manager"],
	)
	yield user
	drop_user(frappe, user.name)


@pytest.fixture(scope="session")
def world(site):
	"""tests/browser/world.py: a résidence with a budget, a call, payments and an expense."""
	from tests.browser import world as w

	made = w.make_world(site)
	yield made
	w.remove_world(site, made)

"""Shared pytest setup.

Site tests (marked `site`) run against a real bench and site named by the environment:
SYNDIC_BENCH (bench root, default: this repository) and SYNDIC_SITE (default: the bench's test
site, test.syndic.localhost, which scripts/test_site.sh creates). The site must allow tests
(`allow_tests` in its site config, as Frappe's `bench run-tests` requires), so a test never writes
to the user's site. Without Frappe or such a site they are reported as skipped, never passed.
"""

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
TEST_SITE = "test.syndic.localhost"

# No example database on disk: the suite may run as the bench user in a root-owned clone.
settings.register_profile("syndic", database=None, deadline=None)
settings.load_profile("syndic")


def configured_site() -> tuple[Path, str] | None:
	bench = Path(os.environ.get("SYNDIC_BENCH") or REPO)
	site = os.environ.get("SYNDIC_SITE") or os.environ.get("SYNDIC_TEST_SITE") or TEST_SITE
	if not (bench / "sites" / site / "site_config.json").exists():
		return None
	return bench, site


def allows_tests(bench: Path, site: str) -> bool:
	config = json.loads((bench / "sites" / site / "site_config.json").read_text())
	return bool(config.get("allow_tests"))


def _site_skip_reason() -> str | None:
	configured = configured_site()
	if configured is None:
		return "no test site (run scripts/test.sh on an installed bench, or set SYNDIC_BENCH and SYNDIC_SITE)"
	if not allows_tests(*configured):
		return f"site {configured[1]} does not allow tests (allow_tests): the suite never writes to a user's site"
	try:
		import frappe
	except ImportError:
		return "frappe is not importable: run the tests with the bench's Python (scripts/test.sh does)"
	return None


def pytest_collection_modifyitems(config, items):
	reason = _site_skip_reason()
	if reason is None:
		return
	marker = pytest.mark.skip(reason=reason)
	for item in items:
		if "site" in item.keywords:
			item.add_marker(marker)


@pytest.fixture(scope="session")
def site():
	"""Connect to the configured site once; each test gets its own rollback (see `db`)."""
	import frappe

	bench, name = configured_site()
	cwd = os.getcwd()
	os.chdir(bench / "sites")
	frappe.init(site=name, sites_path=str(bench / "sites"))
	frappe.connect()
	frappe.set_user("Administrator")
	# The language a request of this user gets (his own, else the site's: French), not frappe.init's
	# "en": the app's messages are English and come out French through the catalogue.
	frappe.set_user_lang("Administrator")
	frappe.flags.in_test = True
	yield frappe
	frappe.db.rollback()
	frappe.destroy()
	os.chdir(cwd)


@pytest.fixture
def db(site):
	"""A site connection whose writes are rolled back after the test."""
	site.db.rollback()
	site.set_user("Administrator")
	yield site
	site.db.rollback()
	site.local.flags.pop("ignore_permissions", None)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
	"""Without a site, a site or browser test module that cannot even import (frappe, the bench's
	packages) is reported as skipped with the reason, like its tests would be, never as passed."""
	outcome = yield
	report = outcome.get_result()
	if not (report.failed and isinstance(collector, pytest.Module)):
		return
	parts = Path(str(collector.path)).resolve().relative_to(REPO).parts
	reason = _site_skip_reason()
	if reason and parts[:2] in (("tests", "site"), ("tests", "browser")):
		report.outcome = "skipped"
		report.longrepr = (str(collector.path), 0, f"Skipped: {reason}")
		report.result = []

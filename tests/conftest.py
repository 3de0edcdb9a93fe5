"""Shared pytest setup.

Site tests (marked `site`) run against a real bench and site named by the environment:
SYNDIC_BENCH (bench root, default: this repository) and SYNDIC_SITE (default: the bench's
sites/currentsite.txt). Without Frappe or a site they are reported as skipped, never passed.
"""

import os
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent

# No example database on disk: the suite may run as the bench user in a root-owned clone.
settings.register_profile("syndic", database=None, deadline=None)
settings.load_profile("syndic")


def configured_site() -> tuple[Path, str] | None:
	bench = Path(os.environ.get("SYNDIC_BENCH") or REPO)
	site = os.environ.get("SYNDIC_SITE")
	current = bench / "sites" / "currentsite.txt"
	if not site and current.exists():
		site = current.read_text().strip()
	if not site or not (bench / "sites" / site / "site_config.json").exists():
		return None
	return bench, site


def _site_skip_reason() -> str | None:
	if configured_site() is None:
		return "no Frappe site configured (set SYNDIC_BENCH and SYNDIC_SITE, or run the installer)"
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

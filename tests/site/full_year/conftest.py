"""The year is played once for the whole package (every ledger document in one transaction,
rolled back at the end): each test module checks one flow of it."""

import random
import time

import pytest

from tests.site.full_year import _scenario as S
from tests.site.full_year.year import Year, retry_deadlock


@pytest.fixture(scope="package")
def year(site):
	frappe = site
	frappe.db.rollback()
	frappe.set_user("Administrator")
	muted = frappe.flags.mute_emails
	frappe.flags.mute_emails = True  # the demo's addresses are example.* anyway
	retry_deadlock(frappe, S.remove_leftovers)  # of a run killed before its teardown
	tag = f"{random.randrange(10000, 100000)}"
	data = S.fresh_demo_data(tag, {"JDA": f"J{tag}", "RPT": f"M{tag}"})
	started = time.monotonic()
	retry_deadlock(frappe, lambda: S.load_registry(data))
	registry_seconds = time.monotonic() - started
	try:
		# The year is one transaction of a few minutes: on a site shared with other test runs it
		# may be the victim of a deadlock (InnoDB then rolls it back whole): run it again.
		for attempt in range(1, 4):
			y = Year(frappe, data, tag)
			y.load()
			y.timings["registry"] = registry_seconds
			try:
				y.run()
				break
			except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
				print(f"\nfull year: deadlock with another transaction after {dict(y.timings)}")
				frappe.db.rollback()
				if attempt == 3:
					raise
			except Exception:
				print(f"\nfull year: stopped after {dict(y.timings)}")
				raise
		yield y
	finally:
		frappe.db.rollback()
		frappe.flags.mute_emails = muted
		companies = [frappe.db.get_value("Residence", r, "company") for r in data["renamed"].values()]
		companies = [c for c in companies if c]
		left = frappe.db.count("GL Entry", {"company": ("in", companies)}) if companies else 0
		assert not left, (
			f"the year was committed: {left} GL entries left in {companies} (kept to be looked at)"
		)
		retry_deadlock(frappe, lambda: S.remove_registry(data))

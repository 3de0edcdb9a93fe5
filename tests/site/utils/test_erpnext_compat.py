"""utils.erpnext_compat against the Frappe / ERPNext of the bench: the internals it reaches into
(naming series counters, the single-value cache, the perpetual inventory caches, the chart
flags) still behave as the app expects. After an upgrade, this file says what broke."""

import uuid

import pytest
from syndic_maroc.utils import erpnext_compat

pytestmark = pytest.mark.site


def _current(frappe, prefix: str) -> int:
	row = frappe.db.sql("select current from `tabSeries` where name=%s", prefix)
	return int(row[0][0]) if row else 0


def test_series_numbers_are_reserved_in_a_run_and_given_back_only_while_last(db):
	from frappe.model.naming import getseries

	prefix = f"TCOMPAT-{uuid.uuid4().hex[:6].upper()}-"
	assert erpnext_compat.reserve_series_numbers(prefix, 5) == 1  # a new counter
	assert _current(db, prefix) == 5
	assert erpnext_compat.reserve_series_numbers(prefix, 3) == 6
	assert _current(db, prefix) == 8
	assert getseries(prefix, 5) == "00009"  # Frappe's own naming continues after the reservation

	erpnext_compat.rewind_series(prefix, top=8, to=5)  # someone took 9 since: not given back
	assert _current(db, prefix) == 9
	erpnext_compat.rewind_series(prefix, top=9, to=5)
	assert _current(db, prefix) == 5


def test_a_single_value_is_read_as_another_in_this_process_only(db):
	doctype, field = "Selling Settings", "sales_update_frequency"
	stored = db.db.sql("select value from `tabSingles` where doctype=%s and field=%s", (doctype, field))
	before = db.db.get_single_value(doctype, field)
	with erpnext_compat.single_value_as(doctype, field, "Daily-in-this-process"):
		assert db.db.get_single_value(doctype, field) == "Daily-in-this-process"
	assert db.db.get_single_value(doctype, field) == before
	assert (
		db.db.sql("select value from `tabSingles` where doctype=%s and field=%s", (doctype, field)) == stored
	)

	db.db.value_cache.get(doctype, {}).pop(field, None)  # not read yet in this process
	with pytest.raises(RuntimeError):
		with erpnext_compat.single_value_as(doctype, field, "Daily-in-this-process"):
			raise RuntimeError("a failure inside the block")
	assert field not in db.db.value_cache.get(doctype, {})
	assert db.db.get_single_value(doctype, field) == before


def test_perpetual_inventory_goes_off_with_the_caches_erpnext_reads(db):
	import erpnext

	company = db.get_all("Company", pluck="name", limit=1)[0]
	try:
		db.db.set_value("Company", company, "enable_perpetual_inventory", 1)
		db.clear_document_cache("Company", company)
		db.local.enable_perpetual_inventory = {}
		assert erpnext.is_perpetual_inventory_enabled(company)  # now cached in frappe.local
		assert erpnext_compat.perpetual_inventory_enabled(company)

		erpnext_compat.disable_perpetual_inventory(company)
		assert not erpnext.is_perpetual_inventory_enabled(company)
		assert not erpnext_compat.perpetual_inventory_enabled(company)
		assert not db.get_cached_value("Company", company, "enable_perpetual_inventory")
	finally:
		db.db.rollback()  # the test's writes go; no cache keeps them
		db.clear_document_cache("Company", company)
		db.local.enable_perpetual_inventory = {}


def test_the_chart_flags_are_set_inside_the_block_and_restored(db):
	import inspect

	from erpnext.accounts.doctype.account.account import Account
	from erpnext.setup.doctype.company.company import Company

	# the flags ERPNext's own chart importer sets, still read by ERPNext
	assert "flags.ignore_chart_of_accounts" in inspect.getsource(Company)
	assert "flags.ignore_root_company_validation" in inspect.getsource(Account)
	flags = db.local.flags
	flags.pop("ignore_chart_of_accounts", None)
	with erpnext_compat.company_without_standard_chart():
		assert flags.ignore_chart_of_accounts
		with erpnext_compat.accounts_without_root_company_validation():
			assert flags.ignore_root_company_validation and flags.ignore_chart_of_accounts
		assert not flags.ignore_root_company_validation
	assert not flags.ignore_chart_of_accounts

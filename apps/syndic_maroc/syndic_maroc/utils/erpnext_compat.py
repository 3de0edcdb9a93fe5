"""Everything that reaches into ERPNext or Frappe internals, in one file: when either is
upgraded, read this file (and its tests) first.

- naming series counters (`tabSeries`): reserve a run of numbers, give them back;
- the per-request value cache of Single DocTypes (`frappe.db.value_cache`): read a setting as
  another value in this process only, never written;
- perpetual inventory: the Company flag and the per-request cache ERPNext keeps of it;
- a Company with an app's own chart of accounts: the request flags ERPNext's Chart of Accounts
  Importer sets (ERPNext has no hook for an app's chart).
"""

from contextlib import contextmanager

import frappe
from frappe.utils import cint

# --- naming series (frappe.model.naming keeps its counters in `tabSeries`) -----------------------


def reserve_series_numbers(prefix: str, count: int) -> int:
	"""Take `count` numbers of the series `prefix` at once; returns the first. The caller commits
	at once: the series row stays locked until then."""
	if not frappe.db.sql("select 1 from `tabSeries` where name=%s", prefix):
		# a new counter (first invoice of the year): two workers may both create it
		frappe.db.sql("insert ignore into `tabSeries` (name, current) values (%s, 0)", prefix)
	current = frappe.db.sql("select current from `tabSeries` where name=%s for update", prefix)
	first = cint(current[0][0]) + 1
	frappe.db.sql("update `tabSeries` set current = current + %s where name=%s", (count, prefix))
	return first


def rewind_series(prefix: str, top: int, to: int) -> None:
	"""Set the counter of `prefix` back to `to`, only if it still is `top` (nobody took a number
	since)."""
	frappe.db.sql(
		"update `tabSeries` set current=%s where name=%s and current=%s",
		(to, prefix, top),
	)


# --- Single DocType values as this process reads them ---------------------------------------------


@contextmanager
def single_value_as(doctype: str, fieldname: str, value):
	"""Inside the block, `frappe.db.get_single_value(doctype, fieldname)` (what ERPNext reads)
	returns `value` in this process only; nothing is written, so a failure cannot leave it set.
	Afterwards the cached value is what it was (or read again from the database)."""
	cache = frappe.db.value_cache.setdefault(doctype, {})
	had = fieldname in cache
	previous = cache.get(fieldname)
	cache[fieldname] = value
	try:
		yield
	finally:
		cache = frappe.db.value_cache.setdefault(doctype, {})
		if had:
			cache[fieldname] = previous
		else:
			cache.pop(fieldname, None)


# --- perpetual inventory --------------------------------------------------------------------------

# Company fields of a company that keeps no stock (ERPNext turns perpetual inventory on for every
# new company, then wants a "Stock Received But Not Billed" account on each Purchase Invoice).
NO_PERPETUAL_INVENTORY = {"enable_perpetual_inventory": 0}


def perpetual_inventory_enabled(company: str) -> bool:
	return bool(frappe.db.get_value("Company", company, "enable_perpetual_inventory"))


def disable_perpetual_inventory(company: str) -> None:
	"""Switch perpetual inventory off for `company`, with the caches ERPNext reads it from."""
	frappe.db.set_value("Company", company, NO_PERPETUAL_INVENTORY)
	frappe.clear_document_cache("Company", company)
	getattr(frappe.local, "enable_perpetual_inventory", {}).pop(company, None)


# --- a Company with the app's own chart of accounts -------------------------------------------------


@contextmanager
def _local_flag(name: str):
	flags = frappe.local.flags
	previous = flags.get(name)
	flags[name] = True
	try:
		yield
	finally:
		flags[name] = previous


def company_without_standard_chart():
	"""Inside the block a new Company gets no standard chart (Company.on_update still creates the
	default cost centers and departments), as ERPNext's importer does (`import_coa`)."""
	return _local_flag("ignore_chart_of_accounts")


def accounts_without_root_company_validation():
	"""Inside the block Accounts are inserted without ERPNext's check against a parent company's
	chart (as `create_charts` does for an imported chart)."""
	return _local_flag("ignore_root_company_validation")

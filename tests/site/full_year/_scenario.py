"""Helpers of the full-year scenario (tests/site/full_year/).

- `fresh_demo_data(tag, abbrs)`: the demo data set (demo/data.py) under unique names: same
  résidences, lots, tantièmes, keys, co-owners and ownership history, but every natural key
  (résidence name, abbreviation, CIN, ICE, e-mail, RIB, supplier name) carries `tag`, so the
  scenario never touches the demo records and can run again (or beside another run).
- `load_registry` / `remove_registry`: the demo loader's own steps (`_Loader`, `_reset`) on it;
  `remove_leftovers` removes the copies of a run killed before its teardown.
- `fake_today(day)`: what `frappe.utils.nowdate()` / `today()` / `getdate()` answer (the clock
  of the daily scheduler jobs); `only_residences` keeps a daily job on the scenario's résidences
  and `no_silent_rollback` turns a job's catch-and-rollback into a loud failure.
- `Book`: the scenario's own account of what each co-owner was called and paid, kept from the
  inputs only (never read back from the code under test), with the desk's rules: a payment
  settles the oldest open call first, what is left over is an advance, and an advance settles
  the co-owner's next calls when they are issued.
"""

from __future__ import annotations

import copy
import datetime
from collections import defaultdict
from contextlib import contextmanager
from decimal import Decimal

from syndic_maroc.core.identifiers import compute_rib_key

CENT = Decimal("0.01")


def money(value) -> Decimal:
	return Decimal(str(value)).quantize(CENT)


# --- the demo data under unique names ---------------------------------------------------------


def fresh_demo_data(tag: str, abbrs: dict[str, str]) -> dict:
	"""The demo data (demo.data.build) renamed with `tag` (5 digits).

	`abbrs`: original résidence abbreviation → the copy's. Returns the data dict the demo loader
	takes, plus "renamed" ({original résidence name: copy's name}) and "key_of" ({original
	co-owner key: copy's key})."""
	from syndic_maroc.demo import data as demo_data

	assert len(tag) == 5 and tag.isdigit()
	data = copy.deepcopy(demo_data.build())
	renamed = {r["residence_name"]: f"{r['residence_name']} - essai {tag}" for r in data["residences"]}
	for number, res in enumerate(data["residences"]):
		res["residence_name"] = renamed[res["residence_name"]]
		res["abbr"] = abbrs[res["abbr"]]
		if res.get("ice"):
			res["ice"] = f"8{tag}{number:03d}000001"
		body = res["rib"][:6] + f"{tag}{number:011d}"
		res["rib"] = body + compute_rib_key(body)
	for row in data["buildings"] + data["units"] + data["transfers"] + data["allocation_keys"]:
		row["residence"] = renamed[row["residence"]]

	key_of = {}
	for number, owner in enumerate(data["co_owners"]):
		old = owner["key"]
		if owner["owner_type"] == "Company":
			new = f"9{tag}{number:03d}000001"
			owner["ice"] = new
		else:
			prefix = "".join(ch for ch in old if ch.isalpha())
			new = f"{prefix}{tag}{number:02d}"
			owner["cin"] = new
		owner["key"] = key_of[old] = new
		owner["full_name"] = f"{owner['full_name']} {tag}"
		if owner.get("email"):
			local, domain = owner["email"].split("@")
			owner["email"] = f"{local}.{tag}@{domain}"
	for unit in data["units"]:
		unit["co_owner"] = key_of[unit["co_owner"]]
		if unit.get("occupant_email"):
			local, domain = unit["occupant_email"].split("@")
			unit["occupant_email"] = f"{local}.{tag}@{domain}"
	for transfer in data["transfers"]:
		transfer["from_owner"] = key_of[transfer["from_owner"]]
		transfer["new_owner"] = key_of[transfer["new_owner"]]
	for number, supplier in enumerate(data["suppliers"]):
		supplier["supplier_name"] = f"{supplier['supplier_name']} - essai {tag}"
		supplier["supplier_ice"] = f"7{tag}{number:03d}000001"
		supplier["served_residences"] = [renamed[r] for r in supplier["served_residences"]]
	data["renamed"] = renamed
	data["key_of"] = key_of
	return data


def load_registry(data: dict) -> None:
	"""Résidences (with their companies and charts), buildings, co-owners (customers, contacts),
	lots with their history, keys and suppliers, through the demo loader (no commit)."""
	from syndic_maroc.demo.loader import _Loader

	_Loader(data).run()


def remove_registry(data: dict) -> dict:
	"""Delete what `load_registry` made (the demo reset, on this copy); refuses if booked."""
	from syndic_maroc.demo.loader import _reset

	return _reset(data)


def remove_leftovers(older_than_minutes: int = 60) -> list[str]:
	"""Delete the copies left by an interrupted run (its teardown never ran): résidences named
	"… - essai NNNNN" created more than `older_than_minutes` ago (a run beside this one keeps
	its own), each in its own transaction; a copy with ledger entries is kept (the demo reset
	refuses it). Returns the tags removed."""
	import re

	import frappe
	from frappe.utils import add_to_date, now_datetime

	cutoff = add_to_date(now_datetime(), minutes=-older_than_minutes)
	tags = set()
	for name in frappe.get_all(
		"Residence",
		filters={"residence_name": ("like", "% - essai %"), "creation": ("<", cutoff)},
		pluck="name",
	):
		match = re.search(r" - essai (\d{5})$", name)
		if match:
			tags.add(match.group(1))
	removed = []
	for tag in sorted(tags):
		try:
			remove_registry(fresh_demo_data(tag, {"JDA": f"J{tag}", "RPT": f"M{tag}"}))
			frappe.db.commit()
			removed.append(tag)
		except frappe.ValidationError:  # it has ledger entries: left for a person to look at
			frappe.db.rollback()
	return removed


# --- the clock of the scheduler -----------------------------------------------------------------


@contextmanager
def fake_today(day: datetime.date):
	"""`nowdate()`, `today()`, `getdate()` and `now_datetime()` answer `day` (at the current time).

	frappe.utils.data defines them all on `now_datetime`, looked up at each call: patching it
	there reaches every `from frappe.utils import nowdate` of the app and of ERPNext."""
	from frappe.utils import data

	real = data.now_datetime

	def fake():
		return datetime.datetime.combine(day, real().time())

	data.now_datetime = fake
	try:
		yield
	finally:
		data.now_datetime = real


@contextmanager
def only_residences(names):
	"""The daily jobs loop over every Residence of the site: limit them to `names` (the other
	résidences of a shared test site belong to other tests or benchmarks)."""
	import frappe

	real = frappe.get_all

	def get_all(doctype, *args, **kwargs):
		rows = real(doctype, *args, **kwargs)
		if doctype == "Residence" and kwargs.get("pluck") == "name":
			return [name for name in rows if name in names]
		return rows

	frappe.get_all = get_all
	try:
		yield
	finally:
		frappe.get_all = real


@contextmanager
def no_silent_rollback():
	"""A job that catches an error and rolls back would silently wipe the test's transaction
	(the whole scenario): make it fail loudly instead, with the error it caught."""
	import frappe

	db = frappe.db
	real = db.rollback

	def rollback(*args, **kwargs):
		if kwargs.get("save_point") or args:
			return real(*args, **kwargs)
		raise AssertionError("a job rolled the transaction back after an error:\n" + frappe.get_traceback())

	db.rollback = rollback
	try:
		yield
	finally:
		del db.rollback


# --- the scenario's own books ----------------------------------------------------------------


class Book:
	"""What each (résidence, co-owner) was called and paid, from the scenario's inputs.

	Calls are kept per quarter. A payment goes to the oldest open quarter first (the desk's
	rule, finance/collections.py); what is left over is an advance (4421), which settles the
	co-owner's next calls as soon as they are issued (collections.apply_advances_for, run at the
	end of a call's issue), oldest open quarter first."""

	def __init__(self):
		self.called = defaultdict(lambda: defaultdict(Decimal))  # (res, owner) -> {quarter: amount}
		self.open = defaultdict(lambda: defaultdict(Decimal))  # (res, owner) -> {quarter: open}
		self.advance = defaultdict(Decimal)  # (res, owner) -> advance left on 4421
		self.advanced = defaultdict(Decimal)  # (res, owner) -> advances received (overpayments)
		self.applied = defaultdict(Decimal)  # (res, owner) -> advances set against later calls
		self.paid = defaultdict(Decimal)  # (res, owner) -> total received
		self.allocated = defaultdict(Decimal)  # (res, owner) -> received and set against calls at once
		self.payments = []  # (res, owner, day, amount, mode)

	def call(self, residence: str, owner: str, quarter: int, amount) -> None:
		amount = money(amount)
		self.called[residence, owner][quarter] += amount
		self.open[residence, owner][quarter] += amount

	def _settle(self, residence: str, owner: str, amount: Decimal) -> Decimal:
		"""Set `amount` against the oldest open quarters; returns what is left."""
		left = amount
		for quarter in sorted(self.open[residence, owner]):
			part = min(left, self.open[residence, owner][quarter])
			self.open[residence, owner][quarter] -= part
			left -= part
		return left

	def pay(self, residence: str, owner: str, day, amount, mode: str) -> Decimal:
		"""Record a payment; returns the advance it makes."""
		amount = money(amount)
		left = self._settle(residence, owner, amount)
		self.paid[residence, owner] += amount
		self.allocated[residence, owner] += amount - left
		self.advance[residence, owner] += left
		self.advanced[residence, owner] += left
		self.payments.append((residence, owner, day, amount, mode))
		return left

	def apply_advances(self, residence: str, owners) -> None:
		"""A call was issued: the advances of its co-owners settle their open calls."""
		for owner in owners:
			advance = self.advance[residence, owner]
			if advance > 0:
				left = self._settle(residence, owner, advance)
				self.applied[residence, owner] += advance - left
				self.advance[residence, owner] = left

	def owed(self, residence: str, owner: str) -> Decimal:
		return sum(self.open[residence, owner].values(), Decimal(0))

	def open_in(self, residence: str, owner: str, quarter: int) -> Decimal:
		return self.open[residence, owner][quarter]

	def _total(self, values: dict, residence: str) -> Decimal:
		return sum((v for (r, _o), v in values.items() if r == residence), Decimal(0))

	def total_called(self, residence: str) -> Decimal:
		return sum(
			(sum(q.values(), Decimal(0)) for (r, _o), q in self.called.items() if r == residence), Decimal(0)
		)

	def total_settled(self, residence: str) -> Decimal:
		"""Payments set against calls, at once or later as an advance applied."""
		return self._total(self.allocated, residence) + self._total(self.applied, residence)

	def total_advance(self, residence: str) -> Decimal:
		return self._total(self.advance, residence)

	def owners(self, residence: str) -> list[str]:
		return sorted({o for (r, o) in self.called if r == residence})

"""Loads the demo résidences (see demo_data.py) into the current site.

	bench --site syndic.localhost syndic-demo            # load (idempotent)
	bench --site syndic.localhost syndic-demo --reset    # delete the demo records, then load
	bench --site syndic.localhost execute syndic_maroc.setup.demo.load

Every record is looked up by its natural key before it is created, so loading twice creates
nothing twice. Documents are inserted with their controllers (a Residence creates its
Company, chart of accounts and "Charges générales" key; a Co-owner its Customer and Contact).
`reset` deletes only the records of the demo data set, and refuses when a demo company or
party already has ledger entries: accounting history is never deleted behind the user's back.
"""

from __future__ import annotations

import time
from collections import Counter

import frappe
from frappe import _

from syndic_maroc.setup import demo_data

# Keys of demo_data dicts that are not DocType fields.
_NOT_FIELDS = {"key", "created_on", "acquired_on"}
_SUPPLIER_EXTRA = {"phone", "address_line", "city", "served_residences"}


def load(reset: bool = False, verbose: bool = True) -> dict:
	"""Create the demo data set (idempotent). Returns a summary; commits."""
	started = time.monotonic()
	data = demo_data.build()
	removed: dict = {}
	previous_mute = frappe.flags.mute_emails
	frappe.flags.mute_emails = True  # demo co-owners must never receive mail
	try:
		if reset:
			removed = _reset(data)  # same transaction: if loading fails, the old data comes back
		loader = _Loader(data)
		loader.run()
		frappe.db.commit()
	except Exception:
		frappe.db.rollback()
		raise
	finally:
		frappe.flags.mute_emails = previous_mute
	summary = {
		"created": dict(loader.created),
		"existing": dict(loader.existing),
		"removed": removed,
		"seconds": round(time.monotonic() - started, 1),
		"residences": [_residence_summary(r["residence_name"]) for r in data["residences"]],
	}
	if verbose:
		_print_summary(summary, loader.timings)
	return summary


# --- loading ------------------------------------------------------------------------------------


class _Loader:
	def __init__(self, data: dict):
		self.data = data
		self.created: Counter = Counter()
		self.existing: Counter = Counter()
		self.timings: dict[str, float] = {}
		self.co_owner_names: dict[str, str] = {}  # demo key (CIN/ICE) → Co-owner docname
		self.new_units: set[tuple[str, str]] = set()

	def run(self) -> None:
		for step in (
			self.residences,
			self.buildings,
			self.co_owners,
			self.units,
			self.transfers,
			self.allocation_keys,
			self.suppliers,
		):
			t0 = time.monotonic()
			step()
			self.timings[step.__name__] = round(time.monotonic() - t0, 1)

	def _insert(self, doctype: str, values: dict):
		doc = frappe.get_doc(
			{"doctype": doctype, **{k: v for k, v in values.items() if k not in _NOT_FIELDS}}
		)
		doc.insert()
		self.created[doctype] += 1
		return doc

	def residences(self) -> None:
		for row in self.data["residences"]:
			if frappe.db.exists("Residence", row["residence_name"]):
				self.existing["Residence"] += 1
				continue
			values = dict(row)
			if not values.get("ice"):
				values.pop("ice", None)
			self._insert("Residence", values)

	def buildings(self) -> None:
		for row in self.data["buildings"]:
			if building_name(row["residence"], row["building_code"]):
				self.existing["Building"] += 1
				continue
			self._insert("Building", row)

	def co_owners(self) -> None:
		for row in self.data["co_owners"]:
			name = co_owner_name(row)
			if name:
				self.existing["Co-owner"] += 1
			else:
				values = {k: v for k, v in row.items() if v is not None}
				name = self._insert("Co-owner", values).name
			self.co_owner_names[row["key"]] = name

	def units(self) -> None:
		for row in self.data["units"]:
			if unit_name(row["residence"], row["unit_number"]):
				self.existing["Unit"] += 1
				continue
			values = {k: v for k, v in row.items() if v is not None}
			if row.get("building"):
				values["building"] = building_name(row["residence"], row["building"])
			values["co_owner"] = self.co_owner_names[row["co_owner"]]
			doc = frappe.get_doc(
				{"doctype": "Unit", **{k: v for k, v in values.items() if k not in _NOT_FIELDS}}
			)
			# the first row of the ownership history starts at the delivery of the building
			doc.flags.ownership_from_date = row["acquired_on"]
			doc.flags.ownership_reference = _("Livraison du programme immobilier")
			doc.insert()
			self.created["Unit"] += 1
			self.new_units.add((row["residence"], row["unit_number"]))

	def transfers(self) -> None:
		for row in self.data["transfers"]:
			name = unit_name(row["residence"], row["unit_number"])
			new_owner = self.co_owner_names[row["new_owner"]]
			if frappe.db.get_value("Unit", name, "co_owner") != self.co_owner_names[row["from_owner"]]:
				self.existing["Unit transfer"] += 1
				continue
			unit = frappe.get_doc("Unit", name)
			unit.transfer_ownership(
				new_owner=new_owner, transfer_date=row["date"], reference=row["reference"]
			)
			self.created["Unit transfer"] += 1

	def allocation_keys(self) -> None:
		for row in self.data["allocation_keys"]:
			if frappe.db.exists(
				"Allocation Key", {"residence": row["residence"], "key_name": row["key_name"]}
			):
				self.existing["Allocation Key"] += 1
				continue
			values = dict(row)
			values["units"] = [
				{"unit": unit_name(row["residence"], u["unit"]), "weight": u["weight"]} for u in row["units"]
			]
			self._insert("Allocation Key", values)

	def suppliers(self) -> None:
		group = frappe.db.exists("Supplier Group", "Services") or frappe.db.get_value(
			"Supplier Group", {"is_group": 0}, "name"
		)
		for row in self.data["suppliers"]:
			name = frappe.db.get_value("Supplier", {"supplier_name": row["supplier_name"]})
			if name:
				self.existing["Supplier"] += 1
			else:
				values = {k: v for k, v in row.items() if k not in _SUPPLIER_EXTRA}
				values["tax_id"] = row["supplier_ice"]
				if group:
					values["supplier_group"] = group
				values["served_residences"] = [{"residence": r} for r in row["served_residences"]]
				name = self._insert("Supplier", values).name
			self.supplier_address(name, row)

	def supplier_address(self, supplier: str, row: dict) -> None:
		"""The supplier's billing address (what its invoices print), linked to the Supplier."""
		linked = frappe.db.exists(
			"Dynamic Link", {"parenttype": "Address", "link_doctype": "Supplier", "link_name": supplier}
		)
		if linked:
			self.existing["Address"] += 1
			return
		self._insert(
			"Address",
			{
				"address_title": row["supplier_name"],
				"address_type": "Billing",
				"address_line1": row["address_line"],
				"city": row["city"],
				"country": "Morocco",
				"phone": row["phone"],
				"is_primary_address": 1,
				"links": [{"link_doctype": "Supplier", "link_name": supplier}],
			},
		)


# --- natural-key lookups --------------------------------------------------------------------


def building_name(residence: str, code: str) -> str | None:
	return frappe.db.get_value("Building", {"residence": residence, "building_code": code}, "name")


def unit_name(residence: str, number: str) -> str | None:
	return frappe.db.get_value("Unit", {"residence": residence, "unit_number": number}, "name")


def co_owner_name(row: dict) -> str | None:
	field = "ice" if row["owner_type"] == "Company" else "cin"
	return frappe.db.get_value("Co-owner", {field: row["key"]}, "name")


# --- reset ----------------------------------------------------------------------------------


def _reset(data: dict) -> dict:
	"""Delete the demo records (and only them). Refuses if any of them has ledger entries."""
	residences = [
		r["residence_name"] for r in data["residences"] if frappe.db.exists("Residence", r["residence_name"])
	]
	companies = [c for c in (frappe.db.get_value("Residence", r, "company") for r in residences) if c]
	co_owners = [n for n in (co_owner_name(c) for c in data["co_owners"]) if n]
	customers = [c for c in (frappe.db.get_value("Co-owner", n, "customer") for n in co_owners) if c]
	suppliers = frappe.get_all(
		"Supplier",
		filters={"supplier_name": ["in", [s["supplier_name"] for s in data["suppliers"]]]},
		pluck="name",
	)
	_refuse_if_booked(companies, customers, suppliers)

	removed: Counter = Counter()

	def delete(doctype: str, name: str) -> None:
		if frappe.db.exists(doctype, name):
			frappe.delete_doc(doctype, name, ignore_permissions=True)
			removed[doctype] += 1

	for residence in residences:
		for key in frappe.get_all("Allocation Key", filters={"residence": residence}, pluck="name"):
			delete("Allocation Key", key)
	for supplier in suppliers:
		delete("Supplier", supplier)
	for residence in residences:
		for unit in frappe.get_all("Unit", filters={"residence": residence}, pluck="name"):
			delete("Unit", unit)
		for building in frappe.get_all("Building", filters={"residence": residence}, pluck="name"):
			delete("Building", building)
	for residence in residences:
		delete("Residence", residence)  # its controller deletes the company's chart and the company
	for company in companies:
		delete("Company", company)
	for co_owner in co_owners:
		if frappe.db.exists("Unit", {"co_owner": co_owner}) or frappe.db.exists(
			"Unit Ownership", {"co_owner": co_owner}
		):
			continue  # also owns (or owned) a lot outside the demo résidences: keep
		values = frappe.db.get_value("Co-owner", co_owner, ["customer", "contact"], as_dict=True) or {}
		delete("Co-owner", co_owner)
		if values.get("customer"):
			delete("Customer", values["customer"])
		if values.get("contact"):
			delete("Contact", values["contact"])
	return dict(removed)


def _refuse_if_booked(companies: list[str], customers: list[str], suppliers: list[str]) -> None:
	checks = []
	if companies:
		checks.append({"company": ["in", companies]})
	if customers:
		checks.append({"party_type": "Customer", "party": ["in", customers]})
	if suppliers:
		checks.append({"party_type": "Supplier", "party": ["in", suppliers]})
	for filters in checks:
		entries = frappe.db.count("GL Entry", filters)
		if entries:
			frappe.throw(
				_(
					"Les données de démonstration ont déjà des écritures comptables ({0} écritures au grand livre) : "
					"elles ne peuvent pas être supprimées. Annulez les pièces comptables ou utilisez "
					"l'outil de suppression des transactions d'ERPNext, puis recommencez."
				).format(entries),
				title=_("Réinitialisation impossible"),
			)


# --- summary --------------------------------------------------------------------------------


def _residence_summary(residence: str) -> dict:
	if not frappe.db.exists("Residence", residence):
		return {"residence": residence}
	units = frappe.get_all("Unit", filters={"residence": residence}, fields=["tantiemes", "co_owner"])
	return {
		"residence": residence,
		"company": frappe.db.get_value("Residence", residence, "company"),
		"units": len(units),
		"tantiemes": sum((u.tantiemes or 0) for u in units),
		"co_owners": len({u.co_owner for u in units if u.co_owner}),
	}


def _print_summary(summary: dict, timings: dict) -> None:
	print(_("Données de démonstration chargées en {0} s").format(summary["seconds"]))
	for doctype, count in sorted(summary["removed"].items()):
		print("  " + _("{0} : {1} supprimés").format(_(doctype), count))
	for doctype in sorted(set(summary["created"]) | set(summary["existing"])):
		label = _("Ownership transfer") if doctype == "Unit transfer" else _(doctype)
		print(
			"  "
			+ _("{0} : {1} créés, {2} déjà présents").format(
				label, summary["created"].get(doctype, 0), summary["existing"].get(doctype, 0)
			)
		)
	for r in summary["residences"]:
		if "company" in r:
			print(
				"  "
				+ _("{0} (société {1}) : {2} lots, {3} tantièmes, {4} copropriétaires").format(
					r["residence"], r["company"], r["units"], f"{r['tantiemes']:g}", r["co_owners"]
				)
			)
	print("  " + ", ".join(f"{step} {seconds} s" for step, seconds in timings.items()))

"""Loads the demo résidences (see demo_data.py) into the current site.

	bench --site syndic.localhost syndic-demo              # load (idempotent)
	bench --site syndic.localhost syndic-demo --no-books   # the registry only
	bench --site syndic.localhost syndic-demo --reset      # delete the demo records, then load
	bench --site syndic.localhost execute syndic_maroc.demo.loader.load

Every record is looked up by its natural key before it is created, so loading twice creates
nothing twice. Documents are inserted with their controllers (a Residence creates its
Company, chart of accounts and "Charges générales" key; a Co-owner its Customer and Contact).
Once the registry is loaded, the demo books (demo_books.py: budget, calls, payments, supplier
invoices, reminders of the current fiscal year) show the money cycle.
`reset` deletes only the records of the demo data set: first the demo books (found by their
demo markers, cancelled then deleted with their ledger entries), then the registry. It refuses
when a demo company or party has any other ledger entry: accounting history is never deleted
behind the user's back.
"""

from __future__ import annotations

import time
from collections import Counter

import frappe
from frappe import _

from syndic_maroc.demo import books as demo_books
from syndic_maroc.demo import data as demo_data
from syndic_maroc.demo import operations as demo_operations
from syndic_maroc.demo import portal as demo_portal

# Keys of demo_data dicts that are not DocType fields.
_NOT_FIELDS = {"key", "created_on", "acquired_on"}
_SUPPLIER_EXTRA = {"phone", "address_line", "city", "served_residences"}


def load(reset: bool = False, verbose: bool = True, books: bool = True) -> dict:
	"""Create the demo data set (idempotent), with its books unless `books` is false.
	Returns a summary; commits."""
	started = time.monotonic()
	data = demo_data.build()
	removed: dict = {}
	ledger: dict | None = None
	previous_mute = frappe.flags.mute_emails
	frappe.flags.mute_emails = True  # demo co-owners must never receive mail
	try:
		if reset:
			# the books go first (committed: cancelling a call commits as it goes); the registry is
			# deleted and reloaded in one transaction: if that fails, the old registry comes back
			removed = _reset(data)
		loader = _Loader(data)
		loader.run()
		frappe.db.commit()
		# a few co-owners get a portal login with the demo password (demo/portal.py)
		logins = demo_portal.make_logins([r["residence_name"] for r in data["residences"]])
		frappe.db.commit()
		# maintenance requests, contracts, an RFQ with quotes, library documents, announcements
		operations = demo_operations.load([r["residence_name"] for r in data["residences"]])
		frappe.db.commit()
		if books:
			# the call jobs commit batch by batch: a failure keeps what was made, and loading again
			# completes it (every book is found by its natural key)
			ledger = demo_books.load(data)
			frappe.db.commit()
	except Exception:
		frappe.db.rollback()
		raise
	finally:
		frappe.flags.mute_emails = previous_mute
	created, existing = Counter(loader.created), Counter(loader.existing)
	created.update(operations)
	if ledger:
		created.update(ledger["created"])
		existing.update(ledger["existing"])
	summary = {
		"created": dict(created),
		"existing": dict(existing),
		"removed": removed,
		"seconds": round(time.monotonic() - started, 1),
		"books_seconds": round(sum(ledger["timings"].values()), 1) if ledger else 0,
		"residences": [_residence_summary(r["residence_name"]) for r in data["residences"]],
		"books": ledger,
		"portal_logins": logins,
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
			doc.flags.ownership_reference = _("Handover of the housing development")
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
	"""Delete the demo records (and only them): the demo books first, then the registry.
	Refuses, before touching anything, if a demo company or party has other ledger entries."""
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
	books = demo_books.find(residences, companies)
	_refuse_if_booked(companies, customers, suppliers, books.vouchers())

	removed: Counter = demo_books.remove(books)
	if removed:
		frappe.db.commit()  # cancelling a call commits anyway: the books are gone for good

	def delete(doctype: str, name: str) -> None:
		if frappe.db.exists(doctype, name):
			frappe.delete_doc(doctype, name, ignore_permissions=True)
			removed[doctype] += 1

	for residence in residences:
		for key in frappe.get_all("Allocation Key", filters={"residence": residence}, pluck="name"):
			delete("Allocation Key", key)
	removed.update(demo_operations.remove(residences))  # they link suppliers and résidences
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
		if demo_portal.remove_logins([co_owner]):
			removed["User"] += 1
		values = frappe.db.get_value("Co-owner", co_owner, ["customer", "contact"], as_dict=True) or {}
		delete("Co-owner", co_owner)
		if values.get("customer"):
			delete("Customer", values["customer"])
		if values.get("contact"):
			delete("Contact", values["contact"])
	return dict(removed)


def _refuse_if_booked(
	companies: list[str], customers: list[str], suppliers: list[str], ours: set[tuple[str, str]]
) -> None:
	"""Throw when a demo company or party has ledger entries of vouchers other than `ours` (the
	demo books, which reset deletes with their entries)."""
	checks = []
	if companies:
		checks.append({"company": ["in", companies]})
	if customers:
		checks.append({"party_type": "Customer", "party": ["in", customers]})
	if suppliers:
		checks.append({"party_type": "Supplier", "party": ["in", suppliers]})
	for filters in checks:
		rows = frappe.get_all(
			"GL Entry",
			filters=filters,
			fields=["voucher_type", "voucher_no", "count(*) as entries"],
			group_by="voucher_type, voucher_no",
		)
		entries = sum(row.entries for row in rows if (row.voucher_type, row.voucher_no) not in ours)
		if entries:
			frappe.throw(
				_(
					"The demo data already has accounting entries ({0} general ledger entries): it cannot be deleted. Cancel the accounting vouchers or use ERPNext's Transaction Deletion tool, then try again."
				).format(entries),
				title=_("Reset impossible"),
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
	print(_("Demo data loaded in {0} s").format(summary["seconds"]))
	for doctype, count in sorted(summary["removed"].items()):
		print("  " + _("{0}: {1} deleted").format(_(doctype), count))
	for doctype in sorted(set(summary["created"]) | set(summary["existing"])):
		label = _("Ownership transfer") if doctype == "Unit transfer" else _(doctype)
		print(
			"  "
			+ _("{0}: {1} created, {2} already present").format(
				label, summary["created"].get(doctype, 0), summary["existing"].get(doctype, 0)
			)
		)
	for r in summary["residences"]:
		if "company" in r:
			print(
				"  "
				+ _("{0} (company {1}): {2} units, {3} tantiemes, {4} co-owners").format(
					r["residence"], r["company"], r["units"], f"{r['tantiemes']:g}", r["co_owners"]
				)
			)
	_print_books(summary["books"])
	for login in summary["portal_logins"]:
		print(
			"  "
			+ _("Portal login (demo data): {0} / {1}").format(
				login["user"], login["password"] or _("password unchanged")
			)
		)
	print("  " + ", ".join(f"{step} {seconds} s" for step, seconds in timings.items()))


def _print_books(books: dict | None) -> None:
	"""The books of each résidence (CLI output, French like the rest of the summary)."""
	if not books:
		return
	for line in books["skipped"]:
		print(f"  Comptes de démonstration : {line}")
	for r in books["residences"]:
		print(
			f"  {r['residence']}, exercice {books['fiscal_year']} : budget {r['budget']} ({_money(r['budget_total'])}), "
			f"{r['calls']} appels de fonds ({r['invoices']} factures, {_money(r['called'])}), "
			f"{r['receipts']} paiements ({_money(r['received'])}, reste dû {_money(r['outstanding'])}), "
			f"{r['purchase_invoices']} factures fournisseurs ({_money(r['purchased'])}), {r['dunnings']} relances"
		)
	if books["timings"]:
		print("  comptes : " + ", ".join(f"{step} {seconds} s" for step, seconds in books["timings"].items()))


def _money(amount: float) -> str:
	"""1 234 567,89 DH, as the app prints amounts (CLI: no locale needed)."""
	return f"{amount:,.2f}".replace(",", " ").replace(".", ",") + " DH"

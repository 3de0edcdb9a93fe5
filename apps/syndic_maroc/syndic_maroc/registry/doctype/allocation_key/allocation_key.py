# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt
"""Clé de répartition: which units share a charge, with which weights (core.weights.key_weights)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from syndic_maroc.core.weights import key_weights
from syndic_maroc.registry.utils import residence_abbr
from syndic_maroc.utils.errors import core_errors

# Bases whose weights are read from the Unit itself (kept in sync when a unit changes).
UNIT_FIELD = {"Tantiemes": "tantiemes", "Surface": "surface"}


class AllocationKey(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from syndic_maroc.registry.doctype.allocation_key_unit.allocation_key_unit import AllocationKeyUnit

		basis: DF.Literal["Tantiemes", "Equal", "Surface", "Custom"]
		description: DF.SmallText | None
		is_general: DF.Check
		key_name: DF.Data
		residence: DF.Link
		total_weight: DF.Float
		units: DF.Table[AllocationKeyUnit]
	# end: auto-generated types

	def autoname(self):
		self.name = f"{(self.key_name or '').strip()} - {residence_abbr(self.residence)}"

	def validate(self):
		self.key_name = (self.key_name or "").strip()
		if not self.is_new():
			before = frappe.db.get_value(
				"Allocation Key", self.name, ["residence", "is_general"], as_dict=True
			)
			if before and before.residence != self.residence:
				frappe.throw(_("An allocation key cannot change residence"))
			if before and before.is_general != self.is_general:
				frappe.throw(_("Whether a key is the general key cannot be changed"))
		duplicate = frappe.db.get_value(
			"Allocation Key",
			{
				"residence": self.residence,
				"key_name": self.key_name,
				"name": ("!=", "" if self.is_new() else self.name),
			},
		)
		if duplicate:
			frappe.throw(
				_("Allocation key {0} already exists in residence {1}").format(
					frappe.bold(self.key_name), frappe.bold(self.residence)
				)
			)
		if self.is_general:
			self.validate_single_general()
			self.basis = "Tantiemes"
			self.set_all_units()
		else:
			self.validate_units_residence()
		self.compute_weights()

	def validate_single_general(self):
		other = frappe.db.get_value(
			"Allocation Key",
			{
				"residence": self.residence,
				"is_general": 1,
				"name": ("!=", "" if self.is_new() else self.name),
			},
		)
		if other:
			frappe.throw(
				_("Residence {0} already has its general key: {1}").format(frappe.bold(self.residence), other)
			)

	def set_all_units(self):
		"""The general key covers every unit of the résidence, in unit-number order."""
		units = frappe.get_all(
			"Unit",
			filters={"residence": self.residence},
			fields=["name", "unit_number"],
			order_by="creation asc",
		)
		existing = {row.unit: row for row in self.units}
		self.units = []
		for unit in units:
			row = existing.get(unit.name)
			self.append(
				"units",
				{"unit": unit.name, "unit_number": unit.unit_number, "weight": row.weight if row else 0},
			)

	def validate_units_residence(self):
		names = [row.unit for row in self.units if row.unit]
		if not names:
			return
		found = dict(
			frappe.get_all(
				"Unit", filters={"name": ("in", names)}, fields=["name", "residence"], as_list=True
			)
		)
		for row in self.units:
			if row.unit and found.get(row.unit) != self.residence:
				frappe.throw(
					_("Row {0}: unit {1} does not belong to residence {2}").format(
						row.idx, frappe.bold(row.unit), frappe.bold(self.residence)
					)
				)

	def compute_weights(self):
		if self.is_general and not self.units:
			self.total_weight = 0
			return
		rows = [{"unit": row.unit, "weight": row.weight} for row in self.units]
		field = UNIT_FIELD.get(self.basis)
		if field:
			names = [row["unit"] for row in rows if row["unit"]]
			values = dict(
				frappe.get_all("Unit", filters={"name": ("in", names)}, fields=["name", field], as_list=True)
			)
			for row in rows:
				row[field] = values.get(row["unit"])
		with core_errors():
			weights = key_weights(rows, self.basis)
		total = sum(weights.values())
		for row in self.units:
			row.weight = flt(weights[row.unit], 6)
			row.share = flt(weights[row.unit] * 100 / total, 6)
		self.total_weight = flt(total, 6)

	@frappe.whitelist()
	def add_all_units(self) -> "AllocationKey":
		"""Fill the key with every unit of the résidence not in it yet (desk button)."""
		present = {row.unit for row in self.units}
		for unit in frappe.get_all(
			"Unit",
			filters={"residence": self.residence},
			fields=["name", "unit_number"],
			order_by="creation asc",
		):
			if unit.name not in present:
				self.append("units", {"unit": unit.name, "unit_number": unit.unit_number, "weight": 1})
		return self


def refresh_unit_in_keys(unit) -> None:
	"""After a unit is saved: add it to its résidence's general key and refresh its weight in every
	key whose basis reads the unit (tantièmes, surface). Direct row updates: O(1) per unit save."""
	general = ensure_general_key(unit.residence)
	if general and not frappe.db.exists(
		"Allocation Key Unit", {"parent": general, "parenttype": "Allocation Key", "unit": unit.name}
	):
		idx = frappe.db.sql(
			"select coalesce(max(idx), 0) from `tabAllocation Key Unit` where parent=%s and parenttype='Allocation Key'",
			general,
		)[0][0]
		row = frappe.get_doc(
			{
				"doctype": "Allocation Key Unit",
				"parent": general,
				"parenttype": "Allocation Key",
				"parentfield": "units",
				"idx": idx + 1,
				"unit": unit.name,
				"unit_number": unit.unit_number,
				"weight": flt(unit.tantiemes),
			}
		)
		row.db_insert()

	rows = frappe.db.sql(
		"""select child.name, child.parent, key_.basis from `tabAllocation Key Unit` child
		join `tabAllocation Key` key_ on key_.name = child.parent
		where child.parenttype='Allocation Key' and child.unit=%s""",
		unit.name,
		as_dict=True,
	)
	touched = set()
	for row in rows:
		field = UNIT_FIELD.get(row.basis)
		if field and flt(unit.get(field)) > 0:
			frappe.db.set_value(
				"Allocation Key Unit",
				row.name,
				{"weight": flt(unit.get(field)), "unit_number": unit.unit_number},
				update_modified=False,
			)
			touched.add(row.parent)
	if general:
		touched.add(general)
	for key in touched:
		update_shares(key)


def ensure_general_key(residence: str) -> str | None:
	"""The résidence's general key ("Charges générales"), recreated if it was deleted."""
	name = frappe.db.get_value("Allocation Key", {"residence": residence, "is_general": 1}, "name")
	if name or not frappe.db.exists("Residence", residence):
		return name
	return frappe.get_doc("Residence", residence).ensure_general_key()


def remove_unit_from_keys(unit) -> None:
	"""Before a unit is deleted: drop it from the general key; refuse while other keys use it."""
	rows = frappe.db.sql(
		"""select child.name, child.parent, key_.is_general from `tabAllocation Key Unit` child
		join `tabAllocation Key` key_ on key_.name = child.parent
		where child.parenttype='Allocation Key' and child.unit=%s""",
		unit.name,
		as_dict=True,
	)
	others = sorted({row.parent for row in rows if not row.is_general})
	if others:
		frappe.throw(
			_("Unit {0} is in allocation keys {1}: remove it from these keys first").format(
				frappe.bold(unit.name), ", ".join(others)
			),
			frappe.LinkExistsError,
		)
	for row in rows:
		frappe.db.delete("Allocation Key Unit", {"name": row.name})
		update_shares(row.parent)


def update_shares(key: str) -> None:
	"""Recompute total_weight, idx order and each row's share (%) of a key from its stored weights."""
	total = flt(
		frappe.db.sql(
			"select coalesce(sum(weight), 0) from `tabAllocation Key Unit` where parent=%s and parenttype='Allocation Key'",
			key,
		)[0][0]
	)
	if total:
		frappe.db.sql(
			"""update `tabAllocation Key Unit` set share = round(weight * 100 / %s, 6)
			where parent=%s and parenttype='Allocation Key'""",
			(total, key),
		)
	frappe.db.set_value("Allocation Key", key, "total_weight", total)

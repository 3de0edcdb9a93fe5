# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt
"""Lot: résidence, building, tantièmes and an ownership history that is never overwritten."""

from datetime import date

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, flt, getdate, today

from syndic_maroc.core.weights import validate_unit_tantiemes
from syndic_maroc.registry.utils import clean_phone, residence_abbr
from syndic_maroc.utils.errors import core_errors


class Unit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from syndic_maroc.registry.doctype.unit_ownership.unit_ownership import UnitOwnership

		building: DF.Link | None
		co_owner: DF.Link | None
		co_owner_name: DF.Data | None
		floor: DF.Data | None
		occupancy: DF.Literal["Owner", "Tenant", "Vacant"]
		occupant_email: DF.Data | None
		occupant_name: DF.Data | None
		occupant_phone: DF.Data | None
		ownership_history: DF.Table[UnitOwnership]
		property_certificate: DF.Attach | None
		residence: DF.Link
		surface: DF.Float
		tantiemes: DF.Float
		unit_number: DF.Data
		unit_type: DF.Literal["Apartment", "Commercial", "Parking", "Cellar", "Villa", "Other"]
	# end: auto-generated types

	def autoname(self):
		self.name = f"{(self.unit_number or '').strip()} - {residence_abbr(self.residence)}"

	def validate(self):
		self.unit_number = (self.unit_number or "").strip()
		self.validate_residence_fixed()
		self.validate_unique_number()
		self.validate_building()
		self.validate_tantiemes()
		if flt(self.surface) < 0:
			frappe.throw(_("The surface of unit {0} cannot be negative").format(self.unit_number))
		self.occupant_phone = clean_phone(self.occupant_phone)
		self.validate_ownership()

	def validate_residence_fixed(self):
		if self.is_new():
			return
		before = frappe.db.get_value("Unit", self.name, ["residence", "unit_number"], as_dict=True)
		if before and before.residence != self.residence:
			frappe.throw(_("A unit cannot change residence"))
		if before and before.unit_number != self.unit_number:
			frappe.throw(_("A unit's number can no longer be changed (it names the unit)"))

	def validate_unique_number(self):
		duplicate = frappe.db.get_value(
			"Unit",
			{
				"residence": self.residence,
				"unit_number": self.unit_number,
				"name": ("!=", "" if self.is_new() else self.name),
			},
		)
		if duplicate:
			frappe.throw(
				_("Unit number {0} already exists in residence {1}").format(
					frappe.bold(self.unit_number), frappe.bold(self.residence)
				),
				frappe.UniqueValidationError,
			)

	def validate_building(self):
		if not self.building:
			return
		residence = frappe.db.get_value("Building", self.building, "residence")
		if residence != self.residence:
			frappe.throw(
				_("Building {0} does not belong to residence {1}").format(
					frappe.bold(self.building), frappe.bold(self.residence)
				)
			)

	def validate_tantiemes(self):
		declared = frappe.db.get_value("Residence", self.residence, "total_tantiemes")
		others = frappe.get_all(
			"Unit",
			filters={"residence": self.residence, "name": ("!=", "" if self.is_new() else self.name)},
			pluck="tantiemes",
		)
		with core_errors():
			validate_unit_tantiemes(
				_whole(declared), [_whole(v) for v in others], _whole(self.tantiemes), unit=self.unit_number
			)

	# --- ownership ---------------------------------------------------------------------------

	def open_ownership_row(self):
		rows = [r for r in self.ownership_history if not r.to_date]
		return rows[-1] if rows else None

	def validate_ownership(self):
		open_rows = [r for r in self.ownership_history if not r.to_date]
		if len(open_rows) > 1:
			frappe.throw(
				_("The ownership history of unit {0} has several open rows").format(self.unit_number)
			)
		for row in self.ownership_history:
			if row.to_date and row.from_date and getdate(row.to_date) < getdate(row.from_date):
				frappe.throw(
					_("Ownership history, row {0}: the end date is before the start date").format(row.idx)
				)

		before = None if self.is_new() else self.get_doc_before_save()
		if before and not self.flags.via_transfer:
			self.refuse_history_edits(before)
			if before.co_owner and self.co_owner != before.co_owner:
				frappe.throw(
					_(
						'The owner of a saved unit changes only through an ownership transfer (action "Transfer Ownership"): the ownership history is kept'
					),
					title=_("Ownership transfer required"),
				)

		# First owner (on insert, or on a lot saved without owner): open the history.
		if self.co_owner and not open_rows:
			self.append(
				"ownership_history",
				{
					"co_owner": self.co_owner,
					"from_date": self.flags.ownership_from_date or today(),
					"reference": self.flags.ownership_reference,
				},
			)
		elif open_rows and open_rows[0].co_owner != self.co_owner:
			frappe.throw(
				_("The current owner ({0}) does not match the open row of the history ({1})").format(
					self.co_owner or "-", open_rows[0].co_owner
				)
			)

	def refuse_history_edits(self, before):
		old_rows = {r.name: r for r in before.ownership_history}
		new_rows = {r.name: r for r in self.ownership_history}
		for name, old in old_rows.items():
			new = new_rows.get(name)
			if not new:
				frappe.throw(_("The ownership history cannot be cleared"))
			for field in ("co_owner", "from_date", "to_date", "reference"):
				if (old.get(field) or None) != (new.get(field) or None) and str(old.get(field)) != str(
					new.get(field)
				):
					frappe.throw(_("The ownership history cannot be edited: use an ownership transfer"))

	@frappe.whitelist()
	def transfer_ownership(
		self, new_owner: str, transfer_date: str | date | None = None, reference: str | None = None
	) -> "Unit":
		"""Mutation: close the open ownership row the day before `transfer_date` and open one for `new_owner`."""
		self.check_permission("write")
		if not new_owner or not frappe.db.exists("Co-owner", new_owner):
			frappe.throw(_("Co-owner not found: {0}").format(new_owner or "-"))
		if new_owner == self.co_owner:
			frappe.throw(_("{0} is already the owner of unit {1}").format(new_owner, self.unit_number))
		transfer_date = getdate(transfer_date or today())
		current = self.open_ownership_row()
		if current:
			if getdate(current.from_date) >= transfer_date:
				frappe.throw(
					_(
						"The transfer date ({0}) must be after the start of the current ownership ({1})"
					).format(frappe.format(transfer_date, "Date"), frappe.format(current.from_date, "Date"))
				)
			current.to_date = add_days(transfer_date, -1)
		self.append(
			"ownership_history",
			{"co_owner": new_owner, "from_date": transfer_date, "reference": reference},
		)
		self.co_owner = new_owner
		self.flags.via_transfer = True
		try:
			self.save()
		finally:
			self.flags.via_transfer = False
		self.add_comment(
			"Info",
			_("Ownership transfer: {0} becomes owner from {1}{2}").format(
				self.co_owner_name or new_owner,
				frappe.format(transfer_date, "Date"),
				f" ({reference})" if reference else "",
			),
		)
		return self

	def owner_on(self, date) -> str | None:
		"""The co-owner who owned the lot on `date`, from the history."""
		date = getdate(date)
		for row in self.ownership_history:
			if getdate(row.from_date) <= date and (not row.to_date or date <= getdate(row.to_date)):
				return row.co_owner
		return None

	# --- keys and totals ---------------------------------------------------------------------

	def on_update(self):
		from syndic_maroc.registry.doctype.allocation_key.allocation_key import refresh_unit_in_keys
		from syndic_maroc.registry.doctype.residence.residence import update_allocated_tantiemes

		refresh_unit_in_keys(self)
		update_allocated_tantiemes(self.residence)

	def on_trash(self):
		from syndic_maroc.registry.doctype.allocation_key.allocation_key import remove_unit_from_keys

		remove_unit_from_keys(self)

	def after_delete(self):
		from syndic_maroc.registry.doctype.residence.residence import update_allocated_tantiemes

		update_allocated_tantiemes(self.residence)


def _whole(value):
	"""Floats that are whole numbers as int, so messages read "1005", not "1005.0"."""
	value = flt(value)
	return int(value) if value == int(value) else value

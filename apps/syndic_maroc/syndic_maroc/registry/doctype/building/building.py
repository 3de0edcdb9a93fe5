# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt
"""Bâtiment / escalier / tranche: a Cost Center of the résidence's company."""

import frappe
from frappe import _
from frappe.model.document import Document

from syndic_maroc.registry.company import root_cost_center
from syndic_maroc.registry.utils import residence_abbr


class Building(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		building_code: DF.Data
		building_name: DF.Data | None
		company: DF.Link | None
		cost_center: DF.Link | None
		residence: DF.Link
	# end: auto-generated types

	def autoname(self):
		self.name = f"{self.building_code.strip()} - {residence_abbr(self.residence)}"

	def validate(self):
		self.building_code = (self.building_code or "").strip()
		self.building_name = (self.building_name or "").strip() or None
		if not self.is_new():
			before = frappe.db.get_value("Building", self.name, ["residence", "building_code"], as_dict=True)
			if before and before.residence != self.residence:
				frappe.throw(_("A building cannot change residence"))
			if before and before.building_code != self.building_code:
				frappe.throw(_("A building's code can no longer be changed (it names the building)"))
		duplicate = frappe.db.get_value(
			"Building",
			{
				"residence": self.residence,
				"building_code": self.building_code,
				"name": ("!=", "" if self.is_new() else self.name),
			},
		)
		if duplicate:
			frappe.throw(
				_("Building {0} already exists in residence {1}").format(
					frappe.bold(self.building_code), frappe.bold(self.residence)
				)
			)
		self.company = frappe.db.get_value("Residence", self.residence, "company")

	def on_update(self):
		if self.company and not (self.cost_center and frappe.db.exists("Cost Center", self.cost_center)):
			self.db_set("cost_center", self.create_cost_center(), update_modified=False)

	def create_cost_center(self) -> str:
		parent = root_cost_center(self.company)
		label = self.building_name or _("Building {0}").format(self.building_code)
		if frappe.db.exists("Cost Center", {"company": self.company, "cost_center_name": label}):
			label = f"{label} ({self.building_code})"
		cc = frappe.get_doc(
			{
				"doctype": "Cost Center",
				"cost_center_name": label,
				"parent_cost_center": parent,
				"company": self.company,
				"is_group": 0,
			}
		)
		cc.flags.ignore_permissions = True
		cc.insert()
		return cc.name

	def on_trash(self):
		units = frappe.db.count("Unit", {"building": self.name})
		if units:
			frappe.throw(
				_("Building {0} has {1} unit(s): move them to another building first").format(
					frappe.bold(self.name), units
				),
				frappe.LinkExistsError,
			)

	def after_delete(self):
		cc = self.cost_center
		if (
			cc
			and frappe.db.exists("Cost Center", cc)
			and not frappe.db.exists("GL Entry", {"cost_center": cc})
		):
			frappe.delete_doc("Cost Center", cc, ignore_permissions=True)

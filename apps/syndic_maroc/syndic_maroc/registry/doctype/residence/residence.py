# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt
"""Résidence = syndicat des copropriétaires: one ERPNext Company with the décret 2.23.700 chart."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt

from syndic_maroc.core.finance.recovery import late_charge_policy
from syndic_maroc.core.weights import tantiemes_gap
from syndic_maroc.registry import company as syndicat_company
from syndic_maroc.registry import staff
from syndic_maroc.registry.utils import clean_ice, clean_rib, derive_abbr
from syndic_maroc.utils.errors import core_errors

GENERAL_KEY_NAME = "Charges générales"


class Residence(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from syndic_maroc.registry.doctype.residence_staff.residence_staff import ResidenceStaff

		abbr: DF.Data | None
		address_line: DF.SmallText | None
		allocated_tantiemes: DF.Float
		bank_account: DF.Link | None
		bank_name: DF.Data | None
		city: DF.Data | None
		company: DF.Link | None
		cost_center: DF.Link | None
		default_bank_account: DF.Link | None
		dunning_fee: DF.Currency
		ice: DF.Data | None
		late_interest_ag_reference: DF.Data | None
		late_interest_rate: DF.Percent
		reglement: DF.Attach | None
		residence_name: DF.Data
		rib: DF.Data | None
		staff: DF.Table[ResidenceStaff]
		syndic_user: DF.Link | None
		tax_id_if: DF.Data | None
		total_tantiemes: DF.Int
	# end: auto-generated types

	def validate(self):
		self.residence_name = (self.residence_name or "").strip()
		if self.is_new() and frappe.db.exists("Residence", self.residence_name):
			frappe.throw(
				_("Residence {0} already exists").format(frappe.bold(self.residence_name)),
				frappe.UniqueValidationError,
			)
		self.set_abbr()
		self.validate_total_tantiemes()
		self.ice = clean_ice(self.ice)
		self.rib = clean_rib(self.rib)
		self.bank_name = (self.bank_name or "").strip() or None
		self.validate_late_charges()

	def validate_late_charges(self):
		"""No late interest nor fee by default (loi 18-00 sets none); one needs its AG decision."""
		self.late_interest_ag_reference = (self.late_interest_ag_reference or "").strip() or None
		with core_errors():
			late_charge_policy(self.late_interest_rate, self.dunning_fee, self.late_interest_ag_reference)

	def set_abbr(self):
		def taken(abbr):
			return frappe.db.exists("Company", {"abbr": abbr}) or frappe.db.exists(
				"Residence", {"abbr": abbr, "name": ("!=", "" if self.is_new() else self.name)}
			)

		self.abbr = (self.abbr or "").strip()
		if not self.is_new():
			before = frappe.db.get_value("Residence", self.name, "abbr")
			if before and self.abbr != before:
				frappe.throw(
					_(
						"A residence's abbreviation ({0}) can no longer be changed: it names its company's accounts"
					).format(before)
				)
			return
		if not self.abbr:
			self.abbr = derive_abbr(self.residence_name, taken)
		elif taken(self.abbr):
			frappe.throw(
				_(
					"Abbreviation {0} is already used by another residence or company: choose another one"
				).format(frappe.bold(self.abbr))
			)

	def validate_total_tantiemes(self):
		if cint(self.total_tantiemes) <= 0:
			frappe.throw(
				_("The residence's total tantiemes must be strictly positive (received: {0})").format(
					self.total_tantiemes
				)
			)
		if self.is_new():
			return
		report = self.tantiemes_report()
		if report["status"] == "over":
			frappe.throw(
				_(
					"The declared total ({0}) is lower than the sum of the units' tantiemes ({1}): the declared total lacks {2} tantiemes"
				).format(self.total_tantiemes, _fmt(report["allocated"]), _fmt(-report["gap"]))
			)

	def tantiemes_report(self) -> dict:
		"""core.weights.tantiemes_gap of this résidence's units (declared, allocated, gap, status, units)."""
		values = (
			frappe.get_all("Unit", filters={"residence": self.name}, pluck="tantiemes") if self.name else []
		)
		with core_errors():
			return tantiemes_gap(self.total_tantiemes, values)

	def after_insert(self):
		info = syndicat_company.create_syndicat_company(self.residence_name, self.abbr)
		self.db_set(
			{
				"company": info.company,
				"default_bank_account": info.default_bank_account,
				"cost_center": info.cost_center,
			},
			update_modified=False,
		)
		# finance then gives the new company its reminder levels (doc_events in hooks.py).
		staff.sync_staff(self)  # on_update ran before the company existed

	def on_update(self):
		if self.company:
			# The ICE is the Moroccan tax identifier ERPNext prints as the company's tax_id.
			if (frappe.db.get_value("Company", self.company, "tax_id") or None) != (self.ice or None):
				frappe.db.set_value("Company", self.company, "tax_id", self.ice, update_modified=False)
			bank_account = syndicat_company.ensure_bank_account(self)
			if bank_account != self.bank_account:
				self.db_set("bank_account", bank_account, update_modified=False)
		self.ensure_general_key()
		staff.sync_staff(self)

	def ensure_general_key(self):
		"""The built-in "Charges générales" key (all units, by tantièmes) exists and is in sync."""
		name = frappe.db.get_value("Allocation Key", {"residence": self.name, "is_general": 1}, "name")
		if name:
			return name
		key = frappe.get_doc(
			{
				"doctype": "Allocation Key",
				# data, not UI text: the same name whatever the user's language
				"key_name": GENERAL_KEY_NAME,
				"residence": self.name,
				"basis": "Tantiemes",
				"is_general": 1,
				"description": "Charges des parties communes, réparties selon les tantièmes (loi 18-00, art. 36).",
			}
		)
		key.flags.ignore_permissions = True
		key.insert()
		return key.name

	def before_rename(self, old, new, merge=False):
		if merge:
			frappe.throw(_("Two residences cannot be merged"))
		if frappe.db.exists("Company", new):
			frappe.throw(
				_("An ERPNext company named {0} already exists: choose another residence name").format(
					frappe.bold(new)
				)
			)

	def after_rename(self, old, new, merge=False):
		self.db_set("residence_name", new, update_modified=False)
		if self.company == old and frappe.db.exists("Company", old):
			from frappe.model.rename_doc import rename_doc

			rename_doc(
				doctype="Company", old=old, new=new, force=True, ignore_permissions=True, show_alert=False
			)
			self.db_set("company", new, update_modified=False)

	def on_trash(self):
		units = frappe.db.count("Unit", {"residence": self.name})
		if units:
			frappe.throw(
				_("Residence {0} has {1} unit(s): delete or transfer its units first").format(
					frappe.bold(self.name), units
				),
				frappe.LinkExistsError,
			)
		if self.company and syndicat_company.company_has_gl_entries(self.company):
			frappe.throw(
				_("Residence {0} has accounting entries in company {1}: it cannot be deleted").format(
					frappe.bold(self.name), frappe.bold(self.company)
				),
				frappe.LinkExistsError,
			)
		staff.sync_staff(self, removing=True)
		for name in frappe.get_all("Allocation Key", filters={"residence": self.name}, pluck="name"):
			frappe.delete_doc(
				"Allocation Key", name, ignore_permissions=True, force=True, flags={"from_residence": True}
			)
		for name in frappe.get_all("Building", filters={"residence": self.name}, pluck="name"):
			frappe.delete_doc("Building", name, ignore_permissions=True)

	def after_delete(self):
		# The Residence row is gone, so nothing links the Company any more (finance removed the
		# company's reminder levels on on_trash, doc_events in hooks.py).
		syndicat_company.delete_syndicat_company(self.company)


def _fmt(value) -> str:
	"""A tantièmes figure without useless decimals (1000, 12.5)."""
	value = flt(value, 6)
	return str(int(value)) if value == int(value) else str(value)


def update_allocated_tantiemes(residence: str) -> None:
	"""Store the sum of the units' tantièmes on the Residence (list view, gap report)."""
	if not residence or not frappe.db.exists("Residence", residence):
		return
	total = frappe.db.sql("select coalesce(sum(tantiemes), 0) from `tabUnit` where residence=%s", residence)[
		0
	][0]
	frappe.db.set_value("Residence", residence, "allocated_tantiemes", flt(total), update_modified=False)

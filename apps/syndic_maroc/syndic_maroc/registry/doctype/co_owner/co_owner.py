# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt
"""Copropriétaire: an ERPNext Customer + Contact, and a portal User on demand."""

import frappe
from frappe import _
from frappe.model.document import Document

from syndic_maroc.registry.customers import CUSTOMER_GROUP, make_customer_group
from syndic_maroc.registry.utils import clean_cin, clean_ice, clean_phone

ROLE = "Co-owner"


class Coowner(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address_line: DF.SmallText | None
		cin: DF.Data | None
		city: DF.Data | None
		contact: DF.Link | None
		country: DF.Link | None
		customer: DF.Link | None
		email: DF.Data | None
		full_name: DF.Data
		ice: DF.Data | None
		is_mre: DF.Check
		owner_type: DF.Literal["Person", "Company"]
		phone: DF.Data | None
		portal_user: DF.Link | None
		preferred_language: DF.Literal["fr", "ar"]
	# end: auto-generated types

	def validate(self):
		self.full_name = " ".join((self.full_name or "").split())
		self.owner_type = self.owner_type or "Person"
		self.preferred_language = self.preferred_language or "fr"
		self.cin = clean_cin(self.cin)
		self.ice = clean_ice(self.ice)
		self.phone = clean_phone(self.phone)
		self.email = (self.email or "").strip().lower() or None

	def after_insert(self):
		customer = self.create_customer()
		contact = self.create_contact(customer)
		frappe.db.set_value(
			"Customer",
			customer,
			{"customer_primary_contact": contact, "email_id": self.email, "mobile_no": self.phone},
			update_modified=False,
		)
		self.db_set({"customer": customer, "contact": contact}, update_modified=False)

	def on_update(self):
		if self.flags.in_insert or self.is_new():
			return
		# Contact first: the Customer fetches its email and mobile from its primary contact.
		self.sync_contact()
		self.sync_customer()

	# --- Customer ---------------------------------------------------------------------------

	def customer_values(self) -> dict:
		return {
			"customer_name": self.full_name,
			"customer_type": "Company" if self.owner_type == "Company" else "Individual",
			"tax_id": self.ice,
			"language": self.preferred_language
			if frappe.db.exists("Language", self.preferred_language)
			else None,
		}

	def create_customer(self) -> str:
		customer = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_group": get_customer_group(),
				"territory": get_territory(self.country),
				**self.customer_values(),
			}
		)
		customer.flags.ignore_permissions = True
		customer.flags.ignore_mandatory = True
		customer.insert()
		return customer.name

	def sync_customer(self):
		if not (self.customer and frappe.db.exists("Customer", self.customer)):
			self.db_set("customer", self.create_customer(), update_modified=False)
			return
		customer = frappe.get_doc("Customer", self.customer)
		values = self.customer_values()
		values.update({"email_id": self.email, "mobile_no": self.phone})
		if any((customer.get(k) or None) != (v or None) for k, v in values.items()):
			customer.update(values)
			customer.flags.ignore_permissions = True
			customer.save()

	# --- Contact ----------------------------------------------------------------------------

	def create_contact(self, customer: str) -> str:
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"is_primary_contact": 1,
				"links": [{"link_doctype": "Customer", "link_name": customer}],
			}
		)
		self.fill_contact(contact)
		contact.flags.ignore_permissions = True
		contact.insert()
		return contact.name

	def fill_contact(self, contact):
		if self.owner_type == "Company":
			contact.update({"first_name": self.full_name, "last_name": None, "company_name": self.full_name})
		else:
			first, _sep, last = self.full_name.partition(" ")
			contact.update({"first_name": first, "last_name": last or None, "company_name": None})
		if self.portal_user:
			contact.user = self.portal_user
		contact.email_ids = []
		contact.phone_nos = []
		if self.email:
			contact.add_email(self.email, is_primary=True)
		if self.phone:
			contact.add_phone(self.phone, is_primary_phone=True, is_primary_mobile_no=True)

	def sync_contact(self):
		if not (self.contact and frappe.db.exists("Contact", self.contact)):
			customer = self.customer or self.create_customer()
			self.db_set(
				{"customer": customer, "contact": self.create_contact(customer)}, update_modified=False
			)
			return
		contact = frappe.get_doc("Contact", self.contact)
		before = (contact.first_name, contact.last_name, contact.email_id, contact.mobile_no, contact.user)
		self.fill_contact(contact)
		contact.email_id = self.email
		contact.mobile_no = self.phone
		if before != (
			contact.first_name,
			contact.last_name,
			contact.email_id,
			contact.mobile_no,
			contact.user,
		):
			contact.flags.ignore_permissions = True
			contact.save()

	# --- Portal user ------------------------------------------------------------------------

	@frappe.whitelist()
	def create_portal_user(self, send_welcome_email: bool = False) -> str:
		"""Create (or link) the co-owner's website User, with the Co-owner role."""
		self.check_permission("write")
		if not self.email:
			frappe.throw(
				_("Co-owner {0} has no email address: their portal access cannot be created").format(
					self.full_name
				)
			)
		user_name = frappe.db.get_value("User", {"email": self.email}, "name")
		if user_name:
			user = frappe.get_doc("User", user_name)
		else:
			first, _sep, last = self.full_name.partition(" ")
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": self.email,
					"first_name": first if self.owner_type != "Company" else self.full_name,
					"last_name": (last or None) if self.owner_type != "Company" else None,
					"user_type": "Website User",
					"send_welcome_email": 1 if frappe.utils.cint(send_welcome_email) else 0,
					"language": self.preferred_language,
					"mobile_no": self.phone,
				}
			)
			user.flags.ignore_permissions = True
			user.flags.no_welcome_mail = not frappe.utils.cint(send_welcome_email)
			user.insert()
		if ROLE not in [r.role for r in user.roles]:
			user.flags.ignore_permissions = True
			user.add_roles(ROLE)
		self.db_set("portal_user", user.name, update_modified=False)
		if self.customer and frappe.db.exists("Customer", self.customer):
			customer = frappe.get_doc("Customer", self.customer)
			if user.name not in [row.user for row in customer.get("portal_users") or []]:
				customer.append("portal_users", {"user": user.name})
				customer.flags.ignore_permissions = True
				customer.save()
		if self.contact and frappe.db.exists("Contact", self.contact):
			frappe.db.set_value("Contact", self.contact, "user", user.name, update_modified=False)
		return user.name

	# --- Delete -----------------------------------------------------------------------------

	def on_trash(self):
		units = frappe.get_all("Unit", filters={"co_owner": self.name}, pluck="name")
		if units:
			frappe.throw(
				_("Co-owner {0} still owns units ({1}): transfer them first").format(
					frappe.bold(self.full_name), ", ".join(units)
				),
				frappe.LinkExistsError,
			)
		history = frappe.db.exists("Unit Ownership", {"co_owner": self.name})
		if history:
			frappe.throw(
				_("Co-owner {0} appears in the ownership history of a unit: they cannot be deleted").format(
					frappe.bold(self.full_name)
				),
				frappe.LinkExistsError,
			)

	def after_delete(self):
		"""Drop the Customer (and with it its Contact) unless ERPNext documents use it; else disable it."""
		for doctype, name in (("Customer", self.customer), ("Contact", self.contact)):
			if not name or not frappe.db.exists(doctype, name):
				continue
			try:
				frappe.db.savepoint("co_owner_cleanup")
				frappe.delete_doc(doctype, name, ignore_permissions=True)
			except frappe.LinkExistsError:
				frappe.db.rollback(save_point="co_owner_cleanup")
				frappe.clear_last_message()
				if doctype == "Customer":
					frappe.db.set_value("Customer", name, "disabled", 1)


def get_customer_group() -> str:
	"""The "Copropriétaires" customer group (created at install; created here if missing)."""
	if frappe.db.exists("Customer Group", CUSTOMER_GROUP):
		return CUSTOMER_GROUP
	return make_customer_group()


def get_territory(country: str | None = None) -> str:
	for name in ("Morocco", "Maroc"):
		if frappe.db.exists("Territory", name):
			return name
	root = frappe.db.get_value("Territory", {"is_group": 1, "parent_territory": ("is", "not set")}, "name")
	return root or frappe.db.get_value("Territory", {}, "name")

"""Install / migrate hooks of the Registry: roles, the co-owners' customer group, Supplier fields.

Everything here is idempotent: `after_install` and `after_migrate` both call `setup_registry()`.
"""

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from syndic_maroc.registry.customers import make_customer_group

ROLES = {
	# role: desk access
	"Syndic Manager": 1,
	"Syndic Accountant": 1,
	"Co-owner": 0,
}

SERVICE_CATEGORIES = (
	"Elevator",
	"Cleaning",
	"Security",
	"Gardening",
	"Electricity",
	"Plumbing",
	"Utility Distributor",
	"Other",
)

SUPPLIER_FIELDS = {
	"Supplier": [
		{
			"fieldname": "syndic_section",
			"fieldtype": "Section Break",
			"label": "Syndic",
			"insert_after": "image",
		},
		{
			"fieldname": "service_category",
			"fieldtype": "Select",
			"label": "Service Category",
			"options": "\n" + "\n".join(SERVICE_CATEGORIES),
			"insert_after": "syndic_section",
			"in_standard_filter": 1,
			"in_list_view": 1,
		},
		{
			"fieldname": "supplier_ice",
			"fieldtype": "Data",
			"label": "ICE",
			"insert_after": "service_category",
			"description": "Identifiant Commun de l'Entreprise: 15 digits.",
			"in_standard_filter": 1,
		},
		{
			"fieldname": "supplier_if",
			"fieldtype": "Data",
			"label": "Tax ID (IF)",
			"insert_after": "supplier_ice",
		},
		{
			"fieldname": "syndic_column_break",
			"fieldtype": "Column Break",
			"insert_after": "supplier_if",
		},
		{
			"fieldname": "supplier_rc",
			"fieldtype": "Data",
			"label": "Trade Register (RC)",
			"insert_after": "syndic_column_break",
		},
		{
			"fieldname": "supplier_rib",
			"fieldtype": "Data",
			"label": "RIB",
			"insert_after": "supplier_rc",
			"description": "24 digits.",
		},
		{
			"fieldname": "served_residences",
			"fieldtype": "Table MultiSelect",
			"label": "Served Residences",
			"options": "Supplier Residence",
			"insert_after": "supplier_rib",
		},
	]
}


def before_install():
	make_roles()


def after_install():
	setup_registry()
	setup_site_desk()


def after_migrate():
	from syndic_maroc.setup.accountant_access import ensure_accountant_access

	setup_registry()
	setup_site_desk()
	ensure_accountant_access()  # issue 10: the accountant's reads, scoped by Company


def setup_site_desk():
	"""The syndic staff's focused desk (setup.desk), the product's name and logo (setup.website)."""
	from syndic_maroc.setup.desk import setup_desk
	from syndic_maroc.setup.website import setup_branding

	setup_desk()
	setup_branding()


def setup_registry():
	make_roles()
	make_customer_group()
	create_custom_fields(SUPPLIER_FIELDS, ignore_validate=True, update=True)


def make_roles():
	for role, desk_access in ROLES.items():
		if frappe.db.exists("Role", role):
			if frappe.db.get_value("Role", role, "desk_access") != desk_access:
				frappe.db.set_value("Role", role, "desk_access", desk_access)
			continue
		doc = frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": desk_access})
		doc.flags.ignore_permissions = True
		doc.insert()

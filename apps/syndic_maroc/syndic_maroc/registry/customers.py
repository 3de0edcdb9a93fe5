"""The co-owners' ERPNext customer group: every Co-owner's Customer is in it (made at install,
and when the first co-owner is saved on a site set up later)."""

import frappe

# data, not UI text: the same name whatever the user's language
CUSTOMER_GROUP = "Copropriétaires"


def make_customer_group() -> str | None:
	"""The "Copropriétaires" customer group under the root group (its name depends on the setup language)."""
	if frappe.db.exists("Customer Group", CUSTOMER_GROUP):
		return CUSTOMER_GROUP
	if not frappe.db.table_exists("Customer Group"):
		return None
	root = frappe.db.get_value(
		"Customer Group", {"is_group": 1, "parent_customer_group": ("is", "not set")}, "name"
	)
	if not root:
		# ERPNext not set up yet (setup wizard not run): the group is made on the next migrate
		# or when the first co-owner is saved.
		return None
	doc = frappe.get_doc(
		{
			"doctype": "Customer Group",
			"customer_group_name": CUSTOMER_GROUP,
			"parent_customer_group": root,
			"is_group": 0,
		}
	)
	doc.flags.ignore_permissions = True
	doc.insert()
	return doc.name

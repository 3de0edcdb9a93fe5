"""What a Syndic Accountant needs to do his job (issue 10), without ERPNext's Accounts User.

Read (and report/print) on the ERPNext DocTypes the finance reports and our pages read (Journal
Entry, Payment Ledger Entry, Currency, Customer Group, Territory: Accounts Receivable reads them),
and the ERPNext reports Accounts Receivable, General Ledger and Trial Balance. The transactions, ledgers and
accounts link a Company, so the User Permissions on Company that a résidence's staff
table gives (registry.staff) restrict what he sees: scoping never needs an all-company role.
Idempotent (after_migrate): Custom DocPerm rows and Custom Role rows, added when missing.
"""

import frappe
from frappe.permissions import add_permission, update_permission_property

ROLE = "Syndic Accountant"
READ_DOCTYPES = (
	"Sales Invoice",
	"Payment Entry",
	"GL Entry",
	"Account",
	"Company",
	"Customer",
	"Cost Center",
	"Fiscal Year",
	"Journal Entry",
	"Payment Ledger Entry",
	"Currency",
	"Customer Group",
	"Territory",
)
RIGHTS = ("read", "report", "print")
REPORTS = ("Accounts Receivable", "General Ledger", "Trial Balance")


def ensure_accountant_access() -> None:
	if not frappe.db.exists("Role", ROLE):
		return
	for doctype in READ_DOCTYPES:
		row = frappe.db.get_value(
			"Custom DocPerm",
			{"parent": doctype, "role": ROLE, "permlevel": 0, "if_owner": 0},
			["name", *RIGHTS],
			as_dict=True,
		)
		if not row:
			add_permission(doctype, ROLE, 0, "read")
			row = frappe._dict(read=1)
		for right in RIGHTS:
			if not row.get(right):
				update_permission_property(doctype, ROLE, 0, right, 1, validate=False)
	for report in REPORTS:
		ensure_report_role(report)


def ensure_report_role(report: str) -> None:
	"""The report keeps its own roles and admits ours (a Custom Role replaces the report's list)."""
	if not frappe.db.exists("Report", report):
		return
	name = frappe.db.get_value("Custom Role", {"report": report}, "name")
	doc = frappe.get_doc("Custom Role", name) if name else frappe.new_doc("Custom Role")
	if not name:
		doc.report = report
		doc.ref_doctype = frappe.db.get_value("Report", report, "ref_doctype")
		for role in frappe.get_all(
			"Has Role", filters={"parent": report, "parenttype": "Report"}, pluck="role"
		):
			doc.append("roles", {"role": role})
	if ROLE in {row.role for row in doc.roles}:
		return
	doc.append("roles", {"role": ROLE})
	doc.save(ignore_permissions=True) if name else doc.insert(ignore_permissions=True)

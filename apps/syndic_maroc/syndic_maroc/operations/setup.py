"""Desk set-up of Operations, idempotent (after_migrate): the kanban of maintenance requests by
status, and the approval Workflow of purchase orders (thresholds: operations.orders)."""

import frappe

KANBAN = "Maintenance Requests"
COLUMNS = {
	"New": "Blue",
	"Acknowledged": "Cyan",
	"Assigned": "Orange",
	"Scheduled": "Yellow",
	"Done": "Green",
	"Closed": "Gray",
	"Rejected": "Red",
}


def after_migrate():
	# an early field of ours, replaced by the registry's Supplier.service_category
	if frappe.db.exists("Custom Field", "Supplier-syndic_category"):
		frappe.delete_doc("Custom Field", "Supplier-syndic_category", ignore_permissions=True)
	ensure_po_workflow()
	ensure_kanban()


def ensure_kanban():
	if not frappe.db.exists("DocType", "Maintenance Request") or frappe.db.exists("Kanban Board", KANBAN):
		return
	frappe.get_doc(
		{
			"doctype": "Kanban Board",
			"kanban_board_name": KANBAN,
			"reference_doctype": "Maintenance Request",
			"field_name": "status",
			"private": 0,
			"show_labels": 1,
			"columns": [
				{"column_name": status, "status": "Active", "indicator": color}
				for status, color in COLUMNS.items()
			],
		}
	).insert(ignore_permissions=True)


WORKFLOW = "Syndic Purchase Order Approval"
MANAGER = "Syndic Manager"
ALONE = "doc.syndic_approval_level == 'Syndic alone'"
SECOND = (
	"doc.syndic_approval_level == 'Second approver' or "
	"(doc.syndic_approval_level == 'General assembly resolution' and doc.syndic_assembly_resolution)"
)


def ensure_po_workflow():
	"""Draft → Approved by the syndic alone under his ceiling; above, Draft → Pending Approval →
	Approved by a second Syndic Manager (never the order's author: no self-approval); above the
	assembly ceiling the second approval needs the resolution (operations.orders)."""
	if not frappe.db.exists("DocType", "Purchase Order") or frappe.db.exists("Workflow", WORKFLOW):
		return
	for state, style in (("Draft", ""), ("Pending Approval", "Warning"), ("Approved", "Success")):
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
			).insert(ignore_permissions=True)
	for action in ("Approve", "Submit for Approval", "Reject"):
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": WORKFLOW,
			"document_type": "Purchase Order",
			"is_active": 1,
			"send_email_alert": 0,
			"workflow_state_field": "workflow_state",
			"override_status": 0,
			"states": [
				{"state": "Draft", "doc_status": "0", "allow_edit": "Purchase User"},
				{"state": "Pending Approval", "doc_status": "0", "allow_edit": MANAGER},
				{"state": "Approved", "doc_status": "1", "allow_edit": MANAGER},
			],
			"transitions": [
				{
					"state": "Draft",
					"action": "Approve",
					"next_state": "Approved",
					"allowed": MANAGER,
					"allow_self_approval": 1,
					"condition": ALONE,
				},
				{
					"state": "Draft",
					"action": "Submit for Approval",
					"next_state": "Pending Approval",
					"allowed": MANAGER,
					"allow_self_approval": 1,
					"condition": f"not ({ALONE})",
				},
				{
					"state": "Draft",
					"action": "Submit for Approval",
					"next_state": "Pending Approval",
					"allowed": "Purchase User",
					"allow_self_approval": 1,
					"condition": f"not ({ALONE})",
				},
				{
					"state": "Pending Approval",
					"action": "Approve",
					"next_state": "Approved",
					"allowed": MANAGER,
					"allow_self_approval": 0,
					"condition": SECOND,
				},
				{
					"state": "Pending Approval",
					"action": "Reject",
					"next_state": "Draft",
					"allowed": MANAGER,
					"allow_self_approval": 1,
				},
			],
		}
	).insert(ignore_permissions=True)

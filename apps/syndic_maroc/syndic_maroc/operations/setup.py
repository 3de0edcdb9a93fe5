"""Desk set-up of Operations, idempotent (after_migrate): the kanban of maintenance requests by
status."""

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

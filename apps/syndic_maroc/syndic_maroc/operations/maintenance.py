"""Maintenance requests behind the desk: the SLA job, and turning a request into a Request for
Quotation or a Purchase Order (ERPNext's), linked back both ways."""

import frappe
from frappe import _
from frappe.utils import now_datetime, nowdate

from syndic_maroc.core.operations import maintenance

OPEN = ("New", "Acknowledged", "Assigned", "Scheduled")


def flag_overdue() -> int:
	"""Hourly: the overdue flag of every open request, from core's SLA; returns how many changed."""
	now = now_datetime()
	changed = 0
	for row in frappe.get_all(
		"Maintenance Request",
		filters={"status": ("in", OPEN)},
		fields=["name", "reported_at", "urgency", "status", "overdue"],
	):
		late = int(maintenance.is_overdue(row.reported_at, row.urgency, row.status, now))
		if late != row.overdue:
			frappe.db.set_value("Maintenance Request", row.name, "overdue", late, update_modified=False)
			changed += 1
	# resolved ones are never late
	frappe.db.sql(
		"update `tabMaintenance Request` set overdue = 0 where overdue = 1 and status not in %(open)s",
		{"open": OPEN},
	)
	return changed


def _company(residence: str) -> str:
	company = frappe.db.get_value("Residence", residence, "company")
	if not company:
		frappe.throw(_("Residence {0} has no company").format(residence))
	return company


def _uom() -> str:
	for name in (frappe.db.get_single_value("Stock Settings", "stock_uom"), "Nos", "Unité", "Unit"):
		if name and frappe.db.exists("UOM", name):
			return name
	return frappe.db.get_value("UOM", {}, "name")


def _service_item() -> str:
	"""The non-stock item orders of works are made of (created once)."""
	code = "SYNDIC-WORKS"
	if not frappe.db.exists("Item", code):
		group = frappe.db.get_value("Item Group", {"is_group": 0}, "name") or "All Item Groups"
		item = frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": _("Works and repairs"),
				"item_group": group,
				"stock_uom": _uom(),
				"is_stock_item": 0,
				"is_purchase_item": 1,
				"is_sales_item": 0,
			}
		)
		item.flags.ignore_permissions = True
		item.insert()
	return code


def _item_row(req, amount=None) -> dict:
	row = {
		"item_code": _service_item(),
		"description": f"{req.name}: {req.subject}",
		"qty": 1,
		"uom": _uom(),
		"conversion_factor": 1,
		"schedule_date": nowdate(),
	}
	if amount is not None:
		row["rate"] = amount
	cost_center = frappe.db.get_value("Residence", req.residence, "cost_center")
	if cost_center:
		row["cost_center"] = cost_center
	return row


def make_rfq(name: str, suppliers: list[str]) -> str:
	req = frappe.get_doc("Maintenance Request", name)
	req.check_permission("write")
	if not suppliers:
		frappe.throw(_("Name at least one supplier"))
	rfq = frappe.get_doc(
		{
			"doctype": "Request for Quotation",
			"company": _company(req.residence),
			"transaction_date": nowdate(),
			"syndic_maintenance_request": req.name,
			"message_for_supplier": req.description or req.subject,
			"suppliers": [{"supplier": s, "send_email": 0} for s in suppliers],
			"items": [{**_item_row(req), "warehouse": None}],
		}
	)
	rfq.items[0].warehouse = None
	rfq.insert()
	req.db_set("request_for_quotation", rfq.name)
	return rfq.name


def make_purchase_order(
	name: str, supplier: str | None = None, amount: float | None = None, supplier_quotation: str | None = None
) -> str:
	"""A Purchase Order for the request: from the chosen Supplier Quotation, or for `amount`."""
	req = frappe.get_doc("Maintenance Request", name)
	req.check_permission("write")
	if supplier_quotation:
		from erpnext.buying.doctype.supplier_quotation.supplier_quotation import (
			make_purchase_order as from_sq,
		)

		po = from_sq(supplier_quotation)
		for row in po.items:
			row.schedule_date = row.schedule_date or nowdate()
	else:
		supplier = supplier or req.supplier
		if not supplier or not amount:
			frappe.throw(_("A purchase order needs a supplier and an amount"))
		po = frappe.get_doc(
			{
				"doctype": "Purchase Order",
				"company": _company(req.residence),
				"supplier": supplier,
				"transaction_date": nowdate(),
				"schedule_date": nowdate(),
				"items": [_item_row(req, amount)],
			}
		)
	po.syndic_maintenance_request = req.name
	po.insert()
	req.reload()
	req.purchase_order = po.name
	req.cost = po.grand_total
	req.supplier = req.supplier or po.supplier
	if req.status in ("New", "Acknowledged"):
		req.status = "Assigned"
	req.save()
	return po.name


def link_purchase_invoice(doc, method=None) -> None:
	"""Purchase Invoice validate: one that bills the PO of a request names the request. A bill
	read by zéro saisie references no PO: it is linked when exactly one request of its company
	awaits an invoice from that supplier for that very amount (its submitted PO's total)."""
	if doc.get("syndic_maintenance_request"):
		return
	orders = {row.purchase_order for row in doc.get("items") or [] if row.get("purchase_order")}
	for po in orders:
		request = frappe.db.get_value("Purchase Order", po, "syndic_maintenance_request")
		if request:
			doc.syndic_maintenance_request = request
			return
	if orders or not doc.supplier or not doc.grand_total:
		return
	candidates = frappe.db.sql(
		"""select mr.name from `tabMaintenance Request` mr
		join `tabPurchase Order` po on po.name = mr.purchase_order and po.docstatus = 1
		where ifnull(mr.purchase_invoice, '') = '' and po.supplier = %(supplier)s
			and po.company = %(company)s and abs(po.grand_total - %(total)s) < 0.005""",
		{"supplier": doc.supplier, "company": doc.company, "total": doc.grand_total},
		pluck=True,
	)
	if len(candidates) == 1:
		doc.syndic_maintenance_request = candidates[0]


def purchase_invoice_submitted(doc, method=None) -> None:
	if doc.get("syndic_maintenance_request"):
		frappe.db.set_value(
			"Maintenance Request", doc.syndic_maintenance_request, "purchase_invoice", doc.name
		)

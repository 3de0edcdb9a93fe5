"""Demo data of Operations, per demo résidence: maintenance requests (one with a photo, one
assigned, one done), a lift maintenance contract with tacit renewal, library documents, an
announcement; for the first résidence a Request for Quotation to two suppliers with their
quotes. Idempotent (found by subject / title); `remove` deletes them before the registry goes."""

from __future__ import annotations

import base64
from collections import Counter

import frappe
from frappe.utils import add_days, add_to_date, getdate, now_datetime, nowdate

# a 1×1 PNG: the photo a co-owner took
PHOTO = base64.b64decode(
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
TAG = "[demo]"

REQUESTS = (
	# subject, category, common area, urgency, status, days ago
	("Fuite d'eau au plafond du parking", "Plumbing", "Parking", "High", "New", 1),
	("Ascenseur bloqué au 3e étage", "Lift", "Lift", "Emergency", "Assigned", 2),
	("Éclairage de l'entrée en panne", "Electricity", "Entrance", "Normal", "Done", 12),
)


def _supplier(trade: str, residence: str) -> str | None:
	rows = frappe.get_all(
		"Supplier",
		filters={"service_category": trade},
		pluck="name",
		order_by="name",
	)
	served = set(
		frappe.get_all(
			"Supplier Residence", filters={"residence": residence, "parenttype": "Supplier"}, pluck="parent"
		)
	)
	return next((s for s in rows if s in served), rows[0] if rows else None)


def _private_file(name: str, content: bytes, doctype: str | None = None, docname: str | None = None) -> str:
	f = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": name,
			"content": content,
			"is_private": 1,
			"attached_to_doctype": doctype,
			"attached_to_name": docname,
		}
	)
	f.flags.ignore_permissions = True
	f.insert()
	return f.file_url


def load(residences: list[str]) -> Counter:
	created: Counter = Counter()
	for index, residence in enumerate(residences):
		if not frappe.db.exists("Residence", residence):
			continue
		_requests(residence, created)
		_contract(residence, created)
		_documents(residence, created)
		_announcement(residence, created)
		if index == 0:
			_rfq(residence, created)
	return created


def _requests(residence: str, created: Counter) -> None:
	for subject, category, area, urgency, status, days in REQUESTS:
		if frappe.db.exists("Maintenance Request", {"residence": residence, "subject": subject}):
			continue
		doc = frappe.get_doc(
			{
				"doctype": "Maintenance Request",
				"residence": residence,
				"subject": subject,
				"description": f"{subject}. {TAG}",
				"category": category,
				"location_type": "Common area",
				"common_area": area,
				"urgency": urgency,
				"reporter_type": "Staff",
				"reporter_name": "Concierge",
				"reported_at": add_to_date(now_datetime(), days=-days),
			}
		)
		doc.insert(ignore_permissions=True)
		if status == "New":
			url = _private_file("photo-fuite.png", PHOTO, doc.doctype, doc.name)
			doc.append("photos", {"image": url, "caption": "Plafond du parking"})
			doc.save(ignore_permissions=True)
		trade = "Elevator" if category == "Lift" else category
		supplier = _supplier(trade, residence)
		if status in ("Assigned", "Done") and supplier:
			doc.status = "Acknowledged"
			doc.save(ignore_permissions=True)
			doc.supplier = supplier
			doc.status = "Assigned"
			doc.save(ignore_permissions=True)
			if status == "Done":
				doc.status = "Done"
				doc.save(ignore_permissions=True)
		created["Maintenance Request"] += 1


def _contract(residence: str, created: Counter) -> None:
	supplier = _supplier("Elevator", residence)
	if not supplier or frappe.db.exists(
		"Contract", {"syndic_residence": residence, "syndic_object": "Lift maintenance"}
	):
		return
	start = getdate(f"{getdate(nowdate()).year}-01-01")
	frappe.get_doc(
		{
			"doctype": "Contract",
			"party_type": "Supplier",
			"party_name": supplier,
			"start_date": start,
			"end_date": add_days(start, 364),
			"contract_terms": f"Entretien préventif mensuel et dépannage 24 h/24 des ascenseurs. {TAG}",
			"syndic_residence": residence,
			"syndic_object": "Lift maintenance",
			"syndic_yearly_amount": 18000,
			"syndic_budget_category": "Ascenseur",
			"syndic_tacit_renewal": 1,
			"syndic_notice_days": 90,
		}
	).insert(ignore_permissions=True)
	created["Contract"] += 1


def _documents(residence: str, created: Counter) -> None:
	year = getdate(nowdate()).year
	for title, category, visibility, date in (
		("Règlement de copropriété", "Co-ownership rules", "Co-owners", f"{year - 3}-03-15"),
		(f"Budget prévisionnel {year}", "Budget and accounts", "Co-owners", f"{year}-01-10"),
		("Attestation d'assurance multirisque", "Insurance", "Co-owners", f"{year}-01-02"),
		("Rapport de visite technique des ascenseurs", "Technical report", "Staff", f"{year}-02-20"),
	):
		if frappe.db.exists("Residence Document", {"residence": residence, "title": title}):
			continue
		url = _private_file(f"{title}.pdf", f"%PDF-1.4\n% {title} {TAG}\n".encode())
		frappe.get_doc(
			{
				"doctype": "Residence Document",
				"residence": residence,
				"title": title,
				"category": category,
				"visibility": visibility,
				"document_date": date,
				"file": url,
				"description": TAG,
			}
		).insert(ignore_permissions=True)
		created["Residence Document"] += 1


def _announcement(residence: str, created: Counter) -> None:
	title = "Coupure d'eau mardi matin"
	if frappe.db.exists("Announcement", {"residence": residence, "title_fr": title}):
		return
	doc = frappe.get_doc(
		{
			"doctype": "Announcement",
			"residence": residence,
			"title_fr": title,
			"body_fr": f"La Lydec coupera l'eau mardi de 9 h à 12 h pour des travaux sur le réseau. {TAG}",
			"title_ar": "انقطاع الماء صباح الثلاثاء",
			"body_ar": "سيتم قطع الماء يوم الثلاثاء من 9 إلى 12 بسبب أشغال على الشبكة.",
			"publish_on_portal": 1,
			"send_email": 0,  # demo co-owners never receive mail
			"send_sms": 0,
		}
	)
	doc.insert(ignore_permissions=True)
	doc.submit()
	created["Announcement"] += 1


def _rfq(residence: str, created: Counter) -> None:
	from erpnext.buying.doctype.request_for_quotation.request_for_quotation import (
		make_supplier_quotation_from_rfq,
	)

	from syndic_maroc.operations.maintenance import make_rfq

	subject = "Ravalement de la façade côté rue"
	if frappe.db.exists("Maintenance Request", {"residence": residence, "subject": subject}):
		return
	suppliers = frappe.get_all(
		"Supplier Residence", filters={"residence": residence, "parenttype": "Supplier"}, pluck="parent"
	)[:2]
	if len(suppliers) < 2:
		return
	req = frappe.get_doc(
		{
			"doctype": "Maintenance Request",
			"residence": residence,
			"subject": subject,
			"description": f"Fissures et enduit décollé sur la façade. {TAG}",
			"category": "Masonry",
			"common_area": "Facade",
			"urgency": "Low",
			"reporter_type": "Staff",
		}
	).insert(ignore_permissions=True)
	created["Maintenance Request"] += 1
	rfq = frappe.get_doc("Request for Quotation", make_rfq(req.name, suppliers))
	rfq.submit()
	created["Request for Quotation"] += 1
	for supplier, rate in zip(suppliers, (48000, 42500), strict=False):
		sq = make_supplier_quotation_from_rfq(rfq.name, for_supplier=supplier)
		sq.items[0].rate = rate
		sq.insert(ignore_permissions=True)
		sq.submit()
		created["Supplier Quotation"] += 1


def remove(residences: list[str]) -> Counter:
	"""The Operations records of the demo résidences (archives included: the demo is no archive)."""
	removed: Counter = Counter()
	requests = frappe.get_all("Maintenance Request", filters={"residence": ("in", residences)}, pluck="name")
	if requests:
		for sq in frappe.get_all(
			"Supplier Quotation Item",
			filters={
				"request_for_quotation": (
					"in",
					frappe.get_all(
						"Request for Quotation",
						filters={"syndic_maintenance_request": ("in", requests)},
						pluck="name",
					),
				)
			},
			pluck="parent",
			distinct=True,
		):
			_cancel_delete("Supplier Quotation", sq, removed)
		for rfq in frappe.get_all(
			"Request for Quotation", filters={"syndic_maintenance_request": ("in", requests)}, pluck="name"
		):
			_cancel_delete("Request for Quotation", rfq, removed)
		for name in requests:
			frappe.delete_doc("Maintenance Request", name, ignore_permissions=True, force=True)
			removed["Maintenance Request"] += 1
	for name in frappe.get_all("Contract", filters={"syndic_residence": ("in", residences)}, pluck="name"):
		_cancel_delete("Contract", name, removed)
	for name in frappe.get_all("Announcement", filters={"residence": ("in", residences)}, pluck="name"):
		_cancel_delete("Announcement", name, removed)
	for row in frappe.get_all(
		"Residence Document", filters={"residence": ("in", residences)}, fields=["name", "file"]
	):
		frappe.db.delete("Residence Document", {"name": row.name})  # past the archive rule on purpose
		for f in frappe.get_all("File", filters={"file_url": row.file}, pluck="name"):
			frappe.delete_doc("File", f, ignore_permissions=True, force=True)
		removed["Residence Document"] += 1
	return removed


def _cancel_delete(doctype: str, name: str, removed: Counter) -> None:
	doc = frappe.get_doc(doctype, name)
	if doc.docstatus == 1:
		doc.flags.ignore_permissions = True
		doc.cancel()
	frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)
	removed[doctype] += 1

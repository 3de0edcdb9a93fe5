"""Co-owners' side of the maintenance requests (/mes-demandes and api.operations.portal_*):
file one (with photos from the phone), follow them, comment, add a photo, open a photo or the
paid invoice. Every read goes through operations.access."""

import frappe
from frappe import _
from frappe.utils import cint, now_datetime

from syndic_maroc.operations import access

MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif")
LIST_LIMIT = 200


def my_requests() -> list[dict]:
	co_owners = access.my_co_owners()
	clause, values = access.request_filters_sql(co_owners)
	rows = frappe.db.sql(
		f"""select mr.name, mr.subject, mr.residence, mr.building, mr.location_type, mr.common_area,
			mr.unit, mr.category, mr.urgency, mr.status, mr.reported_at, mr.scheduled_on, mr.done_on,
			mr.overdue, mr.co_owner, mr.purchase_invoice, pi.status = 'Paid' as paid
		from `tabMaintenance Request` mr
		left join `tabPurchase Invoice` pi on pi.name = mr.purchase_invoice and pi.docstatus = 1
		where {clause}
		order by mr.reported_at desc limit {LIST_LIMIT}""",
		values,
		as_dict=True,
	)
	for row in rows:
		row.mine = row.co_owner in co_owners
		row.paid = bool(row.paid)
		row.pop("co_owner")
	return rows


def request_detail(name: str) -> dict:
	row = access.visible_request(name)
	doc = frappe.get_doc("Maintenance Request", row.name)
	comments = frappe.get_all(
		"Comment",
		filters={"reference_doctype": doc.doctype, "reference_name": doc.name, "comment_type": "Comment"},
		fields=["content", "comment_by", "creation"],
		order_by="creation asc",
	)
	invoice = None
	if doc.purchase_invoice:
		invoice = frappe.db.get_value(
			"Purchase Invoice",
			doc.purchase_invoice,
			["name", "bill_no", "posting_date", "grand_total", "outstanding_amount", "status"],
			as_dict=True,
		)
	return {
		"name": doc.name,
		"subject": doc.subject,
		"description": doc.description,
		"residence": doc.residence,
		"location_type": doc.location_type,
		"common_area": doc.common_area,
		"unit": doc.unit,
		"category": doc.category,
		"urgency": doc.urgency,
		"status": doc.status,
		"rejection_reason": doc.rejection_reason,
		"scheduled_on": doc.scheduled_on,
		"done_on": doc.done_on,
		# paid: read live from the invoice (a Payment Entry changes it without any hook of ours)
		"paid": bool(invoice and invoice.status == "Paid"),
		"invoice": invoice,
		"photos": [{"name": p.name, "caption": p.caption} for p in doc.photos],
		"comments": comments,
		"mine": doc.co_owner in access.my_co_owners(),
	}


def _uploads() -> list:
	request = getattr(frappe.local, "request", None)
	files = request.files.getlist("photo") if request is not None and request.files else []
	return [f for f in files if f and f.filename]


def _attach_photo(doc, upload) -> None:
	content = upload.stream.read(MAX_PHOTO_BYTES + 1)
	if len(content) > MAX_PHOTO_BYTES:
		frappe.throw(_("A photo may not exceed 10 MB"))
	if (upload.mimetype or "") not in PHOTO_TYPES:
		frappe.throw(_("Only photos (JPEG, PNG, WebP, HEIC) can be attached"))
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": upload.filename,
			"content": content,
			"is_private": 1,
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"attached_to_field": "photos",
		}
	)
	file.flags.ignore_permissions = True
	file.insert()
	doc.append("photos", {"image": file.file_url, "added_by": frappe.session.user})


def file_request(
	residence: str,
	subject: str,
	description: str | None = None,
	category: str = "Other",
	location_type: str = "Common area",
	common_area: str | None = None,
	unit: str | None = None,
	urgency: str = "Normal",
) -> dict:
	co_owners = access.my_co_owners()
	if not co_owners:
		access.deny()
	if residence not in access.my_residences(co_owners):
		access.deny()
	co_owner = co_owners[0]
	if location_type == "Private lot":
		if unit not in access.my_units(co_owners):
			access.deny()
		co_owner = frappe.db.get_value("Unit", unit, "co_owner")
	if not (subject or "").strip():
		frappe.throw(_("Give the request a subject"))
	doc = frappe.get_doc(
		{
			"doctype": "Maintenance Request",
			"residence": residence,
			"subject": subject.strip()[:140],
			"description": description,
			"category": category,
			"location_type": location_type,
			"common_area": common_area if location_type == "Common area" else None,
			"unit": unit if location_type == "Private lot" else None,
			"urgency": urgency,
			"reporter_type": "Co-owner",
			"co_owner": co_owner,
			"reporter_name": frappe.db.get_value("Co-owner", co_owner, "full_name"),
			"reported_at": now_datetime(),
		}
	)
	doc.flags.ignore_permissions = True
	doc.insert()
	uploads = _uploads()
	for upload in uploads:
		_attach_photo(doc, upload)
	if uploads:
		doc.save(ignore_permissions=True)
	return {"name": doc.name, "status": doc.status, "photos": len(doc.photos)}


def add_comment(name: str, text: str | None = None) -> dict:
	row = access.visible_request(name)
	doc = frappe.get_doc("Maintenance Request", row.name)
	if doc.status in ("Closed", "Rejected"):
		frappe.throw(_("This request is closed"))
	text = (text or "").strip()
	uploads = _uploads()
	if not text and not uploads:
		frappe.throw(_("Write a comment or add a photo"))
	if text:
		comment = doc.add_comment("Comment", frappe.utils.escape_html(text[:5000]))
		comment.db_set("comment_email", frappe.session.user)
	for upload in uploads:
		_attach_photo(doc, upload)
	if uploads:
		doc.save(ignore_permissions=True)
	return {"name": doc.name, "photos": len(doc.photos), "comments": cint(bool(text))}


def photo(name: str, photo: str) -> None:
	row = access.visible_request(name)
	url = frappe.db.get_value(
		"Maintenance Request Photo",
		{"parent": row.name, "name": photo, "parenttype": "Maintenance Request"},
		"image",
	)
	if not url:
		access.deny()
	file = frappe.get_doc("File", {"file_url": url, "attached_to_name": row.name})
	_download(file)


def invoice_pdf(name: str) -> None:
	row = access.visible_request(name)
	invoice = frappe.db.get_value("Maintenance Request", row.name, "purchase_invoice")
	if not invoice:
		access.deny()
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Purchase Invoice", "attached_to_name": invoice},
		pluck="name",
		order_by="creation asc",
		limit=1,
	)
	if not files:
		access.deny()
	_download(frappe.get_doc("File", files[0]))


def _download(file) -> None:
	frappe.local.response.filename = file.file_name
	frappe.local.response.filecontent = file.get_content()
	frappe.local.response.type = "download"

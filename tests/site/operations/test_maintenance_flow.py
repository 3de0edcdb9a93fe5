"""A maintenance request end to end on the demo data, in one rolled-back transaction: filed by
a co-owner (with a photo) → acknowledged → RFQ to two suppliers → two Supplier Quotations → the
cheaper one becomes the Purchase Order → the supplier invoice billing that PO is linked back to
the request → the co-owner sees it done, paid, with the invoice, and got a notification at
each status change. Transitions refused by core are refused by the DocType too."""

import io
import uuid

import pytest

pytestmark = pytest.mark.site

PNG = (
	b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
	b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def uid() -> str:
	return uuid.uuid4().hex[:8]


def _owner_with_lot(frappe):
	row = frappe.db.sql(
		"""select u.residence, u.co_owner, u.name as unit from `tabUnit` u
		join `tabResidence` r on r.name = u.residence
		where ifnull(u.co_owner, '') != '' and ifnull(r.company, '') != ''
		order by u.name limit 1""",
		as_dict=True,
	)
	if not row:
		pytest.skip("the site needs the demo data")
	return row[0]


def _portal_user(frappe, co_owner):
	email = f"mr-{uid()}@example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "MR",
			"user_type": "Website User",
			"send_welcome_email": 0,
			"roles": [{"role": "Co-owner"}],
		}
	)
	user.flags.ignore_permissions = True
	user.insert()
	frappe.db.set_value("Co-owner", co_owner, "portal_user", email)
	return email


def _supplier(frappe, category):
	doc = frappe.get_doc(
		{
			"doctype": "Supplier",
			"supplier_name": f"Plombier {uid()}",
			"supplier_group": frappe.db.get_value("Supplier Group", {"is_group": 0}, "name"),
			"service_category": category,
		}
	).insert()
	return doc.name


class _Upload:
	def __init__(self, name, content, mimetype):
		self.filename = name
		self.stream = io.BytesIO(content)
		self.mimetype = mimetype


def test_request_from_the_portal_to_the_paid_invoice(db, monkeypatch):
	frappe = db
	from erpnext.buying.doctype.purchase_order.purchase_order import (
		make_purchase_invoice,
	)
	from erpnext.buying.doctype.request_for_quotation.request_for_quotation import (
		make_supplier_quotation_from_rfq,
	)
	from syndic_maroc.api import operations as api
	from syndic_maroc.operations import owner_requests

	lot = _owner_with_lot(frappe)
	user = _portal_user(frappe, lot.co_owner)

	# the co-owner files it from the portal, a photo from his phone attached
	frappe.set_user(user)
	monkeypatch.setattr(owner_requests, "_uploads", lambda: [_Upload("fuite.png", PNG, "image/png")])
	filed = api.portal_file_request(
		lot.residence,
		"Fuite d'eau dans la cage d'escalier",
		"L'eau coule depuis le plafond du 2e étage",
		"Plumbing",
		"Common area",
		"Stairs",
		None,
		"High",
	)
	monkeypatch.setattr(owner_requests, "_uploads", list)
	assert filed["status"] == "New" and filed["photos"] == 1
	name = filed["name"]
	assert name in {r.name for r in api.portal_requests()}

	frappe.set_user("Administrator")
	req = frappe.get_doc("Maintenance Request", name)
	assert req.co_owner == lot.co_owner
	assert req.sla_due is not None and not req.overdue
	photo_file = frappe.get_doc("File", {"file_url": req.photos[0].image})
	assert photo_file.is_private and photo_file.get_content() == PNG

	# core refuses skipping to Closed and a rejection without reason
	req.status = "Closed"
	with pytest.raises(frappe.ValidationError):
		req.save()
	req.reload()
	req.status = "Rejected"
	with pytest.raises(frappe.ValidationError):
		req.save()
	req.reload()

	req.status = "Acknowledged"
	req.save()

	# RFQ to two plumbers, their quotes, the cheaper one ordered
	s1, s2 = _supplier(frappe, "Plumbing"), _supplier(frappe, "Plumbing")
	rfq_name = api.make_rfq(name, [s1, s2])
	rfq = frappe.get_doc("Request for Quotation", rfq_name)
	assert rfq.syndic_maintenance_request == name and {r.supplier for r in rfq.suppliers} == {s1, s2}
	rfq.submit()
	quotes = {}
	for supplier, rate in ((s1, 4200), (s2, 3600)):
		sq = make_supplier_quotation_from_rfq(rfq_name, for_supplier=supplier)
		sq.items[0].rate = rate
		sq.insert()
		sq.submit()
		quotes[supplier] = sq.name
	po_name = api.make_purchase_order(name, supplier_quotation=quotes[s2])
	po = frappe.get_doc("Purchase Order", po_name)
	assert po.supplier == s2 and po.syndic_maintenance_request == name and po.grand_total == 3600
	req.reload()
	assert req.status == "Assigned" and req.supplier == s2 and req.cost == 3600
	po.submit()

	req.status = "Scheduled"
	req.scheduled_on = frappe.utils.add_days(frappe.utils.now_datetime(), 2)
	req.save()
	req.status = "Done"
	req.save()
	assert req.done_on

	# the supplier invoice (as zéro saisie makes it: from the PO) names the request once submitted
	pi = make_purchase_invoice(po_name)
	pi.bill_no = f"F-{uid()}"
	pi.insert()
	assert pi.syndic_maintenance_request == name
	pi.submit()
	frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{pi.bill_no}.pdf",
			"content": b"%PDF-1.4 facture\n",
			"is_private": 1,
			"attached_to_doctype": "Purchase Invoice",
			"attached_to_name": pi.name,
		}
	).insert(ignore_permissions=True)
	assert frappe.db.get_value("Maintenance Request", name, "purchase_invoice") == pi.name

	req.reload()
	req.status = "Closed"
	req.save()

	# the co-owner sees it closed, with the invoice; a notification for each status change
	frappe.set_user(user)
	detail = api.portal_request(name)
	assert detail["status"] == "Closed"
	assert detail["invoice"]["name"] == pi.name and detail["invoice"]["grand_total"] == 3600
	assert detail["paid"] is False  # nothing paid yet
	frappe.set_user("Administrator")
	logs = frappe.get_all(
		"Notification Log",
		filters={
			"for_user": user,
			"document_type": "Maintenance Request",
			"document_name": name,
		},
		pluck="subject",
	)
	assert len(logs) == 5  # Acknowledged, Assigned, Scheduled, Done, Closed

	# and once paid, the portal says so
	frappe.db.set_value("Purchase Invoice", pi.name, {"status": "Paid", "outstanding_amount": 0})
	frappe.set_user(user)
	assert api.portal_request(name)["paid"] is True
	assert next(r for r in api.portal_requests() if r.name == name).paid is True
	frappe.set_user("Administrator")


def test_overdue_flag_follows_the_sla_by_urgency(db):
	frappe = db
	from frappe.utils import add_to_date, now_datetime
	from syndic_maroc.operations.maintenance import flag_overdue

	lot = _owner_with_lot(frappe)

	def make(urgency, hours_ago):
		return frappe.get_doc(
			{
				"doctype": "Maintenance Request",
				"residence": lot.residence,
				"subject": f"Test SLA {urgency}",
				"urgency": urgency,
				"reporter_type": "Staff",
				"reported_at": add_to_date(now_datetime(), hours=-hours_ago),
			}
		).insert()

	late = make("Emergency", 30)  # 24 h SLA
	on_time = make("Low", 30)  # 30 days SLA
	assert late.overdue and not on_time.overdue
	frappe.db.set_value("Maintenance Request", late.name, "overdue", 0)
	assert flag_overdue() >= 1
	assert frappe.db.get_value("Maintenance Request", late.name, "overdue") == 1
	assert frappe.db.get_value("Maintenance Request", on_time.name, "overdue") == 0


def test_report_by_category_counts_and_median_resolution(db):
	frappe = db
	from frappe.utils import add_to_date, now_datetime
	from syndic_maroc.operations.report.maintenance_requests_by_category.maintenance_requests_by_category import (
		execute,
	)

	lot = _owner_with_lot(frappe)
	start = add_to_date(now_datetime(), days=-10)
	for days_to_fix in (1, 3, 8):
		doc = frappe.get_doc(
			{
				"doctype": "Maintenance Request",
				"residence": lot.residence,
				"subject": "Report test",
				"category": "Waterproofing",
				"reporter_type": "Staff",
				"reported_at": start,
			}
		).insert()
		doc.status = "Acknowledged"
		doc.save()
		doc.status = "Done"
		doc.save()
		doc.db_set("done_on", add_to_date(start, days=days_to_fix))
	open_one = frappe.copy_doc(doc)
	open_one.status = "New"
	open_one.done_on = None
	open_one.insert()
	_cols, data = execute({"residence": lot.residence})
	row = next(r for r in data if r["category"] == frappe._("Waterproofing") and not r["building"])
	assert row["count"] == 4 and row["open"] == 1 and row["median_days"] == 3.0

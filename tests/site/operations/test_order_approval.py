"""Purchase orders through the Workflow "Syndic Purchase Order Approval", with the résidence's
ceilings: under the syndic-alone ceiling one Syndic Manager approves; above, a second Syndic
Manager (never the author); above the assembly ceiling only with the adopted resolution of a
general assembly of that résidence (loi 18-00 art. 21). Rolled back at the end."""

import uuid

import pytest

pytestmark = pytest.mark.site


def uid() -> str:
	return uuid.uuid4().hex[:8]


def _manager(frappe) -> str:
	email = f"ops-mgr-{uid()}@example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Manager",
			"send_welcome_email": 0,
			"roles": [
				{"role": r}
				for r in (
					"Syndic Manager",
					"Purchase Manager",
					"Purchase User",
					"Accounts User",
				)
			],
		}
	)
	user.flags.ignore_permissions = True
	user.insert()
	return email


def _residence(frappe):
	name = frappe.db.get_value("Residence", {"company": ("is", "set")}, "name")
	if not name:
		pytest.skip("the site needs the demo data")
	return frappe.get_doc("Residence", name)


def _order(frappe, residence, amount):
	from syndic_maroc.operations.maintenance import make_purchase_order

	supplier = frappe.get_doc(
		{
			"doctype": "Supplier",
			"supplier_name": f"Façadier {uid()}",
			"supplier_group": frappe.db.get_value("Supplier Group", {"is_group": 0}, "name"),
			"service_category": "Other",
		}
	).insert(ignore_permissions=True)
	req = frappe.get_doc(
		{
			"doctype": "Maintenance Request",
			"residence": residence.name,
			"subject": f"Façade {uid()}",
			"category": "Masonry",
			"common_area": "Facade",
			"reporter_type": "Staff",
		}
	).insert()
	return frappe.get_doc("Purchase Order", make_purchase_order(req.name, supplier.name, amount))


def test_po_approval_thresholds_art_21(db):
	frappe = db
	from frappe.model.workflow import apply_workflow

	residence = _residence(frappe)
	frappe.db.set_value(
		"Residence",
		residence.name,
		{"syndic_po_ceiling": 5000, "syndic_ag_ceiling": 20000},
	)
	author, second = _manager(frappe), _manager(frappe)

	frappe.set_user(author)
	small = _order(frappe, residence, 3000)
	assert small.syndic_approval_level == "Syndic alone"
	assert apply_workflow(small.as_dict(), "Approve").docstatus == 1

	medium = _order(frappe, residence, 8000)
	assert medium.syndic_approval_level == "Second approver"
	with pytest.raises(frappe.ValidationError):
		apply_workflow(medium.as_dict(), "Approve")  # no direct approval above the ceiling
	medium = apply_workflow(medium.as_dict(), "Submit for Approval")
	assert medium.workflow_state == "Pending Approval" and medium.docstatus == 0
	with pytest.raises(frappe.ValidationError):
		apply_workflow(medium.as_dict(), "Approve")  # the author cannot be the second approver
	frappe.set_user(second)
	assert apply_workflow(medium.as_dict(), "Approve").docstatus == 1

	frappe.set_user(author)
	large = _order(frappe, residence, 30000)
	assert large.syndic_approval_level == "General assembly resolution"
	large = apply_workflow(large.as_dict(), "Submit for Approval")
	frappe.set_user(second)
	with pytest.raises(frappe.ValidationError):
		apply_workflow(large.as_dict(), "Approve")  # no resolution named

	frappe.set_user("Administrator")
	ag = frappe.get_doc(
		{
			"doctype": "General Assembly",
			"residence": residence.name,
			"assembly_type": "Extraordinary",
			"place": "Salle commune",
			"first_meeting": frappe.utils.add_days(frappe.utils.now_datetime(), 30),
			"resolutions": [
				{
					"title": "Ravalement de la façade",
					"legal_type": frappe.get_meta("Assembly Resolution")
					.get_field("legal_type")
					.options.split("\n")[0],
					"amount": 35000,
				}
			],
		}
	)
	ag.flags.ignore_validate = True
	ag.insert(ignore_permissions=True)
	row = ag.resolutions[0].name
	frappe.db.set_value("Assembly Resolution", row, "result", "Lost")

	frappe.set_user(second)
	doc = frappe.get_doc("Purchase Order", large.name)
	doc.syndic_general_assembly, doc.syndic_assembly_resolution = ag.name, row
	with pytest.raises(frappe.ValidationError):
		doc.save()  # a lost resolution allows nothing
	frappe.db.set_value("Assembly Resolution", row, "result", "Adopted")
	doc = frappe.get_doc("Purchase Order", large.name)
	doc.syndic_general_assembly, doc.syndic_assembly_resolution = ag.name, row
	doc.save()
	assert apply_workflow(doc.as_dict(), "Approve").docstatus == 1
	frappe.set_user("Administrator")

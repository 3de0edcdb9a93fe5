"""A lift maintenance contract with tacit renewal: its last day to give notice is computed, the
daily job alerts the résidence's syndic once for that deadline, not again the next day."""

import uuid
from datetime import timedelta

import pytest

pytestmark = pytest.mark.site


def test_contract_notice_alert_once_per_deadline(db, monkeypatch):
	frappe = db
	from frappe.utils import getdate, nowdate
	from syndic_maroc.operations import contracts

	residence = frappe.db.get_value("Residence", {}, "name")
	if not residence:
		pytest.skip("the site needs the demo data")
	syndic = f"ops-syndic-{uuid.uuid4().hex[:6]}@example.com"
	frappe.get_doc(
		{
			"doctype": "User",
			"email": syndic,
			"first_name": "Syndic",
			"send_welcome_email": 0,
			"roles": [{"role": "Syndic Manager"}],
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("Residence", residence, "syndic_user", syndic)
	supplier = frappe.get_doc(
		{
			"doctype": "Supplier",
			"supplier_name": f"Ascenseurs {uuid.uuid4().hex[:6]}",
			"supplier_group": frappe.db.get_value("Supplier Group", {"is_group": 0}, "name"),
			"service_category": "Elevator",
		}
	).insert()
	today = getdate(nowdate())
	contract = frappe.get_doc(
		{
			"doctype": "Contract",
			"party_type": "Supplier",
			"party_name": supplier.name,
			"start_date": today - timedelta(days=300),
			"end_date": today + timedelta(days=100),
			"contract_terms": "Entretien annuel de l'ascenseur",
			"syndic_residence": residence,
			"syndic_object": "Lift maintenance",
			"syndic_yearly_amount": 18000,
			"syndic_tacit_renewal": 1,
			"syndic_notice_days": 90,
		}
	).insert()
	assert getdate(contract.syndic_notice_deadline) == today + timedelta(days=10)

	assert contract.name in contracts.daily()
	logs = frappe.get_all(
		"Notification Log", filters={"for_user": syndic, "document_name": contract.name}, pluck="subject"
	)
	assert len(logs) == 1
	assert contract.name not in contracts.daily()  # once per deadline
	assert frappe.db.count("Notification Log", {"for_user": syndic, "document_name": contract.name}) == 1

	# a contract far from its deadline, or without tacit renewal, is not alerted
	far = frappe.copy_doc(contract)
	far.end_date = today + timedelta(days=400)
	far.insert()
	plain = frappe.copy_doc(contract)
	plain.syndic_tacit_renewal = 0
	plain.insert()
	alerted = contracts.daily()
	assert far.name not in alerted and plain.name not in alerted

"""Shared by the finance site tests: one résidence (company, 6 units, 4 co-owners, a lift key)
built and committed once per test module (the `res` fixture, taken by each module as
`res = helpers.res`), and the budget / call helpers. Every test works inside the `db` fixture's
rollback. In tests the issue job runs inline.
"""

import uuid

import pytest

TANTIEMES = {"A1": 150, "A2": 150, "A3": 200, "B1": 100, "B2": 250, "B3": 150}  # 1000
OWNER_OF = {"A1": 0, "A2": 0, "A3": 1, "B1": 2, "B2": 3, "B3": 3}
LIFT_UNITS = ("B1", "B2", "B3")


def uid() -> str:
	return uuid.uuid4().hex[:6].upper()


def fiscal_year(frappe):
	today = frappe.utils.getdate()
	return frappe.db.get_value(
		"Fiscal Year",
		{"year_start_date": ("<=", today), "year_end_date": (">=", today), "disabled": 0},
		["name", "year_start_date", "year_end_date"],
		as_dict=True,
	)


@pytest.fixture(scope="module")
def res(site):
	frappe = site
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	tag = uid()
	residence = frappe.get_doc(
		{
			"doctype": "Residence",
			"residence_name": f"Résidence Finance {tag}",
			"abbr": f"F{tag}",
			"total_tantiemes": 1100,
		}
	).insert()
	owners = [
		frappe.get_doc(
			{
				"doctype": "Co-owner",
				"full_name": f"Copro {i} {tag}",
				"email": f"c{i}.{tag.lower()}@example.ma",
			}
		).insert()
		for i in range(4)
	]
	units = {}
	for number, weight in TANTIEMES.items():
		units[number] = (
			frappe.get_doc(
				{
					"doctype": "Unit",
					"residence": residence.name,
					"unit_number": number,
					"unit_type": "Apartment",
					"tantiemes": weight,
					"surface": weight / 2,
					"co_owner": owners[OWNER_OF[number]].name,
				}
			)
			.insert()
			.name
		)
	lift = frappe.get_doc(
		{
			"doctype": "Allocation Key",
			"key_name": "Ascenseur B",
			"residence": residence.name,
			"basis": "Equal",
			"units": [{"unit": units[n], "weight": 1} for n in LIFT_UNITS],
		}
	).insert()
	general = frappe.db.get_value("Allocation Key", {"residence": residence.name, "is_general": 1}, "name")
	frappe.db.commit()
	yield frappe._dict(
		name=residence.name,
		company=residence.company,
		abbr=residence.abbr,
		owners=[o.name for o in owners],
		customers=[o.customer for o in owners],
		units=units,
		general=general,
		lift=lift.name,
	)
	frappe.db.rollback()
	for key in frappe.get_all(
		"Allocation Key", filters={"residence": residence.name, "is_general": 0}, pluck="name"
	):
		frappe.delete_doc("Allocation Key", key, force=True)
	for unit in units.values():
		frappe.delete_doc("Unit", unit, force=True)
	for owner in owners:
		frappe.delete_doc("Co-owner", owner.name, force=True)
	company = residence.company
	frappe.delete_doc("Residence", residence.name, force=True)
	if frappe.db.exists("Company", company):
		frappe.delete_doc("Company", company, force=True)
	frappe.db.commit()


def acc(frappe, company, number):
	return frappe.db.get_value("Account", {"company": company, "account_number": number}, "name")


def make_budget(frappe, res, submit=True, lines=None):
	fy = fiscal_year(frappe)
	doc = frappe.get_doc(
		{
			"doctype": "Residence Budget",
			"residence": res.name,
			"fiscal_year": fy.name,
			"call_frequency": "Quarterly",
			"lines": lines
			or [
				{"category": "Common Area Electricity", "allocation_key": res.general, "amount": 12000},
				{"category": "Cleaning", "allocation_key": res.general, "amount": 24000.02},
				{"category": "Elevator", "allocation_key": res.lift, "amount": 6000},
				{"category": "Security", "allocation_key": res.general, "amount": 30000},
				{"category": "Reserve Fund", "allocation_key": res.general, "amount": 4000},
			],
		}
	).insert()
	if submit:
		doc.ag_date = fy.year_start_date
		doc.ag_reference = "PV AG 2026-01"
		doc.submit()
	return doc


def make_call(frappe, res, budget, period=1, submit=True):
	doc = frappe.get_doc(
		{
			"doctype": "Call for Funds",
			"residence": res.name,
			"source": "Budget",
			"residence_budget": budget.name,
			"period_index": period,
			"posting_date": budget.year_start_date,
		}
	).insert()
	if submit:
		doc.submit()
		doc.reload()
	return doc


def invoices_of(frappe, call):
	return frappe.get_all(
		"Sales Invoice",
		filters={"syndic_call_for_funds": call, "docstatus": 1},
		fields=[
			"name",
			"customer",
			"grand_total",
			"outstanding_amount",
			"debit_to",
			"due_date",
			"syndic_idempotency_key",
		],
		order_by="customer",
	)

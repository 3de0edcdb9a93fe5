"""Cancelling signed minutes whose decisions drove the books (loi 18-00 arts 19, 21, 24: budget,
syndic mandate, works and reserve calls): refused while an effect stands (a submitted call), and
once it no longer stands the safely undoable is undone — the approved budget without calls
cancelled, the draft call deleted, the previous syndic mandate restored.

One transaction rolled back at the end (the `db` fixture).
"""

import pytest

from tests.site.assembly import test_general_assembly as ga

pytestmark = pytest.mark.site

files = ga.files  # the fixture: files written during the test are removed
RESIDENCE = ga.RESIDENCE


def signed_assembly(frappe, files, budget, key):
	"""An ordinary AG held yesterday, every resolution adopted by all, minutes signed."""
	from frappe.utils import add_days, get_datetime, getdate, now_datetime
	from syndic_maroc.api import assembly as api

	first = get_datetime(add_days(now_datetime(), -1)).replace(hour=18, minute=0, second=0, microsecond=0)
	ag = frappe.get_doc(
		{
			"doctype": "General Assembly",
			"residence": RESIDENCE,
			"place": "Salle commune",
			"first_meeting": first,
			"resolutions": [
				{
					"title": "Budget prévisionnel",
					"legal_type": "Budget approval",
					"effect": "Approve budget",
					"residence_budget": budget.name,
				},
				{
					"title": "Ravalement des façades",
					"legal_type": "Major works",
					"effect": "Major works call",
					"amount": 90000,
					"allocation_key": key,
				},
				{
					"title": "Fonds de réserve",
					"legal_type": "Reserve fund",
					"effect": "Reserve fund call",
					"amount": 15000,
					"allocation_key": key,
				},
				{
					"title": "Désignation du syndic et de son adjoint",
					"legal_type": "Syndic and deputy appointment",
					"effect": "Appoint syndic and deputy",
					"syndic_name": "Cabinet Nouveau Syndic",
					"deputy_name": "Salma Idrissi",
				},
			],
		}
	).insert()
	api.load_attendance(ag.name)
	ag.reload()
	proof = files("proof.pdf")
	for row in ag.attendance:
		row.convocation_channel, row.convocation_date, row.convocation_proof = (
			"Registered letter",
			getdate(add_days(first, -20)),
			proof,
		)
		if not row.admitted:
			row.admission_override = "Paid before the meeting"
	ag.save()
	api.convene(ag.name)
	api.open_meeting(ag.name, 1)
	for row in ag.attendance:
		api.check_in(ag.name, co_owner=row.co_owner)
	ag.reload()
	for res in ag.resolutions:
		api.open_vote(ag.name, res.name)
		api.vote_bulk(ag.name, res.name, "For")
		api.close_vote(ag.name, res.name)
	api.close_session(ag.name)
	ag.reload()
	assert [r.result for r in ag.resolutions] == ["Adopted"] * 4
	ag.president = ag.attendance[0].co_owner
	ag.secretary_name = "Secrétaire de séance"
	ag.signed_minutes = files("pv.pdf")
	ag.minutes_signed_on = getdate()
	ag.submit()
	return ag


def test_arts_19_21_24_cancel_refused_while_a_call_stands_then_effects_undone(db, files):
	frappe = db
	from syndic_maroc.assembly.effects import MANDATE_FIELDS

	frappe.flags.mute_emails = True
	key = frappe.db.get_value("Allocation Key", {"residence": RESIDENCE, "is_general": 1}, "name")
	budget = ga.draft_budget(frappe)
	before = frappe.db.get_value("Residence", RESIDENCE, list(MANDATE_FIELDS), as_dict=True)
	ag = signed_assembly(frappe, files, budget, key)
	effects = {r.effect: r.effect_name for r in ag.resolutions}
	assert frappe.db.get_value("Residence Budget", budget.name, "docstatus") == 1
	assert frappe.db.get_value("Residence", RESIDENCE, "syndic_appointed_by") == ag.name
	works, reserve = effects["Major works call"], effects["Reserve fund call"]
	assert frappe.db.get_value("Call for Funds", works, "docstatus") == 0

	# The syndic issues the works call: the minutes can no longer be cancelled, and the message
	# names what stands in the books.
	frappe.get_doc("Call for Funds", works).submit()
	with pytest.raises(frappe.ValidationError) as refused:
		frappe.get_doc("General Assembly", ag.name).cancel()
	assert works in str(refused.value) and reserve not in str(refused.value)
	assert frappe.db.get_value("General Assembly", ag.name, "docstatus") == 1
	assert frappe.db.exists("Call for Funds", reserve)

	# Once the call is cancelled, cancelling the minutes undoes the rest.
	frappe.get_doc("Call for Funds", works).cancel()
	doc = frappe.get_doc("General Assembly", ag.name)
	doc.cancel()
	assert frappe.db.get_value("General Assembly", ag.name, ["docstatus", "status"]) == (2, "Cancelled")
	assert frappe.db.get_value("Residence Budget", budget.name, "docstatus") == 2
	assert not frappe.db.exists("Call for Funds", reserve)  # the draft call is deleted
	assert frappe.db.get_value("Call for Funds", works, "docstatus") == 2  # kept, cancelled
	after = frappe.db.get_value("Residence", RESIDENCE, list(MANDATE_FIELDS), as_dict=True)
	assert {f: str(after[f] or "") for f in MANDATE_FIELDS} == {
		f: str(before[f] or "") for f in MANDATE_FIELDS
	}
	# What was undone is on record, on the minutes.
	assert frappe.db.exists(
		"Comment",
		{
			"reference_doctype": "General Assembly",
			"reference_name": ag.name,
			"content": ("like", f"%{reserve}%"),
		},
	)


def test_arts_19_24_cancel_refused_while_the_approved_budget_has_calls(db, files):
	frappe = db

	frappe.flags.mute_emails = True
	key = frappe.db.get_value("Allocation Key", {"residence": RESIDENCE, "is_general": 1}, "name")
	budget = ga.draft_budget(frappe)
	ag = signed_assembly(frappe, files, budget, key)
	year_start = frappe.db.get_value(
		"Fiscal Year",
		frappe.db.get_value("Residence Budget", budget.name, "fiscal_year"),
		"year_start_date",
	)
	call = frappe.get_doc(
		{
			"doctype": "Call for Funds",
			"residence": RESIDENCE,
			"source": "Budget",
			"residence_budget": budget.name,
			"period_index": 1,
			"posting_date": year_start,
			"due_date": year_start,
		}
	)
	call.insert()
	call.submit()
	with pytest.raises(frappe.ValidationError) as refused:
		frappe.get_doc("General Assembly", ag.name).cancel()
	assert budget.name in str(refused.value) and call.name in str(refused.value)
	assert frappe.db.get_value("Residence Budget", budget.name, "docstatus") == 1

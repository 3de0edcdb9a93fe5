"""Reminders on a real site: ERPNext Dunnings per level (rappel, deuxième rappel, mise en
demeure), never twice for the same level, emailed with the letter; after a mise en demeure
notified and left unpaid 30 days, the year's remaining calls become due (loi 18-00 art. 25)."""

from datetime import timedelta

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import make_budget, make_call

res = helpers.res  # the résidence fixture of finance.helpers (module scope)

pytestmark = pytest.mark.site


def dunnings(frappe, res, owner):
	return frappe.get_all(
		"Dunning",
		filters={"syndic_co_owner": owner, "syndic_residence": res.name, "docstatus": 1},
		fields=[
			"name",
			"syndic_level",
			"posting_date",
			"rate_of_interest",
			"dunning_amount",
			"total_outstanding",
		],
		order_by="posting_date asc, creation asc",
	)


def test_levels_follow_each_other_once_and_the_notice_accelerates_the_year(db, res):
	from syndic_maroc.finance.reminders import accelerate, create_due_dunnings

	budget = make_budget(db, res)
	first = make_call(db, res, budget, period=1)
	third = make_call(db, res, budget, period=3)  # due on the first day of Q3
	start = first.due_date
	assert create_due_dunnings(res.name, start + timedelta(days=14)) == []  # not yet
	day15 = start + timedelta(days=15)
	created = create_due_dunnings(res.name, day15)
	assert len(created) == 4  # one rappel per co-owner
	assert create_due_dunnings(res.name, day15) == []  # never twice
	owner = res.owners[1]
	level1 = dunnings(db, res, owner)
	assert [d.syndic_level for d in level1] == ["rappel"]
	assert level1[0].rate_of_interest == 0 and level1[0].dunning_amount == 0  # no late interest
	# emailed with the PDF to the co-owner's address
	queue = db.get_all(
		"Email Queue",
		filters={"reference_doctype": "Dunning", "reference_name": level1[0].name},
		fields=["name", "message"],
	)
	assert len(queue) == 1 and f"{level1[0].name}.pdf" in queue[0].message  # the PDF in the MIME message
	recipients = db.get_all("Email Queue Recipient", filters={"parent": queue[0].name}, pluck="recipient")
	assert recipients == [db.db.get_value("Co-owner", owner, "email")]
	assert create_due_dunnings(res.name, start + timedelta(days=29)) == []
	assert len(create_due_dunnings(res.name, start + timedelta(days=30))) == 4
	notice_day = start + timedelta(days=45)
	assert len(create_due_dunnings(res.name, notice_day)) == 4
	levels = [d.syndic_level for d in dunnings(db, res, owner)]
	assert levels == ["rappel", "deuxieme_rappel", "mise_en_demeure"]
	# the first call's cycle is over: nothing more for it, whatever the date
	later = create_due_dunnings(res.name, notice_day + timedelta(days=1))
	assert later == []

	# art. 25: notified on notice_day + 2; 31 days later the Q3 call (not yet due) becomes due
	notice = dunnings(db, res, owner)[-1]
	db.db.set_value("Dunning", notice.name, "syndic_notified_on", notice_day + timedelta(days=2))
	effect = notice_day + timedelta(days=2 + 31)
	assert effect < third.due_date
	q3 = db.get_all(
		"Sales Invoice",
		filters={"syndic_call_for_funds": third.name, "customer": res.customers[1], "docstatus": 1},
		pluck="name",
	)
	assert accelerate(res.name, effect - timedelta(days=1)) == []
	moved = accelerate(res.name, effect)
	assert set(q3) <= set(moved)
	for name in q3:
		assert db.db.get_value("Sales Invoice", name, "due_date") == effect
		assert {
			r.due_date for r in db.get_all("Payment Schedule", filters={"parent": name}, fields=["due_date"])
		} == {effect}
	# another co-owner without a notification date keeps his due dates
	other = db.get_all(
		"Sales Invoice",
		filters={"syndic_call_for_funds": third.name, "customer": res.customers[2], "docstatus": 1},
		fields=["due_date"],
	)
	assert {o.due_date for o in other} == {third.due_date}
	assert accelerate(res.name, effect + timedelta(days=5)) == []  # done once


def dunning_types(frappe, company):
	return {
		row.name: row
		for row in frappe.get_all(
			"Dunning Type",
			filters={"company": company},
			fields=["name", "dunning_type", "rate_of_interest", "dunning_fee", "income_account"],
		)
	}


def test_dunning_types_exist_as_soon_as_the_residence_is_created(db, res):
	"""Residence.after_insert makes the three levels with the company, before any daily run: the
	module fixture created (and committed) the résidence, no reminder job has run since (each
	test rolls back), and the types are there."""
	from syndic_maroc.finance.reminders import LEVELS, dunning_type_name

	assert not db.db.exists("Dunning", {"syndic_residence": res.name})
	types = dunning_types(db, res.company)
	assert set(types) == {dunning_type_name(res.company, code) for code in LEVELS}
	assert set(types) == {
		f"{label} - {res.abbr}" for label in ("Rappel", "Deuxième rappel", "Mise en demeure")
	}
	created = db.db.get_value("Residence", res.name, "creation")
	for row in types.values():
		assert row.dunning_type == row.name  # ERPNext's title is unique across companies
		assert row.rate_of_interest == 0 and row.dunning_fee == 0  # the law sets none
		assert db.db.get_value("Account", row.income_account, "account_number") == "7511"
		assert db.db.get_value("Dunning Type", row.name, "creation") >= created
	# the patch for older résidences (and the daily safety net) creates nothing twice
	from syndic_maroc.patches.v0_1 import dunning_types_per_residence

	dunning_types_per_residence.execute()
	assert dunning_types(db, res.company) == types


def test_late_interest_and_fee_only_when_configured_explicitly(db, res):
	from syndic_maroc.core.finance.recovery import late_charge_policy, late_interest
	from syndic_maroc.finance.reminders import create_due_dunnings

	budget = make_budget(db, res)
	first = make_call(db, res, budget, period=1)
	start = first.due_date
	residence = db.get_doc("Residence", res.name)
	assert residence.late_interest_rate == 0 and residence.dunning_fee == 0  # the default
	# the law sets none: a rate or a fee needs the AG decision that authorises it
	residence.late_interest_rate = 10
	residence.dunning_fee = 25
	with pytest.raises(db.ValidationError, match="décision de l'AG"):
		residence.save()
	residence.reload()
	residence.update(
		{"late_interest_rate": 10, "dunning_fee": 25, "late_interest_ag_reference": "PV AG 2026 résolution 9"}
	)
	residence.save()
	types = dunning_types(db, res.company)
	assert {(t.rate_of_interest, t.dunning_fee) for t in types.values()} == {(10, 25)}

	day15 = start + timedelta(days=15)
	assert len(create_due_dunnings(res.name, day15, send_email=False)) == 4
	owner = res.owners[1]
	dunning = db.get_doc("Dunning", dunnings(db, res, owner)[0].name)
	assert dunning.rate_of_interest == 10 and dunning.dunning_fee == 25
	policy = late_charge_policy(10, 25, "PV AG 2026 résolution 9")
	expected = sum(
		float(late_interest(row.outstanding, row.due_date, day15, policy)) for row in dunning.overdue_payments
	)
	assert expected > 0
	assert round(dunning.total_interest, 2) == pytest.approx(
		expected, abs=0.01 * len(dunning.overdue_payments)
	)
	assert round(dunning.dunning_amount, 2) == pytest.approx(dunning.total_interest + 25, abs=0.01)
	assert dunning.grand_total == pytest.approx(dunning.total_outstanding + dunning.dunning_amount)
	assert "PV AG 2026 résolution 9" in dunning.body_text  # the letter names the decision
	assert db.db.get_value("Account", dunning.income_account, "account_number") == "7511"

	# back to zero: the types follow on save, the next level charges nothing
	residence.reload()
	residence.update({"late_interest_rate": 0, "dunning_fee": 0})
	residence.save()
	assert {(t.rate_of_interest, t.dunning_fee) for t in dunning_types(db, res.company).values()} == {(0, 0)}
	assert len(create_due_dunnings(res.name, start + timedelta(days=30), send_email=False)) == 4
	second = dunnings(db, res, owner)[-1]
	assert second.syndic_level == "deuxieme_rappel"
	assert second.rate_of_interest == 0 and second.dunning_amount == 0


@pytest.fixture
def no_outgoing_email(db):
	"""The site as installed with no Email Account: Frappe cannot queue any email (tests
	otherwise mute email, which lets Frappe queue with a dummy account)."""
	assert not db.db.exists("Email Account", {"enable_outgoing": 1})
	assert not db.conf.get("mail_server")
	muted = db.flags.mute_emails
	db.flags.mute_emails = False
	db.local.outgoing_email_account = {}  # Frappe's per-request cache of the account found
	yield
	db.flags.mute_emails = muted
	db.local.outgoing_email_account = {}


def test_letters_are_kept_without_an_email_account_and_emailed_once_it_exists(db, res, no_outgoing_email):
	from syndic_maroc.finance.mail import can_send
	from syndic_maroc.finance.reminders import create_due_dunnings, email_pending

	assert not can_send("Dunning")
	budget = make_budget(db, res)
	first = make_call(db, res, budget, period=1)
	day15 = first.due_date + timedelta(days=15)
	created = create_due_dunnings(res.name, day15)  # before: the whole run failed and rolled back
	assert len(created) == 4
	assert not db.get_all(
		"Email Queue", filters={"reference_doctype": "Dunning", "reference_name": ("in", created)}
	)
	assert all(not db.db.get_value("Dunning", name, "syndic_emailed") for name in created)
	comment = db.get_all(
		"Comment",
		filters={"reference_doctype": "Residence", "reference_name": res.name, "comment_type": "Info"},
		pluck="content",
		order_by="creation desc",
		limit=1,
	)[0]
	assert "4 lettre(s)" in comment and "Compte e-mail" in comment
	assert email_pending(res.name, day15) == []  # still no account: nothing, no error

	# an account now exists (muted email stands for it): the pending letters go, once
	db.flags.mute_emails = True
	db.local.outgoing_email_account = {}
	assert can_send("Dunning")
	assert sorted(email_pending(res.name, day15 + timedelta(days=1))) == sorted(created)
	for name in created:
		assert db.db.get_value("Dunning", name, "syndic_emailed")
		assert (
			len(db.get_all("Email Queue", filters={"reference_doctype": "Dunning", "reference_name": name}))
			== 1
		)
	assert email_pending(res.name, day15 + timedelta(days=2)) == []
	# too old letters are not emailed any more (posted on paper meanwhile)
	db.db.set_value("Dunning", created[0], "syndic_emailed", 0)
	assert email_pending(res.name, day15 + timedelta(days=31)) == []

"""Advances (4421) applied to later calls: a co-owner's overpayment settles the invoices of the
next call as soon as it is issued, through ERPNext's reconciliation (Dr 4421 / Cr 3421-3423),
and on demand (`apply_advances`). Idempotent: a re-run changes nothing.

Uses the résidence fixture of finance.helpers (committed once per module, removed after); every
test runs inside the `db` fixture's rollback.
"""

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import acc, make_budget, make_call, uid

res = helpers.res  # the module fixture: a résidence committed once per module

pytestmark = pytest.mark.site


def open_of(frappe, res, owner_index, call=None):
	filters = {"customer": res.customers[owner_index], "company": res.company, "docstatus": 1}
	if call:
		filters["syndic_call_for_funds"] = call
	return frappe.get_all(
		"Sales Invoice",
		filters=filters,
		fields=["name", "grand_total", "outstanding_amount", "debit_to", "due_date"],
		order_by="due_date asc, name asc",
	)


def ledger_of(frappe, voucher):
	rows = frappe.db.sql(
		"""select account, sum(debit) d, sum(credit) c from `tabGL Entry`
		where voucher_type='Payment Entry' and voucher_no=%s and is_cancelled=0 group by account""",
		voucher,
		as_dict=True,
	)
	return {row.account: (round(row.d, 2), round(row.c, 2)) for row in rows}


def trial_balance(frappe, company):
	debit, credit, count = frappe.db.sql(
		"""select sum(debit), sum(credit), count(*) from `tabGL Entry` where company=%s and is_cancelled=0""",
		company,
	)[0]
	return round(debit, 2), round(credit, 2), count


def overpay(frappe, res, owner_index, extra, posting_date):
	"""Pay everything the co-owner owes plus `extra`: the rest is an advance on 4421."""
	from syndic_maroc.finance.collections import record_payment

	owed = round(sum(i.outstanding_amount for i in open_of(frappe, res, owner_index)), 2)
	result = record_payment(
		res.name,
		res.owners[owner_index],
		owed + extra,
		"Bank Transfer",
		posting_date=posting_date,
		reference_no=f"VIR-{uid()}",
	)
	assert result["advance"] == extra
	return result["payment_entries"][-1]


def test_an_advance_settles_the_next_call(db, res):
	from syndic_maroc.finance.invoicing import issue_invoices

	budget = make_budget(db, res)
	first = make_call(db, res, budget, period=1)
	advance = overpay(db, res, 2, 300, first.due_date)  # co-owner 2: unit B1 only
	assert db.db.get_value("Payment Entry", advance, "unallocated_amount") == 300
	assert ledger_of(db, advance)[acc(db, res.company, "4421")] == (0, 300)

	second = make_call(db, res, budget, period=2)  # issued inline: the advance is applied at the end
	assert second.issue_status == "Completed"
	new = open_of(db, res, 2, second.name)
	assert len(new) == 2  # current (3421) + works (3423)
	total = round(sum(i.grand_total for i in new), 2)
	assert total > 300
	assert round(sum(i.outstanding_amount for i in new), 2) == round(total - 300, 2)
	# oldest due first, then by name: the first invoice takes the whole advance when it can
	first_new = new[0]
	assert first_new.outstanding_amount == round(max(first_new.grand_total - 300, 0), 2)
	pe = db.get_doc("Payment Entry", advance)
	assert pe.unallocated_amount == 0
	assert {r.reference_name for r in pe.references} <= {i.name for i in new}
	assert round(sum(r.allocated_amount for r in pe.references), 2) == 300
	# ERPNext posted the transfer: 4421 debited, the receivable (3421 / 3423) credited
	ledger = ledger_of(db, advance)
	assert ledger[acc(db, res.company, "4421")] == (300, 300)
	receivables = [acc(db, res.company, "3421"), acc(db, res.company, "3423")]
	assert round(sum(ledger.get(a, (0, 0))[1] for a in receivables), 2) == 300
	assert round(sum(ledger.get(a, (0, 0))[0] for a in receivables), 2) == 0
	# the transfer rows (one pair per invoice settled) are dated the later of advance and invoice
	transfer = db.db.sql(
		"""select account, debit, credit, against_voucher, posting_date from `tabGL Entry`
		where voucher_no=%s and is_cancelled=0 and voucher_detail_no is not null""",
		advance,
		as_dict=True,
	)
	assert {(row.account, row.against_voucher) for row in transfer if row.debit} == {
		(acc(db, res.company, "4421"), advance)
	}
	assert {row.account for row in transfer if row.credit} <= set(receivables)
	assert {row.against_voucher for row in transfer if row.credit} <= {i.name for i in new}
	assert (
		round(sum(row.debit for row in transfer), 2) == round(sum(row.credit for row in transfer), 2) == 300
	)
	assert {row.posting_date for row in transfer} == {second.posting_date}
	debit, credit, count = trial_balance(db, res.company)
	assert debit == credit
	# the other co-owners had no advance: nothing changed for them
	for other in (0, 1, 3):
		assert all(i.outstanding_amount == i.grand_total for i in open_of(db, res, other, second.name))

	# re-run (retry of the call, on-demand application): nothing changes
	again = issue_invoices(second.name)
	assert again["created"] == 0 and again["advances"]["applied"] == []
	from syndic_maroc.finance.collections import apply_advances

	assert apply_advances(res.name)["applied"] == []
	assert trial_balance(db, res.company) == (debit, credit, count)
	assert [i.outstanding_amount for i in open_of(db, res, 2, second.name)] == [
		i.outstanding_amount for i in new
	]


def test_a_large_advance_covers_several_calls_oldest_first(db, res):
	budget = make_budget(db, res)
	first = make_call(db, res, budget, period=1)
	advance = overpay(db, res, 3, 20000, first.due_date)  # more than a quarter of co-owner 3
	second = make_call(db, res, budget, period=2)
	settled = open_of(db, res, 3, second.name)
	assert all(i.outstanding_amount == 0 for i in settled)
	used = round(sum(i.grand_total for i in settled), 2)
	assert db.db.get_value("Payment Entry", advance, "unallocated_amount") == round(20000 - used, 2)
	third = make_call(db, res, budget, period=3)
	later = open_of(db, res, 3, third.name)
	left = round(20000 - used, 2)
	assert round(sum(i.grand_total - i.outstanding_amount for i in later), 2) == min(
		left, round(sum(i.grand_total for i in later), 2)
	)
	debit, credit, _count = trial_balance(db, res.company)
	assert debit == credit


def test_apply_advances_on_demand(db, res):
	"""An advance entered directly in ERPNext (a receipt on 4421 while calls are open) is applied
	by the desk action; a stranger or a user without the role is refused."""
	from syndic_maroc.finance.collections import apply_advances, ensure_company

	ensure_company(res.company)  # what recording a first payment does
	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=4)
	invoices = open_of(db, res, 1, call.name)
	pe = db.new_doc("Payment Entry")
	pe.update(
		{
			"payment_type": "Receive",
			"company": res.company,
			"posting_date": call.posting_date,
			"party_type": "Customer",
			"party": res.customers[1],
			"paid_from": acc(db, res.company, "4421"),
			"paid_to": acc(db, res.company, "5121"),
			"paid_amount": 150.25,
			"received_amount": 150.25,
			"reference_no": f"VIR-{uid()}",
			"reference_date": call.posting_date,
		}
	)
	pe.insert()
	pe.submit()
	assert pe.unallocated_amount == 150.25

	stranger = db.get_doc({"doctype": "Co-owner", "full_name": f"Etranger {uid()}"}).insert()
	with pytest.raises(db.ValidationError, match="n'est pas un copropriétaire"):
		apply_advances(res.name, stranger.name)
	with pytest.raises(db.ValidationError, match="introuvable"):
		apply_advances(f"Nulle part {uid()}")
	user = f"sans-role-{uid().lower()}@example.ma"
	db.get_doc(
		{"doctype": "User", "email": user, "first_name": "Sans rôle", "send_welcome_email": 0}
	).insert()
	db.set_user(user)
	try:
		with pytest.raises(db.PermissionError):
			apply_advances(res.name, res.owners[1])
	finally:
		db.set_user("Administrator")
	assert db.db.get_value("Payment Entry", pe.name, "unallocated_amount") == 150.25

	result = apply_advances(res.name, res.owners[1])
	assert result["amount"] == 150.25 and not result["errors"]
	oldest = invoices[0]
	assert result["applied"] == [
		{"customer": res.customers[1], "payment_entry": pe.name, "invoice": oldest.name, "amount": 150.25}
	]
	assert db.db.get_value("Sales Invoice", oldest.name, "outstanding_amount") == round(
		oldest.grand_total - 150.25, 2
	)
	assert apply_advances(res.name, res.owners[1])["applied"] == []
	debit, credit, _count = trial_balance(db, res.company)
	assert debit == credit

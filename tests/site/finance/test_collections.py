"""Collections on a real site: a payment becomes ERPNext Payment Entries allocated to the
co-owner's oldest open calls first, the overpayment an advance on 4421 (décret 2.23.700), one
receipt (reçu) per payment; the bulk entry screen (Payment Batch) records many at once.

Uses the résidence fixture of finance.helpers (committed once per module, removed after); every
test runs inside the `db` fixture's rollback.
"""

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import acc, fiscal_year, invoices_of, make_budget, make_call, uid

res = helpers.res  # the résidence fixture of finance.helpers (module scope)

pytestmark = pytest.mark.site


def owner_invoices(frappe, res, owner_index):
	customer = res.customers[owner_index]
	return frappe.get_all(
		"Sales Invoice",
		filters={"customer": customer, "company": res.company, "docstatus": 1},
		fields=["name", "grand_total", "outstanding_amount", "due_date", "debit_to"],
		order_by="due_date asc, name asc",
	)


def two_calls(frappe, res):
	budget = make_budget(frappe, res)
	first = make_call(frappe, res, budget, period=1)
	second = make_call(frappe, res, budget, period=2)
	assert first.due_date < second.due_date
	return first, second


def gl_by_account(frappe, vouchers):
	rows = frappe.db.sql(
		"""select account, sum(debit) d, sum(credit) c from `tabGL Entry`
		where voucher_type='Payment Entry' and voucher_no in %s and is_cancelled=0 group by account""",
		(tuple(vouchers),),
		as_dict=True,
	)
	return {row.account: (round(row.d, 2), round(row.c, 2)) for row in rows}


def test_payment_goes_to_the_oldest_calls_first_and_the_rest_is_an_advance(db, res):
	from syndic_maroc.finance.collections import record_payment

	first, second = two_calls(db, res)
	invoices = owner_invoices(db, res, 1)  # co-owner 1: unit A3, current + works each quarter
	assert len(invoices) == 4
	old = [i for i in invoices if i.due_date == first.due_date]
	new = [i for i in invoices if i.due_date == second.due_date]
	old_total = round(sum(i.grand_total for i in old), 2)
	new_current = next(i for i in new if i.debit_to == acc(db, res.company, "3421"))
	# the first quarter in full + 100.00 of the second quarter's current call
	amount = round(old_total + 100, 2)
	result = record_payment(
		res.name,
		res.owners[1],
		amount,
		"Bank Transfer",
		posting_date=second.due_date,
		reference_no=f"VIR-{uid()}",
	)
	allocated = {a["invoice"]: a["amount"] for a in result["allocations"]}
	assert set(allocated) == {i.name for i in old} | {new_current.name}
	assert allocated[new_current.name] == 100 and result["advance"] == 0
	for inv in old:
		assert db.db.get_value("Sales Invoice", inv.name, "outstanding_amount") == 0
	assert db.db.get_value("Sales Invoice", new_current.name, "outstanding_amount") == round(
		new_current.grand_total - 100, 2
	)
	# one Payment Entry per receivable account (3421, 3423), one receipt number
	assert len(result["payment_entries"]) == 2
	pes = [db.get_doc("Payment Entry", n) for n in result["payment_entries"]]
	assert {pe.syndic_receipt for pe in pes} == {result["receipt"]}
	assert {pe.paid_from for pe in pes} == {acc(db, res.company, "3421"), acc(db, res.company, "3423")}
	assert {pe.paid_to for pe in pes} == {acc(db, res.company, "5121")}
	assert all(pe.docstatus == 1 and pe.unallocated_amount == 0 for pe in pes)
	ledger = gl_by_account(db, result["payment_entries"])
	assert ledger[acc(db, res.company, "5121")] == (amount, 0)

	# everything still open + 250.00: the rest is an advance on 4421, never a credit on 3421
	still_open = round(sum(i.outstanding_amount for i in owner_invoices(db, res, 1)), 2)
	result = record_payment(res.name, res.owners[1], still_open + 250, "Cash", posting_date=second.due_date)
	assert result["advance"] == 250
	assert all(i.outstanding_amount == 0 for i in owner_invoices(db, res, 1))
	advance_pe = db.get_doc("Payment Entry", result["payment_entries"][-1])
	assert advance_pe.paid_from == acc(db, res.company, "4421") and not advance_pe.references
	assert advance_pe.unallocated_amount == 250
	ledger = gl_by_account(db, result["payment_entries"])
	assert ledger[acc(db, res.company, "5161")] == (round(still_open + 250, 2), 0)  # cash
	assert ledger[acc(db, res.company, "4421")] == (0, 250)
	balance_3421 = db.db.sql(
		"""select sum(debit - credit) from `tabGL Entry` where account=%s and party=%s and is_cancelled=0""",
		(acc(db, res.company, "3421"), res.customers[1]),
	)[0][0]
	assert round(balance_3421, 2) == 0


def test_cheque_needs_its_number_and_bank_and_is_printed_on_the_receipt(db, res):
	from syndic_maroc.finance.collections import record_payment

	first, _second = two_calls(db, res)
	with pytest.raises(db.ValidationError, match="chèque"):
		record_payment(res.name, res.owners[2], 100, "Cheque", reference_no="1234567")
	with pytest.raises(db.ValidationError, match="Mode de paiement"):
		record_payment(res.name, res.owners[2], 100, "Bitcoin")
	number = f"CHQ{uid()}"
	result = record_payment(
		res.name,
		res.owners[2],
		150.5,
		"Cheque",
		reference_no=number,
		cheque_bank="Attijariwafa bank",
		posting_date=first.due_date,
	)
	pe = db.get_doc("Payment Entry", result["payment_entries"][0])
	assert pe.reference_no == number and pe.syndic_cheque_bank == "Attijariwafa bank"
	assert pe.syndic_payment_mode == "Cheque" and pe.mode_of_payment
	html = db.get_print("Payment Entry", pe.name, print_format="Payment Receipt")
	assert result["receipt"] in html and number in html and "Attijariwafa bank" in html
	assert "وصل أداء" in html and "Reçu de paiement" in html
	assert "150,50" in html or "150.50" in html
	pdf = db.get_print("Payment Entry", pe.name, print_format="Payment Receipt", as_pdf=True)
	assert pdf[:4] == b"%PDF"


def test_payment_batch_records_each_row_in_order_and_cancels(db, res):
	_first, second = two_calls(db, res)
	invoices = owner_invoices(db, res, 0)
	total_open = round(sum(i.outstanding_amount for i in invoices), 2)
	oldest = invoices[0]
	batch = db.get_doc(
		{
			"doctype": "Payment Batch",
			"residence": res.name,
			"posting_date": second.due_date,
			"payments": [
				{
					"co_owner": res.owners[0],
					"amount": oldest.grand_total,
					"mode": "Bank Transfer",
					"reference_no": f"V{uid()}",
				},
				{"co_owner": res.owners[0], "amount": total_open - oldest.grand_total + 10, "mode": "Card"},
				{"co_owner": res.owners[3], "amount": 50, "mode": "Cash"},
			],
		}
	).insert()
	assert batch.total_amount == round(total_open + 60, 2) and batch.payment_count == 3
	batch.submit()
	batch.reload()
	rows = batch.payments
	assert all(row.receipt for row in rows) and len({row.receipt for row in rows}) == 3
	# the first row settles exactly the oldest invoice, the second the rest + 10.00 advance
	first_pe = db.get_doc("Payment Entry", rows[0].payment_entries.split("\n")[0])
	assert [r.reference_name for r in first_pe.references] == [oldest.name]
	assert rows[1].advance == 10 and rows[0].advance == 0
	assert all(i.outstanding_amount == 0 for i in owner_invoices(db, res, 0))
	names = db.get_all(
		"Payment Entry", filters={"syndic_payment_batch": batch.name, "docstatus": 1}, pluck="name"
	)
	assert len(names) == sum(len(row.payment_entries.split("\n")) for row in rows)
	batch.cancel()
	assert not db.get_all("Payment Entry", filters={"syndic_payment_batch": batch.name, "docstatus": 1})
	assert round(sum(i.outstanding_amount for i in owner_invoices(db, res, 0)), 2) == total_open


def test_batch_refuses_a_stranger_and_a_bad_row(db, res):
	stranger = db.get_doc({"doctype": "Co-owner", "full_name": f"Etranger {uid()}"}).insert()
	batch = db.get_doc(
		{
			"doctype": "Payment Batch",
			"residence": res.name,
			"payments": [{"co_owner": stranger.name, "amount": 10, "mode": "Cash"}],
		}
	)
	with pytest.raises(db.ValidationError, match="n'est pas copropriétaire"):
		batch.insert()
	batch.payments[0].co_owner = res.owners[0]
	batch.payments[0].amount = 0
	with pytest.raises(db.ValidationError, match="positif"):
		batch.insert()

"""Full year: receivables are the calls minus the payments, advances are the overpayments, and each
owner statement matches the ledger per bucket."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from tests.site.full_year.year import (
	acc,
	cents,
	gl_balance,
)

pytestmark = [pytest.mark.site, pytest.mark.slow]


def test_receivables_are_calls_minus_payments_and_advances_are_overpayments(year):
	from erpnext.accounts.report.accounts_receivable.accounts_receivable import execute
	from syndic_maroc.finance.arrears import arrears

	frappe = year.frappe
	book = year.book
	for abbr, res in year.res.items():
		expected = book.total_called(abbr) - book.total_settled(abbr)
		assert expected > 0  # some co-owners are still in arrears at the year end
		assert gl_balance(frappe, res.company, ["3421", "3423"]) == expected
		outstanding = frappe.db.sql(
			"""select sum(outstanding_amount) from `tabSales Invoice` where company = %s and docstatus = 1""",
			res.company,
		)[0][0]
		assert cents(outstanding) == expected
		# the advances left on 4421 are the overpayments not yet set against a later call
		assert gl_balance(frappe, res.company, ["4421"]) == -book.total_advance(abbr)
		for payment in (p for p in year.payments if p["abbr"] == abbr):
			assert cents(payment["advance"]) == payment["expected_advance"], payment
		# ERPNext's Accounts Receivable report (ageing of the calls) says the same
		report = execute(
			{
				"company": res.company,
				"report_date": year.fy.year_end_date,
				"ageing_based_on": "Due Date",
				"range": "30, 60, 90, 120",
			}
		)
		rows = [row for row in report[1] if row.get("party")]
		by_account = defaultdict(Decimal)
		for row in rows:
			by_account[row.get("party_account")] += cents(row.get("outstanding"))
		receivable = {acc(frappe, res.company, n) for n in ("3421", "3423")}
		assert sum(v for a, v in by_account.items() if a in receivable) == expected
		assert sum(by_account.values()) == expected - book.total_advance(abbr)
		# and so does the app's Arrears by Unit (per co-owner and per lot)
		rows, total = arrears(res.name, year.fy.year_end_date, by="co_owner")
		assert cents(total["total"]) == expected
		assert {row["key"]: cents(row["total"]) for row in rows} == {
			owner: book.owed(abbr, owner) for owner in book.owners(abbr) if book.owed(abbr, owner)
		}
		_rows, total = arrears(res.name, year.fy.year_end_date, by="unit")
		assert cents(total["total"]) == expected
	# each payment: its Payment Entries (one per account settled, one for the advance) make the
	# amount received, under one receipt number, in the bank or (cash) the till
	for payment in year.payments:
		entries = [
			frappe.db.get_value(
				"Payment Entry",
				name,
				["paid_amount", "syndic_receipt", "paid_to", "syndic_cheque_bank", "reference_no"],
				as_dict=True,
			)
			for name in payment["payment_entries"]
		]
		assert sum(cents(e.paid_amount) for e in entries) == payment["amount"]
		assert {e.syndic_receipt for e in entries} == {payment["receipt"]}
		till = "5161" if payment["mode"] == "Cash" else "5121"
		assert {e.paid_to for e in entries} == {acc(frappe, year.res[payment["abbr"]].company, till)}
		if payment["mode"] == "Cheque":
			assert all(e.syndic_cheque_bank and e.reference_no.startswith("CHQ-") for e in entries)
	overpaid = {(r, o) for (r, o), v in book.advanced.items() if v > 0}
	assert len(overpaid) >= 2 and sum(book.applied.values()) > 0  # the scenario made and used advances


def test_each_statement_matches_the_ledger_per_bucket(year):
	from syndic_maroc.core.finance.statements import ADVANCES, CURRENT_OPERATIONS, WORKS
	from syndic_maroc.finance.report.owner_statement.owner_statement import execute
	from syndic_maroc.finance.statements import quitus_check, statement_for

	frappe = year.frappe
	book = year.book
	start, end = year.fy.year_start_date, year.fy.year_end_date
	for abbr, res in year.res.items():
		vouchers = set(
			frappe.db.sql_list(
				"select distinct voucher_no from `tabGL Entry` where company = %s", res.company
			)
		)
		for owner in book.owners(abbr):
			customer = res.customers[owner]
			st = statement_for(res.name, owner, start, end).statement
			ledger = {
				CURRENT_OPERATIONS: gl_balance(frappe, res.company, ["3421"], customer),
				WORKS: gl_balance(frappe, res.company, ["3423"], customer),
				ADVANCES: gl_balance(frappe, res.company, ["4421"], customer),
			}
			assert st.opening == 0
			for bucket, balance in ledger.items():
				assert cents(st.buckets[bucket].closing) == balance, (abbr, owner, bucket)
			closing = book.owed(abbr, owner) - book.advance[abbr, owner]
			assert cents(st.closing) == sum(ledger.values()) == closing, (abbr, owner)
			assert cents(st.total_debit) == sum(book.called[abbr, owner].values()) + book.applied[abbr, owner]
			assert {row.voucher for row in st.rows} <= vouchers  # only this résidence's entries
			if st.rows:
				assert cents(st.rows[-1].balance) == closing
			# from mid-year: the opening balance is the ledger before, the closing the same
			half = year.quarter_starts[2]
			second = statement_for(res.name, owner, half, end).statement
			before = frappe.db.sql(
				"""select coalesce(sum(debit - credit), 0) from `tabGL Entry` where company = %s
				and party_type = 'Customer' and party = %s and is_cancelled = 0 and posting_date < %s""",
				(res.company, customer, half),
			)[0][0]
			assert cents(second.opening) == cents(before) and cents(second.closing) == closing
			assert all(row.posting_date >= half for row in second.rows)
			# the quitus (loi 18-00 arts 26, 42) only at a zero balance, résidence by résidence
			if closing == 0:
				assert quitus_check(res.name, owner, end).statement.closing == 0
			else:
				with pytest.raises(frappe.ValidationError, match="Solde"):
					quitus_check(res.name, owner, end)
			_columns, data, _msg, _chart, summary = execute(
				{"residence": res.name, "co_owner": owner, "from_date": start, "to_date": end}
			)
			assert cents(data[-1]["balance"]) == closing and cents(summary[-1]["value"]) == closing

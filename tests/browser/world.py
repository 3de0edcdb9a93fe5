"""A small résidence with a year's money in it, committed for the browser tests (the web server is
another process) and removed afterwards through ERPNext (cancel, then delete).

What is in it, and so what the desk must show (the test's own account, from these inputs only):
two co-owners with 40 and 60 tantièmes; an approved budget of BUDGET; a call for CALL (split
400 / 600, due at the start of the year, so overdue); co-owner 0 pays his 400, co-owner 1 pays
PAID_1 of his 600; a cleaning invoice of EXPENSE is paid from the bank.
"""

from __future__ import annotations

import time
import uuid

BUDGET = 10000.0
CALL = 1000.0
SHARES = (40, 60)
PAID_1 = 250.0
EXPENSE = 500.0


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


def expected(made) -> dict:
	"""What the residence's ledger holds, from the inputs above."""
	calls = [CALL * s / sum(SHARES) for s in SHARES]
	paid = [calls[0], PAID_1]
	return {
		"bank_balance": sum(paid) - EXPENSE,
		"arrears": sum(calls) - sum(paid),
		"debtors": 1,
		"budget": BUDGET,
		"actual": EXPENSE,
		"balances": [calls[i] - paid[i] for i in range(2)],
	}


def make_world(frappe):
	from syndic_maroc.finance.collections import record_payment

	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	tag = uid()
	made = frappe._dict(tag=tag, owners=[], units=[], users=[], payments=[], journals=[])
	try:
		residence = frappe.get_doc(
			{
				"doctype": "Residence",
				"residence_name": f"Résidence Navigateur {tag}",
				"abbr": f"N{tag}",
				"total_tantiemes": sum(SHARES),
			}
		).insert()
		made.residence = residence.name
		made.company = residence.company
		for i, share in enumerate(SHARES):
			owner = frappe.get_doc(
				{
					"doctype": "Co-owner",
					"full_name": f"Navigateur {i} {tag}",
					"email": f"nav{i}.{tag.lower()}@example.ma",
				}
			).insert()
			made.owners.append(owner.name)
			made.units.append(
				frappe.get_doc(
					{
						"doctype": "Unit",
						"residence": residence.name,
						"unit_number": f"N{i}",
						"unit_type": "Apartment",
						"tantiemes": share,
						"co_owner": owner.name,
					}
				)
				.insert()
				.name
			)
		# co-owner 0 has a portal login, as the syndic gives one from the Co-owner form
		from frappe.utils.password import update_password

		made.portal_user = frappe.get_doc("Co-owner", made.owners[0]).create_portal_user()
		made.users.append(made.portal_user)
		made.portal_password = f"Pw-{uid()}-{uid()}!"
		update_password(made.portal_user, made.portal_password)
		general = frappe.db.get_value(
			"Allocation Key", {"residence": residence.name, "is_general": 1}, "name"
		)
		fy = fiscal_year(frappe)
		budget = frappe.get_doc(
			{
				"doctype": "Residence Budget",
				"residence": residence.name,
				"fiscal_year": fy.name,
				"call_frequency": "Quarterly",
				"lines": [{"category": "Cleaning", "allocation_key": general, "amount": BUDGET}],
			}
		).insert()
		budget.ag_date = fy.year_start_date
		budget.ag_reference = f"PV AG {tag}"
		budget.submit()
		made.budget = budget.name
		call = frappe.get_doc(
			{
				"doctype": "Call for Funds",
				"residence": residence.name,
				"source": "Exceptional",
				"posting_date": fy.year_start_date,
				"due_date": fy.year_start_date,
				"lines": [
					{"category": "Cleaning", "kind": "Current", "allocation_key": general, "amount": CALL}
				],
			}
		).insert()
		call.submit()
		made.call = call.name
		for owner, amount in ((made.owners[0], CALL * SHARES[0] / sum(SHARES)), (made.owners[1], PAID_1)):
			result = record_payment(
				residence.name, owner, amount, "Bank Transfer", reference_no=f"VIR-{uid()}"
			)
			made.payments.extend(result["payment_entries"])
		cleaning = budget.lines[0].account
		bank = frappe.db.get_value("Residence", residence.name, "default_bank_account")
		journal = frappe.get_doc(
			{
				"doctype": "Journal Entry",
				"company": residence.company,
				"posting_date": frappe.utils.nowdate(),
				"cheque_no": f"FAC-{tag}",
				"cheque_date": frappe.utils.nowdate(),
				"accounts": [
					{
						"account": cleaning,
						"debit_in_account_currency": EXPENSE,
						"cost_center": residence.cost_center,
					},
					{
						"account": bank,
						"credit_in_account_currency": EXPENSE,
						"cost_center": residence.cost_center,
					},
				],
			}
		).insert()
		journal.submit()
		made.journals.append(journal.name)
		frappe.db.commit()
		return made
	except Exception:
		remove_world(frappe, made)
		raise


def remove_world(frappe, made):
	"""Delete what make_world made, committed; tried again when another process holds a lock."""
	for attempt in range(1, 6):
		frappe.db.rollback()
		try:
			_delete(frappe, made)
			frappe.db.commit()
			return
		except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
			if attempt == 5:
				raise
			time.sleep(5 * attempt)


def _cancel_delete(frappe, doctype, name):
	if not name or not frappe.db.exists(doctype, name):
		return
	doc = frappe.get_doc(doctype, name)
	if doc.docstatus == 1:
		doc.flags.ignore_permissions = True
		doc.cancel()
	frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)


def _delete(frappe, made):
	frappe.set_user("Administrator")
	previous = frappe.db.get_single_value("Accounts Settings", "delete_linked_ledger_entries")
	# ERPNext removes a deleted (cancelled) document's ledger entries only with this setting on
	frappe.db.set_single_value("Accounts Settings", "delete_linked_ledger_entries", 1)
	try:
		for name in made.journals:
			_cancel_delete(frappe, "Journal Entry", name)
		for name in made.payments:
			_cancel_delete(frappe, "Payment Entry", name)
		if made.get("residence"):
			for name in frappe.get_all("Dunning", filters={"syndic_residence": made.residence}, pluck="name"):
				_cancel_delete(frappe, "Dunning", name)
		if made.get("call") and frappe.db.exists("Call for Funds", made.call):
			call = frappe.get_doc("Call for Funds", made.call)
			if call.docstatus == 1:
				call.cancel()
			for name in frappe.get_all(
				"Sales Invoice", filters={"syndic_call_for_funds": made.call}, pluck="name"
			):
				_cancel_delete(frappe, "Sales Invoice", name)
			frappe.delete_doc("Call for Funds", made.call, force=True)
		if made.get("budget"):
			_cancel_delete(frappe, "Residence Budget", made.budget)
		for doctype, names in (("Unit", made.units), ("User", made.users), ("Co-owner", made.owners)):
			for name in names:
				if frappe.db.exists(doctype, name):
					frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		if made.get("residence") and frappe.db.exists("Residence", made.residence):
			for key in frappe.get_all(
				"Allocation Key", filters={"residence": made.residence, "is_general": 0}, pluck="name"
			):
				frappe.delete_doc("Allocation Key", key, force=True)
			company = frappe.db.get_value("Residence", made.residence, "company")
			frappe.delete_doc("Residence", made.residence, force=True)
			if company and frappe.db.exists("Company", company):
				for budget in frappe.get_all("Budget", filters={"company": company}, pluck="name"):
					_cancel_delete(frappe, "Budget", budget)
				frappe.delete_doc("Company", company, force=True)
	finally:
		frappe.db.set_single_value("Accounts Settings", "delete_linked_ledger_entries", previous or 0)

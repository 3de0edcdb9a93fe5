"""Payer risk (RFM) of the co-owners of a résidence, read from the ledger.

Each submitted call (Sales Invoice of the résidence, credit notes apart) and what was allocated to
it — Payment Entries, credit notes, journal entries — come from ERPNext's Payment Ledger Entry
(the rows `against_voucher_no` = the invoice; its own row is the amount called). A call for funds
issues one invoice per lot: a co-owner's invoices of one call count as one call (two lots are not
twice as late). The rule is
core.oversight.rfm. Two bulk queries whatever the size of the résidence.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import fmt_money, getdate

from syndic_maroc.core.oversight import rfm
from syndic_maroc.utils.errors import core_errors


def ledger(residence: str, as_of: date, customer: str | None = None):
	"""({customer: [Call]}, {customer: [Allocation]}) of the résidence's calls up to `as_of`."""
	conditions = "si.syndic_residence = %(residence)s and si.docstatus = 1 and si.is_return = 0"
	values = {"residence": residence, "as_of": as_of}
	if customer:
		conditions += " and si.customer = %(customer)s"
		values["customer"] = customer
	rows = frappe.db.sql(
		f"""select si.name, coalesce(si.syndic_call_for_funds, si.name) as call_key, si.customer,
			si.due_date, si.posting_date,
			ple.voucher_no, ple.posting_date as ple_date, ple.amount
		from `tabSales Invoice` si
		join `tabPayment Ledger Entry` ple on ple.against_voucher_type = 'Sales Invoice'
			and ple.against_voucher_no = si.name and ple.delinked = 0
		where {conditions} and si.posting_date <= %(as_of)s and ple.posting_date <= %(as_of)s""",
		values,
		as_dict=True,
	)
	amounts: dict[str, Decimal] = defaultdict(Decimal)
	heads = {}
	allocations: dict[str, list] = defaultdict(list)
	for row in rows:
		key = (row.customer, row.call_key)
		head = heads.get(key)
		if head is None or getdate(row.due_date) < getdate(head.due_date):
			heads[key] = row  # the earliest due date of the call's invoices
		if row.voucher_no == row.name:
			amounts[key] += Decimal(str(row.amount))
		else:
			allocations[row.customer].append(
				rfm.Allocation(row.call_key, getdate(row.ple_date), -Decimal(str(row.amount)))
			)
	calls: dict[str, list] = defaultdict(list)
	for (customer, call_key), head in heads.items():
		calls[customer].append(
			rfm.Call(
				call_key, getdate(head.due_date), amounts[(customer, call_key)], getdate(head.posting_date)
			)
		)
	return calls, allocations


def co_owners_by_customer(customers) -> dict[str, frappe._dict]:
	if not customers:
		return {}
	return {
		row.customer: row
		for row in frappe.get_all(
			"Co-owner",
			filters={"customer": ("in", list(customers))},
			fields=["name", "full_name", "customer"],
		)
	}


def residence_risks(residence: str, as_of=None) -> list[dict]:
	"""One row per co-owner with calls in the résidence, highest score first."""
	as_of = getdate(as_of)
	calls, allocations = ledger(residence, as_of)
	owners = co_owners_by_customer(calls.keys())
	rows = []
	with core_errors():
		for customer, his_calls in calls.items():
			risk = rfm.assess(his_calls, allocations.get(customer, []), as_of)
			owner = owners.get(customer) or frappe._dict(name=None, full_name=customer)
			rows.append(as_row(residence, owner, customer, risk))
	rows.sort(key=lambda row: (-row["score"], row["co_owner_name"] or ""))
	return rows


def co_owner_risk(co_owner: str, as_of=None) -> dict:
	"""His risk in each résidence where he has calls, with the explanation in words."""
	from syndic_maroc.finance.dashboard import residences_of_co_owner

	as_of = getdate(as_of)
	owner = frappe.db.get_value("Co-owner", co_owner, ["name", "full_name", "customer"], as_dict=True)
	result = {"co_owner": co_owner, "residences": [], "score": 0.0, "level": "None"}
	if not owner or not owner.customer:
		return result
	with core_errors():
		for residence in residences_of_co_owner(co_owner):
			calls, allocations = ledger(residence, as_of, owner.customer)
			if not calls.get(owner.customer):
				continue
			risk = rfm.assess(calls[owner.customer], allocations.get(owner.customer, []), as_of)
			result["residences"].append(as_row(residence, owner, owner.customer, risk))
	if result["residences"]:
		worst = max(result["residences"], key=lambda row: row["score"])
		result.update(score=worst["score"], level=worst["level"], explanation=worst["explanation"])
	return result


def as_row(residence: str, owner, customer: str, risk: rfm.Risk) -> dict:
	return {
		"residence": residence,
		"co_owner": owner.name,
		"co_owner_name": owner.full_name,
		"customer": customer,
		"score": float(risk.score),
		"level": risk.level,
		"late_count": risk.late_count,
		"last_late": risk.last_late,
		"recency_days": risk.recency_days,
		"late_amount": float(risk.late_amount),
		"called_amount": float(risk.called_amount),
		"late_share": float(risk.late_share) * 100,
		"explanation": explain(risk, residence),
	}


def explain(risk: rfm.Risk, residence: str | None = None) -> str:
	"""'3 late payments in 12 months, last one 40 days ago; 1,600.00 late or overdue (40 % of the calls)'."""
	months = round(risk.window_days / 30.4)
	if not risk.late_count:
		return _("No late payment in {0} months").format(months)
	if risk.late_count == 1:
		head = _("1 late payment in {0} months").format(months)
	else:
		head = _("{0} late payments in {1} months").format(risk.late_count, months)
	if risk.recency_days == 0:
		when = _("one still overdue today")
	elif risk.recency_days == 1:
		when = _("last one 1 day ago")
	else:
		when = _("last one {0} days ago").format(risk.recency_days)
	currency = None
	if residence:
		company = frappe.get_cached_value("Residence", residence, "company")
		currency = company and frappe.get_cached_value("Company", company, "default_currency")
	amount = fmt_money(float(risk.late_amount), currency=currency)
	share = _("{0} late or overdue ({1} % of the calls)").format(amount, round(float(risk.late_share) * 100))
	return f"{head}, {when}; {share}"

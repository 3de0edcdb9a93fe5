"""Arrears (impayés) of a résidence from ERPNext receivables: the outstanding amount of each
submitted Sales Invoice, aged with core.finance.ageing (0-30 / 31-60 / 61-90 / 90+ days after
the due date) per co-owner or per unit, with the prescription date of each debt (loi 18-00
art. 43: 5 years after the AG approved the charges, core.finance.recovery).

Per unit, an invoice's outstanding amount is shared over its units pro rata to their lines
(core.finance.ageing.unit_parts), so a partial payment on a multi-unit invoice is spread.
Three bulk queries whatever the size of the résidence.
"""

from collections import defaultdict
from datetime import date

import frappe
from frappe.utils import getdate

from syndic_maroc.core.finance import ageing as core_ageing
from syndic_maroc.core.finance.recovery import prescription_status
from syndic_maroc.utils.errors import core_errors


def open_receivables(residence: str, as_of=None) -> list[frappe._dict]:
	"""Submitted Sales Invoices of the résidence with something outstanding, posted by `as_of`,
	with the co-owner and the date the AG approved the charges (budget of the call, else the
	invoice's posting date: conservative, the earlier date)."""
	as_of = getdate(as_of)
	invoices = frappe.db.sql(
		"""select si.name, si.customer, si.due_date, si.posting_date, si.outstanding_amount,
			si.grand_total, si.debit_to, coalesce(rb.ag_date, si.posting_date) as approved_on
		from `tabSales Invoice` si
		left join `tabCall for Funds` cf on cf.name = si.syndic_call_for_funds
		left join `tabResidence Budget` rb on rb.name = cf.residence_budget
		where si.syndic_residence = %(residence)s and si.docstatus = 1
			and si.outstanding_amount > 0 and si.posting_date <= %(as_of)s""",
		{"residence": residence, "as_of": as_of},
		as_dict=True,
	)
	# Co-owner.customer is indexed: read only the co-owners of these invoices.
	customers = tuple({inv.customer for inv in invoices})
	co_owners = {}
	if customers:
		for row in frappe.db.sql(
			"""select name, customer from `tabCo-owner` where customer in %(customers)s""",
			{"customers": customers},
			as_dict=True,
		):
			co_owners[row.customer] = row.name
	for inv in invoices:
		inv.co_owner = co_owners.get(inv.customer)
	return invoices


def unit_lines(invoices: list[str]) -> dict[str, dict[str, float]]:
	"""{invoice: {unit: amount}} from the lines of `invoices`."""
	result: dict[str, dict[str, float]] = defaultdict(dict)
	if not invoices:
		return result
	for chunk_start in range(0, len(invoices), 5000):
		chunk = tuple(invoices[chunk_start : chunk_start + 5000])
		for row in frappe.db.sql(
			"""select parent, syndic_unit, sum(amount) as amount from `tabSales Invoice Item`
			where parenttype = 'Sales Invoice' and parent in %(names)s and syndic_unit is not null
			group by parent, syndic_unit""",
			{"names": chunk},
			as_dict=True,
		):
			result[row.parent][row.syndic_unit] = row.amount
	return result


def arrears(residence: str, as_of=None, by: str = "co_owner") -> tuple[list[dict], dict]:
	"""(rows, total) of the résidence's arrears on `as_of`, grouped `by` "co_owner" or "unit".
	Each row: key, the ageing columns, overdue, total, oldest_due, invoice count, the earliest
	prescription date of its debts and its state (running / warning / prescribed)."""
	as_of = getdate(as_of)
	invoices = open_receivables(residence, as_of)
	approved = {inv.name: getdate(inv.approved_on) for inv in invoices}
	receivables = []
	if by == "unit":
		lines = unit_lines([inv.name for inv in invoices])
		with core_errors():
			for inv in invoices:
				if not lines.get(inv.name):
					continue
				receivables.extend(
					core_ageing.unit_parts(
						inv.name,
						inv.co_owner or inv.customer,
						getdate(inv.due_date),
						inv.outstanding_amount,
						lines[inv.name],
					)
				)
	else:
		receivables = [
			core_ageing.Receivable(
				inv.name, inv.co_owner or inv.customer, getdate(inv.due_date), inv.outstanding_amount
			)
			for inv in invoices
		]
	with core_errors():
		rows = core_ageing.ageing(receivables, as_of, by=by)
	earliest: dict[str, date] = {}
	for receivable in receivables:
		key = getattr(receivable, by)
		day = approved[receivable.invoice]
		if key not in earliest or day < earliest[key]:
			earliest[key] = day
	result = []
	for row in rows:
		status = prescription_status(earliest[row.key], as_of)
		result.append(_row(row, status))
	total = core_ageing.ageing_total(rows)
	return result, _row(total, None)


def _row(row: core_ageing.AgeingRow, status) -> dict:
	values = {
		"key": row.key,
		"not_due": float(row.amounts[core_ageing.NOT_DUE]),
		"overdue": float(row.overdue),
		"total": float(row.total),
		"oldest_due": row.oldest_due,
		"invoice_count": len(row.invoices),
		"prescription_date": status.date if status else None,
		"prescription_state": status.state if status else None,
	}
	for bucket in core_ageing.BUCKETS:
		values[bucket_field(bucket)] = float(row.amounts[bucket])
	return values


def bucket_field(bucket: str) -> str:
	"""Report fieldname of an ageing bucket ("0-30" -> "range_0_30", "90+" -> "range_90_plus")."""
	return "range_" + bucket.replace("-", "_").replace("+", "_plus")

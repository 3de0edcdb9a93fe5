# Copyright (c) 2025, syndic_maroc developers
# For license information, please see license.txt
"""Relevé de compte copropriétaire: opening balance, each call and payment with the running
balance, closing balance, and the balances per décret 2.23.700 annex 1 art. 10 bucket in the
summary. The data is syndic_maroc.finance.statements (core.finance.statements)."""

import frappe
from frappe import _

from syndic_maroc.finance.statements import bucket_balances, kind_label, statement_for
from syndic_maroc.registry.permissions import check_residence


def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = get_columns()
	check_residence(filters.residence)  # raw SQL on the GL: Frappe applies no User Permission
	if not (filters.residence and filters.co_owner and filters.from_date and filters.to_date):
		return columns, []
	ctx = statement_for(filters.residence, filters.co_owner, filters.from_date, filters.to_date)
	statement = ctx.statement
	labels = {b.bucket: b.label for b in bucket_balances(statement)}
	data = [{"description": _("Opening Balance"), "balance": statement.opening, "bold": 1}]
	for row in statement.rows:
		data.append(
			{
				"posting_date": row.posting_date,
				"voucher_no": row.voucher,
				"kind": kind_label(row.kind),
				"bucket": labels.get(row.bucket, row.bucket),
				"description": row.description,
				"debit": row.debit,
				"credit": row.credit,
				"balance": row.balance,
			}
		)
	data.append(
		{
			"description": _("Closing Balance"),
			"debit": statement.total_debit,
			"credit": statement.total_credit,
			"balance": statement.closing,
			"bold": 1,
		}
	)
	return columns, data, None, None, get_summary(ctx)


def get_summary(ctx) -> list[dict]:
	statement = ctx.statement
	summary = [
		{
			"value": statement.opening,
			"label": _("Opening Balance"),
			"datatype": "Currency",
			"currency": "MAD",
		}
	]
	summary += [
		{
			"value": bucket.closing,
			"label": bucket.label,
			"datatype": "Currency",
			"currency": "MAD",
			"indicator": "Red" if bucket.closing > 0 else "Green" if bucket.closing < 0 else "Blue",
		}
		for bucket in bucket_balances(statement)
	]
	summary.append(
		{
			"value": statement.closing,
			"label": _("Closing Balance"),
			"datatype": "Currency",
			"currency": "MAD",
			"indicator": "Red" if statement.closing > 0 else "Green",
		}
	)
	return summary


def get_columns():
	money = {"fieldtype": "Currency", "options": "MAD", "width": 120}
	return [
		{"fieldname": "posting_date", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "voucher_no", "label": _("Exhibit"), "fieldtype": "Data", "width": 170},
		{"fieldname": "kind", "label": _("Entry Type"), "fieldtype": "Data", "width": 120},
		{"fieldname": "bucket", "label": _("Heading"), "fieldtype": "Data", "width": 200},
		{"fieldname": "description", "label": _("Details"), "fieldtype": "Data", "width": 200},
		dict(money, fieldname="debit", label=_("Debit")),
		dict(money, fieldname="credit", label=_("Credit")),
		dict(money, fieldname="balance", label=_("Balance")),
	]

"""Expected figures computed from the ledger INDEPENDENTLY of the assistant's tools: plain SQL on
tabGL Entry, tabSales Invoice, tabPurchase Invoice and the registry tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import frappe

CLASS_6_SHARED = None  # computed from core.finance.chart below


def _dec(value) -> Decimal:
	return Decimal(str(round(float(value or 0), 2))).quantize(Decimal("0.01"))


def company(residence: str) -> str:
	return frappe.db.sql("select company from `tabResidence` where name=%s", residence)[0][0]


def customer_outstanding(customer: str, residence: str) -> Decimal:
	return _dec(
		frappe.db.sql(
			"""select sum(outstanding_amount) from `tabSales Invoice`
			where customer=%s and syndic_residence=%s and docstatus=1""",
			(customer, residence),
		)[0][0]
	)


def arrears_total(residence: str, today: date) -> Decimal:
	return _dec(
		frappe.db.sql(
			"""select sum(outstanding_amount) from `tabSales Invoice`
			where syndic_residence=%s and docstatus=1 and outstanding_amount > 0 and posting_date <= %s""",
			(residence, today),
		)[0][0]
	)


def debtors(residence: str, today: date) -> list[tuple[str, Decimal]]:
	rows = frappe.db.sql(
		"""select customer, sum(outstanding_amount) as total from `tabSales Invoice`
		where syndic_residence=%s and docstatus=1 and outstanding_amount > 0 and posting_date <= %s
		group by customer order by total desc""",
		(residence, today),
	)
	return [(c, _dec(t)) for c, t in rows]


def _expense(residence: str, start: date, end: date, numbers=None, suppliers=None) -> Decimal:
	conditions = [
		"gle.company=%(company)s",
		"gle.is_cancelled=0",
		"gle.posting_date between %(start)s and %(end)s",
		"acc.account_number like '6%%'",
		"gle.voucher_type != 'Period Closing Voucher'",
	]
	params = {"company": company(residence), "start": start, "end": end}
	if numbers:
		conditions.append("acc.account_number in %(numbers)s")
		params["numbers"] = tuple(numbers)
	if suppliers is not None:
		conditions.append(
			"gle.voucher_type='Purchase Invoice' and gle.voucher_no in (select name from `tabPurchase Invoice` where supplier in %(suppliers)s and docstatus=1)"
		)
		params["suppliers"] = tuple(suppliers) or ("",)
	value = frappe.db.sql(
		f"""select sum(gle.debit - gle.credit) from `tabGL Entry` gle
		join `tabAccount` acc on acc.name = gle.account where {" and ".join(conditions)}""",
		params,
	)[0][0]
	return _dec(value)


def category_spend(residence: str, category: str, start: date, end: date) -> Decimal:
	from syndic_maroc.core.finance.chart import BUDGET_CATEGORIES

	number = BUDGET_CATEGORIES[category][0]
	shared = sum(1 for acc, _k in BUDGET_CATEGORIES.values() if acc == number) > 1
	if not shared:
		return _expense(residence, start, end, [number])
	suppliers = frappe.db.sql_list("select name from `tabSupplier` where service_category=%s", category)
	return _expense(residence, start, end, [number], suppliers)


def supplier_spend(residence: str, supplier: str, start: date, end: date) -> Decimal:
	return _expense(residence, start, end, None, [supplier])


def total_spend(residence: str, start: date, end: date) -> Decimal:
	return _expense(residence, start, end)


def called(residence: str, start: date, end: date) -> tuple[Decimal, Decimal, int]:
	"""(called, collected, invoices) of the Sales Invoices posted in [start, end]."""
	total, outstanding, count = frappe.db.sql(
		"""select sum(grand_total), sum(outstanding_amount), count(*) from `tabSales Invoice`
		where syndic_residence=%s and docstatus=1 and posting_date between %s and %s""",
		(residence, start, end),
	)[0]
	return _dec(total), _dec(total) - _dec(outstanding), int(count)


def budget_line(residence: str, category: str, year: int) -> Decimal:
	return _dec(
		frappe.db.sql(
			"""select sum(l.amount) from `tabResidence Budget Line` l join `tabResidence Budget` b on b.name = l.parent
			join `tabFiscal Year` fy on fy.name = b.fiscal_year
			where b.residence=%s and b.docstatus=1 and l.category=%s and year(fy.year_start_date)=%s""",
			(residence, category, year),
		)[0][0]
	)


def account_actual(residence: str, number: str, start: date, end: date) -> Decimal:
	return _expense(residence, start, end, [number])


def open_purchase_invoices(residence: str) -> tuple[Decimal, int]:
	total, count = frappe.db.sql(
		"""select sum(outstanding_amount), count(*) from `tabPurchase Invoice`
		where company=%s and docstatus=1 and outstanding_amount > 0""",
		company(residence),
	)[0]
	return _dec(total), int(count)


def registry_counts(residence: str) -> tuple[int, int, Decimal]:
	units, owners = frappe.db.sql(
		"select count(*), count(distinct co_owner) from `tabUnit` where residence=%s",
		residence,
	)[0]
	total = frappe.db.sql("select total_tantiemes from `tabResidence` where name=%s", residence)[0][0]
	return int(units), int(owners), Decimal(str(int(total or 0)))


def call_total(customer: str, residence: str, start: date, end: date) -> Decimal:
	return _dec(
		frappe.db.sql(
			"""select sum(grand_total) from `tabSales Invoice` where customer=%s and syndic_residence=%s
			and docstatus=1 and syndic_call_for_funds is not null and posting_date between %s and %s
			and syndic_call_for_funds = (select syndic_call_for_funds from `tabSales Invoice` where customer=%s
				and syndic_residence=%s and docstatus=1 and posting_date between %s and %s
				order by posting_date desc limit 1)""",
			(customer, residence, start, end, customer, residence, start, end),
		)[0][0]
	)


def co_owner_balance(customer: str, residence: str, end: date) -> Decimal:
	"""Closing balance of the customer on the co-owner accounts (342x, 4421) of the company."""
	return _dec(
		frappe.db.sql(
			"""select sum(gle.debit - gle.credit) from `tabGL Entry` gle join `tabAccount` acc on acc.name = gle.account
			where gle.company=%s and gle.party_type='Customer' and gle.party=%s and gle.is_cancelled=0
				and gle.posting_date <= %s and (acc.account_number like '342%%' or acc.account_number = '4421')""",
			(company(residence), customer, end),
		)[0][0]
	)


def unit_tantiemes(unit: str) -> Decimal:
	return Decimal(str(int(frappe.db.get_value("Unit", unit, "tantiemes") or 0)))

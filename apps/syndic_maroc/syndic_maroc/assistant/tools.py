"""The assistant's tools: typed, read-only, run AS THE ASKING USER.

Staff tools read through frappe.get_list (the user's roles and User Permissions on Residence and
Company apply) and through our reports after the same permission check the reports make
(frappe.has_permission on the Residence, which honours User Permissions). Co-owner tools read
only the asker's own Customer(s) (syndic_maroc.portal.access: the portal's rule) and the shared
figures of a résidence where they own a lot. Every tool checks again what the router decided:
a co-owner's tool never takes another owner's name, and a résidence outside the reader's is a
PermissionError. Nothing here writes.

Each tool returns a ToolResult: its figures (Decimal, int, date) and the documents they come
from (doctype, name, URL), which the figure check and the sources list use.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import flt, getdate

from syndic_maroc.assistant.context import AskContext
from syndic_maroc.core.assistant import categories as cat
from syndic_maroc.core.assistant import intents as I
from syndic_maroc.core.assistant.periods import Period, months_of, quarters_of, year, year_to_date
from syndic_maroc.core.assistant.results import Source, ToolResult
from syndic_maroc.core.assistant.router import Route
from syndic_maroc.core.assistant.templates import category_label, period_label
from syndic_maroc.core.finance import ageing as core_ageing
from syndic_maroc.core.finance.chart import ADVANCES, BUDGET_CATEGORIES

CENT = Decimal("0.01")
EXPENSE_CLASS = "6"  # décret 2.23.700 annex 2 art. 6: class 6 = charges
LIST_ROWS = 10


def _d(value) -> Decimal:
	return Decimal(str(flt(value, 2))).quantize(CENT)


def _url(doctype: str, name: str) -> str:
	return f"/app/{frappe.scrub(doctype).replace('_', '-')}/{frappe.utils.quote(name, safe='')}"


def _report_url(report: str, **filters) -> str:
	from urllib.parse import urlencode

	return f"/app/query-report/{frappe.utils.quote(report)}?" + urlencode(
		{k: v for k, v in filters.items() if v}
	)


def _deny() -> None:
	raise frappe.PermissionError(_("This information is not available to your account."))


# --- access -------------------------------------------------------------------------------------


def residence(ctx: AskContext, name: str | None) -> frappe._dict:
	"""The résidence `name` if the reader may read it (staff: permissions; co-owner: own lots)."""
	if not name:
		_deny()
	if ctx.is_staff:
		if name not in ctx.staff_residences or not frappe.has_permission(
			"Residence", "read", doc=name, user=ctx.user
		):
			_deny()
	elif name not in ctx.owner_residences:
		_deny()
	row = frappe.db.get_value("Residence", name, ["name", "residence_name", "company"], as_dict=True)
	if not row:
		_deny()
	row.label = row.residence_name or row.name
	return row


def _staff_only(ctx: AskContext) -> None:
	if not ctx.is_staff:
		_deny()


def _period(route: Route, ctx: AskContext) -> Period:
	return route.period or year_to_date(ctx.today)


def _until(period: Period, ctx: AskContext) -> date:
	return min(period.end, ctx.today)


# --- accounts: balance, history, share -------------------------------------------------------


def _account_targets(ctx: AskContext, route: Route) -> tuple[list[frappe._dict], list[str] | None]:
	"""([co-owner rows], units or None) whose account is asked. Co-owners: always their own."""
	if not ctx.is_staff:
		own = {row.name: row for row in ctx.co_owners}
		units = None
		if route.units:
			rows = frappe.db.get_values(
				"Unit", {"name": ("in", route.units)}, ["name", "co_owner"], as_dict=True
			)
			if any(r.co_owner not in own for r in rows):
				_deny()  # the router refuses this earlier; a tool never trusts it alone
			units = [r.name for r in rows]
		return list(own.values()), units
	units = None
	names: list[str] = []
	if route.units:
		rows = frappe.get_list(
			"Unit", filters={"name": ("in", route.units)}, fields=["name", "co_owner", "residence"]
		)
		if len(rows) != len(set(route.units)):
			_deny()
		units = [r.name for r in rows]
		names = sorted({r.co_owner for r in rows if r.co_owner})
	elif route.co_owner:
		names = [route.co_owner]
	rows = []
	for name in names:
		if not frappe.has_permission("Co-owner", "read", doc=name, user=ctx.user):
			_deny()
		rows.append(frappe.db.get_value("Co-owner", name, ["name", "full_name", "customer"], as_dict=True))
	return rows, units


def _subject(ctx: AskContext, owners: list[frappe._dict], units: list[str] | None, lang: str) -> str:
	numbers = []
	if units:
		numbers = frappe.get_all(
			"Unit", filters={"name": ("in", units)}, pluck="unit_number", order_by="unit_number"
		)
	if not ctx.is_staff:
		if numbers:
			return ("وحدتك " if lang == "ar" else "votre lot ") + ", ".join(numbers)
		return "حسابك" if lang == "ar" else "votre compte"
	names = ", ".join(o.full_name for o in owners)
	if numbers:
		word = "الشقة" if lang == "ar" else "lot"
		return f"{word} {', '.join(numbers)} ({names})"
	return names


def _open_invoices(ctx: AskContext, customers: list[str], residences: list[str]) -> list[frappe._dict]:
	if not customers:
		return []
	filters = {
		"customer": ("in", customers),
		"docstatus": 1,
		"outstanding_amount": (">", 0),
		"syndic_residence": ("in", residences),
	}
	fields = [
		"name",
		"customer",
		"due_date",
		"outstanding_amount",
		"grand_total",
		"syndic_residence",
		"company",
	]
	if ctx.is_staff:
		return frappe.get_list(
			"Sales Invoice", filters=filters, fields=fields, order_by="due_date asc", limit_page_length=0
		)
	# Co-owner: the portal's rule (own Customer only; the customers come from the session user).
	own = set(ctx.customers)
	if not set(customers) <= own:
		_deny()
	return frappe.get_all("Sales Invoice", filters=filters, fields=fields, order_by="due_date asc")


def _unit_share(invoices: list[frappe._dict], units: list[str]) -> list[tuple[frappe._dict, Decimal]]:
	"""(invoice, outstanding part of `units`) shared pro rata to the invoice's lines per unit."""
	from syndic_maroc.finance.arrears import unit_lines

	lines = unit_lines([inv.name for inv in invoices])
	result = []
	for inv in invoices:
		by_unit = lines.get(inv.name) or {}
		if not any(u in by_unit for u in units):
			continue
		parts = core_ageing.unit_parts(
			inv.name, inv.customer, getdate(inv.due_date), inv.outstanding_amount, by_unit
		)
		amount = sum((p.outstanding for p in parts if p.unit in units), Decimal(0))
		if amount:
			result.append((inv, amount))
	return result


def _advance(companies: set[str], customers: list[str]) -> Decimal:
	if not companies or not customers:
		return Decimal(0)
	value = frappe.db.sql(
		"""select sum(gle.credit - gle.debit) from `tabGL Entry` gle
		join `tabAccount` acc on acc.name = gle.account
		where gle.company in %(companies)s and gle.party_type = 'Customer' and gle.party in %(customers)s
			and gle.is_cancelled = 0 and acc.account_number = %(advances)s""",
		{"companies": tuple(companies), "customers": tuple(customers), "advances": ADVANCES},
	)[0][0]
	return max(_d(value or 0), Decimal(0))


def balance(ctx: AskContext, route: Route, lang: str) -> ToolResult:
	owners, units = _account_targets(ctx, route)
	residences = [route.residence] if route.residence else list(ctx.readable_residences())
	for name in residences:
		residence(ctx, name)
	customers = [o.customer for o in owners if o.customer]
	invoices = _open_invoices(ctx, customers, residences)
	pairs = _unit_share(invoices, units) if units else [(inv, _d(inv.outstanding_amount)) for inv in invoices]
	today = ctx.today
	outstanding = sum((a for _inv, a in pairs), Decimal(0))
	overdue_pairs = [(inv, a) for inv, a in pairs if getdate(inv.due_date) < today]
	overdue = sum((a for _inv, a in overdue_pairs), Decimal(0))
	oldest = min((getdate(inv.due_date) for inv, _a in overdue_pairs), default=None)
	companies = {frappe.db.get_value("Residence", name, "company") for name in residences} - {None}
	advance = Decimal(0) if units else _advance(companies, customers)
	sources = [
		Source(
			"Sales Invoice",
			inv.name,
			f"{inv.name} ({getdate(inv.due_date).strftime('%d/%m/%Y')})",
			_url("Sales Invoice", inv.name) if ctx.is_staff else "/mes-appels",
		)
		for inv, _a in pairs
	]
	if ctx.is_staff and len(owners) == 1 and route.residence:
		sources.append(
			Source(
				"Report",
				"Owner Statement",
				_("Owner Statement"),
				_report_url("Owner Statement", residence=route.residence, co_owner=owners[0].name),
			)
		)
	elif not ctx.is_staff:
		sources.append(Source("Page", "mon-releve", _("My Statement"), "/mon-releve"))
	data = {
		"subject": _subject(ctx, owners, units, lang),
		"as_of": today,
		"outstanding": outstanding,
		"overdue": overdue,
		"invoices": len(pairs),
		"oldest_due": oldest,
		"advance": advance,
		"co_owners": [o.name for o in owners],
	}
	return ToolResult("balance", route.arguments(), data, sources)


def history(ctx: AskContext, route: Route, lang: str) -> ToolResult:
	from syndic_maroc.finance.statements import statement_for

	owners, units = _account_targets(ctx, route)
	res = residence(ctx, route.residence)
	if not owners:
		_deny()
	owner = owners[0]
	period = route.period or year(ctx.today.year)
	until = _until(period, ctx)
	ctx_statement = statement_for(res.name, owner.name, period.start, until)
	statement = ctx_statement.statement
	rows = [
		{
			"date": row.posting_date,
			"voucher": row.voucher,
			"debit": _d(row.debit),
			"credit": _d(row.credit),
			"balance": _d(row.balance),
		}
		for row in statement.rows
	][-LIST_ROWS:]
	sources = [
		Source(
			"Sales Invoice" if r["debit"] else "Payment Entry",
			r["voucher"],
			r["voucher"],
			_url("Sales Invoice" if r["debit"] else "Payment Entry", r["voucher"])
			if ctx.is_staff
			else ("/mes-appels" if r["debit"] else "/mes-paiements"),
		)
		for r in rows
	]
	data = {
		"subject": _subject(ctx, owners, units, lang),
		"from_date": period.start,
		"to_date": until,
		"rows": rows,
		"closing": _d(statement.closing),
		"opening": _d(statement.opening),
	}
	return ToolResult("history", route.arguments(), data, sources)


def share(ctx: AskContext, route: Route, lang: str) -> ToolResult:
	"""Why a call is what it is: each line of the co-owner's invoice for the call of the period
	(category, lot, amount) with the call's amount for that line and the allocation key's weights
	(loi 18-00 art. 36: each charge is shared by its key)."""
	owners, units = _account_targets(ctx, route)
	res = residence(ctx, route.residence)
	customers = [o.customer for o in owners if o.customer]
	period = route.period
	filters = {"customer": ("in", customers or [""]), "docstatus": 1, "syndic_residence": res.name}
	if period:
		filters["posting_date"] = ("between", [period.start, period.end])
	fields = ["name", "posting_date", "grand_total", "syndic_call_for_funds", "customer"]
	if ctx.is_staff:
		invoices = frappe.get_list(
			"Sales Invoice", filters=filters, fields=fields, order_by="posting_date desc"
		)
	else:
		invoices = frappe.get_all(
			"Sales Invoice", filters=filters, fields=fields, order_by="posting_date desc"
		)
	invoices = [inv for inv in invoices if inv.syndic_call_for_funds]
	subject = _subject(ctx, owners, units, lang)
	label = period_label(period, lang) if period else ""
	if not invoices:
		return ToolResult(
			"share",
			route.arguments(),
			{"subject": subject, "period_label": label, "lines": []},
			[],
			empty=True,
		)
	call_name = invoices[0].syndic_call_for_funds
	chosen = [inv for inv in invoices if inv.syndic_call_for_funds == call_name]
	call = frappe.db.get_value(
		"Call for Funds", call_name, ["name", "period_label", "residence_budget"], as_dict=True
	)
	call_lines = {
		row.category: row
		for row in frappe.get_all(
			"Call for Funds Line",
			filters={"parent": call_name, "parenttype": "Call for Funds"},
			fields=["category", "amount", "allocation_key"],
		)
	}
	items = frappe.get_all(
		"Sales Invoice Item",
		filters={"parent": ("in", [inv.name for inv in chosen]), "parenttype": "Sales Invoice"},
		fields=["parent", "syndic_unit", "syndic_category", "amount"],
		order_by="idx asc",
	)
	if units:
		items = [it for it in items if it.syndic_unit in units]
	keys = {row.allocation_key for row in call_lines.values() if row.allocation_key}
	key_rows = {
		k.name: k
		for k in frappe.get_all(
			"Allocation Key",
			filters={"name": ("in", list(keys) or [""])},
			fields=["name", "key_name", "total_weight"],
		)
	}
	weights = defaultdict(dict)
	for w in frappe.get_all(
		"Allocation Key Unit",
		filters={"parent": ("in", list(keys) or [""]), "parenttype": "Allocation Key"},
		fields=["parent", "unit", "weight"],
	):
		weights[w.parent][w.unit] = w.weight
	unit_numbers = dict(
		frappe.get_all(
			"Unit",
			filters={"name": ("in", [it.syndic_unit for it in items] or [""])},
			fields=["name", "unit_number"],
			as_list=True,
		)
	)
	lines = []
	for it in items:
		line = call_lines.get(it.syndic_category)
		key = key_rows.get(line.allocation_key) if line else None
		key_weights = weights.get(line.allocation_key, {}) if line else {}
		lines.append(
			{
				"category_label": category_label(it.syndic_category, lang) if it.syndic_category else "",
				"unit": unit_numbers.get(it.syndic_unit, it.syndic_unit),
				"amount": _d(it.amount),
				"line_amount": _d(line.amount) if line else Decimal(0),
				"weight": Decimal(str(flt(key_weights.get(it.syndic_unit, 0), 6))),
				"key_total": Decimal(
					str(flt(sum(flt(v) for v in key_weights.values()) or (key.total_weight if key else 0), 6))
				),
				"key_name": key.key_name if key else "",
			}
		)
	total = sum((row["amount"] for row in lines), Decimal(0))
	sources = [
		Source(
			"Sales Invoice",
			inv.name,
			inv.name,
			_url("Sales Invoice", inv.name) if ctx.is_staff else "/mes-appels",
		)
		for inv in chosen
	]
	if ctx.is_staff:
		sources.append(Source("Call for Funds", call_name, call_name, _url("Call for Funds", call_name)))
	data = {
		"subject": subject,
		"period_label": label,
		"call_label": call.period_label or call_name,
		"total": total,
		"lines": lines,
		"quoted": route.quoted_amounts,
	}
	return ToolResult("share", route.arguments(), data, sources)


# --- résidence figures ---------------------------------------------------------------------


def arrears(ctx: AskContext, route: Route, lang: str) -> ToolResult:
	"""Arrears by co-owner (or unit) from finance.arrears (ERPNext receivables aged 0-30/31-60/
	61-90/90+), staff only, after the résidence's permission check (the report's own rule)."""
	from syndic_maroc.finance.arrears import arrears as arrears_of

	_staff_only(ctx)
	res = residence(ctx, route.residence)
	rows, total = arrears_of(res.name, ctx.today, by=route.by)
	rows = sorted(rows, key=lambda r: -r["total"])
	names = {}
	if route.by == "co_owner":
		names = dict(
			frappe.get_all(
				"Co-owner",
				filters={"name": ("in", [r["key"] for r in rows] or [""])},
				fields=["name", "full_name"],
				as_list=True,
			)
		)
	else:
		names = dict(
			frappe.get_all(
				"Unit",
				filters={"name": ("in", [r["key"] for r in rows] or [""])},
				fields=["name", "unit_number"],
				as_list=True,
			)
		)
	top = rows[: route.top_n]
	data = {
		"residence_label": res.label,
		"as_of": ctx.today,
		"total": _d(total["total"]),
		"overdue": _d(total["overdue"]),
		"count": len(rows),
		"shown": len(top),
		"rows": [
			{
				"rank": rank,
				"label": names.get(r["key"], r["key"]),
				"total": _d(r["total"]),
				"overdue": _d(r["overdue"]),
				"range_90_plus": _d(r["range_90_plus"]),
			}
			for rank, r in enumerate(top, start=1)
		],
		# the ageing buckets' bounds in days (core.finance.ageing), which the template writes
		"thresholds": [0, 30, 31, 60, 61, 90],
	}
	if route.ageing:
		data["buckets"] = {b: _d(total[_bucket_field(b)]) for b in core_ageing.BUCKETS}
	sources = [
		Source(
			"Report",
			"Arrears by Unit",
			_("Arrears by Unit"),
			_report_url("Arrears by Unit", residence=res.name),
		)
	]
	return ToolResult("arrears", route.arguments(), data, sources)


def _bucket_field(bucket: str) -> str:
	from syndic_maroc.finance.arrears import bucket_field

	return bucket_field(bucket)


def called_collected(ctx: AskContext, route: Route, lang: str) -> ToolResult:
	"""What the calls of the period asked (Sales Invoices posted in it) and what is collected on
	them (grand total - outstanding): the résidence's shared figures."""
	res = residence(ctx, route.residence)
	period = _period(route, ctx)
	filters = {
		"syndic_residence": res.name,
		"docstatus": 1,
		"posting_date": ("between", [period.start, _until(period, ctx)]),
	}
	fields = [
		"count(name) as invoices",
		"sum(grand_total) as called",
		"sum(outstanding_amount) as outstanding",
	]
	if ctx.is_staff:
		row = frappe.get_list("Sales Invoice", filters=filters, fields=fields)[0]
	else:
		row = frappe.get_all("Sales Invoice", filters=filters, fields=fields)[0]  # résidence totals only
	called, outstanding = _d(row.called or 0), _d(row.outstanding or 0)
	collected = called - outstanding
	rate = (collected * 100 / called).quantize(Decimal("0.1")) if called else Decimal(0)
	calls = frappe.get_all(
		"Call for Funds",
		filters={
			"residence": res.name,
			"docstatus": 1,
			"posting_date": ("between", [period.start, _until(period, ctx)]),
		},
		pluck="name",
	)
	data = {
		"residence_label": res.label,
		"period_label": period_label(period, lang),
		"invoices": int(row.invoices or 0),
		"called": called,
		"collected": collected,
		"outstanding": outstanding,
		"rate": rate,
	}
	sources = [
		Source("Call for Funds", c, c, _url("Call for Funds", c) if ctx.is_staff else "") for c in calls
	]
	return ToolResult("called_collected", route.arguments(), data, sources)


def _expense_accounts(company: str, numbers: list[str] | None) -> dict[str, frappe._dict]:
	filters = {"company": company, "is_group": 0, "account_number": ("like", f"{EXPENSE_CLASS}%")}
	if numbers:
		filters["account_number"] = ("in", numbers)
	return {
		a.name: a
		for a in frappe.get_all("Account", filters=filters, fields=["name", "account_number", "account_name"])
	}


def _shared_account(categories: list[str]) -> str | None:
	"""The account of `categories` when it is one account several budget categories share (6134:
	elevator, security and gardening contracts): spending is then told apart by supplier."""
	numbers = {cat.account_of(c) for c in categories}
	if len(numbers) != 1:
		return None
	number = numbers.pop()
	sharing = [c for c, (acc, _kind) in BUDGET_CATEGORIES.items() if acc == number]
	return number if len(sharing) > 1 else None


def _category_suppliers(categories: list[str]) -> list[str]:
	return frappe.get_all("Supplier", filters={"service_category": ("in", categories)}, pluck="name") or [""]


def _expense_entries(ctx: AskContext, res, filters: dict, suppliers: list[str]) -> list[frappe._dict]:
	"""GL Entries of `filters`, of the Purchase Invoices of `suppliers` only when given; staff read
	through get_list (their permissions), co-owners get the résidence's totals only."""
	getter = frappe.get_list if ctx.is_staff else frappe.get_all
	filters = dict(filters)
	if suppliers:
		pi_filters = {"company": res.company, "docstatus": 1, "supplier": ("in", suppliers)}
		vouchers = getter("Purchase Invoice", filters=pi_filters, pluck="name", limit_page_length=0)
		filters["voucher_no"] = ("in", vouchers or [""])
	return getter(
		"GL Entry",
		filters=filters,
		fields=["account", "posting_date", "debit", "credit", "voucher_type", "voucher_no"],
		limit_page_length=0,
	)


def spend(ctx: AskContext, route: Route, lang: str) -> ToolResult:
	"""Spending of the résidence's Company on class 6 accounts (décret 2.23.700) in the period:
	GL Entries debit - credit, by category (its account; on an account shared by several budget
	categories, 6134, only the invoices of suppliers of that service), supplier, or all, with a
	breakdown by quarter or month when asked."""
	res = residence(ctx, route.residence)
	period = _period(route, ctx)
	until = _until(period, ctx)
	numbers = sorted({cat.account_of(c) for c in route.categories}) or None
	accounts = _expense_accounts(res.company, numbers)
	filters = {
		"company": res.company,
		"is_cancelled": 0,
		"account": ("in", list(accounts) or [""]),
		"posting_date": ("between", [period.start, until]),
		"voucher_type": ("!=", "Period Closing Voucher"),
	}
	shared = _shared_account(route.categories) if not route.suppliers else None
	suppliers = list(route.suppliers) or (_category_suppliers(route.categories) if shared else [])
	entries = _expense_entries(ctx, res, filters, suppliers)
	total = sum((_d(e.debit) - _d(e.credit) for e in entries), Decimal(0))
	rows = []
	if route.breakdown:
		parts = quarters_of(period) if route.breakdown == "quarter" else months_of(period)
		for part in parts:
			amount = sum(
				(
					_d(e.debit) - _d(e.credit)
					for e in entries
					if part.start <= getdate(e.posting_date) <= part.end
				),
				Decimal(0),
			)
			rows.append({"label": period_label(part, lang), "amount": amount})
	elif not route.categories and not route.suppliers:
		by_account = defaultdict(Decimal)
		for e in entries:
			by_account[e.account] += _d(e.debit) - _d(e.credit)
		for name, amount in sorted(by_account.items(), key=lambda kv: -kv[1]):
			if amount:
				a = accounts[name]
				rows.append({"label": f"{a.account_number} {a.account_name}", "amount": amount})
	labels = [category_label(c, lang) for c in route.categories]
	labels += [frappe.db.get_value("Supplier", s, "supplier_name") or s for s in route.suppliers]
	voucher_names = sorted({e.voucher_no for e in entries if e.voucher_type == "Purchase Invoice"})
	sources = [
		Source("Purchase Invoice", v, v, _url("Purchase Invoice", v))
		for v in (voucher_names[:LIST_ROWS] if ctx.is_staff else [])
	]
	if ctx.is_staff:
		sources.append(
			Source(
				"Report",
				"General Ledger",
				_("General Ledger"),
				_report_url(
					"General Ledger", company=res.company, from_date=str(period.start), to_date=str(until)
				),
			)
		)
	data = {
		"residence_label": res.label,
		"period_label": period_label(period, lang),
		"filter_label": ", ".join(labels),
		"total": total,
		"rows": rows,
		"invoices": len(voucher_names),
		"shared_account": shared,
	}
	return ToolResult("spend", route.arguments(), data, sources)


def budget(ctx: AskContext, route: Route, lang: str) -> ToolResult:
	"""Budget vs actual by category (report budget_vs_actual_by_category) for the fiscal year of
	the period; one category's row when a category is named."""
	from syndic_maroc.finance.report.budget_vs_actual_by_category.budget_vs_actual_by_category import compute

	res = residence(ctx, route.residence)
	period = route.period or year(ctx.today.year)
	fiscal_year = frappe.db.get_value(
		"Fiscal Year",
		{"year_start_date": ("<=", period.start), "year_end_date": (">=", period.start)},
		"name",
	)
	result = compute(res.name, fiscal_year, _until(period, ctx) if period.end >= ctx.today else None)
	rows = result.rows
	single = False
	if route.categories:
		wanted = {fold_label(c) for c in route.categories}
		picked = [r for r in rows if wanted & {fold_label(x) for x in _row_categories(r)}]
		if picked:
			rows, single = picked, True
			shared = _shared_account(route.categories) if len(route.categories) == 1 else None
			if shared and result.budget:
				rows = [_category_row(ctx, res, result, route.categories[0], shared)]

	def row(r):
		return {
			"label": _row_label(r, lang),
			"budget": _d(r["budget"]),
			"actual": _d(r["actual"]),
			"variance": _d(r["variance"]),
			"variance_pct": Decimal(str(round(r["variance_pct"], 1)))
			if r.get("variance_pct") is not None
			else None,
			"overrun": bool(r["overrun"]),
		}

	data = {
		"residence_label": res.label,
		"fiscal_year": result.fiscal_year,
		"to_date": getdate(result.to_date),
		"budget_name": result.budget,
		"rows": [row(r) for r in rows],
		"total": row(result.total),
		"overruns": sum(1 for r in result.rows if r["actual"] > r["budget"]),
		"single": single,
	}
	sources = [
		Source(
			"Report",
			"Budget vs Actual by Category",
			_("Budget vs Actual by Category"),
			_report_url("Budget vs Actual by Category", residence=res.name, fiscal_year=result.fiscal_year)
			if ctx.is_staff
			else "",
		)
	]
	if result.budget and ctx.is_staff:
		sources.append(
			Source("Residence Budget", result.budget, result.budget, _url("Residence Budget", result.budget))
		)
	return ToolResult("budget", route.arguments(), data, sources)


def _category_row(ctx: AskContext, res, result, category: str, number: str) -> dict:
	"""One category's own budget vs actual on an account shared with other categories (6134): its
	budget lines, and the class 6 entries of its suppliers' invoices on that account."""
	planned = sum(
		flt(v)
		for v in frappe.get_all(
			"Residence Budget Line",
			filters={"parent": result.budget, "parenttype": "Residence Budget", "category": category},
			pluck="amount",
		)
	)
	accounts = _expense_accounts(res.company, [number])
	filters = {
		"company": res.company,
		"is_cancelled": 0,
		"account": ("in", list(accounts) or [""]),
		"posting_date": ("between", [getdate(result.from_date), getdate(result.to_date)]),
		"voucher_type": ("!=", "Period Closing Voucher"),
	}
	entries = _expense_entries(ctx, res, filters, _category_suppliers([category]))
	actual = float(sum((_d(e.debit) - _d(e.credit) for e in entries), Decimal(0)))
	variance = actual - planned
	return {
		"category": _(category),
		"key": f"category:{category}",
		"budget": planned,
		"actual": actual,
		"variance": variance,
		"variance_pct": (variance / planned * 100) if planned else None,
		"overrun": 0,
	}


def fold_label(text: str) -> str:
	from syndic_maroc.core.text import fold

	return fold(text)


def _row_categories(row: dict) -> list[str]:
	key = row.get("key") or ""
	cats = [c for c, (acc, _k) in BUDGET_CATEGORIES.items() if key in (acc, f"category:{c}")]
	return cats + [c for c in BUDGET_CATEGORIES if _(c) in (row.get("category") or "").split(" + ")]


def _row_label(row: dict, lang: str) -> str:
	cats = [c for c in BUDGET_CATEGORIES if _(c) in (row.get("category") or "").split(" + ")]
	if cats:
		return " + ".join(category_label(c, lang) for c in cats)
	return row.get("category") or ""


def open_invoices(ctx: AskContext, route: Route, lang: str) -> ToolResult:
	"""Supplier invoices of the résidence's Company still to pay, and the Incoming Documents
	(zéro saisie) waiting for review: the syndic's work queue, staff only."""
	_staff_only(ctx)
	res = residence(ctx, route.residence)
	invoices = frappe.get_list(
		"Purchase Invoice",
		filters={"company": res.company, "docstatus": 1, "outstanding_amount": (">", 0)},
		fields=["name", "supplier", "supplier_name", "due_date", "outstanding_amount"],
		order_by="due_date asc",
		limit_page_length=0,
	)
	review = []
	if frappe.db.exists("DocType", "Incoming Document") and frappe.has_permission(
		"Incoming Document", "read", user=ctx.user
	):
		review = frappe.get_list(
			"Incoming Document",
			filters={"residence": res.name, "status": ("in", ["To Review", "Extracted"])},
			fields=["name", "title", "supplier_name", "total_ttc"],
			order_by="modified desc",
			limit_page_length=0,
		)
	data = {
		"residence_label": res.label,
		"count": len(invoices),
		"total": sum((_d(i.outstanding_amount) for i in invoices), Decimal(0)),
		"rows": [
			{
				"supplier": i.supplier_name or i.supplier,
				"name": i.name,
				"due_date": getdate(i.due_date),
				"outstanding": _d(i.outstanding_amount),
			}
			for i in invoices[:LIST_ROWS]
		],
		"review_count": len(review),
		"review_rows": [
			{"name": r.name, "label": r.title or r.supplier_name or ""} for r in review[:LIST_ROWS]
		],
	}
	sources = [
		Source("Purchase Invoice", i.name, i.name, _url("Purchase Invoice", i.name))
		for i in invoices[:LIST_ROWS]
	]
	sources += [
		Source("Incoming Document", r.name, r.title or r.name, _url("Incoming Document", r.name))
		for r in review[:LIST_ROWS]
	]
	return ToolResult("open_invoices", route.arguments(), data, sources)


def next_ag(ctx: AskContext, route: Route, lang: str) -> ToolResult:
	"""The next General Assembly of the résidence (else the last one held) and its resolutions;
	"no AG recorded" when the assembly module has none (or is not installed)."""
	res = residence(ctx, route.residence)
	data = {"residence_label": res.label, "found": False}
	if not frappe.db.exists("DocType", "General Assembly"):
		return ToolResult("next_ag", route.arguments(), data, [], empty=True)
	fields = ["name", "first_meeting", "place", "status", "assembly_type"]
	filters = {"residence": res.name, "status": ("!=", "Cancelled")}
	# The assembly module's own permission hooks decide (staff: roles; co-owners: their résidence).
	getter = frappe.get_list if ctx.is_staff else frappe.get_all
	upcoming = getter(
		"General Assembly",
		filters={**filters, "first_meeting": (">=", ctx.today)},
		fields=fields,
		order_by="first_meeting asc",
		limit_page_length=1,
	)
	past = getter(
		"General Assembly",
		filters={**filters, "first_meeting": ("<", ctx.today)},
		fields=fields,
		order_by="first_meeting desc",
		limit_page_length=1,
	)
	ag = (upcoming or past or [None])[0]
	if not ag:
		return ToolResult("next_ag", route.arguments(), data, [], empty=True)
	resolutions = frappe.get_all(
		"Assembly Resolution",
		filters={"parent": ag.name, "parenttype": "General Assembly"},
		fields=["title", "result", "vote_status"],
		order_by="idx asc",
	)
	results = (
		{"Adopted": "adoptée", "Lost": "rejetée"}
		if lang != "ar"
		else {"Adopted": "مصادق عليه", "Lost": "مرفوض"}
	)
	data.update(
		found=True,
		date=getdate(ag.first_meeting),
		place=ag.place or "",
		title=("الجمع العام" if lang == "ar" else "Assemblée générale")
		+ (f" ({ag.name})" if ctx.is_staff else ""),
		upcoming=bool(upcoming),
		decisions=[
			f"{r.title}" + (f" : {results.get(r.result, r.result)}" if r.result else "") for r in resolutions
		],
	)
	sources = [
		Source(
			"General Assembly", ag.name, ag.name, _url("General Assembly", ag.name) if ctx.is_staff else ""
		)
	]
	return ToolResult("next_ag", route.arguments(), data, sources)


def registry(ctx: AskContext, route: Route, lang: str) -> ToolResult:
	"""Counts of the résidence (lots, co-owners, tantièmes) and, for a co-owner, their own lots."""
	res = residence(ctx, route.residence)
	getter = frappe.get_list if ctx.is_staff else frappe.get_all  # counts are shared figures
	units = getter(
		"Unit",
		filters={"residence": res.name},
		fields=["name", "unit_number", "co_owner", "tantiemes"],
		limit_page_length=0,
	)
	total = frappe.db.get_value("Residence", res.name, "total_tantiemes")
	data = {
		"residence_label": res.label,
		"units": len(units),
		"co_owners": len({u.co_owner for u in units if u.co_owner}),
		"total_tantiemes": Decimal(str(flt(total))),
	}
	own = set(ctx.co_owner_names)
	mine = [u for u in units if u.co_owner in own]
	if route.units and ctx.is_staff:
		mine = [u for u in units if u.name in route.units]
	if mine:
		data["own_units"] = [
			{"unit": u.unit_number, "tantiemes": Decimal(str(flt(u.tantiemes)))} for u in mine
		]
		data["own_tantiemes"] = sum((row["tantiemes"] for row in data["own_units"]), Decimal(0))
	sources = [
		Source(
			"Residence", res.name, res.label, _url("Residence", res.name) if ctx.is_staff else "/mon-espace"
		)
	]
	return ToolResult("registry", route.arguments(), data, sources)


TOOLS = {
	I.BALANCE: balance,
	I.HISTORY: history,
	I.SHARE: share,
	I.ARREARS: arrears,
	I.CALLED_COLLECTED: called_collected,
	I.SPEND: spend,
	I.BUDGET: budget,
	I.OPEN_INVOICES: open_invoices,
	I.NEXT_AG: next_ag,
	I.REGISTRY: registry,
}

# JSON schemas of the tools for Ollama's tool calling (/api/chat `tools`): the LLM picks a tool and
# its arguments; the router's own entity resolution then checks them against the registry.
TOOL_SCHEMAS = [
	{
		"type": "function",
		"function": {
			"name": name,
			"description": (fn.__doc__ or name).strip().split("\n")[0],
			"parameters": {
				"type": "object",
				"properties": {
					"residence": {"type": "string", "description": "résidence name"},
					"lot": {"type": "string", "description": "lot number, e.g. B-12"},
					"co_owner": {"type": "string", "description": "co-owner name"},
					"category": {"type": "string", "description": "expense category"},
					"supplier": {"type": "string", "description": "supplier name"},
					"period": {
						"type": "string",
						"description": "period as written: 2026, 2e trimestre, mars 2026",
					},
				},
			},
		},
	}
	for name, fn in TOOLS.items()
]


def run(ctx: AskContext, route: Route, lang: str) -> ToolResult:
	tool = TOOLS[route.intent]
	return tool(ctx, route, lang)

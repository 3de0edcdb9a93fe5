"""Frappe and ERPNext whitelisted methods that answer without a permission check, replaced
through hooks.py `override_whitelisted_methods` (issue 10: the isolation of co-owners and staff).

Each version checks read permission on what it reads (``frappe.has_permission`` with the
document, so User Permissions apply; lists go through ``frappe.get_list``, so match conditions
apply), refuses Guests and website users where the method is a desk one, and never lets the
caller lift a check (``ignore_account_permission``, ``ignore_user_permissions``; Frappe
itself drops ``ignore_permissions`` from requests). Where Frappe's own method is checked, it is called as is.
The gate (syndic_maroc.utils.method_gate) refuses the originals reached under another name.
The list, with the reason for each, is in tests/site/security/whitelisted_methods.tsv.
"""

import inspect
import json

import frappe
from erpnext.accounts import utils as _account_utils
from erpnext.accounts.doctype.payment_request import payment_request as _payment_request
from erpnext.selling.doctype.customer import customer as _customer
from frappe import _
from frappe.desk import listview as _listview
from frappe.desk import search as _search
from frappe.utils import cint, get_safe_filters

from syndic_maroc.utils.method_gate import check_callable, refuse_outsiders, resolve


def _forward(original, kwargs: dict, **forced):
	"""Call `original` with the arguments it accepts from `kwargs`, `forced` winning."""
	params = inspect.signature(inspect.unwrap(original)).parameters
	args = {k: v for k, v in kwargs.items() if k in params}
	args.update(forced)
	return original(**args)


def _read(doctype: str, name: str | None = None) -> None:
	if not frappe.has_permission(doctype, "read", doc=name):
		frappe.throw(_("No permission for {0}").format(_(doctype)), frappe.PermissionError)


# frappe.client ---------------------------------------------------------------------------


@frappe.whitelist()
def get_count(
	doctype: str, filters: str | dict | list | None = None, debug: bool = False, cache: bool = False
) -> int:
	"""frappe.client.get_count counted any table with any filter (a CIN rebuilt letter by letter):
	here the count of what frappe.get_list would show this user."""
	refuse_outsiders()
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[f"count(`tab{doctype}`.`name`) as total"],
		order_by=None,
		limit_page_length=0,
	)
	return cint(rows[0].total) if rows else 0


# frappe.desk -----------------------------------------------------------------------------


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""For `assigned_to`, Frappe filtered the records without permission: same answer from
	the records this user may list."""
	refuse_outsiders()
	if field != "assigned_to":
		return _listview.get_group_by_count(doctype, current_filters, field)
	_read(doctype)
	names = frappe.get_list(doctype, filters=frappe.parse_json(current_filters), pluck="name", limit=0)
	if not names:
		return []
	todo, user = frappe.qb.DocType("ToDo"), frappe.qb.DocType("User")
	count = frappe.query_builder.functions.Count("*").as_("count")
	return (
		frappe.qb.from_(todo)
		.join(user)
		.on(todo.allocated_to == user.name)
		.select(todo.allocated_to.as_("name"), count)
		.where(
			(todo.status != "Cancelled")
			& (user.user_type == "System User")
			& (todo.reference_type == doctype)
			& (todo.reference_name.isin(names))
		)
		.groupby(todo.allocated_to)
		.orderby(count, order=frappe.qb.desc)
		.limit(50)
		.run(as_dict=True)
	)


def _vetted_query(query: str | None) -> str | None:
	"""A custom search `query` is any whitelisted function: the same rules as a direct call,
	and our override where there is one."""
	if not query:
		return query
	fn = resolve(query)
	if fn is None:
		frappe.throw(_("You are not permitted to call this method."), frappe.PermissionError)
	check_callable(query, fn)
	return frappe.override_whitelisted_method(query)


def _ignore_user_permissions(doctype: str, reference_doctype: str | None, asked) -> bool:
	"""Honoured only for a link field of `reference_doctype` set to ignore User Permissions
	(the desk sends it for those); a caller's flag alone would lift the résidence scoping."""
	if not cint(asked) or not reference_doctype:
		return False
	try:
		meta = frappe.get_meta(reference_doctype)
	except frappe.DoesNotExistError:
		return False
	return any(df.options == doctype and df.ignore_user_permissions for df in meta.get_link_fields())


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
) -> list:
	refuse_outsiders()
	return _search.search_link(
		doctype,
		txt,
		query=_vetted_query(query),
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=_ignore_user_permissions(doctype, reference_doctype, ignore_user_permissions),
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | dict | list | None = None,
	filter_fields: str | list | None = None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	refuse_outsiders()
	return _search.search_widget(
		doctype,
		txt,
		query=_vetted_query(query),
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=_ignore_user_permissions(doctype, reference_doctype, ignore_user_permissions),
	)


# erpnext.accounts ------------------------------------------------------------------------


@frappe.whitelist()
def get_balance_on(
	account: str | None = None,
	date: str | None = None,
	party_type: str | None = None,
	party: str | None = None,
	company: str | None = None,
	in_account_currency: bool = True,
	cost_center: str | None = None,
	ignore_account_permission: bool = False,
	account_type: str | None = None,
	start_date: str | None = None,
):
	"""ERPNext answered any party's balance, and any company's balance by account type, and
	took `ignore_account_permission` from the request."""
	refuse_outsiders()
	if not (account or (party_type and party) or (account_type and company)):
		frappe.throw(_("Give an account, a party or a company and an account type."))
	if account:
		_read("Account", account)
	if party_type or party:
		if not (party_type and party and frappe.db.exists("Party Type", party_type)):
			frappe.throw(_("Give a party type and a party."))
		_read(party_type, party)
	if company:
		_read("Company", company)
	if cost_center:
		_read("Cost Center", cost_center)
	return _account_utils.get_balance_on(
		account=account,
		date=date,
		party_type=party_type,
		party=party,
		company=company,
		in_account_currency=in_account_currency,
		cost_center=cost_center,
		ignore_account_permission=False,
		account_type=account_type,
		start_date=start_date,
	)


@frappe.whitelist()
def get_account_balances(accounts: str | list, company: str):
	refuse_outsiders()
	_read("Company", company)
	return _account_utils.get_account_balances(accounts, company)


@frappe.whitelist()
def get_company_default(company: str, fieldname: str, ignore_validation: bool = False):
	"""Any field of any company, unchecked in ERPNext."""
	refuse_outsiders()
	_read("Company", company)
	return _account_utils.get_company_default(company, fieldname, ignore_validation=ignore_validation)


@frappe.whitelist()
def make_payment_request(**kwargs):
	"""Open to Guests in ERPNext: a Payment Request from any invoice name, returned whole."""
	refuse_outsiders()
	dt, dn = kwargs.get("dt"), kwargs.get("dn")
	if not (dt and dn):
		frappe.throw(_("Give the document."))
	_read(dt, dn)
	if not frappe.has_permission("Payment Request", "create"):
		frappe.throw(_("No permission for {0}").format(_("Payment Request")), frappe.PermissionError)
	return _forward(_payment_request.make_payment_request, kwargs)


@frappe.whitelist()
def resend_payment_email(docname: str):
	refuse_outsiders()
	_read("Payment Request", docname)
	return _payment_request.resend_payment_email(docname)


# erpnext.selling -------------------------------------------------------------------------


@frappe.whitelist()
def get_customer_primary_contact(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: str | dict | None
):
	"""The contacts (and e-mails) of any customer, unchecked in ERPNext."""
	refuse_outsiders()
	filters = json.loads(filters) if isinstance(filters, str) else (filters or {})
	customer = filters.get("customer")
	if not customer:
		return []
	_read("Customer", customer)
	_read("Contact")
	return _customer.get_customer_primary_contact(doctype, txt, searchfield, start, page_len, filters)

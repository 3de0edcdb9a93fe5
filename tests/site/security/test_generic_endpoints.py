"""Frappe's and ERPNext's generic endpoints over real HTTP (issue 10): what a Guest, a co-owner
of one résidence and an accountant scoped to one company can read of another party's data.
Each refused call answers 403 with a clear message and no traceback (conftest.Client checks
every 4xx/5xx body)."""

import json

import pytest

pytestmark = pytest.mark.site

BALANCE_ALIASES = (
	"erpnext.accounts.doctype.payment_entry.payment_entry.get_balance_on",
	"erpnext.accounts.doctype.journal_entry.journal_entry.get_balance_on",
	"erpnext.accounts.report.account_balance.account_balance.get_balance_on",
	"erpnext.setup.doctype.email_digest.email_digest.get_balance_on",
)


def _refused(r):
	assert r.status_code == 403, f"{r.status_code}: {r.text[:300]}"
	body = r.json()
	messages = body.get("_server_messages") or [e.get("message") for e in body.get("errors") or []]
	assert messages and all(messages), f"no message in {body}"


def test_the_cin_by_get_count_attack_fails(clients, parties, site):
	"""The attack of the issue: co-owner A rebuilt co-owner C's CIN letter by letter with
	frappe.client.get_count on `tabCo-owner`; every door to that count is now closed to him."""
	cin = site.db.get_value("Co-owner", parties["c"].co_owner, "cin") or "A"
	a = clients["a"]
	filters = json.dumps([["Co-owner", "cin", "like", f"{cin[0]}%"], ["name", "=", parties["c"].co_owner]])
	for method, params in (
		("frappe.client.get_count", {"doctype": "Co-owner", "filters": filters}),
		("frappe.desk.reportview.get_count", {"doctype": "Co-owner", "filters": filters}),
		("frappe.client.get_list", {"doctype": "Co-owner", "filters": filters, "fields": '["cin"]'}),
		("frappe.client.get_value", {"doctype": "Co-owner", "fieldname": "cin", "filters": filters}),
		(
			"frappe.desk.listview.get_group_by_count",
			{"doctype": "Co-owner", "current_filters": filters, "field": "assigned_to"},
		),
		("frappe.desk.reportview.get_sidebar_stats", {"doctype": "Co-owner", "stats": '["cin"]'}),
		("frappe.desk.search.search_link", {"doctype": "Co-owner", "txt": cin[:2]}),
		("frappe.desk.form.load.getdoc", {"doctype": "Co-owner", "name": parties["c"].co_owner}),
		("frappe.client.get", {"doctype": "Co-owner", "name": parties["c"].co_owner}),
		(
			"frappe.client.validate_link",
			{"doctype": "Co-owner", "docname": parties["c"].co_owner, "fields": '["cin"]'},
		),
	):
		_refused(a.call(method, **params))
	# as Guest too, and through /api/v2
	_refused(clients["guest"].call("frappe.client.get_count", doctype="Co-owner", filters=filters))
	_refused(a.get("/api/v2/method/frappe.client.get_count", doctype="Co-owner", filters=filters))
	r = a.get("/api/v2/doctype/Co-owner/count")
	assert r.status_code == 403, r.text[:300]


def test_get_count_for_staff_applies_user_permissions(clients, parties, site):
	"""A staff user may count, but only what frappe.get_list shows him: his company's invoices."""
	acc = clients["acc"]
	other = parties["c"].company
	total_other = site.db.count("Sales Invoice", {"company": other})
	r = acc.call("frappe.client.get_count", doctype="Sales Invoice", filters=json.dumps({"company": other}))
	assert r.status_code == 200, r.text[:300]
	assert r.json()["message"] == 0
	own = parties["acc"].company
	r = acc.call("frappe.client.get_count", doctype="Sales Invoice", filters=json.dumps({"company": own}))
	assert r.json()["message"] == site.db.count("Sales Invoice", {"company": own})
	assert total_other > 0 or site.db.count("Sales Invoice", {"company": own}) > 0


def test_balances_of_another_party_or_company_are_refused(clients, parties, site):
	a, acc = clients["a"], clients["acc"]
	other_customer = parties["c"].customer
	# a co-owner asks for another co-owner's balance, and for the syndicat's receivables
	_refused(a.call("erpnext.accounts.utils.get_balance_on", party_type="Customer", party=other_customer))
	_refused(
		a.call(
			"erpnext.accounts.utils.get_balance_on",
			company=parties["c"].company,
			account_type="Receivable",
		)
	)
	for alias in BALANCE_ALIASES:
		_refused(a.call(alias, party_type="Customer", party=other_customer))
		_refused(acc.call(alias, company=parties["acc"].company, account_type="Bank"))
	# the accountant of résidence 1: his company answers, the other one does not
	r = acc.call(
		"erpnext.accounts.utils.get_balance_on", company=parties["acc"].company, account_type="Receivable"
	)
	assert r.status_code == 200, r.text[:300]
	_refused(
		acc.call(
			"erpnext.accounts.utils.get_balance_on", company=parties["c"].company, account_type="Receivable"
		)
	)
	_refused(
		acc.call(
			"erpnext.accounts.utils.get_balance_on",
			company=parties["acc"].company,
			account_type="Receivable",
			ignore_account_permission=1,
			account=site.db.get_value("Account", {"company": parties["c"].company, "is_group": 0}),
		)
	)
	_refused(
		acc.call(
			"erpnext.accounts.utils.get_company_default", company=parties["c"].company, fieldname="tax_id"
		)
	)


def test_guest_cannot_make_a_payment_request_from_an_invoice_name(clients, parties, site):
	"""ERPNext opens make_payment_request to Guests: it returned the invoice's amount,
	customer and e-mail for any invoice name."""
	invoice = site.db.get_value("Sales Invoice", {"customer": parties["c"].customer, "docstatus": 1})
	for client in (clients["guest"], clients["a"]):
		for method in (
			"erpnext.accounts.doctype.payment_request.payment_request.make_payment_request",
			"erpnext.accounts.doctype.pos_invoice.pos_invoice.make_payment_request",
		):
			r = client.call(method, dt="Sales Invoice", dn=invoice or "ACC-SINV-2026-00001", return_doc=1)
			assert r.status_code == 403, r.text[:300]
			assert (parties["c"].customer or "-") not in r.text


def test_search_query_cannot_reach_an_unchecked_function(clients, parties):
	"""search_link's `query` calls any whitelisted function: the gate applies to it."""
	acc = clients["acc"]
	r = acc.call(
		"frappe.desk.search.search_link",
		doctype="Contact",
		txt="",
		query="erpnext.accounts.doctype.payment_entry.payment_entry.get_balance_on",
	)
	_refused(r)
	# `ignore_user_permissions` from the request no longer lifts the scoping
	r = acc.call("frappe.desk.search.search_link", doctype="Company", txt="", ignore_user_permissions=1)
	assert r.status_code == 200, r.text[:300]
	names = {row["value"] for row in r.json()["message"]}
	assert parties["c"].company not in names


def test_a_co_owner_is_refused_desk_methods_but_keeps_his_portal(clients, parties):
	a = clients["a"]
	for method, params in (
		("frappe.desk.query_report.run", {"report_name": "Accounts Receivable", "filters": "{}"}),
		("frappe.desk.reportview.get", {"doctype": "Sales Invoice", "fields": '["name"]'}),
		("frappe.client.get_list", {"doctype": "Sales Invoice", "fields": '["name","customer"]'}),
		("erpnext.accounts.party.get_party_details", {"party": parties["c"].customer}),
		("run_doc_method", {"dt": "Co-owner", "dn": parties["c"].co_owner, "method": "create_portal_user"}),
		("frappe.desk.form.load.getdoctype", {"doctype": "Co-owner"}),
	):
		_refused(a.call(method, **params))
	assert a.get("/mon-espace").status_code == 200
	assert a.call("frappe.auth.get_logged_user").json()["message"] == parties["a"].user


def test_security_headers_on_every_answer(clients):
	for r in (
		clients["guest"].get("/login"),
		clients["guest"].call("frappe.client.get_count", doctype="User"),
	):
		assert r.headers["X-Frame-Options"] == "SAMEORIGIN"
		assert "frame-ancestors 'self'" in r.headers["Content-Security-Policy"]
		assert r.headers["X-Content-Type-Options"] == "nosniff"
		assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_server_errors_carry_no_traceback(clients, site):
	"""A method that fails inside (missing argument, bad JSON) answers with a message only,
	for Guests and logged-in users, and System Settings keep tracebacks off."""
	assert not site.db.get_single_value("System Settings", "allow_error_traceback")
	for client in (clients["guest"], clients["a"], clients["acc"]):
		r = client.call("frappe.realtime.can_subscribe_doc")
		assert r.status_code >= 400
		r = client.call("frappe.www.list.get", doctype="No Such Doctype")
		assert r.status_code >= 400
	r = clients["acc"].call("frappe.client.get_count", doctype="Sales Invoice", filters="{not json")
	assert r.status_code >= 400


DATA_DOCTYPES = (
	"Co-owner",
	"Customer",
	"Contact",
	"Address",
	"Sales Invoice",
	"Payment Entry",
	"GL Entry",
	"Dunning",
	"File",
	"Communication",
	"Unit",
	"Residence",
)


def test_rest_resources_show_a_co_owner_nothing_of_others(clients, parties, site):
	"""/api/resource (v1) and /api/v2/document: a co-owner lists none of these DocTypes and reads
	no other co-owner's record (Frappe's own permission checks, kept)."""
	a = clients["a"]
	leaks = []
	for doctype in DATA_DOCTYPES:
		for path in (f"/api/resource/{doctype}", f"/api/v2/document/{doctype}"):
			r = a.get(path, fields='["name"]', limit_page_length=500)
			if r.status_code == 200 and r.json().get("data"):
				leaks.append(f"{path}: {len(r.json()['data'])} rows")
	other = parties["c"]
	invoice = site.db.get_value("Sales Invoice", {"customer": other.customer, "docstatus": 1})
	for doctype, name in (
		("Co-owner", other.co_owner),
		("Customer", other.customer),
		("Sales Invoice", invoice),
	):
		if not name:
			continue
		for path in (f"/api/resource/{doctype}/{name}", f"/api/v2/document/{doctype}/{name}"):
			r = a.get(path)
			if r.status_code == 200:
				leaks.append(f"{path}: readable")
	assert not leaks, leaks

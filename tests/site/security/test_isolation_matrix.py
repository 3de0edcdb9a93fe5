"""The isolation matrix (issue 10), portal side: every whitelisted method of the app, the app's
DocTypes and the ERPNext DocTypes a co-owner's data lives in (REST v1 and v2), every portal page,
every PDF endpoint and a private file, called over real HTTP as Guest, co-owner A (résidence 1),
co-owner B (résidence 1) and co-owner C (résidence 2), each time with another party's names (and
with guessed ones). `EXPECTED` says, per endpoint, what an outsider may get:

- "deny": no 2xx answer at all;
- "own": the method answers about the caller only (his language, his assemblies, his assistant):
  any status, but nothing of the other party (ids, name, CIN, e-mail, phone, invoice numbers).

Every answer, denied or not, is searched for the other party's identifiers. The run prints the
number of calls and of leaks (0). A whitelisted method of the app missing from `EXPECTED` fails the
test until it is added. The staff side: the accountants of résidence 1 and of résidence 2 (User
Permissions on their Residence and Company), each with the other's names.
"""

from __future__ import annotations

import pytest

from tests.site.security.test_own_methods import own_functions

pytestmark = pytest.mark.site

EXPECTED = {
	# annual pack, injunction, statements (desk): staff only
	"syndic_maroc.api.annual_pack.download_pdf": "deny",
	"syndic_maroc.api.annual_pack.download_xlsx": "deny",
	"syndic_maroc.api.annual_pack.request": "deny",
	"syndic_maroc.api.injunction.download": "deny",
	"syndic_maroc.api.injunction.summary": "deny",
	"syndic_maroc.api.statements.quitus_pdf": "deny",
	"syndic_maroc.api.statements.statement_pdf": "deny",
	# collections, registry (desk)
	"syndic_maroc.api.collections.apply_advances": "deny",
	"syndic_maroc.api.collections.co_owner_query": "deny",
	"syndic_maroc.api.collections.make_payment": "deny",
	"syndic_maroc.api.registry.co_owner_figures": "deny",
	"syndic_maroc.api.registry.co_owner_query": "deny",
	"syndic_maroc.api.registry.residence_figures": "deny",
	"syndic_maroc.api.registry.unit_query": "deny",
	# intake (desk)
	"syndic_maroc.api.intake.approve": "deny",
	"syndic_maroc.api.intake.create_supplier": "deny",
	"syndic_maroc.api.intake.read_again": "deny",
	"syndic_maroc.api.intake.reject": "deny",
	"syndic_maroc.api.intake.retry_llm": "deny",
	"syndic_maroc.api.intake.status": "own",  # frappe.get_list: nothing for a co-owner
	"syndic_maroc.api.intake.upload_files": "own",  # no File of the caller's: nothing made
	# general assembly: desk, then the co-owner's own
	"syndic_maroc.api.assembly.check_in": "deny",
	"syndic_maroc.api.assembly.close_session": "deny",
	"syndic_maroc.api.assembly.close_vote": "deny",
	"syndic_maroc.api.assembly.convene": "deny",
	"syndic_maroc.api.assembly.depart": "deny",
	"syndic_maroc.api.assembly.live_state": "deny",
	"syndic_maroc.api.assembly.load_attendance": "deny",
	"syndic_maroc.api.assembly.open_meeting": "deny",
	"syndic_maroc.api.assembly.open_vote": "deny",
	"syndic_maroc.api.assembly.override_admission": "deny",
	"syndic_maroc.api.assembly.record_pv_notification": "deny",
	"syndic_maroc.api.assembly.vote": "deny",
	"syndic_maroc.api.assembly.vote_bulk": "deny",
	"syndic_maroc.api.assembly.my_assemblies": "own",
	"syndic_maroc.api.assembly.portal_assembly": "deny",  # another résidence's assembly
	"syndic_maroc.api.assembly.portal_vote": "deny",
	"syndic_maroc.api.assembly.portal_give_proxy": "deny",
	"syndic_maroc.api.assembly.portal_propose_item": "deny",
	"syndic_maroc.api.assembly.portal_convocation_pdf": "deny",
	"syndic_maroc.api.assembly.portal_document": "deny",
	"syndic_maroc.api.assembly.attach_documents": "deny",
	# assistant: the caller's own conversation
	"syndic_maroc.api.assistant.ask": "own",
	"syndic_maroc.api.assistant.clear": "own",
	"syndic_maroc.api.assistant.history": "own",
	"syndic_maroc.api.assistant.residences": "own",
	"syndic_maroc.api.assistant.document": "deny",
	# oversight (desk)
	"syndic_maroc.api.oversight.co_owner_risk": "deny",
	"syndic_maroc.api.oversight.card_arrears": "deny",
	"syndic_maroc.api.oversight.card_bank_cover": "deny",
	"syndic_maroc.api.oversight.card_collection_rate_quarter": "deny",
	"syndic_maroc.api.oversight.card_collection_rate_year": "deny",
	"syndic_maroc.api.oversight.card_incoming_to_review": "deny",
	"syndic_maroc.api.oversight.chart_arrears_ageing": "deny",
	"syndic_maroc.api.oversight.chart_budget_consumption": "deny",
	# operations (maintenance requests): desk, then the co-owner's own requests
	"syndic_maroc.api.operations.make_purchase_order": "deny",
	"syndic_maroc.api.operations.make_rfq": "deny",
	"syndic_maroc.api.operations.portal_requests": "own",
	"syndic_maroc.api.operations.portal_request": "deny",
	"syndic_maroc.api.operations.portal_file_request": "deny",  # in a résidence he owns nothing in
	"syndic_maroc.api.operations.portal_comment": "deny",
	"syndic_maroc.api.operations.portal_photo": "deny",
	"syndic_maroc.api.operations.portal_invoice": "deny",
	"syndic_maroc.api.operations.portal_documents": "own",  # the résidence documents shared with him
	"syndic_maroc.api.operations.portal_document_file": "deny",
	"syndic_maroc.api.operations.portal_announcements": "own",  # his résidences' announcements
	# portal
	"syndic_maroc.api.portal.set_language": "own",
	"syndic_maroc.api.portal.call_notice_pdf": "deny",
	"syndic_maroc.api.portal.receipt_pdf": "deny",
	"syndic_maroc.api.portal.statement_pdf": "deny",
	"syndic_maroc.api.portal.quitus_pdf": "deny",
	# our versions of Frappe's/ERPNext's methods: desk only
	"syndic_maroc.api.frappe_overrides.get_account_balances": "deny",
	"syndic_maroc.api.frappe_overrides.get_balance_on": "deny",
	"syndic_maroc.api.frappe_overrides.get_company_default": "deny",
	"syndic_maroc.api.frappe_overrides.get_count": "deny",
	"syndic_maroc.api.frappe_overrides.get_customer_primary_contact": "deny",
	"syndic_maroc.api.frappe_overrides.get_group_by_count": "deny",
	"syndic_maroc.api.frappe_overrides.make_payment_request": "deny",
	"syndic_maroc.api.frappe_overrides.resend_payment_email": "deny",
	"syndic_maroc.api.frappe_overrides.search_link": "deny",
	"syndic_maroc.api.frappe_overrides.search_widget": "deny",
	# PDF renderer (Frappe's download_pdf / report_to_pdf): print permission of the document
	"syndic_maroc.api.pdf.download_pdf": "deny",
	"syndic_maroc.api.pdf.report_to_pdf": "deny",
}

DOCTYPES = (
	# the app's, where a co-owner's data lives
	"Co-owner",
	"Unit",
	"Residence",
	"Call for Funds",
	"Payment Batch",
	"Incoming Document",
	"General Assembly",
	# ERPNext's and Frappe's
	"Customer",
	"Contact",
	"Address",
	"Sales Invoice",
	"Payment Entry",
	"GL Entry",
	"Dunning",
	"File",
	"Communication",
	"Payment Request",
)
PAGES = ("/mon-espace", "/mes-appels", "/mes-paiements", "/mon-releve", "/mon-assistant")


def _values(frappe, party) -> dict:
	"""Argument values that name `party`'s things (the victim of a call)."""
	invoice = frappe.db.get_value("Sales Invoice", {"customer": party.customer, "docstatus": 1}, "name")
	payment = frappe.db.get_value(
		"Payment Entry", {"party_type": "Customer", "party": party.customer, "docstatus": 1}, "name"
	)
	assembly = (
		frappe.db.get_value("General Assembly", {"residence": party.residence}, "name")
		if (frappe.db.table_exists("General Assembly"))
		else None
	)
	fiscal_year = frappe.db.get_value("Fiscal Year", {}, "name", order_by="year_start_date desc")
	return {
		"residence": party.residence,
		"co_owner": party.co_owner,
		"customer": party.customer,
		"party": party.customer,
		"party_type": "Customer",
		"company": party.company,
		"invoice": invoice or "ACC-SINV-2026-00001",
		"payment_entry": payment or "ACC-PAY-2026-00001",
		"name": assembly or "AG-2026-0001",
		"names": "[]",
		"file_names": "[]",
		"fiscal_year": fiscal_year,
		"from_date": "2020-01-01",
		"to_date": "2030-12-31",
		"as_of": "2030-12-31",
		"doctype": "Co-owner",
		"dt": "Sales Invoice",
		"dn": invoice or "ACC-SINV-2026-00001",
		"docname": invoice or "ACC-SINV-2026-00001",
		"txt": "",
		"searchfield": "name",
		"start": 0,
		"page_len": 20,
		"filters": f'{{"residence": "{party.residence}", "customer": "{party.customer}"}}',
		"current_filters": "[]",
		"field": "assigned_to",
		"fieldname": "tax_id",
		"accounts": "[]",
		"question": f"Quel est le solde de {party.co_owner} ({party.customer}) ?",
		"lang": "fr",
		"resolution": "1",
		"choice": "For",
		"meeting": 1,
		"reason": "test",
		"title": "test",
		"proxy_file": "/private/files/none.pdf",
		"channel": "Email",
		"notified_on": "2026-01-01",
		"status": "Present",
		"subject": "test",
	}


def _secrets(frappe, party) -> list[str]:
	row = frappe.db.get_value(
		"Co-owner", party.co_owner, ["full_name", "cin", "email", "phone"], as_dict=True
	)
	invoices = frappe.get_all("Sales Invoice", {"customer": party.customer}, pluck="name", limit=5)
	values = [party.co_owner, party.customer, row.full_name, row.cin, row.email, row.phone, *invoices]
	return [v for v in values if v and len(str(v)) >= 6]


def _verb(method: str) -> str:
	"""GET where the method takes it (so a GET-only one is really run), else POST."""
	import frappe

	fn = frappe.get_attr(method)
	return "GET" if "GET" in (frappe.allowed_http_methods_for_whitelisted_func.get(fn) or []) else "POST"


def _params(method: str, values: dict) -> dict:
	import inspect

	import frappe

	fn = inspect.unwrap(frappe.get_attr(method))
	return {p: values.get(p, "x") for p in inspect.signature(fn).parameters if p not in ("args", "kwargs")}


@pytest.fixture(scope="module")
def private_file(site, parties):
	"""A private file of co-owner C's (a scan attached to one of his invoices)."""
	frappe = site
	invoice = frappe.db.get_value("Sales Invoice", {"customer": parties["c"].customer, "docstatus": 1})
	if not invoice:
		pytest.skip("co-owner C has no invoice")
	doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "releve-secret-c.txt",
			"is_private": 1,
			"content": b"secret of co-owner C",
			"attached_to_doctype": "Sales Invoice",
			"attached_to_name": invoice,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	yield doc.file_url
	frappe.delete_doc("File", doc.name, force=True, ignore_permissions=True)
	frappe.db.commit()


@pytest.fixture(scope="module")
def party_b(site, parties):
	"""Co-owner B: another co-owner of résidence 1, with a portal user."""
	import uuid

	from frappe.utils.password import update_password

	from tests.site.security.conftest import Party, _make_user, _password

	frappe = site
	a = parties["a"]
	co_owner = frappe.db.sql(
		"""select min(u.co_owner) from `tabUnit` u where u.residence = %s and u.co_owner != %s
		and not exists (select 1 from `tabUnit` o where o.co_owner = u.co_owner and o.residence != u.residence)""",
		(a.residence, a.co_owner),
	)[0][0]
	if not co_owner:
		pytest.skip("résidence 1 needs a second co-owner")
	user = _make_user(frappe, f"sec-b-{uuid.uuid4().hex[:6]}@example.com", website=True, roles=["Co-owner"])
	pwd = _password()
	update_password(user, pwd)
	frappe.db.set_value("Co-owner", co_owner, "portal_user", user, update_modified=False)
	frappe.db.commit()
	yield Party(
		user,
		pwd,
		residence=a.residence,
		company=a.company,
		co_owner=co_owner,
		customer=frappe.db.get_value("Co-owner", co_owner, "customer"),
	)
	frappe.db.set_value("Co-owner", co_owner, "portal_user", None, update_modified=False)
	frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_every_method_of_the_app_has_its_expected_answer():
	missing = sorted(set(own_functions()) - set(EXPECTED))
	assert not missing, f"add these whitelisted methods to EXPECTED: {missing}"


def test_the_isolation_matrix(site, server, parties, party_b, private_file, clients):
	from tests.site.security.conftest import Client

	frappe = site
	b = Client(server.base, party_b)
	callers = {"Guest": clients["guest"], "A": clients["a"], "B": b, "C": clients["c"]}
	victims = {"A": parties["c"], "B": parties["a"], "C": parties["a"], "Guest": parties["a"]}
	calls, leaks = 0, []

	def check(who, what, r, expected, secrets):
		nonlocal calls
		calls += 1
		body = r.text
		found = [s for s in secrets if s in body]
		if found:
			leaks.append(f"{who} {what}: {r.status_code} shows {found[:3]}")
		elif expected == "deny" and r.status_code < 300:
			leaks.append(f"{who} {what}: {r.status_code}")

	for who, client in callers.items():
		victim = victims[who]
		values, secrets = _values(frappe, victim), _secrets(frappe, victim)
		# every whitelisted method of the app, with the victim's names
		for method in sorted(EXPECTED):
			params = _params(method, values)
			check(who, method, client.call(method, http=_verb(method), **params), EXPECTED[method], secrets)
		# REST, lists and the victim's documents (and guessed names)
		for doctype in DOCTYPES:
			for path in (f"/api/resource/{doctype}", f"/api/v2/document/{doctype}"):
				r = client.get(path, fields='["*"]', limit_page_length=50)
				has_rows = r.status_code == 200 and bool(r.json().get("data"))
				check(who, path, r if has_rows else _Denied(r), "deny", secrets)
		for doctype, name in (
			("Co-owner", victim.co_owner),
			("Customer", victim.customer),
			("Sales Invoice", values["invoice"]),
			("Payment Entry", values["payment_entry"]),
			("Co-owner", "COP-00099"),
		):
			for path in (f"/api/resource/{doctype}/{name}", f"/api/v2/document/{doctype}/{name}"):
				check(who, path, client.get(path), "deny", secrets)
		# print views and Frappe's PDF of the victim's invoice
		check(
			who,
			"printview",
			client.get("/printview", doctype="Sales Invoice", name=values["invoice"]),
			"deny",
			secrets,
		)
		r = client.call(
			"frappe.utils.print_format.download_pdf", doctype="Sales Invoice", name=values["invoice"]
		)
		check(who, "download_pdf", r, "deny", secrets)
		# the portal pages, asked about the victim's résidence
		for page in PAGES:
			r = client.get(page, follow=False, residence=victim.residence, co_owner=victim.co_owner)
			check(who, page, r, "own" if who != "Guest" else "deny", secrets)
		# a private file of C's
		r = client.get(private_file)
		check(
			who,
			private_file,
			r,
			"deny" if who != "C" else "own",
			[] if who == "C" else ["secret of co-owner C"],
		)
	# control: the same search finds a party's identifiers on his own page
	own_page = clients["c"].get("/mon-espace").text
	assert any(s in own_page for s in _secrets(frappe, parties["c"])), "the leak search finds nothing"
	print(f"\nisolation matrix: {calls} calls, {len(leaks)} leaks")
	assert not leaks, "\n".join(leaks)


class _Denied:
	"""A REST answer without rows: counted as refused, its body still searched."""

	def __init__(self, r):
		self.text = r.text
		self.status_code = 403 if r.status_code < 300 else r.status_code


@pytest.fixture(scope="module")
def accountant_2(site, parties):
	"""The accountant of résidence 2 (User Permissions on its Residence and Company)."""
	import uuid

	from frappe.utils.password import update_password

	from tests.site.security.conftest import Party, _make_user, _password

	frappe = site
	c = parties["c"]
	user = _make_user(
		frappe,
		f"sec-acc2-{uuid.uuid4().hex[:6]}@example.com",
		website=False,
		roles=["Accounts User", "Syndic Accountant"],
	)
	pwd = _password()
	update_password(user, pwd)
	for doctype, value in (("Company", c.company), ("Residence", c.residence)):
		frappe.get_doc(
			{"doctype": "User Permission", "user": user, "allow": doctype, "for_value": value}
		).insert(ignore_permissions=True)
	frappe.db.commit()
	yield Party(user, pwd, residence=c.residence, company=c.company)
	frappe.db.delete("User Permission", {"user": user})
	frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_the_isolation_matrix_staff_side(site, server, parties, accountant_2, clients):
	"""The accountants of résidence 1 and of résidence 2, each with the other résidence's names:
	no answer shows the other résidence's co-owner (what the caller sent himself, echoed in an
	error, does not count) and none of that co-owner's documents opens."""
	from tests.site.security.conftest import Client

	frappe = site
	callers = {
		"accountant 1": (clients["acc"], parties["c"]),
		"accountant 2": (Client(server.base, accountant_2), parties["a"]),
	}
	calls, leaks = 0, []
	for who, (client, victim) in callers.items():
		values, secrets = _values(frappe, victim), _secrets(frappe, victim)

		def check(what, r, sent=(), must_refuse=False):
			nonlocal calls
			calls += 1
			shown = [s for s in secrets if s in r.text and not (r.status_code >= 400 and s in sent)]
			if shown:
				leaks.append(f"{who} {what}: {r.status_code} shows {shown[:3]}")
			elif must_refuse and r.status_code < 300:
				leaks.append(f"{who} {what}: {r.status_code}")

		for method in sorted(EXPECTED):
			params = _params(method, values)
			sent = [str(v) for v in params.values()]
			check(method, client.call(method, http=_verb(method), **params), sent)
		for doctype in DOCTYPES:
			for path in (f"/api/resource/{doctype}", f"/api/v2/document/{doctype}"):
				check(path, client.get(path, fields='["*"]', limit_page_length=1000))
		for doctype, name in (
			("Co-owner", victim.co_owner),
			("Customer", victim.customer),
			("Sales Invoice", values["invoice"]),
			("Payment Entry", values["payment_entry"]),
		):
			for path in (f"/api/resource/{doctype}/{name}", f"/api/v2/document/{doctype}/{name}"):
				check(path, client.get(path), [name], must_refuse=True)
		r = client.get("/printview", doctype="Sales Invoice", name=values["invoice"])
		check("printview", r, [values["invoice"]], must_refuse=True)
	# control: the same search finds his own résidence's co-owners in the accountant's list
	own_list = clients["acc"].get("/api/resource/Co-owner", fields='["*"]', limit_page_length=1000).text
	assert any(s in own_list for s in _secrets(frappe, parties["a"])), "the leak search finds nothing"
	print(f"\nisolation matrix, staff side: {calls} calls, {len(leaks)} leaks")
	assert not leaks, "\n".join(leaks)

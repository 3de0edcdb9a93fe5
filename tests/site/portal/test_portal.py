"""Co-owner portal on a real site: a co-owner's portal user (role Co-owner) sees their own units,
calls for funds, payments and statement, downloads the Call Notice, the reçu, the statement and
the quitus as PDFs (French, or Arabic), and gets 403 on anyone else's document.

In-process tests log in with frappe.set_user and call the pages' context functions and the PDF
endpoints (inside the `db` fixture's rollback). The HTTP test logs in through
/api/method/login on the running server (:8000) with committed data it removes afterwards; it
is skipped when no server answers.
"""

import io
from contextlib import contextmanager

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import fiscal_year, make_budget, make_call, uid

res = helpers.res  # the résidence fixture of finance.helpers (module scope)

pytestmark = pytest.mark.site


def pdf_text(pdf: bytes) -> str:
	# poppler reads Chromium's PDFs as a reader does (pypdf splits their words with spaces)
	from tests.site.utils.pdf_layout import text

	return text(pdf)


def portal_user(frappe, co_owner: str) -> str:
	return frappe.get_doc("Co-owner", co_owner).create_portal_user()


def page(frappe, module: str, **form):
	"""Render the context of a www page as the current user, with `form` as its query string."""
	import importlib

	frappe.local.form_dict = frappe._dict(form)
	context = frappe._dict()
	importlib.import_module(f"syndic_maroc.www.{module}").get_context(context)
	return context


@contextmanager
def web_request(frappe, path: str, **form):
	"""A GET request on `path` for Frappe's website router, in this process (removed after)."""
	from frappe.utils import set_request

	had, previous = hasattr(frappe.local, "request"), getattr(frappe.local, "request", None)
	frappe.local.form_dict = frappe._dict(form)
	set_request(method="GET", path=path)
	try:
		yield
	finally:
		if had:
			frappe.local.request = previous
		else:
			del frappe.local.request


def html(frappe, route: str, **form) -> str:
	"""The page at `route` rendered by Frappe's website router, as the current user."""
	from frappe.website.serve import get_response

	with web_request(frappe, route, **form):
		response = get_response()
	assert response.status_code == 200, response.status_code
	return frappe.safe_decode(response.get_data())


def invoices_of(frappe, res, index, call=None):
	filters = {"customer": res.customers[index], "docstatus": 1}
	if call:
		filters["syndic_call_for_funds"] = call
	return frappe.get_all("Sales Invoice", filters=filters, fields=["name", "outstanding_amount", "due_date"])


@pytest.fixture
def world(db, res):
	"""A quarter called, co-owners 0 and 1 paid part of it, both with a portal user."""
	from syndic_maroc.finance.collections import record_payment

	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=1)
	paid0 = record_payment(res.name, res.owners[0], 100, "Cash", posting_date=call.due_date)
	paid1 = record_payment(res.name, res.owners[1], 50, "Cash", posting_date=call.due_date)
	users = [portal_user(db, res.owners[0]), portal_user(db, res.owners[1])]
	yield db._dict(budget=budget, call=call, paid=[paid0, paid1], users=users)
	db.set_user("Administrator")
	db.local.lang = "fr"


def test_the_portal_user_is_resolved_to_their_co_owner(db, res, world):
	from syndic_maroc.portal.access import co_owners_of_user

	assert "Co-owner" in db.get_roles(world.users[0])
	assert db.db.get_value("User", world.users[0], "user_type") == "Website User"
	db.set_user(world.users[0])
	assert [row.name for row in co_owners_of_user()] == [res.owners[0]]
	db.set_user("Administrator")
	assert co_owners_of_user() == []

	# through the Contact alone (no portal_user on the co-owner)
	db.db.set_value("Co-owner", res.owners[1], "portal_user", None)
	assert [row.name for row in co_owners_of_user(world.users[1])] == [res.owners[1]]
	db.db.set_value("Contact", db.db.get_value("Co-owner", res.owners[1], "contact"), "user", None)
	assert co_owners_of_user(world.users[1]) == []


def test_pages_show_only_the_co_owners_own_documents(db, res, world):
	db.set_user(world.users[0])
	own = {row.name for row in invoices_of(db, res, 0, world.call.name)}
	others = {row.name for i in (1, 2, 3) for row in invoices_of(db, res, i, world.call.name)}
	assert own and others

	calls = page(db, "mes_appels")
	assert {row.name for row in calls.invoices} == own
	assert all(
		row.pdf_fr.startswith("/api/method/syndic_maroc.api.portal.call_notice_pdf?invoice=")
		for row in calls.invoices
	)
	outstanding = {row.name: row.outstanding_amount for row in invoices_of(db, res, 0, world.call.name)}
	assert {row.name: row.outstanding_amount for row in calls.invoices} == outstanding
	assert calls.show_sidebar and calls.lang == "fr" and not calls.rtl

	rendered = html(db, "/mes-appels")
	assert all(name in rendered for name in own) and not any(name in rendered for name in others)
	assert "Mes appels de fonds" in rendered and 'dir="ltr"' in rendered

	payments = page(db, "mes_paiements")
	assert [row.receipt for row in payments.payments] == [world.paid[0]["receipt"]]
	assert payments.payments[0].amount == 100

	home = page(db, "mon_espace")
	assert [r.residence for r in home.residences] == [res.name]
	summary = home.residences[0]
	assert sorted((u.unit_number, u.tantiemes) for u in summary.units) == [("A1", 150), ("A2", 150)]
	assert summary.tantiemes == 300 and summary.total_tantiemes == 1100
	assert summary.due == round(sum(outstanding.values()), 2) == home.total_due
	open_dates = [row.due_date for row in invoices_of(db, res, 0) if row.outstanding_amount > 0]
	today = db.utils.getdate()
	upcoming = [d for d in open_dates if d >= today]
	assert summary.next_due_date == (min(upcoming) if upcoming else None)
	assert summary.overdue == round(
		sum(
			row.outstanding_amount
			for row in invoices_of(db, res, 0)
			if row.outstanding_amount > 0 and row.due_date < today
		),
		2,
	)

	rendered = html(db, "/mon-espace")
	assert res.name in rendered and ">A1<" in rendered and ">A2<" in rendered and ">B1<" not in rendered
	rendered = html(db, "/mes-paiements")
	assert world.paid[0]["receipt"] in rendered and world.paid[1]["receipt"] not in rendered

	statement = page(db, "mon_releve", residence=res.name, from_date=str(world.budget.year_start_date))
	st = statement.view.statement
	assert float(st.closing) == round(sum(outstanding.values()), 2)
	assert {row.voucher for row in st.rows} >= own
	assert not statement.view.quitus_allowed and "Solde débiteur" in statement.view.quitus_message
	rendered = html(db, "/mon-releve", residence=res.name, from_date=str(world.budget.year_start_date))
	assert "syndic-statement-pdf" in rendered and "syndic-quitus-pdf" not in rendered
	with pytest.raises(db.PermissionError):
		page(db, "mon_releve", residence="Résidence qui n'est pas la sienne")
	typo = page(db, "mon_releve", residence=res.name, from_date="2026-13-45")
	assert "Dates invalides" in typo.error and typo.view  # said, and the default period shown


def test_pdfs_are_the_co_owners_and_anyone_elses_is_403(db, res, world):
	from syndic_maroc.portal import documents as portal

	db.set_user(world.users[0])
	own = invoices_of(db, res, 0, world.call.name)[0].name
	other = invoices_of(db, res, 1, world.call.name)[0].name

	pdf = portal.call_notice_bytes(own)
	assert pdf[:4] == b"%PDF" and own in pdf_text(pdf)
	assert portal.call_notice_bytes(own, lang="ar")[:4] == b"%PDF"
	portal.call_notice_pdf(own)
	assert db.local.response.type == "pdf" and db.local.response.filecontent[:4] == b"%PDF"
	for name in (other, "ACC-SINV-DOES-NOT-EXIST"):
		with pytest.raises(db.PermissionError):
			portal.call_notice_pdf(name)

	own_pe = world.paid[0]["payment_entries"][0]
	other_pe = world.paid[1]["payment_entries"][0]
	receipt = portal.receipt_bytes(own_pe)
	assert receipt[:4] == b"%PDF" and world.paid[0]["receipt"] in pdf_text(receipt)
	with pytest.raises(db.PermissionError):
		portal.receipt_pdf(other_pe)

	statement = portal.statement_bytes(res.name, world.budget.year_start_date, None)
	assert statement[:4] == b"%PDF"
	assert db.db.get_value("Co-owner", res.owners[0], "full_name") in pdf_text(statement)
	with pytest.raises(db.PermissionError):
		portal.statement_bytes(res.name, co_owner=res.owners[1])  # someone else's account
	with pytest.raises(db.ValidationError, match="Solde débiteur"):
		portal.quitus_bytes(res.name)  # still owes: no quitus

	# the website permission hooks (used by /printview and download_pdf) agree
	assert db.has_website_permission(db.get_doc("Sales Invoice", own))
	assert not db.has_website_permission(db.get_doc("Sales Invoice", other))
	assert db.has_website_permission(db.get_doc("Payment Entry", own_pe))
	assert not db.has_website_permission(db.get_doc("Payment Entry", other_pe))


def test_quitus_once_everything_is_paid(db, res, world):
	from syndic_maroc.finance.collections import record_payment
	from syndic_maroc.portal import documents as portal

	owed = round(sum(row.outstanding_amount for row in invoices_of(db, res, 0)), 2)
	record_payment(res.name, res.owners[0], owed, "Cash", posting_date=world.call.due_date)
	db.set_user(world.users[0])
	statement = page(db, "mon_releve", residence=res.name)
	assert statement.view.quitus_allowed and statement.quitus_fr
	pdf = portal.quitus_bytes(res.name)
	assert pdf[:4] == b"%PDF" and "quitus" in pdf_text(pdf).lower()


def test_arabic_pages_read_right_to_left(db, res, world):
	db.set_user(world.users[0])
	db.local.lang = "ar"
	calls = page(db, "mes_appels")
	assert calls.lang == "ar" and calls.rtl
	# the English source msgid, read in Arabic
	assert calls.title == db._("My Calls for Funds") != "My Calls for Funds"
	rendered = html(db, "/mes-appels")
	assert 'dir="rtl"' in rendered and 'lang="ar"' in rendered


def test_guests_log_in_and_strangers_are_refused(db, res, world):
	db.set_user("Guest")
	with pytest.raises(db.Redirect):
		page(db, "mon_espace")
	assert db.local.flags.redirect_location.startswith("/login?redirect-to=")
	from frappe.website.serve import get_response

	with web_request(db, "/mes-appels"):
		response = get_response()
	assert response.status_code in (301, 302) and response.headers["Location"].startswith("/login")
	# a website user linked to no co-owner
	stranger = db.get_doc(
		{
			"doctype": "User",
			"email": f"stranger.{uid().lower()}@example.ma",
			"first_name": "Stranger",
			"user_type": "Website User",
		}
	)
	stranger.flags.no_welcome_mail = True
	stranger.insert(ignore_permissions=True)
	db.set_user(stranger.name)
	for module in ("mon_espace", "mes_appels", "mes_paiements", "mon_releve"):
		with pytest.raises(db.PermissionError):
			page(db, module)
	with web_request(db, "/mon-espace"):
		assert get_response().status_code == 403
	from syndic_maroc.portal import documents as portal

	with pytest.raises(db.PermissionError):
		portal.call_notice_pdf(invoices_of(db, res, 0, world.call.name)[0].name)


# --- Over HTTP, against the running server ---------------------------------------------------------

BASE = "http://localhost:8000"


@pytest.fixture(scope="module")
def committed(site):
	"""A small résidence with an issued call, committed (the server only sees committed data),
	removed afterwards through ERPNext (cancel, then delete with the ledger entries)."""
	import requests

	try:
		requests.get(
			f"{BASE}/api/method/ping", headers={"Host": site.local.site}, timeout=5
		).raise_for_status()
	except Exception as e:
		pytest.skip(f"no Frappe server on {BASE}: {e}")
	frappe = site
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	tag = uid()
	made = frappe._dict(users=[], owners=[], units=[], passwords=[])
	residence = frappe.get_doc(
		{
			"doctype": "Residence",
			"residence_name": f"Résidence Portail {tag}",
			"abbr": f"P{tag}",
			"total_tantiemes": 100,
		}
	).insert()
	made.residence = residence.name
	try:
		for i in range(2):
			owner = frappe.get_doc(
				{
					"doctype": "Co-owner",
					"full_name": f"Portail {i} {tag}",
					"email": f"p{i}.{tag.lower()}@example.ma",
				}
			).insert()
			made.owners.append(owner.name)
			made.units.append(
				frappe.get_doc(
					{
						"doctype": "Unit",
						"residence": residence.name,
						"unit_number": f"U{i}",
						"unit_type": "Apartment",
						"tantiemes": 40 + 20 * i,
						"co_owner": owner.name,
					}
				)
				.insert()
				.name
			)
			user = owner.create_portal_user()
			made.users.append(user)
			password = f"Pw-{uid()}-{uid()}!"
			from frappe.utils.password import update_password

			update_password(user, password)
			made.passwords.append(password)
		general = frappe.db.get_value(
			"Allocation Key", {"residence": residence.name, "is_general": 1}, "name"
		)
		fy = fiscal_year(frappe)
		call = frappe.get_doc(
			{
				"doctype": "Call for Funds",
				"residence": residence.name,
				"source": "Exceptional",
				"posting_date": fy.year_start_date,
				"due_date": fy.year_start_date,
				"lines": [
					{"category": "Cleaning", "kind": "Current", "allocation_key": general, "amount": 1000}
				],
			}
		).insert()
		call.submit()
		made.call = call.name
		made.invoices = [
			frappe.db.get_value(
				"Sales Invoice",
				{
					"syndic_call_for_funds": call.name,
					"customer": frappe.db.get_value("Co-owner", o, "customer"),
					"docstatus": 1,
				},
			)
			for o in made.owners
		]
		assert all(made.invoices)
		frappe.db.commit()
		yield made
	finally:
		frappe.set_user("Administrator")
		_remove(frappe, made)


def _remove(frappe, made):
	"""Delete what `committed` made, committed; tried again when another process holds a lock."""
	import time

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


def _delete(frappe, made):
	previous = frappe.db.get_single_value("Accounts Settings", "delete_linked_ledger_entries")
	# ERPNext removes a deleted (cancelled) invoice's ledger entries only with this setting on
	frappe.db.set_single_value("Accounts Settings", "delete_linked_ledger_entries", 1)
	try:
		if made.get("call") and frappe.db.exists("Call for Funds", made.call):
			call = frappe.get_doc("Call for Funds", made.call)
			if call.docstatus == 1:
				call.cancel()
			for name in frappe.get_all(
				"Sales Invoice", filters={"syndic_call_for_funds": made.call}, pluck="name"
			):
				frappe.delete_doc("Sales Invoice", name, force=True, ignore_permissions=True)
			frappe.delete_doc("Call for Funds", made.call, force=True)
		for doctype, names in (("Unit", made.units), ("Co-owner", made.owners), ("User", made.users)):
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
				frappe.delete_doc("Company", company, force=True)
	finally:
		frappe.db.set_single_value("Accounts Settings", "delete_linked_ledger_entries", previous or 0)


def test_over_http_a_co_owner_gets_their_pdfs_and_403_on_anothers(site, committed):
	import requests

	headers = {"Host": site.local.site}
	guest = requests.get(f"{BASE}/mon-espace", headers=headers, allow_redirects=False, timeout=30)
	assert guest.status_code in (301, 302) and guest.headers["Location"].startswith("/login")

	session = requests.Session()
	login = session.post(
		f"{BASE}/api/method/login",
		json={"usr": committed.users[0], "pwd": committed.passwords[0]},
		headers=headers,
		timeout=30,
	)
	assert login.status_code == 200, login.text
	own, other = committed.invoices

	home = session.get(f"{BASE}/mon-espace", headers=headers, timeout=60)
	assert home.status_code == 200 and "Résidence Portail" in home.text and ">U0<" in home.text
	assert ">U1<" not in home.text
	calls = session.get(f"{BASE}/mes-appels", headers=headers, timeout=60)
	assert calls.status_code == 200 and own in calls.text and other not in calls.text
	arabic = session.get(f"{BASE}/mes-appels?_lang=ar", headers=headers, timeout=60)
	assert arabic.status_code == 200 and 'dir="rtl"' in arabic.text

	method = f"{BASE}/api/method/syndic_maroc.api.portal.call_notice_pdf"
	mine = session.get(method, params={"invoice": own}, headers=headers, timeout=120)
	assert mine.status_code == 200 and mine.headers["Content-Type"].startswith("application/pdf")
	assert mine.content[:4] == b"%PDF" and own in pdf_text(mine.content)
	theirs = session.get(method, params={"invoice": other}, headers=headers, timeout=60)
	assert theirs.status_code == 403 and b"%PDF" not in theirs.content[:10]
	# Frappe's own print endpoint answers through the has_website_permission hooks: 403 too
	standard = session.get(
		f"{BASE}/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": "Sales Invoice", "name": other, "format": "Call Notice"},
		headers=headers,
		timeout=60,
	)
	assert standard.status_code == 403
	statement = session.get(
		f"{BASE}/api/method/syndic_maroc.api.portal.statement_pdf",
		params={"residence": committed.residence},
		headers=headers,
		timeout=120,
	)
	assert statement.status_code == 200 and statement.content[:4] == b"%PDF"
	anonymous = requests.get(method, params={"invoice": own}, headers=headers, timeout=60)
	assert anonymous.status_code == 403

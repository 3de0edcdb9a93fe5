"""Staff scoped to their résidences through the Residence's staff table (issue 10).

Two accountants holding only the role Syndic Accountant (no ERPNext Accounts User) are listed on
the two demo résidences' staff tables; registry.staff gives each User Permissions on his Residence
and its Company. Each then sees and changes only his own résidence through the desk lists, our
reports and ERPNext's, our whitelisted methods, REST over real HTTP and the print/PDF URLs.
"""

from __future__ import annotations

import json
import uuid

import pytest

from tests.site.security.conftest import (
	Client,
	Party,
	_make_user,
	_password,
	_residences,
)

pytestmark = pytest.mark.site


def _set_staff(frappe, residence: str, rows: list[tuple[str, str]]) -> None:
	doc = frappe.get_doc("Residence", residence)
	doc.set("staff", [{"user": user, "role": role} for user, role in rows])
	doc.save(ignore_permissions=True)


def _ups(frappe, user: str) -> set[tuple[str, str]]:
	return {
		(r.allow, r.for_value)
		for r in frappe.get_all("User Permission", filters={"user": user}, fields=["allow", "for_value"])
	}


@pytest.fixture(scope="module")
def staff(site):
	"""acc1 on résidence 1, acc2 on résidence 2, assigned through the staff tables."""
	frappe = site
	from frappe.utils.password import update_password

	frappe.set_user("Administrator")
	r1, r2 = _residences(frappe)
	tag = uuid.uuid4().hex[:6]
	made, out = [], {}
	before = {r.name: [(s.user, s.role) for s in frappe.get_doc("Residence", r.name).staff] for r in (r1, r2)}
	try:
		for key, res in (("acc1", r1), ("acc2", r2)):
			user = _make_user(
				frappe,
				f"staff-{key}-{tag}@example.com",
				website=False,
				roles=["Syndic Accountant"],
			)
			made.append(user)
			pwd = _password()
			update_password(user, pwd)
			_set_staff(frappe, res.name, [*before[res.name], (user, "Syndic Accountant")])
			invoice = frappe.db.get_value("Sales Invoice", {"company": res.company, "docstatus": 1}, "name")
			out[key] = Party(
				user,
				pwd,
				residence=res.name,
				company=res.company,
				co_owner=res.co_owner,
				extra={"invoice": invoice},
			)
		frappe.db.commit()
		yield out
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		for name, rows in before.items():
			_set_staff(frappe, name, rows)
		for user in made:
			frappe.db.delete("User Permission", {"user": user})
			frappe.delete_doc("User", user, force=True, ignore_permissions=True)
		frappe.db.commit()


@pytest.fixture(scope="module")
def http(server, staff):
	return {key: Client(server.base, party) for key, party in staff.items()}


def test_the_staff_table_gives_and_takes_user_permissions_on_residence_and_company(site, staff):
	frappe = site
	acc1, acc2 = staff["acc1"], staff["acc2"]
	assert _ups(frappe, acc1.user) == {
		("Residence", acc1.residence),
		("Company", acc1.company),
	}
	assert _ups(frappe, acc2.user) == {
		("Residence", acc2.residence),
		("Company", acc2.company),
	}
	# idempotent: saving again adds nothing
	frappe.get_doc("Residence", acc1.residence).save(ignore_permissions=True)
	assert frappe.db.count("User Permission", {"user": acc1.user}) == 2
	# a third user added then removed: his User Permissions come and go
	temp = _make_user(
		frappe,
		f"staff-tmp-{uuid.uuid4().hex[:6]}@example.com",
		False,
		["Syndic Manager"],
	)
	try:
		doc = frappe.get_doc("Residence", acc1.residence)
		doc.append("staff", {"user": temp, "role": "Syndic Manager"})
		doc.save(ignore_permissions=True)
		assert _ups(frappe, temp) == {
			("Residence", acc1.residence),
			("Company", acc1.company),
		}
		doc = frappe.get_doc("Residence", acc1.residence)
		doc.set("staff", [row for row in doc.staff if row.user != temp])
		doc.save(ignore_permissions=True)
		assert _ups(frappe, temp) == set()
		assert _ups(frappe, acc1.user) == {
			("Residence", acc1.residence),
			("Company", acc1.company),
		}
	finally:
		frappe.db.rollback()
		frappe.db.delete("User Permission", {"user": temp})
		frappe.delete_doc("User", temp, force=True, ignore_permissions=True)
		frappe.db.commit()


def test_desk_lists_show_each_accountant_only_his_residence(site, staff):
	frappe = site
	from syndic_maroc.registry.permissions import readable_residences

	assert len(readable_residences("Administrator")) >= 2  # the firm-wide view stays whole
	try:
		for key, other in (("acc1", "acc2"), ("acc2", "acc1")):
			me, them = staff[key], staff[other]
			frappe.set_user(me.user)
			assert frappe.get_list("Residence", pluck="name") == [me.residence]
			assert readable_residences() == [me.residence]
			units = frappe.get_list("Unit", fields=["residence"], limit_page_length=0)
			assert units and {u.residence for u in units} == {me.residence}
			invoices = frappe.get_list("Sales Invoice", fields=["company"], limit_page_length=0)
			assert invoices and {i.company for i in invoices} == {me.company}
			gl = frappe.get_list("GL Entry", fields=["company"], limit_page_length=200)
			assert gl and {g.company for g in gl} == {me.company}
			assert frappe.get_list("Account", filters={"company": them.company}, pluck="name") == []
			co_owners = frappe.get_list("Co-owner", pluck="name", limit_page_length=0)
			assert me.co_owner in co_owners and them.co_owner not in co_owners
			assert frappe.has_permission("Sales Invoice", "read", me.extra["invoice"])
			assert not frappe.has_permission("Sales Invoice", "read", them.extra["invoice"])
			assert not frappe.has_permission("Residence", "write", them.residence)
	finally:
		frappe.set_user("Administrator")


def _run(client, report: str, **filters):
	return client.call("frappe.desk.query_report.run", report_name=report, filters=json.dumps(filters))


def _rows(r) -> list:
	return [row for row in (r.json()["message"].get("result") or []) if isinstance(row, dict | list)]


def test_every_report_answers_for_his_own_and_refuses_the_other(site, staff, http):
	from erpnext.accounts.utils import get_fiscal_year

	today = site.utils.nowdate()
	for key, other in (("acc1", "acc2"), ("acc2", "acc1")):
		me, them, client = staff[key], staff[other], http[key]
		ours = {
			"Arrears by Unit": lambda p: {
				"residence": p.residence,
				"as_of_date": today,
				"group_by": "Unit",
			},
			"Owner Statement": lambda p: {
				"residence": p.residence,
				"co_owner": p.co_owner,
				"from_date": "2000-01-01",
				"to_date": today,
			},
			"Budget vs Actual by Category": lambda p: {
				"residence": p.residence,
				"to_date": today,
			},
			"Tantiemes Gap": lambda p: {"residence": p.residence},
		}
		for report, filters in ours.items():
			r = _run(client, report, **filters(me))
			assert r.status_code == 200, (report, r.text[:400])
			r = _run(client, report, **filters(them))
			assert r.status_code == 403, (report, r.status_code, r.text[:300])
		# ERPNext's own reports, with his company and with the other's
		erpnext = {
			"Accounts Receivable": lambda c: {
				"company": c,
				"report_date": today,
				"ageing_based_on": "Due Date",
				"range": "30, 60, 90, 120",
				"range1": 30,
				"range2": 60,
				"range3": 90,
				"range4": 120,
			},
			"General Ledger": lambda c: {
				"company": c,
				"from_date": "2000-01-01",
				"to_date": today,
				"group_by": "Group by Voucher (Consolidated)",
			},
			"Trial Balance": lambda c: {
				"company": c,
				"fiscal_year": fiscal_year.name,
				"from_date": str(fiscal_year.year_start_date),
				"to_date": str(fiscal_year.year_end_date),
			},
		}
		fiscal_year = get_fiscal_year(today, company=me.company, as_dict=True)
		for report, filters in erpnext.items():
			r = _run(client, report, **filters(me.company))
			assert r.status_code == 200, (report, r.text[:400])
			if report == "General Ledger":  # his own ledger is there, so an empty answer means refused
				assert [row for row in _rows(r) if isinstance(row, dict) and row.get("voucher_no")]
			if report == "Trial Balance":
				assert [row for row in _rows(r) if isinstance(row, dict) and row.get("closing_debit")]
			r = _run(client, report, **filters(them.company))
			# refused, or no voucher (no balance, for the trial balance) of the other company at all
			assert r.status_code == 403 or not [
				row
				for row in _rows(r)
				if isinstance(row, dict)
				and (row.get("voucher_no") or row.get("closing_debit") or row.get("closing_credit"))
			], (report, r.text[:300])


def test_our_methods_rest_and_print_refuse_the_other_residence(site, staff, http):
	for key, other in (("acc1", "acc2"), ("acc2", "acc1")):
		me, them, client = staff[key], staff[other], http[key]
		r = client.call("syndic_maroc.api.registry.residence_figures", residence=me.residence)
		assert r.status_code == 200, r.text[:300]
		r = client.call("syndic_maroc.api.registry.residence_figures", residence=them.residence)
		assert r.status_code == 403, r.text[:300]
		r = client.call(
			"syndic_maroc.api.injunction.summary",
			residence=them.residence,
			co_owner=them.co_owner,
		)
		assert r.status_code == 403, r.text[:300]
		r = client.call(
			"syndic_maroc.api.intake.upload_files",
			http="POST",
			file_names="[]",
			residence=them.residence,
		)
		assert r.status_code == 403, r.text[:300]
		# REST: lists hold only his own, the other's documents are refused, read and write
		r = client.get("/api/resource/Sales Invoice", fields='["company"]', limit_page_length=1000)
		assert r.status_code == 200 and {row["company"] for row in r.json()["data"]} == {me.company}
		r = client.get("/api/resource/Residence", limit_page_length=100)
		assert [row["name"] for row in r.json()["data"]] == [me.residence]
		for path in (
			f"/api/resource/Residence/{them.residence}",
			f"/api/resource/Sales Invoice/{them.extra['invoice']}",
			f"/api/resource/Company/{them.company}",
		):
			assert client.get(path).status_code == 403, path
		assert client.get(f"/api/resource/Sales Invoice/{me.extra['invoice']}").status_code == 200
		r = client.http.put(
			f"{client.base}/api/resource/Residence/{them.residence}",
			json={"city": "Nowhere"},
			timeout=60,
		)
		assert r.status_code == 403, r.text[:300]
		# print view and PDF of the other's invoice
		r = client.get("/printview", doctype="Sales Invoice", name=them.extra["invoice"])
		assert r.status_code == 403, r.status_code
		r = client.call(
			"frappe.utils.print_format.download_pdf",
			doctype="Sales Invoice",
			name=them.extra["invoice"],
		)
		assert r.status_code == 403, r.status_code


def test_the_other_residences_assembly_is_refused(site, staff, http):
	if not site.db.exists("General Assembly", {"residence": ("in", [p.residence for p in staff.values()])}):
		pytest.skip("no General Assembly on the demo résidences of this site")
	for key, other in (("acc1", "acc2"), ("acc2", "acc1")):
		them, client = staff[other], http[key]
		assembly = site.db.get_value("General Assembly", {"residence": them.residence}, "name")
		if not assembly:
			continue
		for method in ("live_state", "load_attendance"):
			r = client.call(f"syndic_maroc.api.assembly.{method}", name=assembly)
			assert r.status_code == 403, (method, r.status_code, r.text[:300])


def test_a_firm_wide_manager_and_the_accounts_user_profile(site, staff):
	"""A manager listed on no staff table sees every résidence; an accountant who also holds
	ERPNext's Accounts User (the desk's role profile) stays inside his Company."""
	frappe = site
	from syndic_maroc.registry.permissions import check_residence

	acc1, acc2 = staff["acc1"], staff["acc2"]
	manager = _make_user(frappe, f"staff-mgr-{uuid.uuid4().hex[:6]}@example.com", False, ["Syndic Manager"])
	try:
		frappe.set_user(manager)
		assert {acc1.residence, acc2.residence} <= set(frappe.get_list("Residence", pluck="name"))
		check_residence(acc2.residence)
		frappe.set_user("Administrator")
		frappe.get_doc("User", acc1.user).add_roles("Accounts User")
		frappe.set_user(acc1.user)
		companies = {
			i.company for i in frappe.get_list("Sales Invoice", fields=["company"], limit_page_length=0)
		}
		assert companies == {acc1.company}
		assert not frappe.has_permission("Sales Invoice", "read", acc2.extra["invoice"])
		with pytest.raises(frappe.PermissionError):
			check_residence(acc2.residence)
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.delete_doc("User", manager, force=True, ignore_permissions=True)
		frappe.db.commit()

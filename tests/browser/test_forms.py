"""The Residence and Co-owner forms a syndic opens (registry JS, api.registry, finance.dashboard):
the Residence dashboard shows bank balance, arrears and budget consumption, its connections list
budgets, calls, invoices, payments and incoming documents; the Co-owner form shows his balance and
links to his calls, payments, dunnings and statement. The figures are checked against the test's
own account of what was posted (tests/browser/world.py), not against the code under test.
"""

from urllib.parse import quote

import pytest

from tests.browser import world as w

pytestmark = [pytest.mark.site, pytest.mark.browser]

FIGURES_JS = """const out = {};
document.querySelectorAll('.form-dashboard [data-syndic-figure]').forEach((el) => {
	out[el.dataset.syndicFigure] = {value: parseFloat(el.dataset.value), text: el.innerText.trim()};
});
return out;"""

CONNECTIONS_JS = """const out = {};
document.querySelectorAll('.form-dashboard .document-link').forEach((el) => {
	const count = el.querySelector('.count');
	out[el.dataset.doctype] = count && count.innerText.trim() ? parseInt(count.innerText.trim()) : 0;
});
return out;"""


def money(frappe, value) -> str:
	return frappe.utils.fmt_money(value, currency="MAD")


def open_form(browser, doctype: str, name: str, figure: str):
	browser.get(f"/app/{doctype}/{quote(name)}")
	browser.wait_js(f"window.cur_frm && cur_frm.doc.name === {name!r}")
	browser.wait_desk_idle()
	browser.wait_js(f"document.querySelector('.form-dashboard [data-syndic-figure=\"{figure}\"]')")


def test_residence_dashboard_shows_the_ledger(site, browser, accountant, world):
	frappe = site
	want = w.expected(world)
	browser.login(accountant.name, accountant.password)
	open_form(browser, "residence", world.residence, "budget_consumption")
	browser.wait_js("document.querySelectorAll('.form-dashboard .document-link .count').length > 0")
	figures = browser.js(FIGURES_JS)
	connections = browser.js(CONNECTIONS_JS)
	browser.screenshot("residence-form")

	assert figures["bank_balance"]["value"] == pytest.approx(want["bank_balance"])
	assert money(frappe, want["bank_balance"]) in figures["bank_balance"]["text"]
	assert figures["arrears"]["value"] == pytest.approx(want["arrears"])
	assert money(frappe, want["arrears"]) in figures["arrears"]["text"]
	assert figures["budget_consumption"]["value"] == pytest.approx(want["actual"])
	budget_text = figures["budget_consumption"]["text"]
	assert money(frappe, want["actual"]) in budget_text and money(frappe, want["budget"]) in budget_text
	assert "5 %" in budget_text or "5,0 %" in budget_text  # 500 of 10 000

	assert connections["Residence Budget"] == 1
	assert connections["Call for Funds"] == 1
	assert connections["Sales Invoice"] == 2
	assert connections["Payment Entry"] >= 2
	assert "Incoming Document" in connections and "Dunning" in connections
	assert {"Unit", "Building", "Allocation Key"} <= set(connections)


def test_co_owner_form_shows_his_balance_and_links(site, browser, accountant, world):
	frappe = site
	want = w.expected(world)
	browser.login(accountant.name, accountant.password)
	for index in (0, 1):
		owner = world.owners[index]
		open_form(browser, "co-owner", owner, "balance")
		figures = browser.js(FIGURES_JS)
		browser.screenshot(f"co-owner-form-{index}")
		assert figures["balance"]["value"] == pytest.approx(want["balances"][index])
		assert money(frappe, want["balances"][index]) in figures["balance"]["text"]
		links = browser.js(
			"""return Array.from(document.querySelectorAll('.syndic-co-owner-account a'))
				.map((a) => [a.innerText.trim(), a.getAttribute('href')]);"""
		)
		hrefs = [href for _text, href in links]
		customer = frappe.db.get_value("Co-owner", owner, "customer")
		assert any(
			h.startswith("/app/sales-invoice?") and quote(customer, safe="").replace("%20", "+") in h
			for h in hrefs
		)
		assert any(h.startswith("/app/payment-entry?") for h in hrefs)
		assert any(h.startswith("/app/dunning?") for h in hrefs)
		assert any(h.startswith("/app/query-report/Owner%20Statement?") for h in hrefs)

	# his calls: the link opens the Sales Invoice list filtered on his customer: one invoice
	link = browser.css(".syndic-co-owner-account a[href^='/app/sales-invoice']")[0]
	link.click()
	browser.wait_js("window.cur_list && cur_list.doctype === 'Sales Invoice' && cur_list.data.length > 0")
	browser.wait_desk_idle()
	rows = browser.js("return cur_list.data.map((d) => d.name);")
	browser.screenshot("co-owner-calls-list")
	invoices = frappe.get_all(
		"Sales Invoice",
		filters={"customer": frappe.db.get_value("Co-owner", world.owners[1], "customer"), "docstatus": 1},
		pluck="name",
	)
	assert sorted(rows) == sorted(invoices) and len(rows) == 1

"""Reports opened from a link with their filters in the URL (finance/report/*/): the Owner
Statement shows its rows at once (no "Please set filters", no "Filter missing"), and its co-owner
picker lists only the chosen résidence's co-owners.
"""

from urllib.parse import urlencode

import pytest

from tests.browser import world as w

pytestmark = [pytest.mark.site, pytest.mark.browser]


def open_statement(browser, **filters):
	browser.get("/app/query-report/Owner Statement?" + urlencode(filters))
	browser.wait_js(
		"window.frappe && frappe.query_report && frappe.query_report.report_name === 'Owner Statement'"
	)
	browser.wait_desk_idle()


def test_owner_statement_from_a_link_shows_the_statement(site, browser, accountant, world):
	want = w.expected(world)
	browser.login(accountant.name, accountant.password)
	fy = w.fiscal_year(site)
	open_statement(
		browser,
		residence=world.residence,
		co_owner=world.owners[1],
		from_date=str(fy.year_start_date),
		to_date=site.utils.nowdate(),
	)
	data = browser.wait_js(
		"frappe.query_report.data && frappe.query_report.data.length && frappe.query_report.data"
	)
	browser.wait_desk_idle()
	browser.screenshot("owner-statement-from-link")
	message = browser.js(
		"return document.querySelector('.report-wrapper .msg-box')?.offsetParent ? 'shown' : ''"
	)
	errors = [e for e in browser.console_errors() if "Filter missing" in e]
	assert not errors, errors
	assert not message
	filters = browser.js("return frappe.query_report.get_filter_values()")
	assert filters["residence"] == world.residence and filters["co_owner"] == world.owners[1]
	closing = data[-1]
	assert closing["balance"] == pytest.approx(want["balances"][1])
	# the call (600) and the payment (250) are the two rows between opening and closing
	assert [row.get("debit") or 0 for row in data[1:-1]] == pytest.approx([600, 0])
	assert [row.get("credit") or 0 for row in data[1:-1]] == pytest.approx([0, w.PAID_1])


def test_owner_statement_co_owner_picker_lists_only_the_residence(site, browser, accountant, world):
	others = site.db.count("Co-owner", {"name": ("not in", world.owners)})
	assert others, "the site should hold co-owners of other résidences for this test to mean something"
	browser.login(accountant.name, accountant.password)
	open_statement(browser, residence=world.residence)
	from selenium.webdriver.common.by import By

	field = browser.wait(
		lambda d: d.find_element(By.CSS_SELECTOR, '.page-form [data-fieldname="co_owner"] input')
	)
	field.click()
	field.send_keys("a")
	field.send_keys("\b")  # an empty search: Frappe lists what the query allows
	# each suggestion shows the full name and, below it, the record's name
	values = browser.wait_js(
		"""(() => { const names = Array.from(document.querySelectorAll(
			'.page-form [data-fieldname="co_owner"] ul[role="listbox"] [role="option"] span.small'))
			.map((el) => el.innerText.trim()); return names.length ? names : null; })()"""
	)
	browser.screenshot("owner-statement-co-owner-picker")
	assert sorted(values) == sorted(world.owners)

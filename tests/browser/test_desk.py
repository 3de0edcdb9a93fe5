"""The desk a new syndic employee meets (setup/desk.py): a Syndic Accountant logs in through
/login and his sidebar shows Syndic, Accounting (with its Payables, Receivables and Financial
Reports) and Buying, and none of Stock, Manufacturing, Quality, Assets, Projects, CRM, Support…;
a System Manager keeps the whole desk, even with a syndic role.
"""

import pytest

pytestmark = [pytest.mark.site, pytest.mark.browser]

NEVER_FOR_A_SYNDIC = {
	"Stock",
	"Manufacturing",
	"Quality",
	"Assets",
	"Projects",
	"CRM",
	"Support",
	"Selling",
	"Website",
	"Users",
	"Build",
	"Tools",
	"Integrations",
	"ERPNext Integrations",
	"ERPNext Settings",
	"Home",
}


def expected_workspaces(frappe) -> set[str]:
	"""Public workspaces of the modules the syndic keeps, computed from the database (not from the
	code under test): this app's modules, Accounts and Buying."""
	modules = set(frappe.get_module_list("syndic_maroc")) | {"Accounts", "Buying"}
	return set(
		frappe.get_all(
			"Workspace",
			filters={"public": 1, "is_hidden": 0, "module": ("in", sorted(modules))},
			pluck="name",
		)
	)


def test_a_syndic_accountant_sees_only_syndic_accounting_and_buying(site, browser, accountant):
	frappe = site
	user = frappe.get_doc("User", accountant.name)
	assert user.module_profile == "Syndic"

	browser.login(accountant.name, accountant.password)
	browser.get("/app")
	browser.wait_desk_idle()
	browser.wait(lambda d: browser.sidebar())
	sidebar = browser.sidebar()
	browser.screenshot("desk-syndic-accountant")

	shown = set(sidebar) | {child for children in sidebar.values() for child in children}
	assert shown == expected_workspaces(frappe)
	assert {"Syndic", "Accounting", "Buying"} <= set(sidebar)
	assert {"Payables", "Receivables", "Financial Reports"} <= set(sidebar["Accounting"])
	assert not shown & NEVER_FOR_A_SYNDIC
	# the first page of his desk is the Syndic workspace
	assert browser.driver.current_url.rstrip("/").endswith("/app/syndic")


def test_the_administrator_keeps_the_whole_desk(site, browser):
	browser.login("Administrator", "admin")
	browser.get("/app")
	browser.wait_desk_idle()
	browser.wait(lambda d: browser.sidebar())
	sidebar = browser.sidebar()
	browser.screenshot("desk-administrator")
	assert {
		"Syndic",
		"Accounting",
		"Buying",
		"Stock",
		"Manufacturing",
		"Assets",
		"CRM",
	} <= set(sidebar)

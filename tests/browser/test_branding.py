"""The product's name and logo where a new user meets Frappe's (setup/website.py): the login page,
the browser title, the desk's and the portal's navbar, the favicon."""

import pytest

pytestmark = [pytest.mark.site, pytest.mark.browser]

LOGO = "/assets/syndic_maroc/images/syndic-maroc-logo.svg"

BRAND_JS = """const img = (sel) => { const el = document.querySelector(sel);
	return el ? {src: el.getAttribute('src'), loaded: el.complete && el.naturalWidth > 0} : null; };
return {title: document.title,
	heading: (document.querySelector('.page-card-head h4') || {}).innerText || '',
	login_logo: img('.page-card-head img.app-logo'),
	navbar_logo: img('.navbar-brand img, .navbar-home img'),
	favicon: (document.querySelector('link[rel="shortcut icon"]') || {}).href || ''};"""


def test_login_page_and_desk_say_syndic_maroc(site, browser, accountant):
	browser.driver.delete_all_cookies()
	browser.get("/login")
	browser.wait_js("document.querySelector('.page-card-head img.app-logo')?.complete")
	login = browser.js(BRAND_JS)
	browser.screenshot("login-page")
	assert "Syndic Maroc" in login["heading"] and "Frappe" not in login["heading"]
	assert login["login_logo"] == {"src": LOGO, "loaded": True}
	assert "Frappe" not in login["title"]
	assert login["favicon"].endswith(LOGO)

	browser.login(accountant.name, accountant.password)
	browser.get("/app")
	browser.wait_desk_idle()
	desk = browser.js(BRAND_JS)
	browser.screenshot("desk-brand")
	assert desk["navbar_logo"] == {"src": LOGO, "loaded": True}
	assert "Frappe" not in desk["title"] and "ERPNext" not in desk["title"]
	assert desk["favicon"].endswith(LOGO)


def test_portal_navbar_shows_the_brand(site, browser, world):
	browser.login(world.portal_user, world.portal_password)
	browser.get("/mon-espace")
	browser.wait_js("document.readyState === 'complete' && document.querySelector('.syndic-portal')")
	portal = browser.js(BRAND_JS)
	browser.screenshot("portal-brand")
	assert portal["navbar_logo"] == {"src": LOGO, "loaded": True}
	assert "Frappe" not in portal["title"]
	# the co-owner's menu holds the portal's own pages, not ERPNext's projects, quotations, orders…
	menu = browser.js(
		"return Array.from(document.querySelectorAll('.sidebar-items a, .web-sidebar a')).map((a) => a.getAttribute('href'));"
	)
	assert "/mon-espace" in menu and "/mes-appels" in menu
	assert not {"/projects", "/quotations", "/orders", "/issues", "/timesheets"} & set(menu)

"""The co-owner portal as a new co-owner meets it (templates/includes/syndic_portal.html,
portal/language.py): French by default; the FR/AR switch on every portal page turns the page
right to left (<html dir="rtl" lang="ar">) with Arabic text, is remembered (reload, another page,
User.language) and switches back.
"""

import re

import pytest

pytestmark = [pytest.mark.site, pytest.mark.browser]

PAGES = ("/mon-espace", "/mes-appels", "/mes-paiements", "/mon-releve")
ARABIC = re.compile(r"[\u0600-\u06FF]")


def page_state(browser) -> dict:
	return browser.js(
		"""const main = document.querySelector('.syndic-portal');
		return {dir: document.documentElement.getAttribute('dir') || '',
			lang: document.documentElement.getAttribute('lang') || '',
			body_dir: getComputedStyle(document.body).direction,
			text: main ? main.innerText : '',
			title: (document.querySelector('.syndic-portal-title') || {}).innerText || '',
			switch: Array.from(document.querySelectorAll('[data-syndic-lang]')).map((b) => b.dataset.syndicLang)};"""
	)


def open_page(browser, route):
	browser.get(route)
	browser.wait_js("document.readyState === 'complete' && document.querySelector('.syndic-portal')")


def test_language_switch_turns_the_portal_right_to_left_and_is_remembered(site, browser, world):
	frappe = site
	frappe.db.set_value("User", world.portal_user, "language", "fr")
	frappe.db.commit()
	browser.login(world.portal_user, world.portal_password)
	for route in PAGES:
		open_page(browser, route)
		state = page_state(browser)
		assert state["switch"] == ["fr", "ar"], route
		assert state["lang"].startswith("fr") and state["dir"] != "rtl" and state["body_dir"] == "ltr", route
	open_page(browser, "/mon-espace")
	browser.screenshot("portal-fr")
	french = page_state(browser)
	assert not ARABIC.search(french["text"])

	browser.css('[data-syndic-lang="ar"]')[0].click()
	browser.wait_js("document.documentElement.getAttribute('dir') === 'rtl'")
	open_page(browser, "/mon-espace")
	state = page_state(browser)
	browser.screenshot("portal-ar")
	assert state["lang"] == "ar" and state["dir"] == "rtl" and state["body_dir"] == "rtl"
	assert ARABIC.search(state["title"]) and ARABIC.search(state["text"])
	frappe.db.rollback()  # a fresh snapshot: the web server wrote it
	assert frappe.db.get_value("User", world.portal_user, "language") == "ar"

	browser.driver.refresh()
	browser.wait_js("document.readyState === 'complete' && document.querySelector('.syndic-portal')")
	assert page_state(browser)["dir"] == "rtl"
	for route in PAGES[1:]:
		open_page(browser, route)
		state = page_state(browser)
		assert state["dir"] == "rtl" and state["lang"] == "ar" and ARABIC.search(state["title"]), route
	browser.screenshot("portal-ar-statement")

	browser.css('[data-syndic-lang="fr"]')[0].click()
	browser.wait_js("document.documentElement.getAttribute('lang') === 'fr'")
	open_page(browser, "/mon-espace")
	state = page_state(browser)
	assert state["dir"] != "rtl" and not ARABIC.search(state["title"])
	frappe.db.rollback()  # a fresh snapshot: the web server wrote it
	assert frappe.db.get_value("User", world.portal_user, "language") == "fr"

"""Empty lists speak French (locale/incoming/desk.csv carries Frappe's msgid "You haven't created a
{0} yet", untranslated in Frappe's own catalogues): a syndic accountant restricted to a résidence
without incoming documents opens the Incoming Document list and reads the whole message in French,
the DocType's name included."""

import pytest

from tests.browser.conftest import drop_user, make_user, uid

pytestmark = [pytest.mark.site, pytest.mark.browser]


@pytest.fixture
def restricted(site, world):
	"""A Syndic Accountant who sees only the test résidence (User Permission), which has no incoming
	document: his Incoming Document list is empty without any filter of his."""
	frappe = site
	frappe.db.rollback()
	assert not frappe.db.count("Incoming Document", {"residence": world.residence})
	user = make_user(frappe, f"vide.{uid().lower()}@example.ma", [], role_profile_name="Syndic Accountant")
	frappe.get_doc(
		{"doctype": "User Permission", "user": user.name, "allow": "Residence", "for_value": world.residence}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	yield user
	for name in frappe.get_all("User Permission", filters={"user": user.name}, pluck="name"):
		frappe.delete_doc("User Permission", name, force=True, ignore_permissions=True)
	drop_user(frappe, user.name)


def test_empty_list_message_is_french(site, browser, restricted):
	frappe = site
	doctype = "Incoming Document"
	want = frappe._("You haven't created a {0} yet", lang="fr").format(frappe._(doctype, lang="fr"))
	hint = "merge locale/incoming/*.csv into fr.po / ar.po and compile them (bench build)"

	browser.login(restricted.name, restricted.password)
	browser.get("/app/incoming-document")
	browser.wait_js("window.cur_list && cur_list.doctype === 'Incoming Document'")
	browser.wait_desk_idle()
	text = browser.wait_js(
		"(() => { const el = document.querySelector('.frappe-list .no-result'); "
		"return el && el.offsetParent ? el.innerText.trim() : null; })()"
	)
	browser.screenshot("empty-incoming-documents")
	# what the page shows is the site's own translation of Frappe's message and of the DocType
	assert text == want or want in text, (text, want)
	assert "You haven't created" not in want, f"no French for Frappe's empty-list message: {hint}"
	assert doctype not in want, f"the DocType name is not translated: {hint}"

"""The portal's language: French by default, Arabic on request."""

import frappe

from syndic_maroc.portal.access import co_owners_of_user, deny
from syndic_maroc.utils.language import LANGUAGES, lang_of, printing


def page_language() -> str:
	lang = (getattr(frappe.local, "lang", None) or "fr").split("-")[0]
	return lang if lang in LANGUAGES else "fr"


def set_language(lang: str) -> str:
	"""The portal's language switch: the user's language (and their co-owner's preferred one)."""
	lang = lang_of(lang)
	if frappe.session.user == "Guest":
		deny()
	frappe.db.set_value("User", frappe.session.user, "language", lang)
	# Frappe reads this cookie for guests (frappe.translate.get_language): after logging out, the
	# login page stays in the language the co-owner chose.
	frappe.local.cookie_manager.set_cookie("preferred_language", lang)
	for row in co_owners_of_user():
		frappe.db.set_value("Co-owner", row.name, "preferred_language", lang, update_modified=False)
	frappe.clear_cache(user=frappe.session.user)
	return lang

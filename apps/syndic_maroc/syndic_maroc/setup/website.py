"""The product's name and logo where a new user meets Frappe's (login page, browser title, desk
and portal navbars, favicon), and a portal without ERPNext's own menu (projects, quotations,
orders…: a co-owner has none of them).

Set at install and migrate; a value the administrator chose (anything but Frappe's or ERPNext's
default) is left alone.
"""

import frappe

APP_NAME = "Syndic Maroc"
LOGO = "/assets/syndic_maroc/images/syndic-maroc-logo.svg"
DEFAULT_NAMES = ("", "Frappe", "ERPNext")
# the portal navbar's brand (Website Settings brand_html): the logo and the name
BRAND_HTML = (
	f'<img src="{LOGO}" alt="" width="28" height="28" style="margin-inline-end: 8px; vertical-align: middle">'
	f"<span>{APP_NAME}</span>"
)


def _set_if_default(doctype: str, field: str, value: str, defaults=("",)) -> bool:
	current = frappe.db.get_single_value(doctype, field) or ""
	if current in defaults:
		frappe.db.set_single_value(doctype, field, value)
		return True
	return False


def setup_branding() -> None:
	changed = [
		_set_if_default("Website Settings", "app_name", APP_NAME, DEFAULT_NAMES),
		_set_if_default("System Settings", "app_name", APP_NAME, DEFAULT_NAMES),
		_set_if_default("Website Settings", "app_logo", LOGO),
		_set_if_default("Website Settings", "favicon", LOGO),
		_set_if_default("Website Settings", "splash_image", LOGO),
		_set_if_default("Website Settings", "brand_html", BRAND_HTML),
		_set_if_default("Navbar Settings", "app_logo", LOGO),
	]
	# ERPNext's standard portal menu (projects, quotations, orders, issues…) is not a co-owner's
	if not frappe.db.get_single_value("Portal Settings", "hide_standard_menu"):
		frappe.db.set_single_value("Portal Settings", "hide_standard_menu", 1)
		changed.append(True)
	if any(changed):
		frappe.clear_cache()

"""The language of work done outside a web request (background jobs, bench commands).

The app's messages are English sources translated by the catalogues. A web request speaks its
user's language (User.language, else System Settings: French on a Moroccan site), but
`frappe.init` starts jobs and commands in `conf.lang or "en"`: without this, a call issued in the
background would write English remarks on a French site.
"""

import contextlib

import frappe
from frappe.translate import get_user_lang


def use_user_language(user: str | None = None) -> str:
	"""Speak the language a request of `user` (default: the session user) would get."""
	frappe.local.lang = get_user_lang(user or frappe.session.user)
	return frappe.local.lang


def before_job(method=None, kwargs=None, transaction_type=None) -> None:
	"""hooks.before_job: a job speaks the language of the user who queued it."""
	use_user_language()


LANGUAGES = ("fr", "ar")  # what the portal and our prints offer


def lang_of(lang: str | None) -> str:
	lang = (lang or "fr").split("-")[0]
	return lang if lang in LANGUAGES else "fr"


@contextlib.contextmanager
def printing(lang: str):
	"""Print in `lang` without the desk's print permission (the caller checked ownership)."""
	from frappe.translate import print_language

	previous = frappe.flags.ignore_print_permissions
	frappe.flags.ignore_print_permissions = True
	try:
		with print_language(lang):
			yield
	finally:
		frappe.flags.ignore_print_permissions = previous

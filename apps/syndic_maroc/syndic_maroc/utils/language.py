"""The language of work done outside a web request (background jobs, bench commands).

The app's messages are English sources translated by the catalogues. A web request speaks its
user's language (User.language, else System Settings: French on a Moroccan site), but
`frappe.init` starts jobs and commands in `conf.lang or "en"`: without this, a call issued in the
background would write English remarks on a French site.
"""

import frappe
from frappe.translate import get_user_lang


def use_user_language(user: str | None = None) -> str:
	"""Speak the language a request of `user` (default: the session user) would get."""
	frappe.local.lang = get_user_lang(user or frappe.session.user)
	return frappe.local.lang


def before_job(method=None, kwargs=None, transaction_type=None) -> None:
	"""hooks.before_job: a job speaks the language of the user who queued it."""
	use_user_language()

"""Who may call which whitelisted method (hooks.py `auth_hooks`, run once the request's user is
known, cookie or token alike).

Frappe lets any logged-in user call any whitelisted method of any installed app, and many of
them answer without a permission check (issue 10). Rules here, by function object, not by name:
a function imported into another module is callable under that module's name too, so a name
based rule (or ``override_whitelisted_methods`` alone) is bypassed by an alias.

- Website users (co-owners) are refused every method except: those open to Guests and not in
  `GUEST_REFUSED`, the few portal ones in `WEBSITE_USER_METHODS`, and our own app's (each of
  which checks permission itself).
- Guests are refused `GUEST_REFUSED` (Guest-open ERPNext methods that disclose or write a
  document they name).
- Everyone is refused an alias of a method we override (the override replaces only its name).
- Guests and website users never get a traceback, whatever System Settings say.
- Test modules' methods are refused (outside developer mode).
- A call without a required argument gets a clear 417 instead of Python's TypeError (a 500).
"""

import inspect
import re

import frappe
from frappe import _

# Open to Guests in Frappe/ERPNext, refused here: a Payment Request made from any invoice name
# returns its amount, customer and e-mail; the RFQ PDF is the supplier's; appointment booking,
# likes and payment e-mails are features this product does not serve.
GUEST_REFUSED = frozenset(
	{
		"erpnext.accounts.doctype.payment_request.payment_request.make_payment_request",
		"erpnext.accounts.doctype.payment_request.payment_request.resend_payment_email",
		"erpnext.buying.doctype.request_for_quotation.request_for_quotation.download_pdf",
		"erpnext.www.book_appointment.index.create_appointment",
		"erpnext.www.book_appointment.index.get_appointment_settings",
		"erpnext.www.book_appointment.index.get_appointment_slots",
		"erpnext.www.book_appointment.index.get_timezones",
		"frappe.templates.includes.likes.likes.like",
	}
)

# Besides the Guest-open ones: what a logged-in portal user needs from Frappe.
WEBSITE_USER_METHODS = frozenset(
	{
		"frappe.auth.get_logged_user",
		"frappe.handler.logout",
		"frappe.handler.web_logout",
		"frappe.realtime.get_user_info",
		"frappe.realtime.can_subscribe_doc",
		"frappe.realtime.can_subscribe_doctype",
	}
)

OWN_APP = "syndic_maroc"

_V2_DOCTYPE_METHOD = re.compile(r"^/api/v2/method/([^/]+)/([^/]+)/?$")
_METHOD_PATH = re.compile(r"^/api/(?:v1/|v2/)?method/([^/]+)/?$")
# answered by Frappe's login manager and /api/v2's own routes, not by a whitelisted method
_NOT_METHODS = {"login", "logout"}


def _refuse():
	# through frappe.throw: the answer carries the message (api v1 and v2), never a traceback
	frappe.throw(
		_("You are not permitted to call this method."), frappe.PermissionError, title=_("Not permitted")
	)


def is_website_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Guest":
		return False
	if user == frappe.session.user and (frappe.session.data or {}).get("user_type"):
		return frappe.session.data.user_type == "Website User"
	return frappe.get_cached_value("User", user, "user_type") == "Website User"


def refuse_outsiders() -> None:
	"""Raise PermissionError for Guests and website users (desk-only methods)."""
	if frappe.session.user == "Guest" or is_website_user():
		_refuse()


def _unwrapped(fn):
	return inspect.unwrap(getattr(fn, "__func__", fn))


def _attr(name: str):
	"""The object `name` names (dotless names are frappe.handler's, as for /api/method), or
	None; a failed lookup leaves no message in the request's answer."""
	from frappe import handler

	if "." not in name:
		return getattr(handler, name, None)
	messages = len(frappe.local.message_log or [])
	try:
		return frappe.get_attr(name)
	except Exception:  # an app or module that is not there: nothing to allow or refuse
		del frappe.local.message_log[messages:]
		return None


def _resolve(names) -> set[int]:
	return {id(_unwrapped(fn)) for fn in map(_attr, names) if fn is not None}


def replaced_originals() -> set[int]:
	"""Ids of the functions our app's overrides replace (Frappe's own overrides only rename
	legacy paths: their originals are their targets, and stay callable)."""
	hooks = frappe.get_hooks("override_whitelisted_methods") or {}
	ours = {name for name, targets in hooks.items() if targets and targets[-1].startswith(f"{OWN_APP}.")}
	targets = {targets[-1] for targets in hooks.values() if targets}
	return _resolve(ours) - _resolve(targets)


def _policy() -> dict:
	"""Function ids of each rule, resolved once per process (imports are per process)."""
	cache = getattr(_policy, "cache", None)
	if cache is None:
		cache = _policy.cache = {
			"guest_refused": _resolve(GUEST_REFUSED),
			"website": _resolve(WEBSITE_USER_METHODS),
			"overridden": replaced_originals(),
		}
	# Guest-open methods register as their modules get imported: follow the list as it grows
	if cache.get("guest_count") != len(frappe.guest_methods):
		cache["guest_open"] = {id(_unwrapped(fn)) for fn in frappe.guest_methods}
		cache["guest_count"] = len(frappe.guest_methods)
	return cache


def requested_method() -> str | None:
	"""Dotted path of the whitelisted method this request calls, if it calls one."""
	request = getattr(frappe.local, "request", None)
	if frappe.form_dict.get("cmd"):
		return frappe.form_dict.cmd
	if request is None:
		return None
	path = request.path
	if match := _V2_DOCTYPE_METHOD.match(path):
		from frappe.modules.utils import load_doctype_module

		doctype, method = match.groups()
		if method == "run_doc_method":
			return "frappe.handler.run_doc_method"
		try:
			return f"{load_doctype_module(doctype).__name__}.{method}"
		except Exception:
			return f"{doctype}.{method}"
	if match := _METHOD_PATH.match(path):
		return match.group(1)
	return None


def in_test_module(name: str) -> bool:
	"""A path into the apps' test modules (importing one may write its fixtures)."""
	return any(part == "tests" or part.startswith("test_") for part in name.split(".")[:-1])


def resolve(name: str):
	"""The function object `name` reaches, after Frappe's own overrides; None if none."""
	return _attr(frappe.override_whitelisted_method(name))


def check_callable(name: str, fn) -> None:
	"""Raise PermissionError if the session user may not call `fn` (reached as `name`)."""
	policy = _policy()
	key = id(_unwrapped(fn)) if fn is not None else None
	if key is not None and key in policy["overridden"]:
		# the original of a method we override, reached under another module's name
		_refuse()
	user = frappe.session.user
	if user == "Guest":
		if key in policy["guest_refused"]:
			_refuse()
		return
	if not is_website_user(user):
		return
	if fn is None:
		_refuse()
	home = getattr(_unwrapped(fn), "__module__", "") or ""
	if home.split(".")[0] == OWN_APP:
		return  # our own methods check permission themselves (tests/site/security)
	if key in policy["website"] or (key in policy["guest_open"] and key not in policy["guest_refused"]):
		return
	_refuse()


def guard_request() -> None:
	"""auth_hooks: refuse the method this request calls when its user may not call it."""
	user = frappe.session.user
	if user == "Guest" or is_website_user(user):
		frappe.local.flags.disable_traceback = True
	name = requested_method()
	if not name or name in _NOT_METHODS:
		return
	if in_test_module(name) and not frappe.conf.developer_mode:
		_refuse()
	fn = resolve(name)
	check_callable(name, fn)
	if fn is not None and (user != "Guest" or id(_unwrapped(fn)) in _policy()["guest_open"]):
		check_arguments(fn)


def check_arguments(fn) -> None:
	"""A required argument missing from the request: a clear 417, not Python's TypeError (500)."""
	from frappe.handler import run_doc_method

	if fn is run_doc_method:
		return
	try:
		params = inspect.signature(_unwrapped(fn)).parameters.values()
	except (TypeError, ValueError):
		return
	missing = [
		p.name
		for p in params
		if p.default is inspect.Parameter.empty
		and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
		and p.name not in frappe.form_dict
	]
	if missing:
		frappe.throw(
			_("Missing argument(s): {0}").format(", ".join(missing)),
			frappe.ValidationError,
			title=_("Invalid request"),
		)

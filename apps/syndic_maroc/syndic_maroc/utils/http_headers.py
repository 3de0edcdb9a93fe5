"""hooks.py `after_request`: security headers on every response, and no traceback in the JSON
error answers given to Guests and website users (issue 10).

The headers are the ones a production nginx adds (X-Frame-Options, CSP frame-ancestors,
nosniff, Referrer-Policy); set here they hold with or without nginx in front.
"""

import json

import frappe

SECURITY_HEADERS = {
	"X-Frame-Options": "SAMEORIGIN",
	"Content-Security-Policy": "frame-ancestors 'self'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy": "strict-origin-when-cross-origin",
}

# keys of Frappe's JSON answers that carry a traceback (api v1 and v2)
_TRACEBACK_KEYS = ("exc", "exception", "_exc_source", "_debug_messages")


def _outsider() -> bool:
	from syndic_maroc.utils.method_gate import is_website_user

	session = getattr(frappe.local, "session", None)
	user = getattr(session, "user", None) or "Guest"
	if user == "Guest":
		return True
	try:
		return is_website_user(user)
	except Exception:  # no database any more: say outsider, the safe side
		return True


def _strip_traceback(response) -> None:
	try:
		body = json.loads(response.get_data(as_text=True))
	except ValueError:
		return
	if not isinstance(body, dict):
		return
	changed = False
	for key in _TRACEBACK_KEYS:
		if key in body:
			body.pop(key)
			changed = True
	for error in body.get("errors") or []:
		if isinstance(error, dict) and "exception" in error:
			error.pop("exception")
			changed = True
	if changed:
		response.set_data(json.dumps(body))


def after_request(response=None, request=None) -> None:
	if response is None:
		return
	for header, value in SECURITY_HEADERS.items():
		if header not in response.headers:
			response.headers[header] = value
	if response.status_code >= 400 and response.mimetype == "application/json" and _outsider():
		_strip_traceback(response)

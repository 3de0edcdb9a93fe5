"""WSGI entry point for gunicorn (Procfile `web`), run with the bench's `sites/` as working directory.

Same as `frappe.app:application`, plus what nginx does in a production bench:
- requests whose Host names no site of this bench (``localhost:8000``, an IP address) go to the
  default site (``default_site`` in ``sites/common_site_config.json``, else ``currentsite.txt``);
- ``/assets`` and ``/files`` are served from ``sites/`` (Frappe's own static middleware).
"""

import json
import os

import frappe.app
from werkzeug.exceptions import NotFound

_SITES = os.path.abspath(os.environ.get("FRAPPE_SITES_PATH", "."))
frappe.app._sites_path = _SITES
_app = frappe.app.application_with_statics()


def _default_site() -> str | None:
	site = os.environ.get("FRAPPE_SITE")
	if site:
		return site
	try:
		with open(os.path.join(_SITES, "common_site_config.json")) as f:
			site = json.load(f).get("default_site")
	except (OSError, ValueError):
		site = None
	if not site:
		try:
			with open(os.path.join(_SITES, "currentsite.txt")) as f:
				site = f.read().strip()
		except OSError:
			site = None
	return site or None


def _is_site(name: str) -> bool:
	return bool(name) and "/" not in name and os.path.isfile(os.path.join(_SITES, name, "site_config.json"))


def application(environ, start_response):
	if not environ.get("HTTP_X_FRAPPE_SITE_NAME"):
		host = environ.get("HTTP_HOST", "").split(":", 1)[0]
		if not _is_site(host):
			site = _default_site()
			if site:
				environ["HTTP_X_FRAPPE_SITE_NAME"] = site
	try:
		return _app(environ, start_response)
	except NotFound as missing:
		# Frappe's static middleware raises NotFound for a /files/… path that is not on disk,
		# outside any handler: a 404, not an Internal Server Error
		return missing(environ, start_response)

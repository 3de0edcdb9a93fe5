"""WSGI entry for the test's own gunicorn: the app's syndic_maroc.wsgi, with the site's public URL
(host_name) pointed at this very server, as in production where the URL a site gives to
wkhtmltopdf is served by the same gunicorn. Run with `sites/` as working directory and
FRAPPE_SITE set; SYNDIC_TEST_HOST_NAME is the server's own http://127.0.0.1:<port>."""

import os

import frappe

_get_site_config = frappe.get_site_config


def _get_site_config_here(*args, **kwargs):
	conf = _get_site_config(*args, **kwargs)
	if os.environ.get("SYNDIC_TEST_HOST_NAME"):
		conf["host_name"] = os.environ["SYNDIC_TEST_HOST_NAME"]
	return conf


frappe.get_site_config = _get_site_config_here

from syndic_maroc.wsgi import application

__all__ = ["application"]

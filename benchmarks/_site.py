"""Connecting a benchmark script to the bench's site (run it with the bench's Python)."""

import os
from pathlib import Path


def connect(site: str, bench: Path):
	"""Initialise Frappe on `site` of `bench` as Administrator, with outgoing email muted."""
	os.chdir(bench / "sites")
	import frappe

	frappe.init(site=site, sites_path=str(bench / "sites"))
	frappe.connect()
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	return frappe

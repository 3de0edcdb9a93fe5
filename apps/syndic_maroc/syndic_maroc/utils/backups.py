"""Scheduled backups with files (issue 10), by Frappe's own backup (frappe.utils.backups).

Frappe 15 leaves the schedule to bench's crontab (`bench backup-all-sites`), which a bench run
by honcho/supervise has not got: this hourly job asks Frappe for a backup with the public and
private files, and Frappe makes one only when the newest is older than the interval.

Site config (scripts/install.sh sets both):
- `syndic_backup_interval_hours` (default 6): how often;
- `keep_backups_for_hours` (Frappe's own key, default 168 here): retention, older sets deleted.
Backups land in sites/<site>/private/backups; scripts/restore.sh restores one into a new site.
"""

import frappe
from frappe.utils import cint

DEFAULT_INTERVAL_HOURS = 6


def interval_hours() -> int:
	return cint(frappe.conf.get("syndic_backup_interval_hours")) or DEFAULT_INTERVAL_HOURS


def scheduled() -> None:
	"""hooks.py scheduler_events hourly_long: a backup with files when the last one is old."""
	if cint(frappe.conf.get("syndic_backup_disabled")):
		return
	from frappe.utils.backups import new_backup

	# new_backup first deletes sets older than keep_backups_for_hours, and with force=False
	# makes none when the newest set is younger than `older_than` hours
	new_backup(older_than=interval_hours(), ignore_files=False, force=False)

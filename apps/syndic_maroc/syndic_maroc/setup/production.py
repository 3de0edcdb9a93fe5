"""A site's production settings, applied by scripts/install.sh and scripts/add_site.sh (issue 10).

- Login attempts: Frappe's own lock-out (System Settings), per user AND per IP address
  (frappe.auth tracks both): after `max_attempts` consecutive failures, no login for
  `lock_seconds`. This is the login rate limit; a correct password never counts.
- Backups: the interval and retention keys read by syndic_maroc.utils.backups (site config).
"""

import frappe
from frappe.installer import update_site_config

LOGIN_MAX_ATTEMPTS = 5
LOGIN_LOCK_SECONDS = 300
BACKUP_INTERVAL_HOURS = 6
BACKUP_KEEP_HOURS = 7 * 24


def configure(
	max_attempts: int = LOGIN_MAX_ATTEMPTS,
	lock_seconds: int = LOGIN_LOCK_SECONDS,
	backup_interval_hours: int = BACKUP_INTERVAL_HOURS,
	keep_backups_for_hours: int = BACKUP_KEEP_HOURS,
) -> dict:
	settings = frappe.get_single("System Settings")
	settings.allow_consecutive_login_attempts = max_attempts
	settings.allow_login_after_fail = lock_seconds
	settings.flags.ignore_mandatory = True
	settings.save(ignore_permissions=True)
	# keys of site_config.json; an admin's own values there are kept
	for key, value in (
		("syndic_backup_interval_hours", backup_interval_hours),
		("keep_backups_for_hours", keep_backups_for_hours),
	):
		if frappe.conf.get(key) is None:
			update_site_config(key, value)
	return {
		"login_attempts": max_attempts,
		"lock_seconds": lock_seconds,
		"backup_interval_hours": frappe.get_site_config().get("syndic_backup_interval_hours"),
		"keep_backups_for_hours": frappe.get_site_config().get("keep_backups_for_hours"),
	}

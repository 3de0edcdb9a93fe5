"""Backups and restore (issue 10): a backup with files of the test site, restored into a new site
by scripts/restore.sh, has the same trial balance per company and account, the same number of
rows in every table and the same files (sha256). The restored site is dropped afterwards."""

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PY = REPO / "env" / "bin" / "python"
BENCH = REPO / "env" / "bin" / "bench"
# tables whose rows a restore's own run writes (sessions, logs of the migrate and the scheduler)
LOG_TABLES = {
	"tabSessions",
	"tabError Log",
	"tabScheduled Job Log",
	"tabAccess Log",
	"tabActivity Log",
	"tabRoute History",
	"tabPatch Log",
	"tabDeleted Document",
	"tabVersion",
	"tabPrepared Report",
}

FINGERPRINT = r"""
import hashlib, json, os, sys
import frappe
site = sys.argv[1]
frappe.init(site=site, sites_path=".")
frappe.connect()
gl = frappe.db.sql(
	'''select company, account, sum(debit), sum(credit) from `tabGL Entry`
	where is_cancelled = 0 group by company, account order by company, account''')
tables = [t[0] for t in frappe.db.sql("show tables")]
counts = {t: frappe.db.sql(f"select count(*) from `{t}`")[0][0] for t in tables if t.startswith("tab")}
files = {}
for root in ("public/files", "private/files"):
	base = os.path.join(site, root)
	for folder, _, names in os.walk(base):
		for name in names:
			path = os.path.join(folder, name)
			with open(path, "rb") as f:
				files[os.path.relpath(path, site)] = hashlib.sha256(f.read()).hexdigest()
print("FINGERPRINT " + json.dumps({"gl": [[str(c) for c in r] for r in gl], "counts": counts, "files": files}))
frappe.destroy()
"""


def _fingerprint(site_name: str) -> dict:
	out = subprocess.run(
		[str(PY), "-c", FINGERPRINT, site_name],
		cwd=REPO / "sites",
		capture_output=True,
		text=True,
		check=True,
		timeout=300,
	).stdout
	line = next(line for line in out.splitlines() if line.startswith("FINGERPRINT "))
	return json.loads(line.removeprefix("FINGERPRINT "))


def _drop(new_site: str) -> None:
	subprocess.run(
		[
			str(BENCH),
			"drop-site",
			new_site,
			"--db-root-username",
			os.environ.get("DB_ADMIN_USER", "syndic_admin"),
			"--db-root-password",
			(REPO / "sites" / ".db_admin_password").read_text().split()[0],
			"--no-backup",
			"--force",
		],
		cwd=REPO,
		capture_output=True,
		text=True,
		check=False,
		timeout=300,
	)


@pytest.mark.site
def test_backup_with_files_restores_into_a_new_site_identical(site):
	name = site.local.site
	if not (REPO / "sites" / ".db_admin_password").is_file():
		pytest.skip("no bench MariaDB account (sites/.db_admin_password): cannot create a site")
	# a public and a private file, so the comparison covers both archives
	stamp = str(time.time_ns())
	for is_private in (0, 1):
		site.get_doc(
			{
				"doctype": "File",
				"file_name": f"backup-probe-{stamp}-{is_private}.txt",
				"content": f"probe {stamp} {is_private}".encode(),
				"is_private": is_private,
			}
		).insert(ignore_permissions=True)
	site.db.commit()
	new_site = f"restore-{stamp[-8:]}.localhost"
	try:
		subprocess.run(
			[str(BENCH), "--site", name, "backup", "--with-files"],
			cwd=REPO,
			capture_output=True,
			text=True,
			check=True,
			timeout=600,
		)
		backups = REPO / "sites" / name / "private" / "backups"
		sql = max(backups.glob("*-database.sql.gz"), key=lambda p: p.stat().st_mtime)
		prefix = str(sql).removesuffix("-database.sql.gz")
		assert Path(prefix + "-files.tar").is_file() and Path(prefix + "-private-files.tar").is_file()
		before = _fingerprint(name)
		restore = subprocess.run(
			["bash", str(REPO / "scripts" / "restore.sh"), prefix, new_site],
			cwd=REPO,
			capture_output=True,
			text=True,
			check=False,
			timeout=900,
			# as taken: a migrate would add what the code changed since (not part of the backup)
			env={**os.environ, "SKIP_MIGRATE": "1"},
		)
		assert restore.returncode == 0, restore.stdout[-2000:] + restore.stderr[-2000:]
		after = _fingerprint(new_site)

		assert before["gl"], "the test site has no GL entries: nothing compared"
		assert after["gl"] == before["gl"]  # the trial balance of every résidence (company)
		differ = {
			t: (n, after["counts"].get(t))
			for t, n in before["counts"].items()
			if t not in LOG_TABLES and after["counts"].get(t) != n
		}
		assert not differ, sorted(differ.items())
		# the backups folder holds the backup itself: not part of the site's files
		own = {k: v for k, v in before["files"].items() if not k.startswith("private/backups/")}
		restored = {k: v for k, v in after["files"].items() if not k.startswith("private/backups/")}
		assert restored == own
		assert any(k.startswith("public/files/backup-probe-") for k in own)
		assert any(k.startswith("private/files/backup-probe-") for k in own)
		print(
			f"\nrestored {name} → {new_site}: {len(before['gl'])} GL account rows, "
			f"{len(before['counts'])} tables, {len(own)} files identical"
		)
	finally:
		_drop(new_site)
		for f in site.get_all(
			"File",
			filters={"file_name": ["like", f"backup-probe-{stamp}-%"]},
			pluck="name",
		):
			site.delete_doc("File", f, ignore_permissions=True, force=True)
		site.db.commit()


@pytest.mark.site
def test_scheduled_backup_respects_the_interval(site):
	"""utils.backups.scheduled: a set with files when none is younger than the interval, none else."""
	from syndic_maroc.utils import backups

	folder = Path(site.get_site_path("private", "backups"))
	backups.scheduled()
	first = set(folder.glob("*-database.sql.gz"))
	assert first
	newest = max(first, key=lambda p: p.stat().st_mtime)
	assert Path(str(newest).removesuffix("-database.sql.gz") + "-private-files.tar").is_file()
	backups.scheduled()  # within the interval: no new set
	assert set(folder.glob("*-database.sql.gz")) == first

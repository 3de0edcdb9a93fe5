"""Several syndic firms on one bench (issue 10): each firm is its own Frappe site, served by
nginx by host name. A user, a public file URL, a queued job and a scheduled job of one site never
touch the other. Needs a second test site: SYNDIC_SITE_2 (with allow_tests), and nginx on :80
with the installer's config; skipped otherwise."""

import http.client
import json
import os
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PY = REPO / "env" / "bin" / "python"
JOB = "syndic_maroc.intake.jobs.requeue_stuck"

QUERY = r"""
import json, sys
import frappe
frappe.init(site=sys.argv[1], sites_path=".")
frappe.connect()
out = {
	"user": bool(frappe.db.exists("User", sys.argv[2])),
	"last_run": str(frappe.db.get_value("Scheduled Job Type", {"method": sys.argv[3]}, "last_execution")),
}
print("QUERY " + json.dumps(out))
frappe.destroy()
"""


def _other_site() -> str:
	other = os.environ.get("SYNDIC_SITE_2")
	if not other:
		pytest.skip("no second test site (SYNDIC_SITE_2): the bench needs two sites for this test")
	conf = REPO / "sites" / other / "site_config.json"
	if not conf.is_file() or not json.loads(conf.read_text()).get("allow_tests"):
		pytest.skip(f"{other} is not a test site (allow_tests)")
	return other


def _nginx_or_skip() -> None:
	try:
		conn = http.client.HTTPConnection("127.0.0.1", 80, timeout=5)
		conn.request("GET", "/api/method/ping")
		if conn.getresponse().getheader("Server", "").split("/")[0] != "nginx":
			pytest.skip("port 80 is not nginx")
	except OSError:
		pytest.skip("no nginx on :80 (scripts/install.sh as root configures it)")


def _request(host: str, method: str, path: str, body: dict | None = None, cookie: str = ""):
	conn = http.client.HTTPConnection("127.0.0.1", 80, timeout=60)
	headers = {"Host": host}
	data = None
	if body is not None:
		data = urllib.parse.urlencode(body)
		headers["Content-Type"] = "application/x-www-form-urlencoded"
	if cookie:
		headers["Cookie"] = cookie
	conn.request(method, path, body=data, headers=headers)
	resp = conn.getresponse()
	return resp.status, resp.read(), resp


def _query(site_name: str, user: str, job_type: str) -> dict:
	out = subprocess.run(
		[str(PY), "-c", QUERY, site_name, user, job_type],
		cwd=REPO / "sites",
		capture_output=True,
		text=True,
		check=True,
		timeout=120,
	).stdout
	return json.loads(next(x for x in out.splitlines() if x.startswith("QUERY ")).removeprefix("QUERY "))


@pytest.mark.site
def test_user_file_queued_and_scheduled_job_stay_in_their_site(site):
	other = _other_site()
	_nginx_or_skip()
	here = site.local.site
	stamp = str(time.time_ns())[-9:]
	email = f"tenant-{stamp}@example.com"
	password = f"Tenant-{stamp}-pw!"
	job_type = site.db.get_value("Scheduled Job Type", {"method": JOB}, "name")
	assert job_type, "the app's 15-minute job is not registered on the site"
	user = site.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Tenant",
			"send_welcome_email": 0,
			"new_password": password,
		}
	).insert(ignore_permissions=True)
	public = site.get_doc(
		{
			"doctype": "File",
			"file_name": f"tenant-{stamp}.txt",
			"content": f"only on {here}".encode(),
			"is_private": 0,
		}
	).insert(ignore_permissions=True)
	site.db.commit()
	other_before = _query(other, email, JOB)
	try:
		# the user exists on its site only: logging in on the other firm's host fails
		status, _, _ = _request(here, "POST", "/api/method/login", {"usr": email, "pwd": password})
		assert status == 200
		status, _, _ = _request(other, "POST", "/api/method/login", {"usr": email, "pwd": password})
		assert status == 401
		assert _query(other, email, JOB)["user"] is False

		# the public file URL, served by nginx from the site's folder, is not on the other host
		status, content, _ = _request(here, "GET", public.file_url)
		assert (status, content) == (200, f"only on {here}".encode())
		status, _, _ = _request(other, "GET", public.file_url)
		assert status == 404

		# a queued job runs against the site that queued it
		site.enqueue(
			"frappe.client.set_value",
			queue="short",
			doctype="User",
			name=email,
			fieldname="bio",
			value=f"queued on {here}",
		)
		site.db.commit()
		# a scheduled job of the site (forced now) runs and is logged on that site only
		# (Frappe logs a run as the job type's last_execution)
		site.db.set_value("Scheduled Job Type", job_type, "last_execution", None, update_modified=False)
		site.get_doc("Scheduled Job Type", job_type).enqueue(force=True)
		site.db.commit()
		deadline = time.monotonic() + 90
		while time.monotonic() < deadline:
			site.db.rollback()
			done = site.db.get_value("User", email, "bio") == f"queued on {here}" and (
				site.db.get_value("Scheduled Job Type", job_type, "last_execution") is not None
			)
			if done:
				break
			time.sleep(1)
		else:
			pytest.fail("the queued or the scheduled job did not run within 90 s (workers running?)")
		other_after = _query(other, email, JOB)
		assert other_after == other_before  # no user, no run of the job on the other firm's site
	finally:
		site.db.rollback()
		site.delete_doc("File", public.name, ignore_permissions=True, force=True)
		site.delete_doc("User", user.name, ignore_permissions=True, force=True)
		site.db.commit()

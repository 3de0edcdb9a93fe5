"""Served like Frappe production (issue 10): the installer's nginx config
(config/nginx/syndic_maroc.conf.j2 via scripts/nginx_conf.py), run here by a private nginx on
loopback ports with a self-signed certificate (TLS_CERT/TLS_KEY), in front of the running
gunicorn (127.0.0.1:8000). Checks: assets from disk with gzip, every security header exactly once
(from disk and from Frappe), HTTP → HTTPS, private files only through Frappe's permission check,
the upload size limit, and the per-user rate limit of the PDF endpoints (utils.rate_limits)."""

import http.client
import shutil
import socket
import ssl
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PY = REPO / "env" / "bin" / "python"
HEADERS = ("X-Frame-Options", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


def _free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


@pytest.fixture(scope="module")
def proxy(site, tmp_path_factory):
	if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
		pytest.skip("nginx is not installed (scripts/install.sh installs it)")
	nginx = shutil.which("nginx") or "/usr/sbin/nginx"
	conn = http.client.HTTPConnection("127.0.0.1", 8000, timeout=5)
	try:
		conn.request("GET", "/api/method/ping")
		conn.getresponse().read()
	except OSError:
		pytest.skip("the bench's web process (127.0.0.1:8000) is not running: bash scripts/start.sh")
	tmp = tmp_path_factory.mktemp("nginx")
	cert, key = tmp / "cert.pem", tmp / "key.pem"
	subprocess.run(
		[
			"openssl",
			"req",
			"-x509",
			"-newkey",
			"rsa:2048",
			"-nodes",
			"-days",
			"1",
			"-subj",
			"/CN=localhost",
			"-keyout",
			str(key),
			"-out",
			str(cert),
		],
		check=True,
		capture_output=True,
	)
	http_port, https_port = _free_port(), _free_port()
	rendered = subprocess.run(
		[
			str(PY),
			str(REPO / "scripts" / "nginx_conf.py"),
			"--sites",
			site.local.site,
			"--http-port",
			str(http_port),
			"--https-port",
			str(https_port),
			"--tls-cert",
			str(cert),
			"--tls-key",
			str(key),
		],
		check=True,
		capture_output=True,
		text=True,
	).stdout
	(tmp / "site.conf").write_text(rendered)
	(tmp / "nginx.conf").write_text(
		f"""daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 256; }}
http {{
	include /etc/nginx/mime.types;
	access_log off;
	client_body_temp_path {tmp}/body;
	proxy_temp_path {tmp}/proxy;
	fastcgi_temp_path {tmp}/fastcgi;
	uwsgi_temp_path {tmp}/uwsgi;
	scgi_temp_path {tmp}/scgi;
	include {tmp}/site.conf;
}}
"""
	)
	proc = subprocess.Popen([nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf")], stderr=subprocess.PIPE)
	for _ in range(50):
		try:
			socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
			break
		except OSError:
			time.sleep(0.1)
	else:
		proc.kill()
		pytest.fail("nginx did not start: " + proc.stderr.read().decode()[-1000:])
	yield {"http": http_port, "https": https_port, "host": site.local.site}
	proc.terminate()
	proc.wait(timeout=10)


def _https(proxy, method, path, body=None, headers=None):
	ctx = ssl.create_default_context()
	ctx.check_hostname = False
	ctx.verify_mode = ssl.CERT_NONE
	conn = http.client.HTTPSConnection("127.0.0.1", proxy["https"], timeout=120, context=ctx)
	conn.request(method, path, body=body, headers={"Host": proxy["host"], **(headers or {})})
	resp = conn.getresponse()
	return resp, resp.read()


def _once(resp) -> None:
	names = [name.lower() for name, _ in resp.getheaders()]
	for header in HEADERS:
		assert names.count(header.lower()) == 1, (header, resp.getheaders())


@pytest.mark.site
def test_assets_from_disk_gzip_and_headers_once(proxy):
	css = next((REPO / "sites" / "assets" / "frappe" / "dist" / "css").glob("desk.bundle.*.css"))
	resp, body = _https(
		proxy, "GET", f"/assets/frappe/dist/css/{css.name}", headers={"Accept-Encoding": "gzip"}
	)
	assert resp.status == 200
	assert resp.getheader("Content-Encoding") == "gzip"
	assert "max-age=31536000" in resp.getheader("Cache-Control")
	_once(resp)
	assert resp.getheader("Strict-Transport-Security")
	# Frappe's own answer through the proxy: its headers (after_request), not doubled by nginx
	resp, body = _https(proxy, "GET", "/api/method/ping")
	assert (resp.status, body) == (200, b'{"message":"pong"}')
	_once(resp)


@pytest.mark.site
def test_http_redirects_to_https(proxy):
	conn = http.client.HTTPConnection("127.0.0.1", proxy["http"], timeout=10)
	conn.request("GET", "/app", headers={"Host": proxy["host"]})
	resp = conn.getresponse()
	assert resp.status == 301
	assert resp.getheader("Location") == f"https://{proxy['host']}:{proxy['https']}/app"


@pytest.mark.site
def test_private_files_only_through_frappe(site, proxy):
	stamp = str(time.time_ns())
	doc = site.get_doc(
		{"doctype": "File", "file_name": f"private-{stamp}.txt", "content": b"secret", "is_private": 1}
	).insert(ignore_permissions=True)
	site.db.commit()
	try:
		resp, body = _https(proxy, "GET", doc.file_url)
		assert resp.status == 403 and b"secret" not in body  # Guest: Frappe refuses
		# nginx's internal location cannot be reached from outside
		resp, body = _https(proxy, "GET", f"/protected{doc.file_url}")
		assert resp.status == 404 and b"secret" not in body
		# the owner's session (Administrator) gets it, through Frappe's X-Accel-Redirect
		resp, _ = _https(
			proxy,
			"POST",
			"/api/method/login",
			body=urllib.parse.urlencode({"usr": "Administrator", "pwd": "admin"}),
			headers={"Content-Type": "application/x-www-form-urlencoded"},
		)
		if resp.status != 200:
			pytest.skip("the test site's Administrator password is not 'admin'")
		sid = next(v.split(";")[0] for k, v in resp.getheaders() if k.lower() == "set-cookie" and "sid=" in v)
		resp, body = _https(proxy, "GET", doc.file_url, headers={"Cookie": sid})
		assert (resp.status, body) == (200, b"secret")
	finally:
		site.delete_doc("File", doc.name, ignore_permissions=True, force=True)
		site.db.commit()


@pytest.mark.site
def test_upload_over_the_limit_is_refused_by_nginx(proxy):
	rendered = subprocess.run(
		[str(PY), str(REPO / "scripts" / "nginx_conf.py"), "--sites", proxy["host"]],
		check=True,
		capture_output=True,
		text=True,
	).stdout
	limit_mb = int(rendered.split("client_max_body_size ")[1].split("m;")[0])
	assert limit_mb >= 26  # Intake Settings' 25 MB default + the multipart envelope
	resp, _ = _https(
		proxy,
		"POST",
		"/api/method/upload_file",
		body=b"x" * ((limit_mb + 1) * 1024 * 1024),
		headers={"Content-Type": "application/octet-stream"},
	)
	assert resp.status == 413


@pytest.mark.site
def test_pdf_endpoint_is_rate_limited_per_user(site, proxy):
	from frappe.installer import update_site_config

	resp, _ = _https(
		proxy,
		"POST",
		"/api/method/login",
		body=urllib.parse.urlencode({"usr": "Administrator", "pwd": "admin"}),
		headers={"Content-Type": "application/x-www-form-urlencoded"},
	)
	if resp.status != 200:
		pytest.skip("the test site's Administrator password is not 'admin'")
	sid = next(v.split(";")[0] for k, v in resp.getheaders() if k.lower() == "set-cookie" and "sid=" in v)
	site.cache.delete_keys("rl:")
	update_site_config("syndic_pdf_rate_limit", 2)
	try:
		statuses = []
		for _ in range(3):
			resp, _ = _https(
				proxy,
				"GET",
				"/api/method/syndic_maroc.api.portal.call_notice_pdf?invoice=NO-SUCH-INVOICE",
				headers={"Cookie": sid},
			)
			statuses.append(resp.status)
		assert statuses[2] == 429, statuses
		assert 429 not in statuses[:2], statuses
	finally:
		update_site_config("syndic_pdf_rate_limit", None)
		site.cache.delete_keys("rl:")

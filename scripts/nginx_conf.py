"""Render config/nginx/syndic_maroc.conf.j2 for this bench: one server block per site of sites/.

        env/bin/python scripts/nginx_conf.py [--default-site SITE] [--http-port 80] [--https-port 443]
                [--tls-cert PATH --tls-key PATH] [--sites a.localhost,b.localhost] > syndic_maroc.conf

Run by scripts/install.sh (as root it writes /etc/nginx/conf.d/syndic_maroc.conf). TLS_CERT and
TLS_KEY in the environment give the certificate when the flags are absent.
"""

import argparse
import json
import os
import sys
from pathlib import Path

import jinja2

REPO = Path(__file__).resolve().parent.parent
SITES = REPO / "sites"
TEMPLATE = REPO / "config" / "nginx" / "syndic_maroc.conf.j2"
# Intake Settings' default max_file_size_mb: the largest upload the intake accepts
DEFAULT_UPLOAD_MB = 25
# what a multipart request adds around the file (boundaries, other fields)
ENVELOPE_MB = 1
SECURITY_HEADERS = {
	"X-Frame-Options": '"SAMEORIGIN"',
	"Content-Security-Policy": "\"frame-ancestors 'self'\"",
	"X-Content-Type-Options": '"nosniff"',
	"Referrer-Policy": '"strict-origin-when-cross-origin"',
}


def bench_sites() -> list[str]:
	return sorted(p.name for p in SITES.iterdir() if p.is_dir() and (p / "site_config.json").is_file())


def common_config() -> dict:
	path = SITES / "common_site_config.json"
	return json.loads(path.read_text()) if path.is_file() else {}


def upload_limit_mb(sites: list[str]) -> int:
	"""The largest upload any site accepts: Intake Settings' limit, or Frappe's max_file_size."""
	largest = DEFAULT_UPLOAD_MB
	for site in sites:
		try:
			conf = json.loads((SITES / site / "site_config.json").read_text())
		except (OSError, ValueError):
			continue
		for key, scale in (
			("syndic_max_upload_mb", 1),
			("max_file_size", 1 / (1024 * 1024)),
		):
			if conf.get(key):
				largest = max(largest, int(float(conf[key]) * scale + 0.999))
	return largest


def render(args) -> str:
	sites = args.sites.split(",") if args.sites else bench_sites()
	if not sites:
		sys.exit("no site in sites/: create one first")
	default = args.default_site or (SITES / "currentsite.txt").read_text().strip()
	if default not in sites:
		default = sites[0]
	conf = common_config()
	tls_cert = args.tls_cert or os.environ.get("TLS_CERT") or ""
	tls_key = args.tls_key or os.environ.get("TLS_KEY") or ""
	if bool(tls_cert) != bool(tls_key):
		sys.exit("TLS needs both TLS_CERT and TLS_KEY")
	for path in (tls_cert, tls_key):
		if path and not Path(path).is_file():
			sys.exit(f"no such file: {path}")
	indent = "\t\t"
	headers = "\n".join(
		f"{indent}add_header {name} {value} always;" for name, value in SECURITY_HEADERS.items()
	)
	if tls_cert:
		headers += (
			f'\n{indent}add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;'
		)
	env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE.parent)), keep_trailing_newline=True)
	return env.get_template(TEMPLATE.name).render(
		sites=sites,
		default_site=default,
		sites_path=str(SITES),
		webserver_port=conf.get("webserver_port", 8000),
		socketio_port=conf.get("socketio_port", 9000),
		http_timeout=conf.get("http_timeout", 120),
		client_max_body_size=f"{upload_limit_mb(sites) + ENVELOPE_MB}m",
		http_port=args.http_port,
		https_port=args.https_port,
		tls=bool(tls_cert),
		tls_cert=str(Path(tls_cert).resolve()) if tls_cert else "",
		tls_key=str(Path(tls_key).resolve()) if tls_key else "",
		headers=headers,
	)


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--default-site")
	parser.add_argument("--sites", help="comma-separated; default: every site of sites/")
	parser.add_argument("--http-port", type=int, default=int(os.environ.get("HTTP_PORT", "80")))
	parser.add_argument("--https-port", type=int, default=int(os.environ.get("HTTPS_PORT", "443")))
	parser.add_argument("--tls-cert")
	parser.add_argument("--tls-key")
	sys.stdout.write(render(parser.parse_args()))


if __name__ == "__main__":
	main()

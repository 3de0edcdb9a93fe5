"""A gunicorn of our own on a free loopback port for the test site (threaded, like the Procfile's
web process), stopped with its whole process group (and any renderer it left) afterwards."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[3]


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(bench: Path, site: str, workers: int = 2, threads: int = 2, log: Path | None = None):
	"""Yields the base URL; every request goes to `site` whatever its Host header."""
	port = free_port()
	base = f"http://127.0.0.1:{port}"
	env = dict(
		os.environ,
		FRAPPE_SITE=site,
		SYNDIC_TEST_HOST_NAME=base,
		PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
	)
	env.pop("DEV_SERVER", None)
	out = open(log, "wb") if log else subprocess.DEVNULL
	proc = subprocess.Popen(
		[
			str(bench / "env" / "bin" / "gunicorn"),
			"--bind",
			f"127.0.0.1:{port}",
			"--workers",
			str(workers),
			"--threads",
			str(threads),
			"--timeout",
			"120",
			"tests.site.utils.pdf_server:application",
		],
		cwd=bench / "sites",
		env=env,
		stdout=out,
		stderr=subprocess.STDOUT,
		start_new_session=True,
	)
	try:
		deadline = time.monotonic() + 90
		while True:
			try:
				if requests.get(f"{base}/api/method/ping", timeout=5).status_code == 200:
					break
			except requests.RequestException:
				pass
			if proc.poll() is not None or time.monotonic() > deadline:
				raise RuntimeError(f"gunicorn did not start (exit {proc.poll()}), see {log}")
			time.sleep(0.5)
		yield base
	finally:
		with contextlib.suppress(ProcessLookupError):
			os.killpg(proc.pid, signal.SIGKILL)  # workers, and wkhtmltopdf/Chromium they started
		proc.wait()
		if log:
			out.close()

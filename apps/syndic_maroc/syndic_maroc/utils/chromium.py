"""Headless Chromium `--print-to-pdf` on a local HTML file, and a bounded subprocess runner.

Frappe-free (pure tests import it). A render never reaches a web server: the HTML and its assets
are local files and every network request goes to a closed proxy port (so a stray URL fails at
once instead of waiting on a busy server). Scripts are stripped by the caller (Chromium's own
print-to-pdf needs JavaScript on, so it is not switched off here). Every run has a hard timeout: on
expiry the whole process group (Chromium's zygote, renderer and GPU processes) is killed, so a
stuck render never holds a web worker.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CLOSED_PROXY = "http://127.0.0.1:9"  # discard port: nothing listens there on a normal host


class RenderError(RuntimeError):
	"""The renderer failed (exit status, no output)."""


class RenderTimeout(RenderError):
	"""The renderer ran past its timeout and was killed with its process group."""

	def __init__(self, seconds: float, detail: str = ""):
		super().__init__(f"render killed after {seconds:g} s" + (f": {detail}" if detail else ""))
		self.seconds = seconds


@dataclass
class Finished:
	returncode: int
	stdout: bytes
	stderr: bytes


def _kill_group(proc: subprocess.Popen) -> None:
	with contextlib.suppress(ProcessLookupError, PermissionError):
		os.killpg(proc.pid, signal.SIGKILL)
	with contextlib.suppress(Exception):
		proc.kill()


def run_bounded(
	args: list[str], timeout: float, input: bytes | None = None, env: dict | None = None, cwd=None
) -> Finished:
	"""Run `args` in its own session; past `timeout` seconds kill its whole process group."""
	proc = subprocess.Popen(
		args,
		stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
		stdout=subprocess.PIPE,
		stderr=subprocess.PIPE,
		env=env,
		cwd=cwd,
		start_new_session=True,  # own process group: killpg reaches every child
	)
	try:
		stdout, stderr = proc.communicate(input=input, timeout=timeout)
	except subprocess.TimeoutExpired:
		_kill_group(proc)
		_, stderr = proc.communicate()
		raise RenderTimeout(timeout, _tail(stderr)) from None
	except BaseException:  # interrupted (worker shutdown, KeyboardInterrupt): leave nothing behind
		_kill_group(proc)
		proc.wait()
		raise
	# the leader exited: children it left in the group (a crashed renderer) go too
	with contextlib.suppress(ProcessLookupError, PermissionError):
		os.killpg(proc.pid, signal.SIGKILL)
	return Finished(proc.returncode, stdout, stderr)


def _tail(data: bytes | None, size: int = 600) -> str:
	return (data or b"").decode("utf-8", "replace")[-size:].strip()


def find_chromium(configured: str | None = None) -> str | None:
	"""The Chromium binary: the configured path if it exists, else the first on PATH."""
	if configured:
		return configured if os.path.exists(configured) else shutil.which(configured)
	for name in CANDIDATES:
		if path := shutil.which(name):
			return path
	return None


def command(chromium: str, html_path: str, pdf_path: str, profile_dir: str) -> list[str]:
	return [
		chromium,
		"--headless",
		"--no-sandbox",  # the bench user in a container has no user namespaces; input is our own HTML
		"--disable-gpu",
		"--disable-dev-shm-usage",
		"--disable-extensions",
		"--disable-background-networking",
		"--disable-sync",
		"--disable-default-apps",
		"--disable-crash-reporter",
		"--no-first-run",
		"--no-default-browser-check",
		"--mute-audio",
		f"--proxy-server={CLOSED_PROXY}",
		"--proxy-bypass-list=<-loopback>",  # loopback too goes to the closed proxy
		f"--user-data-dir={profile_dir}",
		"--no-pdf-header-footer",
		f"--print-to-pdf={pdf_path}",
		"file://" + html_path,
	]


def print_to_pdf(html: str, timeout: float, chromium: str, workdir: str | None = None) -> bytes:
	"""The PDF of `html` (a whole document whose assets are file:// URLs or inline)."""
	tmp = tempfile.mkdtemp(prefix="syndic-pdf-", dir=workdir)
	try:
		html_path = os.path.join(tmp, "document.html")
		pdf_path = os.path.join(tmp, "document.pdf")
		with open(html_path, "w", encoding="utf-8") as f:
			f.write(html)
		env = {
			"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
			"HOME": tmp,  # Chromium writes caches and crash dirs under HOME
			"XDG_CONFIG_HOME": tmp,
			"XDG_CACHE_HOME": tmp,
			"LANG": "C.UTF-8",
		}
		done = run_bounded(
			command(chromium, html_path, pdf_path, os.path.join(tmp, "profile")), timeout, env=env
		)
		if done.returncode != 0 or not os.path.exists(pdf_path) or os.path.getsize(pdf_path) == 0:
			raise RenderError(f"chromium exited with {done.returncode}: {_tail(done.stderr)}")
		with open(pdf_path, "rb") as f:
			return f.read()
	finally:
		shutil.rmtree(tmp, ignore_errors=True)

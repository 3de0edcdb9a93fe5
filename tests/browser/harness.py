"""What the browser tests drive: Debian's headless Chromium (selenium + chromedriver) against a
gunicorn of our own serving the test site on a free loopback port.

The web server is started by the tests (never the user's server on :8000): gunicorn runs
`syndic_maroc.wsgi:application` from the bench's `sites/` with FRAPPE_SITE naming the test site,
and the browser asks for http://<site>:<port>/ (Chromium resolves *.localhost to loopback), so the
Host header names the site too. The server only sees committed data: fixtures commit what they
make and remove it afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
DRIVER_CANDIDATES = ("chromedriver",)
SCREENSHOTS = Path(
	os.environ.get("SYNDIC_SCREENSHOTS") or Path(__file__).resolve().parents[2] / "logs" / "browser"
)


def chromium_binary() -> str | None:
	for name in CHROMIUM_CANDIDATES:
		path = shutil.which(name)
		if path:
			return path
	return None


def chromedriver_binary() -> str | None:
	for name in DRIVER_CANDIDATES:
		path = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None)
		if path:
			return path
	return None


def skip_reason() -> str | None:
	try:
		import selenium
	except ImportError:
		return "selenium is not installed (pip install -r requirements-test.txt)"
	if not chromium_binary():
		return "no Chromium installed (apt-get install chromium chromium-driver)"
	if not chromedriver_binary():
		return "no chromedriver installed (apt-get install chromium-driver)"
	return None


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


class WebServer:
	"""gunicorn serving one site of the bench on 127.0.0.1:<free port>."""

	def __init__(self, bench: Path, site: str):
		self.bench = Path(bench)
		self.site = site
		self.port = free_port()
		self.base = (
			f"http://{site}:{self.port}" if site.endswith(".localhost") else f"http://127.0.0.1:{self.port}"
		)
		self.proc: subprocess.Popen | None = None
		self.log = SCREENSHOTS / f"gunicorn-{self.port}.log"

	def start(self, timeout: float = 90) -> WebServer:
		import requests

		SCREENSHOTS.mkdir(parents=True, exist_ok=True)
		env = dict(os.environ, FRAPPE_SITE=self.site, PYTHONDONTWRITEBYTECODE="1")
		# no DEV_SERVER: the pages are served as in production (assets already built)
		env.pop("DEV_SERVER", None)
		gunicorn = self.bench / "env" / "bin" / "gunicorn"
		with open(self.log, "wb") as log:
			self.proc = subprocess.Popen(
				[
					str(gunicorn),
					"--bind",
					f"127.0.0.1:{self.port}",
					"--workers",
					"2",
					"--threads",
					"2",
					"--timeout",
					"120",
					"syndic_maroc.wsgi:application",
				],
				cwd=self.bench / "sites",
				env=env,
				stdout=log,
				stderr=subprocess.STDOUT,
				start_new_session=True,
			)
		deadline = time.monotonic() + timeout
		while time.monotonic() < deadline:
			if self.proc.poll() is not None:
				raise RuntimeError(f"gunicorn exited ({self.proc.returncode}); see {self.log}")
			try:
				r = requests.get(
					f"http://127.0.0.1:{self.port}/api/method/ping",
					headers={"Host": self.site},
					timeout=5,
				)
				if r.ok:
					return self
			except requests.RequestException:
				pass
			time.sleep(0.5)
		self.stop()
		raise RuntimeError(f"gunicorn did not answer on port {self.port} in {timeout}s; see {self.log}")

	def stop(self):
		if self.proc and self.proc.poll() is None:
			os.killpg(self.proc.pid, signal.SIGTERM)
			try:
				self.proc.wait(20)
			except subprocess.TimeoutExpired:
				os.killpg(self.proc.pid, signal.SIGKILL)
				self.proc.wait(10)
		self.proc = None


def new_driver(lang: str = "fr"):
	"""A headless Chromium, 1366×900, asking for `lang` first."""
	from selenium import webdriver
	from selenium.webdriver.chrome.service import Service

	options = webdriver.ChromeOptions()
	options.binary_location = chromium_binary()
	for arg in (
		"--headless=new",
		"--no-sandbox",
		"--disable-dev-shm-usage",
		"--disable-gpu",
		"--window-size=1366,900",
		f"--lang={lang}",
		"--no-first-run",
		"--disable-extensions",
		"--password-store=basic",
	):
		options.add_argument(arg)
	options.add_experimental_option("prefs", {"intl.accept_languages": lang})
	options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
	driver = webdriver.Chrome(service=Service(chromedriver_binary()), options=options)
	driver.set_page_load_timeout(90)
	return driver


class Browser:
	"""A thin layer over the selenium driver: open a route, log in, wait, screenshot."""

	def __init__(self, driver, base: str):
		self.driver = driver
		self.base = base

	def get(self, route: str):
		self.driver.get(self.base + route)

	def wait(self, condition, timeout: float = 60):
		from selenium.webdriver.support.ui import WebDriverWait

		return WebDriverWait(self.driver, timeout, poll_frequency=0.25).until(condition)

	def css(self, selector: str):
		from selenium.webdriver.common.by import By

		return self.driver.find_elements(By.CSS_SELECTOR, selector)

	def js(self, script: str, *args):
		return self.driver.execute_script(script, *args)

	def wait_js(self, script: str, timeout: float = 60):
		"""Wait until `script` (an expression) is truthy; returns its value."""
		return self.wait(
			lambda d: d.execute_script(f"try {{ return ({script}); }} catch (e) {{ return null; }}"),
			timeout,
		)

	def login(self, user: str, password: str):
		"""Log in through /login as a person would: type the e-mail and password, press the button."""
		from selenium.webdriver.common.by import By

		self.driver.delete_all_cookies()
		self.get("/login")
		email = self.wait(lambda d: d.find_element(By.ID, "login_email"))
		email.clear()
		email.send_keys(user)
		field = self.driver.find_element(By.ID, "login_password")
		field.clear()
		field.send_keys(password)
		self.driver.find_element(By.CSS_SELECTOR, ".btn-login").click()
		self.wait(lambda d: "/login" not in d.current_url, 60)

	def wait_desk_idle(self, timeout: float = 60):
		"""The desk has booted and no request is pending."""
		self.wait_js(
			"window.frappe && frappe.boot && frappe.ui && frappe.request && !frappe.request.ajax_count",
			timeout,
		)
		time.sleep(0.5)

	def sidebar(self) -> dict[str, list[str]]:
		"""The desk sidebar's workspaces: {top-level item: [its child items]} (the item names)."""
		return self.js(
			"""const top = {};
			document.querySelectorAll('.standard-sidebar-section > .sidebar-item-container').forEach((el) => {
				top[el.getAttribute('item-name')] = Array.from(
					el.querySelectorAll('.sidebar-child-item .sidebar-item-container')
				).map((c) => c.getAttribute('item-name'));
			});
			return top;"""
		)

	def screenshot(self, name: str) -> Path:
		SCREENSHOTS.mkdir(parents=True, exist_ok=True)
		path = SCREENSHOTS / f"{name}.png"
		self.driver.save_screenshot(str(path))
		return path

	def console_errors(self) -> list[str]:
		"""The page's JavaScript errors (console level SEVERE) since the last call."""
		return [e["message"] for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]

"""Every PDF of the site, rendered without asking the web server for anything, bounded in time and
in number.

Two engines behind one door:
- headless Chromium for our print formats (Print Format `pdf_generator` = "chrome", Frappe's
  `pdf_generator` hook) and our own templates (statements, quitus, annual pack, injunction cover):
  right to left and bidi done by Blink, where Debian's wkhtmltopdf (unpatched Qt) overlaps Arabic.
- wkhtmltopdf for the rest (ERPNext's print formats, report PDFs), reached through our overrides
  of Frappe's download endpoints.
Both get the HTML with every asset as a local file (`file://` under sites/assets and the site's
public files; private images inlined by Frappe after its permission check) and a closed proxy for
anything else, so a render never waits on a gunicorn thread that is itself busy rendering (the
hang of four concurrent downloads). Each render holds one slot of a bench-wide pool
(`pdf_slots`), runs under a hard timeout that kills its process group, and fails with a clear,
translated error that frees the worker.

Site config keys (common_site_config.json for the whole bench):
	syndic_pdf_max_concurrent  renders at once on the bench (default: max(2, CPUs // 2))
	syndic_pdf_timeout         seconds one render may take in a web request (default 30)
	syndic_pdf_job_timeout     the same in a background job (default 300: a large annual pack)
	syndic_pdf_queue_wait      seconds a request waits for a free slot before "busy" (default 10;
	                           a background job waits at least 600 s)
	syndic_pdf_chromium        path or name of the Chromium binary (default: chromium on PATH)
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from contextlib import contextmanager
from urllib.parse import quote, unquote, urlparse

import frappe
from frappe import _

from syndic_maroc.utils import chromium, pdf_slots

CHROME = "chrome"
WKHTMLTOPDF = "wkhtmltopdf"
BOUNDED_WKHTMLTOPDF = "syndic-wkhtmltopdf"  # runtime value only: ERPNext formats, bounded here


class PDFBusyError(frappe.ValidationError):
	http_status_code = 503


class PDFRenderError(frappe.ValidationError):
	http_status_code = 503


# --- Settings -------------------------------------------------------------------------------------


def settings() -> frappe._dict:
	conf = frappe.conf
	in_job = bool(getattr(frappe.local, "job", None))  # set by Frappe's background job runner
	timeout = float(conf.get("syndic_pdf_timeout") or 30)
	wait = conf.get("syndic_pdf_queue_wait")
	queue_wait = float(wait) if wait is not None else 10.0
	if in_job:  # a job (call notices by email, a large annual pack) waits its turn, never "busy"
		timeout = max(timeout, float(conf.get("syndic_pdf_job_timeout") or 300))
		queue_wait = max(queue_wait, 600.0)
	return frappe._dict(
		max_concurrent=int(conf.get("syndic_pdf_max_concurrent") or max(2, (os.cpu_count() or 2) // 2)),
		timeout=timeout,
		queue_wait=queue_wait,
		chromium=conf.get("syndic_pdf_chromium"),
		slots_dir=conf.get("syndic_pdf_slots_dir")
		or pdf_slots.default_directory(frappe.utils.get_bench_path()),
		tmp_dir=conf.get("syndic_pdf_tmp_dir"),  # where each render's files go (default: system temp)
	)


# --- Bounds: one slot, one timeout, one clear error ---------------------------------------------------


@contextmanager
def render_slot(conf: frappe._dict | None = None):
	"""Hold one of the bench's render slots, or tell the user the queue is full."""
	conf = conf or settings()
	try:
		with pdf_slots.slot(conf.slots_dir, conf.max_concurrent, conf.queue_wait):
			yield
	except pdf_slots.PoolBusy:
		frappe.throw(
			_("Too many PDFs are being prepared right now. Please try again in a minute."),
			PDFBusyError,
			title=_("PDF not ready"),
		)


def _fail(error: chromium.RenderError, engine: str):
	frappe.log_error(title=f"PDF render failed ({engine})", message=str(error))
	if isinstance(error, chromium.RenderTimeout):
		message = _(
			"The PDF took longer than {0} seconds to prepare and was stopped. Please try again later."
		)
		frappe.throw(message.format(f"{error.seconds:g}"), PDFRenderError, title=_("PDF not ready"))
	frappe.throw(
		_("The PDF could not be prepared. Please try again later; if it keeps failing, tell your syndic."),
		PDFRenderError,
		title=_("PDF not ready"),
	)


# --- Local assets -------------------------------------------------------------------------------------

# href="…" / src="…" and CSS url(…)
ATTR_URL = re.compile(r"""(?P<pre>\b(?:href|src)\s*=\s*)(?P<q>["'])(?P<url>.*?)(?P=q)""", re.I | re.S)
CSS_URL = re.compile(r"""(?P<pre>url\(\s*)(?P<q>["']?)(?P<url>[^"')]*?)(?P=q)(?P<post>\s*\))""", re.I)


def local_path(url: str) -> str | None:
	"""The file on disk behind a URL of this site's assets or public files (any host), or None."""
	parsed = urlparse(url)
	if parsed.scheme not in ("", "http", "https") or (not parsed.scheme and not url.startswith("/")):
		return None
	path = unquote(parsed.path)
	if path.startswith("/assets/"):
		base = os.path.abspath(os.path.join(frappe.local.sites_path, "assets"))
		candidate = os.path.normpath(os.path.join(base, path[len("/assets/") :]))
	elif path.startswith("/files/"):
		base = os.path.abspath(frappe.get_site_path("public", "files"))
		candidate = os.path.normpath(os.path.join(base, path[len("/files/") :]))
	else:
		return None
	# lexical containment (no "..": sites/assets/<app> are symlinks into the apps, on purpose)
	if not candidate.startswith(base + os.sep) or not os.path.isfile(candidate):
		return None
	return os.path.realpath(candidate)


def allowed_dirs() -> list[str]:
	"""What wkhtmltopdf may read: the assets (and the apps' public folders they link to) and the
	site's public files."""
	assets = os.path.realpath(os.path.join(frappe.local.sites_path, "assets"))
	dirs = {assets, os.path.realpath(frappe.get_site_path("public", "files"))}
	with contextlib.suppress(OSError):
		for entry in os.scandir(assets):
			if entry.is_dir():
				dirs.add(os.path.realpath(entry.path))
	return sorted(dirs)


def localize_assets(html: str) -> str:
	"""Asset and public-file URLs → file:// paths; file: URLs already in the HTML are blanked
	(a document must not pull arbitrary local files into a PDF); other URLs are left to fail fast."""

	def rewrite(url: str) -> str:
		stripped = url.strip()
		if stripped.lower().startswith("file:"):
			return "about:blank"
		if path := local_path(stripped):
			return "file://" + quote(path)
		return url

	def attr(match):
		return f"{match['pre']}{match['q']}{rewrite(match['url'])}{match['q']}"

	def css(match):
		return f"{match['pre']}{match['q']}{rewrite(match['url'])}{match['q']}{match['post']}"

	return CSS_URL.sub(css, ATTR_URL.sub(attr, html))


# --- Chromium -----------------------------------------------------------------------------------------


def page_css(options: dict | None, soup=None) -> str:
	"""@page from the options and the print format's `.print-format { margin-… }` (as Frappe reads
	them for wkhtmltopdf); without them A4 (or the Print Settings size) with 15 mm margins."""
	from frappe.utils.pdf import get_print_format_styles

	options = dict(options or {})
	if soup is not None:
		for style in get_print_format_styles(soup):
			if style.name in ("margin-top", "margin-bottom", "margin-left", "margin-right", "page-size"):
				options.setdefault(style.name, style.value)
	size = options.get("page-size") or frappe.db.get_single_value("Print Settings", "pdf_page_size") or "A4"
	if size == "Custom":
		width = options.get("page-width") or frappe.db.get_single_value("Print Settings", "pdf_page_width")
		height = options.get("page-height") or frappe.db.get_single_value("Print Settings", "pdf_page_height")
		size = f"{width}mm {height}mm"
	if str(options.get("orientation", "")).lower() == "landscape":
		size += " landscape"
	margins = " ".join(
		str(options.get(f"margin-{side}") or "15mm") for side in ("top", "right", "bottom", "left")
	)
	return f"@page {{ size: {size}; margin: {margins}; }}"


# A number as written left to right, whole: thousands groups after a (narrow) space (1 759,63), or
# a Latin token with a digit and its inner separators (18-00, 26-10-2026, ACC-SINV-2026-00013).
NUMBER = re.compile(
	r"(?<![\w\-./,:])(?:"
	r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\w)"  # 1 759,63
	r"|(?=[A-Za-z0-9\-./,:]*\d)[A-Za-z0-9]+(?:[\-./,:][A-Za-z0-9]+)*"  # 18-00, ACC-SINV-2026-00013, BJ109787
	r")(?:[ \u00a0](?:DH|MAD)\b)?"  # an amount keeps its currency: "2 040,59 DH"
)
SKIP_TAGS = {"style", "script", "title", "bdi", "head"}


def isolate_numbers(soup, within=None) -> None:
	"""In a right-to-left page, every number becomes an isolated left-to-right run (<bdi dir="ltr">).
	Without it the bidi algorithm makes digits after Arabic letters "Arabic numbers", and a hyphen
	or a space between two of them a neutral that turns right to left: "18-00" prints "00-18",
	"1 759,63" prints "759,63 1"."""
	from bs4 import NavigableString
	from bs4.element import Comment

	for node in list((within or soup).find_all(string=NUMBER)):
		if isinstance(node, Comment) or any(p.name in SKIP_TAGS for p in node.parents):
			continue
		text, pieces, last = str(node), [], 0
		for match in NUMBER.finditer(text):
			pieces.append(NavigableString(text[last : match.start()]))
			bdi = soup.new_tag("bdi", dir="ltr")
			if len(match.group(0)) <= 14:  # dates and amounts stay on one line; long references may wrap
				bdi["style"] = "white-space: nowrap"
			bdi.string = match.group(0)
			pieces.append(bdi)
			last = match.end()
		pieces.append(NavigableString(text[last:]))
		node.replace_with(*[p for p in pieces if str(p)])


def chromium_document(html: str, options: dict | None = None, lang: str | None = None) -> str:
	"""A whole, script-free document with local assets and the page box set by @page."""
	from bs4 import BeautifulSoup
	from frappe.utils.jinja_globals import is_rtl
	from frappe.utils.pdf import inline_private_images, toggle_visible_pdf

	lang = (lang or getattr(frappe.local, "lang", None) or "fr").split("-")[0]
	soup = BeautifulSoup(html, "html5lib")  # a fragment gets <html><head><body>
	for tag in soup.find_all(["script", "iframe", "object", "embed"]):
		tag.decompose()
	for tag in soup.find_all(True):
		for attribute in [a for a in tag.attrs if a.lower().startswith("on")]:
			del tag[attribute]  # onload=… and friends: no script runs in a render
	toggle_visible_pdf(soup)
	root = soup.find("html")
	root["lang"] = root.get("lang") or lang
	if not root.get("dir"):
		root["dir"] = "rtl" if is_rtl() else "ltr"
	if root["dir"] == "rtl" or soup.find(attrs={"dir": "rtl"}) is not None:
		isolate_numbers(soup, soup.find("body"))
	head = soup.find("head")
	if not head.find("meta", attrs={"charset": True}):
		head.insert(0, soup.new_tag("meta", charset="utf-8"))
	style = soup.new_tag("style")
	style.string = (
		page_css(options, soup)
		# the printview's screen gutter and padding are for the browser; the page box is @page's
		+ " .print-format-gutter, .print-format { padding: 0 !important; margin: 0 !important;"
		" max-width: none !important; width: auto !important; min-height: 0 !important; }"
		" .action-banner, .print-hide { display: none !important; }"
		' html[lang="ar"] body { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif; }'
	)
	head.append(style)
	document = inline_private_images(str(soup))
	return localize_assets(document)


def chromium_pdf(html: str, options: dict | None = None, output=None, lang: str | None = None):
	"""PDF of `html` by headless Chromium, in one slot and under the timeout."""
	conf = settings()
	binary = chromium.find_chromium(conf.chromium)
	if not binary:
		frappe.log_error(title="PDF render failed (chromium)", message="Chromium not found")
		frappe.throw(
			_("The PDF could not be prepared: the PDF engine (Chromium) is not installed on the server."),
			PDFRenderError,
		)
	document = chromium_document(html, options, lang)
	with render_slot(conf):
		try:
			data = chromium.print_to_pdf(document, conf.timeout, binary, workdir=conf.tmp_dir)
		except chromium.RenderError as e:
			_fail(e, "chromium")
	return _finish(data, options, output)


def _finish(data: bytes, options: dict | None, output=None):
	"""Password and `output` (a PdfWriter collecting several documents), as Frappe's get_pdf does."""
	from pypdf import PdfReader, PdfWriter

	password = (options or {}).get("password")
	if output is None and not password:
		return data
	reader = PdfReader(io.BytesIO(data))
	if output is not None:
		output.append_pages_from_reader(reader)
		return output
	writer = PdfWriter()
	writer.append_pages_from_reader(reader)
	writer.encrypt(password)
	stream = io.BytesIO()
	writer.write(stream)
	return stream.getvalue()


def html_to_pdf(html: str, options: dict | None = None, output=None, lang: str | None = None):
	"""Our templates (statement, quitus, annual pack, injunction cover) → PDF (Chromium)."""
	return chromium_pdf(html, options, output, lang)


# --- wkhtmltopdf, bounded and local -------------------------------------------------------------------


def wkhtmltopdf_args(options: dict) -> list[str]:
	args = ["wkhtmltopdf"]
	for key, value in options.items():
		args.append("--" + key.lstrip("-").lower())
		if value not in (None, ""):
			args.append(str(value))
	for directory in allowed_dirs():
		args += ["--allow", directory]
	return [*args, "-", "-"]


def wkhtmltopdf_pdf(html: str, options: dict | None = None, output=None):
	"""Frappe's get_pdf, but with local assets, no session cookie, a slot and a timeout."""
	from frappe.utils.pdf import cleanup, get_wkhtmltopdf_version, prepare_options
	from packaging.version import Version

	html = localize_assets(html)  # before prepare_options: the header/footer files copy <head>
	html, options = prepare_options(html, dict(options or {}))
	try:
		jar = options.pop("cookie-jar", None)  # nothing is fetched from the server: no session
		if jar and os.path.exists(jar):
			os.remove(jar)
		password = options.pop("password", None)
		options.update(
			{
				"disable-javascript": "",
				"disable-local-file-access": "",  # except the --allow'ed asset directories
				"proxy": chromium.CLOSED_PROXY,
				"load-error-handling": "ignore",
				"load-media-error-handling": "ignore",
			}
		)
		if Version(get_wkhtmltopdf_version()) > Version("0.12.3"):
			options["disable-smart-shrinking"] = ""
		conf = settings()
		with render_slot(conf):
			try:
				done = chromium.run_bounded(wkhtmltopdf_args(options), conf.timeout, input=html.encode())
			except chromium.RenderError as e:
				_fail(e, WKHTMLTOPDF)
			if not done.stdout.startswith(b"%PDF"):
				_fail(
					chromium.RenderError(
						f"wkhtmltopdf exited with {done.returncode}: {done.stderr.decode(errors='replace')[-600:]}"
					),
					WKHTMLTOPDF,
				)
	finally:
		cleanup(options)
	if password:
		options["password"] = password
	return _finish(done.stdout, options, output)


# --- Frappe's hooks and endpoints -----------------------------------------------------------------------


def pdf_generator(print_format=None, html=None, options=None, output=None, pdf_generator=None):
	"""Frappe's `pdf_generator` hook (frappe.utils.print_utils.get_print): "chrome" → Chromium,
	our bounded wkhtmltopdf for the formats our download endpoints route here; None otherwise."""
	if pdf_generator == CHROME:
		return chromium_pdf(html, options, output)
	if pdf_generator == BOUNDED_WKHTMLTOPDF:
		return wkhtmltopdf_pdf(html, options, output)
	return None


def generator_of(print_format: str | None) -> str:
	"""Chromium where the print format asks for it, else our bounded wkhtmltopdf."""
	chosen = frappe.get_cached_value("Print Format", print_format, "pdf_generator") if print_format else None
	return CHROME if chosen == CHROME else BOUNDED_WKHTMLTOPDF


def request_language(language: str | None = None, lang: str | None = None) -> str | None:
	"""`language=` (Frappe's name) or `lang=` (what our links and users write), first one given."""
	return language or lang or None

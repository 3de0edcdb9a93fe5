"""PDFs as a co-owner downloads them, from a gunicorn of our own on the test site.

- The Arabic reçu and call notice read right to left: a known sentence mixing Arabic and numbers
  (taken from the print's own HTML, in logical order) is found in that order when the page is
  read right to left from the word positions alone; no two words are drawn over each other; the
  title is printed once. The French ones too.
- Eight downloads at once (our print formats and an ERPNext one) all end, with a PDF or the clear
  "busy" answer, and a plain request is answered during the burst. Frappe's own renderer hangs
  here (wkhtmltopdf waits for print.bundle.css from a server whose threads are all rendering):
  SYNDIC_PDF_OLD_RENDERER=1 runs the same test with our formats on Frappe's wkhtmltopdf path, and
  it fails.
- A render past its timeout is killed with its process group and frees its slot; a full pool
  gives the clear busy error; asset URLs become local files.
- `lang=ar` on Frappe's download URL prints in Arabic, as `language=ar` does.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.site.utils import pdf_layout
from tests.site.utils.server import gunicorn

pytestmark = pytest.mark.site

PORTAL = "/api/method/syndic_maroc.api.portal"
DOWNLOAD = "/api/method/frappe.utils.print_format.download_pdf"
FORMATS = ("Call Notice", "Payment Receipt")
OLD_RENDERER = os.environ.get("SYNDIC_PDF_OLD_RENDERER") == "1"


# --- Fixtures: a demo co-owner's documents and a server of our own -----------------------------------


@pytest.fixture(scope="module")
def docs(site):
	"""A demo co-owner with a reçu (several invoices) and a call notice, with a portal login."""
	import secrets

	from frappe.utils.password import update_password

	frappe = site
	frappe.db.rollback()
	frappe.set_user("Administrator")
	row = frappe.db.sql(
		"""select pe.name, pe.syndic_co_owner as co_owner, pe.party as customer
		from `tabPayment Entry` pe
		where pe.docstatus = 1 and ifnull(pe.syndic_receipt, '') != '' and ifnull(pe.syndic_co_owner, '') != ''
			and (select count(*) from `tabPayment Entry Reference` r where r.parent = pe.name) >= 1
		order by pe.posting_date desc, pe.name limit 1""",
		as_dict=True,
	)
	if not row:
		pytest.skip("the test site has no demo payment with a reçu (load the demo)")
	row = row[0]
	invoice = frappe.db.get_value(
		"Sales Invoice",
		{
			"customer": row.customer,
			"docstatus": 1,
			"syndic_call_for_funds": ("is", "set"),
		},
		"name",
		order_by="posting_date desc",
	)
	user = frappe.get_doc("Co-owner", row.co_owner).create_portal_user()
	password = "Pdf-" + secrets.token_urlsafe(12)
	update_password(user, password)
	frappe.db.commit()
	return frappe._dict(payment=row.name, invoice=invoice, user=user, password=password)


@pytest.fixture(scope="module")
def formats(site):
	"""Our print formats on Chromium (or, for the old-renderer run, on Frappe's wkhtmltopdf)."""
	frappe = site
	before = {name: frappe.db.get_value("Print Format", name, "pdf_generator") for name in FORMATS}
	if OLD_RENDERER:
		for name in FORMATS:
			frappe.db.set_value(
				"Print Format",
				name,
				"pdf_generator",
				"wkhtmltopdf",
				update_modified=False,
			)
		frappe.db.commit()
		frappe.clear_cache()
	yield
	for name, value in before.items():
		# update_modified=False: a newer `modified` would stop bench migrate from loading the file
		frappe.db.set_value("Print Format", name, "pdf_generator", value, update_modified=False)
	frappe.db.commit()
	frappe.clear_cache()


@pytest.fixture(scope="module")
def server(site, formats, tmp_path_factory):
	from tests.conftest import configured_site

	bench, name = configured_site()
	log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
	with gunicorn(bench, name, workers=2, threads=2, log=log) as base:
		yield base


def login(base, docs):
	import requests

	session = requests.Session()
	answer = session.post(
		f"{base}/api/method/login",
		json={"usr": docs.user, "pwd": docs.password},
		timeout=60,
	)
	# a website user is answered "No App" (some setups with 403) but is logged in all the same
	assert answer.status_code in (200, 403) and session.cookies.get("sid") not in (
		None,
		"Guest",
	), answer.text
	return session


@pytest.fixture(scope="module")
def session(server, docs):
	return login(server, docs)


def download(session, base, what, docs, lang, timeout=120):
	if what == "receipt":
		url, params = f"{base}{PORTAL}.receipt_pdf", {"payment_entry": docs.payment}
	elif what == "notice":
		url, params = f"{base}{PORTAL}.call_notice_pdf", {"invoice": docs.invoice}
	else:  # ERPNext's own Sales Invoice print format, through Frappe's download URL
		url, params = (
			f"{base}{DOWNLOAD}",
			{"doctype": "Sales Invoice", "name": docs.invoice},
		)
	return session.get(url, params={**params, "lang": lang}, timeout=timeout)


def print_html(frappe, doctype, name, print_format, lang):
	from frappe.translate import print_language

	frappe.set_user("Administrator")
	with print_language(lang):
		return frappe.get_print(doctype, name, print_format=print_format)


def logical(html: str, selector: str, main_only: bool = False) -> str:
	"""The text of the first element matching `selector` in the print's HTML (logical order)."""
	from bs4 import BeautifulSoup

	element = BeautifulSoup(html, "html.parser").select_one(selector)
	assert element is not None, selector
	if main_only:
		for other in element.select(".other"):
			other.decompose()
	return element.get_text(" ")


def assert_reads(pdf: bytes, sentence: str, rtl: bool) -> None:
	page = pdf_layout.rtl_text(pdf) if rtl else pdf_layout.text(pdf)
	found = pdf_layout.count_sequence(pdf_layout.tokens(page), pdf_layout.tokens(sentence))
	assert found >= 1, f"{sentence!r} not read in order in:\n{page}"


def assert_once(pdf: bytes, title: str, rtl: bool) -> None:
	page = pdf_layout.rtl_text(pdf) if rtl else pdf_layout.text(pdf)
	assert pdf_layout.count_sequence(pdf_layout.tokens(page), pdf_layout.tokens(title)) == 1, page


def assert_no_overlap(pdf: bytes) -> None:
	pairs = pdf_layout.overlaps(pdf)
	assert not pairs, [(a.text, b.text, round(a.x0), round(a.y0)) for a, b in pairs[:5]]


# --- Reading order, overlaps, title -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_receipt_reads_in_order_without_overlap_and_one_title(site, server, session, docs, lang):
	"""The reçu (loi 18-00 art. 26) as the co-owner downloads it."""
	answer = download(session, server, "receipt", docs, lang)
	assert answer.status_code == 200 and answer.content[:4] == b"%PDF", answer.text[:300]
	pdf = answer.content
	html = print_html(site, "Payment Entry", docs.payment, "Payment Receipt", lang)
	rtl = lang == "ar"
	assert html.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl"') == rtl, html[:80]
	# "Reçu délivré par le syndic (loi 18-00, art. 26). Écritures : ACC-PAY-…" in the print language
	assert_reads(pdf, logical(html, ".syndic-receipt p.muted"), rtl)
	# the amount and its words: "1 759,63 DH (…)" never "DH 759,63 1"
	assert_reads(pdf, logical(html, ".syndic-receipt table tr:nth-of-type(2) td b"), rtl)
	assert_once(pdf, logical(html, ".syndic-receipt h2", main_only=True), rtl)
	assert_no_overlap(pdf)
	assert pdf_layout.page_count(pdf) == 1


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_call_notice_reads_in_order_without_overlap_and_one_title(site, server, session, docs, lang):
	"""The avis d'appel de fonds (loi 18-00 art. 24): the payment sentence with its reference."""
	answer = download(session, server, "notice", docs, lang)
	assert answer.status_code == 200 and answer.content[:4] == b"%PDF", answer.text[:300]
	pdf = answer.content
	html = print_html(site, "Sales Invoice", docs.invoice, "Call Notice", lang)
	rtl = lang == "ar"
	assert_reads(pdf, logical(html, ".syndic-notice table.pay tr:last-of-type td"), rtl)
	assert_reads(pdf, logical(html, ".syndic-notice table.plain:last-of-type td.muted"), rtl)
	assert_once(pdf, logical(html, ".syndic-notice h2", main_only=True), rtl)
	assert_no_overlap(pdf)


# --- Concurrency: the hang of today ---------------------------------------------------------------------


def test_eight_downloads_at_once_all_end_and_the_site_still_answers(server, docs):
	"""4 workers threads, 8 PDF downloads at once: each ends (a PDF, or 503 "busy") and a plain
	request is answered during the burst. Frappe's wkhtmltopdf path deadlocks here."""
	import requests

	sessions = [login(server, docs) for _ in range(2)]
	plan = [
		("receipt", "ar"),
		("notice", "ar"),
		("receipt", "fr"),
		("notice", "fr"),
	] * 2
	plan[6] = (
		"erpnext",
		"fr",
	)  # ERPNext's own print format, through our bounded wkhtmltopdf
	results = {}

	def one(i, what, lang):
		start = time.monotonic()
		try:
			answer = download(sessions[i % 2], server, what, docs, lang, timeout=75)
			results[i] = (
				answer.status_code,
				answer.content[:4],
				answer.text[:200],
				time.monotonic() - start,
			)
		except requests.RequestException as e:
			results[i] = (None, b"", repr(e), time.monotonic() - start)

	threads = [threading.Thread(target=one, args=(i, *p)) for i, p in enumerate(plan)]
	for t in threads:
		t.start()
	time.sleep(1.0)  # the burst is under way
	start = time.monotonic()
	try:
		ping = requests.get(f"{server}/api/method/ping", timeout=45)
		ping_ok, ping_s = ping.status_code == 200, time.monotonic() - start
	except requests.RequestException:
		ping_ok, ping_s = False, time.monotonic() - start
	for t in threads:
		t.join(timeout=90)
	print(
		f"ping during the burst: {ping_s:.1f} s; downloads: "
		+ ", ".join(f"{plan[i][0]}-{plan[i][1]} {r[0]} {r[3]:.1f}s" for i, r in sorted(results.items()))
	)
	assert ping_ok, f"the site did not answer during the burst ({ping_s:.0f} s)"
	assert len(results) == len(plan)
	for i, (status, head, body, _seconds) in results.items():
		if status == 200:
			assert head == b"%PDF", (plan[i], body)
		else:
			assert status == 503 and "PDF" in body, (plan[i], status, body)
	assert sum(1 for r in results.values() if r[0] == 200) >= 2
	# and afterwards the site is still up
	assert requests.get(f"{server}/api/method/ping", timeout=30).status_code == 200


# --- In-process: timeout, busy pool, local assets, lang= --------------------------------------------------


@pytest.fixture
def pdf_conf(db, tmp_path):
	"""Renderer settings of this test only (own slot pool and temp dir)."""
	conf = db.local.conf
	keys = (
		"syndic_pdf_slots_dir",
		"syndic_pdf_tmp_dir",
		"syndic_pdf_timeout",
		"syndic_pdf_max_concurrent",
	)
	before = {k: conf.get(k) for k in keys}
	(tmp_path / "slots").mkdir()
	(tmp_path / "work").mkdir()
	conf.syndic_pdf_slots_dir = str(tmp_path / "slots")
	conf.syndic_pdf_tmp_dir = str(tmp_path / "work")
	conf.syndic_pdf_max_concurrent = 1
	yield conf
	for k, v in before.items():
		if v is None:
			conf.pop(k, None)
		else:
			conf[k] = v


def test_a_render_past_its_timeout_is_killed_and_frees_its_slot(db, pdf_conf, tmp_path):
	from syndic_maroc.utils import pdf, pdf_slots

	pdf_conf.syndic_pdf_timeout = 0.3  # Chromium cannot even start in that time
	started = time.monotonic()
	with pytest.raises(pdf.PDFRenderError) as error:
		pdf.html_to_pdf("<p>bonjour</p>")
	assert time.monotonic() - started < 5
	assert "0.3" in str(error.value) and error.value.http_status_code == 503
	assert pdf_slots.busy_count(pdf_conf.syndic_pdf_slots_dir, 1) == 0
	time.sleep(0.2)
	assert not survivors(tmp_path / "work"), "a renderer outlived its timeout"
	pdf_conf.syndic_pdf_timeout = 30
	assert pdf.html_to_pdf("<p>bonjour</p>")[:4] == b"%PDF"  # the slot is free again


def survivors(workdir: Path) -> list[str]:
	found = []
	for proc in Path("/proc").iterdir():
		if proc.name.isdigit():
			try:
				cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
			except OSError:
				continue
			if str(workdir) in cmdline:
				found.append(cmdline)
	return found


def test_a_full_pool_gives_the_clear_busy_error(db, pdf_conf):
	from syndic_maroc.utils import pdf, pdf_slots

	pdf_conf.syndic_pdf_queue_wait = 0.3
	held = pdf_slots.try_acquire(pdf_conf.syndic_pdf_slots_dir, 1)
	try:
		with pytest.raises(pdf.PDFBusyError) as error:
			pdf.html_to_pdf("<p>bonjour</p>")
		assert error.value.http_status_code == 503
		assert "Too many PDFs" in str(error.value) or "PDF" in str(error.value)
	finally:
		pdf_slots.release(held)
		pdf_conf.pop("syndic_pdf_queue_wait", None)
	assert pdf.html_to_pdf("<p>bonjour</p>")[:4] == b"%PDF"


def test_asset_urls_become_local_files_and_file_urls_are_blanked(db):
	from frappe.utils.jinja_globals import bundled_asset
	from syndic_maroc.utils.pdf import localize_assets

	asset = bundled_asset("print.bundle.css")
	html = (
		f'<link rel="stylesheet" href="{asset}">'
		f'<link rel="stylesheet" href="http://t-pdf.localhost:8000{asset}">'
		'<img src="file:///etc/passwd"><div style="background: url(\'/assets/nope.png\')"></div>'
		'<img src="https://example.org/logo.png">'
	)
	out = localize_assets(html)
	local = "file://" + os.path.realpath(os.path.join(db.local.sites_path, asset.lstrip("/")))
	assert out.count(f'href="{local}"') == 2
	assert "file:///etc/passwd" not in out and 'src="about:blank"' in out
	assert "url('/assets/nope.png')" in out  # no such file: left to fail fast at the closed proxy
	assert 'src="https://example.org/logo.png"' in out


def test_lang_ar_on_frappes_download_url_prints_in_arabic(db, docs, formats):
	from syndic_maroc.utils import pdf

	arabic, french = db._("Payment Receipt", "ar"), db._("Payment Receipt", "fr")
	assert arabic != french
	texts = {}
	for lang in ("fr", "ar"):
		db.set_user("Administrator")
		db.local.response = db._dict()
		pdf.download_pdf("Payment Entry", docs.payment, "Payment Receipt", lang=lang)
		content = db.local.response.filecontent
		assert content[:4] == b"%PDF"
		texts[lang] = pdf_layout.text(content)
	assert texts["ar"].index(arabic) < texts["ar"].index(french)  # the Arabic title first
	assert texts["fr"].index(french) < texts["fr"].index(arabic)
	db.local.lang = "fr"


@pytest.mark.parametrize("key", ["lang", "language"])
def test_our_pdf_links_take_lang_or_language(site, server, session, docs, key):
	arabic, french = site._("Payment Receipt", "ar"), site._("Payment Receipt", "fr")
	answer = session.get(
		f"{server}{PORTAL}.receipt_pdf", params={"payment_entry": docs.payment, key: "ar"}, timeout=120
	)
	assert answer.status_code == 200 and answer.content[:4] == b"%PDF", answer.text[:300]
	text = pdf_layout.text(answer.content)
	assert text.index(arabic) < text.index(french)

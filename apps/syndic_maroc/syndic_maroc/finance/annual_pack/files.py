"""The annual pack as files: the PDF, the downloads, and for a large résidence the background job
that builds it and attaches it to the Résidence."""

import re

import frappe
from frappe import _

from syndic_maroc.finance.annual_pack.data import check_access
from syndic_maroc.finance.annual_pack.sections import build
from syndic_maroc.finance.annual_pack.workbook import summary_rows, workbook_bytes
from syndic_maroc.finance.jobs import commit, rollback
from syndic_maroc.finance.statements import (
	render_pdf,
	send_pdf,
)

TEMPLATE = "syndic_maroc/templates/finance/annual_pack.html"
GL_PDF_MAX_ROWS = 3000  # beyond, the PDF says so and the workbook has every line


def filename(pack: frappe._dict, extension: str) -> str:
	base = re.sub(r"[^A-Za-z0-9-]+", "-", f"rapport-annuel-{pack.abbr}-{pack.fiscal_year}").strip("-")
	return f"{base}.{extension}"


def pdf_bytes(pack: frappe._dict) -> bytes:
	gl = pack.general_ledger["rows"]
	context = frappe._dict(pack)
	context.gl_rows = gl[:GL_PDF_MAX_ROWS]
	context.gl_truncated = len(gl) > GL_PDF_MAX_ROWS
	context.gl_total_rows = len(gl)
	context.summary = summary_rows(pack)
	return render_pdf(TEMPLATE, context, filename(pack, "pdf"))


def download_pdf(residence: str, fiscal_year: str) -> None:
	"""The annual AG report of the résidence for the fiscal year, as one PDF."""
	check_access(residence)
	pack = build(residence, fiscal_year)
	send_pdf(pdf_bytes(pack), filename(pack, "pdf"))


def download_xlsx(residence: str, fiscal_year: str) -> None:
	"""The annual AG report as one Excel workbook, one sheet per part."""
	check_access(residence)
	pack = build(residence, fiscal_year)
	frappe.local.response.filename = filename(pack, "xlsx")
	frappe.local.response.filecontent = workbook_bytes(pack)
	frappe.local.response.type = "binary"


# --- large résidences: built in the background ----------------------------------------------------

INLINE_UNITS = 300  # above this many units the pack is built by a job (site config below)
FORMATS = ("pdf", "xlsx")


def inline_units() -> int:
	"""Résidences up to this many units get the pack in the request (site config
	`syndic_pack_inline_units`); larger ones (thousands of ledger lines, a PDF of hundreds of
	pages) would hold a web worker for minutes."""
	value = frappe.conf.get("syndic_pack_inline_units")
	return INLINE_UNITS if value is None else max(0, int(value))


def request(residence: str, fiscal_year: str, fmt: str = "pdf") -> dict:
	"""The desk asks for a pack: {"inline": 1} when it is small enough to download at once,
	else a job builds it, attaches it to the résidence and tells the user when it is ready
	({"queued": 1})."""
	check_access(residence)
	if fmt not in FORMATS:
		frappe.throw(_("Unknown format: {0}").format(fmt))
	if not frappe.db.exists("Fiscal Year", fiscal_year):
		frappe.throw(_("Fiscal year not found: {0}").format(fiscal_year))
	if frappe.db.count("Unit", {"residence": residence}) <= inline_units():
		return {"inline": 1}
	frappe.enqueue(
		"syndic_maroc.finance.annual_pack.files.build_and_attach",
		queue="long",
		timeout=3600,
		job_id=f"annual-pack::{residence}::{fiscal_year}::{fmt}",
		deduplicate=True,
		residence=residence,
		fiscal_year=fiscal_year,
		fmt=fmt,
		user=frappe.session.user,
		now=bool(frappe.flags.in_test),
	)
	return {"queued": 1}


def build_and_attach(residence: str, fiscal_year: str, fmt: str, user: str) -> str:
	"""Background job: build the pack, attach it (private) to the Résidence, replacing the pack
	of the same year and format, and notify `user` with its link. Returns the File name."""
	try:
		pack = build(residence, fiscal_year)
		content = pdf_bytes(pack) if fmt == "pdf" else workbook_bytes(pack)
		name = filename(pack, fmt)
		for old in frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Residence", "attached_to_name": residence, "file_name": name},
			pluck="name",
		):
			frappe.delete_doc("File", old, ignore_permissions=True)
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": name,
				"attached_to_doctype": "Residence",
				"attached_to_name": residence,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)
	except Exception as e:
		rollback()
		frappe.log_error(title=f"Annual pack {residence} {fiscal_year}")
		_notify(
			user,
			residence,
			_("Annual report {0} of {1} could not be produced: {2}").format(
				fiscal_year, residence, frappe.utils.strip_html(str(getattr(e, "message", None) or e))
			),
		)
		if frappe.flags.in_test:
			raise
		return ""
	_notify(
		user,
		residence,
		_("Annual report {0} of {1} is ready: {2}").format(fiscal_year, residence, name),
		file.file_url,
	)
	return file.name


def _notify(user: str, residence: str, message: str, url: str | None = None) -> None:
	"""A bell notification (kept) and a message on the user's open desk (live)."""
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": "Alert",
			"subject": message,
			"document_type": "Residence",
			"document_name": residence,
		}
	).insert(ignore_permissions=True)
	commit()
	frappe.publish_realtime(
		"syndic_annual_pack", {"message": message, "url": url, "residence": residence}, user=user
	)

"""Dossier d'injonction de payer (loi 18-00 art. 25 bis) as one PDF for a co-owner.

Art. 25 bis: by way of exception to arts 155 ff. of the Code of Civil Procedure, the president
of the court of first instance orders the payment on four documents: (1) the minutes of the AG
that approved the year's charges, (2) the debtor's account statement certified by the syndic,
(3) the property certificate showing the debtor's quote-part, (4) the proof that the formal
notice (mise en demeure, art. 25) was notified. The file is, in this order:

- a cover page (templates/finance/injunction_cover.html): the parties, the units, the amount
  claimed debt by debt with its due date and its prescription date (art. 43: 5 years after the
  AG approved the charges), and the four documents, present or missing, with their pages;
- the AG minutes of each fiscal year claimed: the signed PV of the General Assembly that approved
  the Residence Budget when the app held it, else the budget's attached `ag_minutes`;
- the owner statement (finance.statements) with the syndic's certification line;
- the property certificate attached to each of the co-owner's units (`property_certificate`);
- the notification proof attached to the notified mise en demeure (`syndic_notice_proof`).

What is claimed is core.finance.recovery.injunction_claim: overdue and unprescribed debts; late
interest and reminder fees only when the résidence configured them explicitly. Attached PDFs
are appended page by page, images (JPEG, PNG, TIFF) become one page each, fitted to A4; every
attachment is checked first (utils.files: type from content, size, pages, pixel budget), and
an unreadable one stops the file with an error naming it.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import escape_html, flt, getdate, nowdate

from syndic_maroc.core.finance.recovery import (
	INJUNCTION_DOCUMENTS,
	MISE_EN_DEMEURE,
	Claim,
	Debt,
	injunction_claim,
	injunction_missing,
)
from syndic_maroc.core.intake.errors import IntakeError
from syndic_maroc.core.intake.sniff import PDF
from syndic_maroc.finance.arrears import open_receivables
from syndic_maroc.finance.reminders import residence_charges
from syndic_maroc.finance.statements import (
	check_access,
	co_owner_of,
	render_pdf,
	residence_of,
	send_pdf,
	statement_pdf_bytes,
	units_of,
)
from syndic_maroc.utils.errors import core_errors

COVER_TEMPLATE = "syndic_maroc/templates/finance/injunction_cover.html"
STAFF_ROLES = ("Syndic Manager", "Syndic Accountant", "System Manager")
A4_INCHES = (8.27, 11.69)
LABELS = dict(INJUNCTION_DOCUMENTS)


class InjunctionFileIncomplete(frappe.ValidationError):
	"""Documents of art. 25 bis are missing and the file was not asked incomplete."""


class InjunctionAttachmentError(frappe.ValidationError):
	"""An attachment of the file cannot be read."""


@dataclass
class Piece:
	"""One document of the file: an attachment, the generated statement, or a missing one."""

	code: str
	title: str
	detail: str = ""
	file_url: str | None = None
	attached_to: tuple[str, str] | None = None  # (doctype, name) the file is attached to
	content: bytes | None = None  # generated PDF
	missing: bool = False
	first_page: int = 0
	page_count: int = 0
	reader: object = field(default=None, repr=False)
	duplicate_of: Piece | None = field(default=None, repr=False)  # the same file, already in the PDF

	@property
	def label(self) -> str:
		return _(LABELS[self.code])

	@property
	def pages(self) -> str:
		if self.duplicate_of is not None:
			return self.duplicate_of.pages
		if not self.page_count:
			return ""
		last = self.first_page + self.page_count - 1
		return str(self.first_page) if last == self.first_page else f"{self.first_page}-{last}"


# --- what the file claims ----------------------------------------------------------------------


def co_owner_debts(residence: str, co_owner: str, as_of) -> list[Debt]:
	"""The co-owner's open calls in the résidence with the fiscal year and the AG approval date."""
	invoices = [inv for inv in open_receivables(residence, as_of) if inv.co_owner == co_owner]
	if not invoices:
		return []
	budgets = dict(
		frappe.db.sql(
			"""select si.name, rb.fiscal_year from `tabSales Invoice` si
			join `tabCall for Funds` cf on cf.name = si.syndic_call_for_funds
			join `tabResidence Budget` rb on rb.name = cf.residence_budget
			where si.name in %s""",
			(tuple(inv.name for inv in invoices),),
		)
	)
	company = frappe.db.get_value("Residence", residence, "company")
	return [
		Debt(
			inv.name,
			getdate(inv.due_date),
			getdate(inv.approved_on),
			inv.outstanding_amount,
			budgets.get(inv.name) or fiscal_year_of(inv.posting_date, company),
		)
		for inv in invoices
	]


def fiscal_year_of(day, company: str) -> str:
	from erpnext.accounts.utils import FiscalYearError, get_fiscal_year

	try:
		return get_fiscal_year(day, company=company)[0]
	except FiscalYearError:
		return ""


def notified_notice(residence: str, co_owner: str) -> frappe._dict | None:
	"""The latest mise en demeure of the co-owner whose notification was recorded (art. 25)."""
	rows = frappe.get_all(
		"Dunning",
		filters={
			"syndic_residence": residence,
			"syndic_co_owner": co_owner,
			"syndic_level": MISE_EN_DEMEURE,
			"docstatus": 1,
			"syndic_notified_on": ("is", "set"),
		},
		fields=[
			"name",
			"posting_date",
			"syndic_notified_on",
			"syndic_registered_letter_no",
			"syndic_notice_proof",
		],
		order_by="syndic_notified_on desc, posting_date desc",
		limit=1,
	)
	return rows[0] if rows else None


def reminder_fees(residence: str, co_owner: str) -> float:
	"""Reminder fees charged (explicit résidence policy) on the co-owner's unresolved Dunnings."""
	return flt(
		frappe.db.sql(
			"""select coalesce(sum(dunning_fee), 0) from `tabDunning`
			where syndic_residence=%s and syndic_co_owner=%s and docstatus=1 and status != 'Resolved'""",
			(residence, co_owner),
		)[0][0]
	)


def claim_for(residence: str, co_owner: str, as_of) -> Claim:
	"""What the file claims, or a French error when the co-owner owes nothing claimable."""
	debts = co_owner_debts(residence, co_owner, as_of)
	policy = residence_charges(residence)
	with core_errors():
		claim = injunction_claim(debts, as_of, policy, reminder_fees(residence, co_owner) if policy else 0)
	if not claim.lines:
		name = frappe.db.get_value("Co-owner", co_owner, "full_name") or co_owner
		if claim.prescribed:
			reason = _("their only overdue debts are time-barred (loi 18-00, art. 43)")
		elif claim.not_yet_due:
			reason = _("no call for funds is due yet")
		else:
			reason = _("they owe nothing")
		frappe.throw(
			_("No injunction to pay file for {0} in residence {1}: {2}.").format(
				frappe.bold(name), frappe.bold(residence), reason
			),
			title=_("Nothing to claim"),
		)
	return claim


# --- the four documents ------------------------------------------------------------------------


def ag_minutes_pieces(residence: str, claim: Claim) -> list[Piece]:
	"""(1) The PV of the AG that approved the budget of each fiscal year claimed."""
	pieces = []
	if any(not line.fiscal_year for line in claim.lines):
		pieces.append(
			Piece(
				"ag_minutes",
				_("Unknown fiscal year"),
				_("no fiscal year on the call date"),
				missing=True,
			)
		)
	for year in claim.fiscal_years:
		budget = frappe.db.get_value(
			"Residence Budget",
			{"residence": residence, "fiscal_year": year, "docstatus": 1},
			["name", "ag_minutes", "ag_date", "ag_reference"],
			as_dict=True,
		)
		title = _("Fiscal year {0}").format(year)
		if not budget:
			pieces.append(
				Piece("ag_minutes", title, _("no approved budget for this fiscal year"), missing=True)
			)
			continue
		detail = " — ".join(
			x
			for x in (
				budget.ag_reference,
				_("General assembly of {0}").format(frappe.format(budget.ag_date, {"fieldtype": "Date"}))
				if budget.ag_date
				else "",
				budget.name,
			)
			if x
		)
		assembly = assembly_minutes(budget.name)
		if assembly:
			# The budget was approved by a General Assembly of the app: its signed PV (art. 25 bis).
			pieces.append(
				Piece(
					"ag_minutes",
					title,
					detail,
					file_url=assembly.signed_minutes,
					attached_to=("General Assembly", assembly.name),
				)
			)
		elif budget.ag_minutes:
			pieces.append(
				Piece(
					"ag_minutes",
					title,
					detail,
					file_url=budget.ag_minutes,
					attached_to=("Residence Budget", budget.name),
				)
			)
		else:
			pieces.append(
				Piece(
					"ag_minutes",
					title,
					_("Minutes not attached to budget {0}").format(budget.name),
					missing=True,
				)
			)
	return pieces


def assembly_minutes(budget: str):
	"""The signed minutes of the General Assembly that approved `budget` (the assembly records itself
	on the budget, `syndic_general_assembly`), or None. Read by name: finance imports no assembly code."""
	if not frappe.get_meta("Residence Budget").has_field("syndic_general_assembly"):
		return None
	name = frappe.db.get_value("Residence Budget", budget, "syndic_general_assembly")
	if not name:
		return None
	assembly = frappe.db.get_value(
		"General Assembly", {"name": name, "docstatus": 1}, ["name", "signed_minutes"], as_dict=True
	)
	return assembly if assembly and assembly.signed_minutes else None


def property_pieces(units: list) -> list[Piece]:
	"""(3) The property certificate of each of the co-owner's units, not older than his ownership."""
	if not units:
		return [Piece("property_certificate", _("Units"), _("no unit in the co-owner's name"), missing=True)]
	pieces = []
	for unit in units:
		title = _("Unit {0}").format(unit.unit_number)
		url = frappe.db.get_value("Unit", unit.name, "property_certificate")
		if not url:
			pieces.append(
				Piece("property_certificate", title, _("certificate not attached to the unit"), missing=True)
			)
			continue
		owned_from = frappe.db.get_value(
			"Unit Ownership",
			{"parenttype": "Unit", "parent": unit.name, "to_date": ("is", "not set")},
			"from_date",
		)
		attached_on = frappe.db.get_value(
			"File",
			{"file_url": url, "attached_to_doctype": "Unit", "attached_to_name": unit.name},
			"creation",
		)
		if owned_from and attached_on and getdate(attached_on) < getdate(owned_from):
			pieces.append(
				Piece(
					"property_certificate",
					title,
					_("certificate of {0}, earlier than the unit's acquisition on {1}").format(
						frappe.format(getdate(attached_on), {"fieldtype": "Date"}),
						frappe.format(owned_from, {"fieldtype": "Date"}),
					),
					missing=True,
				)
			)
			continue
		pieces.append(
			Piece(
				"property_certificate",
				title,
				_("{0} tantiemes").format(frappe.format(unit.tantiemes, {"fieldtype": "Float"})),
				file_url=url,
				attached_to=("Unit", unit.name),
			)
		)
	return pieces


def notice_piece(notice: frappe._dict) -> Piece:
	"""(4) The proof that the mise en demeure was notified."""
	title = _("Formal notice {0}").format(notice.name)
	detail = _("served on {0}").format(frappe.format(notice.syndic_notified_on, {"fieldtype": "Date"}))
	if notice.syndic_registered_letter_no:
		detail += " — " + _("registered letter no. {0}").format(notice.syndic_registered_letter_no)
	if not notice.syndic_notice_proof:
		return Piece("notice_proof", title, detail + " — " + _("proof not attached"), missing=True)
	return Piece(
		"notice_proof",
		title,
		detail,
		file_url=notice.syndic_notice_proof,
		attached_to=("Dunning", notice.name),
	)


def missing_documents(pieces: list[Piece]) -> list[tuple[str, str, list[str]]]:
	"""[(code, label, details)] of the documents of art. 25 bis with a missing piece."""
	available = {p.code for p in pieces} - {p.code for p in pieces if p.missing}
	return [
		(code, _(label), [f"{p.title} : {p.detail}" for p in pieces if p.code == code and p.missing])
		for code, label in injunction_missing(available)
	]


# --- reading the attachments -------------------------------------------------------------------


def attachment_error(piece: Piece, file_name: str, reason: str):
	frappe.throw(
		_('Exhibit "{0}" ({1}, {2}) unreadable: {3}').format(file_name, piece.label, piece.title, reason),
		InjunctionAttachmentError,
		title=_("Unreadable attachment"),
	)


def read_attachment(piece: Piece) -> tuple[bytes, str]:
	"""The bytes and the name of the File behind an Attach field value."""
	doctype, name = piece.attached_to
	file_name = frappe.db.get_value(
		"File", {"file_url": piece.file_url, "attached_to_doctype": doctype, "attached_to_name": name}, "name"
	) or frappe.db.get_value("File", {"file_url": piece.file_url}, "name")
	label = piece.file_url.rsplit("/", 1)[-1]
	if not file_name:
		attachment_error(piece, label, _("file not found"))
	file = frappe.get_doc("File", file_name)
	label = file.file_name or label
	try:
		data = file.get_content()
	except Exception as e:
		attachment_error(piece, label, _("file missing on the server ({0})").format(type(e).__name__))
	if isinstance(data, str):
		data = data.encode()
	return data, label


def pdf_reader(data: bytes, piece: Piece, label: str):
	"""A pypdf reader of the attachment (images converted to PDF pages), checked page by page."""
	from pypdf import PdfReader

	from syndic_maroc.utils.files import inspect_file

	try:
		info = inspect_file(data, label)
	except IntakeError as e:
		attachment_error(piece, label, e.translated(_))
	if info.kind != PDF:
		data = image_to_pdf(data, piece, label)
	try:
		with warnings.catch_warnings():
			warnings.simplefilter("ignore")
			reader = PdfReader(io.BytesIO(data), strict=False)
			if reader.is_encrypted:
				reader.decrypt("")
			for page in reader.pages:
				page.mediabox
	except Exception as e:
		attachment_error(piece, label, _("Unreadable or damaged PDF ({0})").format(type(e).__name__))
	if not len(reader.pages):
		attachment_error(piece, label, _("the document has no pages"))
	return reader


def image_to_pdf(data: bytes, piece: Piece, label: str) -> bytes:
	"""JPEG / PNG / TIFF (every frame) as PDF pages fitted to A4, upright from the EXIF."""
	from PIL import ImageOps

	from syndic_maroc.core.intake.sniff import DEFAULT_LIMITS
	from syndic_maroc.utils.files import open_image

	try:
		image = open_image(data, DEFAULT_LIMITS)
		pages = []
		for index in range(getattr(image, "n_frames", 1)):
			image.seek(index)
			frame = ImageOps.exif_transpose(image.copy()).convert("RGB")
			pages.append(frame)
		width, height = pages[0].size
		resolution = max(width / A4_INCHES[0], height / A4_INCHES[1], 72.0)
		out = io.BytesIO()
		pages[0].save(out, "PDF", resolution=resolution, save_all=True, append_images=pages[1:])
		return out.getvalue()
	except IntakeError as e:
		attachment_error(piece, label, e.translated(_))
	except Exception as e:
		attachment_error(piece, label, _("unreadable or damaged image ({0})").format(type(e).__name__))


# --- the file ----------------------------------------------------------------------------------


def certification_line(res, owner, as_of, syndic: str | None) -> str:
	"""The syndic's certification printed under the statement (art. 25 bis: « relevé certifié »)."""
	return _(
		'The syndic{0} of the syndicate of co-owners "{1}" certifies this statement of account of {2} true and in agreement with the syndicate\'s accounting entries as of {3} (loi 18-00, art. 25 bis).'
	).format(
		f" ({syndic})" if syndic else "",
		res.residence_name,
		owner.full_name,
		frappe.format(as_of, {"fieldtype": "Date"}),
	)


def prepare(residence: str, co_owner: str, as_of) -> frappe._dict:
	"""The claim, the notified notice and the pieces of the file (the statement not rendered
	yet); French errors when there is nothing to claim or no notified mise en demeure."""
	res = residence_of(residence)
	owner = co_owner_of(co_owner)
	claim = claim_for(residence, co_owner, as_of)
	notice = notified_notice(residence, co_owner)
	if not notice:
		frappe.throw(
			_(
				"No injunction to pay file for {0}: no formal notice served. An injunction requires a formal notice by registered letter whose service is proven (loi 18-00, art. 25 and 25 bis): record its notification date on the dunning."
			).format(frappe.bold(owner.full_name)),
			title=_("Formal notice not served"),
		)
	units = units_of(residence, co_owner)
	years = [frappe.db.get_value("Fiscal Year", y, "year_start_date") for y in claim.fiscal_years]
	from_date = min([getdate(y) for y in years if y] or [line.due_date for line in claim.lines])
	statement = Piece(
		"account_statement",
		_("Statement from {0} to {1}").format(
			frappe.format(from_date, {"fieldtype": "Date"}), frappe.format(as_of, {"fieldtype": "Date"})
		),
		_("certified by the syndic"),
	)
	pieces = [*ag_minutes_pieces(residence, claim), statement, *property_pieces(units), notice_piece(notice)]
	return frappe._dict(
		residence=res,
		co_owner=owner,
		claim=claim,
		notice=notice,
		units=units,
		from_date=from_date,
		statement=statement,
		pieces=pieces,
		missing=missing_documents(pieces),
	)


def build_file(
	residence: str, co_owner: str, allow_incomplete=False, as_of=None
) -> tuple[bytes, frappe._dict]:
	"""The injunction file as one PDF and what it holds (claim, pieces, missing, page count)."""
	from pypdf import PdfReader, PdfWriter

	as_of = getdate(as_of or nowdate())
	file = prepare(residence, co_owner, as_of)
	res, owner, claim, pieces, missing = file.residence, file.co_owner, file.claim, file.pieces, file.missing
	syndic_user = frappe.db.get_value("Residence", residence, "syndic_user")
	syndic = frappe.utils.get_fullname(syndic_user) if syndic_user else None
	if missing and not frappe.utils.cint(allow_incomplete):
		frappe.throw(
			_(
				"Injunction to pay file incomplete for {0}. Missing documents (loi 18-00, art. 25 bis):"
			).format(frappe.bold(owner.full_name))
			+ "<ul>"
			+ "".join(
				f"<li>{escape_html(label)} ({escape_html('; '.join(details))})</li>"
				for _code, label, details in missing
			)
			+ "</ul>"
			+ _("Attach them, or generate the incomplete file: the missing documents will be flagged in it."),
			InjunctionFileIncomplete,
			title=_("Incomplete file"),
		)

	file.statement.content = statement_pdf_bytes(
		residence,
		co_owner,
		file.from_date,
		as_of,
		certification=escape_html(certification_line(res, owner, as_of, syndic)),
	)
	loaded: dict[str, Piece] = {}
	for piece in pieces:
		if piece.missing:
			continue
		if piece.content is not None:
			piece.reader = PdfReader(io.BytesIO(piece.content))
		elif piece.file_url in loaded:  # one certificate for two lots: its pages once
			piece.duplicate_of = loaded[piece.file_url]
			continue
		else:
			data, label = read_attachment(piece)
			piece.reader = pdf_reader(data, piece, label)
			loaded[piece.file_url] = piece
		piece.page_count = len(piece.reader.pages)

	ctx = frappe._dict(
		residence=res,
		co_owner=owner,
		units=file.units,
		total_tantiemes=frappe.db.get_value("Residence", residence, "total_tantiemes"),
		claim=claim,
		policy=residence_charges(residence),
		notice=file.notice,
		pieces=pieces,
		missing=missing,
		syndic=syndic,
		as_of=as_of,
	)
	# The cover lists the pages of each piece: render, count, number the pieces, render again.
	cover_pages = 1
	for _attempt in range(3):
		page = cover_pages + 1
		for piece in pieces:
			piece.first_page = page if piece.page_count else 0
			page += piece.page_count
		cover = PdfReader(io.BytesIO(render_pdf(COVER_TEMPLATE, ctx, f"injonction-{co_owner}")))
		if len(cover.pages) == cover_pages:
			break
		cover_pages = len(cover.pages)

	writer = PdfWriter()
	writer.append(cover, outline_item=_("List of exhibits"))
	for piece in pieces:
		if piece.reader is not None:
			writer.append(piece.reader, outline_item=f"{piece.label} — {piece.title}")
	writer.add_metadata({"/Title": _("Injunction to pay file — {0}").format(owner.full_name)})
	out = io.BytesIO()
	writer.write(out)
	info = frappe._dict(
		claim=claim,
		pieces=pieces,
		missing=missing,
		cover_pages=len(cover.pages),
		pages=len(writer.pages),
		filename=f"injonction-{co_owner}-{as_of}.pdf",
	)
	return out.getvalue(), info


def check_staff(residence: str, co_owner: str) -> None:
	frappe.only_for(STAFF_ROLES)
	check_access(residence, co_owner)


def summary(residence: str, co_owner: str) -> dict:
	"""What the file would claim and which documents are missing (the form's dialog); the same
	French errors as the download when there is nothing to claim or no notified notice."""
	check_staff(residence, co_owner)
	file = prepare(residence, co_owner, getdate(nowdate()))
	return {
		"total": flt(file.claim.total),
		"debts": len(file.claim.lines),
		"missing": [
			{"code": code, "label": label, "details": details} for code, label, details in file.missing
		],
	}


def download(residence: str, co_owner: str, allow_incomplete=0) -> None:
	"""The injunction file (loi 18-00 art. 25 bis) as a PDF download; Syndic Manager/Accountant."""
	check_staff(residence, co_owner)
	pdf, info = build_file(residence, co_owner, allow_incomplete)
	send_pdf(pdf, info.filename)

"""Dossier d'injonction de payer (loi 18-00 art. 25 bis) on a real site: one PDF with a cover
page, the AG minutes, the certified account statement, the property certificates and the proof
of notice, merged from real attachments (PDF pages, JPEG/PNG images); refused with the exact
list of what is missing unless asked incomplete, refused when nothing is owed or no mise en
demeure was notified, and a corrupt attachment is named.

Uses the résidence fixture of finance.helpers (committed once per module, removed after); every
test runs inside the `db` fixture's rollback (the files written on disk are removed after).
"""

import html
import io
import os
import re
from datetime import timedelta

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import OWNER_OF, make_budget, make_call, uid

res = helpers.res  # the résidence fixture of finance.helpers (module scope)

pytestmark = pytest.mark.site

OWNER = 0  # co-owner 0 owns A1 and A2 (helpers.OWNER_OF)


def pdf_pages(pdf: bytes) -> list[str]:
	# poppler reads Chromium's PDFs as a reader does (pypdf splits their words with spaces)
	from tests.site.utils.pdf_layout import pages_text

	return pages_text(pdf)


def html_pdf(*pages: str) -> bytes:
	"""A real PDF (wkhtmltopdf) with one page per text."""
	from frappe.utils.pdf import get_pdf

	body = "".join(f'<div style="page-break-after: always"><h1>{text}</h1></div>' for text in pages[:-1])
	return get_pdf(body + f"<div><h1>{pages[-1]}</h1></div>")


def image_bytes(fmt: str, size=(1200, 1700)) -> bytes:
	from PIL import Image, ImageDraw

	image = Image.new("RGB", size, "white")
	ImageDraw.Draw(image).rectangle([100, 100, size[0] - 100, 300], outline="black", width=8)
	out = io.BytesIO()
	image.save(out, fmt)
	return out.getvalue()


@pytest.fixture
def attach(db):
	"""attach(doctype, name, field, file_name, content): a private File in the field; removed after."""
	paths = []

	def make(doctype, name, fieldname, file_name, content):
		file = db.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"attached_to_doctype": doctype,
				"attached_to_name": name,
				"attached_to_field": fieldname,
				"is_private": 1,
				"content": content,
			}
		)
		file.flags.intake_skip = True
		file.insert(ignore_permissions=True)
		paths.append(file.get_full_path())
		db.db.set_value(doctype, name, fieldname, file.file_url, update_modified=False)
		return file

	yield make
	for path in paths:
		if os.path.exists(path):
			os.remove(path)


@pytest.fixture
def recovery(db, res):
	"""A budget approved by the AG, the Q1 call, the three reminders up to the mise en demeure,
	notified to co-owner 0 two days after it was sent."""
	from syndic_maroc.finance.reminders import create_due_dunnings

	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=1)
	start = call.due_date
	for day in (15, 30, 45):
		assert create_due_dunnings(res.name, start + timedelta(days=day), send_email=False)
	owner = res.owners[OWNER]
	notice = db.get_all(
		"Dunning",
		filters={"syndic_co_owner": owner, "syndic_level": "mise_en_demeure", "docstatus": 1},
		pluck="name",
	)[0]
	notified = start + timedelta(days=47)
	db.db.set_value(
		"Dunning",
		notice,
		{"syndic_notified_on": notified, "syndic_registered_letter_no": "RR 123 456 789 MA"},
	)
	invoices = db.get_all(
		"Sales Invoice",
		filters={"customer": res.customers[OWNER], "syndic_residence": res.name, "docstatus": 1},
		fields=["name", "outstanding_amount", "due_date"],
		order_by="name",
	)
	units = [res.units[number] for number, index in OWNER_OF.items() if index == OWNER]
	return db._dict(
		budget=budget,
		call=call,
		owner=owner,
		notice=notice,
		notified=notified,
		invoices=invoices,
		units=units,
		as_of=notified + timedelta(days=40),
	)


def attach_all(db, res, recovery, attach):
	attach(
		"Residence Budget",
		recovery.budget.name,
		"ag_minutes",
		"pv-ag.pdf",
		html_pdf("PVAG-PAGE-ONE", "PVAG-PAGE-TWO"),
	)
	attach("Unit", recovery.units[0], "property_certificate", "certificat-a1.pdf", html_pdf("CERTIF-A1"))
	attach("Unit", recovery.units[1], "property_certificate", "certificat-a2.png", image_bytes("PNG"))
	attach(
		"Dunning",
		recovery.notice,
		"syndic_notice_proof",
		"accuse-reception.jpg",
		image_bytes("JPEG", (1600, 1200)),
	)


def test_the_file_merges_cover_statement_and_the_four_documents(db, res, recovery, attach):
	from syndic_maroc.finance.injunction import build_file
	from syndic_maroc.finance.statements import statement_pdf_bytes

	attach_all(db, res, recovery, attach)
	pdf, info = build_file(res.name, recovery.owner, as_of=recovery.as_of)
	assert info.missing == []
	pages = pdf_pages(pdf)
	assert len(pages) == info.pages

	# filing order: cover, AG minutes (2 pages), certified statement, certificate A1 (PDF),
	# certificate A2 (PNG: one page), proof of notice (JPEG: one page)
	cover_pages = next(i for i, text in enumerate(pages) if "PVAG-PAGE-ONE" in text)
	assert cover_pages >= 1 and info.cover_pages == cover_pages
	assert "Dossier d'injonction de payer" in pages[0]
	assert "PVAG-PAGE-TWO" in pages[cover_pages + 1]
	statement_pages = len(
		pdf_pages(
			statement_pdf_bytes(res.name, recovery.owner, recovery.budget.year_start_date, recovery.as_of)
		)
	)
	first = cover_pages + 2
	assert "Relevé de compte copropriétaire" in pages[first]
	assert len(pages) == cover_pages + 2 + statement_pages + 1 + 1 + 1
	assert "CERTIF-A1" in pages[first + statement_pages]
	assert pages[-2] == "" and pages[-1] == ""  # the two images: pages without a text layer
	# the statement carries the syndic's certification line
	assert "certifie le présent relevé de compte" in " ".join(pages[first : first + statement_pages])

	# the cover: the amounts claimed debt by debt, their due and prescription dates, the notice
	money = db.utils.fmt_money  # the figure; the Arabic currency symbol does not extract in order
	text = " ".join(pages[: info.cover_pages])
	claimed = [
		inv for inv in recovery.invoices if inv.outstanding_amount > 0 and inv.due_date < recovery.as_of
	]
	assert {line.invoice for line in info.claim.lines} == {inv.name for inv in claimed}
	joined = text.replace(" ", "")  # a long name may still wrap in its cell
	for inv in claimed:
		assert inv.name in joined
		assert money(inv.outstanding_amount) in text
	prescription = db.format(db.utils.add_years(recovery.budget.ag_date, 5), {"fieldtype": "Date"})
	assert prescription in text  # 5 years after the AG approved the charges (art. 43)
	assert money(sum(inv.outstanding_amount for inv in claimed)) in text, text
	assert recovery.notice in joined and "RR123456789MA" in joined
	assert db.format(recovery.notified, {"fieldtype": "Date"}) in text
	assert "MANQUANTE" not in text and text.count("Jointe") == 5  # PV, statement, 2 certificates, proof
	assert "Ni intérêts de retard ni frais" in text


def test_missing_documents_are_listed_exactly_unless_asked_incomplete(db, res, recovery, attach):
	from syndic_maroc.finance.injunction import InjunctionFileIncomplete, build_file

	def missing_in(message: str) -> set[str]:
		labels = {
			"ag_minutes": "Procès-verbal de l'AG",
			"property_certificate": "Certificat de propriété",
			"notice_proof": "Preuve de la notification",
			"account_statement": "Relevé de compte du copropriétaire certifié",
		}
		message = html.unescape(message)
		return {code for code, label in labels.items() if label in message}

	with pytest.raises(InjunctionFileIncomplete) as error:
		build_file(res.name, recovery.owner, as_of=recovery.as_of)
	assert missing_in(str(error.value)) == {"ag_minutes", "property_certificate", "notice_proof"}

	attach("Residence Budget", recovery.budget.name, "ag_minutes", "pv-ag.pdf", html_pdf("PVAG-PAGE-ONE"))
	attach("Unit", recovery.units[0], "property_certificate", "certificat-a1.pdf", html_pdf("CERTIF-A1"))
	with pytest.raises(InjunctionFileIncomplete) as error:
		build_file(res.name, recovery.owner, as_of=recovery.as_of)
	message = str(error.value)
	assert missing_in(message) == {"property_certificate", "notice_proof"}
	assert "Lot A2" in message and "Lot A1" not in message  # the unit whose certificate is missing

	# asked incomplete: the file is made, the cover marks what is missing
	pdf, info = build_file(res.name, recovery.owner, allow_incomplete=1, as_of=recovery.as_of)
	assert [code for code, _label, _details in info.missing] == ["property_certificate", "notice_proof"]
	pages = pdf_pages(pdf)
	cover = " ".join(pages[: info.cover_pages])
	assert cover.count("MANQUANTE") == 2 and "Dossier incomplet" in cover
	assert any("PVAG-PAGE-ONE" in text for text in pages) and any("CERTIF-A1" in text for text in pages)
	statement_pages = sum(1 for text in pages if "Relevé de compte copropriétaire" in text)
	assert len(pages) == info.cover_pages + 1 + statement_pages + 1


def test_refused_without_debt_or_notified_notice_and_on_a_corrupt_attachment(db, res, recovery, attach):
	from syndic_maroc.finance.injunction import InjunctionAttachmentError, build_file

	# a co-owner who owes nothing
	stranger = db.get_doc({"doctype": "Co-owner", "full_name": f"Sans Dette {uid()}"}).insert()
	with pytest.raises(db.ValidationError, match="il ne doit rien"):
		build_file(res.name, stranger.name, as_of=recovery.as_of)
	# before the due date nothing is claimable
	with pytest.raises(db.ValidationError, match="aucun appel de fonds n'est encore échu"):
		build_file(res.name, recovery.owner, as_of=recovery.call.due_date)
	# another co-owner received the mise en demeure, but its notification was not recorded
	with pytest.raises(db.ValidationError, match="aucune mise en demeure notifiée"):
		build_file(res.name, res.owners[1], as_of=recovery.as_of)

	# a corrupt attachment stops the file and is named
	attach_all(db, res, recovery, attach)
	attach(
		"Unit",
		recovery.units[0],
		"property_certificate",
		"certificat-abime.pdf",
		b"%PDF-1.4\n1 0 obj <<>>\nxref garbage",
	)
	with pytest.raises(InjunctionAttachmentError, match=re.escape("certificat-abime.pdf")):
		build_file(res.name, recovery.owner, as_of=recovery.as_of)
	attach(
		"Unit", recovery.units[0], "property_certificate", "certificat.png", b"\x89PNG\r\n\x1a\n truncated"
	)
	with pytest.raises(InjunctionAttachmentError, match=re.escape("certificat.png")):
		build_file(res.name, recovery.owner, as_of=recovery.as_of)
	# a file gone from the disk is named too
	attach("Unit", recovery.units[0], "property_certificate", "certificat-a1.pdf", html_pdf("CERTIF-A1"))
	proof = db.get_doc(
		"File", {"file_url": db.db.get_value("Dunning", recovery.notice, "syndic_notice_proof")}
	)
	os.remove(proof.get_full_path())
	with pytest.raises(InjunctionAttachmentError, match=re.escape("accuse-reception.jpg")):
		build_file(res.name, recovery.owner, as_of=recovery.as_of)


def test_download_is_for_syndic_staff(db, res, recovery, attach):
	from syndic_maroc.finance import injunction

	attach_all(db, res, recovery, attach)
	summary = injunction.summary(res.name, recovery.owner)
	assert summary["missing"] == [] and summary["total"] > 0
	db.local.response = db._dict()
	injunction.download(res.name, recovery.owner)
	assert db.local.response.type == "pdf" and db.local.response.filecontent.startswith(b"%PDF")
	assert db.local.response.filename.startswith(f"injonction-{recovery.owner}-")
	db.set_user("Guest")
	try:
		with pytest.raises(db.PermissionError):
			injunction.download(res.name, recovery.owner)
	finally:
		db.set_user("Administrator")

"""Call notices on a real site: the "Call Notice" print format (résidence letterhead, unit,
tantièmes, key and share, amount, due date, RIB/IBAN, payment reference; French with the Arabic
titles, right to left in Arabic) and its sending by email: one Email Queue row per invoice with
the PDF inside the MIME message, a Communication in the invoice's timeline, never twice unless
forced, co-owners without email reported on the call.

Uses the résidence fixture of finance.helpers; every test runs inside the `db` fixture's rollback.
"""

import email
import email.header
import io

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import make_budget, make_call, uid

res = helpers.res  # the résidence fixture of finance.helpers (module scope)

pytestmark = pytest.mark.site

RIB = "011780000012345678901234"  # 24 digits (display only: set without the Residence's validation)


def call_invoices(frappe, call):
	return frappe.get_all(
		"Sales Invoice",
		filters={"syndic_call_for_funds": call, "docstatus": 1},
		fields=["name", "customer", "grand_total", "syndic_notice_sent_on"],
		order_by="customer asc, name asc",
	)


def queued(frappe, invoice):
	return frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Sales Invoice", "reference_name": invoice},
		fields=["name", "message", "status", "communication"],
	)


def pdf_parts(message: str) -> list[tuple[str, bytes]]:
	parsed = email.message_from_string(message)
	return [
		(part.get_filename(), part.get_payload(decode=True))
		for part in parsed.walk()
		if part.get_content_type() == "application/pdf"
	]


def pdf_text(pdf: bytes) -> str:
	# poppler reads Chromium's PDFs as a reader does (pypdf splits their words with spaces)
	from tests.site.utils.pdf_layout import text

	return text(pdf)


@pytest.fixture
def call(db, res):
	db.db.set_value("Residence", res.name, {"rib": RIB, "bank_name": "Banque Populaire"})
	budget = make_budget(db, res)
	return make_call(db, res, budget, period=1)


def test_call_notice_prints_every_element_in_french_and_arabic(db, res, call):
	from frappe.translate import print_language

	# co-owner 3's invoice of current charges (the one with the lift)
	invoice = db.get_all(
		"Sales Invoice Item",
		filters={
			"parenttype": "Sales Invoice",
			"syndic_category": "Elevator",
			"syndic_unit": res.units["B2"],
		},
		pluck="parent",
	)
	invoice = db.get_all(
		"Sales Invoice",
		filters={"syndic_call_for_funds": call.name, "name": ("in", invoice), "docstatus": 1},
		pluck="name",
	)[0]
	html = db.get_print("Sales Invoice", invoice, print_format="Call Notice")
	assert "Avis d'appel de fonds" in html and "إشعار بطلب أداء المساهمات" in html
	assert db.db.get_value("Residence", res.name, "residence_name") in html  # letterhead
	assert db.db.get_value("Co-owner", res.owners[3], "full_name") in html
	# units B2 (250 tantièmes) and B3 (150) out of the résidence's 1100
	assert "B2" in html and "B3" in html and "250 / 1100" in html and "150 / 1100" in html
	# shares: the general key (B2 = 250 of 1000 allocated tantièmes) and the lift key (1 of 3 units)
	assert "250 / 1000" in html and "1 / 3" in html
	assert "Charges générales" in html and "Ascenseur B" in html
	assert RIB in html and "Banque Populaire" in html
	from syndic_maroc.core.identifiers import format_iban, iban_from_rib

	assert format_iban(iban_from_rib(RIB)) in html
	assert invoice in html  # the payment reference
	due = db.format(call.due_date, {"fieldtype": "Date"})
	assert due in html
	total = db.db.get_value("Sales Invoice", invoice, "grand_total")
	assert db.format(total, {"fieldtype": "Currency", "options": "MAD"}) in html
	assert '<div class="syndic-notice" dir="ltr" lang="fr">' in html

	with print_language("ar"):
		arabic = db.get_print("Sales Invoice", invoice, print_format="Call Notice")
	# the Arabic labels (translations) lead; the figures are the same
	assert '<div class="syndic-notice" dir="rtl" lang="ar">' in arabic  # right to left (Chromium)
	assert 'مرجع الأداء <span class="other fr" dir="ltr" lang="fr">' in arabic
	assert invoice in arabic and RIB in arabic and "250 / 1000" in arabic

	pdf = db.get_print("Sales Invoice", invoice, print_format="Call Notice", as_pdf=True)
	assert pdf[:4] == b"%PDF"
	text = pdf_text(pdf)
	assert invoice in text and RIB in text and "B2" in text


def test_notices_are_queued_once_with_the_pdf_and_missing_emails_reported(db, res, call):
	from syndic_maroc.finance.notices import send_call_notices

	# co-owner 2 has no email (nor on their Contact): reported, nothing queued for them
	owner2 = db.get_doc("Co-owner", res.owners[2])
	owner2.email = None
	owner2.save()
	assert not db.db.get_value("Contact", owner2.contact, "email_id")
	invoices = call_invoices(db, call.name)
	with_email = [i for i in invoices if i.customer != res.customers[2]]
	without = [i for i in invoices if i.customer == res.customers[2]]
	assert with_email and without and not any(i.syndic_notice_sent_on for i in invoices)

	result = send_call_notices(call.name)
	assert result["sent"] == len(with_email) and result["already_sent"] == 0 and not result["failed"]
	assert result["no_email"] == [f"{owner2.full_name} ({owner2.name})"]
	for inv in with_email:
		rows = queued(db, inv.name)
		assert len(rows) == 1 and rows[0].status == "Not Sent"
		parts = pdf_parts(rows[0].message)
		assert [name for name, _ in parts] == [f"{inv.name}.pdf"]
		assert parts[0][1][:4] == b"%PDF" and inv.name in pdf_text(parts[0][1])
		owner = db.db.get_value("Co-owner", {"customer": inv.customer}, ["email", "full_name"], as_dict=True)
		recipients = db.get_all("Email Queue Recipient", filters={"parent": rows[0].name}, pluck="recipient")
		assert recipients == [owner.email]
		# in the invoice's timeline, linked to the queued email
		communication = db.db.get_value(
			"Communication",
			{
				"reference_doctype": "Sales Invoice",
				"reference_name": inv.name,
				"communication_medium": "Email",
			},
			["name", "recipients", "sent_or_received"],
			as_dict=True,
		)
		assert communication.recipients == owner.email and communication.sent_or_received == "Sent"
		assert rows[0].communication == communication.name
		assert db.db.get_value("Sales Invoice", inv.name, "syndic_notice_sent_on")
	for inv in without:
		assert not queued(db, inv.name)
		assert not db.db.get_value("Sales Invoice", inv.name, "syndic_notice_sent_on")
	assert db.db.get_value("Call for Funds", call.name, "notices_sent") == len(with_email)
	comment = db.get_all(
		"Comment",
		filters={"reference_doctype": "Call for Funds", "reference_name": call.name, "comment_type": "Info"},
		pluck="content",
		order_by="creation desc",
	)[0]
	assert owner2.full_name in comment and "Sans adresse e-mail" in comment

	# never twice...
	again = send_call_notices(call.name)
	assert again["sent"] == 0 and again["already_sent"] == len(with_email)
	assert all(len(queued(db, inv.name)) == 1 for inv in with_email)
	# ...unless forced
	forced = send_call_notices(call.name, force=True)
	assert forced["sent"] == len(with_email)
	assert all(len(queued(db, inv.name)) == 2 for inv in with_email)


def test_contact_email_is_used_when_the_co_owner_has_none(db, res, call):
	from syndic_maroc.finance.notices import recipient_of, send_invoice_notice

	owner = db.get_doc("Co-owner", res.owners[1])
	db.db.set_value("Co-owner", owner.name, "email", None)  # as if typed on the Contact only
	contact_email = f"contact.{uid().lower()}@example.ma"
	db.db.set_value("Contact", owner.contact, "email_id", contact_email)
	assert recipient_of(owner.customer).email == contact_email
	invoice = db.get_all(
		"Sales Invoice",
		filters={"syndic_call_for_funds": call.name, "customer": owner.customer},
		pluck="name",
	)[0]
	assert send_invoice_notice(invoice)[0] == "sent"
	rows = queued(db, invoice)
	assert db.get_all("Email Queue Recipient", filters={"parent": rows[0].name}, pluck="recipient") == [
		contact_email
	]
	assert send_invoice_notice(invoice)[0] == "already_sent"


def test_on_issue_only_when_the_call_asks_for_it(db, res):
	from syndic_maroc.finance.notices import after_call_issued

	budget = make_budget(db, res)
	quiet = make_call(db, res, budget, period=1)
	after_call_issued(quiet.name)
	assert not any(queued(db, inv.name) for inv in call_invoices(db, quiet.name))

	loud = db.get_doc(
		{
			"doctype": "Call for Funds",
			"residence": res.name,
			"source": "Budget",
			"residence_budget": budget.name,
			"period_index": 2,
			"posting_date": budget.year_start_date,
			"send_notices_on_issue": 1,
		}
	).insert()
	loud.submit()
	assert db.db.get_value("Call for Funds", loud.name, "issue_status") == "Completed"
	after_call_issued(loud.name)
	invoices = call_invoices(db, loud.name)
	assert invoices and all(len(queued(db, inv.name)) == 1 for inv in invoices)
	after_call_issued(loud.name)  # a second call of the hook sends nothing more
	assert all(len(queued(db, inv.name)) == 1 for inv in invoices)


def test_send_button_waits_for_the_issue(db, res):
	budget = make_budget(db, res)
	db.flags.syndic_issue_defer = True
	try:
		call = make_call(db, res, budget, period=3)
	finally:
		db.flags.syndic_issue_defer = False
	assert call.issue_status == "Queued"
	with pytest.raises(db.ValidationError, match="une fois toutes ses factures émises"):
		call.send_notices()
	from syndic_maroc.finance.invoicing import issue_invoices

	issue_invoices(call.name)
	call.reload()
	assert call.send_notices() == "sent"  # inline in tests; "queued" on the long queue otherwise
	assert all(len(queued(db, inv.name)) == 1 for inv in call_invoices(db, call.name))


def test_notice_email_follows_the_co_owner_language(db, res, call):
	"""A co-owner who chose Arabic gets the Arabic subject and paragraph first and the Arabic
	notice PDF; a French one the reverse (same figures in both)."""
	from syndic_maroc.finance.notices import send_call_notices

	arabic_owner = db.get_doc("Co-owner", res.owners[1])
	arabic_owner.preferred_language = "ar"
	arabic_owner.save()
	french_owner = db.db.get_value(
		"Co-owner", res.owners[0], ["customer", "preferred_language"], as_dict=True
	)
	assert french_owner.preferred_language == "fr"
	send_call_notices(call.name)
	invoices = {i.customer: i for i in call_invoices(db, call.name)}

	arabic_row = queued(db, invoices[arabic_owner.customer].name)[0]
	french_row = queued(db, invoices[french_owner.customer].name)[0]
	arabic_mail = email.message_from_string(arabic_row.message)
	french_mail = email.message_from_string(french_row.message)
	arabic_subject = str(email.header.make_header(email.header.decode_header(arabic_mail["Subject"])))
	french_subject = str(email.header.make_header(email.header.decode_header(french_mail["Subject"])))
	assert arabic_subject.startswith("إشعار بطلب أداء المساهمات") and french_subject.startswith(
		"Avis d'appel"
	)

	def body_of(mail):
		for part in mail.walk():
			if part.get_content_type() == "text/html":
				return part.get_payload(decode=True).decode()
		raise AssertionError("no html part")

	arabic_body, french_body = body_of(arabic_mail), body_of(french_mail)
	assert arabic_body.index("تجدون رفقته") < arabic_body.index("Veuillez trouver")
	assert french_body.index("Veuillez trouver") < french_body.index("تجدون رفقته")

	arabic_pdf = pdf_text(pdf_parts(arabic_row.message)[0][1])
	french_pdf = pdf_text(pdf_parts(french_row.message)[0][1])
	assert invoices[arabic_owner.customer].name in arabic_pdf
	# the legal note is printed in the notice's language only
	assert "Contributions dues en application" in french_pdf
	assert "Contributions dues en application" not in arabic_pdf


def test_without_an_email_account_the_notices_wait_and_the_syndic_is_told(db, res, call):
	from syndic_maroc.finance.notices import enqueue_call_notices, send_call_notices

	assert not db.db.exists("Email Account", {"enable_outgoing": 1}) and not db.conf.get("mail_server")
	muted = db.flags.mute_emails
	db.flags.mute_emails = False  # as installed: no account, Frappe cannot queue an email
	db.local.outgoing_email_account = {}
	try:
		with pytest.raises(db.ValidationError, match="compte e-mail sortant"):
			enqueue_call_notices(call.name)  # the desk button says it at once
		result = send_call_notices(call.name)  # the job (after issue) says it once on the call
	finally:
		db.flags.mute_emails = muted
		db.local.outgoing_email_account = {}
	assert result["sent"] == 0 and "compte e-mail sortant" in result["error"]
	invoices = call_invoices(db, call.name)
	assert invoices and not any(queued(db, inv.name) for inv in invoices)
	assert not any(inv.syndic_notice_sent_on for inv in invoices)
	comment = db.get_all(
		"Comment",
		filters={"reference_doctype": "Call for Funds", "reference_name": call.name, "comment_type": "Info"},
		pluck="content",
		order_by="creation desc",
	)[0]
	assert "restent à envoyer" in comment
	# with an account (muted email stands for it) the same call's notices go
	assert send_call_notices(call.name)["sent"] == len(invoices)

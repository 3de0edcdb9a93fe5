"""An announcement of a résidence: e-mailed once to its co-owners (each in his language), sent by
SMS through the HTTP gateway interface (here a local fake gateway speaking the same JSON), shown on
the portal of that résidence's co-owners only; a second send is refused."""

import email
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

pytestmark = pytest.mark.site


class _Gateway(BaseHTTPRequestHandler):
	received: list = []

	def do_POST(self):
		body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
		_Gateway.received.append((self.headers.get("Authorization"), body))
		self.send_response(200 if body.get("to") else 400)
		self.end_headers()
		self.wfile.write(b'{"status": "queued"}')

	def log_message(self, *args):
		pass


@pytest.fixture
def gateway(db, monkeypatch):
	server = HTTPServer(("127.0.0.1", 0), _Gateway)
	thread = threading.Thread(target=server.serve_forever, daemon=True)
	thread.start()
	_Gateway.received = []
	monkeypatch.setitem(db.local.conf, "syndic_sms_gateway_url", f"http://127.0.0.1:{server.server_port}/sms")
	monkeypatch.setitem(db.local.conf, "syndic_sms_gateway_token", "t0ken")
	# e-mail muted as Frappe's tests do: the queue keeps the messages without an SMTP server
	monkeypatch.setattr(db.flags, "mute_emails", True, raising=False)
	db.local.outgoing_email_account = {}
	yield _Gateway.received
	db.local.outgoing_email_account = {}
	server.shutdown()
	server.server_close()


def test_announcement_emailed_once_sms_and_portal(db, gateway):
	frappe = db
	from syndic_maroc.api import operations as api
	from syndic_maroc.operations.announcements import recipients

	residences = frappe.get_all("Residence", pluck="name", order_by="name")
	if len(residences) < 2:
		pytest.skip("the site needs the demo data (two résidences)")
	res, other = residences[0], residences[1]
	people = recipients(res)
	assert people
	# one co-owner reads Arabic, one has a phone
	frappe.db.set_value(
		"Co-owner",
		people[0].name,
		{
			"preferred_language": "ar",
			"phone": "+212600000001",
			"email": people[0].email or "ann-ar@example.com",
		},
	)
	people = recipients(res)
	with_email = [p for p in people if p.email]

	doc = frappe.get_doc(
		{
			"doctype": "Announcement",
			"residence": res,
			"title_fr": "Coupure d'eau mardi",
			"body_fr": "L'eau sera coupée mardi de 9 h à 12 h.",
			"title_ar": "انقطاع الماء يوم الثلاثاء",
			"body_ar": "سينقطع الماء يوم الثلاثاء من 9 إلى 12.",
			"send_email": 1,
			"send_sms": 1,
		}
	).insert()
	doc.submit()
	doc.reload()
	assert doc.sent_on and doc.emails_queued == len(with_email)
	queued = frappe.get_all(
		"Email Queue", filters={"reference_doctype": "Announcement", "reference_name": doc.name}, pluck="name"
	)
	assert len(queued) == len(with_email)
	ar_mail = frappe.get_all(
		"Email Queue Recipient",
		filters={"parent": ("in", queued), "recipient": people[0].email},
		pluck="parent",
	)
	assert ar_mail
	mime = email.message_from_string(frappe.db.get_value("Email Queue", ar_mail[0], "message"))
	text = "".join(
		part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
		for part in mime.walk()
		if part.get_content_maintype() == "text"
	)
	assert "سينقطع الماء" in text and "L'eau sera coupée" not in text
	phones = [p for p in people if p.phone]
	assert doc.sms_sent == len(phones) and len(gateway) == len(phones)
	auth, body = next(g for g in gateway if g[1]["to"] == "+212600000001")
	assert auth == "Bearer t0ken" and body["text"].startswith("انقطاع الماء")

	# once: a second send is refused, nothing more queued
	from syndic_maroc.operations.announcements import send

	with pytest.raises(frappe.ValidationError):
		send(frappe.get_doc("Announcement", doc.name))
	assert frappe.db.count(
		"Email Queue", {"reference_doctype": "Announcement", "reference_name": doc.name}
	) == len(with_email)

	# portal: shown to a co-owner of that résidence, not to one of another
	def portal_user(co_owner):
		email = f"ann-{frappe.generate_hash(length=6)}@example.com"
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": "Ann",
				"user_type": "Website User",
				"send_welcome_email": 0,
			}
		).insert(ignore_permissions=True)
		frappe.db.set_value("Co-owner", co_owner, "portal_user", email)
		return email

	mine = portal_user(people[0].name)
	outsider_owner = frappe.db.sql(
		"""select co_owner from `tabUnit` where residence = %s and ifnull(co_owner, '') != ''
		and co_owner not in (select co_owner from `tabUnit` where residence = %s and ifnull(co_owner, '') != '')
		limit 1""",
		(other, res),
		pluck=True,
	)
	outsider = portal_user(outsider_owner[0])
	frappe.set_user(mine)
	assert doc.name in {a["name"] for a in api.portal_announcements()}
	frappe.set_user(outsider)
	assert doc.name not in {a["name"] for a in api.portal_announcements()}
	frappe.set_user("Administrator")


def test_no_gateway_configured_sends_no_sms_and_fails_nothing(db, monkeypatch):
	frappe = db
	from syndic_maroc.operations import sms

	monkeypatch.delitem(frappe.local.conf, "syndic_sms_gateway_url", raising=False)
	assert sms.gateway() is None
	# a gateway that does not answer: the send reports False, no exception
	assert sms.HttpSmsGateway("http://127.0.0.1:9/sms").send("+212600000000", "x") is False

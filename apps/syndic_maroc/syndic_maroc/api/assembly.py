"""REST surface of the general assembly (`/api/method/syndic_maroc.api.assembly.<name>`); the
logic is syndic_maroc.assembly (live.py for the desk, owner_portal.py for co-owners).

Desk (write permission on the General Assembly):
POST load_attendance     name                              → owners on the sheet, missing proofs
POST attach_documents    name, fiscal_year?                → the annual pack attached (art. 16 septies)
POST convene             name                              → Draft → Convened (15 days, art. 16 quinquies)
POST open_meeting        name, meeting (1|2)               → live state
POST check_in            name, co_owner | unit | code (convocation QR), status, proxy_holder?, proxy_holder_co_owner?, proxy_attachment?
POST depart              name, co_owner
POST override_admission  name, co_owner, reason            (art. 16 quinquies)
POST open_vote           name, resolution                  (quorum of art. 18 required)
POST vote                name, resolution, co_owner, choice (For / Against / Abstain / "" to withdraw)
POST vote_bulk           name, resolution, choice, exceptions ({co_owner: choice})
POST close_vote          name, resolution                  → result written, ballots visible to the syndic
POST close_session       name                              → Held
POST record_pv_notification name, co_owner, channel, notified_on, proof?
GET  live_state          name                              → quorum in heads and votes, traffic lights
Co-owner portal (the session user's own co-owner only):
GET  my_assemblies
GET  portal_assembly     name                              → convocation, documents, my ballots
POST portal_vote         name, resolution, choice          (correspondence before / remote during)
POST portal_give_proxy   name, holder_name?, holder_co_owner?, proxy_file
POST portal_propose_item name, title, text?                (art. 16 sexies: 24 h before)
GET  portal_convocation_pdf name, lang?                     → his own convocation (FR / AR)
GET  portal_document     name, file                        → one of the assembly's documents
"""

import frappe

from syndic_maroc.assembly import live, owner_portal, session


def _choice(choice: str | None) -> str | None:
	return choice or None


@frappe.whitelist(methods=["POST"])
def load_attendance(name: str) -> dict:
	return live.load_attendance(name)


@frappe.whitelist(methods=["POST"])
def attach_documents(name: str, fiscal_year: str | None = None) -> dict:
	return live.attach_documents(name, fiscal_year)


@frappe.whitelist(methods=["POST"])
def convene(name: str) -> dict:
	return live.convene(name)


@frappe.whitelist(methods=["POST"])
def open_meeting(name: str, meeting: int = 1) -> dict:
	return live.open_meeting(name, int(meeting))


@frappe.whitelist(methods=["POST"])
def check_in(
	name: str,
	co_owner: str | None = None,
	unit: str | None = None,
	status: str = "Present",
	proxy_holder: str | None = None,
	proxy_holder_co_owner: str | None = None,
	proxy_attachment: str | None = None,
	code: str | None = None,
) -> dict:
	return live.check_in(
		name, co_owner, unit, status, proxy_holder, proxy_holder_co_owner, proxy_attachment, code
	)


@frappe.whitelist(methods=["POST"])
def depart(name: str, co_owner: str) -> dict:
	return live.depart(name, co_owner)


@frappe.whitelist(methods=["POST"])
def override_admission(name: str, co_owner: str, reason: str) -> dict:
	return live.override_admission(name, co_owner, reason)


@frappe.whitelist(methods=["POST"])
def open_vote(name: str, resolution: str) -> dict:
	return live.open_vote(name, resolution)


@frappe.whitelist(methods=["POST"])
def vote(name: str, resolution: str, co_owner: str, choice: str | None = None) -> dict:
	return live.vote(name, resolution, co_owner, _choice(choice))


@frappe.whitelist(methods=["POST"])
def vote_bulk(name: str, resolution: str, choice: str, exceptions: str | dict | None = None) -> dict:
	return live.vote_bulk(name, resolution, choice, exceptions)


@frappe.whitelist(methods=["POST"])
def close_vote(name: str, resolution: str) -> dict:
	return live.close_vote(name, resolution)


@frappe.whitelist(methods=["POST"])
def close_session(name: str) -> dict:
	return live.close_session(name)


@frappe.whitelist(methods=["POST"])
def record_pv_notification(
	name: str, co_owner: str, channel: str, notified_on: str, proof: str | None = None
) -> dict:
	return live.record_pv_notification(name, co_owner, channel, notified_on, proof)


@frappe.whitelist(methods=["GET"])
def live_state(name: str) -> dict:
	return session.state(live.get_light(name, "read"))


@frappe.whitelist(methods=["GET"])
def my_assemblies() -> list:
	return owner_portal.my_assemblies()


@frappe.whitelist(methods=["GET"])
def portal_assembly(name: str) -> dict:
	return owner_portal.assembly(name)


@frappe.whitelist(methods=["POST"])
def portal_vote(name: str, resolution: str, choice: str | None = None) -> dict:
	return owner_portal.vote(name, resolution, _choice(choice))


@frappe.whitelist(methods=["POST"])
def portal_give_proxy(
	name: str, proxy_file: str, holder_name: str | None = None, holder_co_owner: str | None = None
) -> dict:
	return owner_portal.give_proxy(name, holder_name, holder_co_owner, proxy_file)


@frappe.whitelist(methods=["POST"])
def portal_propose_item(name: str, title: str, text: str | None = None) -> dict:
	return owner_portal.propose_item(name, title, text)


@frappe.whitelist(methods=["GET"])
def portal_convocation_pdf(name: str, lang: str = "fr") -> None:
	owner_portal.convocation_pdf(name, lang)


@frappe.whitelist(methods=["GET"])
def portal_document(name: str, file: str) -> None:
	owner_portal.document(name, file)

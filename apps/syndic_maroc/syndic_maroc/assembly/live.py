"""The live session of a general assembly (desk): convening, check-in, votes, closing.

Every change goes through the incremental tally (assembly.session), is written to the rows it
touches only (never a full save of a 1,000-row sheet during the meeting) and is published to every
open screen. Each ballot records who entered it and when (Assembly Ballot).
"""

import json

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate, now_datetime

from syndic_maroc.assembly import session, sheet
from syndic_maroc.assembly.printing import checkin_secret
from syndic_maroc.core.assembly import checkin, proxies
from syndic_maroc.core.assembly.tally import CHOICES
from syndic_maroc.utils.errors import core_errors

DOCTYPE = "General Assembly"


def get(name: str, perm: str = "write"):
	doc = frappe.get_doc(DOCTYPE, name)
	doc.check_permission(perm)
	return doc


HEADER = [
	"name",
	"owner",
	"residence",
	"status",
	"docstatus",
	"held_at_meeting",
	"opened_at",
	"first_meeting",
]
ROW = ["name", "idx", "title", "legal_type", "articles", "vote_status", "special_charges", "allocation_key"]


def get_light(name: str, perm: str = "write"):
	"""The assembly without its attendance sheet (the hot path of a vote: a 1,000-row sheet is read
	only when the cached tally has to be rebuilt). Permission is checked on the header, as for the
	full document (role and résidence)."""
	header = frappe.db.get_value(DOCTYPE, name, HEADER, as_dict=True)
	if not header:
		raise frappe.DoesNotExistError(_("{0} {1} not found").format(_(DOCTYPE), name))
	rows = frappe.get_all(
		"Assembly Resolution",
		filters={"parent": name, "parenttype": DOCTYPE, "parentfield": "resolutions"},
		fields=ROW,
		order_by="idx asc",
	)
	doc = frappe.get_doc({"doctype": DOCTYPE, **header, "resolutions": rows})
	doc.flags.light = True
	doc.check_permission(perm)
	return doc


def _draft(doc):
	if doc.docstatus != 0:
		frappe.throw(_("The minutes of {0} are signed: the session cannot change").format(doc.name))


def _row(doc, co_owner: str | None = None, unit: str | None = None):
	if unit and not co_owner:
		# Check-in by lot (the QR code of the convocation carries the unit).
		unit_row = frappe.db.get_value(
			"Unit", {"name": unit, "residence": doc.residence}, ["name", "unit_number"], as_dict=True
		) or frappe.db.get_value(
			"Unit", {"unit_number": unit, "residence": doc.residence}, ["name", "unit_number"], as_dict=True
		)
		if not unit_row:
			frappe.throw(_("No lot {0} in {1}").format(unit, doc.residence))
		for row in doc.attendance:
			if unit_row.unit_number in [lot.strip() for lot in (row.lots or "").split(",")]:
				return row
		frappe.throw(_("Lot {0} is on no owner's line of the attendance sheet").format(unit))
	for row in doc.attendance:
		if row.co_owner == co_owner:
			return row
	frappe.throw(_("{0} is not on the attendance sheet of {1}").format(co_owner, doc.name))


def _resolution(doc, resolution: str):
	for res in doc.resolutions:
		if res.name == resolution or str(res.idx) == str(resolution):
			return res
	frappe.throw(_("Resolution {0} is not on the agenda of {1}").format(resolution, doc.name))


def _set_row(row, values: dict):
	row.update(values)
	frappe.db.set_value("Assembly Attendance", row.name, values, update_modified=False)


# -- preparation ----------------------------------------------------------------------------
def load_attendance(name: str) -> dict:
	doc = get(name)
	_draft(doc)
	sheet.load(doc)
	doc.save()
	session.forget(name)
	return {"owners": len(doc.attendance), "missing_proofs": doc.missing_proofs}


def convene(name: str) -> dict:
	"""Draft → Convened: the sheet is there and the last notice is 15 days before the meeting."""
	doc = get(name)
	_draft(doc)
	if not doc.attendance:
		frappe.throw(_("Load the owners on the attendance sheet first"))
	if not doc.last_notice_on:
		frappe.throw(_("Record the convocation notice of each owner first (arts 16, 16 quinquies)"))
	doc.status = "Convened"
	doc.save()
	return {"status": doc.status, "missing_proofs": doc.missing_proofs}


def attach_documents(name: str, fiscal_year: str | None = None) -> dict:
	"""Art. 16 septies: the financial statement and management account of the closed year (the
	annual pack of finance, PDF) attached to the assembly for the owners, dated today."""
	from syndic_maroc.finance.annual_pack.files import filename, pdf_bytes
	from syndic_maroc.finance.annual_pack.sections import build

	doc = get(name)
	_draft(doc)
	pack = build(doc.residence, fiscal_year)
	file_name = f"{doc.name}-{filename(pack, 'pdf')}"
	for old in frappe.get_all(
		"File",
		filters={"attached_to_doctype": DOCTYPE, "attached_to_name": doc.name, "file_name": file_name},
		pluck="name",
	):
		frappe.delete_doc("File", old, ignore_permissions=True)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"attached_to_doctype": DOCTYPE,
			"attached_to_name": doc.name,
			"is_private": 1,
			"content": pdf_bytes(pack),
		}
	).insert(ignore_permissions=True)
	if not doc.documents_published_on:
		doc.db_set("documents_published_on", getdate(), update_modified=False)
	return {"file": file.name, "file_url": file.file_url, "fiscal_year": pack.fiscal_year}


# -- meetings -------------------------------------------------------------------------------
def open_meeting(name: str, meeting: int = 1) -> dict:
	doc = get(name)
	_draft(doc)
	if doc.status not in ("Convened",):
		frappe.throw(_("Convene the assembly before opening a meeting"))
	meeting = int(meeting)
	if meeting == 2:
		if not doc.second_meeting:
			frappe.throw(_("No second meeting was convened"))
		if doc.held_at_meeting != "Second meeting":
			adjourn(doc)
	else:
		doc.db_set("held_at_meeting", "First meeting", update_modified=False)
	doc.db_set("opened_at", now_datetime(), update_modified=False)
	session.forget(name)
	return session.publish(doc)


def adjourn(doc) -> None:
	"""No quorum at the first meeting (art. 18): the second meeting. Proxies stay valid on the same
	agenda (model règlement art. 34) and correspondence votes stay; the others check in again."""
	tally = session.tally_for(doc)
	if doc.held_at_meeting == "First meeting" and tally.quorum().reached:
		frappe.throw(_("The first meeting has its quorum: no second meeting"))
	for row in doc.attendance:
		if row.status in ("Present", "Remote"):
			_set_row(row, {"status": "Absent", "arrived_at": None, "departed_at": None})
	doc.db_set("held_at_meeting", "Second meeting", update_modified=False)


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
	doc = get(name)
	_draft(doc)
	if code or checkin.is_token(co_owner) or checkin.is_token(unit):
		# The QR code of the convocation, typed by a scanner (art. 16 nonies).
		with core_errors():
			co_owner = checkin.read_token(checkin_secret(), code or co_owner or unit, doc.name)
		unit = None
	row = _row(doc, co_owner, unit)
	if status not in session.ATTENDING:
		frappe.throw(_("Unknown attendance: {0}").format(status))
	if status == "Remote" and not doc.remote_allowed:
		frappe.throw(_("The co-ownership rules do not allow a remote vote"))
	if status == "Correspondence" and not doc.correspondence_allowed:
		frappe.throw(_("The co-ownership rules do not allow a vote by correspondence"))
	if not row.admitted:
		frappe.throw(_("{0} is not admitted: {1}").format(row.co_owner_name, row.not_admitted_reason))
	values = {
		"status": status,
		"arrived_at": now_datetime(),
		"departed_at": None,
		"checked_in_by": frappe.session.user,
	}
	if status == "Represented":
		values.update(proxy_values(doc, row, proxy_holder, proxy_holder_co_owner, proxy_attachment))
	tally = session.tally_for(doc)
	with session.mutating(doc):
		with core_errors():
			tally.arrive(row.co_owner)
		_set_row(row, values)
		session.changed(doc, tally)
		session.write_quorum(doc, tally)
		return session.publish(doc, tally)


def proxy_values(doc, row, holder_name, holder_co_owner, attachment) -> dict:
	"""Check a proxy against the art. 16 decies limits (3 principals, 10 % of all votes)."""
	from syndic_maroc.assembly.doctype.general_assembly.general_assembly import holder_key

	holder_name = holder_name or row.proxy_holder
	holder_co_owner = holder_co_owner or row.proxy_holder_co_owner
	attachment = attachment or row.proxy_attachment
	if not (holder_name or holder_co_owner):
		frappe.throw(_("{0}: name the proxy holder").format(row.co_owner_name))
	if not attachment:
		frappe.throw(_("{0}: attach the written proxy (art. 16 decies)").format(row.co_owner_name))
	if holder_co_owner and not holder_name:
		holder_name = frappe.db.get_value("Co-owner", holder_co_owner, "full_name")
	probe = frappe._dict(proxy_holder=holder_name, proxy_holder_co_owner=holder_co_owner)
	key = holder_key(probe)
	held = {
		r.co_owner: r.votes
		for r in doc.attendance
		if r.status == "Represented" and r.co_owner != row.co_owner and holder_key(r) == key
	}
	with core_errors():
		proxies.check_proxy(key, row.co_owner, row.votes, held, sum(r.votes or 0 for r in doc.attendance))
	return {
		"proxy_holder": holder_name,
		"proxy_holder_co_owner": holder_co_owner,
		"proxy_attachment": attachment,
	}


def depart(name: str, co_owner: str) -> dict:
	doc = get(name)
	_draft(doc)
	row = _row(doc, co_owner)
	tally = session.tally_for(doc)
	with session.mutating(doc):
		tally.depart(row.co_owner)
		_set_row(row, {"status": "Absent", "departed_at": now_datetime()})
		session.changed(doc, tally)
		session.write_quorum(doc, tally)
		return session.publish(doc, tally)


def override_admission(name: str, co_owner: str, reason: str) -> dict:
	"""Admit an owner who is not up to date, with a reason kept on the sheet (art. 16 quinquies)."""
	doc = get(name)
	_draft(doc)
	row = _row(doc, co_owner)
	if not (reason or "").strip():
		frappe.throw(_("Give the reason for admitting {0}").format(row.co_owner_name))
	row.admission_override = reason.strip()
	doc.save()
	session.forget(name)
	return {"admitted": _row(doc, co_owner).admitted}


# -- votes ----------------------------------------------------------------------------------
def open_vote(name: str, resolution: str) -> dict:
	doc = get(name)
	_draft(doc)
	if not doc.opened_at:
		frappe.throw(_("Open the meeting first"))
	res = _resolution(doc, resolution)
	tally = session.tally_for(doc)
	if not tally.quorum().reached:
		# Art. 18: no deliberation without the quorum at the first meeting.
		frappe.throw(
			_("No quorum (art. 18): at least half of the member owners must be present or represented")
		)
	if res.vote_status == "Closed":
		frappe.throw(_("The vote on resolution {0} is closed").format(res.idx))
	res.db_set("vote_status", "Open", update_modified=False)
	session.forget(name)
	return session.publish(doc)


def save_ballot(doc, res, co_owner: str, choice: str | None, channel: str, meeting: int):
	filters = {"general_assembly": doc.name, "resolution": res.name, "co_owner": co_owner, "meeting": meeting}
	existing = frappe.db.get_value("Assembly Ballot", filters, "name")
	if choice is None:
		if existing:
			frappe.delete_doc("Assembly Ballot", existing, ignore_permissions=True)
		return None
	if choice not in CHOICES:
		frappe.throw(_("Unknown vote: {0}").format(choice))
	ballot = frappe.get_doc("Assembly Ballot", existing) if existing else frappe.new_doc("Assembly Ballot")
	ballot.update(filters)
	ballot.choice = choice
	ballot.channel = channel
	ballot.flags.ignore_permissions = True
	ballot.save()
	return ballot.name


def vote(name: str, resolution: str, co_owner: str, choice: str | None, channel: str = "Desk") -> dict:
	doc = get_light(name)
	_draft(doc)
	res = _resolution(doc, resolution)
	if res.vote_status != "Open":
		frappe.throw(_("The vote on resolution {0} is not open").format(res.idx))
	tally = session.tally_for(doc)
	with session.mutating(doc):
		with core_errors():
			tally.vote(res.name, co_owner, choice)
		save_ballot(doc, res, co_owner, choice, channel, session.meeting_number(doc))
		session.changed(doc, tally)
		return session.publish(doc, tally)


def vote_bulk(name: str, resolution: str, choice: str, exceptions: dict | None = None) -> dict:
	"""All present for (or against…), except the owners listed with their own choice."""
	doc = get(name)
	_draft(doc)
	res = _resolution(doc, resolution)
	if res.vote_status != "Open":
		frappe.throw(_("The vote on resolution {0} is not open").format(res.idx))
	exceptions = parse_exceptions(exceptions)
	tally = session.tally_for(doc)
	# Owners voting for themselves from afar keep their own ballots.
	correspondence = {r.co_owner for r in doc.attendance if r.status in ("Correspondence", "Remote")}
	meeting = session.meeting_number(doc)
	with session.mutating(doc):
		for owner in sorted(tally.attending):
			if owner in correspondence or not tally._eligible(tally.resolutions[res.name], owner):
				continue  # a correspondence or remote ballot is never overwritten by a bulk entry
			owner_choice = exceptions.get(owner, choice)
			with core_errors():
				tally.vote(res.name, owner, owner_choice)
			save_ballot(doc, res, owner, owner_choice, "Bulk" if owner not in exceptions else "Desk", meeting)
		session.changed(doc, tally)
		return session.publish(doc, tally)


def parse_exceptions(value) -> dict:
	"""{co-owner: For / Against / Abstain / None} from a dict or its JSON text (checked after the
	permission: bad input from anyone gets a clear error)."""
	if isinstance(value, str):
		try:
			value = json.loads(value or "{}")
		except ValueError:
			frappe.throw(_("The exceptions must be a JSON object giving each co-owner his vote"))
	if not isinstance(value, dict | None):
		frappe.throw(_("The exceptions must be a JSON object giving each co-owner his vote"))
	result = {}
	for owner, choice in (value or {}).items():
		choice = choice or None
		if choice is not None and choice not in CHOICES:
			frappe.throw(_("Unknown vote: {0}").format(choice))
		result[str(owner)] = choice
	return result


def close_vote(name: str, resolution: str) -> dict:
	doc = get(name)
	_draft(doc)
	res = _resolution(doc, resolution)
	if res.vote_status != "Open":
		frappe.throw(_("The vote on resolution {0} is not open").format(res.idx))
	session.forget(doc.name)  # closing freezes the decision: from a tally read afresh
	tally = session.tally_for(doc)
	tally.close(res.name)
	res.vote_status = "Closed"
	res.db_set("vote_status", "Closed", update_modified=False)
	session.write_result(doc, res, tally)
	# The ballots' contents become visible to the syndic (assembly.permissions).
	frappe.db.sql(
		"""update `tabAssembly Ballot` set vote_closed = 1
		where general_assembly = %s and resolution = %s""",
		(doc.name, res.name),
	)
	session.changed(doc, tally)
	return session.publish(doc, tally)


def close_session(name: str) -> dict:
	doc = get(name)
	_draft(doc)
	if not doc.opened_at:
		frappe.throw(_("The meeting was never opened"))
	open_votes = [str(r.idx) for r in doc.resolutions if r.vote_status == "Open"]
	if open_votes:
		frappe.throw(_("Close the vote on every open resolution first: {0}").format(", ".join(open_votes)))
	doc.status = "Held"
	doc.closed_at = now_datetime()
	doc.save()
	session.forget(name)
	return session.publish(doc)


def record_pv_notification(
	name: str, co_owner: str, channel: str, notified_on: str, proof: str | None = None
) -> dict:
	"""One owner's PV delivery (arts 16 nonies, 30): channel, date and proof."""
	doc = get(name, "submit" if frappe.db.get_value(DOCTYPE, name, "docstatus") == 1 else "write")
	if doc.docstatus != 1:
		frappe.throw(_("Sign the minutes before notifying them"))
	row = _row(doc, co_owner)
	if getdate(notified_on) < getdate(doc.minutes_signed_on or notified_on):
		frappe.throw(_("The PV cannot be notified before it was signed"))
	row.pv_channel, row.pv_notified_on, row.pv_proof = channel, getdate(notified_on), proof
	doc.save()
	return {
		"status": doc.status,
		"notified": sum(1 for r in doc.attendance if r.pv_notified_on),
		"owners": len(doc.attendance),
		"challenge_deadline": doc.challenge_deadline,
		"overdue": bool(
			doc.pv_notification_due and get_datetime(notified_on).date() > getdate(doc.pv_notification_due)
		),
	}

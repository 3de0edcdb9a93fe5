"""The co-owner's side of a general assembly (portal): his convocation and documents, his vote by
correspondence before the meeting (changeable until it opens), a written proxy within the
limits, and the live remote vote while a resolution is open.

The co-owner is the one whose `portal_user` is the session user: he reaches only his own line and
his own ballots; another owner's ballot is never read nor written here.
"""

from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from syndic_maroc.assembly import live, session
from syndic_maroc.assembly.permissions import co_owner_of_user
from syndic_maroc.core.assembly import deadlines
from syndic_maroc.utils.errors import core_errors

DOCTYPE = "General Assembly"


def _me() -> str:
	co_owner = co_owner_of_user()
	if not co_owner:
		raise frappe.PermissionError(_("Only a co-owner with a portal account can do this"))
	return co_owner


def _assembly_and_row(name: str):
	co_owner = _me()
	doc = frappe.get_doc(DOCTYPE, name)
	row = next((r for r in doc.attendance if r.co_owner == co_owner), None)
	if row is None:
		# Not an owner of this résidence on the AG date: as if it did not exist.
		raise frappe.PermissionError(_("You are not convened to this general assembly"))
	return doc, row


def my_assemblies() -> list[dict]:
	co_owner = _me()
	names = frappe.get_all(
		"Assembly Attendance",
		filters={"co_owner": co_owner, "parenttype": DOCTYPE},
		pluck="parent",
	)
	return frappe.get_all(
		DOCTYPE,
		filters={"name": ("in", names or [""]), "status": ("!=", "Draft")},
		fields=["name", "residence", "assembly_type", "first_meeting", "second_meeting", "place", "status"],
		order_by="first_meeting desc",
	)


def assembly(name: str) -> dict:
	"""The convocation as the owner sees it: agenda with drafts, documents, his admission, his
	ballots (and only his)."""
	doc, row = _assembly_and_row(name)
	if doc.status == "Draft":
		raise frappe.PermissionError(_("This general assembly is not convened yet"))
	mine = {
		b.resolution: b
		for b in frappe.get_all(
			"Assembly Ballot",
			filters={"general_assembly": name, "co_owner": row.co_owner},
			fields=["resolution", "choice", "channel", "entered_at", "meeting"],
		)
	}
	files = [
		{
			"file_name": f.file_name,
			"file_url": "/api/method/syndic_maroc.api.assembly.portal_document?"
			+ urlencode({"name": name, "file": f.name}),
		}
		for f in assembly_files(name)
	]
	return {
		"name": doc.name,
		"residence": doc.residence,
		"type": doc.assembly_type,
		"place": doc.place,
		"first_meeting": doc.first_meeting,
		"second_meeting": doc.second_meeting,
		"documents_place": doc.documents_place,
		"documents": files,
		"status": doc.status,
		"meeting_open": bool(doc.opened_at) and doc.status == "Convened",
		"correspondence_allowed": bool(doc.correspondence_allowed),
		"remote_allowed": bool(doc.remote_allowed),
		"me": {
			"co_owner": row.co_owner,
			"lots": row.lots,
			"votes": row.votes,
			"attendance": row.status,
			"admitted": bool(row.admitted),
			"not_admitted_reason": row.not_admitted_reason,
			"proxy_holder": row.proxy_holder,
			# A written proxy can be given until the meeting opens (art. 16 decies).
			"can_give_proxy": doc.docstatus == 0
			and doc.status == "Convened"
			and not doc.opened_at
			and bool(row.admitted),
		},
		"resolutions": [
			{
				"name": r.name,
				"idx": r.idx,
				"title": r.title,
				"legal_type": _(r.legal_type),
				"articles": r.articles,
				"draft_text_fr": r.draft_text_fr,
				"draft_text_ar": r.draft_text_ar,
				"vote_status": r.vote_status,
				"result": r.result if r.vote_status == "Closed" else None,
				"my_vote": mine[r.name].choice if r.name in mine else None,
				"my_channel": mine[r.name].channel if r.name in mine else None,
			}
			for r in doc.resolutions
		],
	}


def vote(name: str, resolution: str, choice: str | None) -> dict:
	"""Before the meeting: a vote by correspondence (changeable until the meeting opens). During
	the meeting: a remote vote while the resolution is open. One owner, one ballot per resolution."""
	doc, row = _assembly_and_row(name)
	if doc.docstatus != 0 or doc.status != "Convened":
		frappe.throw(_("Votes are closed for this general assembly"))
	if not row.admitted:
		frappe.throw(_("You are not admitted: {0}").format(row.not_admitted_reason))
	res = live._resolution(doc, resolution)
	if not doc.opened_at:
		if not doc.correspondence_allowed:
			frappe.throw(_("The co-ownership rules do not allow a vote by correspondence"))
		if row.status == "Represented":
			frappe.throw(_("You gave a proxy to {0}: your proxy holder votes").format(row.proxy_holder))
		if row.status != "Correspondence":
			live._set_row(row, {"status": "Correspondence", "arrived_at": now_datetime()})
		live.save_ballot(doc, res, row.co_owner, choice, "Correspondence", 0)
		session.forget(doc.name)
		return {"resolution": res.name, "choice": choice, "channel": "Correspondence"}
	# The meeting is open: remote vote on the open resolution only.
	if not doc.remote_allowed:
		frappe.throw(_("The co-ownership rules do not allow a remote vote"))
	if row.status == "Correspondence":
		frappe.throw(_("You voted by correspondence: the meeting is open, your votes can no longer change"))
	if row.status == "Represented":
		frappe.throw(_("You gave a proxy to {0}: your proxy holder votes").format(row.proxy_holder))
	if res.vote_status != "Open":
		frappe.throw(_("The vote on resolution {0} is not open").format(res.idx))
	tally = session.tally_for(doc)
	with session.mutating(doc):
		if row.status != "Remote":
			with core_errors():
				tally.arrive(row.co_owner)
			live._set_row(row, {"status": "Remote", "arrived_at": now_datetime(), "departed_at": None})
		with core_errors():
			tally.vote(res.name, row.co_owner, choice)
		live.save_ballot(doc, res, row.co_owner, choice, "Remote", session.meeting_number(doc))
		session.changed(doc, tally)
		session.publish(doc, tally)
	return {"resolution": res.name, "choice": choice, "channel": "Remote"}


def give_proxy(name: str, holder_name: str | None, holder_co_owner: str | None, proxy_file: str) -> dict:
	"""A written proxy (uploaded) to a named person, within the art. 16 decies limits; before the
	meeting opens."""
	doc, row = _assembly_and_row(name)
	if doc.docstatus != 0 or doc.status != "Convened" or doc.opened_at:
		frappe.throw(_("A proxy can be given only before the meeting opens"))
	if not row.admitted:
		frappe.throw(_("You are not admitted: {0}").format(row.not_admitted_reason))
	if holder_co_owner == row.co_owner:
		frappe.throw(_("You cannot give a proxy to yourself"))
	owned = frappe.db.get_value("File", {"file_url": proxy_file}, ["owner", "name"], as_dict=True)
	if not owned or owned.owner != frappe.session.user:
		frappe.throw(_("Upload the signed proxy first"))
	values = live.proxy_values(doc, row, holder_name, holder_co_owner, proxy_file)
	values["status"] = "Represented"
	frappe.db.delete(
		"Assembly Ballot", {"general_assembly": doc.name, "co_owner": row.co_owner, "meeting": 0}
	)
	live._set_row(row, values)
	session.forget(doc.name)
	return {"proxy_holder": values["proxy_holder"], "status": "Represented"}


def propose_item(name: str, title: str, text: str | None = None) -> dict:
	"""An owner's item for the agenda, at least 24 hours before the meeting (art. 16 sexies). It
	comes in as a management decision; the syndic sets its legal type before the meeting."""
	doc, row = _assembly_and_row(name)
	if doc.docstatus != 0 or doc.status not in ("Draft", "Convened") or doc.opened_at:
		frappe.throw(_("The agenda of this general assembly is closed"))
	if not (title or "").strip():
		frappe.throw(_("Give the title of the item"))
	at = now_datetime()
	if not deadlines.owner_item_accepted(at, get_datetime(doc.first_meeting)):
		frappe.throw(
			_("An owner's item must reach the syndic at least 24 hours before the meeting (art. 16 sexies)")
		)
	doc.append(
		"resolutions",
		{
			"title": title.strip()[:140],
			"legal_type": "Other management decision",
			"draft_text_fr": text,
			"proposed_by": row.co_owner,
			"proposed_at": at,
		},
	)
	doc.flags.ignore_permissions = True
	doc.save()
	session.forget(doc.name)
	return {"resolution": doc.resolutions[-1].name, "idx": doc.resolutions[-1].idx}


def convocation_pdf_bytes(name: str, lang: str = "fr") -> bytes:
	"""The owner's own convocation (his page only: never another owner's address), FR or AR."""
	from syndic_maroc.utils.language import lang_of, printing

	doc, row = _assembly_and_row(name)
	if doc.status == "Draft":
		raise frappe.PermissionError(_("This general assembly is not convened yet"))
	doc.set("attendance", [row])  # in memory only: the print shows his line alone
	with printing(lang_of(lang)):
		return frappe.get_print(DOCTYPE, doc.name, "Assembly Convocation", doc=doc, as_pdf=True)


def convocation_pdf(name: str, lang: str = "fr") -> None:
	from syndic_maroc.utils.language import lang_of

	frappe.local.response.filename = f"convocation-{name}-{lang_of(lang)}.pdf"
	frappe.local.response.filecontent = convocation_pdf_bytes(name, lang)
	frappe.local.response.type = "pdf"


def assembly_files(name: str) -> list:
	"""The documents attached to the assembly (art. 16 septies: accounts, budget, contracts), but
	not the proxies, proofs and signed minutes kept in its fields."""
	doc = frappe.get_doc(DOCTYPE, name)
	kept = {doc.signed_minutes} | {
		url for r in doc.attendance for url in (r.proxy_attachment, r.convocation_proof, r.pv_proof) if url
	}
	return [
		f
		for f in frappe.get_all(
			"File",
			filters={"attached_to_doctype": DOCTYPE, "attached_to_name": name, "is_folder": 0},
			fields=["name", "file_name", "file_url"],
		)
		if f.file_url not in kept
	]


def document(name: str, file: str) -> None:
	"""One of the assembly's documents, for an owner convened to it."""
	doc, _row = _assembly_and_row(name)
	if doc.status == "Draft" or file not in {f.name for f in assembly_files(name)}:
		raise frappe.PermissionError(_("This document is not available"))
	f = frappe.get_doc("File", file)
	frappe.local.response.filename = f.file_name
	frappe.local.response.filecontent = f.get_content()
	frappe.local.response.type = "download"

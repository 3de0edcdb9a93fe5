"""The live tally of a general assembly: core.assembly.tally.Tally built from the attendance
sheet and the ballots, cached per process and updated incrementally.

A counter in Redis (`stamp`) is bumped by every change; a process whose cached tally carries
another stamp rebuilds it from the database, so several web workers stay consistent.
"""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import getdate

from syndic_maroc.assembly.sheet import concerned_owners
from syndic_maroc.core.assembly.majority import ADOPTED, LOST
from syndic_maroc.core.assembly.tally import Tally
from syndic_maroc.utils.errors import core_errors

ATTENDING = ("Present", "Represented", "Remote", "Correspondence")
_CACHE: dict[str, tuple[int, Tally]] = {}


def _stamp_key(name: str) -> str:
	# A raw Redis counter (INCRBY), under the site's key prefix.
	return frappe.cache().make_key(f"syndic_assembly_stamp:{name}")


def stamp(name: str) -> int:
	return int(frappe.cache().get(_stamp_key(name)) or 0)


def bump(name: str) -> int:
	return int(frappe.cache().incrby(_stamp_key(name), 1))


def meeting_number(doc) -> int:
	return 2 if doc.held_at_meeting == "Second meeting" else 1


def build(doc) -> Tally:
	"""A tally from the document and its ballots (one query)."""
	on_date = getdate(doc.first_meeting)
	specs = []
	for res in doc.resolutions:
		concerned = None
		if res.special_charges and res.allocation_key:
			concerned = concerned_owners(res.allocation_key, on_date) & {r.co_owner for r in doc.attendance}
		specs.append((res.name, res.legal_type, concerned))
	with core_errors():
		tally = Tally(
			{row.co_owner: row.votes or 0 for row in doc.attendance},
			specs,
			admitted=[row.co_owner for row in doc.attendance if row.admitted],
			meeting=meeting_number(doc),
			quorum_reading=doc.quorum_reading or "Headcount",
			capped_base=bool(doc.capped_base),
			abstentions_against=bool(doc.abstentions_against),
		)
		attending = {row.co_owner for row in doc.attendance if row.status in ATTENDING and row.admitted}
		for owner in attending:
			tally.arrive(owner)
		ballots = frappe.get_all(
			"Assembly Ballot",
			# Correspondence ballots (meeting 0) were cast before the meetings and count at either.
			filters={"general_assembly": doc.name, "meeting": ("in", [0, meeting_number(doc)])},
			fields=["resolution", "co_owner", "choice"],
		)
		for b in ballots:
			if b.resolution in tally.resolutions and b.co_owner in attending:
				tally.vote(b.resolution, b.co_owner, b.choice)
		for res in doc.resolutions:
			if res.vote_status == "Closed":
				tally.close(res.name)
	return tally


def _key(doc) -> tuple[str, str]:
	# The creation time too: a deleted assembly's name given again never finds the old tally.
	return (doc.name, str(doc.creation))


def tally_for(doc) -> Tally:
	"""The cached tally when no other process changed the session since, else a fresh one."""
	current = stamp(doc.name)
	cached = _CACHE.get(_key(doc))
	if cached and cached[0] == current:
		return cached[1]
	tally = build(frappe.get_doc(doc.doctype, doc.name) if doc.flags.light else doc)
	_CACHE[_key(doc)] = (current, tally)
	return tally


def changed(doc, tally: Tally) -> None:
	"""After this process applied a change to `tally`: bump the stamp and keep the tally cached."""
	_CACHE[_key(doc)] = (bump(doc.name), tally)


@contextmanager
def mutating(doc):
	"""Around a change of the tally and the database: if anything fails, the cached tally (maybe
	already changed) is dropped, so the next request rebuilds it from what was committed."""
	try:
		yield
	except BaseException:
		forget(doc.name)
		raise


def forget(name: str) -> None:
	for key in [k for k in _CACHE if k[0] == name]:
		_CACHE.pop(key, None)
	bump(name)


def state(doc, tally: Tally | None = None) -> dict:
	"""Quorum and every resolution's traffic light: aggregates only, never a ballot's content."""
	tally = tally or tally_for(doc)
	q = tally.quorum()
	resolutions = []
	for res in doc.resolutions:
		d = tally.decision(res.name)
		c = d.counts
		resolutions.append(
			{
				"name": res.name,
				"idx": res.idx,
				"title": res.title,
				"legal_type": res.legal_type,
				"articles": res.articles,
				"vote_status": res.vote_status,
				"light": d.status,
				"base": d.base,
				"base_votes": float(d.base_votes),
				"threshold": float(d.threshold),
				"for_votes": float(c.for_votes),
				"against_votes": float(c.against_votes),
				"abstain_votes": float(c.abstain_votes),
				"pending_votes": float(c.pending_votes),
				"for_heads": c.for_heads,
				"against_heads": c.against_heads,
				"abstain_heads": c.abstain_heads,
				"pending_heads": c.pending_heads,
			}
		)
	return {
		"name": doc.name,
		"status": doc.status,
		"meeting": tally.meeting,
		"quorum": {
			"reading": q.reading,
			"heads": q.heads,
			"members": q.members,
			"votes": float(q.votes),
			"total_votes": float(q.total_votes),
			"required": float(q.required),
			"reached": q.reached,
		},
		"resolutions": resolutions,
	}


def publish(doc, tally: Tally | None = None) -> dict:
	payload = state(doc, tally)
	frappe.publish_realtime(
		"syndic_assembly_update", payload, doctype=doc.doctype, docname=doc.name, after_commit=True
	)
	frappe.publish_realtime("syndic_assembly_update", payload, after_commit=True)
	return payload


def write_quorum(doc, tally: Tally) -> None:
	q = tally.quorum()
	values = {
		"members": q.members,
		"attending_heads": q.heads,
		"total_votes": float(q.total_votes),
		"attending_votes": float(q.votes),
		"quorum_reached": 1 if q.reached else 0,
	}
	doc.update(values)
	if doc.name and not doc.is_new():
		frappe.db.set_value(doc.doctype, doc.name, values, update_modified=False)


def write_result(doc, res, tally: Tally) -> None:
	"""Write the result of a resolution into its row: counts, base, threshold and the names of the
	opponents and abstainers (PV)."""
	d = tally.decision(res.name)
	c = d.counts
	names = {row.co_owner: row.co_owner_name or row.co_owner for row in doc.attendance}
	ballots = tally.ballots(res.name)
	final = res.vote_status == "Closed"
	values = {
		"result": d.status if final or d.status in (ADOPTED, LOST) else "Reachable",
		"base": _(d.base),
		"base_votes": float(d.base_votes),
		"threshold": float(d.threshold),
		"for_votes": float(c.for_votes),
		"against_votes": float(c.against_votes),
		"abstain_votes": float(c.abstain_votes),
		"for_heads": c.for_heads,
		"against_heads": c.against_heads,
		"abstain_heads": c.abstain_heads,
		"opponents": ", ".join(sorted(names[o] for o, ch in ballots.items() if ch == "Against")),
		"abstainers": ", ".join(sorted(names[o] for o, ch in ballots.items() if ch == "Abstain")),
	}
	res.update(values)
	if res.name and not doc.is_new():
		frappe.db.set_value("Assembly Resolution", res.name, values, update_modified=False)

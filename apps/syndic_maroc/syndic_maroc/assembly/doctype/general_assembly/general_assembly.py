# Copyright (c) 2026, syndic_maroc developers
# For license information, please see license.txt
"""General assembly of a résidence (loi 18-00 arts 16 to 18; MOROCCO.md §1.3).

Thin: the rules are in core.assembly. Draft → Convened → Held (live session, api.assembly) →
submit = minutes signed (the adopted decisions drive the books, assembly.effects) → Notified
(every owner's PV delivery recorded, arts 16 nonies, 30) → Closed (after the two-month challenge
window, art. 59 duodecies).
"""

from fractions import Fraction

import frappe
from frappe import _, _lt
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.utils import get_datetime, getdate, today

from syndic_maroc.assembly import effects, sheet
from syndic_maroc.core.assembly import agenda as core_agenda
from syndic_maroc.core.assembly import deadlines, proxies
from syndic_maroc.core.assembly import quorum as core_quorum
from syndic_maroc.core.assembly.legal_types import legal_type
from syndic_maroc.core.text import fold
from syndic_maroc.registry.utils import residence_abbr
from syndic_maroc.utils.errors import core_errors

ATTENDING = ("Present", "Represented", "Remote", "Correspondence")
MAJORITY_LABELS = {
	"relative": _lt("Relative majority of present or represented (art. 20)"),
	"three_quarters_all": _lt("Three quarters of all owners' votes"),
	"three_quarters_present": _lt("Three quarters of present or represented (art. 39)"),
	"unanimity": _lt("Unanimity of owners"),
}


class GeneralAssembly(Document):
	def autoname(self):
		year = getdate(self.first_meeting).year
		self.name = make_autoname(f"AG-{residence_abbr(self.residence)}-{year}-.##")

	def validate(self):
		self.company = frappe.db.get_value("Residence", self.residence, "company")
		if self.docstatus == 0 and self.status in (None, "", "Draft", "Convened"):
			self.status = self.status or "Draft"
		self.validate_meetings()
		self.validate_officers()
		self.validate_resolutions()
		if self.docstatus == 0 and self.status in ("Draft", "Convened"):
			sheet.refresh_admission(self)
		sheet.apply_cap(self)
		self.validate_attendance()
		self.validate_convocation()
		self.set_quorum()

	# -- meetings, convener, officers --------------------------------------------------------
	def validate_meetings(self):
		with core_errors():
			if self.second_meeting:
				deadlines.check_second_meeting(
					get_datetime(self.first_meeting), get_datetime(self.second_meeting)
				)
			core_agenda.check_convener(
				self.convener or core_agenda.CONVENER_SYNDIC,
				requesting_owners=self.requesting_owners or 0,
				members=len(self.attendance) or 1,
				formal_notice_on=getdate(self.formal_notice_on) if self.formal_notice_on else None,
				convened_on=getdate(self.last_notice_on) if self.last_notice_on else getdate(today()),
			)

	def syndic_persons(self) -> set[str]:
		"""Who the syndic and deputy are (co-owner ids and folded names), art. 17."""
		values = (
			frappe.db.get_value(
				"Residence",
				self.residence,
				["syndic_user", "syndic_name", "syndic_deputy_name"],
				as_dict=True,
			)
			or frappe._dict()
		)
		persons = {fold(n) for n in (values.syndic_name, values.syndic_deputy_name) if n}
		if values.syndic_user:
			persons.update(
				frappe.get_all("Co-owner", filters={"portal_user": values.syndic_user}, pluck="name")
			)
			persons.add(
				fold(frappe.db.get_value("User", values.syndic_user, "full_name") or values.syndic_user)
			)
		return persons

	def validate_officers(self):
		if self.president and not self.president_name:
			self.president_name = frappe.db.get_value("Co-owner", self.president, "full_name")
		persons = self.syndic_persons()
		with core_errors():
			for president in (self.president, fold(self.president_name or "")):
				if president:
					core_agenda.check_officers(president, None, persons)
			if self.president_name and self.secretary_name:
				core_agenda.check_officers(fold(self.president_name), fold(self.secretary_name), set())

	# -- agenda -----------------------------------------------------------------------------
	def validate_resolutions(self):
		meeting_at = get_datetime(self.first_meeting)
		for res in self.resolutions:
			with core_errors():
				t = legal_type(res.legal_type)
				core_agenda.check_resolution(
					res.legal_type,
					on_agenda=bool(res.on_agenda),
					urgent=bool(res.urgent),
					forces_destination_change=bool(res.forces_destination_change),
					land_titles=self.land_titles or None,
					protected_off_agenda=bool(self.protected_off_agenda),
				)
			res.majority = str(MAJORITY_LABELS[t.majority])
			res.articles = t.articles
			if res.proposed_by and res.proposed_at and res.on_agenda:
				# Art. 16 sexies: an owner's item at least 24 hours before the meeting.
				if not deadlines.owner_item_accepted(get_datetime(res.proposed_at), meeting_at):
					frappe.throw(
						_(
							"Resolution {0}: an owner's item must reach the syndic at least 24 hours before the meeting (art. 16 sexies)"
						).format(res.idx)
					)
			if res.special_charges and not res.allocation_key:
				frappe.throw(
					_(
						"Resolution {0}: special charges need the allocation key of the owners concerned (art. 16 undecies)"
					).format(res.idx)
				)
			if not res.vote_status:
				res.vote_status = "Not Open"

	# -- attendance -------------------------------------------------------------------------
	def validate_attendance(self):
		seen = set()
		for row in self.attendance:
			if row.co_owner in seen:
				frappe.throw(
					_("{0} appears twice on the attendance sheet").format(row.co_owner_name or row.co_owner)
				)
			seen.add(row.co_owner)
			if row.status == "Remote" and not self.remote_allowed:
				frappe.throw(
					_("{0}: the co-ownership rules do not allow a remote vote").format(row.co_owner_name)
				)
			if row.status == "Correspondence" and not self.correspondence_allowed:
				frappe.throw(
					_("{0}: the co-ownership rules do not allow a vote by correspondence").format(
						row.co_owner_name
					)
				)
			if row.status in ATTENDING and not row.admitted:
				frappe.throw(
					_("{0} is not admitted: {1}").format(
						row.co_owner_name or row.co_owner, row.not_admitted_reason
					)
				)
			if row.status == "Represented":
				if not (row.proxy_holder or row.proxy_holder_co_owner):
					frappe.throw(_("{0}: name the proxy holder").format(row.co_owner_name))
				if not row.proxy_attachment:
					frappe.throw(
						_("{0}: attach the written proxy (art. 16 decies)").format(row.co_owner_name)
					)
				if row.proxy_holder_co_owner and not row.proxy_holder:
					row.proxy_holder = frappe.db.get_value("Co-owner", row.proxy_holder_co_owner, "full_name")
		votes = {row.co_owner: Fraction(str(row.votes or 0)) for row in self.attendance}
		pairs = [(row.co_owner, holder_key(row)) for row in self.attendance if row.status == "Represented"]
		with core_errors():
			proxies.check_proxies(pairs, votes)

	# -- convocation ------------------------------------------------------------------------
	def validate_convocation(self):
		dates = [getdate(row.convocation_date) for row in self.attendance if row.convocation_date]
		self.last_notice_on = max(dates) if dates else None
		missing = [
			row.co_owner_name or row.co_owner
			for row in self.attendance
			if not (row.convocation_date and row.convocation_proof)
		]
		self.missing_proofs = ", ".join(missing)
		if self.last_notice_on:
			with core_errors():
				# Arts 16, 16 quinquies: at least 15 days between the last notice and the meeting.
				deadlines.check_convocation(self.last_notice_on, get_datetime(self.first_meeting))
		meeting = get_datetime(self.first_meeting)
		# Art. 16 septies: documents 15 days before; art. 16 quinquies: contracts 3 days before.
		late = []
		if self.documents_published_on and not deadlines.documents_on_time(
			getdate(self.documents_published_on), meeting
		):
			late.append(_("the documents must be available 15 days before the meeting (art. 16 septies)"))
		if self.contracts_published_on and not deadlines.documents_on_time(
			getdate(self.contracts_published_on), meeting, contracts=True
		):
			late.append(_("the contracts must be available 3 days before the meeting (art. 16 quinquies)"))
		if late and self.docstatus == 0:
			frappe.msgprint("; ".join(late), indicator="orange", alert=True)
		if missing and self.docstatus == 0 and self.status in ("Draft", "Convened") and self.attendance:
			frappe.msgprint(
				_("No proof of delivery of the convocation yet for: {0}").format(self.missing_proofs),
				indicator="orange",
				alert=True,
			)

	def set_quorum(self):
		rows = [r for r in self.attendance if r.status in ATTENDING and r.admitted]
		with core_errors():
			q = core_quorum.quorum(
				len(rows),
				len(self.attendance),
				sum(Fraction(str(r.counted_votes or 0)) for r in rows),
				sum(Fraction(str(r.votes or 0)) for r in self.attendance),
				meeting=2 if self.held_at_meeting == "Second meeting" else 1,
				reading=self.quorum_reading or core_quorum.HEADCOUNT,
			)
		self.members, self.attending_heads = q.members, q.heads
		self.total_votes, self.attending_votes = float(q.total_votes), float(q.votes)
		self.quorum_reached = 1 if q.reached else 0

	# -- minutes ----------------------------------------------------------------------------
	def before_submit(self):
		if self.status != "Held":
			frappe.throw(_("Close the session before signing the minutes"))
		open_votes = [str(r.idx) for r in self.resolutions if r.vote_status != "Closed"]
		if open_votes:
			frappe.throw(_("Close the vote on every resolution first: {0}").format(", ".join(open_votes)))
		if not (self.president or self.president_name) or not self.secretary_name:
			frappe.throw(_("The minutes are signed by the president and the secretary (art. 16 nonies)"))
		if not (self.signed_minutes or (self.president_signature and self.secretary_signature)):
			frappe.throw(_("Attach the signed minutes or sign them electronically (president and secretary)"))
		self.status = "Minutes Signed"
		self.minutes_signed_on = self.minutes_signed_on or today()
		if getdate(self.minutes_signed_on) < effects.held_on(self):
			frappe.throw(_("The minutes cannot be signed before the meeting"))
		self.pv_notification_due = deadlines.pv_notification_due(effects.held_on(self))

	def on_submit(self):
		done = effects.apply(self)
		if done:
			self.add_comment("Info", _("Decisions applied: {0}").format("; ".join(done)))

	def before_update_after_submit(self):
		dates = [getdate(r.pv_notified_on) for r in self.attendance if r.pv_notified_on]
		if (
			self.status in ("Minutes Signed", "Notified")
			and self.attendance
			and len(dates) == len(self.attendance)
		):
			self.status = "Notified"
			self.pv_notified_on = max(dates)
			# Art. 59 duodecies: two months from the (latest) notification.
			self.challenge_deadline = deadlines.challenge_deadline(self.pv_notified_on)

	def before_cancel(self):
		# The decisions stand in the books: they are undone there first (cancel the calls).
		standing = effects.blockers(self)
		if standing:
			frappe.throw(
				_("These minutes cannot be cancelled while their decisions stand in the books:")
				+ "<br>"
				+ "<br>".join(frappe.utils.escape_html(s) for s in standing),
				title=_("Decisions applied"),
			)

	def on_cancel(self):
		done = effects.undo(self)
		if done:
			self.add_comment("Info", _("Decisions undone: {0}").format("; ".join(done)))
		self.db_set("status", "Cancelled")


def holder_key(row) -> str:
	"""The proxy holder's identity: his co-owner id, else his folded name."""
	return row.proxy_holder_co_owner or fold(row.proxy_holder or "")

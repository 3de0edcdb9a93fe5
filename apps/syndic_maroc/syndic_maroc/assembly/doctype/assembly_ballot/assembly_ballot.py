# Copyright (c) 2026, syndic_maroc developers
# For license information, please see license.txt
"""One owner's vote on one resolution: auditable (who entered it, when, through which channel;
changes tracked) and permission-controlled (assembly.permissions)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime


class AssemblyBallot(Document):
	def validate(self):
		res = frappe.db.get_value(
			"Assembly Resolution",
			{"name": self.resolution, "parent": self.general_assembly, "parenttype": "General Assembly"},
			["title", "vote_status"],
			as_dict=True,
		)
		if not res:
			frappe.throw(
				_("Resolution {0} is not on the agenda of {1}").format(self.resolution, self.general_assembly)
			)
		if res.vote_status == "Closed" and not self.flags.closing:
			frappe.throw(_("The vote on resolution {0} is closed").format(res.title))
		self.resolution_title = res.title
		duplicate = frappe.db.get_value(
			"Assembly Ballot",
			{
				"general_assembly": self.general_assembly,
				"resolution": self.resolution,
				"co_owner": self.co_owner,
				"meeting": self.meeting,
				"name": ("!=", self.name or ""),
			},
		)
		if duplicate:
			frappe.throw(_("One owner, one ballot per resolution: {0} already voted").format(self.co_owner))
		if not self.flags.closing:
			self.entered_by = frappe.session.user
			self.entered_at = now_datetime()

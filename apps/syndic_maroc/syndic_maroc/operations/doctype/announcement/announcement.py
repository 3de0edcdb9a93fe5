"""Announcement to the co-owners of a résidence or building, FR and AR; sent once on submit
(operations.announcements)."""

import frappe
from frappe import _
from frappe.model.document import Document


class Announcement(Document):
	def validate(self):
		if self.building and frappe.db.get_value("Building", self.building, "residence") != self.residence:
			frappe.throw(_("Building {0} is not in residence {1}").format(self.building, self.residence))
		if bool(self.title_ar) != bool(self.body_ar):
			frappe.throw(_("Give both the Arabic title and the Arabic text, or neither"))

	def on_submit(self):
		from syndic_maroc.operations.announcements import send

		send(self)

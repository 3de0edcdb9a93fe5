"""Maintenance Request (demande d'intervention): the transitions and the SLA are core's
(core.operations.maintenance); the controller checks the places, stamps the dates and notifies
the reporter of every status change (operations.notify)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from syndic_maroc.core.operations import maintenance


class MaintenanceRequest(Document):
	def validate(self):
		self._check_places()
		before = self.get_doc_before_save()
		old = before.status if before else None
		if self.is_new():
			old = None
			if self.status != maintenance.NEW:
				# a request filed at the desk may be acknowledged at once; the path is still checked
				self._check(None, maintenance.NEW)
				old = maintenance.NEW
		self._check(old, self.status)
		self._stamp(old)
		self.sla_due = maintenance.sla_due(get_datetime(self.reported_at), self.urgency)
		self.overdue = int(
			maintenance.is_overdue(get_datetime(self.reported_at), self.urgency, self.status, now_datetime())
		)
		wanted = maintenance.supplier_trade(self.category)
		if self.supplier and wanted:
			trade = frappe.db.get_value("Supplier", self.supplier, "service_category")
			if trade and trade != wanted:
				frappe.msgprint(
					_("Supplier {0} works in {1}, not in {2}.").format(
						self.supplier, _(trade), _(self.category)
					),
					indicator="orange",
					alert=True,
				)

	def on_update(self):
		before = self.get_doc_before_save()
		if before and before.status != self.status:
			from syndic_maroc.operations.notify import status_changed

			status_changed(self, before.status)

	def _check(self, old, new):
		try:
			maintenance.check_transition(
				old,
				new,
				reason=self.rejection_reason,
				supplier=self.supplier,
				scheduled_on=self.scheduled_on,
			)
		except maintenance.TransitionError as e:
			frappe.throw(_("Status change refused: {0}").format(str(e)), title=_("Maintenance Request"))

	def _check_places(self):
		if self.building and frappe.db.get_value("Building", self.building, "residence") != self.residence:
			frappe.throw(_("Building {0} is not in residence {1}").format(self.building, self.residence))
		if self.location_type == "Private lot":
			if not self.unit:
				frappe.throw(_("A private-lot request names the unit"))
			unit = frappe.db.get_value("Unit", self.unit, ["residence", "building", "co_owner"], as_dict=True)
			if not unit or unit.residence != self.residence:
				frappe.throw(_("Unit {0} is not in residence {1}").format(self.unit, self.residence))
			self.building = self.building or unit.building
			if not self.co_owner and self.reporter_type == "Co-owner":
				self.co_owner = unit.co_owner
		else:
			self.unit = None

	def _stamp(self, old):
		if old == self.status:
			return
		if self.status == maintenance.DONE and not self.done_on:
			self.done_on = now_datetime()
		if self.status == maintenance.CLOSED:
			self.closed_on = now_datetime()
			self.done_on = self.done_on or self.closed_on

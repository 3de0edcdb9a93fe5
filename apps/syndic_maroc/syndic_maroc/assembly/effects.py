"""Adopted decisions drive the books and the registry (called when the minutes are signed).

Arrows point down: the assembly creates and submits finance documents; finance never imports
the assembly.
- Approve budget (arts 21, 24): the Residence Budget of the year is submitted (Approved) with this
  AG as its reference and its signed minutes (the first document of the injunction file,
  art. 25 bis). A lost vote leaves the budget in draft.
- Appoint syndic and deputy (art. 19): the Residence records them, mandate of 2 years.
- Syndic fees (art. 19): the draft budget's Syndic Fees line takes the voted amount.
- Major works / reserve fund (arts 21, 24, 37 bis): a draft exceptional Call for Funds (works
  kind: 3423 / 7112) with the voted amount and key, for the syndic to submit.

Cancelling signed minutes (`blockers`, `undo`): refused while an effect stands in the books (a
budget approved with calls issued on it, a submitted exceptional call); otherwise what is safely
undoable is undone: the approved budget without calls cancelled, the draft calls deleted, the fees
line and the syndic's mandate restored from the values kept at submit.
"""

import json

import frappe
from frappe import _
from frappe.utils import add_days, flt, getdate

from syndic_maroc.core.assembly import deadlines
from syndic_maroc.core.assembly.majority import ADOPTED, LOST
from syndic_maroc.utils.errors import core_errors

CALL_DUE_DAYS = 30


def held_on(doc):
	meeting = doc.second_meeting if doc.held_at_meeting == "Second meeting" else doc.first_meeting
	return getdate(meeting)


def apply(doc) -> list[str]:
	"""Apply every adopted resolution's effect; returns what was done, for the record."""
	done = []
	# Fees first: they change the draft budget that the budget resolution then approves.
	ordered = sorted(doc.resolutions, key=lambda r: (ORDER.get(r.effect, 9), r.idx))
	for res in ordered:
		if res.effect == "Approve budget" and res.result == LOST and res.residence_budget:
			# Art. 24: a rejected budget stays in draft; contributions called before a vote go to 3422.
			frappe.get_doc("Residence Budget", res.residence_budget).add_comment(
				"Info",
				_("Budget rejected by the general assembly {0} (resolution {1}): it stays in draft").format(
					doc.name, res.idx
				),
			)
			done.append(f"{res.idx}: {_('Budget rejected')}")
			continue
		if res.result != ADOPTED or not res.effect or res.effect_name:
			continue
		handler = HANDLERS.get(res.effect)
		if handler:
			created = handler(doc, res)
			if created:
				values = {"effect_doctype": created[0], "effect_name": created[1]}
				if len(created) > 2:
					values["effect_previous"] = json.dumps(created[2], default=str)
				res.db_set(values, update_modified=False)
				done.append(f"{res.idx}: {created[0]} {created[1]}")
	return done


def _budget_of(doc, res):
	name = res.residence_budget or frappe.db.get_value(
		"Residence Budget",
		{"residence": doc.residence, "fiscal_year": doc.fiscal_year, "docstatus": ("<", 2)},
		"name",
	)
	if not name:
		frappe.throw(
			_("Resolution {0}: no Residence Budget of {1} for fiscal year {2} to approve").format(
				res.idx, doc.residence, doc.fiscal_year
			)
		)
	budget = frappe.get_doc("Residence Budget", name)
	if budget.residence != doc.residence:
		frappe.throw(_("Resolution {0}: the budget {1} is not of this residence").format(res.idx, name))
	return budget


def approve_budget(doc, res):
	budget = _budget_of(doc, res)
	if budget.docstatus == 1:
		frappe.throw(_("Resolution {0}: the budget {1} is already approved").format(res.idx, budget.name))
	budget.ag_date = held_on(doc)
	budget.ag_reference = doc.name
	budget.ag_minutes = doc.signed_minutes or budget.ag_minutes
	budget.syndic_general_assembly = doc.name
	budget.submit()
	return ("Residence Budget", budget.name)


def syndic_fees(doc, res):
	budget = _budget_of(doc, res)
	if budget.docstatus != 0:
		return None
	line = next((row for row in budget.lines if row.category == "Syndic Fees"), None)
	previous = {"amount": line.amount if line else None}
	if line is None:
		key = res.allocation_key or (budget.lines[0].allocation_key if budget.lines else None)
		line = budget.append("lines", {"category": "Syndic Fees", "kind": "Current", "allocation_key": key})
	line.amount = flt(res.amount, 2)
	budget.save()
	return ("Residence Budget", budget.name, previous)


def appoint_syndic(doc, res):
	if not res.syndic_name or not res.deputy_name:
		frappe.throw(
			_("Resolution {0}: the syndic and the deputy are appointed together (art. 19)").format(res.idx)
		)
	with core_errors():
		mandate = deadlines.mandate(held_on(doc))
	previous = frappe.db.get_value("Residence", doc.residence, list(MANDATE_FIELDS), as_dict=True)
	frappe.db.set_value(
		"Residence",
		doc.residence,
		{
			"syndic_name": res.syndic_name,
			"syndic_deputy_name": res.deputy_name,
			"syndic_mandate_start": mandate.start,
			"syndic_mandate_end": mandate.end,
			"syndic_appointed_by": doc.name,
		},
	)
	return ("Residence", doc.residence, dict(previous))


def works_call(doc, res, category="Works"):
	if not res.allocation_key or flt(res.amount) <= 0:
		frappe.throw(
			_("Resolution {0}: give the voted amount and the allocation key of the call").format(res.idx)
		)
	call = frappe.get_doc(
		{
			"doctype": "Call for Funds",
			"residence": doc.residence,
			"source": "Exceptional",
			"posting_date": getdate(),
			# A first due date for the syndic to adjust before submitting the call.
			"due_date": add_days(getdate(), CALL_DUE_DAYS),
			"period_label": _("{0} — {1}").format(res.title, doc.name),
			"description": _("Voted by the general assembly {0}, resolution {1}").format(doc.name, res.idx),
			"syndic_general_assembly": doc.name,
			"lines": [
				{
					"category": category,
					"kind": "Works",
					"allocation_key": res.allocation_key,
					"amount": flt(res.amount, 2),
					"description": res.title,
				}
			],
		}
	)
	call.insert()
	return ("Call for Funds", call.name)


def reserve_call(doc, res):
	return works_call(doc, res, category="Reserve Fund")


MANDATE_FIELDS = (
	"syndic_name",
	"syndic_deputy_name",
	"syndic_mandate_start",
	"syndic_mandate_end",
	"syndic_appointed_by",
)

ORDER = {"Syndic fees": 0, "Approve budget": 1}

HANDLERS = {
	"Approve budget": approve_budget,
	"Syndic fees": syndic_fees,
	"Appoint syndic and deputy": appoint_syndic,
	"Major works call": works_call,
	"Reserve fund call": reserve_call,
}


def effect_before_cancel(doc, method=None):
	"""doc_events: a Call for Funds or Residence Budget cancelled on its own is not held back by
	the resolution row that records it as the decision's effect (the decision stays voted)."""
	kept = tuple(getattr(doc, "ignore_linked_doctypes", None) or ())  # the controller's own
	doc.ignore_linked_doctypes = (*kept, "General Assembly", "Assembly Resolution")


def _applied(doc):
	return [r for r in doc.resolutions if r.effect and r.effect_doctype and r.effect_name]


def _issued_calls(budget: str) -> list[str]:
	return frappe.get_all(
		"Call for Funds", filters={"residence_budget": budget, "docstatus": 1}, pluck="name", order_by="name"
	)


def blockers(doc) -> list[str]:
	"""The effects of these minutes that stand in the books and forbid cancelling them."""
	found = []
	for res in _applied(doc):
		status = frappe.db.get_value(res.effect_doctype, res.effect_name, "docstatus")
		if res.effect == "Approve budget" and status == 1:
			calls = _issued_calls(res.effect_name)
			if calls:
				found.append(
					_("Resolution {0}: the budget {1} has calls for funds issued ({2})").format(
						res.idx, res.effect_name, ", ".join(calls)
					)
				)
		elif res.effect in ("Major works call", "Reserve fund call") and status == 1:
			found.append(
				_("Resolution {0}: the call for funds {1} is submitted").format(res.idx, res.effect_name)
			)
	return found


def undo(doc) -> list[str]:
	"""Undo the effects that are safely undoable (after `blockers` found none); returns what was
	undone, for the record. Reverse order of `apply`: the budget before its fees line."""
	done = []
	ordered = sorted(_applied(doc), key=lambda r: (ORDER.get(r.effect, 9), r.idx), reverse=True)
	for res in ordered:
		previous = json.loads(res.effect_previous) if res.effect_previous else None
		doctype, name = res.effect_doctype, res.effect_name
		if not frappe.db.exists(doctype, name):
			continue
		# The row no longer points at the effect (nothing links the record being undone).
		res.db_set({"effect_doctype": None, "effect_name": None}, update_modified=False)
		if res.effect == "Approve budget":
			budget = frappe.get_doc("Residence Budget", name)
			if budget.docstatus == 1 and budget.get("syndic_general_assembly") == doc.name:
				budget.cancel()
				done.append(f"{res.idx}: {_('Budget approval cancelled')} {budget.name}")
		elif res.effect in ("Major works call", "Reserve fund call"):
			if frappe.db.get_value("Call for Funds", name, "docstatus") == 0:
				frappe.delete_doc("Call for Funds", name)
				done.append(f"{res.idx}: {_('Draft call for funds deleted')} {name}")
		elif res.effect == "Syndic fees" and previous is not None:
			budget = frappe.get_doc("Residence Budget", name)
			line = next((row for row in budget.lines if row.category == "Syndic Fees"), None)
			if budget.docstatus == 0 and line is not None:
				if previous.get("amount") is None:
					budget.remove(line)
				else:
					line.amount = previous["amount"]
				budget.save()
				done.append(f"{res.idx}: {_('Syndic fees line restored')} {budget.name}")
		elif res.effect == "Appoint syndic and deputy" and previous is not None:
			# Only while this assembly's appointment is the one recorded (not a later one's).
			if frappe.db.get_value("Residence", name, "syndic_appointed_by") == doc.name:
				frappe.db.set_value("Residence", name, {f: previous.get(f) for f in MANDATE_FIELDS})
				done.append(f"{res.idx}: {_('Previous syndic mandate restored')}")
	return done

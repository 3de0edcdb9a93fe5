"""Purchase orders with approval (Workflow "Syndic Purchase Order Approval", set up by
operations.setup): the level an order needs comes from core.operations.approval and the
résidence's ceilings; above the assembly ceiling the order names the adopted resolution that
allowed it (loi 18-00 art. 21)."""

import frappe
from frappe import _

from syndic_maroc.core.operations import approval


def residence_of_company(company: str | None) -> frappe._dict | None:
	if not company:
		return None
	return frappe.db.get_value(
		"Residence", {"company": company}, ["name", "syndic_po_ceiling", "syndic_ag_ceiling"], as_dict=True
	)


def validate(doc, method=None) -> None:
	"""Purchase Order validate: the approval level, and the resolution when one is needed."""
	residence = residence_of_company(doc.company)
	if not residence:
		return
	doc.syndic_approval_level = approval.approval_level(
		doc.grand_total or doc.total or 0, residence.syndic_po_ceiling, residence.syndic_ag_ceiling
	)
	if doc.get("syndic_general_assembly") or doc.get("syndic_assembly_resolution"):
		_check_resolution(doc, residence.name)


def _check_resolution(doc, residence: str) -> None:
	assembly = doc.get("syndic_general_assembly")
	row = doc.get("syndic_assembly_resolution")
	if not assembly or not row:
		frappe.throw(_("Name both the general assembly and its resolution"))
	if frappe.db.get_value("General Assembly", assembly, "residence") != residence:
		frappe.throw(_("General assembly {0} is not one of residence {1}").format(assembly, residence))
	result = frappe.db.get_value(
		"Assembly Resolution",
		{"parent": assembly, "parenttype": "General Assembly", "name": row},
		["result", "amount", "title"],
		as_dict=True,
	)
	if not result:
		frappe.throw(_("Resolution {0} is not on the agenda of {1}").format(row, assembly))
	if result.result != "Adopted":
		frappe.throw(_("Resolution {0} was not adopted").format(result.title))
	if result.amount and (doc.grand_total or 0) > result.amount + 0.005:
		frappe.throw(
			_("The order ({0}) exceeds the amount the resolution allowed ({1})").format(
				doc.grand_total, result.amount
			)
		)

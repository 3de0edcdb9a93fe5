"""Zéro saisie, ERPNext side: what was read matched with ERPNext records (the rules are in
syndic_maroc.core.intake.matching).

- supplier: by ICE, then fuzzy name; unmatched → the reviewer picks;
- résidence: the statement's RIB, the buyer's ICE or the résidence's name in the text;
- statement lines: open co-owner Sales Invoices (credits) and supplier Purchase Invoices
  (debits), only when unambiguous (core.intake.matching.match_lines);
- expense account: the class 6 account of the résidence's company for the bill's category;
- duplicates: same supplier + invoice number (or an ERPNext Purchase Invoice with that bill
  number), same account + period for a statement.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt, getdate

from syndic_maroc.core.intake import matching, review
from syndic_maroc.core.intake.issuers import UTILITY_ISSUERS
from syndic_maroc.intake import DOCTYPE
from syndic_maroc.intake.settings import expense_overrides


def utility_issuers() -> list[dict]:
	return UTILITY_ISSUERS


def class_code(doc) -> str | None:
	return review.CLASS_CODES.get(doc.doc_class)


def _issuer_names(issuer: str) -> list[str]:
	"""A distributor and the names it is also known by (Lydec ↔ SRM Casablanca-Settat)."""
	names = [issuer]
	for entry in UTILITY_ISSUERS:
		if entry["name"] == issuer:
			names += entry.get("replaces") or []
		elif issuer in (entry.get("replaces") or []):
			names.append(entry["name"])
	return names


def match_supplier(doc, fields: dict | None = None) -> matching.SupplierMatch:
	"""Set doc.supplier when ICE or name designate one ERPNext Supplier."""
	suppliers = frappe.get_all(
		"Supplier",
		filters={"disabled": 0},
		fields=["name", "supplier_name", "supplier_ice as ice"],
	)
	names = (
		_issuer_names(doc.supplier_name)
		if doc.doc_class == "Utility Bill" and doc.supplier_name
		else [doc.supplier_name]
	)
	found = matching.match_supplier(doc.supplier_ice, [n for n in names if n], suppliers)
	if found.supplier:
		doc.supplier = found.supplier
	return found


def guess_residence(doc, fields: dict | None, text: str) -> None:
	residences = frappe.get_all("Residence", fields=["name", "residence_name", "rib", "ice"])
	name = matching.guess_residence(residences, rib=doc.rib, ice=doc.customer_ice, text=text or "")
	if name:
		doc.residence = name
		doc.company = frappe.db.get_value("Residence", name, "company")


def check_statement_account(doc) -> list[str]:
	"""Warnings about the statement's account versus the résidence's."""
	if not (doc.residence and doc.rib):
		return []
	rib = frappe.db.get_value("Residence", doc.residence, "rib")
	if rib and rib != doc.rib:
		return [
			_("The statement's RIB ({0}) is not that of residence {1} ({2}).").format(
				doc.rib, doc.residence, rib
			)
		]
	return []


def _open_invoices(company: str, doctype: str) -> list[matching.OpenInvoice]:
	party = "customer" if doctype == "Sales Invoice" else "supplier"
	extra = "bill_no" if doctype == "Purchase Invoice" else "po_no"
	rows = frappe.get_all(
		doctype,
		filters={"company": company, "docstatus": 1, "outstanding_amount": (">", 0)},
		fields=[
			"name",
			f"{party} as party",
			f"{party}_name as party_name",
			"outstanding_amount",
			"due_date",
			extra,
		],
		limit=5000,
	)
	co_owners = {}
	if doctype == "Sales Invoice" and rows:
		co_owners = dict(
			frappe.get_all(
				"Co-owner",
				filters={"customer": ("in", list({r.party for r in rows}))},
				fields=["customer", "name"],
				as_list=True,
			)
		)
	return [
		matching.OpenInvoice(
			name=r.name,
			party=r.party,
			party_name=r.party_name or r.party,
			outstanding=review._dec(r.outstanding_amount),
			due_date=getdate(r.due_date) if r.due_date else None,
			co_owner=co_owners.get(r.party),
			references=tuple(x for x in (r.get(extra),) if x),
		)
		for r in rows
	]


def match_transactions(doc) -> None:
	"""Match every statement line of `doc` (in memory) to an open invoice when unambiguous."""
	if not doc.company or not doc.transactions:
		return
	for side, doctype, party_type in (
		("credit", "Sales Invoice", "Customer"),
		("debit", "Purchase Invoice", "Supplier"),
	):
		rows = [row for row in doc.transactions if flt(row.get(side)) > 0]
		if not rows:
			continue
		invoices = _open_invoices(doc.company, doctype)
		lines = [
			{"label": r.label, "reference": r.reference, "amount": review._dec(r.get(side))} for r in rows
		]
		for row, m in zip(rows, matching.match_lines(lines, invoices), strict=True):
			row.match_status = m.status.capitalize()
			row.match_basis = m.basis
			row.candidates = ", ".join(m.candidates[:10]) or None
			row.matched_doctype = doctype if m.invoice else None
			row.matched_invoice = m.invoice
			row.party_type = party_type if m.party else None
			row.party = m.party
			row.co_owner = m.co_owner


def set_expense_account(doc) -> None:
	"""The class 6 account of the résidence's company for this bill (Intake Settings category)."""
	if not doc.company:
		doc.expense_account = None
		return
	if doc.expense_account and frappe.db.get_value("Account", doc.expense_account, "company") == doc.company:
		return
	category = review.expense_category(
		class_code(doc),
		(doc.service or "").lower() or None,
		frappe.db.get_value("Supplier", doc.supplier, "service_category") if doc.supplier else None,
	)
	number = review.expense_account_number(category, expense_overrides())
	doc.expense_account = frappe.db.get_value(
		"Account", {"company": doc.company, "account_number": number, "is_group": 0}, "name"
	) or frappe.db.get_value("Company", doc.company, "default_expense_account")


def find_duplicate(doc) -> tuple[str, str] | None:
	"""(doctype, name) of the document this one repeats: same bill, or same statement."""
	others = {"name": ("!=", doc.name), "status": ("not in", ("Rejected", "Failed", "Duplicate"))}
	if doc.doc_class == "Bank Statement":
		if doc.rib and doc.period_start and doc.period_end:
			name = frappe.db.get_value(
				DOCTYPE,
				{**others, "rib": doc.rib, "period_start": doc.period_start, "period_end": doc.period_end},
				"name",
			)
			if name:
				return DOCTYPE, name
		return None
	key = review.invoice_key(doc.invoice_number)
	if not key or doc.doc_class not in ("Supplier Invoice", "Utility Bill"):
		return None
	same_party = []
	if doc.supplier:
		same_party.append(["supplier", "=", doc.supplier])
	if doc.supplier_ice:
		same_party.append(["supplier_ice", "=", doc.supplier_ice])
	if doc.supplier_name:
		same_party.append(["supplier_name", "=", doc.supplier_name])
	if not same_party:
		return None
	for row in frappe.get_all(
		DOCTYPE,
		filters=others,
		or_filters=same_party,
		fields=["name", "invoice_number"],
		order_by="creation asc",
	):
		if review.invoice_key(row.invoice_number) == key:
			return DOCTYPE, row.name
	if doc.supplier:
		for row in frappe.get_all(
			"Purchase Invoice",
			filters={"supplier": doc.supplier, "docstatus": ("<", 2), "bill_no": ("is", "set")},
			fields=["name", "bill_no"],
		):
			if review.invoice_key(row.bill_no) == key:
				return "Purchase Invoice", row.name
	return None

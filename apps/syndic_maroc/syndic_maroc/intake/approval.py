"""The ERPNext side of zéro saisie: an approved Incoming Document becomes its draft (what was
read is matched with ERPNext records by syndic_maroc.intake.matching).

- approval: a draft Purchase Invoice (company of the résidence, expense account by category,
  TVA charged to the same expense account since the syndicat does not recover VAT, the file
  attached) or one submitted Bank Transaction per statement line on the résidence's Bank
  Account, with a draft Payment Entry for each line matched to an invoice.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, now_datetime, nowdate

from syndic_maroc.core.intake import review
from syndic_maroc.core.intake.model import BANK_STATEMENT, INVOICE, UTILITY_BILL
from syndic_maroc.intake import DOCTYPE
from syndic_maroc.intake.files import file_of
from syndic_maroc.intake.matching import class_code, find_duplicate, set_expense_account
from syndic_maroc.registry.company import ensure_bank_account, no_perpetual_inventory

APPROVER_ROLES = ("Syndic Manager", "Syndic Accountant", "System Manager")
OPEN = ("Extracted", "To Review")


# --- approval -----------------------------------------------------------------------------------


def check_approver() -> None:
	if frappe.session.user != "Administrator" and not set(APPROVER_ROLES) & set(frappe.get_roles()):
		frappe.throw(
			_("Only the syndic's manager and accountant can approve or reject a document."),
			frappe.PermissionError,
		)


def approve(doc, *, auto: bool = False, note: str | None = None):
	"""Create the ERPNext draft of a reviewed document; returns (doctype, name)."""
	if not auto:
		check_approver()
		doc.check_permission("write")
	if doc.status not in OPEN:
		frappe.throw(
			_('Document {0} is "{1}": only a read document can be approved.').format(doc.name, _(doc.status))
		)
	if not doc.residence or not doc.company:
		frappe.throw(_("Choose the residence concerned before approving."))
	code = class_code(doc)
	if code in (INVOICE, UTILITY_BILL):
		duplicate = find_duplicate(doc)
		if duplicate:
			frappe.throw(
				_("This invoice has already been received: {0} {1}.").format(_(duplicate[0]), duplicate[1]),
				frappe.DuplicateEntryError,
			)
		created = ("Purchase Invoice", make_purchase_invoice(doc))
	elif code == BANK_STATEMENT:
		created = ("Bank Account", make_bank_transactions(doc))
	else:
		frappe.throw(
			_(
				'A document of class "Other" creates nothing: choose its class and read it again, or reject it.'
			)
		)
	doc.corrected_fields = ", ".join(corrected_fields(doc)) or None
	doc.status = "Approved"
	doc.reference_doctype, doc.reference_name = created
	doc.approved_by = frappe.session.user
	doc.approved_on = now_datetime()
	doc.auto_approved = 1 if auto else 0
	doc.approval_note = note
	doc.flags.from_intake_job = True
	doc.save(ignore_permissions=True)
	return created


def reject(doc, reason: str) -> None:
	check_approver()
	doc.check_permission("write")
	if not (reason or "").strip():
		frappe.throw(_("Enter the reason for rejection."))
	if doc.status == "Approved":
		frappe.throw(
			_("An approved document can no longer be rejected: cancel the ERPNext document created.")
		)
	doc.status = "Rejected"
	doc.rejection_reason = reason.strip()
	doc.flags.from_intake_job = True
	doc.save(ignore_permissions=True)


def corrected_fields(doc) -> list[str]:
	"""The review fields whose value differs from what was read."""
	try:
		data = json.loads(doc.extracted_json or "{}")
	except ValueError:
		return []
	read = review.form_values(data.get("doc_class"), data.get("fields") or {})
	changed = []
	for fieldname, value in read.items():
		df = doc.meta.get_field(fieldname)
		current = doc.get(fieldname)
		if df and df.fieldtype in ("Currency", "Float"):
			same = abs(flt(current) - flt(value)) < 0.005
		elif df and df.fieldtype == "Date":
			same = bool(current) and getdate(current) == getdate(value)
		else:
			same = (current or "") == (value or "")
		if not same:
			changed.append(fieldname)
	return changed


def _uom() -> str:
	for name in (frappe.db.get_single_value("Stock Settings", "stock_uom"), "Nos", "Unité", "Unit"):
		if name and frappe.db.exists("UOM", name):
			return name
	return frappe.db.get_value("UOM", {}, "name")


def _posting_date(company: str, wanted) -> str:
	"""The bill's own date when an open fiscal year of the company covers it, else today."""
	if wanted:
		from erpnext.accounts.utils import get_fiscal_years

		try:
			if get_fiscal_years(wanted, company=company):
				return str(getdate(wanted))
		except Exception:
			pass
	return nowdate()


def make_purchase_invoice(doc) -> str:
	if not doc.supplier:
		frappe.throw(_("Choose the supplier (or create it from the document) before approving."))
	set_expense_account(doc)
	if not doc.expense_account:
		frappe.throw(_("No expense account found for company {0}.").format(doc.company))
	code = class_code(doc)
	lines = []
	if code == INVOICE:
		try:
			lines = (json.loads(doc.extracted_json or "{}").get("fields") or {}).get("lines") or []
		except ValueError:
			lines = []
	label = _("Invoice {0} {1}").format(doc.supplier_name or doc.supplier, doc.invoice_number or "").strip()
	if code == UTILITY_BILL:
		period = (
			f" {frappe.format(doc.period_start, 'Date')} – {frappe.format(doc.period_end, 'Date')}"
			if doc.period_start and doc.period_end
			else ""
		)
		label = f"{_(doc.service or 'Utility Bill')} {doc.contract_number or ''}{period}".strip()
	values = {f: doc.get(f) for f in ("total_ht", "total_tva", "total_ttc", "amount_due")}
	if code == INVOICE and not flt(doc.total_ttc) and not flt(doc.total_ht):
		frappe.throw(_("The invoice total is empty."))
	if code == UTILITY_BILL and not flt(doc.amount_due):
		frappe.throw(_("The amount to pay is empty."))
	plan = review.booking(code, values, lines, label)
	posting = _posting_date(doc.company, doc.invoice_date)
	cost_center = frappe.db.get_value("Residence", doc.residence, "cost_center") or frappe.db.get_value(
		"Company", doc.company, "cost_center"
	)
	no_perpetual_inventory(doc.company)
	pi = frappe.new_doc("Purchase Invoice")
	pi.update(
		{
			"disable_rounded_total": 1,  # the supplier is owed the TTC to the cent
			"company": doc.company,
			"supplier": doc.supplier,
			"bill_no": doc.invoice_number,
			"bill_date": doc.invoice_date,
			"set_posting_time": 1,
			"posting_date": posting,
			"due_date": max(getdate(doc.due_date or posting), getdate(posting)),
			"currency": doc.currency or frappe.db.get_value("Company", doc.company, "default_currency"),
			"cost_center": cost_center,
			"remarks": _("Created from incoming document {0}.").format(doc.name),
		}
	)
	uom = _uom()
	for description, amount in plan.lines:
		pi.append(
			"items",
			{
				"item_name": (description or label or _("Expense"))[:140],
				"description": description or label,
				"qty": 1,
				"uom": uom,
				"stock_uom": uom,
				"conversion_factor": 1,
				"rate": amount,
				"expense_account": doc.expense_account,
				"cost_center": cost_center,
			},
		)
	if plan.tax:
		pi.append(
			"taxes",
			{
				"category": "Total",
				"add_deduct_tax": "Add",
				"charge_type": "Actual",
				"account_head": doc.expense_account,
				"cost_center": cost_center,
				"description": _("Non-recoverable VAT"),
				"tax_amount": plan.tax,
			},
		)
	pi.flags.ignore_permissions = True
	pi.insert()
	copy_file(doc, "Purchase Invoice", pi.name)
	return pi.name


def copy_file(doc, doctype: str, name: str) -> None:
	"""Attach the document's file to the draft (same file on disk, a second File record)."""
	source = file_of(doc)
	if not source:
		return
	f = frappe.get_doc(
		{
			"doctype": "File",
			"file_url": source.file_url,
			"file_name": source.file_name,
			"is_private": source.is_private,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
		}
	)
	f.flags.intake_skip = True
	f.insert(ignore_permissions=True)


def bank_account_of(doc) -> str:
	"""The résidence's ERPNext Bank Account; created from its RIB (or the statement's) if missing."""
	if doc.bank_account:
		return doc.bank_account
	residence = frappe.get_doc("Residence", doc.residence)
	if residence.bank_account and frappe.db.exists("Bank Account", residence.bank_account):
		return residence.bank_account
	proxy = frappe._dict(residence.as_dict())
	proxy.bank_name = residence.bank_name or doc.bank or _("Bank")
	proxy.rib = residence.rib or doc.rib
	name = ensure_bank_account(proxy)
	if not name:
		frappe.throw(
			_("Residence {0} has no 5121 bank account: the statement cannot be imported.").format(
				residence.name
			)
		)
	frappe.db.set_value("Residence", residence.name, "bank_account", name, update_modified=False)
	return name


def make_bank_transactions(doc) -> str:
	"""One submitted Bank Transaction per statement line (as ERPNext's statement import does:
	they post nothing, the Bank Reconciliation Tool works on them); a draft Payment Entry for
	each line matched to an invoice. Lines already imported are skipped (transaction_id)."""
	account = bank_account_of(doc)
	doc.bank_account = account
	currency = frappe.db.get_value("Company", doc.company, "default_currency")
	for row in doc.transactions:
		if not (flt(row.debit) or flt(row.credit)):
			continue
		tid = f"{doc.name}-{row.idx}"
		existing = frappe.db.get_value("Bank Transaction", {"transaction_id": tid}, "name")
		if existing:
			row.bank_transaction = existing
			continue
		bt = frappe.get_doc(
			{
				"doctype": "Bank Transaction",
				"date": row.transaction_date or doc.period_end or nowdate(),
				"bank_account": account,
				"company": doc.company,
				"currency": currency,
				"deposit": flt(row.credit),
				"withdrawal": flt(row.debit),
				"description": row.label,
				"reference_number": row.reference or None,
				"transaction_id": tid,
				"party_type": row.party_type if row.party else None,
				"party": row.party or None,
			}
		)
		bt.flags.ignore_permissions = True
		bt.insert()
		bt.submit()
		row.bank_transaction = bt.name
		if row.match_status == "Matched" and row.matched_invoice and not row.payment_entry:
			row.payment_entry = _draft_payment(doc, row, account)
	return account


def _draft_payment(doc, row, bank_account: str) -> str | None:
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	amount = flt(row.credit) or flt(row.debit)
	pe = get_payment_entry(
		row.matched_doctype,
		row.matched_invoice,
		party_amount=amount,
		bank_account=frappe.db.get_value("Bank Account", bank_account, "account"),
	)
	posting = _posting_date(doc.company, row.transaction_date)
	pe.posting_date = posting
	pe.reference_no = (row.reference or row.label or doc.name)[:140]
	pe.reference_date = row.transaction_date or posting
	pe.bank_account = bank_account
	pe.remarks = _("Row {0} of statement {1}: {2}").format(row.idx, doc.name, row.label)
	pe.flags.ignore_permissions = True
	pe.insert()
	return pe.name


def try_auto_approve(doc, settings) -> bool:
	"""Approve without a reviewer when the settings allow it (returns True when done)."""
	code = class_code(doc)
	history = 0
	if doc.supplier:
		history = frappe.db.count(
			DOCTYPE,
			{
				"supplier": doc.supplier,
				"status": "Approved",
				"corrected_fields": ("is", "not set"),
				"name": ("!=", doc.name),
			},
		)
	issues = [line for line in (doc.validation_issues or "").splitlines() if line.strip()]
	decision = review.auto_approval(
		enabled=bool(cint(settings.auto_approve)),
		doc_class=code,
		confidence=flt(doc.confidence) / 100,
		threshold=flt(settings.auto_approve_threshold) or 95,
		review_fields=[f for f in (doc.review_fields or "").split(", ") if f],
		issues=issues,
		llm_status={"OK": "ok"}.get(doc.llm_status, "unavailable"),
		supplier=doc.supplier,
		clean_history=history,
		min_history=cint(settings.auto_approve_min_history),
	)
	if not decision.approve:
		return False
	frappe.db.savepoint("intake_auto_approval")
	try:
		approve(doc, auto=True, note=_(review.AUTO_REASONS[decision.code]).format(**decision.params))
		return True
	except Exception:
		frappe.db.rollback(save_point="intake_auto_approval")
		doc.reload()
		frappe.log_error(
			title=f"Intake auto-approval: {doc.name}", reference_doctype=DOCTYPE, reference_name=doc.name
		)
		return False


def create_supplier(doc) -> str:
	"""A Supplier from what was read (name, ICE, IF); the document then points to it."""
	check_approver()
	if doc.supplier:
		return doc.supplier
	if not doc.supplier_name:
		frappe.throw(_("The supplier name was not read: enter it first."))
	category = "Utility Distributor" if doc.doc_class == "Utility Bill" else None
	supplier = frappe.get_doc(
		{
			"doctype": "Supplier",
			"supplier_name": doc.supplier_name,
			"supplier_group": frappe.db.get_single_value("Buying Settings", "supplier_group")
			or frappe.db.get_value("Supplier Group", {"is_group": 0}, "name"),
			"supplier_type": "Company",
			"country": "Morocco",
			"supplier_ice": doc.supplier_ice if doc.supplier_ice and len(doc.supplier_ice) == 15 else None,
			"supplier_if": doc.supplier_if,
			"service_category": category,
		}
	)
	if doc.residence and supplier.meta.has_field("served_residences"):
		supplier.append("served_residences", {"residence": doc.residence})
	supplier.insert()
	doc.supplier = supplier.name
	set_expense_account(doc)
	doc.save()
	return supplier.name

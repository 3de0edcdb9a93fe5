"""One ERPNext Company per résidence, with the syndicat chart of décret 2.23.700.

ERPNext has no hook for an app's chart of accounts, so this does what its Chart of Accounts
Importer does (`import_coa` + `set_default_accounts`): insert the Company with
`frappe.local.flags.ignore_chart_of_accounts` set (Company.on_update then skips the standard
chart but still creates the default cost centers and departments), load our chart (the
accounts `create_charts(company, custom_chart=...)` would make, see create_chart_accounts),
then set the company's default accounts by account number and save it (on_update then links
the cash account to the Cash mode of payment; we link the bank modes to 5121).
"""

import frappe
from frappe import _

from syndic_maroc.chart_of_accounts import PROPERTY_KEYS, chart_name, chart_tree
from syndic_maroc.registry.utils import iban_from_rib
from syndic_maroc.utils import erpnext_compat

COUNTRY = "Morocco"
CURRENCY = "MAD"

# Company field -> account number in the décret 2.23.700 chart.
DEFAULT_ACCOUNTS = {
	"default_receivable_account": "3421",
	"default_payable_account": "4411",
	"default_bank_account": "5121",
	"default_cash_account": "5161",
	"default_income_account": "7111",
	"default_expense_account": "6143",
	"round_off_account": "65158",
	"write_off_account": "6514",
	"default_advance_received_account": "4421",
	"default_advance_paid_account": "3411",
	"default_provisional_account": "4412",
}


def account_by_number(company: str, number: str) -> str | None:
	return frappe.db.get_value("Account", {"company": company, "account_number": number}, "name")


def create_syndicat_company(company_name: str, abbr: str) -> frappe._dict:
	"""Create the Company of a syndicat with its chart and defaults; returns its key links."""
	if frappe.db.exists("Company", company_name):
		frappe.throw(
			_("An ERPNext company named {0} already exists: choose another residence name").format(
				frappe.bold(company_name)
			)
		)
	if frappe.db.exists("Company", {"abbr": abbr}):
		frappe.throw(
			_("Abbreviation {0} is already used by another company: choose another one").format(
				frappe.bold(abbr)
			)
		)

	previous_lang = frappe.local.lang
	try:
		# ERPNext names the default departments and cost center with _(): use the site's
		# language, the one its setup wizard named the root records in ("Tous les départements").
		frappe.local.lang = site_language() or previous_lang
		with erpnext_compat.company_without_standard_chart():
			company = _insert_company(company_name, abbr)
			with erpnext_compat.accounts_without_root_company_validation():
				create_chart_accounts(company.name, chart_tree())
				if hasattr(company, "create_default_warehouses"):
					company.create_default_warehouses()
	finally:
		frappe.local.lang = previous_lang

	set_default_accounts(company.name)
	company = frappe.get_doc("Company", company.name)
	return frappe._dict(
		company=company.name,
		default_bank_account=company.default_bank_account,
		cost_center=company.cost_center,
	)


def _insert_company(company_name: str, abbr: str):
	company = frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": company_name,
			"abbr": abbr,
			"default_currency": CURRENCY,
			"country": COUNTRY,
			"create_chart_of_accounts_based_on": "Standard Template",
			"chart_of_accounts": chart_name(),
			# A syndicat keeps no stock: with perpetual inventory (ERPNext's default for new
			# companies) every Purchase Invoice would want a "Stock Received But Not Billed" account.
			**erpnext_compat.NO_PERPETUAL_INVENTORY,
		}
	)
	company.flags.ignore_permissions = True
	company.insert()
	return company


def create_chart_accounts(company: str, tree: dict) -> None:
	"""Insert the chart's accounts, parents first, as ERPNext's `create_charts` does.

	Same fields as `create_charts(company, custom_chart=tree)`, but each Account keeps the
	nested set up to date as it is inserted (this company's root is the right-most), instead of
	ERPNext's final `rebuild_tree("Account")`, which rewrites the lft/rgt of every account of
	every company: with one company per résidence that grows with the site and locks the whole
	Account table while a résidence is created.
	"""
	currency = frappe.get_cached_value("Company", company, "default_currency")

	def insert(children: dict, parent: str | None, root_type: str | None) -> None:
		for label, node in children.items():
			if label in PROPERTY_KEYS:
				continue
			rt = node.get("root_type") or root_type
			sub = {k: v for k, v in node.items() if k not in PROPERTY_KEYS}
			account = frappe.get_doc(
				{
					"doctype": "Account",
					"account_name": label,
					"account_number": str(node.get("account_number") or "").strip(),
					"company": company,
					"parent_account": parent,
					"is_group": 1 if (node.get("is_group") or sub) else 0,
					"root_type": rt,
					"report_type": "Balance Sheet"
					if rt in ("Asset", "Liability", "Equity")
					else "Profit and Loss",
					"account_type": node.get("account_type"),
					"account_currency": node.get("account_currency") or currency,
				}
			)
			account.flags.ignore_permissions = True
			if parent is None:
				account.flags.ignore_mandatory = True
			account.insert()
			insert(sub, account.name, rt)

	insert(tree, None, None)


def site_language() -> str | None:
	return frappe.db.get_single_value("System Settings", "language") or frappe.db.get_default("lang")


def set_default_accounts(company_name: str) -> None:
	"""Point the company's default accounts at the décret 2.23.700 accounts (importer-style)."""
	company = frappe.get_doc("Company", company_name)
	for fieldname, number in DEFAULT_ACCOUNTS.items():
		if not company.meta.has_field(fieldname):
			continue
		account = account_by_number(company.name, number)
		if account:
			company.set(fieldname, account)
	# Before the save: Company.on_update then finds the Cash row and leaves Mode of Payment alone.
	set_mode_of_payment_accounts(company.name, company.default_cash_account, company.default_bank_account)
	company.flags.ignore_permissions = True
	company.save()


def set_mode_of_payment_accounts(company: str, cash_account: str | None, bank_account: str | None) -> None:
	"""Link every Cash / Bank mode of payment to 5161 / 5121 for this company.

	The row is inserted on its own (not by saving the Mode of Payment): saving the shared
	document would re-validate, and lock, the rows of every other company.
	"""
	targets = {"Cash": cash_account, "Bank": bank_account}
	for mode in frappe.get_all(
		"Mode of Payment", filters={"type": ("in", list(targets))}, fields=["name", "type"]
	):
		account = targets.get(mode.type)
		if not account or frappe.db.exists(
			"Mode of Payment Account",
			{"parent": mode.name, "parenttype": "Mode of Payment", "company": company},
		):
			continue
		idx = frappe.db.sql(
			"select coalesce(max(idx), 0) from `tabMode of Payment Account` where parent=%s and parenttype='Mode of Payment'",
			mode.name,
		)[0][0]
		row = frappe.get_doc(
			{
				"doctype": "Mode of Payment Account",
				"parent": mode.name,
				"parenttype": "Mode of Payment",
				"parentfield": "accounts",
				"idx": idx + 1,
				"company": company,
				"default_account": account,
			}
		)
		row.db_insert()


def root_cost_center(company: str) -> str | None:
	"""The company's root (group) cost center, "<company> - <abbr>"."""
	return frappe.db.get_value(
		"Cost Center",
		{"company": company, "is_group": 1, "parent_cost_center": ("is", "not set")},
		"name",
	) or frappe.db.get_value("Cost Center", {"company": company, "is_group": 1}, "name", order_by="lft asc")


def no_perpetual_inventory(company: str) -> None:
	"""A syndicat keeps no stock (the décret 2.23.700 chart has no stock account), but ERPNext
	turns perpetual inventory on for every new company and then wants a "Stock Received But Not
	Billed" account on each purchase invoice: switch it off for résidence companies."""
	if erpnext_compat.perpetual_inventory_enabled(company) and frappe.db.exists(
		"Residence", {"company": company}
	):
		erpnext_compat.disable_perpetual_inventory(company)


def company_has_gl_entries(company: str) -> bool:
	return bool(frappe.db.exists("GL Entry", {"company": company}))


def ensure_bank_account(residence) -> str | None:
	"""The ERPNext Bank Account of the syndicat (GL account 5121), created or updated from bank_name/rib."""
	if not (residence.company and residence.default_bank_account and residence.bank_name):
		return residence.bank_account

	if not frappe.db.exists("Bank", residence.bank_name):
		bank = frappe.get_doc({"doctype": "Bank", "bank_name": residence.bank_name})
		bank.flags.ignore_permissions = True
		bank.insert()

	values = {
		"bank": residence.bank_name,
		"bank_account_no": residence.rib,
		"iban": iban_from_rib(residence.rib) if residence.rib else None,
	}
	name = (
		residence.bank_account
		if residence.bank_account and frappe.db.exists("Bank Account", residence.bank_account)
		else None
	)
	if not name:
		name = frappe.db.get_value("Bank Account", {"account": residence.default_bank_account}, "name")
	if name:
		doc = frappe.get_doc("Bank Account", name)
		if any((doc.get(k) or None) != v for k, v in values.items()):
			doc.update(values)
			doc.flags.ignore_permissions = True
			doc.save()
		return doc.name

	doc = frappe.get_doc(
		{
			"doctype": "Bank Account",
			"account_name": residence.residence_name,
			"account": residence.default_bank_account,
			"company": residence.company,
			"is_company_account": 1,
			"is_default": 1,
			**values,
		}
	)
	doc.flags.ignore_permissions = True
	doc.insert()
	return doc.name


def delete_syndicat_company(company: str) -> None:
	"""Delete a syndicat's Company and what ERPNext created with it; refused when it has GL entries."""
	if not company or not frappe.db.exists("Company", company):
		return
	if company_has_gl_entries(company):
		frappe.throw(
			_("Company {0} has accounting entries: it cannot be deleted").format(frappe.bold(company))
		)
	for name in frappe.get_all("Bank Account", filters={"company": company}, pluck="name"):
		frappe.delete_doc("Bank Account", name, ignore_permissions=True, force=True)
	# By primary key: a delete filtered on the (unindexed) company column locks every row.
	for name in frappe.get_all("Mode of Payment Account", filters={"company": company}, pluck="name"):
		frappe.db.delete("Mode of Payment Account", {"name": name})
	frappe.delete_doc("Company", company, ignore_permissions=True)

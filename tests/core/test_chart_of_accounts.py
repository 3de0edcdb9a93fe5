"""The décret 2.23.700 chart JSON shipped by the app: structure checks, no Frappe needed."""

import json
from pathlib import Path

import pytest

CHART = (
	Path(__file__).resolve().parents[2]
	/ "apps/syndic_maroc/syndic_maroc/chart_of_accounts/syndicat_2_23_700.json"
)
PROPERTY_KEYS = {
	"account_name",
	"account_number",
	"account_type",
	"root_type",
	"is_group",
	"tax_rate",
	"account_currency",
}
ROOT_TYPES = {"Asset", "Liability", "Equity", "Income", "Expense"}
# Account types ERPNext 15 accepts (Account.account_type options).
ACCOUNT_TYPES = {
	"Accumulated Depreciation",
	"Asset Received But Not Billed",
	"Bank",
	"Cash",
	"Chargeable",
	"Capital Work in Progress",
	"Cost of Goods Sold",
	"Current Asset",
	"Current Liability",
	"Depreciation",
	"Direct Expense",
	"Direct Income",
	"Equity",
	"Expense Account",
	"Expenses Included In Asset Valuation",
	"Expenses Included In Valuation",
	"Fixed Asset",
	"Income Account",
	"Indirect Expense",
	"Indirect Income",
	"Liability",
	"Payable",
	"Receivable",
	"Round Off",
	"Round Off for Opening",
	"Stock",
	"Stock Adjustment",
	"Stock Received But Not Billed",
	"Service Received But Not Billed",
	"Tax",
	"Temporary",
}


def load():
	return json.loads(CHART.read_text(encoding="utf-8"))


def flatten(tree):
	out = []

	def walk(children, parent, root_type):
		for label, node in children.items():
			if label in PROPERTY_KEYS:
				continue
			rt = node.get("root_type") or root_type
			sub = {k: v for k, v in node.items() if k not in PROPERTY_KEYS}
			out.append(
				{
					"number": node.get("account_number"),
					"label": label,
					"parent": parent,
					"root_type": rt,
					"is_group": bool(node.get("is_group")) or bool(sub),
					"account_type": node.get("account_type"),
					"explicit_root_type": node.get("root_type"),
				}
			)
			walk(sub, node.get("account_number"), rt)

	walk(tree, None, None)
	return out


@pytest.fixture(scope="module")
def accounts():
	return flatten(load()["tree"])


@pytest.fixture(scope="module")
def by_number(accounts):
	return {a["number"]: a for a in accounts}


def test_chart_document_has_erpnext_shape():
	chart = load()
	assert chart["country_code"] == "ma"
	assert "2.23.700" in chart["name"]
	assert isinstance(chart["tree"], dict) and chart["tree"]


def test_every_account_has_a_unique_number(accounts):
	numbers = [a["number"] for a in accounts]
	assert all(numbers), [a["label"] for a in accounts if not a["number"]]
	assert all(n.isdigit() for n in numbers)
	assert len(numbers) == len(set(numbers))


def test_parents_exist_and_numbers_extend_the_parent_number(accounts, by_number):
	for account in accounts:
		parent = account["parent"]
		if parent is None:
			continue
		assert parent in by_number
		assert by_number[parent]["is_group"]
		assert account["number"].startswith(parent), (account["number"], parent)
		assert len(account["number"]) > len(parent)


def test_roots_carry_a_root_type_and_group_flag(accounts):
	roots = [a for a in accounts if a["parent"] is None]
	assert {a["root_type"] for a in roots} == ROOT_TYPES
	for root in roots:
		assert root["explicit_root_type"] in ROOT_TYPES
		assert root["is_group"]
	# only roots declare a root_type: ERPNext takes it from the parent for the others
	assert all(a["explicit_root_type"] is None for a in accounts if a["parent"] is not None)


def test_account_types_are_valid_erpnext_types_and_only_on_leaves(accounts):
	for account in accounts:
		if account["account_type"]:
			assert account["account_type"] in ACCOUNT_TYPES, account
			assert not account["is_group"], account


@pytest.mark.parametrize(
	"number, account_type, root_type",
	[
		("5121", "Bank", "Asset"),
		("5161", "Cash", "Asset"),
		("3421", "Receivable", "Asset"),
		("3422", "Receivable", "Asset"),
		("3423", "Receivable", "Asset"),
		("3424", "Receivable", "Asset"),
		("4411", "Payable", "Liability"),
		("4421", "Receivable", "Liability"),
		("7111", "Income Account", "Income"),
		("7112", "Income Account", "Income"),
		("65158", "Round Off", "Expense"),
	],
)
def test_key_accounts_have_their_erpnext_types(by_number, number, account_type, root_type):
	account = by_number[number]
	assert account["account_type"] == account_type
	assert account["root_type"] == root_type
	assert not account["is_group"]


def test_decree_key_accounts_are_present(by_number):
	# MOROCCO.md §3.1 (décret 2.23.700, annex 2 art. 6)
	expected = """1111 1112 1191 1199 1311 1511 1512 1513 1514 3411 3412 3413 3421 3422 3423 3424 3451 3452
	3481 3491 3497 3942 3943 4411 4412 4413 4421 4431 4441 4442 4452 4453 4481 4491 4492 4497 5111 5112
	5121 5122 5161 5541 6111 6112 6113 6114 6115 6116 6121 6131 6132 6133 6134 6135 6136 6137 6138 6140
	6141 6142 6143 6144 6161 6171 6172 6173 6174 6511 6512 6513 6514 6515 691 7111 7112 7113 7121 7122
	7123 7124 7125 7511 7512 7513 7514 7515 791""".split()
	missing = [n for n in expected if n not in by_number]
	assert not missing


def test_classes_map_to_balance_sheet_and_profit_and_loss(accounts):
	for account in accounts:
		cls = account["number"][0]
		if cls in "6":
			assert account["root_type"] == "Expense"
		elif cls == "7":
			assert account["root_type"] == "Income"
		elif cls in "345":
			assert account["root_type"] in {"Asset", "Liability"}
		elif cls == "1":
			assert account["root_type"] in {"Equity", "Liability"}
	# a bank with a credit balance is a liability, never netted with 5121 (annex 2 art. 8)
	assert next(a for a in accounts if a["number"] == "5541")["root_type"] == "Liability"


def test_accounts_the_money_cycle_posts_to_are_leaves(by_number):
	from syndic_maroc.core.finance import chart

	numbers = {
		chart.BANK,
		chart.CASH,
		chart.RECEIVABLE_CURRENT,
		chart.RECEIVABLE_BEFORE_VOTE,
		chart.RECEIVABLE_WORKS,
		chart.RECEIVABLE_DOUBTFUL,
		chart.ADVANCES,
		chart.SUPPLIERS,
		chart.INCOME_CURRENT,
		chart.INCOME_WORKS,
		chart.INCOME_ADVANCES,
		chart.RESERVE_UNFORESEEN,
		chart.RESERVE_PLANNED,
	}
	numbers |= {account for account, _kind in chart.BUDGET_CATEGORIES.values()}
	for number in numbers:
		assert number in by_number, number
		assert not by_number[number]["is_group"], number


def test_labels_are_french_and_unique_among_siblings():
	tree = load()["tree"]

	def walk(children):
		labels = [k for k in children if k not in PROPERTY_KEYS]
		assert len(labels) == len(set(labels))
		for label in labels:
			assert label.strip() == label and label
			walk(children[label])

	walk(tree)
	flat = {a["number"]: a["label"] for a in flatten(tree)}
	assert flat["5121"] == "Banques"
	assert flat["5161"] == "Caisse"
	assert flat["4411"] == "Fournisseurs"

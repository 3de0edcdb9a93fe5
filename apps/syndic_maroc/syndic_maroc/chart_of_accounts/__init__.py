"""The syndicat chart of accounts of décret 2.23.700 (annex 2, art. 6), shipped as ERPNext chart JSON.

The JSON has ERPNext's chart format ({"name", "country_code", "tree"}): every node is keyed
by its French label and carries `account_number`, groups `is_group`, roots `root_type`, and
the accounts ERPNext must recognise an `account_type` (5121 Bank, 5161 Cash, 3421–3424
Receivable, 4411 Payable…). Pure Python: no frappe import here.
"""

import json
from functools import lru_cache
from pathlib import Path

CHART_FILE = Path(__file__).with_name("syndicat_2_23_700.json")
PROPERTY_KEYS = (
	"account_name",
	"account_number",
	"account_type",
	"root_type",
	"is_group",
	"tax_rate",
	"account_currency",
)


@lru_cache(maxsize=1)
def _load() -> str:
	return CHART_FILE.read_text(encoding="utf-8")


def load_chart() -> dict:
	"""The whole chart document (a fresh copy)."""
	return json.loads(_load())


def chart_name() -> str:
	return load_chart()["name"]


def chart_tree() -> dict:
	"""The account tree as ERPNext's `create_charts(custom_chart=...)` expects it."""
	return load_chart()["tree"]


def iter_accounts(tree: dict | None = None):
	"""Yield every account as a flat dict: number, name, parent (number), root_type, is_group, account_type."""

	def walk(children, parent, root_type):
		for label, node in children.items():
			if label in PROPERTY_KEYS:
				continue
			rt = node.get("root_type") or root_type
			sub = {k: v for k, v in node.items() if k not in PROPERTY_KEYS}
			yield {
				"number": node.get("account_number"),
				"name": label,
				"parent": parent,
				"root_type": rt,
				"is_group": bool(node.get("is_group")) or bool(sub),
				"account_type": node.get("account_type"),
			}
			yield from walk(sub, node.get("account_number"), rt)

	yield from walk(tree if tree is not None else chart_tree(), None, None)

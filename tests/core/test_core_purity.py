"""core/ must stay pure Python: no frappe, no third-party import (DESIGN.md §3)."""

import ast
import sys
from pathlib import Path

import syndic_maroc.core

CORE = Path(syndic_maroc.core.__file__).parent
MINE = ["allocation", "amounts", "dates", "errors", "identifiers", "text", "weights"]


def _imports(path: Path) -> set[str]:
	tree = ast.parse(path.read_text(encoding="utf-8"))
	names = set()
	for node in ast.walk(tree):
		if isinstance(node, ast.Import):
			names.update(alias.name for alias in node.names)
		elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
			names.add(node.module)
	return names


def _third_party(path: Path) -> list[str]:
	return sorted(
		name
		for name in _imports(path)
		if name.split(".")[0] not in sys.stdlib_module_names and not name.startswith("syndic_maroc.core")
	)


def test_nothing_under_core_imports_frappe():
	offenders = {
		str(path.relative_to(CORE)): bad
		for path in sorted(CORE.rglob("*.py"))
		if (bad := [n for n in _third_party(path) if n.split(".")[0] in ("frappe", "erpnext")])
	}
	assert offenders == {}


def test_the_parsing_and_allocation_modules_use_the_standard_library_only():
	assert {name: _third_party(CORE / f"{name}.py") for name in MINE} == {name: [] for name in MINE}


def test_the_domain_modules_exist_and_import():
	import importlib

	for name in MINE:
		assert (CORE / f"{name}.py").exists()
		importlib.import_module(f"syndic_maroc.core.{name}")

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


# The reading layer of intake (and the file checks it shares with finance) is frappe-free too:
# benchmarks and core tests run it without a bench (DESIGN.md §2).
APP = CORE.parent
READING = [
	*sorted((APP / "intake" / "reading").rglob("*.py")),
	APP / "intake" / "__init__.py",
	APP / "utils" / "files.py",
]
READING_MAY_IMPORT = ("syndic_maroc.core", "syndic_maroc.intake.reading", "syndic_maroc.utils.files")


def test_the_intake_reading_layer_imports_no_frappe():
	offenders = {
		str(path.relative_to(APP)): bad
		for path in READING
		if (bad := [n for n in _imports(path) if n.split(".")[0] in ("frappe", "erpnext")])
	}
	assert len(READING) > 8 and offenders == {}


def test_the_intake_reading_layer_uses_no_frappe_layer_module():
	offenders = {
		str(path.relative_to(APP)): bad
		for path in READING
		if (
			bad := [
				n
				for n in _imports(path)
				if n.startswith("syndic_maroc") and not n.startswith(READING_MAY_IMPORT)
			]
		)
	}
	assert offenders == {}


def test_the_intake_reading_layer_imports_without_frappe():
	import subprocess

	code = (
		"import sys; sys.modules['frappe'] = None\n"  # any `import frappe` now fails
		"import syndic_maroc.intake.reading.pipeline, syndic_maroc.intake.reading.reader, "
		"syndic_maroc.utils.files"
	)
	done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
	assert done.returncode == 0, done.stderr[-2000:]

"""The layout shows the architecture: each top-level package of the app sits on a floor, and an
import only goes down to a lower floor (never up, never sideways to a peer: a module reacts to
another's DocType through doc_events in hooks.py). The floors are the README's "Layout" section.
Read from the source (every import, also those inside functions), no bench needed."""

import ast
from pathlib import Path

import syndic_maroc

APP = Path(syndic_maroc.__file__).parent

FLOORS = {
	"core": 0,  # pure Python, no frappe (test_core_purity.py)
	"chart_of_accounts": 0,
	"utils": 1,  # errors, files, erpnext_compat, pdf, …
	"registry": 2,  # Residence (owns its Company), Building, Unit, Co-owner, Allocation Key
	"finance": 3,
	"intake": 3,
	"portal": 4,  # the co-owner portal: who the user is, page contexts (modules add their pages)
	"assembly": 5,
	"operations": 5,
	"assistant": 6,  # reads the others as the asking user
	"oversight": 6,  # dashboards, alerts, payer risk, the six-monthly position: reads the books
	"demo": 7,
	"setup": 7,  # install and site setup
	"patches": 8,
	"api": 8,
	"www": 8,
	"commands": 8,
	"config": 8,
	"hooks": 8,
	"wsgi": 8,
	"templates": 8,
}


def package_of(path: Path) -> str:
	return path.relative_to(APP).parts[0].removesuffix(".py")


def app_imports(path: Path) -> set[str]:
	"""The app's top-level packages that `path` imports (absolute imports; relative ones stay in
	the package)."""
	names = set()
	for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
		modules = []
		if isinstance(node, ast.Import):
			modules = [alias.name for alias in node.names]
		elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
			modules = [node.module]
		names |= {m.split(".")[1] for m in modules if m.startswith("syndic_maroc.")}
	return names


def sources() -> list[Path]:
	return sorted(p for p in APP.rglob("*.py") if p.relative_to(APP).parts[0] != "__init__.py")


def test_every_package_has_a_floor():
	assert {package_of(p) for p in sources()} - set(FLOORS) == set()


def test_no_import_goes_up_or_sideways():
	wrong = {}
	for path in sources():
		here = package_of(path)
		for there in app_imports(path) - {here}:
			if FLOORS.get(there, 99) >= FLOORS.get(here, -1):
				wrong.setdefault(str(path.relative_to(APP)), []).append(there)
	assert wrong == {}

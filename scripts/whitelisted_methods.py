"""List every whitelisted method of Frappe, ERPNext and syndic_maroc, reproducibly.

A method becomes whitelisted when its module is imported (``@frappe.whitelist`` fills
``frappe.whitelisted``), and ``/api/method/<dotted.path>`` imports any module on demand: so
every importable module counts, patches included; test modules are refused by the method gate
(syndic_maroc.utils.method_gate), so they are left out. This imports every other module of the
three apps, then prints one line per whitelisted callable:

        dotted.path<TAB>kind<TAB>guest<TAB>http methods<TAB>hint

kind: ``function`` (reachable at /api/method/<path>) or ``doc_method`` (a DocType controller
method, reachable only through run_doc_method, which checks read permission on the document).
hint: what the source shows, a first triage only (``checks`` = it calls a permission check or
goes through frappe.get_list/reportview; ``raw`` = it reads the database without one).

Run with the bench's Python from ``sites/`` (no site connection is needed):
        cd sites && ../env/bin/python ../scripts/whitelisted_methods.py [--json]
The security tests (tests/site/security/) use the same function, ``enumerate_whitelisted``.
"""

import importlib
import inspect
import json
import pkgutil
import re
import sys
import warnings

APPS = ("frappe", "erpnext", "syndic_maroc")

_CHECKS = re.compile(
	r"has_permission|check_permission|only_for|frappe\.get_list|get_list\(|DatabaseQuery|"
	r"reportview|throw_permission_error|is_system_manager|has_website_permission|"
	r"validate_permission|check_permissions|frappe\.has_permission|PermissionError"
)
_RAW = re.compile(r"frappe\.db\.|frappe\.get_all|get_cached_value|ignore_permissions|frappe\.qb|get_doc\(")


def import_all(apps=APPS) -> list[str]:
	"""Import every module of `apps` but their test modules; return those that failed to import."""
	from syndic_maroc.utils import method_gate

	failed = []
	for app in apps:
		package = importlib.import_module(app)
		for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
			name = info.name
			if ".node_modules" in name or (name.endswith(".setup") and app != "syndic_maroc"):
				continue
			if method_gate.in_test_module(f"{name}.x"):  # refused by the gate, see its docstring
				continue
			try:
				with warnings.catch_warnings():
					warnings.simplefilter("ignore")
					importlib.import_module(name)
			except (Exception, SystemExit):  # a module that cannot import cannot be called either
				failed.append(name)
	return failed


def _hint(fn) -> str:
	try:
		source = inspect.getsource(fn)
	except (OSError, TypeError):
		return "nosource"
	if _CHECKS.search(source):
		return "checks"
	if _RAW.search(source):
		return "raw"
	return "plain"


def enumerate_whitelisted(apps=APPS) -> list[dict]:
	"""One record per name under which a whitelisted callable of `apps` can be called.

	Names come from the modules' namespaces, not from the function: a decorated function keeps
	its wrapper's name, and a function imported into another module is callable under that
	module's name too (``alias_of`` then names the module that defines it).
	"""
	import frappe
	from syndic_maroc.utils import method_gate

	import_all(apps)
	whitelisted = {id(fn) for fn in frappe.whitelisted}
	guest = {id(fn) for fn in frappe.guest_methods}
	rows = {}

	def add(path, fn, kind):
		module = sys.modules.get(path.rsplit(".", 2 if kind == "doc_method" else 1)[0])
		home = getattr(inspect.unwrap(fn), "__module__", "") or ""
		rows[path] = {
			"method": path,
			"kind": kind,
			"guest": id(fn) in guest,
			"http": ",".join(frappe.allowed_http_methods_for_whitelisted_func.get(fn) or []),
			"hint": _hint(inspect.unwrap(fn)),
			"alias_of": "" if module is None or home == module.__name__ else home,
		}

	for name, module in sorted(sys.modules.items()):
		if module is None or name.split(".")[0] not in apps:
			continue
		if method_gate.in_test_module(f"{name}.x"):  # imported by another module: still refused
			continue
		for attr, value in list(vars(module).items()):
			if inspect.isclass(value):
				if value.__module__ != name:
					continue
				for method_name, member in vars(value).items():
					fn = getattr(member, "__func__", member)
					if callable(fn) and id(fn) in whitelisted:
						add(f"{name}.{attr}.{method_name}", fn, "doc_method")
			elif callable(value) and id(value) in whitelisted:
				add(f"{name}.{attr}", value, "function")
	return [rows[k] for k in sorted(rows)]


CLASSES = {
	"own": "syndic_maroc's own: checks permission itself (tests/site/security)",
	"override": "replaced by syndic_maroc.api.frappe_overrides (hooks override_whitelisted_methods)",
	"override-alias": "the original of an overridden method under another module's name: refused to all",
	"guest-ok": "open to Guests, reviewed: discloses no other party's data",
	"guest-refused": "open to Guests in Frappe/ERPNext, refused by the gate (utils.method_gate)",
	"website": "desk method a logged-in portal user needs (utils.method_gate.WEBSITE_USER_METHODS)",
	"doc": "DocType controller method: run_doc_method checks the document's permission",
	"staff-checked": "desk method with its own permission check; refused to website users",
	"staff": "desk method without a visible check; refused to Guests and website users",
}


def classify(records: list[dict]) -> list[dict]:
	"""A first classification (to review by hand before it goes into the table)."""
	import frappe
	from syndic_maroc.utils import method_gate

	overridden = {
		name
		for name, targets in (frappe.get_hooks("override_whitelisted_methods") or {}).items()
		if targets and targets[-1].startswith("syndic_maroc.")
	}
	originals = method_gate.replaced_originals()
	for r in records:
		path, fn = r["method"], None
		try:
			fn = frappe.get_attr(path) if r["kind"] == "function" else None
		except Exception:  # then it is classified by name alone
			fn = None
		home = r["alias_of"] or path
		if r["kind"] == "doc_method":
			cls = "doc"
		elif home.startswith("syndic_maroc."):
			cls = "own"
		elif path in overridden:
			cls = "override"
		elif fn is not None and id(method_gate._unwrapped(fn)) in originals:
			cls = "override-alias"
		elif r["guest"]:
			cls = "guest-refused" if home in method_gate.GUEST_REFUSED else "guest-ok"
		elif path in method_gate.WEBSITE_USER_METHODS:
			cls = "website"
		else:
			cls = "staff-checked" if r["hint"] == "checks" else "staff"
		r["class"] = cls
	return records


def main(argv: list[str]) -> int:
	import frappe

	site = argv[argv.index("--site") + 1] if "--site" in argv else ""
	frappe.init(site=site, sites_path=".")
	# imported without a database connection: some test modules write fixtures when imported
	# connected (those that need one at import are left out, here and in the tests alike)
	records = enumerate_whitelisted()
	if site:  # --tsv reads the site's hooks
		frappe.connect()
	if "--tsv" in argv:
		print("method\tkind\tguest\tclass\talias_of")
		for r in classify(records):
			guest = "guest" if r["guest"] else "-"
			print(f"{r['method']}\t{r['kind']}\t{guest}\t{r['class']}\t{r['alias_of']}")
		return 0
	if "--json" in argv:
		json.dump(records, sys.stdout, indent=1)
		print()
		return 0
	for r in records:
		guest = "guest" if r["guest"] else "-"
		print(f"{r['method']}\t{r['kind']}\t{guest}\t{r['http']}\t{r['hint']}\t{r['alias_of']}")
	functions = [r for r in records if r["kind"] == "function"]
	print(
		f"# {len(records)} whitelisted names, {len(functions)} at /api/method "
		f"({sum(bool(r['alias_of']) for r in functions)} aliases), "
		f"{sum(r['guest'] for r in records)} open to Guest",
		file=sys.stderr,
	)
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))

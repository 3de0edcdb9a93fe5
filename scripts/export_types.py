"""Write the generated type blocks (`# begin: auto-generated types`) of the app's DocType
controllers from the DocType JSON files: what Frappe does on save in developer mode when hooks.py
sets `export_python_type_annotations`, for every DocType at once (after editing JSON by hand).

Run with the bench's Python from the bench's sites/ folder:

	../env/bin/python ../scripts/export_types.py SITE [MODULE_DIR ...]   # e.g. finance intake

MODULE_DIR limits it to folders of the app (default: every DocType of the app). With
`--out FILE` nothing is written: FILE gets {controller path: new source} (JSON), for a bench user
who may not write the source tree.
"""

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "apps" / "syndic_maroc" / "syndic_maroc"


def doctype_files(modules: list[str]) -> list[Path]:
	roots = [APP / m for m in modules] if modules else [APP]
	return sorted(p for root in roots for p in root.glob("**/doctype/*/*.json") if p.stem == p.parent.name)


def new_source(doctype_json: Path) -> tuple[Path, str] | None:
	import frappe
	from frappe.types.exporter import TypeExporter

	controller = doctype_json.with_suffix(".py")
	if not controller.exists():
		return None
	doc = frappe.get_doc(json.loads(doctype_json.read_text(encoding="utf-8")))
	exporter = TypeExporter(doc)
	with tempfile.TemporaryDirectory() as tmp:
		copy = Path(tmp) / controller.name
		shutil.copyfile(controller, copy)
		exporter.controller_path = copy  # the exporter writes here; the source is compared after
		exporter.export_types()
		return controller, copy.read_text(encoding="utf-8")


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("site")
	parser.add_argument("modules", nargs="*")
	parser.add_argument("--out")
	args = parser.parse_args()

	import frappe

	frappe.init(site=args.site)
	frappe.connect()
	changed = {}
	try:
		for path in doctype_files(args.modules):
			found = new_source(path)
			if found and found[1] != found[0].read_text(encoding="utf-8"):
				changed[str(found[0])] = found[1]
	finally:
		frappe.destroy()
	if args.out:
		Path(args.out).write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
	else:
		for path, source in changed.items():
			Path(path).write_text(source, encoding="utf-8")
	print(f"{len(changed)} controller(s) {'to update' if args.out else 'updated'}")
	return 0


if __name__ == "__main__":
	sys.exit(main())

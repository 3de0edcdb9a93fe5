"""Every whitelisted method of the app annotates its parameters (hooks.py sets
`require_type_annotated_api_methods`; Frappe 15 validates the values it receives against the
annotations): read from the source, no bench needed."""

import ast
from pathlib import Path

import syndic_maroc

APP = Path(syndic_maroc.__file__).parent


def _whitelisted(tree: ast.AST):
	for node in ast.walk(tree):
		if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
			"whitelist" in ast.unparse(decorator) for decorator in node.decorator_list
		):
			yield node


def _unannotated(node: ast.FunctionDef) -> list[str]:
	args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]  # not *args, **kwargs
	return [a.arg for a in args if a.annotation is None and a.arg not in ("self", "cls")]


def test_every_whitelisted_method_annotates_its_parameters():
	found, missing = 0, {}
	for path in sorted(APP.rglob("*.py")):
		for node in _whitelisted(ast.parse(path.read_text(encoding="utf-8"))):
			found += 1
			if names := _unannotated(node):
				missing[f"{path.relative_to(APP)}:{node.lineno} {node.name}"] = names
	assert found > 20 and missing == {}


def test_module_level_endpoints_live_in_api():
	"""Module-level whitelisted functions are in api/<area>.py; a Document's own methods (called
	by the desk with frm.call) stay on their controller, as Frappe does."""
	outside = []
	for path in sorted(APP.rglob("*.py")):
		if path.relative_to(APP).parts[0] == "api":
			continue
		tree = ast.parse(path.read_text(encoding="utf-8"))
		methods = {id(n) for c in ast.walk(tree) if isinstance(c, ast.ClassDef) for n in c.body}
		outside += [
			f"{path.relative_to(APP)}:{node.lineno} {node.name}"
			for node in _whitelisted(tree)
			if id(node) not in methods
		]
	assert outside == []

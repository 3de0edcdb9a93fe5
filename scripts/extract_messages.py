#!/usr/bin/env python3
"""Collects every translatable string of syndic_maroc and checks the French and Arabic catalogues.

Frappe 15 loads an app's translations from two places (frappe/translate.py,
get_translations_from_apps): the CSV `<app>/translations/<lang>.csv` and the gettext catalogue
`<app>/locale/<lang>.po`, compiled by `bench build` (or `bench compile-po-to-mo`) to
`sites/assets/locale/<lang>/LC_MESSAGES/<app>.mo`; the gettext one wins. syndic_maroc ships
gettext catalogues only: `syndic_maroc/locale/{fr,ar}.po` plus the template `main.pot`.

What is collected (the same sources as `bench generate-pot-file`, without needing Frappe):
- DocType JSON: DocType name and description, field labels and descriptions, Select options,
  HTML field contents, connection groups, permission roles;
- custom fields defined in Python (dict literals with "fieldtype" and "label") or in fixtures;
- Workspace JSON: label, link/card/shortcut labels, header and paragraph texts;
- Report JSON: report name; modules.txt: module names;
- Print Format JSON: `_("...")` in the Jinja `html`;
- `_("...")`, `_lt("...")`, `frappe._("...")` in .py (context from `context=` or 3rd argument);
- `__("...")` in .js / .vue / .html, `_("...")` in Jinja templates.

English is the source language: every msgid is English, fr.po maps it to French, ar.po to Arabic.

Overrides: at the end of fr.po / ar.po, entries marked `#. Override of a Frappe/ERPNext message`
re-translate strings that Frappe or ERPNext show to a syndic (General Ledger, Trial Balance,
"Submitted"...) where their own French or Arabic is missing or wrong. They win because Frappe
loads the apps in install order, frappe then erpnext then syndic_maroc, each app's CSV then its
MO file updating one dict (frappe/translate.py, get_translations_from_apps). They are kept by
--update and checked to exist in the Frappe/ERPNext sources when those are on the bench.

Incoming strings: other work adds `locale/incoming/<area>.csv` (header `msgid,fr,ar`) for its new
messages; --merge-incoming moves them into fr.po / ar.po and deletes the CSV once every row of it
is merged (a row whose msgid the app does not use yet stays in its CSV).

Usage (no Frappe needed, standard library only):
	python scripts/extract_messages.py                    # check: exit 1 on a missing or orphan entry
	python scripts/extract_messages.py --list             # print the messages and where they come from
	python scripts/extract_messages.py --update           # write main.pot, add new messages to fr/ar.po
	python scripts/extract_messages.py --merge-incoming   # merge locale/incoming/*.csv, then --update
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import re
import string
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "apps" / "syndic_maroc" / "syndic_maroc"
LOCALE = APP / "locale"
LANGUAGES = ("fr", "ar")
UPSTREAM = (REPO / "apps" / "frappe" / "frappe", REPO / "apps" / "erpnext" / "erpnext")
OVERRIDE_MARK = "#. Override of a Frappe/ERPNext message"

SKIP_DIRS = {"__pycache__", "node_modules", "dist", "locale", "translations", ".git"}
EXCLUDE_SELECT_FIELDS = {"naming_series", "number_format", "float_precision", "currency_precision"}

Key = tuple[str | None, str]  # (msgctxt, msgid)


# --- extraction ---------------------------------------------------------------------------------


def extract(app: Path = APP) -> dict[Key, list[str]]:
	"""{(context, message): [locations]} for every translatable string of the app, sorted."""
	found: dict[Key, list[str]] = {}

	def add(message, where: str, context: str | None = None) -> None:
		if not isinstance(message, str) or not message.strip():
			return
		found.setdefault((context, message), []).append(where)

	for path in _walk(app):
		rel = path.relative_to(app.parent).as_posix()
		try:
			if path.suffix == ".json":
				for message, context, _line in _from_json(path):
					add(message, rel, context)
			elif path.suffix == ".py":
				for message, context, line in _from_python(path):
					add(message, f"{rel}:{line}", context)
			elif path.suffix in (".js", ".vue"):
				for message, context, line in _from_js(path.read_text(encoding="utf-8")):
					add(message, f"{rel}:{line}", context)
			elif path.suffix == ".html":
				for message, context, line in _from_template(path.read_text(encoding="utf-8")):
					add(message, f"{rel}:{line}", context)
		except (SyntaxError, json.JSONDecodeError, UnicodeDecodeError) as e:
			raise SystemExit(f"cannot read {rel}: {e}") from e
	modules = app / "modules.txt"
	if modules.exists():
		for line in modules.read_text(encoding="utf-8").splitlines():
			add(line.strip(), "modules.txt")
	return dict(sorted(found.items(), key=lambda kv: (kv[0][1], kv[0][0] or "")))


def _walk(root: Path) -> Iterator[Path]:
	for path in sorted(root.iterdir()):
		if path.name.startswith(".") or path.name in SKIP_DIRS:
			continue
		if path.is_dir():
			yield from _walk(path)
		elif path.suffix in (".json", ".py", ".js", ".vue", ".html"):
			yield path


def _from_json(path: Path):
	data = json.loads(path.read_text(encoding="utf-8"))
	items = data if isinstance(data, list) else [data]
	for item in items:
		if not isinstance(item, dict):
			continue
		kind = item.get("doctype")
		if "custom_fields" in item:  # <module>/custom/<doctype>.json, synced on migrate
			for field in item.get("custom_fields") or []:
				yield from _from_field(field)
		elif kind == "DocType":
			yield from _from_doctype(item)
		elif kind == "Workspace":
			yield from _from_workspace(item)
		elif kind == "Report":
			yield item.get("report_name"), None, 0
		elif kind in ("Custom Field", "Property Setter") or ("fieldtype" in item and "label" in item):
			yield from _from_field(item)
		elif kind in ("Number Card", "Dashboard Chart"):
			yield item.get("label") or item.get("chart_name"), None, 0
		elif kind == "Role":
			yield item.get("role_name"), None, 0
		elif kind == "Print Format":
			yield from _from_print_format(item)


def _from_print_format(data: dict):
	"""Jinja `_("...")` calls in the `html` of a Print Format (the print format name is not shown)."""
	html = data.get("html")
	if isinstance(html, str) and html:
		yield from _from_template(html)


def _from_field(field: dict):
	yield field.get("label"), None, 0
	yield field.get("description"), None, 0
	options = field.get("options")
	if isinstance(options, str) and options:
		if field.get("fieldtype") == "Select" and field.get("fieldname") not in EXCLUDE_SELECT_FIELDS:
			values = [o for o in options.split("\n") if o and not o.isdigit()]
			if not (values and "icon" in values[0]):
				for option in values:
					yield option, None, 0
		elif field.get("fieldtype") == "HTML":
			yield options, None, 0


def _from_doctype(data: dict):
	yield data.get("name"), None, 0
	yield data.get("description"), None, 0
	for field in data.get("fields", []):
		yield from _from_field(field)
	for link in data.get("links", []):
		yield link.get("group"), None, 0
		yield link.get("link_doctype"), None, 0
	for perm in data.get("permissions", []):
		yield perm.get("role"), None, 0


def _from_workspace(data: dict):
	yield data.get("label"), None, 0
	yield data.get("title"), None, 0
	for key in ("charts", "number_cards", "links", "shortcuts", "quick_lists", "custom_blocks"):
		for item in data.get(key, []):
			yield item.get("label"), None, 0
			yield item.get("description"), None, 0
			yield item.get("format"), None, 0
	for block in json.loads(data.get("content") or "[]"):
		if block.get("type") in ("header", "paragraph"):
			text = (block.get("data") or {}).get("text")
			yield text, None, 0
			plain = re.sub(r"<[^>]+>", "", text or "").strip()
			if plain and plain != text:
				yield plain, None, 0


_PY_FUNCS = {"_", "_lt"}


def _from_python(path: Path):
	tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
	names = _module_constants(tree)
	for node in ast.walk(tree):
		if isinstance(node, ast.Call):
			func = node.func
			name = (
				func.id
				if isinstance(func, ast.Name)
				else (
					func.attr
					if isinstance(func, ast.Attribute)
					and isinstance(func.value, ast.Name)
					and func.value.id == "frappe"
					else None
				)
			)
			if name not in _PY_FUNCS or not node.args:
				continue
			message = _const_str(node.args[0])
			if message is None:
				continue
			context = None
			if len(node.args) >= 3:
				context = _const_str(node.args[2])
			for kw in node.keywords:
				if kw.arg == "context":
					context = _const_str(kw.value)
			yield message, context, node.lineno
		elif isinstance(node, ast.Dict):
			# custom field definitions: {"fieldname": ..., "fieldtype": ..., "label": ...}
			keys = [_const_str(k) if k is not None else None for k in node.keys]
			if "fieldtype" in keys and "label" in keys:
				field = {k: _const_str(v, names) for k, v in zip(keys, node.values, strict=True) if k}
				for message, context, _line in _from_field(field):
					yield message, context, node.lineno


def _module_constants(tree: ast.Module) -> dict[str, object]:
	"""Module-level NAME = "str" / ("a", "b") / ["a", "b"] assignments (for computed options)."""
	names: dict[str, object] = {}
	for node in tree.body:
		if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
			value = node.value
			if isinstance(value, ast.Tuple | ast.List):
				items = [_const_str(e) for e in value.elts]
				if all(i is not None for i in items):
					names[node.targets[0].id] = items
			elif (text := _const_str(value)) is not None:
				names[node.targets[0].id] = text
	return names


def _const_str(node, names: dict | None = None) -> str | None:
	"""The string value of a literal, "a" + "b", or (with `names`) "sep".join(CONSTANT_TUPLE)."""
	if isinstance(node, ast.Constant) and isinstance(node.value, str):
		return node.value
	if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
		left, right = _const_str(node.left, names), _const_str(node.right, names)
		return left + right if left is not None and right is not None else None
	if names is None:
		return None
	if isinstance(node, ast.Name) and isinstance(names.get(node.id), str):
		return names[node.id]
	if (
		isinstance(node, ast.Call)
		and isinstance(node.func, ast.Attribute)
		and node.func.attr == "join"
		and len(node.args) == 1
		and not node.keywords
	):
		sep = _const_str(node.func.value)
		arg = node.args[0]
		items = names.get(arg.id) if isinstance(arg, ast.Name) else None
		if isinstance(arg, ast.Tuple | ast.List):
			items = [_const_str(e) for e in arg.elts]
		if sep is not None and isinstance(items, list) and all(isinstance(i, str) for i in items):
			return sep.join(items)
	return None


# JS: a small tokenizer that knows strings, template strings and comments well enough to find
# __("literal", [args], "context") calls.
_JS_TOKEN = re.compile(
	r"""
	(?P<comment>//[^\n]*|/\*.*?\*/)
	|(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)
	|(?P<name>[A-Za-z_$][\w$]*)
	|(?P<op>[(),\[\]{}+])
	|(?P<other>\S)
	""",
	re.S | re.X,
)


def _js_unquote(token: str) -> str | None:
	body = token[1:-1]
	if token[0] == "`" and "${" in body:
		return None
	try:
		return ast.literal_eval('"' + body.replace('"', '\\"').replace("\\'", "'").replace("\\`", "`") + '"')
	except (SyntaxError, ValueError):
		return body


def _template_expressions(token: str) -> Iterator[tuple[int, str]]:
	"""(offset, code) of each ${...} of a JS template literal, nested braces and strings skipped."""
	i = token.find("${")
	while i != -1:
		depth, j, quote = 1, i + 2, None
		while j < len(token) and depth:
			c = token[j]
			if quote:
				if c == "\\":
					j += 1
				elif c == quote:
					quote = None
			elif c in "\"'`":
				quote = c
			elif c == "{":
				depth += 1
			elif c == "}":
				depth -= 1
			j += 1
		yield i + 2, token[i + 2 : j - 1]
		i = token.find("${", j)


def _from_js(code: str, funcs: tuple[str, ...] = ("__",)):
	tokens = [
		(m.lastgroup, m.group(), m.start()) for m in _JS_TOKEN.finditer(code) if m.lastgroup != "comment"
	]
	for kind, value, pos in tokens:  # __() inside the ${...} of a template literal
		if kind == "string" and value[0] == "`" and "${" in value:
			for offset, inner in _template_expressions(value):
				line = code.count("\n", 0, pos + offset)
				for message, context, inner_line in _from_js(inner, funcs):
					yield message, context, line + inner_line
	for i, (kind, value, pos) in enumerate(tokens):
		if kind != "name" or value not in funcs or i + 2 >= len(tokens) or tokens[i + 1][1] != "(":
			continue
		if i > 0 and tokens[i - 1][1] in (".", "function"):
			continue
		args: list[str | None] = []
		current: str | None = None
		complex_arg = False
		depth = 0
		for kind2, value2, _pos in tokens[i + 2 :]:
			if value2 in ("(", "[", "{"):
				depth += 1
				complex_arg = True
			elif value2 in (")", "]", "}"):
				if depth == 0:
					args.append(None if complex_arg else current)
					break
				depth -= 1
			elif depth == 0 and value2 == ",":
				args.append(None if complex_arg else current)
				current, complex_arg = None, False
			elif depth == 0 and kind2 == "string":
				text = _js_unquote(value2)
				if text is None:
					complex_arg = True
				else:
					current = (current or "") + text
			elif depth == 0 and value2 != "+":
				complex_arg = True
		if args and args[0]:
			context = args[2] if len(args) >= 3 else None
			yield args[0], context, code.count("\n", 0, pos) + 1


# `lbl(msgid, arabic)`: the bilingual label macro of the print formats, which calls _(msgid).
_TEMPLATE_CALL = re.compile(
	r"""(?<![\w.])(?:_{1,2}|lbl)\(\s*(?P<q>["'])(?P<msg>(?:(?!(?P=q))[^\\]|\\.)*)(?P=q)"""
)
_SCRIPT = re.compile(r"(<script[^>]*>)(.*?)(</script>)", re.S | re.I)


def _from_template(text: str):
	"""Jinja `_("...")` (and the `lbl("...", ...)` label macro) and JS micro-template `__("...")`;
	inline <script> blocks are read as JS."""
	outside = _SCRIPT.sub(lambda m: m.group(1) + " " * len(m.group(2)) + m.group(3), text)
	for m in _TEMPLATE_CALL.finditer(outside):
		yield (
			m.group("msg").replace("\\" + m.group("q"), m.group("q")),
			None,
			text.count("\n", 0, m.start()) + 1,
		)
	for m in _SCRIPT.finditer(text):
		line = text.count("\n", 0, m.start(2))
		for message, context, js_line in _from_js(m.group(2)):
			yield message, context, line + js_line


# --- PO files -----------------------------------------------------------------------------------


def _po_unescape(s: str) -> str:
	out, i = [], 0
	escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
	while i < len(s):
		c = s[i]
		if c == "\\" and i + 1 < len(s):
			out.append(escapes.get(s[i + 1], s[i + 1]))
			i += 2
		else:
			out.append(c)
			i += 1
	return "".join(out)


def _po_escape(s: str) -> str:
	return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


class POEntry:
	__slots__ = ("comments", "context", "flags", "msgid", "msgstr", "obsolete")

	def __init__(self):
		self.comments: list[str] = []
		self.flags: set[str] = set()
		self.context: str | None = None
		self.msgid: str = ""
		self.msgstr: str = ""
		self.obsolete = False


def read_po(path: Path) -> list[POEntry]:
	"""Parse a PO file (msgctxt, msgid, msgstr, multi-line strings, flags, obsolete entries)."""
	entries: list[POEntry] = []
	entry = POEntry()
	field: str | None = None
	started = False

	def finish():
		nonlocal entry, field, started
		if started:
			entries.append(entry)
		entry, field, started = POEntry(), None, False

	for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
		line = raw.strip()
		if not line:
			finish()
			continue
		obsolete = line.startswith("#~")
		if obsolete:
			line = line[2:].strip()
			entry.obsolete = True
			if not line.startswith(("msg", '"')):
				continue
		elif line.startswith("#"):
			if field is not None:
				finish()
			if line.startswith("#,"):
				entry.flags |= {f.strip() for f in line[2:].split(",")}
			else:
				entry.comments.append(raw)
			continue
		match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
		if match:
			keyword, value = match.group(1), _po_unescape(match.group(2))
			if keyword in ("msgctxt", "msgid") and field in ("msgstr", "msgstr[0]"):
				finish()
				entry.obsolete = obsolete
			started = True
			field = keyword
			if keyword == "msgctxt":
				entry.context = value
			elif keyword == "msgid":
				entry.msgid = value
			elif keyword in ("msgstr", "msgstr[0]"):
				entry.msgstr = value
			continue
		if line.startswith('"') and line.endswith('"') and field:
			value = _po_unescape(line[1:-1])
			if field == "msgctxt":
				entry.context = (entry.context or "") + value
			elif field == "msgid":
				entry.msgid += value
			elif field in ("msgstr", "msgstr[0]"):
				entry.msgstr += value
			continue
		raise ValueError(f"{path.name}:{lineno}: cannot parse {raw!r}")
	finish()
	return entries


def catalogue(path: Path) -> dict[Key, str]:
	"""{(context, msgid): msgstr} of the translated, non-fuzzy, non-obsolete entries."""
	return {
		(e.context, e.msgid): e.msgstr
		for e in read_po(path)
		if e.msgid and e.msgstr and not e.obsolete and "fuzzy" not in e.flags
	}


def _po_string(keyword: str, value: str) -> str:
	if "\n" in value[:-1]:
		parts = value.split("\n")
		lines = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
		return f'{keyword} ""\n' + "\n".join(f'"{_po_escape(p)}"' for p in lines) + "\n"
	return f'{keyword} "{_po_escape(value)}"\n'


def _header(lang: str | None) -> str:
	plural = {
		"fr": "nplurals=2; plural=(n > 1);",
		"ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
	}
	lines = [
		"Project-Id-Version: syndic_maroc\n",
		"Report-Msgid-Bugs-To: dev@syndic-maroc.ma\n",
		"Last-Translator: syndic_maroc developers <dev@syndic-maroc.ma>\n",
		"Language-Team: syndic_maroc <dev@syndic-maroc.ma>\n",
		f"Language: {lang}\n" if lang else "",
		"MIME-Version: 1.0\n",
		"Content-Type: text/plain; charset=UTF-8\n",
		"Content-Transfer-Encoding: 8bit\n",
		f"Plural-Forms: {plural[lang]}\n" if lang in plural else "",
		"Generated-By: scripts/extract_messages.py\n",
	]
	title = {"fr": "French", "ar": "Arabic"}.get(lang or "", "Template")
	return (
		f"# syndic_maroc — {title} translations.\n"
		"# Source strings come from the app (scripts/extract_messages.py); keep this file UTF-8.\n"
		+ 'msgid ""\n'
		+ _po_string("msgstr", "".join(lines))
		+ "\n"
	)


def overrides(path: Path) -> list[POEntry]:
	"""The override entries of a catalogue (Frappe/ERPNext messages it re-translates)."""
	if not path.exists():
		return []
	return [
		e
		for e in read_po(path)
		if e.msgid and not e.obsolete and any(c.startswith(OVERRIDE_MARK) for c in e.comments)
	]


def write_po(
	path: Path,
	messages: dict[Key, list[str]],
	translations: dict[Key, str],
	lang: str | None,
	extra: list[POEntry] = (),
	kept_overrides: list[POEntry] = (),
) -> None:
	"""Write a catalogue: one entry per message, with its locations; extra = kept old entries
	(written obsolete); kept_overrides = Frappe/ERPNext messages re-translated, in their section.

	A translation keyed (DocType, msgid) for a message extracted without context is kept as a
	*context variant* right after the plain entry: the desk translates field labels and Select
	options with the DocType as context (`__(label, null, doctype)`), so a variant gives one
	DocType its own wording without changing Frappe's or ERPNext's everywhere else.
	"""
	variants: dict[str, list[tuple[str, str]]] = {}
	for (context, msgid), text in sorted(translations.items(), key=lambda kv: (kv[0][1], kv[0][0] or "")):
		if context is not None and text and (context, msgid) not in messages and (None, msgid) in messages:
			variants.setdefault(msgid, []).append((context, text))
	out = [_header(lang)]
	for (context, msgid), where in messages.items():
		refs = sorted(set(where))
		chunk = "".join(f"#: {ref}\n" for ref in refs[:6])
		if context is not None:
			chunk += _po_string("msgctxt", context)
		chunk += _po_string("msgid", msgid)
		chunk += _po_string("msgstr", translations.get((context, msgid), ""))
		out.append(chunk + "\n")
		if context is None:
			for variant_context, text in variants.get(msgid, []):
				out.append(
					f"#. Wording for the {variant_context} DocType only\n"
					+ _po_string("msgctxt", variant_context)
					+ _po_string("msgid", msgid)
					+ _po_string("msgstr", text)
					+ "\n"
				)
	kept = [e for e in kept_overrides if (e.context, e.msgid) not in messages]
	if kept:
		out.append(
			"# ---------------------------------------------------------------------------------\n"
			"# Overrides: Frappe/ERPNext messages a syndic sees (ledgers, document states) whose own\n"
			"# translation is missing or wrong. Our app loads last, so these win. Kept by --update;\n"
			"# each msgid must exist in the Frappe or ERPNext sources (tests/core/test_translations.py).\n"
			"# ---------------------------------------------------------------------------------\n\n"
		)
	for entry in kept:
		notes = [c for c in entry.comments if c.startswith(OVERRIDE_MARK)] or [OVERRIDE_MARK]
		chunk = "".join(f"{c}\n" for c in notes)
		if entry.context is not None:
			chunk += _po_string("msgctxt", entry.context)
		chunk += _po_string("msgid", entry.msgid)
		chunk += _po_string("msgstr", entry.msgstr if lang else "")
		out.append(chunk + "\n")
	for entry in extra:
		chunk = ""
		if entry.context is not None:
			chunk += _po_string("msgctxt", entry.context)
		chunk += _po_string("msgid", entry.msgid) + _po_string("msgstr", entry.msgstr)
		out.append("".join(f"#~ {line}\n" for line in chunk.splitlines()) + "\n")
	path.write_text("".join(out).rstrip("\n") + "\n", encoding="utf-8")


# --- checks -------------------------------------------------------------------------------------


def placeholders(text: str) -> list[str]:
	"""The str.format fields of a message ({0}, {unit}, {}), sorted, for comparing translations."""
	try:
		return sorted(
			field or "" for _lit, field, _spec, _conv in string.Formatter().parse(text) if field is not None
		)
	except ValueError:
		return ["<malformed>"]


def orphans(messages: dict[Key, list[str]], path: Path) -> list[Key]:
	"""Entries of a catalogue that no source asks for: not an extracted message, not a DocType
	variant of one, not a marked override. Obsolete (#~) entries are comments, not entries."""
	marked = {(e.context, e.msgid) for e in overrides(path)}
	return [
		(e.context, e.msgid)
		for e in read_po(path)
		if e.msgid
		and not e.obsolete
		and (e.context, e.msgid) not in messages
		and (e.context, e.msgid) not in marked
		and not (e.context is not None and (None, e.msgid) in messages)
	]


def upstream_messages(roots: tuple[Path, ...] = UPSTREAM) -> set[str] | None:
	"""msgids Frappe and ERPNext use (their main.pot and translation CSVs), None off a bench."""
	present = [root for root in roots if root.is_dir()]
	if not present:
		return None
	found: set[str] = set()
	for root in present:
		pot = root / "locale" / "main.pot"
		if pot.exists():
			found |= {e.msgid for e in read_po(pot) if e.msgid}
		for table in sorted((root / "translations").glob("*.csv"))[:1] or []:
			with table.open(encoding="utf-8", newline="") as f:
				found |= {row[0] for row in csv.reader(f) if row}
	return found


def _in_sources(msgid: str, roots: tuple[Path, ...] = UPSTREAM) -> bool:
	"""Whether a quoted msgid appears in a .py/.js/.json/.html file of Frappe or ERPNext."""
	needles = [json.dumps(msgid), "'" + msgid.replace("'", "\\'") + "'"]
	for root in roots:
		for path in root.rglob("*"):
			if path.suffix in (".py", ".js", ".json", ".html") and path.is_file():
				text = path.read_text(encoding="utf-8", errors="ignore")
				if any(n in text for n in needles):
					return True
	return False


def unknown_overrides(path: Path, roots: tuple[Path, ...] = UPSTREAM) -> list[str] | None:
	"""Override msgids found neither in Frappe's nor ERPNext's sources (None off a bench)."""
	known = upstream_messages(roots)
	if known is None:
		return None
	return [e.msgid for e in overrides(path) if e.msgid not in known and not _in_sources(e.msgid, roots)]


def check(app: Path = APP, locale: Path | None = None) -> dict[str, dict]:
	"""For each language: missing messages, orphan entries, overrides that shadow one of our own
	messages, and translations whose placeholders differ."""
	locale = locale or app / "locale"
	messages = extract(app)
	report = {}
	for lang in LANGUAGES:
		path = locale / f"{lang}.po"
		translations = catalogue(path) if path.exists() else {}
		missing = [key for key in messages if not translations.get(key)]
		ids = {msgid for _context, msgid in messages}
		marked = overrides(path)
		bad = [
			key
			for key, text in translations.items()
			if (key[1] in ids or key in {(e.context, e.msgid) for e in marked})
			and placeholders(text) != placeholders(key[1])
		]
		report[lang] = {
			"missing": missing,
			"bad_placeholders": bad,
			"orphans": orphans(messages, path) if path.exists() else [],
			"empty_overrides": [(e.context, e.msgid) for e in marked if not e.msgstr],
			"total": len(messages),
			"overrides": len(marked),
		}
	return report


def update(
	app: Path = APP,
	translations_in: dict[str, dict[Key, str]] | None = None,
	overrides_in: dict[str, list[POEntry]] | None = None,
) -> None:
	"""Rewrite main.pot and fr/ar.po from the sources, keeping translations and overrides;
	translations_in = {lang: {key: text}} fills messages that have no translation yet;
	overrides_in = {lang: [entry]} adds overrides of Frappe/ERPNext messages not there yet."""
	locale = app / "locale"
	locale.mkdir(exist_ok=True)
	messages = extract(app)

	def marked(lang: str) -> list[POEntry]:
		have = overrides(locale / f"{lang}.po")
		keys = {(e.context, e.msgid) for e in have}
		return have + [e for e in (overrides_in or {}).get(lang, []) if (e.context, e.msgid) not in keys]

	all_overrides: dict[Key, POEntry] = {}
	for lang in LANGUAGES:
		for e in marked(lang):
			all_overrides.setdefault((e.context, e.msgid), e)
	write_po(locale / "main.pot", messages, {}, None, kept_overrides=list(all_overrides.values()))
	for lang in LANGUAGES:
		path = locale / f"{lang}.po"
		old = read_po(path) if path.exists() else []
		kept = marked(lang)
		keys = {(e.context, e.msgid) for e in kept}
		translations = {(e.context, e.msgid): e.msgstr for e in old if e.msgid and not e.obsolete}
		for key, text in ((translations_in or {}).get(lang) or {}).items():
			if text and not translations.get(key):
				translations[key] = text
		gone = [
			e
			for e in old
			if e.msgid
			and e.msgstr
			and (e.context, e.msgid) not in messages
			and (e.context, e.msgid) not in keys
			and not (e.context is not None and not e.obsolete and (None, e.msgid) in messages)
		]
		write_po(path, messages, translations, lang, gone, kept)


INCOMING_HEADER = ["msgid", "fr", "ar"]


def merge_incoming(app: Path = APP) -> dict[str, list]:
	"""Merge locale/incoming/*.csv (msgid,fr,ar) into fr.po / ar.po, then --update.

	A row is merged when the app uses its msgid and both translations keep its placeholders; an
	existing translation is kept (reported as a conflict when the CSV says otherwise). A row whose
	msgid the app does not use but Frappe or ERPNext does (their sources on the bench) becomes an
	override. A CSV whose rows are all merged is deleted; the rows left (not used anywhere, bad
	placeholders, empty) stay in it.
	"""
	incoming = app / "locale" / "incoming"
	messages = extract(app)
	used = {msgid for (_context, msgid) in messages}
	current = {lang: catalogue(app / "locale" / f"{lang}.po") for lang in LANGUAGES}
	fill: dict[str, dict[Key, str]] = {lang: {} for lang in LANGUAGES}
	new_overrides: dict[str, list[POEntry]] = {lang: [] for lang in LANGUAGES}
	marked = {
		lang: {e.msgid: e.msgstr for e in overrides(app / "locale" / f"{lang}.po")} for lang in LANGUAGES
	}
	upstream: set[str] | None = None
	result: dict[str, list] = {"merged": [], "kept": [], "conflicts": [], "deleted": [], "overrides": []}
	for table in sorted(incoming.glob("*.csv")) if incoming.is_dir() else []:
		with table.open(encoding="utf-8", newline="") as f:
			rows = list(csv.DictReader(f))
		left = []
		for row in rows:
			msgid = (row.get("msgid") or "").strip("\ufeff")
			texts = {lang: (row.get(lang) or "").strip() for lang in LANGUAGES}
			ok = all(texts.values()) and all(placeholders(t) == placeholders(msgid) for t in texts.values())
			if ok and msgid not in used:
				if upstream is None:
					upstream = upstream_messages() or set()
				if msgid in upstream or (upstream and _in_sources(msgid)):
					for lang, text in texts.items():
						have = marked[lang].get(msgid)
						if have and have != text:
							result["conflicts"].append((table.name, lang, msgid, have, text))
						elif not have:
							entry = POEntry()
							entry.msgid, entry.msgstr = msgid, text
							entry.comments = [f"{OVERRIDE_MARK}: from incoming/{table.name}"]
							new_overrides[lang].append(entry)
							marked[lang][msgid] = text
					result["overrides"].append((table.name, msgid))
					continue
				ok = False
			if not ok:
				left.append(row)
				result["kept"].append((table.name, msgid))
				continue
			for lang, text in texts.items():
				have = current[lang].get((None, msgid))
				if have and have != text:
					result["conflicts"].append((table.name, lang, msgid, have, text))
				elif not have:
					fill[lang][(None, msgid)] = text
			result["merged"].append((table.name, msgid))
		if left:
			with table.open("w", encoding="utf-8", newline="") as f:
				writer = csv.DictWriter(f, fieldnames=INCOMING_HEADER, extrasaction="ignore")
				writer.writeheader()
				writer.writerows(left)
		else:
			table.unlink()
			result["deleted"].append(table.name)
	update(app, fill, new_overrides)
	return result


def main(argv: list[str] | None = None) -> int:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--list", action="store_true", help="print every message and where it comes from")
	parser.add_argument(
		"--update", action="store_true", help="write main.pot and add new messages to fr/ar.po"
	)
	parser.add_argument(
		"--merge-incoming",
		action="store_true",
		help="merge locale/incoming/*.csv (msgid,fr,ar) into fr/ar.po, delete the merged CSVs",
	)
	args = parser.parse_args(argv)
	if args.list:
		for (context, msgid), where in extract().items():
			ctx = f" [{context}]" if context else ""
			print(f"{msgid!r}{ctx}  ← {', '.join(sorted(set(where))[:3])}")
	if args.merge_incoming:
		result = merge_incoming()
		print(
			f"incoming: {len(result['merged'])} merged, {len(result['overrides'])} Frappe/ERPNext "
			f"overrides, {len(result['kept'])} left in their CSV"
		)
		for name, msgid in result["kept"]:
			print(f"  left in {name}: {msgid!r} (unused by the app, empty or placeholders differ)")
		for name, lang, msgid, have, text in result["conflicts"]:
			print(f"  conflict {name} [{lang}] {msgid!r}: kept {have!r}, CSV says {text!r}")
		for name in result["deleted"]:
			print(f"  deleted {name}")
	elif args.update:
		update()
	status = 0
	for lang, result in check().items():
		print(
			f"{lang}: {result['total'] - len(result['missing'])}/{result['total']} translated, "
			f"{result['overrides']} Frappe/ERPNext overrides"
		)
		for context, msgid in result["missing"]:
			print(f"  missing: {msgid!r}" + (f" [{context}]" if context else ""))
			status = 1
		for context, msgid in result["orphans"]:
			print(f"  no source: {msgid!r}" + (f" [{context}]" if context else ""))
			status = 1
		for _context, msgid in result["empty_overrides"]:
			print(f"  empty override: {msgid!r}")
			status = 1
		for _context, msgid in result["bad_placeholders"]:
			print(f"  placeholders differ: {msgid!r}")
			status = 1
	return status


if __name__ == "__main__":
	sys.exit(main())

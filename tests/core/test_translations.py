"""Every user-facing string of the app is translated to French and Arabic.

The messages are collected by scripts/extract_messages.py (DocType and workspace JSON, `_()` in
Python, `__()` in JavaScript, templates). A new untranslated string makes this test fail: run
`python scripts/extract_messages.py --update`, then fill the empty msgstr of locale/fr.po and
locale/ar.po.
"""

import importlib.util
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LOCALE = REPO / "apps" / "syndic_maroc" / "syndic_maroc" / "locale"


def _load_script():
	spec = importlib.util.spec_from_file_location(
		"extract_messages", REPO / "scripts" / "extract_messages.py"
	)
	module = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(module)
	return module


em = _load_script()


@pytest.fixture(scope="module")
def messages():
	return em.extract()


@pytest.fixture(scope="module")
def report():
	return em.check()


def test_extraction_finds_the_registry(messages):
	ids = {msgid for _ctx, msgid in messages}
	# DocType names and labels, Select options, workspace labels, server messages
	assert {"Residence", "Unit", "Co-owner", "Allocation Key", "Building"} <= ids
	assert {"Tantiemes", "Apartment", "Parking", "Syndic"} <= ids
	assert any("tantième" in m for m in ids)  # French messages of core/ and the controllers


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_catalogue_parses(lang):
	path = LOCALE / f"{lang}.po"
	entries = em.read_po(path)
	assert entries, f"{path} is empty"
	header = next(e for e in entries if e.msgid == "")
	assert f"Language: {lang}" in header.msgstr
	assert "charset=UTF-8" in header.msgstr
	keys = [(e.context, e.msgid) for e in entries if e.msgid and not e.obsolete]
	assert len(keys) == len(set(keys)), "duplicate msgid in the catalogue"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_message_is_translated(report, lang):
	missing = report[lang]["missing"]
	assert not missing, (
		f"{len(missing)} message(s) without a {lang} translation — run "
		f"`python scripts/extract_messages.py --update` and translate them in locale/{lang}.po: "
		+ "; ".join(repr(m) for _c, m in missing[:20])
	)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_placeholders_are_kept(report, lang):
	"""A translation that drops or renames {0} / {unit} would break str.format at run time."""
	assert not report[lang]["bad_placeholders"]


def test_key_terms():
	fr = em.catalogue(LOCALE / "fr.po")
	ar = em.catalogue(LOCALE / "ar.po")
	expected_fr = {
		"Residence": "Résidence",
		"Unit": "Lot",
		"Co-owner": "Copropriétaire",
		"Allocation Key": "Clé de répartition",
		"Building": "Bâtiment",
		"Tantiemes": "Tantièmes",
	}
	for source, french in expected_fr.items():
		assert fr[(None, source)] == french
	assert ar[(None, "Co-owner")] == "المالك المشترك"
	assert ar[(None, "Unit")] == "الجزء المفرز"


def test_arabic_is_arabic():
	"""Arabic translations are written in Arabic script (identifiers and units aside)."""
	ar = em.catalogue(LOCALE / "ar.po")
	arabic = re.compile(r"[\u0600-\u06FF]")
	latin_only = [
		msgid
		for (_c, msgid), text in ar.items()
		if re.search(r"[A-Za-z]{4,}", msgid) and not arabic.search(text)
	]
	allowed = {"ICE", "RIB", "CIN", "IBAN", "MAD", "IF", "RC"}
	assert [m for m in latin_only if m not in allowed] == []


def test_pot_lists_every_message(messages):
	"""locale/main.pot (the translators' template) lists every message found in the code."""
	pot = {(e.context, e.msgid) for e in em.read_po(LOCALE / "main.pot") if e.msgid and not e.obsolete}
	assert not set(messages) - pot, "run `python scripts/extract_messages.py --update`"


def test_extractors_on_snippets():
	js = """frappe.msgprint(__("Hello {0}", [name])); __('It\\'s', null, "Ctx"); // __("not me")
	frm.add_custom_button(__("A" + "B"), () => {}); obj.__("no"); __(variable);"""
	assert [(m, c) for m, c, _line in em._from_js(js)] == [("Hello {0}", None), ("It's", "Ctx"), ("AB", None)]
	html = """<p>{{ _("Bonjour") }} {{ __('Micro') }}</p>\n<script>\nlet a = __("Dans le script");</script>"""
	found = [(m, line) for m, _c, line in em._from_template(html)]
	assert found == [("Bonjour", 1), ("Micro", 1), ("Dans le script", 3)]


def test_python_extractor(tmp_path):
	source = tmp_path / "mod.py"
	source.write_text(
		'OPTIONS = ("Elevator", "Cleaning")\n'
		"from frappe import _\n"
		'x = _("Simple")\n'
		'y = frappe._("With context", context="Unit")\n'
		'fields = [{"fieldname": "c", "fieldtype": "Select", "label": "Category",\n'
		'\t"options": "\\n".join(OPTIONS)}]\n',
		encoding="utf-8",
	)
	found = {(m, c) for m, c, _line in em._from_python(source) if m}
	assert found == {
		("Simple", None),
		("With context", "Unit"),
		("Category", None),
		("Elevator", None),
		("Cleaning", None),
	}


def test_context_variants_survive_an_update(tmp_path):
	"""A DocType-specific wording (msgctxt = DocType) is kept next to the plain message."""
	path = tmp_path / "fr.po"
	messages = {(None, "Share"): ["x.json"]}
	translations = {(None, "Share"): "Partager", ("Allocation Key Unit", "Share"): "Quote-part (%)"}
	em.write_po(path, messages, translations, "fr")
	assert em.catalogue(path) == translations
	# rewritten from itself (what --update does), nothing is lost
	em.write_po(path, messages, em.catalogue(path), "fr")
	assert em.catalogue(path) == translations


def test_share_label_has_its_own_wording():
	fr = em.catalogue(LOCALE / "fr.po")
	assert fr[(None, "Share")] == "Partager"  # Frappe's "Share" button keeps its meaning
	assert fr[("Allocation Key Unit", "Share")] == "Quote-part (%)"

"""Every user-facing string of the app is written in English and translated to French and Arabic.

The messages are collected by scripts/extract_messages.py (DocType and workspace JSON, `_()` in
Python, `__()` in JavaScript, templates). A new untranslated string makes this test fail: run
`python scripts/extract_messages.py --update`, then fill the empty msgstr of locale/fr.po and
locale/ar.po (or put it in locale/incoming/<area>.csv and run `--merge-incoming`). Both ways: a
catalogue entry that no source asks for fails too, except the marked overrides of Frappe/ERPNext
messages, which must exist in the Frappe/ERPNext sources.
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
	assert any("tantiemes" in m for m in ids)  # messages of core/ and the controllers


# Names that stay French inside an English message: the law, the decree and Moroccan registers.
_LEGAL_NAMES = re.compile(
	r"d[ée]cret|Décret|loi 18-00|certificat de propriété|Conservation foncière|"
	r"Identifiant Commun de l'Entreprise|quotes?-parts?|Surface \(m²\)",
	re.I,
)
_FRENCH_LETTERS = re.compile(r"[àâçèéêëîïôûùüÿœæ«»]", re.I)
_FRENCH_WORDS = re.compile(
	r"\b(le|la|les|des|du|une|est|sont|pour|avec|dans|sur|aucun|aucune|veuillez|"
	r"introuvable|copropriétaire|exercice|appel|avis|relevé|impayés|solde)\b",
	re.I,
)


def test_sources_are_english(messages):
	"""English is the source language: no msgid is French (legal names aside)."""
	french = [
		msgid
		for _ctx, msgid in messages
		if _FRENCH_LETTERS.search(_LEGAL_NAMES.sub("", msgid))
		or _FRENCH_WORDS.search(_LEGAL_NAMES.sub("", msgid))
	]
	assert french == []


def test_the_french_heuristic_catches_french():
	for text in ("Appel de fonds introuvable : {0}", "Le lot {0}", "Échéance", "Relevé PDF"):
		assert _FRENCH_LETTERS.search(text) or _FRENCH_WORDS.search(text), text
	for text in (
		"Call for Funds not found: {0}",
		"Unit {0}",
		"Due Date",
		"Class 6 account (décret 2.23.700)",
	):
		stripped = _LEGAL_NAMES.sub("", text)
		assert not (_FRENCH_LETTERS.search(stripped) or _FRENCH_WORDS.search(stripped)), text


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
def test_no_entry_without_a_source(report, lang):
	"""The other way round: every entry of the catalogue is asked for by the app, is a DocType
	wording of such a message, or is a marked override of a Frappe/ERPNext message."""
	assert report[lang]["orphans"] == []


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_overrides_are_translated(report, lang):
	assert report[lang]["empty_overrides"] == []


def test_overrides_are_the_same_in_both_languages(messages):
	keys = {
		lang: {(e.context, e.msgid) for e in em.overrides(LOCALE / f"{lang}.po")} for lang in ("fr", "ar")
	}
	assert keys["fr"] == keys["ar"]
	assert keys["fr"], "the ledgers' overrides are gone"
	assert not keys["fr"] & set(messages), "an override shadows one of the app's own messages"


def test_overrides_exist_in_frappe_or_erpnext():
	"""An override of a string Frappe/ERPNext no longer has is dead weight: checked on a bench."""
	unknown = em.unknown_overrides(LOCALE / "fr.po")
	if unknown is None:
		pytest.skip("apps/frappe and apps/erpnext are not on this checkout")
	assert unknown == []


def test_wording_a_syndic_sees():
	"""ERPNext says "Valider" (Submit) for a submitted document; current charges are "Courant";
	the arrears report's prescription states are translated."""
	fr = em.catalogue(LOCALE / "fr.po")
	ar = em.catalogue(LOCALE / "ar.po")
	assert fr[(None, "Submitted")] == "Validé"
	assert fr[(None, "Current")] == "Courant"
	for state in ("Running", "Prescription Soon", "Prescribed"):
		assert fr[(None, state)] and fr[(None, state)] != state
		assert ar[(None, state)]
	assert fr[(None, "Opening (Dr)")] != "Ouverture (Dr)"  # ERPNext's, kept English abbreviations
	assert fr[(None, "Voucher No")] == "N° de pièce"


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
	template = "el.innerHTML = `<b>${__(\"Hello {0}\", [x])}</b>${a ? `${__('Nested')}` : ''}`;"
	assert [m for m, _c, _line in em._from_js(template)] == ["Hello {0}", "Nested"]
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


def _mini_app(tmp_path, source: str):
	app = tmp_path / "app"
	(app / "locale").mkdir(parents=True)
	(app / "mod.py").write_text(source, encoding="utf-8")
	return app


def test_merge_incoming(tmp_path):
	app = _mini_app(tmp_path, 'from frappe import _\nx = _("Vote {0} recorded")\ny = _("Quorum")\n')
	em.update(app)
	incoming = app / "locale" / "incoming"
	incoming.mkdir()
	(incoming / "assembly.csv").write_text(
		"msgid,fr,ar\n"
		'"Vote {0} recorded","Vote {0} enregistré","تم تسجيل التصويت {0}"\n'
		"Quorum,Quorum,النصاب\n",
		encoding="utf-8",
	)
	(incoming / "later.csv").write_text(
		'msgid,fr,ar\nNot used yet,Pas encore utilisé,غير مستعمل بعد\n"Bad {0}","Mauvais","سيء"\n',
		encoding="utf-8",
	)
	result = em.merge_incoming(app)
	fr = em.catalogue(app / "locale" / "fr.po")
	ar = em.catalogue(app / "locale" / "ar.po")
	assert fr[(None, "Vote {0} recorded")] == "Vote {0} enregistré"
	assert ar[(None, "Quorum")] == "النصاب"
	assert not (incoming / "assembly.csv").exists()  # every row merged: deleted
	# rows the app does not use, or whose translation drops a placeholder, stay in their CSV
	assert (incoming / "later.csv").exists()
	assert "Not used yet" in (incoming / "later.csv").read_text(encoding="utf-8")
	assert (None, "Not used yet") not in fr
	assert len(result["merged"]) == 2 and len(result["kept"]) == 2
	assert em.check(app)["fr"]["missing"] == []


def test_merge_incoming_keeps_an_existing_translation(tmp_path):
	app = _mini_app(tmp_path, 'from frappe import _\nx = _("Quorum")\n')
	em.update(app, {"fr": {(None, "Quorum"): "Quorum"}, "ar": {(None, "Quorum"): "النصاب"}})
	incoming = app / "locale" / "incoming"
	incoming.mkdir()
	(incoming / "a.csv").write_text("msgid,fr,ar\nQuorum,Le quorum,النصاب القانوني\n", encoding="utf-8")
	result = em.merge_incoming(app)
	assert em.catalogue(app / "locale" / "fr.po")[(None, "Quorum")] == "Quorum"
	assert [c[1] for c in result["conflicts"]] == ["fr", "ar"]


def test_merge_incoming_turns_a_frappe_message_into_an_override(tmp_path):
	"""A row for a string Frappe shows (the desk's empty list) becomes a marked override."""
	if em.upstream_messages() is None:
		pytest.skip("apps/frappe and apps/erpnext are not on this checkout")
	app = _mini_app(tmp_path, 'from frappe import _\nx = _("Quorum")\n')
	em.update(app, {"fr": {(None, "Quorum"): "Quorum"}, "ar": {(None, "Quorum"): "النصاب"}})
	incoming = app / "locale" / "incoming"
	incoming.mkdir()
	(incoming / "desk.csv").write_text(
		"msgid,fr,ar\n"
		"\"You haven't created a {0} yet\",Vous n'avez pas encore créé de {0},لم تنشئ أي {0} بعد\n",
		encoding="utf-8",
	)
	result = em.merge_incoming(app)
	assert result["overrides"] == [("desk.csv", "You haven't created a {0} yet")]
	assert not (incoming / "desk.csv").exists()
	for lang in ("fr", "ar"):
		path = app / "locale" / f"{lang}.po"
		assert [e.msgid for e in em.overrides(path)] == ["You haven't created a {0} yet"]
		assert em.orphans(em.extract(app), path) == []
	assert em.catalogue(app / "locale" / "fr.po")[(None, "You haven't created a {0} yet")].startswith("Vous")


def test_overrides_survive_an_update(tmp_path):
	app = _mini_app(tmp_path, 'from frappe import _\nx = _("Quorum")\n')
	em.update(app, {"fr": {(None, "Quorum"): "Quorum"}, "ar": {(None, "Quorum"): "النصاب"}})
	override = em.POEntry()
	override.msgid, override.msgstr = "Submitted", "Validé"
	override.comments = [em.OVERRIDE_MARK + ": document state"]
	path = app / "locale" / "fr.po"
	em.write_po(path, em.extract(app), em.catalogue(path), "fr", [], [override])
	em.update(app)
	assert em.catalogue(path)[(None, "Submitted")] == "Validé"
	assert [e.msgid for e in em.overrides(path)] == ["Submitted"]
	assert em.orphans(em.extract(app), path) == []
	# an unmarked entry without a source is an orphan
	with path.open("a", encoding="utf-8") as f:
		f.write('\nmsgid "Nobody asks"\nmsgstr "Personne"\n')
	assert (None, "Nobody asks") in em.orphans(em.extract(app), path)


def test_share_label_has_its_own_wording():
	fr = em.catalogue(LOCALE / "fr.po")
	assert fr[(None, "Share")] == "Partager"  # Frappe's "Share" button keeps its meaning
	assert fr[("Allocation Key Unit", "Share")] == "Quote-part (%)"

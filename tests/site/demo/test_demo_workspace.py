"""The "Syndic" desk workspace: synced from the app, every link resolves, labels translated."""

import json

import pytest

pytestmark = pytest.mark.site

DOCTYPES = ["Residence", "Building", "Unit", "Co-owner", "Allocation Key", "Supplier"]
REPORTS = ["Tantiemes Gap", "General Ledger", "Trial Balance", "Accounts Receivable"]
FINANCE_DOCTYPES = ["Residence Budget", "Call for Funds", "Payment Batch", "Incoming Document"]
FINANCE_REPORTS = ["Arrears by Unit", "Owner Statement", "Budget vs Actual by Category"]


def test_workspace_links_resolve(db):
	workspace = db.get_doc("Workspace", "Syndic")
	assert workspace.module == "Registry" and workspace.public
	links = {(link.link_type, link.link_to) for link in workspace.links if link.type == "Link"}
	assert links == {("DocType", d) for d in DOCTYPES + FINANCE_DOCTYPES} | {
		("Report", r) for r in REPORTS + FINANCE_REPORTS
	}
	for link_type, link_to in links:
		assert db.db.exists(link_type, link_to), link_to
	for shortcut in workspace.shortcuts:
		assert db.db.exists(shortcut.type, shortcut.link_to), shortcut.link_to


def test_desk_page_renders(db):
	from frappe.desk.desktop import get_desktop_page, get_workspace_sidebar_items

	# an English desk reads the English sources (the labels come translated in French or Arabic)
	lang, db.local.lang = db.local.lang, "en"
	try:
		page = get_desktop_page(json.dumps({"name": "Syndic", "title": "Syndic", "public": 1}))
	finally:
		db.local.lang = lang
	cards = {card["label"]: [link["label"] for link in card["links"]] for card in page["cards"]["items"]}
	assert cards["Registry"] == ["Residence", "Building", "Unit", "Co-owner", "Allocation Key"]
	assert set(cards["Accounting Reports"]) == set(REPORTS)
	assert cards["Finance"] == FINANCE_DOCTYPES + FINANCE_REPORTS
	assert "Residence" in [s["label"] for s in page["shortcuts"]["items"]]
	assert "Syndic" in [p["name"] for p in get_workspace_sidebar_items()["pages"]]


@pytest.mark.parametrize(
	("lang", "expected"),
	[
		(
			"fr",
			{
				"Syndic": "Syndic",
				"Unit": "Lot",
				"Co-owner": "Copropriétaire",
				"Accounting Reports": "Rapports comptables",
				# DocType-specific wording: the desk asks __(label, null, doctype) first
				"Share:Allocation Key Unit": "Quote-part (%)",
				"Share": "Partager",
			},
		),
		("ar", {"Unit": "الجزء المفرز", "Residence": "الإقامة", "Allocation Key": "مفتاح التوزيع"}),
	],
)
def test_labels_translated_on_the_site(db, lang, expected):
	"""The app's catalogue is compiled and loaded by Frappe (locale/*.po → sites/assets/locale)."""
	from frappe.translate import get_all_translations

	translations = get_all_translations(lang)
	for source, target in expected.items():
		assert translations.get(source) == target, source

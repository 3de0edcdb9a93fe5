"""The Syndic workspace shows the General Assembly card (the assembly and its live session page)
to the syndic's staff, as Frappe's desk builds it for that user."""

import json

import pytest

from tests.site.assembly import test_general_assembly as ga

pytestmark = pytest.mark.site


def test_syndic_workspace_has_the_general_assembly_card(db):
	frappe = db
	from frappe.desk.desktop import get_desktop_page

	frappe.set_user(ga.staff_user(frappe))
	try:
		workspace = frappe.get_doc("Workspace", "Syndic")
		page = get_desktop_page(json.dumps(workspace.as_dict(), default=str))
	finally:
		frappe.set_user("Administrator")
	cards = {card["label"]: card for card in page["cards"]["items"]}  # labels in the user's language
	label = frappe._("General Assembly")
	assert label in cards, list(cards)
	links = {(link["link_type"], link["link_to"]) for link in cards[label]["links"]}
	assert links == {("DocType", "General Assembly"), ("Page", "assembly-session")}
	assert "General Assembly" in {s["link_to"] for s in page["shortcuts"]["items"]}
	content = json.loads(workspace.content)
	assert {"card_name": "General Assembly", "col": 4} in [c["data"] for c in content if c["type"] == "card"]

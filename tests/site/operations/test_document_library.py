"""The résidence's document library over real HTTP: a document shared with the co-owners of a
résidence is listed and downloaded by them (each download in the Access Log), never by a
co-owner of another résidence; one shared with one co-owner reaches him alone; a staff document
nobody. Versions, and the 5-year archive rule on deletion (décret 2.23.700)."""

import uuid

import pytest

pytestmark = pytest.mark.site

M = "syndic_maroc.api.operations"


@pytest.fixture(scope="module")
def library(site, owners):
	frappe = site
	frappe.set_user("Administrator")
	res = owners["a"].residence
	made, files = [], []

	def doc(title, visibility, co_owner=None, category="Co-ownership rules", replaces=None):
		f = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{uuid.uuid4().hex[:6]}-{title}.pdf",
				"content": f"%PDF-1.4 {title}\n".encode(),
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
		files.append(f.name)
		d = frappe.get_doc(
			{
				"doctype": "Residence Document",
				"residence": res,
				"title": title,
				"category": category,
				"visibility": visibility,
				"co_owner": co_owner,
				"file": f.file_url,
				"replaces": replaces,
			}
		).insert()
		made.append(d.name)
		return d

	try:
		old = doc("Règlement 2019", "Co-owners")
		out = {
			"old": old,
			"shared": doc("Règlement 2024", "Co-owners", replaces=old.name),
			"mine": doc("Attestation lot", "Co-owner", co_owner=owners["a"].co_owner, category="Other"),
			"staff": doc("Devis interne", "Staff", category="Other"),
		}
		frappe.db.commit()
		yield out
	finally:
		frappe.db.rollback()
		for name in made:  # the archive rule refuses delete_doc: the rows go directly
			frappe.db.delete("Residence Document", {"name": name})
			frappe.db.delete("Access Log", {"reference_document": name})
		for name in files:
			frappe.delete_doc("File", name, force=True, ignore_permissions=True)
		frappe.db.commit()


def test_library_is_shared_with_the_residence_only(clients, library, site):
	a, a2, c = clients["a"], clients["a2"], clients["c"]
	shared, mine, staff, old = library["shared"], library["mine"], library["staff"], library["old"]
	assert (
		shared.version == 2
		and site.db.get_value("Residence Document", old.name, "superseded_by") == shared.name
	)

	listed = {d["name"] for d in a.call(f"{M}.portal_documents").json()["message"]}
	assert (
		shared.name in listed and mine.name in listed and staff.name not in listed and old.name not in listed
	)
	listed = {d["name"] for d in a2.call(f"{M}.portal_documents").json()["message"]}
	assert shared.name in listed and mine.name not in listed
	assert not {d["name"] for d in c.call(f"{M}.portal_documents").json()["message"]} & {
		shared.name,
		mine.name,
	}

	r = a2.call(f"{M}.portal_document_file", name=shared.name)
	assert r.status_code == 200 and r.content == b"%PDF-1.4 R\xc3\xa8glement 2024\n"
	for client, name in ((c, shared.name), (a2, mine.name), (a, staff.name), (c, "DOC-99999")):
		assert client.call(f"{M}.portal_document_file", name=name).status_code == 403
	# the private file itself is not served to a co-owner by its URL
	url = site.db.get_value("Residence Document", shared.name, "file")
	assert a.get(url).status_code in (403, 404)
	page = a2.get("/documents")
	assert page.status_code == 200 and "Règlement 2024" in page.text and "Attestation lot" not in page.text
	assert "Règlement 2024" not in c.get("/documents").text

	site.db.rollback()
	logs = site.get_all(
		"Access Log",
		filters={"reference_document": shared.name, "export_from": "Residence Document"},
		fields=["user"],
	)
	assert [row.user for row in logs] == [a2.party.user]


def test_archive_rule_refuses_deletion_before_five_years_decret_2_23_700(db, library):
	frappe = db
	with pytest.raises(frappe.ValidationError) as refused:
		frappe.delete_doc("Residence Document", library["shared"].name)
	assert str(frappe.utils.add_years(frappe.utils.getdate(library["shared"].document_date), 5).year) in str(
		refused.value
	)
	# a staff working document outside the accounts may go
	frappe.delete_doc("Residence Document", library["staff"].name)
	assert not frappe.db.exists("Residence Document", library["staff"].name)

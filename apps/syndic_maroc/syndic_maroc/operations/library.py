"""The résidence's document library as co-owners see it (/documents): the documents shared with
all co-owners of a résidence where they own a lot now, and those shared with them alone; every
download goes through here and is written to Frappe's Access Log."""

import frappe
from frappe.core.doctype.access_log import access_log

from syndic_maroc.operations import access


def _clause(co_owners: list[str]) -> tuple[str, dict]:
	residences = access.my_residences(co_owners)
	if not residences:
		return "1=0", {}
	return (
		"""d.residence in %(residences)s and ifnull(d.superseded_by, '') = ''
		and (d.visibility = 'Co-owners' or (d.visibility = 'Co-owner' and d.co_owner in %(co_owners)s))""",
		{"residences": tuple(residences), "co_owners": tuple(co_owners)},
	)


def my_documents() -> list[dict]:
	clause, values = _clause(access.my_co_owners())
	return frappe.db.sql(
		f"""select d.name, d.title, d.category, d.document_date, d.residence, d.version, d.visibility
		from `tabResidence Document` d where {clause}
		order by d.residence, d.category, d.document_date desc limit 500""",
		values,
		as_dict=True,
	)


def download(name: str) -> None:
	co_owners = access.my_co_owners()
	clause, values = _clause(co_owners)
	row = frappe.db.sql(
		f"select d.name, d.file from `tabResidence Document` d where d.name = %(name)s and {clause}",
		{**values, "name": name},
		as_dict=True,
	)
	if not row:
		access.deny()
	file = frappe.get_doc("File", {"file_url": row[0].file})
	access_log.make_access_log(
		doctype="Residence Document", document=name, file_type=file.file_type or "File", method="Download"
	)
	frappe.local.response.filename = file.file_name
	frappe.local.response.filecontent = file.get_content()
	frappe.local.response.type = "download"

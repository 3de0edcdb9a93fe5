"""/mes-assemblees: the co-owner's general assemblies: convocation (PDF), agenda with the draft
resolutions, documents, his admission, and his vote by correspondence or remote (loi 18-00
arts 16 quinquies, 16 septies, 16 decies; the règlement decides the remote channels)."""

from frappe import _

from syndic_maroc.assembly import owner_portal
from syndic_maroc.portal.context import page_context

no_cache = 1
sitemap = 0


def get_context(context):
	page_context(context, _("My general assemblies"))
	assemblies = []
	for row in owner_portal.my_assemblies():
		detail = owner_portal.assembly(row.name)
		before = not detail["meeting_open"] and detail["status"] == "Convened"
		for res in detail["resolutions"]:
			res["can_vote"] = detail["me"]["admitted"] and (
				(before and detail["correspondence_allowed"] and detail["me"]["attendance"] != "Represented")
				or (
					detail["meeting_open"]
					and detail["remote_allowed"]
					and res["vote_status"] == "Open"
					and detail["me"]["attendance"] in ("Absent", "Remote")
				)
			)
		detail["pdf_fr"] = (
			f"/api/method/syndic_maroc.api.assembly.portal_convocation_pdf?name={row.name}&lang=fr"
		)
		detail["pdf_ar"] = (
			f"/api/method/syndic_maroc.api.assembly.portal_convocation_pdf?name={row.name}&lang=ar"
		)
		assemblies.append(detail)
	context.assemblies = assemblies

"""/documents: the résidence's library shared with the co-owner (règlement, PVs, contracts,
insurance, plans, accounts…), downloads logged (operations.library)."""

from frappe import _

from syndic_maroc.operations import library
from syndic_maroc.portal.context import page_context

no_cache = 1
sitemap = 0


def get_context(context):
	page_context(context, _("Documents of my residence"))
	context.documents = library.my_documents()

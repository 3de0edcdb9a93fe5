"""/annonces: the current announcements of the co-owner's résidences and buildings."""

from frappe import _

from syndic_maroc.operations import announcements
from syndic_maroc.portal.context import page_context

no_cache = 1
sitemap = 0


def get_context(context):
	page_context(context, _("News of my residence"))
	context.announcements = announcements.current_for_portal()

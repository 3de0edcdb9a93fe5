"""/mon-espace: the co-owner's summary (units and tantièmes per résidence, what is due)."""

from syndic_maroc.portal.context import home_context

no_cache = 1
sitemap = 0


def get_context(context):
	home_context(context)

"""/mes-appels: the co-owner's calls for funds (Sales Invoices) with their Call Notice PDF."""

from syndic_maroc.portal.context import calls_context

no_cache = 1
sitemap = 0


def get_context(context):
	calls_context(context)

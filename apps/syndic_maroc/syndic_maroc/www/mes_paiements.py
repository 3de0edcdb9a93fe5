"""/mes-paiements: the co-owner's payments, one row per reçu, with its PDF."""

from syndic_maroc.portal.context import payments_context

no_cache = 1
sitemap = 0


def get_context(context):
	payments_context(context)

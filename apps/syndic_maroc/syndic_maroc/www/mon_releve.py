"""/mon-releve: the co-owner's statement over a period (PDF) and the quitus at a zero balance."""

from syndic_maroc.portal.context import statement_context

no_cache = 1
sitemap = 0


def get_context(context):
	statement_context(context)

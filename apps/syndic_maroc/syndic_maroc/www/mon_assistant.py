"""/mon-assistant: the co-owner's assistant (their own account and their résidence's shared
figures and documents only), the same conversation as in the desk (api.assistant)."""

from frappe import _

from syndic_maroc.portal.context import page_context

no_cache = 1
sitemap = 0


def get_context(context):
	from syndic_maroc.assistant.conversation import history

	page_context(context, _("My Assistant"))
	context.messages = history(limit=50)

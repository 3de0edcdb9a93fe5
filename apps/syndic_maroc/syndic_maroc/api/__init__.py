"""The REST surface: every whitelisted method of the app, one module per area
(`/api/method/syndic_maroc.api.<area>.<name>`). Each endpoint is thin: it states the HTTP
verbs and the parameter types, and calls the module that holds the logic.

annual_pack   the annual AG report (finance.annual_pack)
collections   payments and advances (finance.collections)
injunction    the injunction file (finance.injunction)
intake        zéro saisie (intake)
portal        the co-owner portal's PDFs and language (portal)
statements    owner statement and quitus (finance.statements)

Document methods called by the desk with `frm.call` stay on their controllers (Frappe's
convention), whitelisted there.
"""

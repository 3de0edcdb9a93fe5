"""The assistant's pure part: language detection, the deterministic router (intents, entities,
periods), answer templates in French and Arabic, and the figure check (every number of an
answer must be one a tool returned). Nothing here imports frappe; the Frappe layer
(syndic_maroc.assistant) builds the registry snapshot and runs the tools."""

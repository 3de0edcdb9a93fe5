"""Assistant Index Queue: a document whose (re)indexing waits for the vector store (rows written
and deleted by syndic_maroc.assistant.indexer; nothing to do by hand)."""

from frappe.model.document import Document


class AssistantIndexQueue(Document):
	pass

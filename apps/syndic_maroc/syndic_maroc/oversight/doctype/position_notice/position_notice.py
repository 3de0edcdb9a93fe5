# Copyright (c) 2026, syndic_maroc developers
# For license information, please see license.txt
"""Proof that a co-owner was sent the six-monthly financial position (loi 18-00 art. 26): one per
résidence, period and co-owner (oversight.position)."""

from frappe.model.document import Document


class PositionNotice(Document):
	pass

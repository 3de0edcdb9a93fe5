# Copyright (c) 2026, syndic_maroc developers
# For license information, please see license.txt
"""One alert raised by the daily oversight job (oversight.alerts): fired once per crossing of its
threshold, cleared when the figure goes back under it."""

from frappe.model.document import Document


class OversightAlert(Document):
	pass

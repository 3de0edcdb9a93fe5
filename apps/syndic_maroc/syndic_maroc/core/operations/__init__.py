"""Pure rules of the building's daily operations: maintenance requests, order approval,
supplier contracts and the document archive (no frappe below this package)."""

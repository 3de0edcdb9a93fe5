"""Jinja helpers of the assembly print formats (convocation, minutes)."""

import frappe


def assembly_is_arabic() -> bool:
	"""Whether the print runs in Arabic (right to left): the language of this request, not the
	one the Jinja environment was first built with."""
	return (getattr(frappe.local, "lang", None) or "fr").startswith("ar")

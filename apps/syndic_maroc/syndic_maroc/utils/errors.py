"""core/ raises `syndic_maroc.core.errors.ValidationError` (a French template + params); the
controllers turn it into a `frappe.ValidationError` with the translated message."""

from contextlib import contextmanager

import frappe
from frappe import _

from syndic_maroc.core.errors import ValidationError as CoreValidationError


@contextmanager
def core_errors():
	"""Re-raise core/ validation errors as translated Frappe validation errors."""
	try:
		yield
	except CoreValidationError as e:
		frappe.throw(e.translated(_), title=_("Validation"))

"""Pure-Python domain logic of syndic_maroc.

Nothing below this package may import frappe: it is unit-tested with plain pytest and
called by the thin Frappe controllers.
"""

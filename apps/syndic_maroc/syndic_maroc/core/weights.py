"""Weights of an allocation key (clé de répartition) and the tantièmes balance of a résidence.

Units come in as plain dicts, as the Frappe layer reads them from Unit / Allocation Key Unit
rows: {"unit": "A-12", "tantiemes": 125, "surface": 84.5, "weight": 2}. Missing fields are
only an error when the chosen basis needs them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from syndic_maroc.core.allocation import Number, to_decimal
from syndic_maroc.core.errors import ValidationError, _
from syndic_maroc.core.text import fold

BASES = ("Tantiemes", "Equal", "Surface", "Custom")

# Which unit field each basis reads (Equal reads none: every unit weighs 1).
_FIELD = {"Tantiemes": "tantiemes", "Surface": "surface", "Custom": "weight"}

_MISSING = {
	"Tantiemes": _("Unit {unit} has no tantiemes: cannot allocate by tantiemes"),
	"Surface": _("Unit {unit} has no surface: cannot allocate by surface"),
	"Custom": _("Unit {unit} has no weight in the allocation key"),
}
_NOT_POSITIVE = {
	"Tantiemes": _("The tantiemes of unit {unit} must be strictly positive (received: {value})"),
	"Surface": _("The surface of unit {unit} must be strictly positive (received: {value})"),
	"Custom": _("The weight of unit {unit} must be strictly positive (received: {value})"),
}


def normalize_basis(basis: str) -> str:
	"""The canonical basis name; accepts any case and the French spellings ("tantièmes", "égal")."""
	folded = fold(basis or "")
	aliases = {
		"tantiemes": "Tantiemes",
		"quote-part": "Tantiemes",
		"equal": "Equal",
		"egal": "Equal",
		"parts egales": "Equal",
		"surface": "Surface",
		"custom": "Custom",
		"personnalise": "Custom",
	}
	if folded not in aliases:
		raise ValidationError(
			_("Unknown allocation basis: {basis} (expected: Tantiemes, Equal, Surface or Custom)"),
			basis=basis,
		)
	return aliases[folded]


def key_weights(units: Iterable[Mapping[str, Any]], basis: str) -> dict[str, Decimal]:
	"""{unit id: weight > 0} for an allocation key, in the order given.

	basis: "Tantiemes" (the unit's quote-part), "Equal" (1 each), "Surface" (m²) or "Custom"
	(the row's own weight). The unit id is read from "unit" (or "name"). Raises on an empty
	key, a duplicated unit, or a missing / zero / negative value for the chosen basis.
	"""
	basis = normalize_basis(basis)
	weights: dict[str, Decimal] = {}
	for row in units:
		unit = row.get("unit") or row.get("name")
		if not unit:
			raise ValidationError(_("A line of the allocation key has no unit"))
		if unit in weights:
			raise ValidationError(_("Unit {unit} appears twice in the allocation key"), unit=unit)
		if basis == "Equal":
			weights[unit] = Decimal(1)
			continue
		raw = row.get(_FIELD[basis])
		if raw is None or raw == "":
			raise ValidationError(_MISSING[basis], unit=unit)
		value = to_decimal(raw)
		if value <= 0:
			raise ValidationError(_NOT_POSITIVE[basis], unit=unit, value=raw)
		weights[unit] = value
	if not weights:
		raise ValidationError(_("No unit to allocate: the allocation key is empty"))
	return weights


def tantiemes_gap(declared_total: Number, unit_tantiemes: Mapping[Any, Number] | Iterable[Number]) -> dict:
	"""How far the units' tantièmes are from the résidence's declared total.

	Returns {"declared", "allocated", "gap", "status", "units"} where gap = declared − allocated
	and status is "ok" (equal), "under" (tantièmes still to assign) or "over" (too many).
	"""
	declared = _declared(declared_total)
	values = unit_tantiemes.values() if isinstance(unit_tantiemes, Mapping) else unit_tantiemes
	allocated = Decimal(0)
	count = 0
	for raw in values:
		if raw is None or raw == "":
			continue
		allocated += to_decimal(raw)
		count += 1
	gap = declared - allocated
	status = "ok" if gap == 0 else ("under" if gap > 0 else "over")
	return {"declared": declared, "allocated": allocated, "gap": gap, "status": status, "units": count}


def validate_unit_tantiemes(
	declared_total: Number,
	other_units: Mapping[Any, Number] | Iterable[Number],
	tantiemes: Number,
	*,
	unit: str = "",
) -> dict:
	"""Check a unit's tantièmes when it is saved, given the other units of the same résidence.

	Refuses a value <= 0 and a value that would push the résidence over its declared total
	(under is allowed: units are entered one by one; the gap report shows what is left).
	Returns tantiemes_gap() of the résidence after the save.
	"""
	value = to_decimal(tantiemes)
	if value <= 0:
		raise ValidationError(_NOT_POSITIVE["Tantiemes"], unit=unit, value=tantiemes)
	others = list(other_units.values() if isinstance(other_units, Mapping) else other_units)
	report = tantiemes_gap(declared_total, [*others, value])
	if report["status"] == "over":
		raise ValidationError(
			_(
				"The tantiemes of unit {unit} ({value}) bring the units' total to {allocated}, above the residence's declared total ({declared}): excess of {excess}"
			),
			unit=unit,
			value=value,
			allocated=report["allocated"],
			declared=report["declared"],
			excess=-report["gap"],
		)
	return report


def _declared(declared_total: Number) -> Decimal:
	declared = to_decimal(declared_total)
	if declared <= 0:
		raise ValidationError(
			_("The residence's total tantiemes must be strictly positive (received: {value})"),
			value=declared_total,
		)
	return declared

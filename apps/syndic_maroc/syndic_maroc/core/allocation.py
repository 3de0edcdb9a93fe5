"""Splitting money (and tantièmes) among weights so that the parts add up exactly.

Method: largest remainder (Hamilton). Work in integer units of the smallest coin
(10**-cents), give every key the floor of its exact share, then hand the units left over, one
each, to the keys with the largest fractional remainders. Each part is therefore within one
unit of its exact proportional share, and the parts always sum to the total.

Tie-break, when two keys have the same remainder: the larger weight first, then the smaller
key in sorted order (keys that cannot be compared with each other are ordered by type name
and repr). The result depends only on the (key, weight) pairs, never on insertion order; the
returned dict keeps the caller's key order.

Negative totals (credit notes) are split as their absolute value and negated, so
split_amount(-x, w) == {k: -v for k, v in split_amount(x, w).items()}.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TypeVar

from syndic_maroc.core.errors import ValidationError, _

K = TypeVar("K", bound=Hashable)
C = TypeVar("C", bound=Hashable)

Number = Decimal | int | float | str


def to_decimal(value: Number) -> Decimal:
	"""Exact Decimal from Decimal, int, numeric string or float (floats via their shortest repr).

	Frappe hands Currency and Float fields over as floats: str(0.1) is "0.1", which is what the
	user typed, whereas Decimal(0.1) would carry the binary error. Strings are plain numbers
	("12.5", or "12,5" with a decimal comma); amounts as printed on documents ("1 200,50 DH")
	go through core.amounts.parse_amount instead.
	"""
	if isinstance(value, bool):
		raise ValidationError(_("Invalid numeric value: {value}"), value=value)
	if isinstance(value, Decimal):
		result = value
	elif isinstance(value, int):
		result = Decimal(value)
	elif isinstance(value, float | str):
		try:
			result = Decimal(str(value).strip().replace(",", ".") if isinstance(value, str) else repr(value))
		except InvalidOperation:
			raise ValidationError(_("Invalid numeric value: {value}"), value=value) from None
	else:
		raise ValidationError(_("Invalid numeric value: {value}"), value=value)
	if not result.is_finite():
		raise ValidationError(_("Invalid numeric value: {value}"), value=value)
	return result


def split_amount(total: Number, weights: Mapping[K, Number], *, cents: int = 2) -> dict[K, Decimal]:
	"""Split `total` among `weights` to the `cents`-th decimal; the parts sum exactly to `total`.

	`total` must already be a whole number of 10**-cents units (no rounding is done here: an
	amount of 10.005 cannot be split into cents that add up to it). Weights must be > 0.
	Returns {key: Decimal with `cents` decimals} in the order of `weights`.
	"""
	if isinstance(cents, bool) or not isinstance(cents, int) or cents < 0:
		raise ValidationError(_("Invalid number of decimals: {cents}"), cents=cents)
	amount = to_decimal(total)
	units = _to_units(amount, cents)
	if units is None:
		raise ValidationError(
			_("The amount {value} has more than {cents} decimals: it cannot be allocated to the cent"),
			value=amount,
			cents=cents,
		)
	parts = _largest_remainder(abs(units), _checked_weights(weights))
	sign = -1 if units < 0 else 1
	return {key: _from_units(sign * part, cents) for key, part in parts.items()}


def split_by_categories(
	lines: Mapping[C, Number], weights: Mapping[K, Number], *, cents: int = 2
) -> dict[K, dict[C, Decimal]]:
	"""Split each category amount (e.g. {"Eau": 1200, "Ascenseur": 850.5}) among `weights`.

	Every category is split on its own, so each category column sums exactly to its amount.
	A key's total over categories may differ by a few cents from splitting the grand total at
	once; that is the price of exact per-category totals (what the call-for-funds lines show).
	Returns {key: {category: amount}}, keys in the order of `weights`, categories in the
	order of `lines`.
	"""
	checked = _checked_weights(weights)
	result: dict[K, dict[C, Decimal]] = {key: {} for key in checked}
	for category, amount in lines.items():
		for key, part in split_amount(amount, checked, cents=cents).items():
			result[key][category] = part
	return result


def quote_parts_from_surfaces(surfaces: Mapping[K, Number], base: int = 1000) -> dict[K, int]:
	"""Tantièmes per lot from private surfaces, summing exactly to `base`.

	Loi 18-00 art. 6: a lot's quote-part is its private area over the total private area
	(unless the deeds or the AG decide otherwise); the model règlement (décret 2.17.354,
	art. 5) states it as surface × n / total surface with n = 1,000 or 10,000. Rounding is
	done by largest remainder. A lot that would round to 0 is refused: a lot cannot exist
	without its quote-part (art. 7), so a finer base is needed.
	"""
	if isinstance(base, bool) or not isinstance(base, int) or base <= 0:
		raise ValidationError(
			_("The tantiemes base must be a positive integer (received: {base})"), base=base
		)
	parts = _largest_remainder(base, _checked_weights(surfaces, _SURFACE_NOT_POSITIVE))
	for key, part in parts.items():
		if part == 0:
			raise ValidationError(
				_("Unit {unit} would get 0 tantiemes on a base of {base}: choose a finer base"),
				unit=key,
				base=base,
			)
	return parts


_WEIGHT_NOT_POSITIVE = _("The weight of unit {unit} must be strictly positive (received: {value})")
_SURFACE_NOT_POSITIVE = _("The surface of unit {unit} must be strictly positive (received: {value})")


def _checked_weights(weights: Mapping[K, Number], message: str = _WEIGHT_NOT_POSITIVE) -> dict[K, Decimal]:
	if not weights:
		raise ValidationError(_("No unit to allocate: the allocation key is empty"))
	checked: dict[K, Decimal] = {}
	for key, raw in weights.items():
		value = to_decimal(raw)
		if value <= 0:
			raise ValidationError(message, unit=key, value=raw)
		checked[key] = value
	return checked


def _to_units(amount: Decimal, cents: int) -> int | None:
	"""`amount` as an exact integer count of 10**-cents units, None if it has more decimals.

	Integer arithmetic on the Decimal's digits: Decimal operations round to the context
	precision (28 digits), which would break exactness on huge amounts.
	"""
	sign, digits, exponent = amount.as_tuple()
	coefficient = int("".join(map(str, digits)) or "0")
	shift = exponent + cents
	if shift >= 0:
		units = coefficient * 10**shift
	else:
		units, rest = divmod(coefficient, 10**-shift)
		if rest:
			return None
	return -units if sign else units


def _from_units(units: int, cents: int) -> Decimal:
	"""Exact Decimal with exactly `cents` decimals (built from digits: no context rounding)."""
	return Decimal((1 if units < 0 else 0, tuple(int(d) for d in str(abs(units))), -cents))


def _largest_remainder(units: int, weights: Mapping[K, Decimal]) -> dict[K, int]:
	"""Distribute `units` (>= 0) integer units proportionally to positive `weights`."""
	exact_weights = {key: Fraction(weight) for key, weight in weights.items()}
	total_weight = sum(exact_weights.values())
	exact = {key: units * weight / total_weight for key, weight in exact_weights.items()}
	parts = {key: share.numerator // share.denominator for key, share in exact.items()}
	left = units - sum(parts.values())
	rank = _key_rank(list(weights))
	# Largest remainder first, then the larger weight, then the key's sorted position.
	order = sorted(weights, key=lambda k: (parts[k] - exact[k], -exact_weights[k], rank[k]))
	for key in order[:left]:
		parts[key] += 1
	return parts


def _key_rank(keys: list[K]) -> dict[K, int]:
	try:
		ordered = sorted(keys)
	except TypeError:
		ordered = sorted(keys, key=lambda k: (type(k).__name__, repr(k)))
	return {key: i for i, key in enumerate(ordered)}

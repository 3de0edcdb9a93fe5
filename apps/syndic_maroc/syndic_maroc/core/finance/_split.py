"""Adapter to the core splitter (`core.allocation.split_amount`), keyed by a dict."""

from collections.abc import Mapping
from decimal import Decimal

from ._common import money


def split(amount, weights: Mapping) -> dict:
	"""{key: share} of `amount` in proportion to `weights`, exact to the cent (largest remainder)."""
	from syndic_maroc.core.allocation import split_amount

	shares = split_amount(money(amount), dict(weights))
	if not isinstance(shares, Mapping):
		shares = dict(zip(weights, shares, strict=True))
	return {key: money(value) for key, value in shares.items()}

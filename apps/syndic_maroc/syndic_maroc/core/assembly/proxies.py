"""Proxies (pouvoirs), art. 16 decies and model règlement art. 34.

A proxy holder, member of the syndicat or not, represents at most 3 owners, whose votes together
are at most 10 % of all the syndicat's votes; the proxy is written; it stays valid for the
successive meetings called with the same agenda.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from syndic_maroc.core.assembly.votes import Number, to_fraction
from syndic_maroc.core.errors import ValidationError, _

MAX_PRINCIPALS = 3  # art. 16 decies
MAX_SHARE = Fraction(1, 10)  # art. 16 decies: 10 % of all votes


def check_proxy(
	holder: str,
	principal: str,
	principal_votes: Number,
	held: Mapping[str, Number],
	total_votes: Number,
	*,
	written: bool = True,
) -> None:
	"""Refuse a proxy from `principal` to `holder` who already holds `held` {principal: votes}
	(art. 16 decies): the 4th principal, or the votes that take the principals over 10 % of all
	votes. Exactly 10 % is allowed. The proxy must be written."""
	if holder == principal:
		raise ValidationError(_("{principal} cannot hold his own proxy"), principal=principal)
	if not written:
		raise ValidationError(
			_("The proxy of {principal} must be written (art. 16 decies)"), principal=principal
		)
	others = {p: to_fraction(v) for p, v in held.items() if p != principal}
	if len(others) >= MAX_PRINCIPALS:
		raise ValidationError(
			_(
				"{holder} already represents {count} owners: a proxy holder may represent at most 3 owners (art. 16 decies)"
			),
			holder=holder,
			count=len(others),
		)
	total = to_fraction(total_votes)
	combined = sum(others.values(), Fraction(0)) + to_fraction(principal_votes)
	if combined > MAX_SHARE * total:
		raise ValidationError(
			_(
				"With the proxy of {principal}, {holder} would represent {votes} votes, over 10 % of all votes ({limit}) (art. 16 decies)"
			),
			principal=principal,
			holder=holder,
			votes=_fmt(combined),
			limit=_fmt(MAX_SHARE * total),
		)


def check_proxies(proxies: Iterable[tuple[str, str]], votes: Mapping[str, Number]) -> None:
	"""Check every (principal, holder) pair of an attendance sheet in order: the first one that
	breaks a limit raises. A principal gives one proxy only."""
	total = sum((to_fraction(v) for v in votes.values()), Fraction(0))
	held: dict[str, dict[str, Fraction]] = {}
	seen: set[str] = set()
	for principal, holder in proxies:
		if principal in seen:
			raise ValidationError(_("{principal} has given more than one proxy"), principal=principal)
		seen.add(principal)
		check_proxy(holder, principal, votes[principal], held.get(holder, {}), total)
		held.setdefault(holder, {})[principal] = to_fraction(votes[principal])


def proxy_valid_for(first_agenda: Iterable[str], later_agenda: Iterable[str]) -> bool:
	"""A proxy given for one meeting stays valid for a later meeting called with the same agenda
	(model règlement art. 34)."""
	return list(first_agenda) == list(later_agenda)


def _fmt(value: Fraction) -> str:
	if value.denominator == 1:
		return str(value.numerator)
	return f"{float(value):.2f}"

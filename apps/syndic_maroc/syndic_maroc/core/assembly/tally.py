"""Incremental tally of a live general assembly.

Built once from the attendance sheet and the agenda; then each check-in, departure and ballot
updates running sums in O(1) (O(resolutions) for an arrival or a departure), and the quorum and
every resolution's decision are read from those sums without rescanning the lots.

Rules: only ADMITTED owners count for the quorum and may vote (art. 16 quinquies); each owner
counts with his capped votes (art. 16 decies); a special-charge resolution is voted only by the
owners concerned (art. 16 undecies); a ballot cast before a departure stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from syndic_maroc.core.assembly.legal_types import legal_type
from syndic_maroc.core.assembly.majority import Counts, Decision, decide
from syndic_maroc.core.assembly.quorum import HEADCOUNT, Quorum, quorum
from syndic_maroc.core.assembly.votes import Number, cap_votes, to_fraction
from syndic_maroc.core.errors import ValidationError, _

FOR, AGAINST, ABSTAIN = "For", "Against", "Abstain"
CHOICES = (FOR, AGAINST, ABSTAIN)


@dataclass
class _Resolution:
	key: str
	majority: str
	eligible: frozenset[str] | None  # None: every owner
	all_votes: Fraction = Fraction(0)
	all_heads: int = 0
	attending_votes: Fraction = Fraction(0)  # eligible, admitted and attending
	attending_heads: int = 0
	sums: dict[str, list] = field(default_factory=lambda: {c: [Fraction(0), 0] for c in CHOICES})
	cast_attending_votes: Fraction = Fraction(0)  # ballots of owners still attending
	cast_attending_heads: int = 0
	ballots: dict[str, str] = field(default_factory=dict)
	closed: bool = False


class Tally:
	def __init__(
		self,
		votes: Mapping[str, Number],
		resolutions: Iterable[tuple[str, str] | tuple[str, str, Iterable[str] | None]],
		*,
		admitted: Iterable[str] | None = None,
		meeting: int = 1,
		quorum_reading: str = HEADCOUNT,
		capped_base: bool = False,
		abstentions_against: bool = False,
	):
		"""votes: {owner: raw votes}; resolutions: (key, legal type[, owners concerned]);
		admitted: owners admitted (default: all)."""
		self.raw = {o: to_fraction(v) for o, v in votes.items()}
		self.counted = cap_votes(self.raw)  # art. 16 decies
		self.total = sum(self.raw.values(), Fraction(0))
		self.admitted = set(self.raw if admitted is None else admitted)
		self.meeting = meeting
		self.quorum_reading = quorum_reading
		self.capped_base = capped_base
		self.abstentions_against = abstentions_against
		self.attending: set[str] = set()
		self.att_votes = Fraction(0)
		self.resolutions: dict[str, _Resolution] = {}
		for spec in resolutions:
			key, type_name = spec[0], spec[1]
			concerned = spec[2] if len(spec) > 2 else None
			self.add_resolution(key, type_name, concerned)

	# -- agenda ----------------------------------------------------------------------------
	def add_resolution(self, key: str, type_name: str, concerned: Iterable[str] | None = None) -> None:
		eligible = None if concerned is None else frozenset(concerned)
		if eligible is not None and not eligible <= self.raw.keys():
			raise ValidationError(
				_("Resolution {key}: an owner concerned is not on the attendance sheet"), key=key
			)
		r = _Resolution(key, legal_type(type_name).majority, eligible)
		members = self.raw if eligible is None else eligible
		base = self.counted if self.capped_base else self.raw
		r.all_votes = sum((base[o] for o in members), Fraction(0))
		r.all_heads = len(members)
		for o in self.attending:
			if self._eligible(r, o):
				r.attending_votes += self.counted[o]
				r.attending_heads += 1
		self.resolutions[key] = r

	@staticmethod
	def _eligible(r: _Resolution, owner: str) -> bool:
		return r.eligible is None or owner in r.eligible

	# -- attendance ------------------------------------------------------------------------
	def arrive(self, owner: str) -> None:
		"""Check-in (present, represented, remote or by correspondence). Non-admitted owners are refused."""
		self._known(owner)
		if owner not in self.admitted:
			raise ValidationError(
				_("{owner} is not admitted: not up to date with the common charges (art. 16 quinquies)"),
				owner=owner,
			)
		if owner in self.attending:
			return
		self.attending.add(owner)
		v = self.counted[owner]
		self.att_votes += v
		for r in self.resolutions.values():
			if r.closed or not self._eligible(r, owner):
				continue
			r.attending_votes += v
			r.attending_heads += 1
			if owner in r.ballots:
				r.cast_attending_votes += v
				r.cast_attending_heads += 1

	def depart(self, owner: str) -> None:
		"""Departure during the meeting: no longer counted for open resolutions; ballots cast stay."""
		if owner not in self.attending:
			return
		self.attending.discard(owner)
		v = self.counted[owner]
		self.att_votes -= v
		for r in self.resolutions.values():
			if r.closed or not self._eligible(r, owner):
				continue
			r.attending_votes -= v
			r.attending_heads -= 1
			if owner in r.ballots:
				r.cast_attending_votes -= v
				r.cast_attending_heads -= 1

	def set_admitted(self, owner: str, admitted: bool) -> None:
		self._known(owner)
		if admitted:
			self.admitted.add(owner)
		else:
			self.depart(owner)
			self.admitted.discard(owner)

	# -- ballots ---------------------------------------------------------------------------
	def vote(self, key: str, owner: str, choice: str | None) -> None:
		"""Record (or change, or with None withdraw) `owner`'s ballot on resolution `key`."""
		r = self._resolution(key)
		self._known(owner)
		if r.closed:
			raise ValidationError(_("The vote on resolution {key} is closed"), key=key)
		if choice is not None and choice not in CHOICES:
			raise ValidationError(_("Unknown vote: {choice}"), choice=choice)
		if not self._eligible(r, owner):
			raise ValidationError(
				_("{owner} is not concerned by resolution {key} (art. 16 undecies)"), owner=owner, key=key
			)
		if choice is not None and owner not in self.attending:
			raise ValidationError(
				_("{owner} is neither present, represented nor voting remotely: no vote"), owner=owner
			)
		v = self.counted[owner]
		previous = r.ballots.pop(owner, None)
		if previous is not None:
			s = r.sums[previous]
			s[0] -= v
			s[1] -= 1
			if owner in self.attending:
				r.cast_attending_votes -= v
				r.cast_attending_heads -= 1
		if choice is None:
			return
		r.ballots[owner] = choice
		s = r.sums[choice]
		s[0] += v
		s[1] += 1
		r.cast_attending_votes += v
		r.cast_attending_heads += 1

	def vote_all_present(
		self, key: str, choice: str, except_: Mapping[str, str | None] | None = None
	) -> None:
		"""Bulk entry: every attending owner concerned votes `choice`, except those in `except_`
		({owner: their own choice, or None for no vote})."""
		except_ = dict(except_ or {})
		r = self._resolution(key)
		for owner in list(self.attending):
			if not self._eligible(r, owner):
				continue
			self.vote(key, owner, except_[owner] if owner in except_ else choice)

	def close(self, key: str) -> Decision:
		"""Close the vote: the decision is final; later arrivals and departures leave it alone."""
		decision = self.decision(key, final=True)
		self._resolution(key).closed = True
		return decision

	def reopen(self, key: str) -> None:
		r = self._resolution(key)
		if not r.closed:
			return
		r.closed = False
		r.attending_votes = Fraction(0)
		r.attending_heads = 0
		r.cast_attending_votes = Fraction(0)
		r.cast_attending_heads = 0
		for o in self.attending:
			if self._eligible(r, o):
				r.attending_votes += self.counted[o]
				r.attending_heads += 1
				if o in r.ballots:
					r.cast_attending_votes += self.counted[o]
					r.cast_attending_heads += 1

	# -- results ---------------------------------------------------------------------------
	def quorum(self) -> Quorum:
		return quorum(
			len(self.attending),
			len(self.raw),
			self.att_votes,
			self.total,
			meeting=self.meeting,
			reading=self.quorum_reading,
		)

	def counts(self, key: str) -> Counts:
		r = self._resolution(key)
		cast_votes = sum((s[0] for s in r.sums.values()), Fraction(0))
		return Counts(
			for_votes=r.sums[FOR][0],
			against_votes=r.sums[AGAINST][0],
			abstain_votes=r.sums[ABSTAIN][0],
			for_heads=r.sums[FOR][1],
			against_heads=r.sums[AGAINST][1],
			abstain_heads=r.sums[ABSTAIN][1],
			pending_votes=r.attending_votes - r.cast_attending_votes,
			pending_heads=r.attending_heads - r.cast_attending_heads,
			# Present or represented at the vote: those attending plus those who voted and left.
			present_votes=r.attending_votes + cast_votes - r.cast_attending_votes,
			all_votes=r.all_votes,
			all_heads=r.all_heads,
		)

	def decision(self, key: str, *, final: bool = False) -> Decision:
		r = self._resolution(key)
		return decide(
			r.majority,
			self.counts(key),
			final=final or r.closed,
			concerned=r.eligible is not None,
			abstentions_against=self.abstentions_against,
		)

	def decisions(self, *, final: bool = False) -> dict[str, Decision]:
		return {key: self.decision(key, final=final) for key in self.resolutions}

	def ballots(self, key: str) -> dict[str, str]:
		return dict(self._resolution(key).ballots)

	# -- helpers ---------------------------------------------------------------------------
	def _known(self, owner: str) -> None:
		if owner not in self.raw:
			raise ValidationError(_("{owner} is not on the attendance sheet"), owner=owner)

	def _resolution(self, key: str) -> _Resolution:
		try:
			return self.resolutions[key]
		except KeyError:
			raise ValidationError(_("Unknown resolution: {key}"), key=key) from None

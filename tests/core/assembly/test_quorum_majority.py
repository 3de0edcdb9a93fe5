"""Quorum (art. 18) and majorities at their exact boundaries (arts 20, 21, 22, 39)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.assembly.legal_types import (
	LEGAL_TYPES,
	RELATIVE,
	THREE_QUARTERS_ALL,
	UNANIMITY,
)
from syndic_maroc.core.assembly.majority import ADOPTED, LOST, REACHABLE, Counts, decide
from syndic_maroc.core.assembly.quorum import VOTES, quorum
from syndic_maroc.core.assembly.tally import Tally
from syndic_maroc.core.errors import ValidationError


def test_quorum_first_meeting_half_of_members_by_headcount_art_18():
	assert quorum(30, 60, 1000, 10_000).reached  # exactly half
	assert not quorum(29, 60, 9000, 10_000).reached  # votes do not matter in the headcount reading
	assert quorum(3, 5, 1, 10).reached
	assert not quorum(2, 5, 9, 10).reached


def test_quorum_votes_reading_is_a_setting_art_18():
	assert quorum(1, 60, 5000, 10_000, reading=VOTES).reached
	assert not quorum(59, 60, 4999, 10_000, reading=VOTES).reached


def test_quorum_second_meeting_holds_with_whoever_attends_art_18():
	assert quorum(1, 60, 10, 10_000, meeting=2).reached
	assert not quorum(0, 60, 0, 10_000, meeting=2).reached


@given(st.integers(1, 500), st.data())
def test_quorum_property_headcount_art_18(members, data):
	heads = data.draw(st.integers(0, members))
	assert quorum(heads, members, 0, 1, meeting=1).reached == (2 * heads >= members and heads > 0)


def _c(for_, against=0, abstain=0, pending=0, all_votes=10_000, heads=None):
	present = for_ + against + abstain + pending
	return Counts(
		for_votes=Fraction(for_),
		against_votes=Fraction(against),
		abstain_votes=Fraction(abstain),
		pending_votes=Fraction(pending),
		present_votes=Fraction(present),
		all_votes=Fraction(all_votes),
		for_heads=heads[0] if heads else 0,
		against_heads=heads[1] if heads else 0,
		abstain_heads=heads[2] if heads else 0,
		all_heads=heads[3] if heads else 0,
	)


def test_three_quarters_of_all_votes_exactly_adopted_one_short_lost_art_21():
	assert decide(THREE_QUARTERS_ALL, _c(7500), final=True).status == ADOPTED
	assert decide(THREE_QUARTERS_ALL, _c(7499), final=True).status == LOST
	# Fractional votes: ¾ of 1000.01 is 750.0075.
	assert (
		decide(
			THREE_QUARTERS_ALL,
			_c(Fraction("750.0075"), all_votes=Fraction("1000.01")),
			final=True,
		).status
		== ADOPTED
	)
	assert (
		decide(
			THREE_QUARTERS_ALL,
			_c(Fraction("750.0074"), all_votes=Fraction("1000.01")),
			final=True,
		).status
		== LOST
	)


def test_three_quarters_counts_all_owners_not_only_present_art_21():
	# 6,000 present, all for: 100 % of present, 60 % of all → lost.
	assert decide(THREE_QUARTERS_ALL, _c(6000), final=True).status == LOST


def test_three_quarters_of_present_exactly_adopted_one_short_lost_art_39():
	from syndic_maroc.core.assembly.legal_types import THREE_QUARTERS_PRESENT

	assert decide(THREE_QUARTERS_PRESENT, _c(3000, 1000), final=True).status == ADOPTED
	assert decide(THREE_QUARTERS_PRESENT, _c(2999, 1001), final=True).status == LOST
	assert (
		decide(THREE_QUARTERS_PRESENT, _c(2999, 0, 1001), final=True).status == LOST
	)  # abstentions are present


def test_relative_majority_of_present_more_for_than_against_art_20():
	assert decide(RELATIVE, _c(101, 100, 5000), final=True).status == ADOPTED
	assert decide(RELATIVE, _c(100, 100), final=True).status == LOST  # a tie is lost
	assert decide(RELATIVE, _c(101, 100, 5000), final=True, abstentions_against=True).status == LOST


def test_unanimity_lost_by_one_absent_owner_art_22():
	assert decide(UNANIMITY, _c(9990, heads=(59, 0, 0, 60)), final=True).status == LOST
	assert decide(UNANIMITY, _c(10_000, heads=(60, 0, 0, 60)), final=True).status == ADOPTED


def test_traffic_light_reachable_then_adopted_or_lost_art_21():
	assert decide(THREE_QUARTERS_ALL, _c(7000, pending=600)).status == REACHABLE
	assert decide(THREE_QUARTERS_ALL, _c(7000, pending=400)).status == LOST
	assert decide(THREE_QUARTERS_ALL, _c(7500, pending=400)).status == ADOPTED
	assert decide(RELATIVE, _c(300, 200, pending=50)).status == ADOPTED
	assert decide(RELATIVE, _c(300, 200, pending=150)).status == REACHABLE
	assert decide(RELATIVE, _c(100, 200, pending=100)).status == LOST


@given(
	st.sampled_from(sorted(LEGAL_TYPES)),
	st.lists(
		st.tuples(
			st.integers(1, 300),
			st.sampled_from(["For", "Against", "Abstain", None, "absent"]),
		),
		min_size=1,
		max_size=25,
	),
	st.integers(0, 30),
)
def test_traffic_light_property_never_contradicts_the_final_result_arts_20_21_22_39(
	type_name, owners, order_seed
):
	"""Whatever the pending owners vote, ADOPTED/LOST said early stay true at the close."""
	votes = {f"o{i}": v for i, (v, _) in enumerate(owners)}
	kinds = {f"o{i}": k for i, (_, k) in enumerate(owners)}
	t = Tally(votes, [("r", type_name)])
	for o, k in kinds.items():
		if k != "absent":
			t.arrive(o)
	pending = [o for o, k in kinds.items() if k is None]
	for o, k in kinds.items():
		if k in ("For", "Against", "Abstain"):
			t.vote("r", o, k)
	early = t.decision("r").status
	import itertools

	for choices in itertools.islice(
		itertools.product(["For", "Against", "Abstain"], repeat=len(pending)), 27
	):
		t2 = Tally(votes, [("r", type_name)])
		for o, k in kinds.items():
			if k != "absent":
				t2.arrive(o)
			if k in ("For", "Against", "Abstain"):
				t2.vote("r", o, k)
		for o, c in zip(pending, choices, strict=False):
			t2.vote("r", o, c)
		final = t2.decision("r", final=True).status
		assert final in (ADOPTED, LOST)
		if early != REACHABLE:
			assert final == early


def test_three_quarters_and_unanimity_still_apply_at_second_meeting_art_18():
	votes = {f"o{i}": 100 for i in range(10)}
	t = Tally(
		votes,
		[("budget", "Budget approval"), ("raise", "New building or raising")],
		meeting=2,
	)
	for o in ["o0", "o1", "o2"]:
		t.arrive(o)
	assert t.quorum().reached
	t.vote_all_present("budget", "For")
	t.vote_all_present("raise", "For")
	assert t.decision("budget", final=True).status == LOST  # 300 of 1,000
	assert t.decision("raise", final=True).status == LOST


def test_negative_counts_refused():
	with pytest.raises(ValidationError):
		decide(RELATIVE, Counts(for_votes=Fraction(-1)), final=True)

"""The incremental tally (arts 16 quinquies, 16 decies, 16 undecies, 18, 20, 21)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.assembly.legal_types import LEGAL_TYPES
from syndic_maroc.core.assembly.majority import ADOPTED, LOST, REACHABLE
from syndic_maroc.core.assembly.tally import ABSTAIN, AGAINST, FOR, Tally
from syndic_maroc.core.errors import ValidationError


def test_non_admitted_owner_cannot_check_in_nor_vote_art_16_quinquies():
	t = Tally({"a": 10, "b": 10}, [("r", "Concierge")], admitted=["a"])
	with pytest.raises(ValidationError, match="16 quinquies"):
		t.arrive("b")
	with pytest.raises(ValidationError):
		t.vote("r", "b", FOR)
	t.arrive("a")
	assert t.quorum().heads == 1


def test_capped_owner_counts_half_in_the_tally_art_16_decies():
	t = Tally({"big": 6000, "a": 2500, "b": 1500}, [("r", "Budget approval")])
	t.arrive("big")
	t.arrive("a")
	t.vote_all_present("r", FOR)
	c = t.counts("r")
	assert c.for_votes == 7500 and c.all_votes == 10_000
	assert t.decision("r", final=True).status == ADOPTED


def test_capped_base_setting_uses_capped_total_art_16_decies():
	t = Tally(
		{"big": 6000, "a": 2500, "b": 1500},
		[("r", "Budget approval")],
		capped_base=True,
	)
	assert t.counts("r").all_votes == 9000


def test_special_charges_voted_only_by_owners_concerned_art_16_undecies():
	t = Tally({"a": 100, "b": 100, "c": 800}, [("lift", "Major works", ["a", "b"])])
	for o in "abc":
		t.arrive(o)
	with pytest.raises(ValidationError, match="16 undecies"):
		t.vote("lift", "c", FOR)
	t.vote("lift", "a", FOR)
	t.vote("lift", "b", FOR)
	d = t.decision("lift", final=True)
	assert d.status == ADOPTED and d.base_votes == 200


def test_bulk_all_present_for_except_and_changes_art_20():
	t = Tally({f"o{i}": 10 for i in range(5)}, [("r", "Concierge")])
	for i in range(5):
		t.arrive(f"o{i}")
	t.vote_all_present("r", FOR, {"o1": AGAINST, "o2": None})
	c = t.counts("r")
	assert (c.for_heads, c.against_heads, c.pending_heads) == (3, 1, 1)
	t.vote("r", "o0", ABSTAIN)  # a changed vote moves, it is not counted twice
	c = t.counts("r")
	assert (c.for_votes, c.abstain_votes) == (20, 10)


def test_departure_keeps_cast_ballots_and_drops_pending_art_18():
	t = Tally({"a": 10, "b": 10, "c": 10}, [("r", "Concierge")])
	for o in "abc":
		t.arrive(o)
	t.vote("r", "a", FOR)
	t.depart("a")
	t.depart("c")
	c = t.counts("r")
	assert c.for_votes == 10 and c.pending_votes == 10 and c.present_votes == 20
	assert t.quorum().heads == 1
	with pytest.raises(ValidationError):
		t.vote("r", "c", FOR)


def test_closed_vote_is_frozen():
	t = Tally({"a": 10, "b": 10}, [("r", "Concierge")])
	t.arrive("a")
	t.vote("r", "a", FOR)
	assert t.close("r").status == ADOPTED
	t.arrive("b")
	with pytest.raises(ValidationError, match="closed"):
		t.vote("r", "b", AGAINST)
	assert t.decision("r").status == ADOPTED


@given(
	st.lists(st.integers(1, 1000), min_size=1, max_size=20),
	st.lists(
		st.tuples(
			st.integers(0, 19),
			st.sampled_from(["arrive", "depart", FOR, AGAINST, ABSTAIN, "withdraw"]),
		),
		max_size=60,
	),
	st.sampled_from(sorted(LEGAL_TYPES)),
)
def test_incremental_sums_equal_a_recount_from_scratch(votes_list, events, type_name):
	"""After any sequence of arrivals, departures and ballots the running sums equal a recount."""
	votes = {f"o{i}": v for i, v in enumerate(votes_list)}
	t = Tally(votes, [("r", type_name)])
	for idx, ev in events:
		owner = f"o{idx % len(votes_list)}"
		if ev == "arrive":
			t.arrive(owner)
		elif ev == "depart":
			t.depart(owner)
		elif owner in t.attending:
			t.vote("r", owner, None if ev == "withdraw" else ev)
	capped = t.counted
	ballots = t.ballots("r")
	c = t.counts("r")
	assert c.for_votes == sum((capped[o] for o, ch in ballots.items() if ch == FOR), Fraction(0))
	assert c.against_heads == sum(1 for ch in ballots.values() if ch == AGAINST)
	assert c.pending_votes == sum((capped[o] for o in t.attending if o not in ballots), Fraction(0))
	assert c.present_votes == sum((capped[o] for o in t.attending | ballots.keys()), Fraction(0))
	assert t.quorum().heads == len(t.attending)
	assert t.decision("r").status in (ADOPTED, LOST, REACHABLE)

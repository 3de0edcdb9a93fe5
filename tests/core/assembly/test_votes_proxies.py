"""Votes per lot, the vote cap and proxies (loi 18-00 art. 16 decies; model règlement arts 5, 32, 34)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.assembly.admission import admission
from syndic_maroc.core.assembly.proxies import (
	check_proxies,
	check_proxy,
	proxy_valid_for,
)
from syndic_maroc.core.assembly.votes import cap_votes, lot_votes, owner_votes
from syndic_maroc.core.errors import ValidationError

votes_maps = st.dictionaries(
	st.text("abcdefgh", min_size=1, max_size=3),
	st.integers(1, 10_000),
	min_size=1,
	max_size=30,
)


def test_lot_votes_are_tantiemes_unless_reglement_sets_them_art_16_decies():
	assert lot_votes(125) == 125
	assert lot_votes("83.34") == Fraction(8334, 100)
	assert lot_votes(125, 2) == 2
	assert owner_votes([(100, None), (50, 3)]) == 103
	with pytest.raises(ValidationError):
		lot_votes(0)


def test_cap_worked_example_6000_of_10000_becomes_5000_art_16_decies():
	capped = cap_votes({"big": 6000, "a": 2500, "b": 1500})
	assert capped == {"big": 5000, "a": 2500, "b": 1500}


def test_cap_keeps_exactly_half_art_16_decies():
	assert cap_votes({"big": 5000, "a": 5000}) == {"big": 5000, "a": 5000}
	assert cap_votes({"big": 5001, "a": 4999})["big"] == 5000


@given(votes_maps)
def test_cap_property_no_owner_above_half_and_others_untouched_art_16_decies(votes):
	total = sum(votes.values())
	capped = cap_votes(votes)
	for owner, v in votes.items():
		assert capped[owner] <= Fraction(total, 2)
		if 2 * v <= total:
			assert capped[owner] == v
		else:
			assert capped[owner] == Fraction(total, 2)


def test_proxy_fourth_principal_refused_art_16_decies():
	held = {"p1": 10, "p2": 10, "p3": 10}
	with pytest.raises(ValidationError, match="at most 3 owners"):
		check_proxy("h", "p4", 10, held, 10_000)
	check_proxy("h", "p3", 10, held, 10_000)  # the same principal again is not a 4th one


def test_proxy_exactly_10_percent_accepted_one_more_refused_art_16_decies():
	check_proxy("h", "p2", 600, {"p1": 400}, 10_000)
	with pytest.raises(ValidationError, match="10 %"):
		check_proxy("h", "p2", 601, {"p1": 400}, 10_000)


def test_proxy_must_be_written_and_not_to_oneself_art_16_decies():
	with pytest.raises(ValidationError):
		check_proxy("h", "p", 1, {}, 100, written=False)
	with pytest.raises(ValidationError):
		check_proxy("p", "p", 1, {}, 100)


@given(votes_maps, st.data())
def test_proxies_property_accepted_sets_respect_both_limits_art_16_decies(votes, data):
	owners = sorted(votes)
	pairs = data.draw(
		st.lists(
			st.tuples(st.sampled_from(owners), st.sampled_from(["X", "Y"])),
			unique_by=lambda p: p[0],
		)
	)
	total = sum(votes.values())
	try:
		check_proxies(pairs, votes)
	except ValidationError:
		# Then some prefix breaks a limit.
		per = {}
		broke = False
		for principal, holder in pairs:
			per.setdefault(holder, []).append(principal)
			if len(per[holder]) > 3 or 10 * sum(votes[p] for p in per[holder]) > total:
				broke = True
				break
		assert broke
	else:
		per = {}
		for principal, holder in pairs:
			per.setdefault(holder, []).append(principal)
		for principals in per.values():
			assert len(principals) <= 3
			assert 10 * sum(votes[p] for p in principals) <= total


def test_proxy_valid_for_second_meeting_on_same_agenda_model_art_34():
	assert proxy_valid_for(["budget", "syndic"], ["budget", "syndic"])
	assert not proxy_valid_for(["budget"], ["budget", "works"])


def test_non_payer_not_admitted_unless_override_with_reason_art_16_quinquies():
	assert admission(0).admitted
	refused = admission("120.50")
	assert not refused.admitted and "16 quinquies" in refused.reason
	assert not admission(10, "   ").admitted
	overridden = admission(10, "Virement reçu le 2 mars, non encore lettré")
	assert overridden.admitted and overridden.overridden
	assert admission(5, tolerance=5).admitted

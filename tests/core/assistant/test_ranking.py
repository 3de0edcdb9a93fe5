"""Reciprocal-rank fusion (Cormack et al. 2009) of the vector and full-text rankings."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.assistant.ranking import RRF_K, rrf

IDS = st.lists(st.integers(0, 30), max_size=25)


def test_an_item_in_both_lists_beats_the_top_of_one():
	fused = rrf([["a", "b", "c"], ["x", "c", "y"]])
	assert fused[0][0] == "c"
	assert fused[0][1] == pytest.approx(1 / (RRF_K + 3) + 1 / (RRF_K + 2))


def test_scores_and_order():
	fused = rrf([[1, 2], [2, 3]], k=0)
	assert fused == [(2, 1 / 2 + 1 / 1), (1, 1.0), (3, 1 / 2)]


def test_weights_and_limit():
	fused = rrf([["a"], ["b"]], weights=[1, 2], limit=1)
	assert fused == [("b", 2 / (RRF_K + 1))]
	with pytest.raises(ValueError):
		rrf([["a"]], weights=[1, 2])
	with pytest.raises(ValueError):
		rrf([["a"]], k=-1)


@given(st.lists(IDS, max_size=4))
def test_fusion_is_a_ranking_of_the_union(rankings):
	fused = rrf(rankings)
	items = [i for i, _ in fused]
	assert len(items) == len(set(items))
	assert set(items) == {i for r in rankings for i in r}
	scores = [s for _, s in fused]
	assert scores == sorted(scores, reverse=True)
	assert rrf(rankings) == fused  # deterministic


@given(IDS, IDS)
def test_an_item_ahead_in_both_lists_stays_ahead(a, b):
	fused = dict(rrf([a, b]))
	common = [i for i in dict.fromkeys(a) if i in b]
	for x in common:
		for y in common:
			if a.index(x) < a.index(y) and b.index(x) < b.index(y):
				assert fused[x] > fused[y]


@given(IDS)
def test_one_list_keeps_its_order(a):
	assert [i for i, _ in rrf([a])] == list(dict.fromkeys(a))

"""Reciprocal-rank fusion of ranked lists (Cormack, Clarke & Büttcher, SIGIR 2009).

The vector search and the full-text search each return passages best first; their scores are
not comparable (a cosine distance, a ts_rank), their ranks are. Each list gives an item
weight / (k + rank) (rank from 1); an item's fused score is the sum over the lists it is in.
k = 60 is the paper's value: it damps the difference between the first few ranks so that an
item found by both searches beats one found at the top of a single search.
Ties are broken by the best rank the item reached, then by first appearance, so the order is
deterministic. Pure: no frappe, no third-party import.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

RRF_K = 60


def rrf(
	rankings: Sequence[Sequence[Hashable]],
	k: int = RRF_K,
	weights: Sequence[float] | None = None,
	limit: int | None = None,
) -> list[tuple[Hashable, float]]:
	"""[(item, fused score)] best first. A repeated item within one list counts at its best rank."""
	if k < 0:
		raise ValueError("k must be >= 0")
	if weights is None:
		weights = [1.0] * len(rankings)
	if len(weights) != len(rankings):
		raise ValueError("one weight per ranking")
	score: dict[Hashable, float] = {}
	best: dict[Hashable, int] = {}
	first: dict[Hashable, int] = {}
	order = 0
	for ranking, weight in zip(rankings, weights, strict=True):
		seen: set[Hashable] = set()
		for rank, item in enumerate(ranking, start=1):
			if item in seen:
				continue
			seen.add(item)
			score[item] = score.get(item, 0.0) + weight / (k + rank)
			best[item] = min(best.get(item, rank), rank)
			if item not in first:
				first[item] = order
				order += 1
	fused = sorted(score, key=lambda i: (-score[i], best[i], first[i]))
	if limit is not None:
		fused = fused[: max(limit, 0)]
	return [(item, score[item]) for item in fused]

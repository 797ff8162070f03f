"""Recommendations that restate a linked one of their own review join its link.

A review often asks for one change more than once: of the board and of the agencies that will make
it ("the board should publish when to refer", later "the substance misuse teams should agree the
criteria for referring"). When the first is linked to a recommendation of another review, the
second, worded less like that one, can score below the threshold and be left out of the group,
although everything about it points there. So a recommendation with no link of its own is linked to
its best match in another review when

- that match is linked (directly) to the recommendation of its own review that
  it is most like, and
- both likenesses, to the match and to that recommendation, reach ``min_wording`` in
  ``loaders/link-settings.yaml``.

Two separate comparisons have then pointed at the same lesson: the match alone would be too weak,
as would the likeness inside one review. The link gives the reason: "A restates B, which is linked to
C" (A and B of one review, C the match).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from scrgraph.linking.corpus import Recommendation
from scrgraph.linking.text import Wording


class BestMatches:
    """Each recommendation's most similar recommendation of another review, and their similarity,
    gathered from batches of candidate pairs.

    >>> best = BestMatches(3)
    >>> best.add(np.array([0, 0]), np.array([1, 2]), np.array([0.4, 0.6]))
    >>> best.match.tolist(), best.similarity.round(1).tolist()
    ([2, 0, 0], [0.6, 0.4, 0.6])
    """

    def __init__(self, count: int) -> None:
        """Room for ``count`` recommendations, none matched yet (match -1, similarity 0)."""
        self.match = np.full(count, -1, dtype=np.int64)
        self.similarity = np.zeros(count, dtype=np.float64)

    def add(self, left: np.ndarray, right: np.ndarray, similarity: np.ndarray) -> None:
        """Take in a batch of pairs (both ends of each) and keep each end's best."""
        if not left.size:
            return
        ends, others = np.concatenate([left, right]), np.concatenate([right, left])
        values = np.concatenate([similarity, similarity])
        order = np.lexsort((-values, ends))
        first = order[np.r_[True, ends[order][1:] != ends[order][:-1]]]
        better = values[first] > self.similarity[ends[first]]
        self.match[ends[first][better]] = others[first][better]
        self.similarity[ends[first][better]] = values[first][better]


def _likeness(wording: Wording, item: int, others: list[int]) -> np.ndarray:
    """The wording similarity of ``item`` to each of ``others``: the best cosine between their asks."""
    starts = wording.ask_start
    rows = np.concatenate([np.arange(starts[k], starts[k + 1]) for k in others])
    sizes = np.array([starts[k + 1] - starts[k] for k in others])
    product = (wording.asks[starts[item]:starts[item + 1]] @ wording.asks[rows].T).toarray().max(axis=0)
    return np.maximum.reduceat(product, np.r_[0, np.cumsum(sizes)[:-1]])


def restated_links(recs: list[Recommendation], wording: Wording, linked: set[tuple[int, int]], best: BestMatches,
                   floor: float) -> dict[tuple[int, int], tuple[int, int]]:
    """The new links of recommendations that restate a linked one of their own review (see the
    module's description): (lower index, higher index) -> (the restating recommendation, the one it restates).

    ``linked`` holds the pairs linked so far, ``best`` each recommendation's best match in another
    review and ``floor`` the least similarity (``min_wording``) of both comparisons.
    """
    neighbours: dict[int, list[int]] = defaultdict(list)
    for a, b in linked:
        neighbours[a].append(b)
        neighbours[b].append(a)
    review = [rec.review_id for rec in recs]
    # Unlinked, with a good enough match that is linked to a recommendation of the same review.
    loose = [i for i in np.flatnonzero((best.match >= 0) & (best.similarity >= floor)).tolist()
             if i not in neighbours and any(review[k] == review[i] for k in neighbours.get(int(best.match[i]), ()))]
    if not loose:
        return {}
    by_review: dict[str, list[int]] = defaultdict(list)
    wanted = {review[i] for i in loose}
    for n, name in enumerate(review):
        if name in wanted:
            by_review[name].append(n)
    found: dict[tuple[int, int], tuple[int, int]] = {}
    for i in loose:
        match = int(best.match[i])
        own = [k for k in by_review[review[i]] if k != i]
        likeness = _likeness(wording, i, own)
        nearest = own[int(np.argmax(likeness))]
        if likeness.max() >= floor and nearest in neighbours[match]:
            found[(min(i, match), max(i, match))] = (i, nearest)
    return found

"""How far merging groups could lift `scrgraph link`'s recall on synthetic reviews, and at what cost.

``link_quality.py`` shows that a lesson restated in three wordings tends to become one group per
wording. This script asks whether any rule for merging whole groups could join them back without
merging different lessons. It generates N reviews (``generate.py``), runs the linker's scoring
and grouping in memory (before its own merge step), and for every pair of groups of at least
``MERGE_SIZE`` members that are mostly one planted lesson or unplanted, it computes two group
likenesses:

- ``summed``: cosine of the members' summed TF-IDF rows (the rule ``groups.merge_alike`` uses);
- ``core``: cosine of the terms most members share (in at least half of them), weighted by their
  inverse document frequency: the wording a group is asked in, with services, people and
  timescales left out.

For thresholds at the 20th, 40th and 60th percentile of the same-lesson pairs' values it prints how
many same-lesson pairs would be merged and how many pairs of different lessons would be, and how
many same-lesson pairs have nothing in common by that rule. A rule
worth adopting merges many of the first and few of the second; merging two different lessons
costs precision for every pair of their members.

Usage::

    python benchmarks/link_merge_ceiling.py --reviews 1000
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from scrgraph.linking.corpus import Recommendation  # noqa: E402
from scrgraph.linking.groups import MERGE_SIZE, connected_groups  # noqa: E402
from scrgraph.linking.run import find_links  # noqa: E402
from scrgraph.linking.settings import link_settings  # noqa: E402

UNPLANTED = -1
MIXED = -2


def recommendations(records: list[dict]) -> list[Recommendation]:
    """The generated recommendations as the linker reads them from a store, in its order."""
    recs = [Recommendation(f"{r['review']['id']}#{rec['ref']}", r["review"]["id"], r["review"]["year_published"], rec["ref"],
                           rec["text"], frozenset(rec["themes"]), frozenset(rec["addressees"]))
            for r in records for rec in r["recommendations"]]
    return sorted(recs, key=lambda r: (r.review_id, r.iri))


def group_lessons(groups: list[list[int]], lesson: np.ndarray) -> list[int]:
    """Each group's lesson: the planted lesson (or UNPLANTED) of more than half its members, else MIXED."""
    found = []
    for members in groups:
        value, count = Counter(lesson[members].tolist()).most_common(1)[0]
        found.append(value if count > len(members) / 2 else MIXED)
    return found


def likenesses(groups: list[list[int]], whole: sparse.csr_matrix) -> dict[str, np.ndarray]:
    """Group-by-group likeness matrices, one per rule."""
    present = whole.copy()
    present.data[:] = 1.0
    idf = np.log(whole.shape[0] / np.maximum(np.bincount(present.indices, minlength=whole.shape[1]), 1))
    summed = normalize(sparse.vstack([sparse.csr_matrix(whole[g].sum(axis=0)) for g in groups]))
    share = np.vstack([np.asarray(present[g].mean(axis=0)).ravel() for g in groups])
    core = normalize(np.where(share >= 0.5, share * idf, 0.0))
    return {"summed": (summed @ summed.T).toarray(), "core": core @ core.T}


def run(n_reviews: int) -> None:
    """Generate, score, group, and print the merge counts for each rule."""
    records, planted = generate(n_reviews)
    recs = recommendations(records)
    lesson = np.full(len(recs), UNPLANTED)
    row = {r.iri: n for n, r in enumerate(recs)}
    for number, members in enumerate(planted):
        lesson[[row[m] for m in members]] = number
    links, wording, _ = find_links(recs, link_settings(), {})
    groups = [g for g in connected_groups([(p.source, p.target, p.score) for p, _ in links]) if len(g) >= MERGE_SIZE]
    of_group = group_lessons(groups, lesson)
    pairs = [(i, j) for i, j in itertools.combinations(range(len(groups)), 2)
             if of_group[i] != MIXED and of_group[j] != MIXED and not (of_group[i] == of_group[j] == UNPLANTED)]
    same = np.array([of_group[i] == of_group[j] for i, j in pairs], dtype=bool)
    print(f"{n_reviews} reviews: {len(groups)} groups of {MERGE_SIZE}+ before merging, {len(pairs)} pairs of them, "
          f"{int(same.sum())} of one lesson")
    if not same.any():
        return
    for name, matrix in likenesses(groups, wording.whole).items():
        values = np.array([matrix[i, j] for i, j in pairs])
        print(f"  {name:6}: {int((values[same] <= 0).sum())} same-lesson pairs have nothing in common")
        for threshold in np.quantile(values[same], [0.2, 0.4, 0.6]):
            print(f"  {name:6} >= {threshold:.2f}: merges {int((values[same] >= threshold).sum())} of "
                  f"{int(same.sum())} same-lesson pairs and {int((values[~same] >= threshold).sum())} pairs of different lessons")


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[1000])
    for n in parser.parse_args().reviews:
        run(n)


if __name__ == "__main__":
    main()

"""The real development set (benchmarks/data/real-pairs.yaml, texts read from ../shared).

Groups must leave at most 10% of the hard negatives together, and suggestions must find partners
better than plain TF-IDF does. Skipped when ../shared is absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def dev_set():
    """The items of the real documents, the judged pairs and the hard negatives, as item indices."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import link_real
        from real_items import real_items
    finally:
        sys.path.remove(str(BENCHMARKS))
    found = real_items(SHARED)
    keys = list(found)
    index = {key: n for n, key in enumerate(keys)}
    judged = yaml.safe_load(link_real.PAIRS.read_text(encoding="utf-8"))
    recs = link_real.as_recommendations([found[k] for k in keys])
    pairs = [(index[a], index[b]) for a, b, _ in judged["pairs"]]
    negatives = [(index[a], index[b]) for a, b, _ in judged["negatives"]]
    return link_real, recs, pairs, negatives


def test_at_most_a_tenth_of_the_hard_negatives_are_grouped(dev_set):
    link_real, recs, pairs, negatives = dev_set
    figures = link_real.group_figures(recs, pairs, negatives)
    assert figures["negatives grouped"] <= 0.10
    assert figures["precision"] >= 0.8


def test_suggestions_find_partners_more_often_than_plain_tfidf(dev_set):
    from scrgraph.linking.settings import link_settings
    from scrgraph.linking.similarity import similarity_matrix

    link_real, recs, pairs, _ = dev_set
    ours = link_real.top_shares(similarity_matrix(recs, link_settings()), recs, pairs)
    baseline = link_real.top_shares(link_real.tfidf_matrix(recs), recs, pairs)
    assert ours[5] >= baseline[5] + 0.1 and ours[1] > baseline[1]

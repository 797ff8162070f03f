"""Score a candidate pair on wording, themes and addressees, and say why in words."""

from __future__ import annotations

from dataclasses import dataclass

from scipy import sparse

from scrgraph.linking.corpus import Recommendation
from scrgraph.linking.settings import LinkSettings
from scrgraph.linking.text import TermMaker


@dataclass(frozen=True)
class ScoredPair:
    """A pair of recommendations from different reviews, with its score and its reasons."""

    source: int
    target: int
    score: float
    reasons: tuple[str, ...]


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of items in common: |a & b| / |a | b| (0 when both are empty).

    >>> jaccard(frozenset("ab"), frozenset("bc"))
    0.3333333333333333
    """
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def shared_terms(matrix: sparse.csr_matrix, i: int, j: int, terms: list[str], maker: TermMaker, limit: int = 5) -> list[str]:
    """The terms two rows share, heaviest first, in readable form."""
    start_a, end_a = matrix.indptr[i], matrix.indptr[i + 1]
    start_b, end_b = matrix.indptr[j], matrix.indptr[j + 1]
    row_a = dict(zip(matrix.indices[start_a:end_a].tolist(), matrix.data[start_a:end_a].tolist(), strict=True))
    common = sorted(((row_a[t] * w, t) for t, w in zip(matrix.indices[start_b:end_b].tolist(), matrix.data[start_b:end_b].tolist(), strict=True)
                     if t in row_a), reverse=True)
    return [maker.readable(terms[t]) for _, t in common[:limit]]


def score_pair(recs: list[Recommendation], i: int, j: int, cosine: float, settings: LinkSettings,
               matrix: sparse.csr_matrix, terms: list[str], maker: TermMaker) -> ScoredPair:
    """The weighted score of one pair and its reasons."""
    a, b = recs[i], recs[j]
    themes = jaccard(a.themes, b.themes)
    addressees = jaccard(a.addressees, b.addressees)
    score = settings.score(cosine, themes, addressees)
    reasons = [f"similar wording ({cosine:.2f})" + (f": {', '.join(words)}" if (words := shared_terms(matrix, i, j, terms, maker)) else "")]
    if a.themes & b.themes:
        reasons.append("shared themes: " + ", ".join(sorted(a.themes & b.themes)))
    if a.addressees & b.addressees:
        reasons.append("same addressees: " + ", ".join(sorted(a.addressees & b.addressees)))
    return ScoredPair(i, j, round(score, 4), tuple(reasons))

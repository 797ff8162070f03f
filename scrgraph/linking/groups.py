"""Gather linked recommendations into recurring-recommendation groups, with a label and a span of years."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy import sparse

from scrgraph.linking.corpus import Recommendation
from scrgraph.linking.text import TermMaker
from scrgraph.vocab import slugify


@dataclass(frozen=True)
class RecurrenceGroup:
    """Recommendations of several reviews that ask for the same thing."""

    id: str
    label: str
    members: tuple[int, ...]
    first_year: int | None
    last_year: int | None


MAX_GROUP = 12


def connected_groups(pairs: list[tuple[int, int, float]], max_group: int = MAX_GROUP) -> list[list[int]]:
    """Groups of linked recommendations: connected components of the link graph, each sorted.

    A component larger than ``max_group`` has usually chained several themes together through
    loose links; it is split into its communities (Louvain, weighted by score) instead.

    >>> connected_groups([(0, 1, 0.9), (1, 2, 0.8), (3, 4, 0.7)])
    [[0, 1, 2], [3, 4]]
    """
    graph = nx.Graph()
    graph.add_weighted_edges_from(pairs)
    groups = []
    for component in nx.connected_components(graph):
        if len(component) <= max_group:
            groups.append(component)
            continue
        sub = graph.subgraph(component)
        groups.extend(nx.community.louvain_communities(sub, weight="weight", seed=7))
    return sorted(sorted(g) for g in groups if len(g) > 1)


def group_label(members: list[int], matrix: sparse.csr_matrix, terms: list[str], maker: TermMaker, words: int = 4) -> str:
    """A short label: the heaviest terms that at least two members share."""
    rows = matrix[members]
    present = np.asarray((rows > 0).sum(axis=0)).ravel()
    weight = np.asarray(rows.sum(axis=0)).ravel() * (present >= 2)
    best = [t for t in np.argsort(-weight)[:words] if weight[t] > 0]
    return " · ".join(maker.readable(terms[t]) for t in best) or "similar recommendations"


def make_groups(recs: list[Recommendation], pairs: list[tuple[int, int, float]], matrix: sparse.csr_matrix,
                terms: list[str], maker: TermMaker) -> list[RecurrenceGroup]:
    """The recurring-recommendation groups of the kept links, ordered by first year."""
    groups = []
    used: set[str] = set()
    for members in connected_groups(pairs):
        ordered = sorted(members, key=lambda m: (recs[m].year or 9999, recs[m].review_id, recs[m].ref))
        first = recs[ordered[0]]
        years = [recs[m].year for m in members if recs[m].year is not None]
        group_id = base = slugify(f"{first.review_id}-{first.ref}")
        suffix = 2
        while group_id in used:
            group_id, suffix = f"{base}-{suffix}", suffix + 1
        used.add(group_id)
        groups.append(RecurrenceGroup(
            id=group_id,
            label=group_label(members, matrix, terms, maker),
            members=tuple(ordered),
            first_year=min(years) if years else None,
            last_year=max(years) if years else None,
        ))
    return sorted(groups, key=lambda g: (g.first_year or 9999, g.id))

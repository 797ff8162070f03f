"""Gather linked recommendations into recurring-recommendation groups, with a label and a span of years."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from scrgraph.linking.corpus import Recommendation
from scrgraph.linking.text import TermMaker, short_ask
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
# Two communities of one component stay together when at least JOINING links join them, and the
# links between them are at least COHESION times as dense as the links within the sparser one.
# (Measured on benchmarks/generate.py's data from 150 to 10,000 reviews: fewer links let stray
# ones merge small lessons; a higher density bar splits large lessons by their wording.)
JOINING = 3
COHESION = 0.01
# Groups of at least MERGE_SIZE members whose summed wordings have at least this cosine are merged.
GROUP_LIKENESS = 0.6
MERGE_SIZE = 3


def connected_groups(pairs: list[tuple[int, int, float]], max_group: int = MAX_GROUP) -> list[list[int]]:
    """Groups of linked recommendations: connected components of the link graph, each sorted.

    A component larger than ``max_group`` may have chained separate lessons together through a few
    loose links. It is split into its communities (Louvain, weighted by score), and communities
    joined by many links are put back together (see ``JOINING`` and ``COHESION``).
    So one lesson recurring in hundreds of reviews stays one group, while two lessons joined by a
    handful of links come apart.

    >>> connected_groups([(0, 1, 0.9), (1, 2, 0.8), (3, 4, 0.7)])
    [[0, 1, 2], [3, 4]]
    """
    graph: nx.Graph[int] = nx.Graph()
    graph.add_weighted_edges_from(pairs)
    groups = []
    for component in nx.connected_components(graph):
        if len(component) <= max_group:
            groups.append(component)
        else:
            # A copy: Louvain on a subgraph view filters every neighbour it reads, several times slower.
            groups.extend(_split_loose_joins(graph.subgraph(component).copy()))
    return sorted(sorted(g) for g in groups if len(g) > 1)


def _split_loose_joins(component: nx.Graph) -> list[set[int]]:
    """The component's Louvain communities, merged again where many links join them."""
    communities = nx.community.louvain_communities(component, weight="weight", seed=7)
    community_of = {node: number for number, members in enumerate(communities) for node in members}
    inside: Counter[int] = Counter()
    between: Counter[tuple[int, int]] = Counter()
    for a, b in component.edges():
        first, second = sorted((community_of[a], community_of[b]))
        if first == second:
            inside[first] += 1
        else:
            between[(first, second)] += 1
    density = [inside[n] / max(1, len(c) * (len(c) - 1) / 2) for n, c in enumerate(communities)]
    joined: nx.Graph[int] = nx.Graph()
    joined.add_nodes_from(range(len(communities)))
    for (first, second), count in between.items():
        dense = count / (len(communities[first]) * len(communities[second])) >= COHESION * min(density[first], density[second])
        if count >= JOINING and dense:
            joined.add_edge(first, second)
    return [set().union(*(communities[n] for n in part)) for part in nx.connected_components(joined)]


def merge_alike(groups: list[list[int]], matrix: sparse.csr_matrix) -> list[list[int]]:
    """``groups`` with those of at least ``MERGE_SIZE`` members merged where their members' summed
    TF-IDF rows have a cosine of at least ``GROUP_LIKENESS``.

    A lesson restated in hundreds of reviews can fall into one group per wording, since each
    recommendation's best links go to those worded most like it. Summed over a group, the words
    the lesson is asked in stand out, while the services, people and timescales that vary average out.

    >>> rows = sparse.csr_matrix(np.array([[1, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 1], [1, 0, 0], [0, 1, 1]], dtype=float))
    >>> merge_alike([[0, 1, 2], [3, 4, 5]], rows)
    [[0, 1, 2, 3, 4, 5]]
    """
    large = [g for g in groups if len(g) >= MERGE_SIZE]
    if len(large) < 2:
        return groups
    sums = normalize(sparse.vstack([sparse.csr_matrix(matrix[g].sum(axis=0)) for g in large]))
    alike = (sums @ sums.T).tocoo()
    joined: nx.Graph[int] = nx.Graph()
    joined.add_nodes_from(range(len(large)))
    joined.add_edges_from((i, j) for i, j, value in zip(alike.row, alike.col, alike.data, strict=True) if i < j and value >= GROUP_LIKENESS)
    merged = [sorted(set().union(*(large[n] for n in part))) for part in nx.connected_components(joined)]
    return sorted(merged + [g for g in groups if len(g) < MERGE_SIZE])


def group_label(members: list[int], matrix: sparse.csr_matrix, terms: list[str], maker: TermMaker, words: int = 4) -> str:
    """A short label: the heaviest terms that at least two members share."""
    rows = matrix[members]
    # Only the members' own terms are weighed (not the whole vocabulary, once per group).
    columns, column_of = np.unique(rows.indices, return_inverse=True)
    present = np.bincount(column_of, minlength=columns.size)
    weight = np.bincount(column_of, weights=rows.data, minlength=columns.size) * (present >= 2)
    best = [columns[t] for t in np.argsort(-weight, kind="stable")[:words] if weight[t] > 0]
    return " · ".join(maker.readable(terms[t]) for t in best) or "similar recommendations"


def keep_apart(groups: list[list[int]], pairs: list[tuple[int, int, float]], apart: list[tuple[int, int]]) -> list[list[int]]:
    """The groups, with any that holds both items of a pair in ``apart`` (rejected by an analyst)
    split along the weakest links between them: a minimum cut, weighted by the links' scores.

    >>> keep_apart([[0, 1, 2]], [(0, 1, 0.9), (1, 2, 0.3)], [(0, 2)])
    [[0, 1]]
    """
    in_group = {m: n for n, members in enumerate(groups) for m in members}
    clashing = {in_group[a] for a, b in apart if a in in_group and in_group[a] == in_group.get(b)}
    if not clashing:
        return groups
    out = [members for n, members in enumerate(groups) if n not in clashing]
    for n in clashing:
        graph: nx.Graph[int] = nx.Graph()
        graph.add_nodes_from(groups[n])
        graph.add_weighted_edges_from((a, b, w) for a, b, w in pairs if in_group.get(a) == n and in_group.get(b) == n)
        for a, b in apart:
            if a in graph and b in graph and nx.has_path(graph, a, b):
                _, (side, _) = nx.minimum_cut(graph, a, b, capacity="weight")
                graph.remove_edges_from([(x, y) for x, y in list(graph.edges()) if (x in side) != (y in side)])
        out.extend(sorted(c) for c in nx.connected_components(graph) if len(c) > 1)
    return sorted(out)


def central_member(members: list[int], matrix: sparse.csr_matrix) -> int:
    """The member most like the group as a whole (its row nearest the members' summed rows)."""
    rows = matrix[members]
    centre = np.asarray(rows.sum(axis=0)).ravel()
    return members[int(np.argmax(rows @ centre))]


def stable_ids(groups: list[list[str]], previous: dict[str, set[str]]) -> list[str | None]:
    """For each new group (its members' IRIs), the id of the previous group it continues, if any.

    A group continues a previous one when more than half of the previous group's members and more
    than half of its own are shared; each previous id is given to one new group at most, the
    largest overlap first.

    >>> stable_ids([["a", "b", "c"], ["x", "y"]], {"g1": {"a", "b"}, "g2": {"x", "z", "w"}})
    ['g1', None]
    """
    overlaps = sorted(((len(set(g) & old), n, gid) for n, g in enumerate(groups) for gid, old in previous.items()
                       if 2 * len(set(g) & old) > len(old) and 2 * len(set(g) & old) > len(g)), reverse=True)
    out: list[str | None] = [None] * len(groups)
    for _, n, gid in overlaps:
        if out[n] is None and gid not in out:
            out[n] = gid
    return out


def make_groups(recs: list[Recommendation], pairs: list[tuple[int, int, float]], matrix: sparse.csr_matrix,
                terms: list[str], maker: TermMaker, previous: dict[str, set[str]] | None = None,
                names: dict[str, str] | None = None, apart: list[tuple[int, int]] | None = None) -> list[RecurrenceGroup]:
    """The recurring-recommendation groups of the kept links, ordered by first year.

    Pairs in ``apart`` (rejected by an analyst) never end up in one group, even through others.

    A group keeps the id of the ``previous`` group (id -> member IRIs) whose members it mostly
    shares, so confirms, rejects and relinks do not rename it; its label is the analyst's name for
    that id in ``names``, or else the shortened ask of its most central member.
    """
    names = names or {}
    found = keep_apart(merge_alike(connected_groups(pairs), matrix), pairs, apart or [])
    kept = stable_ids([[recs[m].iri for m in members] for members in found], previous or {})
    used: set[str] = {gid for gid in kept if gid}
    groups = []
    for members, kept_id in zip(found, kept, strict=True):
        ordered = sorted(members, key=lambda m: (recs[m].year or 9999, recs[m].review_id, recs[m].ref))
        first = recs[ordered[0]]
        years = [year for m in members if (year := recs[m].year) is not None]
        group_id = kept_id
        if group_id is None:
            group_id = base = slugify(f"{first.review_id}-{first.ref}")
            suffix = 2
            while group_id in used:
                group_id, suffix = f"{base}-{suffix}", suffix + 1
            used.add(group_id)
        label = names.get(group_id) or short_ask(recs[central_member(members, matrix)].text) or group_label(members, matrix, terms, maker)
        groups.append(RecurrenceGroup(
            id=group_id,
            label=label,
            members=tuple(ordered),
            first_year=min(years) if years else None,
            last_year=max(years) if years else None,
        ))
    return sorted(groups, key=lambda g: (g.first_year or 9999, g.id))

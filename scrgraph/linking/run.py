"""``link_store``: score, decide, group and write, in one atomic replacement of the links graph."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np

from scrgraph.linking.background import WordingMaker
from scrgraph.linking.candidates import best_per_pair, indicator_matrix, overlap, similar_pairs
from scrgraph.linking.corpus import Recommendation, read_recommendations
from scrgraph.linking.decisions import CONFIRMED, REJECTED, read_decisions
from scrgraph.linking.groups import RecurrenceGroup, make_groups
from scrgraph.linking.restated import BestMatches, restated_links
from scrgraph.linking.scoring import ScoredPair, score_pair
from scrgraph.linking.settings import LinkSettings, link_settings
from scrgraph.linking.text import TermMaker, Wording, vectorise
from scrgraph.mapping import DCT, RDF_TYPE, RDFS_LABEL, iri, scr, text, typed
from scrgraph.vocab import ID, LINKS_GRAPH, group_iri

if TYPE_CHECKING:
    from scrgraph.backend import Store


@dataclass
class LinkSummary:
    """What one run of the linker found."""

    recommendations: int = 0
    links: int = 0
    groups: int = 0
    confirmed: int = 0
    rejected: int = 0
    group_sizes: list[int] = field(default_factory=list)

    def sentence(self) -> str:
        """The summary as one line for the user."""
        decided = f" ({self.confirmed} confirmed and {self.rejected} rejected by analysts)" if self.confirmed or self.rejected else ""
        return (f"Compared {self.recommendations} recommendations: {self.links} links{decided}, "
                f"{self.groups} recurring-recommendation groups.")


def _link_iri(a: str, b: str) -> str:
    return f"{ID}link/{hashlib.sha1(f'{a} {b}'.encode()).hexdigest()[:16]}"


def _mutual_best(left: np.ndarray, right: np.ndarray, score: np.ndarray, limit: int) -> np.ndarray:
    """A mask of the pairs that are among the ``limit`` best of both their recommendations.

    Requiring both ends to agree stops groups chaining through loosely similar recommendations.

    >>> _mutual_best(np.array([0, 0, 1]), np.array([1, 2, 2]), np.array([0.9, 0.8, 0.7]), 1).tolist()
    [True, False, False]
    """
    count = score.size
    ends = np.concatenate([left, right])
    pairs = np.concatenate([np.arange(count), np.arange(count)])
    order = np.lexsort((pairs, -np.concatenate([score, score]), ends))  # by end, then best first
    sorted_ends = ends[order]
    group_start = np.flatnonzero(np.r_[True, sorted_ends[1:] != sorted_ends[:-1]])
    rank = np.arange(order.size) - np.repeat(group_start, np.diff(np.r_[group_start, order.size]))
    votes = np.bincount(pairs[order][rank < limit], minlength=count)
    return votes == 2


PRUNE_EVERY = 2_000_000


def _prune(candidates: np.ndarray, limit: int) -> np.ndarray:
    """Keep each pair once, at its best score, and drop every pair not among the ``limit`` best of both its ends.

    Safe to do on part of the candidates: more pairs can only push a pair further down.
    Rows are (left, right, cosine, score).
    """
    if candidates.shape[0] == 0:
        return candidates
    candidates = candidates[best_per_pair(candidates[:, 0], candidates[:, 1], candidates[:, 3])]
    mask = _mutual_best(candidates[:, 0].astype(np.int64), candidates[:, 1].astype(np.int64), candidates[:, 3], limit)
    return candidates[mask]


def find_links(recs: list[Recommendation], settings: LinkSettings, decisions: dict[tuple[str, str], str],
               worded: tuple[Wording, TermMaker] | None = None):
    """Score pairs and apply decisions; return (pairs with their decision, the wording vectors, term maker).

    ``worded`` is the recommendations' wording and the term maker that made it, if already made."""
    if worded is None:
        maker = TermMaker(settings)
        wording = vectorise([r.text for r in recs], maker, settings.who_weight)
    else:
        wording, maker = worded
    themes = indicator_matrix([r.themes for r in recs])
    agencies = indicator_matrix([r.addressees for r in recs])
    limit = settings.links_per_recommendation(len({r.review_id for r in recs}))
    parts: list[np.ndarray] = [np.empty((0, 4), dtype=np.float64)]
    pending = 0
    best = BestMatches(len(recs))
    for left, right, cosine in similar_pairs(wording, recs, settings.wording_floor):
        best.add(left, right, cosine)
        score = settings.score(cosine, overlap(themes, left, right), overlap(agencies, left, right))
        keep = score >= settings.threshold
        parts.append(np.column_stack([left[keep], right[keep], cosine[keep], score[keep]]))
        pending += int(keep.sum())
        if pending > PRUNE_EVERY:
            parts, pending = [_prune(np.concatenate(parts), limit)], 0
    candidates = _prune(np.concatenate(parts), limit)
    found = {(int(i), int(j)): float(c) for i, j, c, _ in candidates}
    index = {r.key: n for n, r in enumerate(recs)}
    decided: dict[tuple[int, int], str] = {}
    for (a, b), decision in decisions.items():
        if a in index and b in index:
            i, j = sorted((index[a], index[b]))
            decided[(i, j)] = decision
    linked = {key for key in set(found) | set(decided) if decided.get(key) != REJECTED}
    restating = restated_links(recs, wording, linked, best, settings.wording_floor)
    result = []
    for key in sorted(set(found) | set(decided) | set(restating)):
        i, j = key
        pair_cosine = found[key] if key in found else wording.similarity(i, j)
        pair = score_pair(recs, i, j, pair_cosine, settings, wording.whole, wording.terms, maker)
        if key in restating and key not in found:
            loose, restated = restating[key]
            other = j if loose == i else i
            pair = replace(pair, reasons=(*pair.reasons, f"{recs[loose].key} restates {recs[restated].key}, which is linked to {recs[other].key}"))
        result.append((pair, decided.get(key, "suggested")))
    return result, wording, maker


def link_quads(recs: list[Recommendation], links: list[tuple[ScoredPair, str]], groups: list[RecurrenceGroup]) -> list[str]:
    """The links graph as N-Quads lines."""
    graph = iri(LINKS_GRAPH)
    lines: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"{s} {p} {o} {graph} .\n")

    # The terms every link repeats, made once (a national store has hundreds of thousands of links).
    a_link, source, target, score, decided, reason = (iri(RDF_TYPE), scr("linkSource"), scr("linkTarget"), scr("score"),
                                                      scr("decision"), scr("reason"))
    link_type = scr("RecommendationLink")
    decisions = {d: text(d) for d in {d for _, d in links}}
    for pair, decision in links:
        a, b = recs[pair.source], recs[pair.target]
        node = iri(_link_iri(a.iri, b.iri))
        add(node, a_link, link_type)
        add(node, source, iri(a.iri))
        add(node, target, iri(b.iri))
        # Written as Oxigraph keeps it (no trailing zeros), so an unchanged link compares equal on relink.
        add(node, score, typed(f"{pair.score:.4f}".rstrip("0").rstrip(".") or "0", "decimal"))
        add(node, decided, decisions[decision])
        for because in pair.reasons:
            add(node, reason, text(because))
    for group in groups:
        node = iri(group_iri(group.id))
        add(node, iri(RDF_TYPE), scr("RecurrenceGroup"))
        add(node, iri(DCT + "identifier"), text(group.id))
        add(node, iri(RDFS_LABEL), text(group.label))
        if group.first_year is not None:
            add(node, scr("firstYear"), typed(group.first_year, "integer"))
            add(node, scr("lastYear"), typed(group.last_year, "integer"))
        for member in group.members:
            add(node, scr("member"), iri(recs[member].iri))
    return lines


PREVIOUS_GROUPS = "SELECT ?id ?member WHERE { ?g a scr:RecurrenceGroup ; dcterms:identifier ?id ; scr:member ?member }"


def previous_groups(store: Store) -> dict[str, set[str]]:
    """The groups in the store now: id -> member IRIs."""
    found: dict[str, set[str]] = {}
    for group_id, member in cast(list[tuple[str, str]], store.select_values(PREVIOUS_GROUPS)):  # both bound
        found.setdefault(group_id, set()).add(member)
    return found


def link_store(store: Store, decisions_file: Path | None = None, settings: LinkSettings | None = None,
               stage: Callable[[str], None] | None = None, names: dict[str, str] | None = None) -> LinkSummary:
    """Link the recommendations in ``store`` and replace its links graph with the result.

    Pairs come only from different reviews. A pair is linked when its score reaches the threshold
    in ``loaders/link-settings.yaml`` or an analyst confirmed it; a rejected pair is kept as a
    rejected link, and its two recommendations never end up in one group, not even through others. Groups keep the ids of the groups they continue, and the
    analysts' ``names`` (group id -> label). ``stage`` is told, in words, what is being done.
    """
    stage = stage or (lambda text: None)
    settings = settings or link_settings()
    decisions = read_decisions(decisions_file) if decisions_file else {}
    stage("reading the recommendations")
    with WordingMaker(settings) as terms:  # makes their terms while they are read (on another core, for many)
        recs = read_recommendations(store, on_text=terms.add)
        summary = LinkSummary(recommendations=len(recs))
        if len(recs) < 2:
            store.rewrite_graph(LINKS_GRAPH, [])
            return summary
        stage(f"comparing {len(recs):,} recommendations")
        maker = TermMaker(settings)
        wording = terms.make([r.iri for r in recs], [r.text for r in recs], maker).wording
    links, wording, maker = find_links(recs, settings, decisions, (wording, maker))
    grouped = [(p.source, p.target, p.score) for p, decision in links if decision != REJECTED]
    stage(f"grouping {len(grouped):,} links")
    rejected = [(p.source, p.target) for p, decision in links if decision == REJECTED]
    groups = make_groups(recs, grouped, wording.whole, wording.terms, maker, previous_groups(store), names, rejected)
    stage("writing the links")
    store.rewrite_graph(LINKS_GRAPH, link_quads(recs, links, groups))
    summary.links = len(grouped)
    summary.groups = len(groups)
    summary.confirmed = sum(1 for _, d in links if d == CONFIRMED)
    summary.rejected = sum(1 for _, d in links if d == REJECTED)
    summary.group_sizes = [len(g.members) for g in groups]
    return summary

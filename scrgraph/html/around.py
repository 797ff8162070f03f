"""The drawable graph around one review, agency, theme or group, read from the store node by node.

:func:`scrgraph.html.model.store_display_graph` reads the whole store and works out every action's
state: a minute at a few hundred reviews. A view around one thing needs only what lies within
``depth`` links of it, so on an Oxigraph store this module walks out from the named node through
pyoxigraph's triple index (a lookup per node), reads the triples of the nodes reached and of what
their panels show (provenance passages, the review an item is part of, the actions answering a
recommendation, its links and groups), and works out the state of the actions of the reviews
concerned only. The result is what :func:`scrgraph.html.views.neighbourhood` cuts from the whole
graph, except that a hub's filter lists (the reviews an agency appears in) name only what was read,
and that at most ``MAX_VIEW_NODES`` nodes are drawn: nearest first, the page saying that more are
within reach.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from typing import Any, Iterable, Iterator

import networkx as nx

from scrgraph.errors import ScrgraphError
from scrgraph.html.model import CLASS_KIND, EDGE_LABELS, REJECTED, display_graph, measure_states_of_reviews
from scrgraph.netgraph import RDF_TYPE, add_triples
from scrgraph.store import _ox_python_value
from scrgraph.vocab import ONTOLOGY_GRAPH, SCR, agency_iri, local_id, review_iri, theme_iri

# More nodes than this make a picture nobody can read, and a page that takes seconds to lay out.
MAX_VIEW_NODES = 300
DRAWN_LINKS = set(EDGE_LABELS)
# What the ontology graph says about a vocabulary node (agency, theme, status) that a panel shows.
VOCABULARY_PREDICATES = {"type", "label", "notation", "sector", "themeKind", "defaultRag", "resolved"}
CLASS_OF_KIND = {kind: str(SCR[name]) for name, kind in CLASS_KIND.items()}
EXACT_IRI = {"review": review_iri, "agency": agency_iri, "theme": theme_iri}


class Around:
    """Reads around nodes of one Oxigraph store (``store._ox``), remembering each node's triples."""

    def __init__(self, ox: Any) -> None:
        import pyoxigraph as ox_module

        self._ox = ox
        self._ox_module = ox_module
        self._ontology = ox_module.NamedNode(ONTOLOGY_GRAPH)
        self._type = ox_module.NamedNode(RDF_TYPE)
        self._kinds: dict[str, str | None] = {}

    def node(self, iri: str) -> Any:
        """The pyoxigraph node of an IRI."""
        return self._ox_module.NamedNode(iri)

    def out_quads(self, iri: str) -> Iterator[Any]:
        """Every quad whose subject is ``iri``."""
        return self._ox.quads_for_pattern(self.node(iri), None, None, None)

    def in_quads(self, iri: str) -> Iterator[Any]:
        """Every quad whose object is ``iri``."""
        return self._ox.quads_for_pattern(None, None, self.node(iri), None)

    def kind(self, iri: str) -> str | None:
        """The drawn kind of a node (review, agency ...), or None for a node that is not drawn."""
        if iri not in self._kinds:
            found = None
            for quad in self._ox.quads_for_pattern(self.node(iri), self._type, None, None):
                if quad.object.value.startswith(str(SCR)):
                    found = found or CLASS_KIND.get(local_id(quad.object.value))
            self._kinds[iri] = found
        return self._kinds[iri]

    def of_class(self, kind: str) -> list[str]:
        """Every node of a drawn kind."""
        cls = self.node(CLASS_OF_KIND[kind])
        return sorted({q.subject.value for q in self._ox.quads_for_pattern(None, self._type, cls, None)
                       if type(q.subject) is self._ox_module.NamedNode})

    def neighbours(self, iri: str) -> Iterator[str]:
        """The drawn nodes one drawn link away from ``iri``, either direction (links between
        recommendations go through their link node, unless an analyst rejected the link)."""
        named = self._ox_module.NamedNode
        for quad in self.out_quads(iri):
            if type(quad.object) is named and local_id(quad.predicate.value) in DRAWN_LINKS:
                yield quad.object.value
        for quad in self.in_quads(iri):
            name = local_id(quad.predicate.value)
            if type(quad.subject) is not named:
                continue
            if name in DRAWN_LINKS:
                yield quad.subject.value
            elif name in ("linkSource", "linkTarget"):
                yield from self._linked(quad.subject.value, "linkTarget" if name == "linkSource" else "linkSource")

    def _linked(self, link: str, other_end: str) -> Iterator[str]:
        decision, ends = None, []
        for quad in self.out_quads(link):
            name = local_id(quad.predicate.value)
            if name == "decision":
                decision = quad.object.value
            elif name == other_end:
                ends.append(quad.object.value)
        if decision != REJECTED:
            yield from ends

    def objects(self, iri: str) -> Iterator[str]:
        """The IRIs ``iri`` points at outside the ontology graph (its review, passage, agencies ...)."""
        named = self._ox_module.NamedNode
        for quad in self.out_quads(iri):
            if type(quad.object) is named and quad.graph_name != self._ontology and quad.predicate != self._type:
                yield quad.object.value

    def subjects_by(self, iri: str, predicates: Iterable[str]) -> Iterator[str]:
        """The IRIs that point at ``iri`` with one of ``predicates`` (local names)."""
        wanted = set(predicates)
        for quad in self.in_quads(iri):
            if type(quad.subject) is self._ox_module.NamedNode and local_id(quad.predicate.value) in wanted:
                yield quad.subject.value

    def triples(self, nodes: Iterable[str]) -> Iterator[tuple[str, str, Any, bool]]:
        """(subject, predicate, value, object-is-IRI) rows of ``nodes`` as :func:`add_triples` takes them:
        their own data, and what the ontology graph says about vocabulary nodes."""
        named, blank = self._ox_module.NamedNode, self._ox_module.BlankNode
        for iri in nodes:
            for quad in self.out_quads(iri):
                if type(quad.object) is blank:
                    continue
                if quad.graph_name == self._ontology and local_id(quad.predicate.value) not in VOCABULARY_PREDICATES:
                    continue
                yield iri, quad.predicate.value, _ox_python_value(quad.object), type(quad.object) is named


def resolve(around: Around, kind: str, ident: str) -> str | None:
    """The node of ``kind`` named ``ident``: by its id or IRI first, then by its label or title
    (ignoring case), as :func:`scrgraph.html.views._find` matches; None when there is none."""
    exact = EXACT_IRI.get(kind)
    if exact is not None:
        try:
            iri = exact(ident.strip())
        except Exception:  # an id no IRI can be made of: looked for by label below
            iri = None
        if iri and around.kind(iri) == kind:
            return iri
    wanted = ident.strip().lower()
    by_label = None
    for iri in around.of_class(kind):
        values = {local_id(q.predicate.value): str(q.object.value) for q in around.out_quads(iri)}
        own = values.get("identifier") or values.get("notation") or local_id(iri)
        if own.lower() == wanted or iri.lower() == wanted:
            return iri
        if by_label is None and wanted in (values.get(name, "").lower() for name in ("label", "prefLabel", "title")):
            by_label = iri
    return by_label


def reach(around: Around, seeds: list[str], depth: int, cap: int | None = None) -> tuple[list[str], bool]:
    """The drawn nodes within ``depth`` links of ``seeds``, nearest first, at most ``cap`` of them
    (default ``MAX_VIEW_NODES``; seeds always kept), and whether more were within reach (the walk
    stops at the cap: an agency of 10,000 reviews reaches thousands)."""
    cap = max(MAX_VIEW_NODES if cap is None else cap, len(seeds))
    distance = {seed: 0 for seed in seeds}
    queue = deque(seeds)
    while queue:
        node = queue.popleft()
        if distance[node] >= depth:
            continue
        for other in around.neighbours(node):
            if other not in distance and around.kind(other) is not None:
                if len(distance) >= cap:
                    return sorted(distance, key=lambda n: (distance[n], n)), True
                distance[other] = distance[node] + 1
                queue.append(other)
    return sorted(distance, key=lambda n: (distance[n], n)), False


def display_around(ox: Any, kept: list[str], as_of: dt.date | None) -> nx.MultiDiGraph:
    """The display graph of ``kept`` nodes, with what their panels and states need read alongside."""
    around = Around(ox)
    fetch = set(kept)
    for node in kept:  # a recommendation's state needs its actions; its panel its links and groups
        if around.kind(node) == "recommendation":
            fetch.update(around.subjects_by(node, ("answers", "linkSource", "linkTarget", "member")))
    frontier = set(fetch)
    for _ in range(2):  # items -> review, passage, agencies; passage -> document, review -> board
        reached = {o for node in frontier for o in around.objects(node)} - fetch
        fetch |= reached
        frontier = reached
    full = nx.MultiDiGraph()
    add_triples(full, around.triples(sorted(fetch)))
    reviews = sorted({r for node in fetch if around.kind(node) == "measure"
                      for r in full.successors(node) if full.nodes[r].get("kind") == "Review"})
    drawn = display_graph(full, measure_states_of_reviews(ox, reviews, as_of))
    return drawn.subgraph(node for node in kept if node in drawn).copy()


def view_around(ox: Any, kind: str, ident: str, depth: int, what: str, hint: str = "",
                as_of: dt.date | None = None) -> tuple[nx.MultiDiGraph, str, int, bool]:
    """The drawable graph within ``depth`` links of the ``kind`` named ``ident`` (for a review, also of
    its parts; for a group, of its members): the graph, the node, its seed count and whether more
    nodes were within reach than the ``MAX_VIEW_NODES`` drawn."""
    around = Around(ox)
    node = resolve(around, kind, ident)
    if node is None:
        known = around.of_class(kind)
        if not known:
            raise ScrgraphError(f"There is no {what} {ident!r} in the store; it has no {what}s yet{hint}.")
        names = sorted(local_id(k) if kind in ("agency", "theme") else _own_id(around, k) for k in known)
        more = f" and {len(names) - 12} more" if len(names) > 12 else ""
        raise ScrgraphError(f"There is no {what} {ident!r} in the store ({what}s in it: {', '.join(names[:12])}{more}).")
    seeds = [node]
    if kind == "review":
        seeds += sorted(set(around.subjects_by(node, ("isPartOf",))))
    elif kind == "group":
        seeds += sorted({q.object.value for q in around.out_quads(node) if local_id(q.predicate.value) == "member"})
    kept, more = reach(around, seeds, depth)
    return display_around(ox, kept, as_of), node, len(seeds), more


def _own_id(around: Around, iri: str) -> str:
    for quad in around.out_quads(iri):
        if local_id(quad.predicate.value) == "identifier":
            return str(quad.object.value)
    return local_id(iri)

"""The drawable graph around one review, agency, theme or group, read from the store node by node.

:func:`scrgraph.html.model.store_display_graph` reads the whole store and works out every action's
state: a minute at a few hundred reviews. A view around one thing needs only what lies within
``depth`` links of it, so on an Oxigraph store this module walks out from the named node through
pyoxigraph's triple index (a lookup per node), reads the triples of the nodes reached and of what
their panels show (provenance passages, the review an item is part of, the actions answering a
recommendation, its links and groups), and works out the state of the actions of the reviews
concerned only. Of what is read only to be named in a drawn node's panel (a linked recommendation
in another review, and that review) it follows only the way to its review, and of that review it
reads only its id, title and year. The result is what :func:`scrgraph.html.views.neighbourhood`
cuts from the whole graph, except that a hub's filter lists and panel lists (the reviews or
agencies a theme appears with) name only what was read, and that at most ``MAX_VIEW_NODES`` nodes
are drawn: nearest first, the page saying that more are within reach.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx
from rdflib.namespace import DCTERMS, RDFS

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
# All that is read of a review that is not drawn but named in a drawn item's panel (a linked
# recommendation's review): its class, id, title and year. Its agencies and board would be a
# quarter of all a view reads, for nothing on the page.
NAMED_REVIEW_PREDICATES = (RDF_TYPE, str(DCTERMS.identifier), str(DCTERMS.title), str(RDFS.label), str(SCR.year))


class Around:
    """Reads around nodes of one Oxigraph database (``OxigraphStore.database``), remembering each node's triples."""

    def __init__(self, ox: Any) -> None:
        import pyoxigraph as ox_module

        self._ox = ox
        self._ox_module = ox_module
        self._ontology = ox_module.NamedNode(ONTOLOGY_GRAPH)
        self._type = ox_module.NamedNode(RDF_TYPE)
        self._kinds: dict[str, str | None] = {}
        self._out: dict[str, list[Any]] = {}

    @property
    def database(self) -> Any:
        """The pyoxigraph store read."""
        return self._ox

    def node(self, iri: str) -> Any:
        """The pyoxigraph node of an IRI."""
        return self._ox_module.NamedNode(iri)

    def out_quads(self, iri: str) -> list[Any]:
        """Every quad whose subject is ``iri`` (read once: a view asks for most nodes' quads twice)."""
        quads = self._out.get(iri)
        if quads is None:
            quads = self._out[iri] = list(self._ox.quads_for_pattern(self.node(iri), None, None, None))
        return quads

    def in_quads(self, iri: str) -> Iterator[Any]:
        """Every quad whose object is ``iri``."""
        return self._ox.quads_for_pattern(None, None, self.node(iri), None)

    def kind(self, iri: str) -> str | None:
        """The drawn kind of a node (review, agency ...), or None for a node that is not drawn."""
        if iri not in self._kinds:
            found = None
            typed = ([q for q in self._out[iri] if q.predicate == self._type] if iri in self._out
                     else self._ox.quads_for_pattern(self.node(iri), self._type, None, None))
            for quad in typed:
                if quad.object.value.startswith(str(SCR)):
                    found = found or CLASS_KIND.get(local_id(quad.object.value))
            self._kinds[iri] = found
        return self._kinds[iri]

    def of_class(self, kind: str) -> list[str]:
        """Every node of a drawn kind."""
        cls = self.node(CLASS_OF_KIND[kind])
        return sorted({q.subject.value for q in self._ox.quads_for_pattern(None, self._type, cls, None)
                       if type(q.subject) is self._ox_module.NamedNode})

    def used(self, iri: str) -> bool:
        """Whether anything of the reviews (outside the bundled ontology) points at ``iri``."""
        return any(q.graph_name != self._ontology for q in self._ox.quads_for_pattern(None, None, self.node(iri), None))

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

    def objects(self, iri: str, predicates: Iterable[str] | None = None) -> Iterator[str]:
        """The IRIs ``iri`` points at outside the ontology graph (its review, passage, agencies ...),
        through any predicate or only through ``predicates`` (local names)."""
        named = self._ox_module.NamedNode
        wanted = None if predicates is None else set(predicates)
        for quad in self.out_quads(iri):
            if type(quad.object) is named and quad.graph_name != self._ontology and quad.predicate != self._type \
                    and (wanted is None or local_id(quad.predicate.value) in wanted):
                yield quad.object.value

    def subjects_by(self, iri: str, predicates: Iterable[str]) -> Iterator[str]:
        """The IRIs that point at ``iri`` with one of ``predicates`` (local names)."""
        wanted = set(predicates)
        for quad in self.in_quads(iri):
            if type(quad.subject) is self._ox_module.NamedNode and local_id(quad.predicate.value) in wanted:
                yield quad.subject.value

    def _some_quads(self, iri: str, predicates: Iterable[str]) -> Iterator[Any]:
        """The quads of ``iri`` with one of ``predicates`` (full IRIs), one index lookup each."""
        subject = self.node(iri)
        for predicate in predicates:
            yield from self._ox.quads_for_pattern(subject, self.node(predicate), None, None)

    def triples(self, nodes: Iterable[str], named_only: frozenset[str] = frozenset()) -> Iterator[tuple[str, str, Any, bool]]:
        """(subject, predicate, value, object-is-IRI) rows of ``nodes`` as :func:`add_triples` takes them:
        their own data, and what the ontology graph says about vocabulary nodes; of the reviews in
        ``named_only``, only what names them (:data:`NAMED_REVIEW_PREDICATES`)."""
        named, blank, ontology = self._ox_module.NamedNode, self._ox_module.BlankNode, self._ontology
        for iri in nodes:
            quads = self._some_quads(iri, NAMED_REVIEW_PREDICATES) if iri in named_only else self.out_quads(iri)
            for quad in quads:
                value = quad.object
                if type(value) is blank:
                    continue
                predicate = quad.predicate.value
                if quad.graph_name == ontology and local_id(predicate) not in VOCABULARY_PREDICATES:
                    continue
                if type(value) is named:
                    yield iri, predicate, value.value, True
                else:
                    yield iri, predicate, _ox_python_value(value), False


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


def display_around(around: Around, kept: list[str], as_of: dt.date | None) -> nx.MultiDiGraph:
    """The display graph of ``kept`` nodes, with what their panels and states need read alongside."""
    fetch = set(kept)
    for node in kept:  # a recommendation's state needs its actions; its panel its links and groups
        if around.kind(node) == "recommendation":
            fetch.update(around.subjects_by(node, ("answers", "linkSource", "linkTarget", "member")))
    drawn_set = set(kept)
    frontier = set(fetch)
    for _ in range(2):  # items -> review, passage, agencies; passage -> document, review -> board
        reached = {o for node in frontier for o in _needed_objects(around, node, node in drawn_set)} - fetch
        fetch |= reached
        frontier = reached
    named_only = frozenset(node for node in fetch if node not in drawn_set and around.kind(node) == "review")
    full: nx.MultiDiGraph = nx.MultiDiGraph()
    add_triples(full, around.triples(sorted(fetch), named_only))
    reviews = sorted({r for node in fetch if around.kind(node) == "measure"
                      for r in full.successors(node) if full.nodes[r].get("kind") == "Review"})
    drawn = display_graph(full, measure_states_of_reviews(around.database, reviews, as_of))
    # Nodes the display leaves out (a tracker import, a passage) are simply not drawn.
    return drawn.subgraph([node for node in kept if node in drawn]).copy()


def _needed_objects(around: Around, node: str, drawn: bool) -> Iterable[str]:
    """What ``node`` points at that the drawing needs read: everything, for a drawn node; for one
    only named in a drawn node's panel (a linked recommendation, its review), only its review."""
    if drawn:
        return around.objects(node)
    kind = around.kind(node)
    if kind == "review":
        return ()
    if kind in ("recommendation", "finding"):
        return around.objects(node, ("isPartOf",))
    return around.objects(node)


def view_around(ox: Any, kind: str, ident: str, depth: int, what: str, hint: str = "",
                as_of: dt.date | None = None) -> tuple[nx.MultiDiGraph, str, int, bool]:
    """The drawable graph within ``depth`` links of the ``kind`` named ``ident`` (for a review, also of
    its parts; for a group, of its members): the graph, the node, its seed count and whether more
    nodes were within reach than the ``MAX_VIEW_NODES`` drawn."""
    around = Around(ox)
    node = resolve(around, kind, ident)
    if node is None:
        known = [k for k in around.of_class(kind) if kind not in ("agency", "theme") or around.used(k)]
        plural = "agencies" if what == "agency" else what + "s"
        if not known:
            raise ScrgraphError(f"There is no {what} {ident!r} in the store; it has no {plural} yet{hint}.")
        names = sorted(local_id(k) if kind in ("agency", "theme") else _own_id(around, k) for k in known)
        others = f" and {len(names) - 12} more" if len(names) > 12 else ""
        raise ScrgraphError(f"There is no {what} {ident!r} in the store ({plural} in it: {', '.join(names[:12])}{others}).")
    seeds = [node]
    if kind == "review":
        seeds += sorted(set(around.subjects_by(node, ("isPartOf",))))
    elif kind == "group":
        seeds += sorted({q.object.value for q in around.out_quads(node) if local_id(q.predicate.value) == "member"})
    kept, more = reach(around, seeds, depth)
    return display_around(around, kept, as_of), node, len(seeds), more


def _own_id(around: Around, iri: str) -> str:
    for quad in around.out_quads(iri):
        if local_id(quad.predicate.value) == "identifier":
            return str(quad.object.value)
    return local_id(iri)

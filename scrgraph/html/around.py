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

A store that never changes (a read-only copy: the workbench draws its views from one) keeps what its
views read, so that the next view reads again only what is new to it (:func:`around_of`).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import networkx as nx
from rdflib.namespace import DCTERMS, RDFS

from scrgraph.derived import DERIVED_GRAPH
from scrgraph.errors import ScrgraphError
from scrgraph.html.model import CLASS_KIND, EDGE_LABELS, REJECTED, display_graph, measure_states_by_review
from scrgraph.netgraph import RDF_TYPE, add_triples
from scrgraph.store import OxigraphStore, _ox_python_value
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


# What is kept of one quad whose subject is a node: its predicate IRI and local name, its object (an
# IRI, or a literal's Python value), whether the object is an IRI, and whether the quad is the
# ontology graph's. Quads whose object is a blank node are left out: nothing drawn reads them.
OutRow = tuple[str, str, Any, bool, bool]
# Nodes whose data an Around of a store that never changes keeps from one view to the next, at
# most: 2-3 KB each (35 MB for 14,600 nodes after 400 views at 10,000 linked reviews), so about
# 125 MB per drawing process. More than this, and the older half is forgotten. A thousand reviews
# (42,000 nodes read after 1,000 views) are kept whole: their views took 30 ms of processor time,
# against 40 ms when everything was forgotten at 20,000 nodes.
KEPT_NODES = 50_000
# A node pointed at by more than this many is not kept: read again when asked for (a hub of a
# large store is pointed at by tens of thousands, and a view walks out from it only once).
KEPT_IN_ROWS = 1_000


class Around:
    """Reads around nodes of one Oxigraph database (``OxigraphStore.database``), remembering each
    node's quads. With ``keep`` (for a store that never changes: a read-only copy), what was read is
    kept for later views too: up to :data:`KEPT_NODES` nodes, then the more recently read half."""

    def __init__(self, ox: Any, keep: bool = False) -> None:
        import pyoxigraph as ox_module

        self._ox = ox
        self._ox_module = ox_module
        self._ontology = ox_module.NamedNode(ONTOLOGY_GRAPH)
        self._derived = ox_module.NamedNode(DERIVED_GRAPH)
        self._type = ox_module.NamedNode(RDF_TYPE)
        self._keep = keep
        self._kinds: dict[str, str | None] = {}
        self._out: dict[str, list[OutRow]] = {}
        self._in: dict[str, list[tuple[str, str]]] = {}
        self._predicates: dict[str, tuple[str, str]] = {}  # one copy of each predicate's IRI and name
        self._states: dict[tuple[str, dt.date | None], dict[str, dict[str, Any]]] = {}

    def node(self, iri: str) -> Any:
        """The pyoxigraph node of an IRI."""
        return self._ox_module.NamedNode(iri)

    def start_view(self) -> None:
        """Begin a view: forget what earlier views read, unless it is kept; of too much kept, the
        half read first (dicts keep the order in which nodes were read)."""
        if not self._keep:
            for kept in (self._kinds, self._out, self._in, self._states):
                kept.clear()
        elif len(self._out) > KEPT_NODES:
            share = (KEPT_NODES // 2) / len(self._out)
            for kept in (self._kinds, self._out, self._in, self._states):
                _forget_oldest(kept, int(len(kept) * share))

    def out_rows(self, iri: str) -> list[OutRow]:
        """What ``iri`` points at (read once: a view asks for most nodes' quads twice), the derived
        graph's dates left out (a view shows what the documents and trackers said)."""
        rows = self._out.get(iri)
        if rows is None:
            named, blank, ontology, predicates = self._ox_module.NamedNode, self._ox_module.BlankNode, self._ontology, self._predicates
            rows = []
            for quad in self._ox.quads_for_pattern(self.node(iri), None, None, None):
                value = quad.object
                if type(value) is blank or quad.graph_name == self._derived:
                    continue
                predicate = quad.predicate.value
                shared = predicates.get(predicate)
                if shared is None:
                    shared = predicates[predicate] = (predicate, local_id(predicate))
                is_iri = type(value) is named
                rows.append((shared[0], shared[1], value.value if is_iri else _ox_python_value(value), is_iri,
                             quad.graph_name == ontology))
            self._out[iri] = rows
        return rows

    def in_rows(self, iri: str) -> list[tuple[str, str]]:
        """(subject, predicate name) of each quad whose object is ``iri`` and whose subject is an IRI;
        kept unless there are more than :data:`KEPT_IN_ROWS` (an agency or a theme of a large store)."""
        rows = self._in.get(iri)
        if rows is None:
            named = self._ox_module.NamedNode
            rows = [(quad.subject.value, local_id(quad.predicate.value))
                    for quad in self._ox.quads_for_pattern(None, None, self.node(iri), None) if type(quad.subject) is named]
            if len(rows) <= KEPT_IN_ROWS:
                self._in[iri] = rows
        return rows

    def kind(self, iri: str) -> str | None:
        """The drawn kind of a node (review, agency ...), or None for a node that is not drawn."""
        if iri not in self._kinds:
            if iri in self._out:
                types = [value for predicate, _, value, is_iri, _ in self._out[iri] if predicate == RDF_TYPE and is_iri]
            else:
                types = [q.object.value for q in self._ox.quads_for_pattern(self.node(iri), self._type, None, None)]
            found = None
            for cls in types:
                if cls.startswith(str(SCR)):
                    found = found or CLASS_KIND.get(local_id(cls))
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
        for _, name, value, is_iri, _ in self.out_rows(iri):
            if is_iri and name in DRAWN_LINKS:
                yield value
        for subject, name in self.in_rows(iri):
            if name in DRAWN_LINKS:
                yield subject
            elif name in ("linkSource", "linkTarget"):
                yield from self._linked(subject, "linkTarget" if name == "linkSource" else "linkSource")

    def _linked(self, link: str, other_end: str) -> Iterator[str]:
        decision, ends = None, []
        for _, name, value, _, _ in self.out_rows(link):
            if name == "decision":
                decision = value
            elif name == other_end:
                ends.append(value)
        if decision != REJECTED:
            yield from ends

    def values(self, iri: str) -> dict[str, str]:
        """The text of each of ``iri``'s values by predicate name (one per name)."""
        return {name: str(value) for _, name, value, _, _ in self.out_rows(iri)}

    def objects(self, iri: str, predicates: Iterable[str] | None = None) -> Iterator[str]:
        """The IRIs ``iri`` points at outside the ontology graph (its review, passage, agencies ...),
        through any predicate or only through ``predicates`` (local names)."""
        wanted = None if predicates is None else set(predicates)
        for predicate, name, value, is_iri, in_ontology in self.out_rows(iri):
            if is_iri and not in_ontology and predicate != RDF_TYPE and (wanted is None or name in wanted):
                yield value

    def subjects_by(self, iri: str, predicates: Iterable[str]) -> Iterator[str]:
        """The IRIs that point at ``iri`` with one of ``predicates`` (local names)."""
        wanted = set(predicates)
        return (subject for subject, name in self.in_rows(iri) if name in wanted)

    def triples(self, nodes: Iterable[str], named_only: frozenset[str] = frozenset()) -> Iterator[tuple[str, str, Any, bool]]:
        """(subject, predicate, value, object-is-IRI) rows of ``nodes`` as :func:`add_triples` takes them:
        their own data, and what the ontology graph says about vocabulary nodes; of the reviews in
        ``named_only``, only what names them (:data:`NAMED_REVIEW_PREDICATES`)."""
        for iri in nodes:
            only_names = iri in named_only
            for predicate, name, value, is_iri, in_ontology in self.out_rows(iri):
                if only_names and predicate not in NAMED_REVIEW_PREDICATES:
                    continue
                if in_ontology and name not in VOCABULARY_PREDICATES:
                    continue
                yield iri, predicate, value, is_iri

    def measure_states(self, reviews: Iterable[str], as_of: dt.date | None) -> dict[str, dict[str, Any]]:
        """The state of each action of ``reviews`` on ``as_of`` (see :func:`measure_states_by_review`)."""
        missing = [review for review in reviews if (review, as_of) not in self._states]
        if missing:
            for review, states in measure_states_by_review(self._ox, missing, as_of).items():
                self._states[review, as_of] = states
        found: dict[str, dict[str, Any]] = {}
        for review in reviews:
            found.update(self._states[review, as_of])
        return found


def _forget_oldest(kept: dict[Any, Any], keep: int) -> None:
    """Remove the entries of ``kept`` added first, until ``keep`` are left."""
    for key in list(islice(kept, max(len(kept) - keep, 0))):
        del kept[key]


_KEPT: weakref.WeakKeyDictionary[Any, Around] = weakref.WeakKeyDictionary()


def around_of(store: OxigraphStore) -> Around:
    """An :class:`Around` reading ``store``: for a store that never changes (a read-only copy) the
    same one every time, so that a view reuses what earlier views read; else a new one."""
    if not store.unchanging:
        return Around(store.database)
    around = _KEPT.get(store)
    if around is None:
        around = _KEPT[store] = Around(store.database, keep=True)
    return around


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
        values = around.values(iri)
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
    drawn = display_graph(full, around.measure_states(reviews, as_of), shown=drawn_set)
    # Nodes read for the drawn ones' sake, and those the display leaves out (a tracker import, a
    # passage), are not drawn.
    drawn.remove_nodes_from([node for node in drawn if node not in drawn_set])
    return drawn


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


def view_around(around: Around, kind: str, ident: str, depth: int, what: str, hint: str = "",
                as_of: dt.date | None = None) -> tuple[nx.MultiDiGraph, str, int, bool]:
    """The drawable graph within ``depth`` links of the ``kind`` named ``ident`` (for a review, also of
    its parts; for a group, of its members): the graph, the node, its seed count and whether more
    nodes were within reach than the ``MAX_VIEW_NODES`` drawn."""
    around.start_view()
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
        seeds += sorted({value for _, name, value, is_iri, _ in around.out_rows(node) if is_iri and name == "member"})
    kept, more = reach(around, seeds, depth)
    return display_around(around, kept, as_of), node, len(seeds), more


def _own_id(around: Around, iri: str) -> str:
    return around.values(iri).get("identifier") or local_id(iri)

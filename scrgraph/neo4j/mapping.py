"""The RDF graph as a property graph: labels, relationships and typed properties (docs/neo4j.md).

One named graph of the store becomes a :class:`GraphContent`: its nodes (every IRI subject, with
the labels of its scrgraph classes and its literal values as properties) and its relationships
(every triple whose object is an IRI). The rules:

* a class ``scr:Review`` becomes the label ``Review``; every node also has the label ``Resource``
  and its IRI in the property ``iri`` (unique);
* a property whose object is an IRI becomes a relationship named by its local name in
  UPPER_SNAKE_CASE (``prov:wasDerivedFrom`` → ``WAS_DERIVED_FROM``);
* a literal becomes a property named by its local name (``scr:dueDate`` → ``dueDate``), typed
  (xsd:date → date, integers → integer, booleans → boolean, decimals → float, the rest → string);
  a property with several values becomes a sorted list;
* blank nodes are left out (only the ontology's own OWL/SHACL axioms use them); from the ontology
  graph only the vocabulary (agencies, themes, statuses, action types, local bodies) is taken.

Examples
--------
>>> relationship_type("http://www.w3.org/ns/prov#wasDerivedFrom")
'WAS_DERIVED_FROM'
>>> property_name("https://w3id.org/scrgraph/ontology#dueDate")
'dueDate'
>>> label("https://w3id.org/scrgraph/ontology#Review")
'Review'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from scrgraph.errors import ScrgraphError
from scrgraph.vocab import GRAPH, ONTOLOGY_GRAPH, SCR, local_id

if TYPE_CHECKING:
    from scrgraph.backend import Store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RESOURCE_LABEL = "Resource"
GRAPH_LABEL = "ScrgraphGraph"
# Bookkeeping properties that no RDF property may overwrite.
IRI_KEY = "iri"
GRAPHS_KEY = "_graphs"
RESERVED = {IRI_KEY, GRAPHS_KEY}
LINKS_GRAPH = GRAPH + "links"

GRAPH_QUERY = """
SELECT ?s ?p ?o WHERE {{
  GRAPH <{graph}> {{ ?s ?p ?o }}
}}
"""

# From the ontology graph, only the vocabulary nodes (those of a scrgraph class) are pushed.
VOCABULARY_QUERY = """
SELECT ?s ?p ?o WHERE {{
  GRAPH <{graph}> {{
    ?s a ?cls ; ?p ?o .
    FILTER (STRSTARTS(STR(?cls), "%s"))
  }}
}}
""" % SCR  # noqa: UP031 - a template twice over: SCR now, the graph IRI (in {{ }}) later

_NAME = re.compile(r"[^A-Za-z0-9_]")
_UNSAFE_IRI = re.compile(r'[\s<>"{}|^`\\]')


@lru_cache(maxsize=4096)
def label(class_iri: str) -> str:
    """The Neo4j label of a class: its local name (``scr:Review`` → ``Review``)."""
    return _NAME.sub("_", local_id(class_iri))


@lru_cache(maxsize=4096)
def relationship_type(property_iri: str) -> str:
    """The relationship type of an object property: its local name in UPPER_SNAKE_CASE."""
    name = local_id(property_iri)
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return _NAME.sub("_", name).upper()


@lru_cache(maxsize=4096)
def property_name(property_iri: str) -> str:
    """The node property a literal-valued RDF property becomes: its local name."""
    return _NAME.sub("_", local_id(property_iri))


def is_scrgraph_class(class_iri: str) -> bool:
    """Whether a class is one of scrgraph's own (only those become labels)."""
    return class_iri.startswith(str(SCR))


def neo4j_value(value: Any) -> Any:
    """A literal's Python value as a value Neo4j stores with the right type."""
    if isinstance(value, (bool, float, dt.date, str)):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else str(value)
    return str(value)


def _sort_key(value: Any) -> tuple[str, str]:
    return (type(value).__name__, value.isoformat() if isinstance(value, dt.date) else repr(value))


def property_value(values: Iterable[Any]) -> Any:
    """One value as itself; several as a sorted list of one type (strings when the types differ)."""
    distinct = sorted(set(values), key=_sort_key)
    if len(distinct) == 1:
        return distinct[0]
    if len({type(v) for v in distinct}) > 1:
        distinct = sorted({v.isoformat() if isinstance(v, dt.date) else str(v) for v in distinct})
    return distinct


@dataclass
class GraphContent:
    """One named graph as a property graph.

    ``subjects`` maps each node IRI described in the graph to its class IRIs and its literal
    values (property name → set of values); ``relationships`` is a set of
    (start IRI, TYPE, end IRI).
    """

    graph: str
    classes: dict[str, set[str]] = field(default_factory=dict)
    literals: dict[str, dict[str, set[Any]]] = field(default_factory=dict)
    relationships: set[tuple[str, str, str]] = field(default_factory=set)

    @property
    def subjects(self) -> list[str]:
        """Every node IRI described in the graph, sorted."""
        return sorted(set(self.classes) | set(self.literals) | {s for s, _, _ in self.relationships})

    def add(self, s: str, p: str, o: Any, is_iri: bool) -> None:
        """Add one triple (object ``o`` is an IRI string when ``is_iri``, else a Python value)."""
        if p == RDF_TYPE:
            self.classes.setdefault(s, set())
            if is_iri and is_scrgraph_class(str(o)):
                self.classes[s].add(str(o))
            return
        if is_iri:
            self.relationships.add((s, relationship_type(p), str(o)))
            return
        name = property_name(p)
        if name in RESERVED or o is None:
            return
        self.literals.setdefault(s, {}).setdefault(name, set()).add(neo4j_value(o))

    def digest(self) -> str:
        """A hash of the graph's content: equal digests mean nothing to write."""
        lines = []
        for s in sorted(self.classes):
            lines.append(f"T\t{s}\t{sorted(self.classes[s])}")
        for s in sorted(self.literals):
            for name in sorted(self.literals[s]):
                lines.append(f"L\t{s}\t{name}\t{[_sort_key(v) for v in sorted(self.literals[s][name], key=_sort_key)]}")
        lines.extend(f"R\t{s}\t{t}\t{o}" for s, t, o in sorted(self.relationships))
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def read_graph(store: Store, graph: str) -> GraphContent:
    """Read one named graph of the store (the vocabulary only, for the ontology graph) with SPARQL."""
    if _UNSAFE_IRI.search(graph):
        raise ScrgraphError(f"The graph name {graph!r} is not a valid IRI.")
    query = (VOCABULARY_QUERY if graph == ONTOLOGY_GRAPH else GRAPH_QUERY).format(graph=graph)
    content = GraphContent(graph)
    for s, p, o, is_iri in store.select_triples(query):
        content.add(s, p, o, is_iri)
    if graph == ONTOLOGY_GRAPH:
        # Keep only relationships between vocabulary nodes (not to schemes or OWL classes).
        inside = set(content.classes)
        content.relationships = {r for r in content.relationships if r[2] in inside}
    return content


def node_labels(classes: Iterable[str]) -> tuple[str, ...]:
    """The labels of a node: ``Resource`` plus one per scrgraph class, sorted."""
    return tuple(sorted({RESOURCE_LABEL} | {label(c) for c in classes}))


def node_properties(iri: str, contents: Iterable[GraphContent]) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The labels and properties of one node, from every graph that describes it (their union)."""
    classes: set[str] = set()
    values: dict[str, set[Any]] = {}
    for content in contents:
        classes |= content.classes.get(iri, set())
        for name, found in content.literals.get(iri, {}).items():
            values.setdefault(name, set()).update(found)
    props = {name: property_value(found) for name, found in sorted(values.items())}
    props[IRI_KEY] = iri
    return node_labels(classes), props

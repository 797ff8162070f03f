"""The bundled vocabularies: agencies, local bodies, themes, action types and statuses.

Everything here is read from the Turtle files in ``ontology/`` (see :mod:`scrgraph.resources`), so
an analyst who adds an alias, a local body or a theme edits a data file, not Python.

Examples
--------
>>> kb = knowledge()
>>> kb.agencies["police"].label
'Police'
>>> "INFO_SHARING" in kb.themes
True
>>> kb.statuses["completed"].resolved
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from scrgraph.resources import data_files
from scrgraph.vocab import SCR


@dataclass(frozen=True)
class Concept:
    """A term of one of the bundled vocabularies, with everything used to recognise it in text."""

    id: str
    iri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    sector: str | None = None
    kind: str | None = None
    canonical: str | None = None
    resolved: bool = False
    reason_required: bool = False
    default_rag: str | None = None


@dataclass
class Knowledge:
    """All bundled vocabularies, keyed by id."""

    graph: Graph
    agencies: dict[str, Concept] = field(default_factory=dict)
    local_bodies: dict[str, Concept] = field(default_factory=dict)
    themes: dict[str, Concept] = field(default_factory=dict)
    action_types: dict[str, Concept] = field(default_factory=dict)
    statuses: dict[str, Concept] = field(default_factory=dict)


def _texts(graph: Graph, node: URIRef, prop: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in graph.objects(node, prop) if isinstance(o, Literal)))


def _first(graph: Graph, node: URIRef, *props: URIRef) -> str | None:
    for prop in props:
        values = _texts(graph, node, prop)
        if values:
            return values[0]
    return None


def _concept(graph: Graph, node: URIRef) -> Concept:
    notation = _first(graph, node, SKOS.notation) or str(node).rsplit("/", 1)[-1]
    canonical = graph.value(node, SCR.canonicalAgency)
    return Concept(
        id=notation,
        iri=str(node),
        label=_first(graph, node, SKOS.prefLabel, RDFS.label) or notation,
        alt_labels=_texts(graph, node, SKOS.altLabel),
        abbreviations=_texts(graph, node, SCR.abbreviation),
        ambiguous=_texts(graph, node, SCR.ambiguousAlias),
        patterns=_texts(graph, node, SCR.namePattern),
        phrases=_texts(graph, node, SCR.matchPhrase),
        sector=_first(graph, node, SCR.sector),
        kind=_first(graph, node, SCR.themeKind),
        canonical=str(canonical).rsplit("/", 1)[-1] if canonical is not None else None,
        resolved=graph.value(node, SCR.resolved) == Literal(True),
        reason_required=graph.value(node, SCR.reasonRequired) == Literal(True),
        default_rag=_first(graph, node, SCR.defaultRag),
    )


def ontology_graph() -> Graph:
    """Parse every bundled Turtle file into one rdflib graph."""
    graph = Graph()
    for entry in data_files("ontology", ".ttl"):
        graph.parse(data=entry.read_text(encoding="utf-8"), format="turtle", publicID=str(SCR))
    return graph


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """Read the bundled vocabularies once per process."""
    graph = ontology_graph()
    kb = Knowledge(graph=graph)
    tables = {
        SCR.Agency: kb.agencies,
        SCR.LocalBody: kb.local_bodies,
        SCR.Theme: kb.themes,
        SCR.ActionType: kb.action_types,
        SCR.ActionStatus: kb.statuses,
    }
    for cls, table in tables.items():
        for node in graph.subjects(RDF.type, cls):
            if isinstance(node, URIRef):
                concept = _concept(graph, node)
                table[concept.id] = concept
    return kb

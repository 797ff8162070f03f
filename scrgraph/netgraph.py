"""The RDF graph as a networkx graph: one node per resource, one edge per relationship.

Used by the GraphML export and the HTML views. Literal values become node attributes; ``kind`` is
the local name of the node's scrgraph class (Review, Recommendation, Agency ...).

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> add_triples(g, [("https://x/a", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "https://w3id.org/scrgraph/ontology#Review", True)])
>>> g.nodes["https://x/a"]["kind"]
'Review'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from scrgraph.derived import DERIVED_GRAPH
from scrgraph.vocab import ONTOLOGY_GRAPH, SCR, local_id

if TYPE_CHECKING:
    from scrgraph.backend import Store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

TRIPLES_QUERY = f"""
SELECT ?s ?p ?o WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER (?g != <{ONTOLOGY_GRAPH}> && ?g != <{DERIVED_GRAPH}>)
}}
"""

# Vocabulary nodes (agencies, themes, statuses) are described in the ontology graph.
VOCABULARY_QUERY = f"""
SELECT ?s ?p ?o WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{
    ?s a ?cls ; ?p ?o .
    VALUES ?cls {{ scr:Agency scr:Theme scr:ActionStatus scr:ActionType }}
    VALUES ?p {{ rdf:type rdfs:label skos:notation scr:sector scr:themeKind scr:defaultRag scr:resolved }}
  }}
}}
"""


def add_triples(graph: nx.MultiDiGraph, triples: Iterable[tuple[str, str, Any, bool]]) -> None:
    """Add (subject, predicate, object, object-is-IRI) rows to a networkx graph."""
    subject, attrs = None, {}
    for s, p, o, is_iri in triples:
        if s != subject:  # a run of rows of one subject (as views give them) looks its node up once
            graph.add_node(s)
            subject, attrs = s, graph.nodes[s]
        if p == RDF_TYPE:
            if str(o).startswith(str(SCR)):
                attrs["kind"] = local_id(str(o))
            continue
        name = local_id(p)
        if is_iri:
            graph.add_edge(s, str(o), key=name, type=name)
        else:
            value = o.isoformat() if isinstance(o, (dt.date, dt.datetime)) else o
            if name in attrs and attrs[name] != value:
                attrs[name] = f"{attrs[name]}; {value}"
            else:
                attrs[name] = value


def store_to_networkx(store: Store) -> nx.MultiDiGraph:
    """The whole store (without the ontology's own classes) as a directed multigraph."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    add_triples(graph, store.select_triples(TRIPLES_QUERY))
    used = set(graph.nodes)
    add_triples(graph, (row for row in store.select_triples(VOCABULARY_QUERY) if row[0] in used))
    return graph

"""Write the whole graph to a file: Turtle, N-Quads, JSON-LD, GraphML or a Cypher script for Neo4j."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from scrgraph.controls import xml_safe
from scrgraph.errors import ScrgraphError
from scrgraph.output import write_atomic

if TYPE_CHECKING:
    from scrgraph.backend import Store

EXPORT_FORMATS = ("turtle", "nquads", "jsonld", "graphml", "cypher")


def export_store(store: Store, fmt: str, output: Path) -> int:
    """Export the store to ``output`` in ``fmt``; return the number of triples (or quads) written."""
    if fmt not in EXPORT_FORMATS:
        raise ScrgraphError(f"Unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}.")
    if fmt == "cypher":  # a cypher-shell script; returns nodes + relationships
        from scrgraph.neo4j.script import write_script

        return write_script(store, output)
    if fmt == "graphml":
        import networkx as nx

        from scrgraph.netgraph import store_to_networkx

        graph: nx.DiGraph[str] = nx.DiGraph(store_to_networkx(store))
        attribute_sets = [attributes for _, attributes in graph.nodes(data=True)]
        attribute_sets += [attributes for *_, attributes in graph.edges(data=True)]
        for attributes in attribute_sets:
            for key, value in attributes.items():
                if isinstance(value, str):
                    attributes[key] = xml_safe(value)  # GraphML is XML: it cannot hold control characters
        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer)
        write_atomic(output, buffer.getvalue())
        return graph.number_of_edges()
    # The derived graph's counts (scrgraph.derived) are scrgraph's own bookkeeping, worked out again
    # from the reviews wherever they are loaded: not exported. (Imported here: the module reads rdflib,
    # which the CLI's start-up and --help do without.)
    from scrgraph.derived import DERIVED_GRAPH

    if fmt == "nquads":
        derived_quad = f"<{DERIVED_GRAPH}> .".encode()
        data = b"".join(line for line in store.nquads().splitlines(keepends=True) if not line.rstrip().endswith(derived_quad))
        write_atomic(output, data)
        return data.count(b"\n")
    from scrgraph.vocab import PREFIXES

    union = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{DERIVED_GRAPH}>) }}")
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace)
    data = union.serialize(format="turtle" if fmt == "turtle" else "json-ld", encoding="utf-8")
    write_atomic(output, data)
    return len(union)

"""Write the whole graph to a file: Turtle, N-Quads, JSON-LD, GraphML or a Cypher script for Neo4j."""

from __future__ import annotations

import io
from pathlib import Path

from scrgraph.controls import xml_safe
from scrgraph.errors import ScrgraphError
from scrgraph.output import write_atomic
from scrgraph.store import GraphStore

EXPORT_FORMATS = ("turtle", "nquads", "jsonld", "graphml", "cypher")


def export_store(store: GraphStore, fmt: str, output: Path) -> int:
    """Export the store to ``output`` in ``fmt``; return the number of triples (or quads) written."""
    if fmt not in EXPORT_FORMATS:
        raise ScrgraphError(f"Unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}.")
    if fmt == "cypher":  # a cypher-shell script; returns nodes + relationships
        from scrgraph.neo4j.script import write_script

        return write_script(store, output)
    if fmt == "graphml":
        import networkx as nx

        from scrgraph.netgraph import store_to_networkx

        graph = nx.DiGraph(store_to_networkx(store))
        for _, data in list(graph.nodes(data=True)) + [(None, data) for *_, data in graph.edges(data=True)]:
            for key, value in data.items():
                if isinstance(value, str):
                    data[key] = xml_safe(value)  # GraphML is XML: it cannot hold control characters
        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer)
        write_atomic(output, buffer.getvalue())
        return graph.number_of_edges()
    if fmt == "nquads":
        data = store.dataset.serialize(format="ox-nquads" if store.path else "nquads", encoding="utf-8")
        write_atomic(output, data)
        return data.count(b"\n")
    union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph
    for prefix, namespace in store.dataset.namespaces():
        union.bind(prefix, namespace)
    data = union.serialize(format="turtle" if fmt == "turtle" else "json-ld", encoding="utf-8")
    write_atomic(output, data)
    return len(union)

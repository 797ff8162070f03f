"""scrgraph's graph in Neo4j: the mapping, the push, Cypher queries and the offline script.

- :mod:`scrgraph.neo4j.mapping`: RDF → labels, relationships and typed properties (docs/neo4j.md);
- :mod:`scrgraph.neo4j.connection`: :class:`Neo4jSettings`, connecting, errors as one sentence;
- :mod:`scrgraph.neo4j.push`: ``scrgraph neo4j push`` (batched, one transaction per review);
- :mod:`scrgraph.neo4j.querying`: :func:`run_cypher` for the saved queries' Cypher twins;
- :mod:`scrgraph.neo4j.script`: ``scrgraph export --format cypher`` (a cypher-shell script).
"""

from __future__ import annotations

from scrgraph.neo4j.connection import Neo4jSettings

__all__ = ["Neo4jSettings"]

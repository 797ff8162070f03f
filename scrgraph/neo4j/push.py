"""Push the store into Neo4j: each review in one transaction, only what changed, removals included.

Every named graph of the store that Neo4j holds is recorded there as a ``(:ScrgraphGraph {iri,
sha256, review, nodes})`` node: the hash of its content and the IRIs of the nodes it describes.
Nodes and relationships carry ``_graphs``, the named graphs that assert them, so a graph can be
taken out again without touching what other graphs (other reviews, the vocabulary, the links)
also say. A push:

1. creates the uniqueness constraints (``Resource.iri``, ``ScrgraphGraph.iri``);
2. reads every named graph of the store with SPARQL and hashes it;
3. writes, in one transaction per unit, each unit whose graphs changed: the vocabulary (from the
   ontology graph) first, then each review (its record graph and its action-plan imports), then
   the links; a review whose graphs are gone from the store is taken out of Neo4j;
4. writes in batches of parameterised ``UNWIND $rows ... MERGE`` statements.

A unit's graph records are written in the same transaction as its nodes, so a push that fails
part-way leaves every unit either complete or as it was, and the next push finishes the job.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrgraph.derived import DERIVED_GRAPH
from scrgraph.errors import ScrgraphError
from scrgraph.neo4j.connection import Neo4jSettings, connect, neo4j_error
from scrgraph.neo4j.mapping import (
    GRAPH_LABEL,
    GRAPHS_KEY,
    IRI_KEY,
    LINKS_GRAPH,
    RESOURCE_LABEL,
    GraphContent,
    node_properties,
    read_graph,
)
from scrgraph.vocab import ONTOLOGY_GRAPH, review_of_graph

if TYPE_CHECKING:
    from scrgraph.backend import Store

BATCH_SIZE = 1000
MAX_PARTS = 50  # CALL blocks packed into one statement at most
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

CONSTRAINTS = [
    f"CREATE CONSTRAINT scrgraph_resource_iri IF NOT EXISTS FOR (n:{RESOURCE_LABEL}) REQUIRE n.{IRI_KEY} IS UNIQUE",
    f"CREATE CONSTRAINT scrgraph_graph_iri IF NOT EXISTS FOR (g:{GRAPH_LABEL}) REQUIRE g.{IRI_KEY} IS UNIQUE",
]

STATE_QUERY = f"MATCH (g:{GRAPH_LABEL}) RETURN g.{IRI_KEY} AS graph, g.sha256 AS sha256, g.review AS review"
OLD_NODES_QUERY = f"MATCH (g:{GRAPH_LABEL} {{{IRI_KEY}: $g}}) RETURN coalesce(g.nodes, []) AS nodes"

# Take graph $g off the relationships that start at its old nodes; delete those no graph asserts now.
UNTAG_RELATIONSHIPS = f"""
UNWIND $iris AS iri
MATCH (:{RESOURCE_LABEL} {{{IRI_KEY}: iri}})-[r]->(o)
WHERE $g IN r.{GRAPHS_KEY}
SET r.{GRAPHS_KEY} = [x IN r.{GRAPHS_KEY} WHERE x <> $g]
WITH r, o WHERE size(r.{GRAPHS_KEY}) = 0
DELETE r
RETURN collect(DISTINCT o.{IRI_KEY}) AS ends
"""
UNTAG_NODES = f"""
UNWIND $iris AS iri
MATCH (n:{RESOURCE_LABEL} {{{IRI_KEY}: iri}})
SET n.{GRAPHS_KEY} = [x IN coalesce(n.{GRAPHS_KEY}, []) WHERE x <> $g]
"""
# Nodes that no graph describes any more: the ones still at the end of a relationship are kept
# bare (iri only); the rest are deleted.
ORPHANS_QUERY = f"""
UNWIND $iris AS iri
MATCH (n:{RESOURCE_LABEL} {{{IRI_KEY}: iri}})
WHERE size(coalesce(n.{GRAPHS_KEY}, [])) = 0
RETURN n.{IRI_KEY} AS iri, labels(n) AS labels, EXISTS {{ (n)--() }} AS linked
"""
DELETE_NODES = f"UNWIND $iris AS iri MATCH (n:{RESOURCE_LABEL} {{{IRI_KEY}: iri}}) DELETE n"
RECORD_GRAPH = f"""
MERGE (g:{GRAPH_LABEL} {{{IRI_KEY}: $g}})
SET g.sha256 = $sha256, g.review = $review, g.nodes = $nodes
"""
FORGET_GRAPH = f"MATCH (g:{GRAPH_LABEL} {{{IRI_KEY}: $g}}) DELETE g"


def write_nodes_query(labels: Iterable[str], keep_graphs: bool = False) -> str:
    """The statement that writes a batch of nodes with these labels (``$rows``: iri, props).

    The node's properties become exactly ``props``; ``_graphs`` gains ``$g`` (or is kept as it is
    with ``keep_graphs``).
    """
    extra = "".join(f":`{label}`" for label in labels if label != RESOURCE_LABEL)
    graphs = f"n.{GRAPHS_KEY}" if keep_graphs else f"[x IN coalesce(n.{GRAPHS_KEY}, []) WHERE x <> $g] + [$g]"
    return (f"UNWIND $rows AS row\n"
            f"MERGE (n:{RESOURCE_LABEL} {{{IRI_KEY}: row.iri}})\n"
            f"WITH n, row, {graphs} AS graphs\n"
            f"SET n = row.props\n"
            f"SET n.{GRAPHS_KEY} = coalesce(graphs, [])" + (f", n{extra}" if extra else ""))


def write_nodes_dynamic_query(keep_graphs: bool = False) -> str:
    """Like :func:`write_nodes_query`, with each row's labels in ``row.labels`` (Neo4j 5.26+)."""
    graphs = f"n.{GRAPHS_KEY}" if keep_graphs else f"[x IN coalesce(n.{GRAPHS_KEY}, []) WHERE x <> $g] + [$g]"
    return (f"UNWIND $rows AS row\n"
            f"MERGE (n:{RESOURCE_LABEL} {{{IRI_KEY}: row.iri}})\n"
            f"WITH n, row, {graphs} AS graphs\n"
            f"SET n = row.props\n"
            f"SET n.{GRAPHS_KEY} = coalesce(graphs, []), n:$(row.labels)")


def write_relationships_dynamic_query() -> str:
    """Like :func:`write_relationships_query`, with each row's type in ``row.type`` (Neo4j 5.26+)."""
    return (f"UNWIND $rows AS row\n"
            f"MATCH (s:{RESOURCE_LABEL} {{{IRI_KEY}: row.s}})\n"
            f"MERGE (o:{RESOURCE_LABEL} {{{IRI_KEY}: row.o}})\n"
            f"  ON CREATE SET o.{GRAPHS_KEY} = []\n"
            f"MERGE (s)-[r:$(row.type)]->(o)\n"
            f"SET r.{GRAPHS_KEY} = [x IN coalesce(r.{GRAPHS_KEY}, []) WHERE x <> $g] + [$g]")


def write_relationships_query(rel_type: str) -> str:
    """The statement that writes a batch of relationships of one type (``$rows``: s, o) for graph ``$g``."""
    return (f"UNWIND $rows AS row\n"
            f"MATCH (s:{RESOURCE_LABEL} {{{IRI_KEY}: row.s}})\n"
            f"MERGE (o:{RESOURCE_LABEL} {{{IRI_KEY}: row.o}})\n"
            f"  ON CREATE SET o.{GRAPHS_KEY} = []\n"
            f"MERGE (s)-[r:`{rel_type}`]->(o)\n"
            f"SET r.{GRAPHS_KEY} = [x IN coalesce(r.{GRAPHS_KEY}, []) WHERE x <> $g] + [$g]")


def strip_query(labels: Iterable[str]) -> str:
    """The statement that turns nodes (``$iris``) into bare ones: the iri only, label Resource."""
    remove = "".join(f":`{label}`" for label in labels if label != RESOURCE_LABEL)
    return (f"UNWIND $iris AS iri MATCH (n:{RESOURCE_LABEL} {{{IRI_KEY}: iri}})\n"
            f"SET n = {{{IRI_KEY}: iri, {GRAPHS_KEY}: []}}" + (f"\nREMOVE n{remove}" if remove else ""))


@dataclass
class PushSummary:
    """What a push did."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    counters: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, counters: Any) -> None:
        """Add the counters of one statement's result."""
        for name in ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
                     "properties_set", "labels_added", "labels_removed", "constraints_added"):
            self.counters[name] += getattr(counters, name, 0)

    def sentence(self, where: str) -> str:
        """The summary as one line."""
        c = self.counters
        parts = [f"Pushed to {where}:"]
        if not self.written and not self.removed:
            parts.append(f"nothing changed ({self.unchanged} part(s) already up to date).")
            return " ".join(parts)
        parts.append(f"{len(self.written)} part(s) written" + (f" ({_names(self.written)})" if self.written else ""))
        if self.removed:
            parts[-1] += f", {len(self.removed)} review(s) removed ({_names(self.removed)})"
        parts[-1] += f", {self.unchanged} unchanged;"
        parts.append(f"{c['nodes_created']} nodes and {c['relationships_created']} relationships created, "
                     f"{c['nodes_deleted']} nodes and {c['relationships_deleted']} relationships deleted.")
        return " ".join(parts)


def _names(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


@dataclass
class Unit:
    """What one transaction writes: some graphs of the store (content) or of Neo4j only (None: remove)."""

    name: str
    review: str | None
    graphs: dict[str, GraphContent | None]
    removal: bool = False


def _unit_name(graph: str) -> str:
    review = review_of_graph(graph)
    if review is not None:
        return review
    return {ONTOLOGY_GRAPH: "vocabulary", LINKS_GRAPH: "links"}.get(graph, graph)


def _order(name: str) -> tuple[int, str]:
    return ({"vocabulary": 0, "links": 2}.get(name, 1), name)


def plan(contents: dict[str, GraphContent], state: dict[str, dict[str, Any]], review: str | None = None) -> tuple[list[Unit], int]:
    """The units to write (in order) and how many are unchanged.

    ``contents`` are the store's graphs, ``state`` what Neo4j has (graph → sha256, review).
    With ``review``, only that review's unit (and the vocabulary, if it changed) is written.
    """
    units: dict[str, Unit] = {}
    unchanged: set[str] = set()
    for graph in sorted(set(contents) | set(state)):
        name = _unit_name(graph)
        content = contents.get(graph)
        known = state.get(graph)
        unit = units.setdefault(name, Unit(name, review_of_graph(graph), {}))
        if content is None:
            unit.graphs[graph] = None
        elif known is None or known.get("sha256") != content.digest():
            unit.graphs[graph] = content
        else:
            unchanged.add(name)
    for unit in units.values():
        unit.removal = all(g is None for g in unit.graphs.values()) and bool(unit.graphs)
    todo = [u for u in units.values() if u.graphs]
    if review is not None:
        todo = [u for u in todo if u.review == review or u.name == "vocabulary"]
        unchanged = {n for n in unchanged if n == review}
    return sorted(todo, key=lambda u: _order(u.name)), len(unchanged - {u.name for u in todo})


def read_store(store: Store) -> dict[str, GraphContent]:
    """Every named graph of the store as property-graph content, read with SPARQL."""
    return {graph: read_graph(store, graph) for graph in sorted(store.graph_names()) if graph != DERIVED_GRAPH}


def _batches(rows: list[Any], size: int = BATCH_SIZE) -> Iterable[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


class _Writer:
    """Writes units through one open transaction at a time, adding up the counters."""

    def __init__(self, contents: dict[str, GraphContent], summary: PushSummary, batch_size: int = BATCH_SIZE,
                 dynamic: bool = False, known: Iterable[str] | None = None) -> None:
        self.summary = summary
        self.batch_size = batch_size
        # Neo4j 5.26+ takes labels and types from parameters: one statement for all nodes (and one
        # for all relationships) of a graph instead of one per label set (and per type).
        self.dynamic = dynamic
        # The graphs Neo4j already holds (None: unknown, ask); a new graph has no old nodes to clean.
        self.known = set(known) if known is not None else None
        self.pending: list[tuple[str, list[Any] | None, dict[str, Any]]] = []
        self.contents = contents
        self.describing: dict[str, list[GraphContent]] = defaultdict(list)
        for content in contents.values():
            for iri in content.subjects:
                self.describing[iri].append(content)

    def run(self, tx: Any, query: str, **params: Any) -> list[Any]:
        result = tx.run(query, params)
        records = list(result)
        self.summary.add(result.consume().counters)
        return records

    def write_unit(self, tx: Any, unit: Unit) -> None:
        """Write every graph of one unit in the transaction ``tx``."""
        for graph, content in sorted(unit.graphs.items()):
            self.write_graph(tx, graph, content, unit.review)
        self.flush(tx)

    # -- statements: writes are queued and sent packed, reads go at once ----------------------

    def queue(self, query: str, rows: list[Any] | None = None, **params: Any) -> None:
        """Queue a write; with ``rows``, in batches of ``batch_size`` rows (``$rows``)."""
        if rows is None:
            self.pending.append((query, None, params))
            return
        for batch in _batches(rows, self.batch_size):
            self.pending.append((query, batch, params))

    def flush(self, tx: Any) -> None:
        """Send the queued writes. On Neo4j 5.26+ consecutive writes are packed into one statement
        of ``CALL () { ... }`` blocks holding up to ``batch_size`` rows, so that a small review is
        one statement; otherwise each is a statement of its own."""
        pending, self.pending = self.pending, []
        if not self.dynamic:
            for query, rows, params in pending:
                self.run(tx, query, **(dict(params, rows=rows) if rows is not None else params))
            return
        packed: list[tuple[str, list[Any] | None, dict[str, Any]]] = []
        size = 0
        for part in pending:
            row_count = len(part[1]) if part[1] is not None else 0
            if packed and (size + row_count > self.batch_size or len(packed) >= MAX_PARTS):
                self._run_packed(tx, packed)
                packed, size = [], 0
            packed.append(part)
            size += row_count
        if packed:
            self._run_packed(tx, packed)

    def _run_packed(self, tx: Any, parts: list[tuple[str, list[Any] | None, dict[str, Any]]]) -> None:
        if len(parts) == 1:
            query, rows, params = parts[0]
            self.run(tx, query, **(dict(params, rows=rows) if rows is not None else params))
            return
        blocks, merged = [], {}
        for i, (query, rows, params) in enumerate(parts):
            values = dict(params, rows=rows) if rows is not None else params
            blocks.append("CALL () {\n" + _PARAM.sub(rf"$\g<1>_{i}", query.strip()) + "\n}")
            merged.update({f"{name}_{i}": value for name, value in values.items()})
        self.run(tx, "\n".join(blocks), **merged)

    def write_graph(self, tx: Any, graph: str, content: GraphContent | None, review: str | None) -> None:
        """Queue (and where reads are needed, send) what brings graph ``graph`` to ``content`` (None: removes it)."""
        old: list[str] = []
        if self.known is None or graph in self.known:
            self.flush(tx)
            records = self.run(tx, OLD_NODES_QUERY, g=graph)
            old = list(records[0]["nodes"]) if records else []
        new = content.subjects if content is not None else []
        ends: set[str] = set()
        for batch in _batches(old, self.batch_size):
            for record in self.run(tx, UNTAG_RELATIONSHIPS, iris=batch, g=graph):
                ends.update(record["ends"])
            self.run(tx, UNTAG_NODES, iris=batch, g=graph)
        # Nodes of this graph: their labels and properties are the union over every graph that
        # describes them (a board named by several reviews, a measure updated by a tracker).
        self._write_nodes(graph, new, keep_graphs=False)
        if content is not None and self.dynamic:
            rows = [{"s": s, "type": rel_type, "o": o} for s, rel_type, o in sorted(content.relationships)]
            self.queue(write_relationships_dynamic_query(), rows, g=graph)
        elif content is not None:
            by_type: dict[str, list[dict[str, str]]] = defaultdict(list)
            for s, rel_type, o in sorted(content.relationships):
                by_type[rel_type].append({"s": s, "o": o})
            for rel_type, rows in sorted(by_type.items()):
                self.queue(write_relationships_query(rel_type), rows, g=graph)
        # Nodes this graph no longer describes: refresh from the graphs that still do, or strip.
        gone = sorted(set(old) - set(new))
        self._write_nodes(graph, [iri for iri in gone if self._described_elsewhere(iri, graph)], keep_graphs=True)
        orphans = sorted(set(gone) | ends)
        if orphans:
            self.flush(tx)
            self._clean_orphans(tx, orphans)
        if content is None:
            self.queue(FORGET_GRAPH, g=graph)
        else:
            self.queue(RECORD_GRAPH, g=graph, sha256=content.digest(), review=review, nodes=new)

    def _described_elsewhere(self, iri: str, graph: str) -> bool:
        return any(c.graph != graph for c in self.describing.get(iri, []))

    def _write_nodes(self, graph: str, iris: list[str], keep_graphs: bool) -> None:
        if self.dynamic:
            rows = []
            for iri in iris:
                labels, props = node_properties(iri, self.describing.get(iri, []))
                rows.append({"iri": iri, "labels": list(labels), "props": props})
            self.queue(write_nodes_dynamic_query(keep_graphs), rows, g=graph)
            return
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for iri in iris:
            labels, props = node_properties(iri, self.describing.get(iri, []))
            groups[labels].append({"iri": iri, "props": props})
        for labels, rows in sorted(groups.items()):
            self.queue(write_nodes_query(labels, keep_graphs=keep_graphs), rows, g=graph)

    def _clean_orphans(self, tx: Any, iris: list[str]) -> None:
        delete: list[str] = []
        strip: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for batch in _batches(iris, self.batch_size):
            for record in self.run(tx, ORPHANS_QUERY, iris=batch):
                if record["linked"]:
                    strip[tuple(sorted(record["labels"]))].append(record["iri"])
                else:
                    delete.append(record["iri"])
        for labels, group in sorted(strip.items()):
            for batch in _batches(group, self.batch_size):
                self.queue(strip_query(labels), iris=batch)
        for batch in _batches(delete, self.batch_size):
            self.queue(DELETE_NODES, iris=batch)


def read_state(driver: Any, settings: Neo4jSettings) -> dict[str, dict[str, Any]]:
    """What Neo4j holds: graph IRI → {sha256, review}."""
    records, _, _ = driver.execute_query(STATE_QUERY, database_=settings.database)
    return {r["graph"]: {"sha256": r["sha256"], "review": r["review"]} for r in records}


def supports_dynamic_labels(driver: Any, settings: Neo4jSettings) -> bool:
    """Whether the server takes labels and relationship types from parameters (Neo4j 5.26 and later)."""
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions RETURN versions[0] AS version",
                                         database_=settings.database)
    found = re.match(r"(\d+)\.(\d+)", str(records[0]["version"])) if records else None
    return found is not None and (int(found.group(1)), int(found.group(2))) >= (5, 26)


def create_constraints(driver: Any, settings: Neo4jSettings) -> None:
    """Create the uniqueness constraints the push relies on (if they are not there yet)."""
    for statement in CONSTRAINTS:
        driver.execute_query(statement, database_=settings.database)


def push_store(store: Store, settings: Neo4jSettings, review: str | None = None,
               progress: Callable[[int], AbstractContextManager[Callable[[int], None]]] | None = None,
               batch_size: int = BATCH_SIZE, dynamic: bool | None = None) -> PushSummary:
    """Push the store (or one review of it) into the Neo4j server of ``settings``.

    ``batch_size`` is the number of rows per statement; ``dynamic`` chooses one statement per
    graph for all labels and types (None: when the server supports it).

    ``progress(total)`` may give a context manager (like :func:`scrgraph.cli.common.progress_bar`)
    yielding a function that is called with 1 after each unit written.
    """
    contents = read_store(store)
    summary = PushSummary()
    with connect(settings) as driver:
        step = "creating the uniqueness constraints"
        try:
            create_constraints(driver, settings)
            step = "reading what Neo4j holds"
            state = read_state(driver, settings)
            dynamic = supports_dynamic_labels(driver, settings) if dynamic is None else dynamic
        except Exception as exc:
            raise neo4j_error(exc, settings, during=step) from None
        if review is not None:
            known = {review_of_graph(g) for g in contents} | {s.get("review") for s in state.values()}
            if review not in known:
                raise ScrgraphError(f"There is no review {review!r} in the store or in Neo4j at {settings.where}; see 'scrgraph reviews'.")
        units, summary.unchanged = plan(contents, state, review)
        writer = _Writer(contents, summary, batch_size, dynamic=dynamic, known=state)
        bar = progress(len(units)) if progress else nullcontext(lambda steps=1: None)
        with bar as advance, driver.session(database=settings.database) as session:
            for unit in units:
                what = f"pushing review {unit.name}" if unit.review else f"pushing the {unit.name}"
                try:
                    with session.begin_transaction() as tx:
                        writer.write_unit(tx, unit)
                        tx.commit()
                except ScrgraphError:
                    raise
                except Exception as exc:
                    raise neo4j_error(exc, settings, during=what) from None
                (summary.removed if unit.removal else summary.written).append(unit.name)
                advance(1)
    return summary

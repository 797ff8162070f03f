"""The persistent local graph store: one named graph per review, changed only as a whole.

The store is an rdflib :class:`~rdflib.Dataset` backed by Oxigraph (through oxrdflib) in a folder
on disk. Every write goes through :meth:`GraphStore.replace_graphs`, which stages the new quads
and swaps them in with one SPARQL update, so a write that fails or is killed part-way leaves the
store as it was. ``backend="memory"`` gives rdflib's in-memory store instead, for benchmarks.

Examples
--------
>>> import tempfile, pathlib
>>> store = GraphStore.open(pathlib.Path(tempfile.mkdtemp()) / "store", create=True)
>>> store.review_ids()
[]
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Mapping

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.query import Result

from scrgraph.errors import ScrgraphError
from scrgraph.mapping import record_quads
from scrgraph.record import ReviewRecord
from scrgraph.resources import data_files
from scrgraph.vocab import ONTOLOGY_GRAPH, PREFIXES, STAGING_PREFIX, review_graph, GRAPH

MARKER = "scrgraph-store.json"
STORE_FORMAT = 1
DEFAULT_STORE = "scrgraph-store"

REVIEW_IDS_QUERY = """
SELECT ?id WHERE { ?review a scr:Review ; dcterms:identifier ?id } ORDER BY ?id
"""


def default_store_path() -> Path:
    """The store folder used when ``--store`` is not given: ``$SCRGRAPH_STORE`` or ``./scrgraph-store``."""
    return Path(os.environ.get("SCRGRAPH_STORE") or DEFAULT_STORE)


@dataclass
class LoadSummary:
    """What a load did: review ids added and replaced."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)


def python_value(term: Any) -> Any:
    """An RDF term as a plain Python value: ``int``, ``float``, ``bool``, ``date``, ``str`` or ``None``."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, (int, float, bool, dt.date, str)):
            return value
        return str(term)
    return str(term)


def _bundled_ontology() -> tuple[str, list[tuple[str, str]]]:
    texts = [(entry.name, entry.read_text(encoding="utf-8")) for entry in data_files("ontology", ".ttl")]
    digest = hashlib.sha256("".join(name + text for name, text in texts).encode("utf-8")).hexdigest()
    return digest, texts


class GraphStore:
    """A scrgraph store: open it with :meth:`open`, close it with :meth:`close` (or ``with``)."""

    def __init__(self, dataset: Dataset, path: Path | None) -> None:
        self.dataset = dataset
        self.path = path
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace)

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, create: bool = False, backend: str = "oxigraph") -> "GraphStore":
        """Open the store in folder ``path``.

        With ``create``, a missing or empty folder becomes a new store; without it, a missing
        store is an error. A folder that holds other files and no store is always an error.
        """
        if backend == "memory":
            store = cls(Dataset(default_union=True), None)
            store._refresh_ontology()
            return store
        path = Path(path)
        marker = path / MARKER
        if path.exists() and not path.is_dir():
            raise ScrgraphError(f"The store path {path} is a file, not a folder; give a folder for --store.")
        if not marker.exists():
            if path.exists() and any(path.iterdir()):
                raise ScrgraphError(f"The folder {path} is not a scrgraph store (it has no {MARKER}); choose a new or empty folder for --store.")
            if not create:
                raise ScrgraphError(f"There is no scrgraph store at {path} yet; load reviews first with 'scrgraph load PATH'.")
            path.mkdir(parents=True, exist_ok=True)
            cls._write_marker(path, {"format": STORE_FORMAT, "ontology_sha256": None})
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ScrgraphError(f"The store marker {marker} is damaged; the folder {path} cannot be used as a store.") from None
        if info.get("format") != STORE_FORMAT:
            raise ScrgraphError(f"The store at {path} was written by another version of scrgraph (format {info.get('format')}).")
        try:
            dataset = Dataset(store="Oxigraph", default_union=True)
            dataset.open(str(path / "oxigraph"))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise ScrgraphError(f"The store at {path} is in use by another scrgraph command; wait for it to finish and try again.") from None
            raise ScrgraphError(f"The store at {path} cannot be opened: {exc}.") from None
        store = cls(dataset, path)
        store._drop_staging()
        if info.get("ontology_sha256") != _bundled_ontology()[0]:
            store._refresh_ontology()
        return store

    @staticmethod
    def _write_marker(path: Path, info: dict[str, Any]) -> None:
        tmp = path / (MARKER + ".tmp")
        tmp.write_text(json.dumps(info, indent=2), encoding="utf-8")
        os.replace(tmp, path / MARKER)

    def _refresh_ontology(self) -> None:
        """Load the bundled ontology, gazetteer and vocabularies into their own named graph."""
        digest, texts = _bundled_ontology()
        from rdflib import Graph

        graph = Graph()
        for name, text in texts:
            graph.parse(data=text, format="turtle", publicID=PREFIXES["scr"])
        ntriples = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        lines = [line.rstrip()[:-1] + f"<{ONTOLOGY_GRAPH}> .\n" for line in ntriples.splitlines() if line.strip()]
        self.replace_graphs({ONTOLOGY_GRAPH: lines})
        if self.path is not None:
            self._write_marker(self.path, {"format": STORE_FORMAT, "ontology_sha256": digest})

    def close(self) -> None:
        """Close the store and release its lock."""
        if self.path is not None:
            self.dataset.close()

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    @property
    def _ox(self):
        return self.dataset.store._inner if self.path is not None else None

    def graph_names(self) -> list[str]:
        """The IRIs of every named graph in the store."""
        if self._ox is not None:
            return [g.value for g in self._ox.named_graphs()]
        return [str(g.identifier) for g in self.dataset.graphs() if isinstance(g.identifier, URIRef)]

    def _drop_staging(self) -> None:
        """Remove graphs left by a write that was killed before it swapped them in."""
        for name in self.graph_names():
            if name.startswith(STAGING_PREFIX):
                self._ox.remove_graph(__import__("pyoxigraph").NamedNode(name))

    def replace_graphs(self, graphs: Mapping[str, list[str]], drop: Iterable[str] = ()) -> None:
        """Atomically give each named graph in ``graphs`` exactly the quads listed, and drop ``drop``.

        Quads are N-Quads lines whose graph is the key they are listed under. Either every graph
        is replaced and every dropped graph is gone, or (on any error, or if the process is
        killed) the store is as it was.
        """
        drop = [g for g in drop if g not in graphs]
        if self._ox is None:
            self._replace_in_memory(graphs, drop)
            return
        import pyoxigraph as ox

        existing = set(self.graph_names())
        new_only = not (set(graphs) & existing) and not (set(drop) & existing)
        if new_only:
            payload = "".join("".join(lines) for lines in graphs.values()).encode("utf-8")
            self._load_nquads(payload)
            return
        token = uuid.uuid4().hex
        staged = {name: f"{STAGING_PREFIX}{token}:{i}" for i, name in enumerate(graphs)}
        payload = "".join(
            "".join(line[: line.rindex(f"<{name}>")] + f"<{staged[name]}> .\n" for line in lines)
            for name, lines in graphs.items()
        ).encode("utf-8")
        self._load_nquads(payload)
        operations = [f"DROP SILENT GRAPH <{name}>" for name in drop if name in existing]
        for name, stage in staged.items():
            if graphs[name]:
                operations.append(f"MOVE SILENT GRAPH <{stage}> TO <{name}>")
            else:
                operations.append(f"DROP SILENT GRAPH <{name}>")
        try:
            if operations:
                self._ox.update(" ;\n".join(operations))
        finally:
            for stage in staged.values():
                if self._ox.contains_named_graph(ox.NamedNode(stage)):
                    self._ox.remove_graph(ox.NamedNode(stage))

    def _load_nquads(self, payload: bytes) -> None:
        import pyoxigraph as ox

        if not payload:
            return
        try:
            self._ox.load(input=payload, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as exc:
            raise ScrgraphError(f"The graph data could not be written: {exc}.") from None

    def _replace_in_memory(self, graphs: Mapping[str, list[str]], drop: Iterable[str]) -> None:
        for name in list(drop) + list(graphs):
            self.dataset.remove_graph(URIRef(name))
        payload = "".join("".join(lines) for lines in graphs.values())
        if payload:
            self.dataset.parse(data=payload, format="nquads")

    def load_records(self, records: list[ReviewRecord]) -> LoadSummary:
        """Load review records, each replacing any earlier version of the same review as a whole."""
        existing = set(self.review_ids())
        summary = LoadSummary()
        graphs: dict[str, list[str]] = {}
        for record in records:
            graphs[review_graph(record.review_id)] = record_quads(record)
            (summary.replaced if record.review_id in existing else summary.added).append(record.review_id)
        self.replace_graphs(graphs)
        return summary

    def review_graphs(self, review_id: str) -> list[str]:
        """Every named graph that belongs to one review: its record and its action-plan imports."""
        own = review_graph(review_id)
        actions = GRAPH + "actions/" + own[len(GRAPH + "review/"):] + "/"
        return [g for g in self.graph_names() if g == own or g.startswith(actions)]

    def remove_review(self, review_id: str) -> None:
        """Remove a review and everything imported for it. Unknown ids are an error."""
        if review_id not in self.review_ids():
            known = ", ".join(self.review_ids()) or "none"
            raise ScrgraphError(f"There is no review {review_id!r} in the store (reviews: {known}).")
        self.replace_graphs({}, drop=self.review_graphs(review_id))

    # -- reading -----------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> Result:
        """Run SPARQL over the union of all graphs, with values bound to variables (never pasted)."""
        init = {name: _term(value) for name, value in (bindings or {}).items()}
        return self.dataset.query(sparql, initNs=PREFIXES, initBindings=init)

    def select(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
        """Run a SELECT query; return its column names and its rows as dicts of Python values."""
        result = self.query(sparql, bindings)
        if result.type != "SELECT":
            raise ScrgraphError("The query is not a SELECT query; only SELECT queries give rows.")
        columns = [str(v) for v in result.vars]
        rows = [{c: python_value(row[i]) for i, c in enumerate(columns)} for row in result]
        return columns, rows

    def review_ids(self) -> list[str]:
        """The ids of every review in the store, sorted."""
        return [row["id"] for row in self.select(REVIEW_IDS_QUERY)[1]]

    def triple_count(self) -> int:
        """How many distinct triples the store holds across all graphs."""
        _, rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"])


def _term(value: Any):
    """A Python value as the RDF term bound into a query."""
    if isinstance(value, (URIRef, Literal, BNode)):
        return value
    return Literal(value)

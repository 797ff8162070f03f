"""A store on a SPARQL 1.1 server, shared by several analysts: ``--store http://host:3030/ds``.

:class:`SparqlStore` offers the public methods of :class:`scrgraph.store.GraphStore` (``select``,
``select_values``, ``select_triples``, ``replace_graphs``, ``rewrite_graph``, ``load_records``,
``remove_review``, ``graph_names``, ``review_ids``, ``triple_count``) over the SPARQL 1.1 Protocol:
queries go to ``URL/query`` (or ``URL/sparql``), updates to ``URL/update``. Only the URL the user
names is contacted.

Every write is one SPARQL Update request holding all its ``DROP`` and ``INSERT DATA`` operations; a
server runs a request as one transaction (Fuseki does), so a write that fails or is cut off
part-way leaves the graph as it was, and two analysts writing at once are run one after the other.

Queries read the union of every named graph: the request names each graph as a default graph
(``default-graph-uri``, standard SPARQL 1.1 Protocol), and as a named graph (``named-graph-uri``)
for ``GRAPH ?g``. Parameters are bound as the local store binds them, by ``VALUES`` blocks written
from the terms' escaped N-Triples form into each group that uses them
(:mod:`scrgraph.sparql_binding`), never by pasting values into the query's patterns.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal, URIRef

from scrgraph import derived
from scrgraph.errors import ScrgraphError, ServerError
from scrgraph.sparql_binding import bind_parameters
from scrgraph.store import REVIEW_IDS_QUERY, LoadSummary, _bundled_ontology, python_value
from scrgraph.vocab import GRAPH, ONTOLOGY_GRAPH, PREFIXES, review_graph

if TYPE_CHECKING:
    from rdflib import Graph as RdfGraph

    from scrgraph.record import ReviewRecord

TIMEOUT = 600.0
_URL = re.compile(r"^(https?):/+(.+)$", re.IGNORECASE)
# A brace outside strings (strings are matched first and passed over).


def server_url(location: str | Path) -> str | None:
    """The SPARQL server's URL when a ``--store`` value names one rather than a folder, else None.

    A ``Path`` made from a URL has lost one of its slashes (``http:/host``); they are put back.
    """
    match = _URL.match(str(location))
    return f"{match.group(1)}://{match.group(2)}" if match else None


def open_location(location: str | Path, create: bool = False):
    """Open the store that a ``--store`` value names: a SPARQL server's dataset URL, or a folder."""
    url = server_url(location)
    if url is not None:
        return SparqlStore.open(url, create=create)
    from scrgraph.store import GraphStore

    return GraphStore.open(Path(location), create=create)


# A query that reads named graphs by name (``GRAPH ?g { ... }``); a word in a comment only adds fields.
USES_GRAPH = re.compile(r"\bGRAPH\b", re.IGNORECASE)


class SparqlStore:
    """A scrgraph store on a SPARQL 1.1 server: open it with :meth:`open`."""

    path = None

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        # Inside staged(): each graph the block wrote, as it was before (None: it did not exist).
        self._undo: dict[str, list[str] | None] | None = None

    @classmethod
    def open(cls, url: str, create: bool = False) -> SparqlStore:
        """Connect to the dataset at ``url``; put the bundled ontology there if it is missing or old."""
        store = cls(url)
        if ONTOLOGY_GRAPH not in store.graph_names() or store._ontology_digest() != _bundled_ontology()[0]:
            store._refresh_ontology()
        store.refresh_derived()
        return store

    def refresh_derived(self, force: bool = False) -> bool:
        """Work the derived graph's counts (:mod:`scrgraph.derived`) out again when it is missing or of
        another version (or always, with ``force``), in one request; True when it did."""
        _, rows = self._solutions(derived.VERSION_QUERY, union=False)
        versions = [row["version"]["value"] for row in rows]
        version = int(versions[0]) if len(versions) == 1 and versions[0].isdigit() else None
        return derived.refresh(version, self.select, self._update, force)

    def _recount_groups(self) -> None:
        """Work out again the counts of the groups the last write marked stale (:mod:`scrgraph.derived`),
        in a second request (two analysts' recounts that interleave can leave a group one write behind
        until the next write that touches it or the next relink: docs/architecture.md, "Derived counts")."""
        derived.recount_groups(self.select, self._update)

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""

    def __enter__(self) -> SparqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- talking to the server ----------------------------------------------------------------

    def _post(self, endpoint: str, fields: list[tuple[str, str]], accept: str) -> bytes:
        """POST a form to ``URL/endpoint``; the answer's body, or one plain sentence on failure."""
        request = urllib.request.Request(f"{self.url}/{endpoint}", data=urllib.parse.urlencode(fields).encode("utf-8"),
                                         headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            first = detail[0] if detail else exc.reason
            raise ServerError(f"The SPARQL server at {self.url} refused the request ({exc.code}: {first}).") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ServerError(f"The SPARQL server at {self.url} could not be reached ({reason}); check the URL given to --store.") from None

    def _update(self, operations: list[str]) -> None:
        """Send the operations as one SPARQL Update request (one transaction on the server)."""
        if operations:
            self._post("update", [("update", derived.update_text(operations))], "text/plain")

    def _solutions(self, sparql: str, union: bool = True) -> tuple[list[str], list[dict[str, Any]]]:
        """Run a SELECT (with the standard prefixes); its variables and its JSON bindings."""
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        fields = [("query", prologue + sparql)]
        if union:
            fields += self._dataset_fields(sparql)
        body = self._post("query", fields, "application/sparql-results+json")
        try:
            answer = json.loads(body)
            return answer["head"]["vars"], answer["results"]["bindings"]
        except (ValueError, KeyError):
            raise ServerError(f"The SPARQL server at {self.url} did not answer the query with SELECT results.") from None

    def _dataset_fields(self, sparql: str) -> list[tuple[str, str]]:
        """The protocol fields that make a query read the dataset as the local store does: every
        named graph as the default graph (their union), and, for a query that uses ``GRAPH``, each
        also as a named graph, so that ``GRAPH ?g`` finds the graph a triple is in (a request naming
        only default graphs has no named graphs; listing them for every query would double the
        request, 10,000 graph names at 10,000 reviews)."""
        names = self.graph_names()
        fields = [("default-graph-uri", name) for name in names]
        if USES_GRAPH.search(sparql):
            fields += [("named-graph-uri", name) for name in names]
        return fields

    # -- reading -----------------------------------------------------------------------------

    def graph_names(self) -> list[str]:
        """The IRIs of every named graph in the dataset."""
        _, rows = self._solutions("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", union=False)
        return [row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri"]

    def select(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
        """Run a SELECT query over the union of all graphs; its column names and rows of Python values."""
        columns, solutions = self._solutions(bind_parameters(sparql, bindings or {}))
        return columns, [{c: python_value(_rdf_term(s.get(c))) for c in columns} for s in solutions]

    def select_values(self, sparql: str) -> Iterable[tuple[str | None, ...]]:
        """Run a SELECT query without parameters; its rows as tuples of lexical values."""
        columns, solutions = self._solutions(sparql)
        return [tuple(s[c]["value"] if c in s else None for c in columns) for s in solutions]

    def select_triples(self, sparql: str) -> Iterator[tuple[str, str, Any, bool]]:
        """Run a ``SELECT ?s ?p ?o`` query; yield (subject, predicate, object value, object-is-IRI), blank nodes left out."""
        _, solutions = self._solutions(sparql)
        for s in solutions:
            if s["s"]["type"] != "uri" or s["o"]["type"] == "bnode":
                continue
            yield s["s"]["value"], s["p"]["value"], python_value(_rdf_term(s["o"])), s["o"]["type"] == "uri"

    def construct(self, sparql: str) -> RdfGraph:
        """Run a CONSTRUCT query over the union of all graphs; its triples as an rdflib graph."""
        from rdflib import Graph

        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        fields = [("query", prologue + sparql)] + self._dataset_fields(sparql)
        body = self._post("query", fields, "application/n-triples")
        try:
            return Graph().parse(data=body, format="nt")
        except Exception:  # rdflib's parser errors have no common type
            raise ServerError(f"The SPARQL server at {self.url} did not answer the CONSTRUCT with N-Triples.") from None

    def nquads(self) -> bytes:
        """Every quad of the dataset, as N-Quads."""
        from rdflib import Dataset

        _, solutions = self._solutions("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        dataset = Dataset()
        for row in solutions:
            dataset.add(tuple(_rdf_term(row[c]) for c in ("s", "p", "o", "g")))
        return dataset.serialize(format="nquads", encoding="utf-8")

    def review_ids(self) -> list[str]:
        """The ids of every review in the dataset, sorted."""
        return [row["id"] for row in self.select(REVIEW_IDS_QUERY)[1]]

    def triple_count(self) -> int:
        """How many distinct triples the dataset holds across all graphs."""
        return int(self.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")[1][0]["n"])

    def review_graphs(self, review_id: str) -> list[str]:
        """Every named graph that belongs to one review: its record and its action-plan imports."""
        own = review_graph(review_id)
        actions = GRAPH + "actions/" + own[len(GRAPH + "review/"):] + "/"
        return [g for g in self.graph_names() if g == own or g.startswith(actions)]

    # -- writing -----------------------------------------------------------------------------

    def replace_graphs(self, graphs: Mapping[str, list[str]], drop: Iterable[str] = ()) -> None:
        """Give each named graph in ``graphs`` exactly the N-Quads lines listed, and drop ``drop``: one request, all or nothing."""
        drop = list(drop)
        if self._undo is not None:  # inside staged(): keep what this write replaces, to put it back on failure
            present = set(self.graph_names())
            for name in dict.fromkeys([*drop, *graphs]):
                if name not in self._undo:
                    self._undo[name] = self._graph_lines(name) if name in present else None
        # The counts kept from the review and links graphs written or dropped are worked out again in the same
        # request (so in the same transaction): see scrgraph.derived.
        touched = [*drop, *graphs]
        operations = derived.before_operations(touched)
        operations += [f"DROP SILENT GRAPH <{name}>" for name in dict.fromkeys([*drop, *graphs])]
        blocks = []
        for name, lines in graphs.items():
            if lines:
                suffix = f"<{name}> .\n"
                blocks.append(f"GRAPH <{name}> {{\n" + "".join(line[: -len(suffix)] + ".\n" for line in lines) + "}")
        if blocks:
            operations.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
        self._update(operations + derived.after_operations(touched))
        self._recount_groups()

    def rewrite_graph(self, name: str, lines: list[str]) -> None:
        """Give the named graph ``name`` exactly the quads of ``lines`` (one request, all or nothing)."""
        self.replace_graphs({name: lines})

    @contextmanager
    def staged(self) -> Iterator[None]:
        """Make the writes inside the ``with`` block one write, as far as a server allows.

        A SPARQL 1.1 server runs each request as one transaction and offers none across requests,
        so the block's writes are sent as they come, and each graph they replace or drop is read
        first. If the block fails (an error, Ctrl-C), those graphs are put back as they were, in
        one request. Only a process killed between two requests leaves the first one's work:
        a load whose relink was killed is finished by running ``scrgraph link``.
        """
        if self._undo is not None:
            yield
            return
        self._undo = {}
        try:
            yield
        except BaseException:
            undo, self._undo = self._undo, None
            if undo:
                try:
                    self.replace_graphs({g: lines for g, lines in undo.items() if lines is not None},
                                        drop=[g for g, lines in undo.items() if lines is None])
                except ServerError as exc:
                    raise ServerError(f"A write to the SPARQL server at {self.url} failed part-way and could not be "
                                      f"undone ({exc}); run the command again when the server answers.") from None
            raise
        finally:
            self._undo = None

    def _graph_lines(self, name: str) -> list[str]:
        """The quads of the named graph ``name``, as N-Quads lines."""
        graph = URIRef(name)
        query = bind_parameters("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
        _, rows = self._solutions(query, union=False)
        return [" ".join(_rdf_term(row[c]).n3() for c in ("s", "p", "o")) + f" {graph.n3()} .\n" for row in rows]

    def load_records(self, records: Iterable[ReviewRecord]) -> LoadSummary:
        """Load review records, each replacing any earlier version of its review, in one request."""
        from scrgraph.mapping import record_quads

        existing = set(self.review_ids())
        summary = LoadSummary()
        graphs: dict[str, list[str]] = {}
        for record in records:
            graph = review_graph(record.review_id)
            if graph in graphs:
                raise ScrgraphError(f"Review {record.review_id!r} is given twice in one load; load one of its records.")
            (summary.replaced if record.review_id in existing else summary.added).append(record.review_id)
            graphs[graph] = record_quads(record)
        self.replace_graphs(graphs)
        return summary

    def remove_review(self, review_id: str) -> None:
        """Remove a review and everything imported for it. Unknown ids are an error."""
        if review_id not in self.review_ids():
            known = ", ".join(self.review_ids()) or "none"
            raise ScrgraphError(f"There is no review {review_id!r} in the store (reviews: {known}).")
        self.replace_graphs({}, drop=self.review_graphs(review_id))

    def _ontology_digest(self) -> str | None:
        """The digest of the ontology last written to the dataset (kept in the ontology graph)."""
        _, rows = self._solutions(f"SELECT ?d WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <{ONTOLOGY_GRAPH}> <{GRAPH}ontologyDigest> ?d }} }}",
                                  union=False)
        return rows[0]["d"]["value"] if rows else None

    def _refresh_ontology(self) -> None:
        """Write the bundled ontology, gazetteer and vocabularies into their own named graph, with its digest."""
        from rdflib import Graph

        digest, texts = _bundled_ontology()
        graph = Graph()
        for _, text in texts:
            graph.parse(data=text, format="turtle", publicID=PREFIXES["scr"])
        graph.add((URIRef(ONTOLOGY_GRAPH), URIRef(GRAPH + "ontologyDigest"), Literal(digest)))
        ntriples = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        lines = [line.rstrip()[:-1] + f"<{ONTOLOGY_GRAPH}> .\n" for line in ntriples.splitlines() if line.strip()]
        self.replace_graphs({ONTOLOGY_GRAPH: lines})


def _rdf_term(value: Mapping[str, str] | None):
    """One value of SPARQL JSON results as an rdflib term (None when unbound)."""
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    return Literal(value["value"], lang=value.get("xml:lang"), datatype=value.get("datatype"))

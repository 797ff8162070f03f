"""What every store engine offers the rest of scrgraph: quads in, SPARQL out.

Three engines stand behind it today: :class:`scrgraph.store.OxigraphStore` (a folder holding an
Oxigraph database), :class:`scrgraph.store.MemoryStore` (rdflib's in-memory ``Dataset``, for tests)
and :class:`scrgraph.sparql_store.SparqlStore`
(a SPARQL 1.1 server's dataset, shared by a partnership). Code above the store layer types its
store as :class:`Store`, so either engine serves it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from scrgraph.record import ReviewRecord
from scrgraph.store import LoadSummary

if TYPE_CHECKING:
    from rdflib import Graph as RdfGraph


class Store(Protocol):
    """An open store: named graphs of quads, read with SPARQL, written a review at a time."""

    def close(self) -> None:
        """Close the store (and release its lock, where it has one)."""

    def graph_names(self) -> list[str]:
        """The names of the named graphs the store holds."""

    def select(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
        """Run a SELECT with ``bindings`` for its variables; its columns and rows of Python values."""

    def select_values(self, sparql: str) -> Iterable[tuple[str | None, ...]]:
        """Run a SELECT; each row as a tuple of plain strings (None where unbound)."""

    def select_triples(self, sparql: str) -> Iterator[tuple[str, str, Any, bool]]:
        """Run a SELECT of ``?s ?p ?o``; each as (subject, predicate, value, value-is-a-node)."""

    def construct(self, sparql: str) -> RdfGraph:
        """Run a CONSTRUCT over the union of all graphs; its triples as an rdflib graph."""

    def nquads(self) -> bytes:
        """Every quad the store holds, as N-Quads."""

    def review_ids(self) -> list[str]:
        """The ids of the reviews held, sorted."""

    def triple_count(self) -> int:
        """How many triples the store holds across its graphs."""

    def review_graphs(self, review_id: str) -> list[str]:
        """The named graphs that belong to a review (its record and its imports)."""

    def replace_graphs(self, graphs: Mapping[str, list[str]], drop: Iterable[str] = ()) -> None:
        """Replace whole named graphs with N-Quads lines and drop others, all or nothing."""

    def rewrite_graph(self, name: str, lines: list[str]) -> None:
        """Replace one named graph with N-Triples lines."""

    def load_records(self, records: Iterable[ReviewRecord]) -> LoadSummary:
        """Write review records (each replacing the review's earlier version), all or nothing."""

    def remove_review(self, review_id: str) -> None:
        """Remove a review and everything imported for it; an unknown id is an error."""

    def staged(self) -> AbstractContextManager[None]:
        """A ``with`` block whose writes are one: all of them or, on an error or a kill, none."""

"""The library face: one open store and every operation on it, for notebooks, scripts and the CLI.

>>> import scrgraph
>>> with scrgraph.open("store", create=True) as graph:      # doctest: +SKIP
...     graph.load(["reviews/"])
...     graph.query("review-summary").write("summary.csv")

A :class:`Graph` holds its store open (and its lock) for its whole life, so a process can load,
link, query and draw without reopening. Every write relinks the recurring recommendations unless
told not to; progress is reported through callbacks, never by printing.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from scrgraph.errors import ScrgraphError
from scrgraph.store import GraphStore

Progress = Callable[[str], None]
"""A callback told, in a few words, what is being done (a stage or a file)."""


@dataclass
class Rows:
    """Rows of a query: ``columns`` in order, each row a dict; iterate, ``len()`` or ``write()`` them."""

    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def write(self, target: str | Path | IO[str], format: str | None = None) -> None:
        """Write the rows to a file (format from its ending unless given) or a text stream.

        Formats: table, csv, json, md, xlsx (a file only).
        """
        from scrgraph.output import emit_rows, format_rows

        if isinstance(target, (str, Path)):
            path = Path(target)
            fmt = format or {"csv": "csv", "json": "json", "md": "md", "markdown": "md",
                             "xlsx": "xlsx"}.get(path.suffix.lower().lstrip("."), "table")
            emit_rows(self.columns, self.rows, fmt, path)
            return
        if format == "xlsx":
            raise ScrgraphError("The xlsx format writes a file; give a file name instead of a stream.")
        target.write(format_rows(self.columns, self.rows, format or "table"))


@dataclass
class Page:
    """A drawn HTML page; ``write(path)`` saves it."""

    html: str
    nodes: int
    links: int

    def write(self, path: str | Path) -> None:
        """Write the page to ``path`` atomically."""
        from scrgraph.output import write_atomic

        write_atomic(Path(path), self.html)


def open(path: str | Path, create: bool = False) -> Graph:  # noqa: A001 - the library's front door
    """Open the store in folder ``path`` (``create`` makes a missing or empty folder a new store)."""
    path = Path(path)
    existed = path.exists()
    store = GraphStore.open(path, create=create)
    return Graph(store, path, created=create and not existed)


class Graph:
    """An open scrgraph store and everything one can do with it. Close it (or use ``with``)."""

    def __init__(self, store: GraphStore, path: Path, created: bool = False) -> None:
        self.store = store
        self.path = path
        self._created = created

    # -- life ---------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the store and release its lock; a store created by this Graph and left empty is removed."""
        empty = self._created and not self.store.review_ids()
        self.store.close()
        if empty:
            shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reviews(self) -> Rows:
        """The reviews held, with their counts of findings, recommendations and measures."""
        from scrgraph.reviews import review_rows

        return Rows(*review_rows(self.store))

    # -- writing --------------------------------------------------------------------------------

    def load(self, paths: Iterable[str | Path], relink: bool = True, progress: Progress | None = None, *,
             profile: str | None = None, force: bool = False, allow_empty: bool = False,
             skip_shacl: bool = False) -> str:
        """Load records and documents (extracted first), all or nothing, then relink; return a one-line summary.

        Every record is checked against the schema and the SHACL rules before anything is written.
        """
        from scrgraph.extract.loading import records_from_documents, split_paths
        from scrgraph.loading import _checked, describe, iter_records
        from scrgraph.record import record_files

        tell = progress or (lambda text: None)
        record_paths, documents = split_paths([Path(p) for p in paths])
        records: Iterable[Any] = iter_records(record_files(record_paths),
                                              lambda n: tell("reading records")) if record_paths else iter(())
        if documents:
            tell("reading documents")
            self.store.close()  # the extractor opens the store itself to see which reviews it holds
            try:
                extracted = records_from_documents(documents, self.path, profile, force=force, allow_empty=allow_empty)
            finally:
                self.store = GraphStore.open(self.path, create=True)
            records = itertools.chain(records, extracted)
        if not skip_shacl:
            records = _checked(records)
        summary = self.store.load_records(records)
        line = describe(summary, self.path)
        if relink:
            line += " " + self.link(progress)
        return line

    def remove(self, review_id: str, relink: bool = True, progress: Progress | None = None) -> str:
        """Remove a review and everything imported for it, then relink the rest; return a sentence."""
        self.store.remove_review(review_id)
        line = f"Removed review {review_id} from {self.path}."
        if relink:
            line += " " + self.link(progress)
        return line

    def link(self, progress: Progress | None = None) -> str:
        """Relink the recurring recommendations with the analysts' decisions; return the linker's summary."""
        from scrgraph.linking.decisions import decisions_path
        from scrgraph.linking.run import link_store

        return link_store(self.store, decisions_path(self.path), stage=progress).sentence()

    def confirm(self, a: str, b: str, progress: Progress | None = None) -> str:
        """Record that recommendations ``a`` and ``b`` (REVIEW-ID:REF) ask for the same thing, then relink."""
        return self._decide(a, b, "confirmed", progress)

    def reject(self, a: str, b: str, progress: Progress | None = None) -> str:
        """Record that recommendations ``a`` and ``b`` must never be linked, then relink."""
        return self._decide(a, b, "rejected", progress)

    def _decide(self, a: str, b: str, decision: str, progress: Progress | None) -> str:
        from scrgraph.linking.corpus import read_recommendations
        from scrgraph.linking.decisions import CONFIRMED, REJECTED, decisions_path, record_decision

        chosen = {"confirmed": CONFIRMED, "rejected": REJECTED}[decision]
        known = {item.key: item for item in read_recommendations(self.store, findings=True)}
        for key in (a, b):
            if key not in known:
                raise ScrgraphError(f"There is no recommendation {key!r} in the store; name it as REVIEW-ID:REF "
                                    "(see 'scrgraph query review-summary').")
        if known[a].review_id == known[b].review_id:
            raise ScrgraphError("Both recommendations come from the same review; links join recommendations of different reviews.")
        record_decision(decisions_path(self.path), a, b, chosen)
        return f"Recorded: {a} and {b} {chosen}. " + self.link(progress)

    # -- reading --------------------------------------------------------------------------------

    def query(self, name: str, queries: Iterable[str | Path] = (), **params: Any) -> Rows:
        """Run saved query ``name`` with its parameters (e.g. ``as_of="2024-03-31"``)."""
        from scrgraph.saved_queries import run_query

        return Rows(*run_query(self.store, name, params, tuple(queries)))

    def sparql(self, text: str, params: Mapping[str, Any] | None = None) -> Rows:
        """Run a SPARQL SELECT over the whole graph, with ``params`` bound to ``?NAME`` variables."""
        try:
            return Rows(*self.store.select(text, params or {}))
        except ScrgraphError:
            raise
        except Exception as exc:  # the SPARQL engine's own syntax and evaluation errors
            raise ScrgraphError(f"The SPARQL query failed: {str(exc).splitlines()[0].rstrip('.')}.") from None

    def view(self, review: str | None = None, agency: str | None = None, theme: str | None = None,
             group: str | None = None, depth: int = 1) -> Page:
        """Draw the whole graph, or the part around one review, agency, theme or group, as an offline page."""
        from scrgraph.html import render_page, view_graph

        drawn = view_graph(self.store, review=review, agency=agency, theme=theme, group=group, depth=depth)
        html = render_page(drawn, drawn.graph["title"], subtitle=drawn.graph.get("subtitle", ""),
                           focus=drawn.graph.get("focus"))
        return Page(html, drawn.number_of_nodes(), drawn.number_of_edges())

    def export(self, format: str, path: str | Path) -> int:
        """Export the whole graph (turtle, nquads, jsonld, graphml, cypher); return what was written."""
        from scrgraph.exporting import export_store

        return export_store(self.store, format, Path(path))

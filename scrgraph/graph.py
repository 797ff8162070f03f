"""The library face: one open store and every operation on it, for notebooks, scripts, the CLI and the workbench.

>>> import scrgraph
>>> with scrgraph.open("store", create=True) as graph:      # doctest: +SKIP
...     graph.load(["reviews/"])
...     graph.query("review-summary").write("summary.csv")
...     graph.view(agency="police").write("police.html")

A :class:`Graph` holds its store open (and its lock) for its whole life, so a process can load,
link, query and draw without reopening it. Every write relinks the recurring recommendations
unless told not to; progress is reported through callbacks, never by printing. The CLI's commands
are thin shells over these methods.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrgraph.errors import ScrgraphError

if TYPE_CHECKING:
    from scrgraph.actions.importing import ImportSummary
    from scrgraph.backend import Store
    from scrgraph.linking.learn import LearnReport
    from scrgraph.linking.run import LinkSummary
    from scrgraph.linking.suggest import Suggestion
    from scrgraph.neo4j.connection import Neo4jSettings
    from scrgraph.neo4j.push import PushSummary
    from scrgraph.record import ReviewRecord
    from scrgraph.report.model import Document

Progress = Callable[[str], None]
"""A callback told, in a few words, what is being done (a stage or a file)."""

def row_format_for(path: Path | None, chosen: str | None = None) -> str:
    """The row format to write: ``chosen`` when given, else the one ``path``'s ending names, else table."""
    if chosen:
        return chosen
    from scrgraph.output import FORMAT_BY_SUFFIX

    if path is None:
        return "table"
    return FORMAT_BY_SUFFIX.get(path.suffix.lower().lstrip("."), "table")


@dataclass
class Rows:
    """Rows of a query: ``columns`` in order, each row a dict; iterate, ``len()`` or ``write()`` them.

    >>> rows = Rows(["ref", "agency"], [{"ref": "1", "agency": "police"}])
    >>> len(rows), rows.columns
    (1, ['ref', 'agency'])
    """

    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""
    graph_spec: Mapping[str, Any] | None = None

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
            emit_rows(self.columns, self.rows, row_format_for(path, format), path)
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


@contextmanager
def _restored_on_error(path: Path) -> Iterator[None]:
    """Put the file at ``path`` back as it was (or absent) if the ``with`` block raises."""
    from scrgraph.output import write_atomic

    before = path.read_bytes() if path.exists() else None
    try:
        yield
    except BaseException:
        if before is None:
            path.unlink(missing_ok=True)
        else:
            write_atomic(path, before, store_file=True)
        raise


def open(location: str | Path, create: bool = False) -> Graph:  # noqa: A001 - the library's front door
    """Open the store in folder ``location``, or a shared SPARQL server's dataset URL.

    ``create`` makes a missing or empty folder a new store; a store made here and left empty is
    removed again when the graph closes, so a load that fails leaves the disk as it was.
    """
    from scrgraph.sparql_store import open_location, server_url

    local = server_url(location) is None
    path = Path(location)
    folder_existed = path.exists() if local else True
    made = local and create and not (path / "scrgraph-store.json").exists()
    store = open_location(location, create=create)
    return Graph(store, location, made=made, folder_existed=folder_existed)


class Graph:
    """An open scrgraph store and everything one can do with it. Close it (or use ``with``)."""

    def __init__(self, store: Store, location: str | Path, made: bool = False, folder_existed: bool = True) -> None:
        from scrgraph.sparql_store import server_url

        self.store = store
        self.location = location
        self.url = server_url(location)
        self.path = Path(location)
        self._made = made
        self._folder_existed = folder_existed

    # -- life ---------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the store and release its lock; a store made by this Graph and left empty is removed."""
        empty = self._made and not self.store.review_ids()
        self.store.close()
        if empty:
            if self._folder_existed:
                for child in self.path.iterdir():
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            else:
                shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _beside_store(self, what: str) -> Path:
        """The folder of a local store, where analysts' decisions and names are kept."""
        if self.url is not None:
            raise ScrgraphError(f"{what} are kept beside a local store folder; a shared server at {self.url} keeps none.")
        return self.path

    # -- writing --------------------------------------------------------------------------------

    def load(self, paths: Iterable[str | Path], relink: bool = True, progress: Progress | None = None, *,
             profile: str | None = None, force: bool = False, allow_empty: bool = False,
             skip_shacl: bool = False) -> str:
        """Load records and documents (extracted first), all or nothing, then relink; return what was done.

        Every record is checked against the schema and the SHACL rules before anything is written;
        a review without a publication date is loaded with a warning line.
        """
        from scrgraph.extract.loading import records_from_documents, split_paths
        from scrgraph.loading import iter_records
        from scrgraph.record import record_files

        tell = progress or (lambda text: None)
        record_paths, documents = split_paths([Path(p) for p in paths])
        files = record_files(record_paths) if record_paths else []
        done = iter(range(1, len(files) + 1))
        records: Iterable[ReviewRecord] = iter_records(files, lambda n: tell(f"records read: {next(done)} of {len(files)}"))
        if documents:
            extracted = records_from_documents(documents, set(self.store.review_ids()), profile, force=force,
                                               allow_empty=allow_empty, advance=lambda n: tell("reading documents"))
            records = itertools.chain(records, extracted)
        return self.load_records(records, relink, progress, skip_shacl=skip_shacl)

    def load_records(self, records: Iterable[ReviewRecord], relink: bool = True, progress: Progress | None = None,
                     *, skip_shacl: bool = False) -> str:
        """Check review records and write them, all or nothing, then relink; return what was done."""
        from scrgraph.loading import checked, describe, noting_undated

        warnings: list[str] = []
        records = noting_undated(iter(records), warnings)
        if not skip_shacl:
            records = checked(records)
        (progress or (lambda text: None))("writing")
        with self.store.staged():  # the reviews and the links that take them in are one write
            lines = [describe(self.store.load_records(records), self.location)]
            lines += [f"Warning: {warning}" for warning in warnings]
            if relink:
                lines.append(self.link(progress).sentence())
        return "\n".join(lines)

    def remove(self, review_id: str, relink: bool = True, progress: Progress | None = None) -> str:
        """Remove a review and everything imported for it, then relink the rest; return what was done."""
        with self.store.staged():
            self.store.remove_review(review_id)
            line = f"Removed review {review_id} from {self.location}."
            return line + "\n" + self.link(progress).sentence() if relink else line

    def link(self, progress: Progress | None = None) -> LinkSummary:
        """Relink the recurring recommendations with the analysts' decisions and names; return what the linker did."""
        from scrgraph.linking.decisions import decisions_path
        from scrgraph.linking.names import names_path, read_names
        from scrgraph.linking.run import link_store

        local = self.url is None
        decisions = decisions_path(self.path) if local else None
        names = read_names(names_path(self.path)) if local else None
        return link_store(self.store, decisions, stage=progress, names=names)

    def confirm(self, a: str, b: str, progress: Progress | None = None) -> str:
        """Record that items ``a`` and ``b`` (REVIEW-ID:REF, or REVIEW-ID:finding-REF) ask for the same thing, then relink."""
        from scrgraph.linking.decisions import CONFIRMED

        return self._decide(a, b, CONFIRMED, progress)

    def reject(self, a: str, b: str, progress: Progress | None = None) -> str:
        """Record that items ``a`` and ``b`` must never be linked, then relink."""
        from scrgraph.linking.decisions import REJECTED

        return self._decide(a, b, REJECTED, progress)

    def _decide(self, a: str, b: str, decision: str, progress: Progress | None) -> str:
        from scrgraph.linking.corpus import read_recommendations
        from scrgraph.linking.decisions import decisions_path, record_decision

        folder = self._beside_store("Link decisions")
        known = {item.key: item for item in read_recommendations(self.store, findings=True)}
        for key in (a, b):
            if key not in known:
                raise ScrgraphError(f"There is no recommendation {key!r} in the store; name a recommendation as REVIEW-ID:REF "
                                    "or a finding as REVIEW-ID:finding-REF (see 'scrgraph query review-summary').")
        if known[a].review_id == known[b].review_id:
            raise ScrgraphError("Both recommendations come from the same review; links join recommendations of different reviews.")
        with _restored_on_error(decisions_path(folder)):  # the decision and the links it changes stand together
            record_decision(decisions_path(folder), a, b, decision)
            return f"Recorded: {a} and {b} {decision}.\n" + self.link(progress).sentence()

    def name_group(self, group: str, label: str, progress: Progress | None = None) -> str:
        """Name a recurring-recommendation group (``""`` gives back the automatic label), then relink."""
        from scrgraph.linking.names import names_path, record_name
        from scrgraph.linking.run import previous_groups

        folder = self._beside_store("Group names")
        if group not in previous_groups(self.store):
            raise ScrgraphError(f"There is no recurring-recommendation group {group!r} in the store; "
                                "'scrgraph query recurrence-groups' lists them.")
        with _restored_on_error(names_path(folder)):
            record_name(names_path(folder), group, label)
            return f"Named group {group}: {label.strip() or '(automatic label)'}.\n" + self.link(progress).sentence()

    def import_tracker(self, file: str | Path, review: str, as_of: dt.date | None = None, *,
                       sheet: str | None = None, profile: str = "default") -> ImportSummary:
        """Import an action-plan tracker for ``review`` as its state on ``as_of`` (default today)."""
        from scrgraph.actions.importing import import_tracker

        return import_tracker(self.store, Path(file), review, as_of or dt.date.today(), sheet=sheet, profile=profile)

    # -- reading --------------------------------------------------------------------------------

    def reviews(self) -> Rows:
        """The reviews held, with their counts of findings, recommendations and measures."""
        from scrgraph.reviews import review_rows

        return Rows(*review_rows(self.store))

    def query(self, name: str, params: Mapping[str, Any] | None = None, /, *, queries: Iterable[str | Path] = (),
              limit: int | None = None, offset: int = 0, **named: Any) -> Rows:
        """Run saved query ``name`` with its parameters, given as a mapping or by name
        (``graph.query("overdue-actions", as_of="2024-03-31")``); ``limit``/``offset`` page it.

        ``queries`` names extra folders of saved queries besides the bundled ones. A parameter
        that shares a name with an argument here (``queries``, ``limit``, ``offset``) goes in the mapping.
        """
        params = {**(params or {}), **named}
        from scrgraph.saved_queries import Page as RowPage
        from scrgraph.saved_queries import get_query, run_query

        extra = tuple(queries)
        saved = get_query(name, extra)
        columns, rows = run_query(self.store, name, params, extra, RowPage(limit, offset))
        return Rows(columns, rows, saved.title, saved.header.graph)

    def stream_query(self, name: str, params: Mapping[str, Any] | None = None, /, *, queries: Iterable[str | Path] = (),
                     limit: int | None = None, offset: int = 0, **named: Any) -> tuple[list[str], Iterator[dict[str, Any]]]:
        """:meth:`query`, its rows given one by one as the engine finds them: a long listing is written
        without being held. Read every row before the graph closes."""
        from scrgraph.saved_queries import Page as RowPage
        from scrgraph.saved_queries import stream_query

        return stream_query(self.store, name, {**(params or {}), **named}, tuple(queries), RowPage(limit, offset))

    def sparql(self, text: str, params: Mapping[str, Any] | None = None) -> Rows:
        """Run a read-only SPARQL SELECT over the whole graph, with ``params`` bound to ``?NAME`` variables."""
        from scrgraph.sparql_guard import check_read_only_local

        check_read_only_local(text)
        try:
            return Rows(*self.store.select(text, params or {}))
        except ScrgraphError:
            raise
        except Exception as exc:  # the SPARQL engine's own syntax and evaluation errors
            raise ScrgraphError(f"The SPARQL query failed: {str(exc).splitlines()[0].rstrip('.')}.") from None

    def rows_page(self, rows: Rows) -> Page:
        """An offline HTML page of a saved query's rows: its table and the graph behind them."""
        from scrgraph.html import rows_page

        html = rows_page(rows.columns, rows.rows, rows.graph_spec, rows.title, store=self.store)
        return Page(html, len(rows), 0)

    def view(self, review: str | None = None, agency: str | None = None, theme: str | None = None,
             group: str | None = None, depth: int = 1, library: str | None = None) -> Page:
        """Draw the whole graph, or the part around one review, agency, theme or group, as an offline
        page (with ``library``, one that loads vis-network from that address on its server instead)."""
        from scrgraph.html import render_page, view_graph

        drawn = view_graph(self.store, review=review, agency=agency, theme=theme, group=group, depth=depth)
        html = render_page(drawn, drawn.graph["title"], subtitle=drawn.graph.get("subtitle", ""),
                           focus=drawn.graph.get("focus"), library=library)
        return Page(html, drawn.number_of_nodes(), drawn.number_of_edges())

    def suggest(self, item: str | None = None, limit: int = 5) -> list[Suggestion]:
        """The items of other reviews most like ``item`` (or like every item when None), best first, with reasons."""
        from scrgraph.linking.suggest import suggest

        return suggest(self.store, self.path if self.url is None else None, item, limit)

    def learn(self) -> LearnReport:
        """Fit the suggestion weights to the analysts' confirmed and rejected pairs; report what changed."""
        from scrgraph.linking.learn import learn

        return learn(self.store, self._beside_store("Learned link weights"))

    def action_template(self, review: str) -> tuple[bytes, int]:
        """An action-plan tracker (.xlsx bytes) pre-filled with a review's recommendations, and its row count."""
        from scrgraph.actions.context import review_context
        from scrgraph.actions.template import template_bytes, template_rows

        context = review_context(self.store, review)
        return template_bytes(context), len(template_rows(context))

    def validate(self) -> tuple[list[str], list[str]]:
        """The SHACL problems of everything held, and warnings for reviews without a publication date."""
        from scrgraph.published import undated_in_store
        from scrgraph.shacl import validate_store

        return validate_store(self.store), undated_in_store(self.store)

    def report(self, start: dt.date, end: dt.date, board: str = "", as_of: dt.date | None = None) -> Document:
        """The annual report's "learning from reviews" section for a period (write it with ``scrgraph.report.write_report``)."""
        from scrgraph.report import ReportOptions, build_report

        if start > end:
            raise ScrgraphError(f"The period starts on {start.isoformat()}, after it ends on {end.isoformat()}; "
                                "the period must start before it ends.")
        return build_report(self.store, ReportOptions(start=start, end=end, board=board.strip(), as_of=as_of))

    def export(self, format: str, path: str | Path) -> int:
        """Export the whole graph (turtle, nquads, jsonld, graphml, cypher); return what was written."""
        from scrgraph.exporting import export_store

        return export_store(self.store, format, Path(path))

    def push(self, settings: Neo4jSettings, review: str | None = None,
             progress: Callable[[int], Any] | None = None) -> PushSummary:
        """Push the graph (or one review) into the Neo4j server of ``settings``: only what changed."""
        from scrgraph.neo4j.push import push_store

        return push_store(self.store, settings, review=review, progress=progress)

"""Commands 'queries' (list the saved queries) and 'query' (run one, or show its text)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, List, Optional

import typer
from typer.core import TyperCommand, TyperOption

from scrgraph.cli.common import (
    STORE_DEFAULT,
    App,
    FormatOption,
    OutputOption,
    QuietOption,
    RowFormat,
    StoreOption,
    open_store,
    print_rows,
    say,
)
from scrgraph.errors import ScrgraphError

app = App()


class QueryFormat(str, Enum):
    """The formats of 'scrgraph query' (the shared ones plus xlsx)."""

    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    xlsx = "xlsx"


class Backend(str, Enum):
    """Where a saved query runs: the local RDF store or Neo4j."""

    rdf = "rdf"
    neo4j = "neo4j"


class _PairOption(TyperOption):
    """An option that takes two values each time it is given (``-p NAME VALUE``)."""

    def process_value(self, ctx: Any, value: Any) -> Any:
        return [tuple(pair) for pair in value] if value else None


class _PairCommand(TyperCommand):
    """A command whose ``param`` option takes NAME VALUE pairs (Typer cannot declare that itself)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for option in self.params:
            if option.name == "param":
                option.__class__ = _PairOption
                option.nargs = 2
                option.metavar = "NAME VALUE"


QueriesOption = Annotated[
    Optional[List[Path]],
    typer.Option("--queries", help="A folder of your own saved queries (NAME.rq, NAME.cypher, fragments/); repeat for "
                                   "more. They add to the bundled queries and replace any of the same name."),
]
ParamOption = Annotated[
    Optional[List[str]],
    typer.Option("--param", "-p", help="A parameter of the query as NAME VALUE, e.g. -p as_of 2024-03-31; repeat for more."),
]
QueryFormatOption = Annotated[
    Optional[QueryFormat],
    typer.Option("--format", "-f", help="Output format: table, csv, json (a list of objects), md or xlsx (needs -o). "
                                        "Default: from the -o file's ending, else table."),
]


@app.command("queries")
def queries_command(
    queries: QueriesOption = None,
    fmt: FormatOption = RowFormat.table,
    output: OutputOption = None,
) -> None:
    """List the saved queries: name, title and parameters (run one with 'scrgraph query NAME')."""
    from scrgraph.query_params import describe_params
    from scrgraph.saved_queries import list_queries

    rows = [{"name": q.name, "title": q.title, "parameters": describe_params(q.header.params) or "(none)"}
            for q in list_queries(queries or ())]
    print_rows(["name", "title", "parameters"], rows, fmt, output)


def _params(pairs: list[tuple[str, str]] | None) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in pairs or []:
        if name in params:
            raise ScrgraphError(f"-p {name} is given twice; give each parameter once.")
        params[name] = value
    return params


def _format(fmt: QueryFormat | None, output: Path | None) -> str:
    if fmt is not None:
        return fmt.value
    if output is not None:
        suffix = output.suffix.lower().lstrip(".")
        return {"csv": "csv", "json": "json", "md": "md", "markdown": "md", "xlsx": "xlsx"}.get(suffix, "table")
    return "table"


@app.command("query", cls=_PairCommand)
def query_command(
    name: Annotated[str, typer.Argument(help="The saved query to run (list them with 'scrgraph queries').")],
    param: ParamOption = None,
    fmt: QueryFormatOption = None,
    output: OutputOption = None,
    show: Annotated[bool, typer.Option("--show", help="Print the query's text (fragments included) instead of running it.")] = False,
    html: Annotated[Optional[Path], typer.Option("--html", help="Write the rows as an HTML page with a graph view to this file.")] = None,
    backend: Annotated[Backend, typer.Option("--backend", help="Run on the local RDF store (rdf) or on Neo4j (neo4j, the .cypher twin).")] = Backend.rdf,
    uri: Annotated[Optional[str], typer.Option("--uri", help="Neo4j address, e.g. bolt://localhost:7687 (--backend neo4j).")] = None,
    user: Annotated[Optional[str], typer.Option("--user", help="Neo4j user (--backend neo4j).")] = None,
    database: Annotated[Optional[str], typer.Option("--database", help="Neo4j database (--backend neo4j).")] = None,
    queries: QueriesOption = None,
    store: StoreOption = STORE_DEFAULT,
    limit: Annotated[Optional[int], typer.Option("--limit", help="Give at most this many rows (the first ones, in the query's order).")] = None,
    offset: Annotated[int, typer.Option("--offset", help="Skip this many rows first (with --limit: pages of a long listing).")] = 0,
    quiet: QuietOption = False,
) -> None:
    """Run a saved query with parameters (-p NAME VALUE) and print or write its rows; --show prints its text."""
    from scrgraph.provenance import about_path
    from scrgraph.saved_queries import BACKENDS, Page, get_query, query_text, run_cypher_query, run_query

    extra = queries or ()
    query = get_query(name, extra)
    language = BACKENDS[backend.value]
    if show:
        sys.stdout.write(query_text(name, extra, language, prefixes=True))
        return
    params = _params(param)
    page = Page(limit, offset)
    if backend is Backend.neo4j:
        try:
            from scrgraph.neo4j.querying import Neo4jSettings
        except ImportError:
            raise ScrgraphError("The Neo4j backend is not available in this installation; run the query with --backend rdf.") from None
        settings = Neo4jSettings.from_env(uri=uri, user=user, database=database)
        columns, rows = run_cypher_query(settings, name, params, extra, page)
    else:
        with open_store(store) as opened:
            columns, rows = run_query(opened, name, params, extra, page)
            if html is not None:  # drawn while the store is open, so nodes show the store's details
                _write_html(html, columns, rows, query.header.graph, query.title, opened)
    if html is not None:
        if backend is Backend.neo4j:
            _write_html(html, columns, rows, query.header.graph, query.title, None)
        say(f"Wrote {html} ({len(rows)} rows).", quiet)
        if fmt is None and output is None:
            return
    chosen = _format(fmt, output)
    print_rows(columns, rows, chosen, output, _provenance(query, params, backend, store, uri))
    if output is not None:
        beside = f", and what produced them in {about_path(output).name} beside it" if chosen == "csv" else ""
        say(f"Wrote {output} ({len(rows)} rows){beside}.", quiet)


def _provenance(query: Any, params: dict[str, Any], backend: Backend, store: Path, uri: str | None) -> Any:
    """What produced the rows: the query, its parameters (a date it defaults to today pinned), the store."""
    from scrgraph.provenance import stamp

    where = f"Neo4j {uri or 'from the environment'}" if backend is Backend.neo4j else str(Path(store).resolve())
    return stamp(query, params, where)


def _write_html(path: Path, columns: list[str], rows: list[dict[str, Any]], graph: dict[str, Any] | None, title: str,
                store: Any = None) -> None:
    """Write the rows as an HTML page (table and graph view) with scrgraph.html."""
    from scrgraph.output import write_atomic

    try:
        from scrgraph.html import rows_page
    except ImportError:
        raise ScrgraphError("The HTML view is not available in this installation (scrgraph.html is missing); "
                            "use --format csv, json, md or xlsx instead.") from None
    write_atomic(path, rows_page(columns, rows, graph, title, store=store))

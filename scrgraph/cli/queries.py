"""Commands 'queries' (list the saved queries) and 'query' (run one, or show its text)."""

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from scrgraph.cli.common import (
    STORE_DEFAULT,
    TABLE,
    App,
    FormatOption,
    OutputOption,
    PairCommand,
    ParamOption,
    QuietOption,
    StoreOption,
    open_graph,
    print_rows,
    say,
)
from scrgraph.errors import ScrgraphError
from scrgraph.graph import row_format_for
from scrgraph.output import FILE_FORMATS, TEXT_FORMATS

if TYPE_CHECKING:
    from scrgraph.graph import Graph, Rows
from scrgraph.query_params import param_pairs

app = App()


# The formats of 'scrgraph query': the shared ones plus those only a file holds (xlsx).
QueryFormat = Enum("QueryFormat", {name: name for name in TEXT_FORMATS + FILE_FORMATS}, type=str)  # type: ignore[misc]  # members from a registry


class Backend(str, Enum):
    """Where a saved query runs: the local RDF store or Neo4j."""

    rdf = "rdf"
    neo4j = "neo4j"


QueriesOption = Annotated[
    list[Path] | None,
    typer.Option("--queries", help="A folder of your own saved queries (NAME.rq, NAME.cypher, fragments/); repeat for "
                                   "more. They add to the bundled queries and replace any of the same name."),
]
QueryFormatOption = Annotated[
    QueryFormat | None,
    typer.Option("--format", "-f", help="Output format: table, csv, json (a list of objects), md or xlsx (needs -o). "
                                        "Default: from the -o file's ending, else table."),
]


@app.command("queries")
def queries_command(
    queries: QueriesOption = None,
    fmt: FormatOption = TABLE,
    output: OutputOption = None,
) -> None:
    """List the saved queries: name, title and parameters (run one with 'scrgraph query NAME')."""
    from scrgraph.query_params import describe_params
    from scrgraph.saved_queries import list_queries

    rows = [{"name": q.name, "title": q.title, "parameters": describe_params(q.header.params) or "(none)"}
            for q in list_queries(queries or ())]
    print_rows(["name", "title", "parameters"], rows, fmt, output)


@app.command("query", cls=PairCommand)
def query_command(
    name: Annotated[str, typer.Argument(help="The saved query to run (list them with 'scrgraph queries').")],
    param: ParamOption = None,
    fmt: QueryFormatOption = None,
    output: OutputOption = None,
    show: Annotated[bool, typer.Option("--show", help="Print the query's text (fragments included) instead of running it.")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Write the rows as an HTML page with a graph view to this file.")] = None,
    backend: Annotated[Backend, typer.Option("--backend", help="Run on the local RDF store (rdf) or on Neo4j (neo4j, the .cypher twin).")] = Backend.rdf,
    uri: Annotated[str | None, typer.Option("--uri", help="Neo4j address, e.g. bolt://localhost:7687 (--backend neo4j).")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Neo4j user (--backend neo4j).")] = None,
    database: Annotated[str | None, typer.Option("--database", help="Neo4j database (--backend neo4j).")] = None,
    queries: QueriesOption = None,
    store: StoreOption = STORE_DEFAULT,
    limit: Annotated[int | None, typer.Option("--limit", help="Give at most this many rows (the first ones, in the query's order).")] = None,
    offset: Annotated[int, typer.Option("--offset", help="Skip this many rows first (with --limit: pages of a long listing).")] = 0,
    quiet: QuietOption = False,
) -> None:
    """Run a saved query with parameters (-p NAME VALUE) and print or write its rows; --show prints its text."""
    from scrgraph.graph import Rows
    from scrgraph.provenance import about_path
    from scrgraph.saved_queries import BACKENDS, Page, get_query, query_text, run_cypher_query

    extra = queries or ()
    saved = get_query(name, extra)  # an unknown name is refused before anything is opened
    if show:
        sys.stdout.write(query_text(name, extra, BACKENDS[backend.value], prefixes=True))
        return
    params = param_pairs(param)  # type: ignore[arg-type]  # PairCommand hands the option over as (NAME, VALUE) pairs
    if backend is Backend.neo4j:
        try:
            from scrgraph.neo4j.querying import Neo4jSettings
        except ImportError:
            raise ScrgraphError("The Neo4j backend is not available in this installation; run the query with --backend rdf.") from None
        settings = Neo4jSettings.from_env(uri=uri, user=user, database=database)
        rows = Rows(*run_cypher_query(settings, name, params, extra, Page(limit, offset)), saved.title, saved.header.graph)
        if html is not None:
            _write_html(html, rows, None)
    else:
        with open_graph(store) as graph:
            if html is None and row_format_for(output, fmt.value if fmt else None) == "csv":
                columns, streamed = graph.stream_query(name, params, queries=extra, limit=limit, offset=offset)
                about = _provenance(saved, params, backend, store, uri)
                count = print_rows(columns, streamed, "csv", output, about)  # written as the rows come, never held whole
                if output is not None:
                    say(f"Wrote {output} ({count} rows), and what produced them in {about_path(output).name} beside it.", quiet)
                return
            rows = graph.query(name, params, queries=extra, limit=limit, offset=offset)
            if html is not None:  # drawn while the store is open, so nodes show the store's details
                _write_html(html, rows, graph)
    if html is not None:
        say(f"Wrote {html} ({len(rows)} rows).", quiet)
        if fmt is None and output is None:
            return
    chosen = row_format_for(output, fmt.value if fmt else None)
    print_rows(rows.columns, rows.rows, chosen, output, _provenance(saved, params, backend, store, uri))
    if output is not None:
        beside = f", and what produced them in {about_path(output).name} beside it" if chosen == "csv" else ""
        say(f"Wrote {output} ({len(rows)} rows){beside}.", quiet)


def _provenance(query: Any, params: dict[str, Any], backend: Backend, store: Path, uri: str | None) -> Any:
    """What produced the rows: the query, its parameters (a date it defaults to today pinned), the store."""
    from scrgraph.provenance import stamp

    where = f"Neo4j {uri or 'from the environment'}" if backend is Backend.neo4j else str(Path(store).resolve())
    return stamp(query, params, where)


def _write_html(path: Path, rows: "Rows", graph: "Graph | None") -> None:
    """Write the rows as an HTML page (table and graph view); without an open graph, nodes show ids only."""
    from scrgraph.html import rows_page
    from scrgraph.output import write_atomic

    if graph is not None:
        graph.rows_page(rows).write(path)
    else:
        write_atomic(path, rows_page(rows.columns, rows.rows, rows.graph_spec, rows.title))

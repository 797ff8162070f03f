"""Commands that fill, inspect and export the store: load, reviews, remove, validate, export, sparql."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from scrgraph.cli.common import (
    STORE_DEFAULT,
    TABLE,
    App,
    FormatOption,
    OutputOption,
    PairCommand,
    QuietOption,
    StoreOption,
    open_graph,
    print_rows,
    progress_bar,
    say,
    status_line,
)
from scrgraph.errors import ScrgraphError
from scrgraph.exporting import EXPORT_FORMATS
from scrgraph.query_params import param_pairs

app = App()


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Review records (.yaml, .yml, .json), review documents (.pdf, .docx, .html, .md, .txt), or folders of them.")],
    store: StoreOption = STORE_DEFAULT,
    profile: Annotated[str | None, typer.Option("--profile", help="Layout profile for documents (loaders/layout-NAME.yaml); picked by scoring when left out.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Let a document replace a review the store already holds (it may have been corrected by hand).")] = False,
    allow_empty: Annotated[bool, typer.Option("--allow-empty", help="Load documents in which no recommendations were found.")] = False,
    skip_shacl: Annotated[bool, typer.Option("--skip-shacl", help="Check records against the JSON Schema only, not the SHACL rules (for large machine-made batches).")] = False,
    no_link: Annotated[bool, typer.Option("--no-link", help="Do not relink recurring recommendations afterwards (run 'scrgraph link' later).")] = False,
    quiet: QuietOption = False,
) -> None:
    """Load review records, or documents (extracted first), into the store; all or nothing.

    A review loaded again from its record replaces its earlier version as a whole; a document does
    not replace a review already in the store unless --force, since that review may have been
    corrected by hand. Afterwards the recurring recommendations are relinked, unless --no-link.
    """
    with open_graph(store, create=True) as graph, status_line("Loading", quiet) as stage:
        summary = graph.load(paths, relink=not no_link, progress=stage, profile=profile, force=force,
                             allow_empty=allow_empty, skip_shacl=skip_shacl)
    say(summary, quiet)


@app.command()
def reviews(store: StoreOption = STORE_DEFAULT, format: FormatOption = TABLE, output: OutputOption = None) -> None:
    """List the reviews in the store with their counts of findings, recommendations and measures."""
    with open_graph(store) as graph:
        rows = graph.reviews()
    print_rows(rows.columns, rows.rows, format, output)


@app.command()
def remove(
    review_id: Annotated[str, typer.Argument(help="The id of the review to remove (see 'scrgraph reviews').")],
    store: StoreOption = STORE_DEFAULT,
    quiet: QuietOption = False,
) -> None:
    """Remove a review and everything imported for it from the store, then relink the rest."""
    with open_graph(store) as graph, status_line("Removing", quiet) as stage:
        summary = graph.remove(review_id, progress=stage)
    say(summary, quiet)


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Records or folders to check; the whole store when left out.")] = None,
    store: StoreOption = STORE_DEFAULT,
    quiet: QuietOption = False,
) -> None:
    """Check records, or the whole store, against the SHACL rules, and list every problem."""
    from scrgraph.published import undated_warning
    from scrgraph.record import read_record, record_files
    from scrgraph.shacl import validate_records

    if paths:
        files = record_files(paths)
        records = []
        with progress_bar("Reading records", len(files), quiet) as advance:
            for path in files:
                records.append(read_record(path))
                advance(1)
        problems = validate_records(records)
        undated = [w for w in map(undated_warning, (r.review for r in records)) if w]
        what = f"{len(records)} record(s)"
    else:
        with open_graph(store) as graph:
            problems, undated = graph.validate()
        what = f"the store at {store}"
    for warning in undated:
        typer.echo(f"Warning: {warning}", err=True)
    if problems:
        for problem in problems:
            typer.echo(problem, err=True)
        raise ScrgraphError(f"{what} break(s) {len(problems)} rule(s) of ontology/shapes.ttl, listed above.")
    say(f"{what}: every SHACL rule holds.", quiet)


# The formats of ``scrgraph export``, as scrgraph.exporting defines them.
ExportFormat = Enum("ExportFormat", {name: name for name in EXPORT_FORMATS}, type=str)  # type: ignore[misc]  # members from a registry


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="turtle, nquads (keeps one graph per review), jsonld, graphml or cypher (a cypher-shell script for Neo4j).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    store: StoreOption = STORE_DEFAULT,
    quiet: QuietOption = False,
) -> None:
    """Export the whole graph to a file, for other tools."""
    with open_graph(store) as graph:
        count = graph.export(format.value, output)
    what = "nodes and relationships" if format.value == "cypher" else "triples"
    say(f"Wrote {count} {what} as {format.value} to {output}.", quiet)


@app.command(cls=PairCommand)
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL SELECT query, or the path of a file holding one.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="Bind a value to ?NAME as -p NAME VALUE, e.g. -p as_of 2024-03-31; repeat for more.")] = None,
    store: StoreOption = STORE_DEFAULT,
    format: FormatOption = TABLE,
    output: OutputOption = None,
) -> None:
    """Run a SPARQL SELECT query over the whole graph (all reviews) and print its rows."""

    text = query
    candidate = Path(query)
    if len(query) < 4096 and "\n" not in query and candidate.suffix in (".rq", ".sparql") :
        if not candidate.exists():
            raise ScrgraphError(f"The query file {candidate} does not exist.")
        text = candidate.read_text(encoding="utf-8")
    pairs = param_pairs(param)  # type: ignore[arg-type]  # PairCommand hands the option over as (NAME, VALUE) pairs
    bindings = {name.lstrip("?$"): value for name, value in pairs.items()}
    from scrgraph.sparql_guard import check_read_only_local

    check_read_only_local(text)  # refused before the store is even opened
    with open_graph(store) as graph:
        rows = graph.sparql(text, bindings)
    print_rows(rows.columns, rows.rows, format, output)

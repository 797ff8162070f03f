"""``scrgraph extract``: read review documents into hand-editable review records (and optionally load them)."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from scrgraph.cli.common import STORE_DEFAULT, App, QuietOption, StoreOption, open_graph, progress_bar, say, status_line
from scrgraph.errors import ScrgraphError

app = App()


class RecordFormat(str, Enum):
    """Formats a record is written in."""

    yaml = "yaml"
    json = "json"


@app.command()
def extract(
    documents: Annotated[list[Path], typer.Argument(help="Review documents (.pdf, .docx, .html, .md, .txt) or folders of them.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="A record file (one document) or a folder for the records; stdout when left out and there is one document.")] = None,
    format: Annotated[RecordFormat, typer.Option("--format", "-f", help="yaml (with comments, for correcting by hand) or json.")] = RecordFormat.yaml,
    profile: Annotated[str | None, typer.Option("--profile", help="The layout profile to use (loaders/layout-NAME.yaml); picked by scoring when left out.")] = None,
    load: Annotated[bool, typer.Option("--load", help="Also load the records into the store (a record corrected by hand is loaded as corrected).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite record files corrected by hand, and with --load replace a review the store already holds.")] = False,
    allow_empty: Annotated[bool, typer.Option("--allow-empty", help="With --load, load records in which no recommendations were found.")] = False,
    no_link: Annotated[bool, typer.Option("--no-link", help="With --load, do not relink recurring recommendations afterwards.")] = False,
    store: StoreOption = STORE_DEFAULT,
    quiet: QuietOption = False,
) -> None:
    """Extract review records from published review documents (PDF, Word, HTML, Markdown, text).

    Finds the review's details, findings, recommendations (with their addressees), the measures
    it reports and every agency it names, each with where it was read. Prints a summary and the
    warnings to stderr. The records are YAML to check and correct by hand, then load with
    'scrgraph load'; a record file corrected by hand is never overwritten without --force.
    With --load the records also go into the store (all or nothing).
    """
    from scrgraph.extract import extract_document
    from scrgraph.extract.writing import document_files, record_text, summary_line, targets, write_records
    from scrgraph.published import undated_warning

    files = document_files(documents)
    if output is None and len(files) > 1 and not load:
        raise ScrgraphError(f"{len(files)} documents were given; name a folder for their records with -o.")
    extractions = []
    with progress_bar("Extracting", len(files), quiet) as advance:
        for path in files:
            if not path.exists():
                raise ScrgraphError(f"The file {path} does not exist.")
            extractions.append(extract_document(path, profile, source_path=str(path)))
            advance(1)
    for extraction in extractions:
        say(summary_line(extraction), quiet)
        undated = undated_warning(extraction.record.get("review", {}))
        for warning in extraction.warnings + ([undated] if undated else []):
            say(f"  Warning: {warning}", quiet)
    records = [e.record for e in extractions]
    sources = [str(e.document.path) for e in extractions]
    fresh = [True] * len(extractions)
    if output is not None:
        paths = targets(extractions, output, format.value)
        written = write_records(extractions, paths, format.value, force)
        for item in written:
            if item.kept:
                say(f"Kept {item.path}: it was corrected by hand (give --force to overwrite it).", quiet)
            else:
                say(f"Wrote {item.path}.", quiet)
        if load:
            from scrgraph.record import read_record

            records, sources, fresh = [], [], []
            for item, extraction in zip(written, extractions, strict=True):
                if item.kept:
                    records.append(read_record(item.path).data)
                else:
                    records.append(extraction.record)
                sources.append(str(item.path))
                fresh.append(not item.kept)
    elif not load:
        typer.echo(record_text(extractions[0], format.value), nl=False)
    if load:
        _load(records, sources, fresh, store, force, allow_empty, no_link, quiet)


def _load(records: list[dict], sources: list[str], fresh: list[bool], store: Path, force: bool, allow_empty: bool,
          no_link: bool, quiet: bool) -> None:
    from scrgraph.extract.loading import checked_records

    with open_graph(store, create=True) as graph, status_line("Loading", quiet) as stage:
        checked = checked_records(records, sources, fresh, set(graph.store.review_ids()), force=force, allow_empty=allow_empty)
        say(graph.load_records(checked, relink=not no_link, progress=stage), quiet)

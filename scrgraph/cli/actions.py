"""Commands of the 'actions' group: import action-plan trackers, write templates, list actions."""

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from scrgraph.cli.common import (
    STORE_DEFAULT,
    TABLE,
    App,
    FormatOption,
    OutputOption,
    QuietOption,
    StoreOption,
    open_graph,
    print_rows,
    say,
)
from scrgraph.errors import ScrgraphError
from scrgraph.recognise.dates import date_option

app = App()
actions_app = App(help="Action plans: import trackers (with their history), write templates, list actions.")
app.add_typer(actions_app, name="actions")

AsOfOption = Annotated[str | None, typer.Option("--as-of", help="The date the tracker speaks for (default today), e.g. 2024-03-31, 31/03/2024 or March 2024 (its last day).")]


def as_of_date(value: str | None) -> dt.date:
    """The --as-of option as a date (today when it is not given; a written period gives its last day)."""
    if value is None or not value.strip():
        return dt.date.today()
    return date_option("--as-of", value)


@actions_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The tracker: an .xlsx workbook or a .csv file.")],
    review: Annotated[str, typer.Option("--review", help="Id of the review the tracker is for.")],
    as_of: AsOfOption = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="The sheet to read (default: the first with a tracker header).")] = None,
    profile: Annotated[str, typer.Option("--profile", help="Column map loaders/tracker-NAME.yaml.")] = "default",
    store: StoreOption = STORE_DEFAULT,
    quiet: QuietOption = False,
) -> None:
    """Import an action-plan tracker for a review as its state on one date; earlier imports are kept."""
    date = as_of_date(as_of)
    with open_graph(store) as graph:
        summary = graph.import_tracker(file, review, date, sheet=sheet, profile=profile)
    for warning in summary.warnings:
        typer.echo(f"Warning: {warning}", err=True)
    sheet_note = f", sheet {summary.sheet!r}" if summary.sheet else ""
    ignored = "; ignored columns: " + ", ".join(summary.ignored_columns) if summary.ignored_columns else ""
    say(f"Imported {summary.actions} actions ({summary.new_measures} new) from {file.name}{sheet_note}"
        f" as of {date.isoformat()} for review {review}{ignored}.", quiet)


@actions_app.command("template")
def template_command(
    review: Annotated[str, typer.Argument(help="Id of the review.")],
    output: OutputOption = None,
    store: StoreOption = STORE_DEFAULT,
    quiet: QuietOption = False,
) -> None:
    """Write an action-plan tracker (.xlsx) pre-filled with a review's recommendations and addressees."""
    from scrgraph.output import write_atomic

    if output is None or output.suffix.lower() != ".xlsx":
        raise ScrgraphError("Give the template file to write with -o, ending in .xlsx (for example -o tracker.xlsx).")
    with open_graph(store) as graph:
        workbook, count = graph.action_template(review)
    write_atomic(output, workbook)
    say(f"Wrote {output} with {count} rows for review {review}.", quiet)


@actions_app.command("list")
def list_command(
    review: Annotated[str, typer.Option("--review", help="Only this review (its id or title).")] = "",
    agency: Annotated[str, typer.Option("--agency", help="Only this lead agency: its id, name or an alias (e.g. police or Police).")] = "",
    status: Annotated[str, typer.Option("--status", help="open, overdue or done (default: all).")] = "",
    as_of: AsOfOption = None,
    fmt: FormatOption = TABLE,
    output: OutputOption = None,
    store: StoreOption = STORE_DEFAULT,
) -> None:
    """List actions with their state on a date (the saved query 'actions')."""
    if status not in ("", "open", "overdue", "done"):
        raise ScrgraphError(f"--status {status!r} is not one of open, overdue or done.")
    params = {"review": review, "agency": agency, "show": status, "as_of": as_of_date(as_of).isoformat()}
    with open_graph(store) as graph:
        rows = graph.query("actions", params)
    print_rows(rows.columns, rows.rows, fmt, output)

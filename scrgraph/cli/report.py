"""``scrgraph report``: the annual report's "learning from reviews" section, as Word, HTML or Markdown."""

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, overload

import typer

from scrgraph.cli.common import STORE_DEFAULT, App, QuietOption, StoreOption, open_graph, say
from scrgraph.errors import ScrgraphError

app = App()

_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@overload
def report_date(option: str, value: str) -> dt.date: ...
@overload
def report_date(option: str, value: str | None) -> dt.date | None: ...
def report_date(option: str, value: str | None) -> dt.date | None:
    """A date option of the report: ``2024-03-31`` or ``31/03/2024``; anything else is an error."""
    if value is None:
        return None
    text = value.strip()
    try:
        if match := _UK_DATE.match(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise ScrgraphError(f"{option} {value!r} is not a date; write it like 2024-03-31 or 31/03/2024.")


@app.command("report")
def report(
    start: Annotated[str, typer.Option("--from", help="The first day of the period, e.g. 2023-04-01.", show_default=False)],
    end: Annotated[str, typer.Option("--to", help="The last day of the period, e.g. 2024-03-31.", show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The report file to write: .docx (Word), .html or .md (charts are saved beside it).", show_default=False)] = None,
    board: Annotated[str, typer.Option("--board", help="Only the reviews of this board: its name, short name or id (default: every board).")] = "",
    as_of: Annotated[str | None, typer.Option("--as-of", help="The date actions are shown for (default: the end of the period).", show_default=False)] = None,
    template: Annotated[Path | None, typer.Option("--template", help="A Word file (.docx) whose styles, page set-up, headers and footers the .docx report uses.", show_default=False)] = None,
    store: StoreOption = STORE_DEFAULT,
    quiet: QuietOption = False,
) -> None:
    """Write the annual report's "learning from reviews" section for a period.

    It covers the reviews published in the period and the state of their action plans, the recommendations that recur across reviews, themes by year (with a chart), agencies with unresolved and overdue actions (table and chart), actions completed in the period with their evidence of impact (and those with none, as a gap) and recommendations with no action. Each table names the saved query its numbers come from.

    Example: scrgraph report --from 2023-04-01 --to 2024-03-31 -o learning-from-reviews.docx
    """
    from scrgraph.report import check_output, write_report

    if output is None:
        raise ScrgraphError("Give the report file to write with -o, ending in .docx, .html or .md (for example -o report.docx).")
    check_output(output, template)
    first = report_date("--from", start)
    last = report_date("--to", end)
    state = report_date("--as-of", as_of)
    if first > last:
        raise ScrgraphError(f"--from {start} is after --to {end}; the period must start before it ends.")
    with open_graph(store) as graph:
        document = graph.report(first, last, board, state)
    written = write_report(document, output, template)
    extra = f" and {len(written) - 1} chart image(s) beside it" if len(written) > 1 else ""
    say(f"Wrote {output}{extra}: {len(document.tables())} tables, {len(document.figures())} charts.", quiet)

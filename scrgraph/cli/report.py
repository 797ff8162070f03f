"""``scrgraph report``: the annual report's "learning from reviews" section, as Word, HTML or Markdown."""

from pathlib import Path
from typing import Annotated

import typer

from scrgraph.cli.common import STORE_DEFAULT, App, QuietOption, StoreOption, open_graph, say
from scrgraph.errors import ScrgraphError
from scrgraph.recognise.dates import date_option, span_options

app = App()


@app.command("report")
def report(
    start: Annotated[str | None, typer.Option("--from", help="The start of the period, e.g. 2023-04-01 (a month, quarter or financial year counts from its first day).", show_default=False)] = None,
    end: Annotated[str | None, typer.Option("--to", help="The end of the period, e.g. 2024-03-31 (a month, quarter or financial year counts to its last day).", show_default=False)] = None,
    period: Annotated[str | None, typer.Option("--period", help="The whole period at once instead of --from and --to, e.g. 2023/24 (a financial year), Q1 2024 or March 2024.", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The report file to write: .docx (Word), .html or .md (charts are saved beside it).", show_default=False)] = None,
    board: Annotated[str, typer.Option("--board", help="Only the reviews of this board: its name, short name or id (default: every board).")] = "",
    as_of: Annotated[str | None, typer.Option("--as-of", help="The date actions are shown for (default: the end of the period); a month, quarter or financial year means its last day.", show_default=False)] = None,
    template: Annotated[Path | None, typer.Option("--template", help="A Word file (.docx) whose styles, page set-up, headers and footers the .docx report uses.", show_default=False)] = None,
    store: StoreOption = STORE_DEFAULT,
    quiet: QuietOption = False,
) -> None:
    """Write the annual report's "learning from reviews" section for a period.

    It covers the reviews published in the period and the state of their action plans, the recommendations that recur across reviews, themes by year (with a chart), agencies with unresolved and overdue actions (table and chart), actions completed in the period with their evidence of impact (and those with none, as a gap) and recommendations with no action. Each table names the saved query its numbers come from.

    Dates are written as in docs/inputs.md (2024-03-31, 31/03/2024, today, March 2024, Q1 2024, 2023/24).

    Example: scrgraph report --period 2023/24 -o learning-from-reviews.docx
    """
    from scrgraph.report import check_output, write_report

    if output is None:
        raise ScrgraphError("Give the report file to write with -o, ending in .docx, .html or .md (for example -o report.docx).")
    check_output(output, template)
    first, last = span_options(start, end, period)
    state = date_option("--as-of", as_of) if as_of is not None else None
    with open_graph(store) as graph:
        document = graph.report(first, last, board, state)
    written = write_report(document, output, template)
    extra = f" and {len(written) - 1} chart image(s) beside it" if len(written) > 1 else ""
    say(f"Wrote {output}{extra}: {len(document.tables())} tables, {len(document.figures())} charts.", quiet)

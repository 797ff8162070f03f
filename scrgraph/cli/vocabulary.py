"""Commands 'agencies', 'themes' and 'statuses': the bundled vocabularies, with the names each term is recognised by."""


from typing import Annotated

import typer

from scrgraph.cli.common import TABLE, App, FormatOption, OutputOption, RowFormat, print_rows

app = App()

ContainsOption = Annotated[str, typer.Option("--contains", help="Only terms whose id, label or a recognised name holds this text (any case).")]


def _list(kind: str, contains: str, fmt: RowFormat, output) -> None:
    from scrgraph.listings import vocabulary_rows

    columns, rows = vocabulary_rows(kind, contains)
    print_rows(columns, rows, fmt, output)


@app.command("agencies")
def agencies_command(contains: ContainsOption = "", fmt: FormatOption = TABLE, output: OutputOption = None) -> None:
    """List the agencies: ids (for -p agency, trackers and records), labels, sectors and the names each is recognised by."""
    _list("agencies", contains, fmt, output)


@app.command("themes")
def themes_command(contains: ContainsOption = "", fmt: FormatOption = TABLE, output: OutputOption = None) -> None:
    """List the practice themes: ids (for -p theme and records), labels and the words that tag a text with each."""
    _list("themes", contains, fmt, output)


@app.command("statuses")
def statuses_command(contains: ContainsOption = "", fmt: FormatOption = TABLE, output: OutputOption = None) -> None:
    """List the action statuses: ids, labels, whether each counts as resolved, and the tracker words read as each."""
    _list("statuses", contains, fmt, output)

"""``scrgraph demo``: the whole job on the bundled fictional examples, with no server."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scrgraph.cli.common import STORE_DEFAULT, App, QuietOption, StoreOption, say
from scrgraph.demo import run_demo

app = App()


@app.command()
def demo(
    store: StoreOption = STORE_DEFAULT,
    output_dir: Annotated[Path, typer.Option("--output-dir", "-d", help="Folder for the demo's tables and HTML graph.")] = Path("scrgraph-demo"),
    quiet: QuietOption = False,
) -> None:
    """Load the bundled fictional reviews, run the main saved queries and write the HTML graph."""
    for line in run_demo(store, output_dir, quiet=quiet):
        say(line, quiet)

"""``scrgraph demo``: the whole job on the bundled fictional examples, with no server.

The demo keeps its own store inside its output folder, so it never touches the analyst's store
(``./scrgraph-store`` or ``$SCRGRAPH_STORE``).
"""

from pathlib import Path
from typing import Annotated

import typer

from scrgraph.cli.common import App, QuietOption, say

app = App()


@app.command()
def demo(
    output_dir: Annotated[Path, typer.Option("--output-dir", "-d", help="Folder for the demo's tables, HTML graph, report and its own store.")] = Path("scrgraph-demo"),
    store: Annotated[Path | None, typer.Option("--store", help="Folder for the demo's own store (default: OUTPUT_DIR/store); never your working store.")] = None,
    quiet: QuietOption = False,
) -> None:
    """Load the bundled fictional reviews into a store of their own, run the main saved queries and write the HTML graph and report."""
    from scrgraph.demo import run_demo

    demo_store = store if store is not None else output_dir / "store"
    for line in run_demo(demo_store, output_dir):
        say(line, quiet)

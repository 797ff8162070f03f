"""The 'view' command: the graph, or the part around one thing, as one interactive HTML page."""

from pathlib import Path
from typing import Annotated

import typer

from scrgraph.cli.common import STORE_DEFAULT, App, QuietOption, StoreOption, open_graph, say

app = App()


@app.command("view")
def view_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write (nothing else is written).")],
    review: Annotated[str | None, typer.Option("--review", help="Draw this review (its id or title) and what its items link to.")] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="Draw this agency (its id, name or an alias, e.g. police or Police) and what is addressed to it or is its action.")] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="Draw this theme (its id or name, e.g. INFO_SHARING) and the items tagged with it.")] = None,
    group: Annotated[str | None, typer.Option("--group", help="Draw this recurring-recommendation group (id) and its members.")] = None,
    depth: Annotated[int, typer.Option("--depth", help="How many links out from the named thing to draw.")] = 1,
    open_page: Annotated[bool, typer.Option("--open", help="Open the page in the web browser afterwards.")] = False,
    store: StoreOption = STORE_DEFAULT,
    quiet: QuietOption = False,
) -> None:
    """Draw the graph as one interactive HTML page that works offline: the whole graph, or the part around one review, agency, theme or recurring group."""
    with open_graph(store) as graph:
        page = graph.view(review=review, agency=agency, theme=theme, group=group, depth=depth)
    page.write(output)
    nodes, links = page.nodes, page.links
    say(f"Wrote {output}: {nodes} node{'' if nodes == 1 else 's'} and {links} link{'' if links == 1 else 's'}.", quiet)
    if open_page:
        import webbrowser

        webbrowser.open(output.resolve().as_uri())

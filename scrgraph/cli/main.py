"""The root ``scrgraph`` command: it mounts one module per command group."""

import typer

from scrgraph import __version__
from scrgraph.cli import actions, demo, extract, link, neo4j, queries, report, serve, store_commands, view, vocabulary
from scrgraph.cli.common import App

app = App(help="scrgraph: a knowledge graph of safeguarding case reviews, and the saved queries boards ask of it.")

for module in (store_commands, extract, actions, queries, link, neo4j, view, serve, report, demo, vocabulary):
    app.registered_commands.extend(module.app.registered_commands)
    app.registered_groups.extend(module.app.registered_groups)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"scrgraph {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit.")) -> None:
    """scrgraph: turn case reviews into a graph, and ask it the questions boards ask every year."""


def run() -> None:
    """Entry point of the ``scrgraph`` console script."""
    app(prog_name="scrgraph")

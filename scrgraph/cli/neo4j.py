"""Commands of the 'neo4j' group: push the graph into a Neo4j server."""

import io
import os
import select
import sys
from typing import Annotated

import typer

from scrgraph.cli.common import STORE_DEFAULT, App, QuietOption, StoreOption, open_graph, progress_bar, say

app = App()
group = App(help="Work with a Neo4j server: push the graph into it (see docs/neo4j.md for the mapping).")
app.add_typer(group, name="neo4j")

UriOption = Annotated[str | None, typer.Option("--uri", help="The server, e.g. neo4j://localhost:7687 (default: $NEO4J_URI, else neo4j://localhost:7687).")]
UserOption = Annotated[str | None, typer.Option("--user", help="The user name (default: $NEO4J_USERNAME, else neo4j). The password is read from $NEO4J_PASSWORD or asked for.")]
DatabaseOption = Annotated[str | None, typer.Option("--database", help="The database (default: $NEO4J_DATABASE, else the server's default).")]


def ask_password() -> str | None:
    """The password from ``$NEO4J_PASSWORD``, else asked for without echo on a terminal, else one line
    piped on standard input (None when there is none)."""
    password = os.environ.get("NEO4J_PASSWORD")
    if password is not None:
        return password
    stdin = sys.stdin
    if stdin is None or stdin.closed:
        return None
    if stdin.isatty():
        try:
            typed = typer.prompt("Neo4j password", hide_input=True, default="", show_default=False, err=True)
        except (typer.Abort, EOFError):
            return None
        return typed or None
    try:
        ready = select.select([stdin.fileno()], [], [], 0.5)[0]
    except (OSError, ValueError, io.UnsupportedOperation):
        ready = [stdin]  # an in-memory stream: reading never blocks
    if not ready:
        return None
    line = stdin.readline()
    return line.rstrip("\r\n") or None


def settings_from_options(uri: str | None, user: str | None, database: str | None):
    """Connection settings from the options, the environment and (for the password) a prompt."""
    from scrgraph.neo4j.connection import Neo4jSettings

    return Neo4jSettings.from_env(uri=uri, user=user, database=database, password=ask_password() or "")


@group.command()
def push(
    uri: UriOption = None,
    user: UserOption = None,
    database: DatabaseOption = None,
    review: Annotated[str | None, typer.Option("--review", help="Push only this review (id); it is removed from Neo4j if it is gone from the store.")] = None,
    store: StoreOption = STORE_DEFAULT,
    quiet: QuietOption = False,
) -> None:
    """Push the graph into Neo4j: only what changed, each review in one transaction; reviews gone from the store are removed."""
    settings = settings_from_options(uri, user, database)
    with open_graph(store) as graph:
        summary = graph.push(settings, review=review, progress=lambda total: progress_bar("Pushing to Neo4j", total, quiet))
    say(summary.sentence(settings.where), quiet)

"""What every command shares: the store option, the output options, progress bars and friendly errors."""

from __future__ import annotations

import functools
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Iterator, Optional

import typer

from scrgraph.errors import ScrgraphError
from scrgraph.output import emit_rows
from scrgraph.sparql_store import open_location
from scrgraph.store import DEFAULT_STORE


class RowFormat(str, Enum):
    """The formats of every command that prints rows."""

    table = "table"
    csv = "csv"
    json = "json"
    md = "md"


StoreOption = Annotated[
    Path,
    typer.Option("--store", envvar="SCRGRAPH_STORE", show_envvar=True,
                 help="Folder of the graph store, or the URL of a shared SPARQL 1.1 server's dataset (http://host:3030/ds).", show_default=True),
]
STORE_DEFAULT = Path(DEFAULT_STORE)
FormatOption = Annotated[RowFormat, typer.Option("--format", "-f", help="Output format: table, csv, json (a list of objects) or md.")]
OutputOption = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of the screen.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summaries, for scripts.")]


def fail(message: str, code: int = 1) -> None:
    """Print one plain sentence to stderr and stop with a non-zero exit code."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the errors a user can fix into one sentence on stderr and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ScrgraphError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("Interrupted; nothing was changed by the step that was running.", 130)

    return wrapper


class App(typer.Typer):
    """A Typer app whose commands report :class:`ScrgraphError` as one sentence."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        register = super().command(*args, **kwargs)

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            register(friendly(func))
            return func

        return decorator


@contextmanager
def open_store(path: Path, create: bool = False) -> Iterator[Any]:
    """Open the store for one command and close it afterwards."""
    store = open_location(path, create=create)
    try:
        yield store
    finally:
        store.close()


def print_rows(columns: list[str], rows: list[dict[str, Any]], fmt: RowFormat | str, output: Path | None,
               about: Any = None) -> None:
    """Print or write rows in one of the shared formats (a written file carries ``about``, a
    :class:`scrgraph.provenance.Provenance`, when given)."""
    emit_rows(columns, rows, fmt.value if isinstance(fmt, RowFormat) else fmt, output, about)


def say(message: str, quiet: bool = False) -> None:
    """Print a summary line to stderr unless ``--quiet``."""
    if not quiet:
        typer.echo(message, err=True)


@contextmanager
def status_line(description: str, quiet: bool = False) -> Iterator[Callable[[str], None]]:
    """A spinner with a line of text on stderr, for work with stages rather than counted steps
    (hidden with ``--quiet`` or when stderr is not a terminal).

    Yields a function that replaces the text after ``description``.
    """
    if quiet or not sys.stderr.isatty():
        yield lambda stage: None
        return
    from rich.console import Console

    with Console(stderr=True).status(description) as status:
        yield lambda stage: status.update(f"{description}: {stage}")


@contextmanager
def progress_bar(description: str, total: int | None, quiet: bool = False) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr (hidden with ``--quiet`` or when stderr is not a terminal).

    Yields a function that advances the bar by a number of steps.
    """
    if quiet or not sys.stderr.isatty():
        yield lambda steps=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda steps=1: progress.advance(task, steps)

"""What every command shares: the store option, the output options, progress bars and friendly errors."""

import functools
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

try:  # Typer 0.2x parses with its own copy of Click; older Typer with Click itself
    from typer._click import Context as ClickContext
    from typer._click.exceptions import NoSuchOption, UsageError
except ImportError:  # pragma: no cover
    from click import Context as ClickContext  # type: ignore[assignment]  # the same class from Click itself
    from click.exceptions import NoSuchOption, UsageError  # type: ignore[assignment]  # the same classes from Click itself

from scrgraph.errors import ScrgraphError
from scrgraph.output import TEXT_FORMATS, emit_rows

if TYPE_CHECKING:
    from scrgraph.graph import Graph


# The formats of every command that prints rows, as scrgraph.output defines them.
RowFormat = Enum("RowFormat", {name: name for name in TEXT_FORMATS}, type=str)  # type: ignore[misc]  # members from a registry
TABLE = RowFormat("table")  # the default of every --format


StoreOption = Annotated[
    Path,
    typer.Option("--store", envvar="SCRGRAPH_STORE", show_envvar=True,
                 help="Folder of the graph store, or the URL of a shared SPARQL 1.1 server's dataset (http://host:3030/ds).", show_default=True),
]
STORE_DEFAULT = Path("scrgraph-store")
FormatOption = Annotated[RowFormat, typer.Option("--format", "-f", help="Output format: table, csv, json (a list of objects) or md.")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of the screen.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summaries, for scripts.")]
ParamOption = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", help="A parameter as NAME VALUE, e.g. -p as_of 2024-03-31; repeat for more."),
]


class PairOption(TyperOption):
    """An option that takes two values each time it is given (``-p NAME VALUE``)."""

    def process_value(self, ctx: Any, value: Any) -> Any:
        return [tuple(pair) for pair in value] if value else None


class PairCommand(TyperCommand):
    """A command whose ``param`` option takes NAME VALUE pairs, as ``query`` and ``sparql`` do (Typer cannot declare that itself)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for option in self.params:
            if option.name == "param":
                option.__class__ = PairOption
                option.nargs = 2
                option.metavar = "NAME VALUE"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Read the older ``-p NAME=VALUE`` as ``-p NAME VALUE`` (a name never holds ``=``)."""
        return super().parse_args(ctx, split_name_value(args))


def split_name_value(args: list[str]) -> list[str]:
    """The command line with each ``-p NAME=VALUE`` (or ``--param``) written as ``-p NAME VALUE``."""
    out: list[str] = []
    for arg in args:
        if out and out[-1] in ("-p", "--param") and "=" in arg and not arg.startswith("-"):
            name, _, value = arg.partition("=")
            out.extend([name, value])
        else:
            out.append(arg)
    return out


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
            message, code = str(exc), exc.exit_code
        except KeyboardInterrupt:
            message, code = "Interrupted; nothing was changed by the step that was running.", 130
        # Outside the except block, so the exit carries no traceback of the error: held by a caller
        # that keeps the exit (a notebook, a test runner), it would keep the store's lock with it.
        fail(message, code)

    return wrapper


@contextmanager
def _usage_as_sentence() -> Iterator[None]:
    """Report a mistake in the command line (an unknown option, a missing argument) in one sentence."""
    try:
        yield
    except UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            raise
        message = exc.format_message().strip().rstrip(".")
        command = exc.ctx.command_path if exc.ctx is not None else "scrgraph"
        if isinstance(exc, NoSuchOption):
            message += (f" (a file name that starts with '-' goes after '--', as in: {command} -- -notes.txt)")
        typer.echo(f"Error: {message}; see '{command} --help'.", err=True)
        raise typer.Exit(1) from None


class SentenceGroup(TyperGroup):
    """A command group whose command-line mistakes are one sentence on stderr and exit code 1."""

    def make_context(self, *args: Any, **kwargs: Any) -> ClickContext:
        with _usage_as_sentence():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: ClickContext) -> Any:
        with _usage_as_sentence():
            return super().invoke(ctx)


class App(typer.Typer):
    """A Typer app whose commands report :class:`ScrgraphError`, and command-line mistakes, as one sentence.

    Help pages are plain text (click's), not Rich panels: drawing Rich's panels tripled the time
    of ``scrgraph --help`` (benchmarks/startup.py), and plain text reads the same in any console.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", SentenceGroup)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:  # type: ignore[override]  # Typer.command's arguments, passed on unchanged
        register = super().command(*args, **kwargs)

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            register(friendly(func))
            return func

        return decorator


@contextmanager
def open_graph(location: Path, create: bool = False) -> Iterator["Graph"]:
    """Open the store as a :class:`~scrgraph.graph.Graph` for one command and close it afterwards."""
    import scrgraph.graph

    graph = scrgraph.graph.open(location, create=create)
    try:
        yield graph
    finally:
        graph.close()


def print_rows(columns: list[str], rows: Iterable[dict[str, Any]], fmt: RowFormat | str, output: Path | None,
               about: Any = None) -> int:
    """Print or write rows in one of the shared formats; return how many (a written file carries
    ``about``, a :class:`scrgraph.provenance.Provenance`, when given)."""
    return emit_rows(columns, rows, fmt.value if isinstance(fmt, RowFormat) else fmt, output, about)


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


def _no_progress(steps: int = 1) -> None:
    """Advance no bar (none is shown)."""


@contextmanager
def progress_bar(description: str, total: int | None, quiet: bool = False) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr (hidden with ``--quiet`` or when stderr is not a terminal).

    Yields a function that advances the bar by a number of steps.
    """
    if quiet or not sys.stderr.isatty():
        yield _no_progress
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield functools.partial(progress.advance, task)

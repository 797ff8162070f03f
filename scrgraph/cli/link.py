"""``scrgraph link``: find recurring recommendations; ``link confirm|reject`` record an analyst's decision."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scrgraph.cli.common import STORE_DEFAULT, App, QuietOption, StoreOption, friendly, open_store, say, status_line
from scrgraph.errors import ScrgraphError
from scrgraph.linking.decisions import CONFIRMED, REJECTED, decisions_path, record_decision
from scrgraph.linking.run import recommendation_keys, relink_store_at

app = App()
link_app = App(help="Find recommendations that recur across reviews, and confirm or reject links.", no_args_is_help=False)
app.add_typer(link_app, name="link")

RecOption = Annotated[str, typer.Argument(help="A recommendation as REVIEW-ID:REF, e.g. northtown-scp-child-q:4.2.")]


def relink(store: Path, quiet: bool) -> None:
    """Run the linker on the store, showing its stages, and print its summary."""
    with status_line("Linking recurring recommendations", quiet) as stage:
        summary = relink_store_at(store, stage)
    say(summary.sentence(), quiet)


@link_app.callback(invoke_without_command=True)
@friendly
def link(ctx: typer.Context, store: StoreOption = STORE_DEFAULT, quiet: QuietOption = False) -> None:
    """Link recommendations of different reviews that ask for the same thing, and group them.

    Scores every likely pair on wording, themes and addressees (settings in
    loaders/link-settings.yaml), keeps each link with its score and reasons, and gathers linked
    recommendations into recurring-recommendation groups. 'scrgraph load' runs it after every load.
    """
    if ctx.invoked_subcommand is None:
        relink(store, quiet)


def _decide(a: str, b: str, decision: str, store: Path, quiet: bool) -> None:
    with open_store(store) as opened:
        known = recommendation_keys(opened)
    for key in (a, b):
        if key not in known:
            raise ScrgraphError(f"There is no recommendation {key!r} in the store; name it as REVIEW-ID:REF (see 'scrgraph query review-summary').")
    if known[a].review_id == known[b].review_id:
        raise ScrgraphError("Both recommendations come from the same review; links join recommendations of different reviews.")
    record_decision(decisions_path(store), a, b, decision)
    say(f"Recorded: {a} and {b} {decision}.", quiet)
    relink(store, quiet)


@link_app.command("confirm")
def confirm(a: RecOption, b: RecOption, store: StoreOption = STORE_DEFAULT, quiet: QuietOption = False) -> None:
    """Confirm that two recommendations ask for the same thing; they stay linked on every relink."""
    _decide(a, b, CONFIRMED, store, quiet)


@link_app.command("reject")
def reject(a: RecOption, b: RecOption, store: StoreOption = STORE_DEFAULT, quiet: QuietOption = False) -> None:
    """Reject a link between two recommendations; it is never suggested or grouped again."""
    _decide(a, b, REJECTED, store, quiet)

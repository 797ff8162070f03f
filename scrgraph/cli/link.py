"""``scrgraph link``: find recurring recommendations; ``link confirm|reject`` record an analyst's decision."""

from pathlib import Path
from typing import Annotated

import typer

from scrgraph.cli.common import STORE_DEFAULT, App, QuietOption, StoreOption, friendly, open_graph, say, status_line

app = App()
link_app = App(help="Find recommendations that recur across reviews, and confirm or reject links.", no_args_is_help=False)
app.add_typer(link_app, name="link")

RecOption = Annotated[str, typer.Argument(help="A recommendation as REVIEW-ID:REF (e.g. northtown-scp-child-q:4.2), or a finding as REVIEW-ID:finding-REF.")]


@link_app.callback(invoke_without_command=True)
@friendly
def link(ctx: typer.Context, store: StoreOption = STORE_DEFAULT, quiet: QuietOption = False) -> None:
    """Link recommendations of different reviews that ask for the same thing, and group them.

    Scores every likely pair on wording, themes and addressees (settings in
    loaders/link-settings.yaml), keeps each link with its score and reasons, and gathers linked
    recommendations into recurring-recommendation groups. 'scrgraph load' runs it after every load.
    """
    if ctx.invoked_subcommand is None:
        with open_graph(store) as graph, status_line("Linking recurring recommendations", quiet) as stage:
            say(graph.link(stage).sentence(), quiet)


def _decide(a: str, b: str, confirmed: bool, store: Path, quiet: bool) -> None:
    with open_graph(store) as graph, status_line("Linking recurring recommendations", quiet) as stage:
        say((graph.confirm if confirmed else graph.reject)(a, b, stage), quiet)


@link_app.command("confirm")
def confirm(a: RecOption, b: RecOption, store: StoreOption = STORE_DEFAULT, quiet: QuietOption = False) -> None:
    """Confirm that two recommendations ask for the same thing; they stay linked on every relink."""
    _decide(a, b, True, store, quiet)


@link_app.command("reject")
def reject(a: RecOption, b: RecOption, store: StoreOption = STORE_DEFAULT, quiet: QuietOption = False) -> None:
    """Reject a link between two recommendations; it is never suggested or grouped again."""
    _decide(a, b, False, store, quiet)


@link_app.command("suggest")
@friendly
def suggest(item: Annotated[str | None, typer.Argument(help="One recommendation (REVIEW-ID:REF) or finding (REVIEW-ID:finding-REF); blank for all.")] = None,
            limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many suggestions for each item.")] = 5,
            store: StoreOption = STORE_DEFAULT) -> None:
    """Show the items of other reviews most like a recommendation or finding, best first, with the reasons.

    Confirm a good one with 'scrgraph link confirm', reject a wrong one with 'scrgraph link reject';
    'scrgraph link learn' then fits the ranking to those decisions.
    """
    with open_graph(store) as graph:
        found = graph.suggest(item, limit)
    if not found:
        typer.echo("No suggestions: the store needs recommendations or findings from at least two reviews.")
    for s in found:
        mark = f" [{s.decision}]" if s.decision else ""
        typer.echo(f"{s.item}  {s.rank}. {s.other}  score {s.score:.2f}{mark}\n    {s.other_text[:160]}\n    " + " · ".join(s.reasons))


@link_app.command("learn")
@friendly
def learn(store: StoreOption = STORE_DEFAULT) -> None:
    """Fit the suggestion weights to the confirmed and rejected pairs, and report what changed."""
    with open_graph(store) as graph:
        report = graph.learn()
    typer.echo("\n".join(report.lines()))


@link_app.command("name")
@friendly
def name(group: Annotated[str, typer.Argument(help="A group id, as 'scrgraph query recurrence-groups' lists them.")],
         label: Annotated[str, typer.Argument(help='Its name in plain words, e.g. "Pre-birth referral thresholds"; "" gives back the automatic one.')],
         store: StoreOption = STORE_DEFAULT, quiet: QuietOption = False) -> None:
    """Name a recurring-recommendation group; the name stays with the group through relinks."""
    with open_graph(store) as graph, status_line("Linking recurring recommendations", quiet) as stage:
        say(graph.name_group(group, label, stage), quiet)

"""Every command has help text and is documented in the README; the generated tables of the docs are current."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from scrgraph.cli import reference
from scrgraph.cli.main import app

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    command = typer.main.get_command(app)
    names = []
    for name, sub in command.commands.items():
        if getattr(sub, "commands", None):
            names += [f"{name} {child}" for child in sub.commands]
            if getattr(sub, "invoke_without_command", False):
                names.append(name)
        else:
            names.append(name)
    return sorted(names)


@pytest.mark.parametrize("name", _commands())
def test_command_has_help(cli, name):
    result = cli(*name.split(), "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    command = typer.main.get_command(app)
    for part in name.split():
        command = command.commands[part]
    assert (command.help or "").strip(), f"{name} has no help text"


@pytest.mark.parametrize("name", _commands())
def test_command_is_in_the_readme(name):
    assert f"scrgraph {name}" in README, f"README.md does not document 'scrgraph {name}'"


@pytest.mark.parametrize("name", sorted(reference.TABLES))
def test_generated_tables_in_the_docs_are_up_to_date(name):
    relative, make = reference.TABLES[name]
    text = (REPO / relative).read_text(encoding="utf-8")
    assert reference.regenerated(text, name, make()) == text, (
        f"The {name} table in {relative} is out of date; run 'python -m scrgraph.cli.reference'.")

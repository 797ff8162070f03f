"""Every command has help text and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from scrgraph.cli.main import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


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

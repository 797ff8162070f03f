"""The reference tables in the docs, made from the code: the README's command table and the
saved-query table of docs/queries.md. ``python -m scrgraph.cli.reference`` rewrites them in place;
a test checks they are up to date, so the docs cannot drift from the commands and queries.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer

BEGIN = "<!-- generated: {name} (python -m scrgraph.cli.reference) -->"
END = "<!-- end generated: {name} -->"


def _first_sentence(text: str) -> str:
    """The first sentence of a help text or description, on one line, safe in a Markdown table."""
    paragraph = " ".join((text or "").strip().split("\n\n")[0].split())
    return re.split(r"(?<=[.!?])\s+(?=[A-Z'\"(])", paragraph, maxsplit=1)[0].replace("|", "\\|")


def _usage(path: str, command: Any) -> str:
    """``scrgraph NAME ARG...`` with the command's arguments, optional ones in brackets."""
    words = [path]
    for param in command.params:
        if param.param_type_name == "argument":
            word = (param.metavar or param.name).upper() + ("..." if param.nargs == -1 else "")
            words.append(word if param.required else f"[{word}]")
    return " ".join(words)


def command_rows() -> list[tuple[str, str]]:
    """(usage, first line of help) for every command and subcommand, in the CLI's order."""
    from scrgraph.cli.main import app

    rows: list[tuple[str, str]] = []
    root = typer.main.get_command(app)
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        children = getattr(command, "commands", None)
        if not children or getattr(command, "invoke_without_command", False):
            rows.append((_usage(f"scrgraph {name}", command), _first_sentence(command.help or "")))
        for child_name, child in (children or {}).items():
            rows.append((_usage(f"scrgraph {name} {child_name}", child), _first_sentence(child.help or "")))
    return rows


def commands_table() -> str:
    """The README's table of commands."""
    lines = ["| command | what it does |", "|---|---|"]
    lines += [f"| `{usage}` | {text} |" for usage, text in command_rows()]
    return "\n".join(lines)


def queries_table() -> str:
    """docs/queries.md's table of the bundled saved queries and their parameters."""
    from scrgraph.saved_queries import list_queries

    lines = ["| query | what it answers | parameters |", "|---|---|---|"]
    for query in list_queries():
        params = ", ".join(f"`{name}`" for name in query.header.params) or "none"
        lines.append(f"| `{query.name}` | {_first_sentence(query.header.description or query.title)} | {params} |")
    return "\n".join(lines)


TABLES = {"commands": ("README.md", commands_table), "queries": ("docs/queries.md", queries_table)}


def regenerated(text: str, name: str, table: str) -> str:
    """``text`` with the block between the markers of ``name`` replaced by ``table``."""
    begin, end = BEGIN.format(name=name), END.format(name=name)
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"the markers of the {name} table are missing")
    return pattern.sub(lambda match: f"{begin}\n{table}\n{end}", text, count=1)


REPO = Path(__file__).resolve().parents[2]


def main(root: Path = REPO) -> None:
    """Rewrite every generated table of the docs in place (in a source checkout)."""
    for name, (relative, make) in TABLES.items():
        path = root / relative
        path.write_text(regenerated(path.read_text(encoding="utf-8"), name, make()), encoding="utf-8")


if __name__ == "__main__":
    main()

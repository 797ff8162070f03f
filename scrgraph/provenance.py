"""What produced a file of rows: the saved query and its parameters, the date, the store and scrgraph's version.

Every file ``scrgraph query`` writes for people carries this stamp, so a number in a spreadsheet
months later can be traced and reproduced: an "About" sheet in XLSX, a line under the table in
Markdown, and a side file ``NAME.about.txt`` beside a CSV (a comment line inside the CSV would
land in cell A1 when a spreadsheet opens it).

Examples
--------
>>> command_line("actions", {"as_of": "2024-03-31", "board": "Northtown SCP", "agency": ""})
'scrgraph query actions -p as_of 2024-03-31 -p board "Northtown SCP"'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def command_line(name: str, params: dict[str, Any]) -> str:
    """The command that runs saved query ``name`` with ``params`` (blank ones left out)."""
    parts = ["scrgraph", "query", name]
    for key, value in params.items():
        if value in ("", None):
            continue
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        if any(ch.isspace() for ch in text) or any(ch in text for ch in "\"'$;&|<>"):
            text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        parts += ["-p", key, text]
    return " ".join(parts)


def scrgraph_version() -> str:
    """The version of scrgraph that is running."""
    from scrgraph import __version__

    return __version__


@dataclass(frozen=True)
class Provenance:
    """The stamp of one file of rows: which query with which parameters, on which store, when, by which scrgraph."""

    query: str
    params: dict[str, Any]
    store: str
    written: dt.date = field(default_factory=dt.date.today)
    version: str = field(default_factory=scrgraph_version)

    @property
    def command(self) -> str:
        """The command that gives the same rows (add ``--store`` for the same store)."""
        return command_line(self.query, self.params)

    def items(self) -> list[tuple[str, str]]:
        """The stamp as (label, value) pairs, in the order people read them."""
        as_of = self.params.get("as_of")
        pairs = [("Query", self.query), ("Command", self.command),
                 ("Parameters", "; ".join(f"{k} = {_text(v)}" for k, v in self.params.items() if v not in ("", None))
                  or "none (the query's defaults)")]
        if as_of not in ("", None):
            pairs.append(("As of", _text(as_of)))
        pairs += [("Store", self.store), ("Written", self.written.isoformat()), ("scrgraph version", self.version)]
        return pairs

    def sentence(self) -> str:
        """The stamp in one line: ``Rows of scrgraph query ... on the store at ..., written ... by scrgraph 0.1.0.``"""
        return (f"Rows of {self.command} on the store at {self.store}, written {self.written.isoformat()} "
                f"by scrgraph {self.version}.")

    def text(self) -> str:
        """The stamp as a small text file, one "label: value" a line."""
        return "".join(f"{label}: {value}\n" for label, value in self.items())


def stamp(query: Any, params: dict[str, Any], store: str) -> Provenance:
    """The stamp for rows of saved query ``query`` (a :class:`scrgraph.saved_queries.SavedQuery`) run
    with ``params`` on ``store``: a date parameter left to default to today is written out, so the
    command gives the same rows on a later day."""
    given = dict(params)
    for name, param in query.header.params.items():
        if name not in given and param.type == "date" and param.default == "today":
            given[name] = dt.date.today()
    return Provenance(query.name, given, store)


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def about_path(output: Path) -> Path:
    """Where the stamp of a CSV file goes: ``rows.csv`` -> ``rows.about.txt`` beside it."""
    return Path(output).with_name(Path(output).stem + ".about.txt")

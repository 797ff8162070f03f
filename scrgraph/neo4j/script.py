"""``scrgraph export --format cypher``: the graph as a cypher-shell script, for a server the machine cannot reach.

The script holds the same statements a push sends, with every parameter written out as a Cypher
literal (strings escaped, dates as ``date('YYYY-MM-DD')``), so it needs no ``:param``. It creates
the uniqueness constraints, then loads the vocabulary, each review and the links, each between
``:begin`` and ``:commit`` (one transaction each). Loaded into an empty database it gives exactly
the graph ``scrgraph neo4j push`` gives, graph records included, so a later push only sends what
changed since. Load it with::

    cypher-shell -a neo4j://HOST:7687 -u neo4j -d neo4j -f graph.cypher

Examples
--------
>>> cypher_literal("Children's Social Care")
"'Children\\\\'s Social Care'"
>>> import datetime
>>> cypher_literal([datetime.date(2024, 3, 31), 2, True])
"[date('2024-03-31'), 2, true]"
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrgraph.neo4j.mapping import GraphContent
from scrgraph.neo4j.push import (
    BATCH_SIZE,
    CONSTRAINTS,
    OLD_NODES_QUERY,
    ORPHANS_QUERY,
    PushSummary,
    _Writer,
    plan,
    read_store,
)
from scrgraph.output import write_atomic

if TYPE_CHECKING:
    from scrgraph.backend import Store

SCRIPT_BATCH = 200
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_SPECIAL = re.compile(r"[\\'\n\r\t\b\f\x00-\x1f\x7f\u2028\u2029]")


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def cypher_literal(value: Any) -> str:
    """A Python value as a Cypher literal expression."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "0.0/0.0"
        if math.isinf(value):
            return "1.0/0.0" if value > 0 else "-1.0/0.0"
        return repr(value)
    if isinstance(value, dt.datetime):
        return f"localdatetime('{value.isoformat()}')" if value.tzinfo is None else f"datetime('{value.isoformat()}')"
    if isinstance(value, dt.date):
        return f"date('{value.isoformat()}')"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    return "'" + _SPECIAL.sub(_escape_char, str(value)) + "'"


def _key(name: str) -> str:
    return "`" + str(name).replace("`", "``") + "`"


def inline(query: str, params: dict[str, Any]) -> str:
    """A statement with each ``$name`` replaced by the literal of its value (rows one per line)."""
    def literal(name: str) -> str:
        value = params[name]
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return "[\n  " + ",\n  ".join(cypher_literal(v) for v in value) + "\n]"
        return cypher_literal(value)

    return re.sub(r"\$([A-Za-z_][A-Za-z0-9_]*)", lambda m: literal(m.group(1)) if m.group(1) in params else m.group(0), query)


class _ScriptWriter(_Writer):
    """The push's writer, writing statements into a script instead of sending them."""

    def __init__(self, contents: dict[str, GraphContent], lines: list[str]) -> None:
        super().__init__(contents, PushSummary(), SCRIPT_BATCH, dynamic=False, known=())
        self.lines = lines
        self.statements = 0

    def run(self, tx: Any, query: str, **params: Any) -> list[Any]:
        if query in (OLD_NODES_QUERY, ORPHANS_QUERY):
            return []  # reads of what the database already holds: nothing, in an empty database
        self.lines.append(inline(query.strip(), params) + ";")
        self.statements += 1
        return []


def script_text(store: Store) -> tuple[str, int, int]:
    """The script for the whole store; also its numbers of nodes and relationships."""
    contents = read_store(store)
    units, _ = plan(contents, {})
    lines = [
        "// scrgraph graph for Neo4j 5: load it into an empty database with",
        "//   cypher-shell -a neo4j://HOST:7687 -u neo4j -d neo4j -f THIS_FILE",
        "// Mapping: see docs/neo4j.md. Each review is one transaction (:begin ... :commit).",
        "",
    ]
    lines += [statement + ";" for statement in CONSTRAINTS]
    writer = _ScriptWriter(contents, lines)
    for unit in units:
        lines.append("")
        lines.append(f"// {unit.name}")
        lines.append(":begin")
        writer.write_unit(None, unit)
        lines.append(":commit")
    nodes = {iri for content in contents.values() for iri in content.subjects}
    nodes |= {o for content in contents.values() for _, _, o in content.relationships}
    relationships = {r for content in contents.values() for r in content.relationships}
    return "\n".join(lines) + "\n", len(nodes), len(relationships)


def write_script(store: Store, output: Path) -> int:
    """Write the cypher-shell script of the store to ``output``; return its number of nodes and relationships."""
    text, nodes, relationships = script_text(store)
    write_atomic(output, text)
    return nodes + relationships


def script_statements(text: str) -> list[str]:
    """The statements and commands of a script as cypher-shell runs them (for tests and tools):
    Cypher statements without their ``;``, and ``:begin`` / ``:commit`` as they are."""
    items: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("//")):
            continue
        if not current and stripped.startswith(":"):
            items.append(stripped)
            continue
        current.append(line)
        if stripped.endswith(";"):
            items.append("\n".join(current).rstrip()[:-1])
            current = []
    return items


__all__ = ["cypher_literal", "inline", "script_text", "write_script", "script_statements", "BATCH_SIZE"]

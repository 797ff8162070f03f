"""Read the header of a saved query: its title, description, parameters, columns and graph shape.

The header is the lines of the query file that start with ``#+`` (SPARQL, ``NAME.rq``) or ``//+``
(Cypher, ``NAME.cypher``); with that marker taken off, together they are YAML::

    #+ title: Overdue actions
    #+ description: Every action that is past its due date on a date.
    #+ params:
    #+   as_of: {type: date, default: today, description: "The date the state is wanted for."}
    #+ columns: [review, agency, action, due]

Parameter keys: ``type`` (one of :data:`PARAM_TYPES`, default ``string``), ``default`` (without it
the parameter must be given; ``""`` means "any"; ``today`` for dates), ``allowed`` (a list of
values), ``description``, ``var`` (the SPARQL variable the value is bound to, when it is not the
parameter's own name, e.g. because a column has that name) and ``node`` (for a ``review``,
``agency``, ``theme``, ``group`` or ``board`` parameter: a SPARQL variable that is also bound, to
the IRI of the node the value names, so a query can start from that node; a blank review, agency,
theme or group leaves it free, a blank board binds an IRI that names nothing). A ``board`` value is kept as written (a board's name, short name or id, in any case). Optional keys: ``lists`` (columns
whose values are lists: returned sorted, whichever backend ran the query), ``graph`` (how rows
make a graph for ``--html``: ``nodes: [{column, kind, label}]``, ``edges: [{from, to, label}]``)
``scope: review`` (every row comes from the review the ``review`` parameter names: its own
graphs, the ontology and the links graph; an Oxigraph store then reads only those) and, with it,
``review_order: id`` or ``review_order: year`` (the rows come review by review, the reviews sorted
by id, or by year and then id: a page of rows is then read review by review, see
:mod:`scrgraph.review_walk`; also without ``scope`` when the ``review`` parameter has a ``node``,
each review then read from the whole store, starting from its node), or ``due_order: [DUE, REVIEW]`` (the rows come oldest due date
first, then by review id: the columns named; each row's due date is one of its review's due dates,
so a page is read from the reviews with the earliest due dates first), or ``group_order: first_year``
(the rows come group by group, the recurring-recommendation groups sorted by their first year, a
group without one last, then by id; the ``group`` parameter's ``node`` then binds each group in turn)
and, with it, ``joined_by: {query: NAME, column: COLUMN, params: [P, ...]}`` (when one of the
parameters P is given, only groups with a member in a review the saved query NAME lists in its
column COLUMN for the same values of P have rows: the engine then reads those groups alone).

Examples
--------
>>> header = parse_header('#+ title: T\\n#+ description: D\\n#+ columns: [a]\\nSELECT ?a {}', "t.rq")
>>> header.title, header.columns, header.params
('T', ['a'], {})
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from scrgraph.errors import ScrgraphError

PARAM_TYPES = ("string", "int", "date", "review", "agency", "theme", "group", "board", "bool")
REVIEW_ORDERS = ("id", "year")  # the orders of reviews a query's rows may come in (see scrgraph.review_walk)
# The parameter types whose node IRI the engine can bind (see Param.node).
NODE_TYPES = ("review", "agency", "theme", "group")
GROUP_ORDERS = ("first_year",)  # the orders of groups a query's rows may come in (see Header.group_order)
MARKERS = ("#+", "//+")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Param:
    """One parameter of a saved query."""

    name: str
    type: str = "string"
    default: Any = None
    required: bool = True
    allowed: tuple[Any, ...] = ()
    description: str = ""
    var: str = ""
    node: str = ""

    @property
    def variable(self) -> str:
        """The SPARQL variable the value is bound to (without ``?``)."""
        return self.var or self.name

    def summary(self) -> str:
        """The parameter in a few words, e.g. ``as_of (date, default today)``."""
        if self.required:
            extra = "required"
        elif self.default == "":
            extra = "default any"
        else:
            extra = f"default {self.default}"
        if self.allowed:
            extra += "; one of " + ", ".join(repr(a) if a == "" else str(a) for a in self.allowed)
        return f"{self.name} ({self.type}, {extra})"


@dataclass(frozen=True)
class Header:
    """The header of a saved query."""

    title: str
    description: str
    params: dict[str, Param] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    graph: dict[str, Any] | None = None
    scope: str = ""  # "review": the rows come from the graphs of the review the 'review' parameter names
    review_order: str = ""  # "id" or "year": the rows come review by review, in that order of reviews
    # [due column, review column]: the rows come by due date, then review, each at or after its
    # review's earliest due date (see scrgraph.review_walk)
    due_order: list[str] = field(default_factory=list)
    group_order: str = ""  # "first_year": the rows come group by group, by the groups' first year, then id
    # {query, column, params}: given one of params, only groups with a member in a review that saved
    # query lists (in column) for those values have rows
    joined_by: dict[str, Any] = field(default_factory=dict)


def header_text(text: str) -> str:
    """The YAML made of a query file's header lines (markers taken off)."""
    lines = []
    for line in text.splitlines():
        stripped = line.lstrip()
        for marker in MARKERS:
            if stripped.startswith(marker):
                rest = stripped[len(marker):]
                lines.append(rest[1:] if rest.startswith(" ") else rest)
                break
    return "\n".join(lines)


def parse_header(text: str, source: str) -> Header:
    """The header of a query file's text; ``source`` names the file in error messages."""
    raw = header_text(text)
    if not raw.strip():
        raise ScrgraphError(f"The saved query {source} has no header; start it with '#+ title: ...' lines (see docs/queries.md).")
    try:
        # libyaml's loader when PyYAML has it: every query command reads all the headers, and the
        # pure-Python loader took 0.09 s for the bundled sixteen.
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (header line {where.line + 1})" if where is not None else ""
        raise ScrgraphError(f"The header of the saved query {source} is not valid YAML{line}: {getattr(exc, 'problem', exc)}.") from None
    if not isinstance(data, dict):
        raise ScrgraphError(f"The header of the saved query {source} must be YAML keys (title, description, params, columns).")

    def bad(problem: str) -> ScrgraphError:
        return ScrgraphError(f"The header of the saved query {source} {problem}.")

    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise bad("needs a 'title'")
    description = data.get("description") or ""
    if not isinstance(description, str):
        raise bad("has a 'description' that is not text")
    columns = data.get("columns")
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) and _NAME.match(c) for c in columns):
        raise bad("needs 'columns': a list of the column names (letters, digits and _) the query gives")
    if len(set(columns)) != len(columns):
        raise bad("names a column twice in 'columns'")
    lists = data.get("lists") or []
    if not isinstance(lists, list) or any(c not in columns for c in lists):
        raise bad("has 'lists' that are not all among its columns")
    params = _params(data.get("params") or {}, bad)
    clash = [v for p in params.values() for v in (p.variable, p.node) if v and v in columns]
    if clash:
        raise bad(f"binds parameter variable(s) {', '.join(clash)} that are also columns; give the parameter a 'var:' of its own")
    graph = data.get("graph")
    if graph is not None:
        _check_graph(graph, columns, bad)
    scope = data.get("scope") or ""
    if scope and (scope != "review" or "review" not in params or params["review"].type != "review"):
        raise bad("has a 'scope' other than 'review' (which needs a parameter named review, of type review)")
    review_order = data.get("review_order") or ""
    review_node = "review" in params and params["review"].type == "review" and params["review"].node
    if review_order and (review_order not in REVIEW_ORDERS or not (scope == "review" or review_node)):
        raise bad(f"has a 'review_order' other than {' or '.join(REVIEW_ORDERS)}, or one without 'scope: review' "
                  "or a review parameter with a 'node'")
    due_order = data.get("due_order") or []
    if due_order and (not isinstance(due_order, list) or len(due_order) != 2 or any(c not in columns for c in due_order)
                      or scope != "review" or review_order):
        raise bad("has a 'due_order' that is not [a due-date column, the review-id column], or one without "
                  "'scope: review' or beside a 'review_order'")
    group_order = data.get("group_order") or ""
    if group_order and (group_order not in GROUP_ORDERS or "group" not in params or params["group"].type != "group"
                        or not params["group"].node or review_order or due_order):
        raise bad(f"has a 'group_order' other than {' or '.join(GROUP_ORDERS)}, or one without a group parameter "
                  "with a 'node', or beside a 'review_order' or 'due_order'")
    joined_by = data.get("joined_by") or {}
    if joined_by and (not group_order or not isinstance(joined_by, dict) or set(joined_by) != {"query", "column", "params"}
                      or not all(isinstance(joined_by[k], str) and joined_by[k] for k in ("query", "column"))
                      or not isinstance(joined_by["params"], list) or not joined_by["params"]
                      or any(p not in params for p in joined_by["params"])):
        raise bad("has a 'joined_by' that is not {query: a saved query, column: its review-id column, params: [some "
                  "of its parameters]}, or one without a 'group_order'")
    keys = ["title", "description", "params", "columns", "lists", "graph", "scope", "review_order", "due_order",
            "group_order", "joined_by"]
    unknown = sorted(set(data) - set(keys))
    if unknown:
        raise bad(f"has unknown key(s) {', '.join(unknown)}; use {', '.join(keys[:-1])} and {keys[-1]}")
    return Header(title=title.strip(), description=" ".join(description.split()), params=params,
                  columns=list(columns), lists=list(lists), graph=graph, scope=scope, review_order=review_order,
                  due_order=list(due_order), group_order=group_order, joined_by=dict(joined_by))


def _params(data: Any, bad) -> dict[str, Param]:
    if not isinstance(data, dict):
        raise bad("has 'params' that are not a mapping of name to {type, default, allowed, description}")
    params: dict[str, Param] = {}
    for name, spec in data.items():
        if not isinstance(name, str) or not _NAME.match(name):
            raise bad(f"has a parameter name {name!r} that is not letters, digits and _")
        if spec is None:
            spec = {}
        if not isinstance(spec, dict):
            raise bad(f"describes parameter {name!r} with something other than {{type, default, allowed, description}}")
        unknown = sorted(set(spec) - {"type", "default", "allowed", "description", "var", "node"})
        if unknown:
            raise bad(f"gives parameter {name!r} unknown key(s) {', '.join(map(str, unknown))}")
        kind = spec.get("type", "string")
        if kind not in PARAM_TYPES:
            raise bad(f"gives parameter {name!r} the type {kind!r}; use one of {', '.join(PARAM_TYPES)}")
        allowed = spec.get("allowed") or []
        if not isinstance(allowed, list):
            raise bad(f"gives parameter {name!r} 'allowed' values that are not a list")
        if kind in ("string", "review", "agency", "theme", "group", "board"):
            allowed = ["" if a is None else str(a) for a in allowed]
        var = spec.get("var") or ""
        if var and not _NAME.match(str(var)):
            raise bad(f"gives parameter {name!r} a 'var' that is not a variable name")
        required = "default" not in spec
        node = spec.get("node") or ""
        if node and (not _NAME.match(str(node)) or kind not in (*NODE_TYPES, "board")):
            raise bad(f"gives parameter {name!r} a 'node' variable, which only a {', '.join(NODE_TYPES)} "
                      "or board parameter can have (a variable name)")
        default = spec.get("default")
        if not required and default is None:
            default = ""
        params[name] = Param(name=name, type=kind, default=default, required=required, allowed=tuple(allowed),
                             description=" ".join(str(spec.get("description") or "").split()), var=str(var),
                             node=str(node))
    return params


def _check_graph(graph: Any, columns: list[str], bad) -> None:
    if not isinstance(graph, dict) or not isinstance(graph.get("nodes"), list):
        raise bad("has a 'graph' without a list of 'nodes'")
    node_columns = set()
    for node in graph["nodes"]:
        if not isinstance(node, dict) or node.get("column") not in columns:
            raise bad("has a graph node whose 'column' is not one of its columns")
        if node.get("label") is not None and node["label"] not in columns:
            raise bad("has a graph node whose 'label' is not one of its columns")
        node_columns.add(node["column"])
    for edge in graph.get("edges") or []:
        if not isinstance(edge, dict) or edge.get("from") not in node_columns or edge.get("to") not in node_columns:
            raise bad("has a graph edge whose 'from' or 'to' is not a node column")

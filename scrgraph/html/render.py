"""One self-contained HTML page for a graph: vis-network and the page's script inlined, data as JSON.

The page makes no request to any host (its Content-Security-Policy forbids it), writes nothing
besides itself, and treats every text from a document as data: all of it travels in one JSON block
(with ``<``, ``>`` and ``&`` escaped) and the script puts it on the page with ``textContent`` only.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", kind="recommendation", label="R1", text="<script>alert(1)</script>")
>>> page = render_page(g, "Demo")
>>> "<script>alert(1)" in page, "\\\\u003cscript\\\\u003ealert(1)" in page
(False, True)
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import math
from collections.abc import Hashable
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from scrgraph import __version__
from scrgraph.html.assets import script_safe, template_file, vis_network_js
from scrgraph.html.layout import layout, node_size
from scrgraph.html.model import KINDS, STATUSES

# Above this many nodes the page draws the Python layout as it is (no physics in the browser).
PHYSICS_MAX_NODES = 250
# Arrow heads and hover effects cost drawing time; above these sizes they are left out.
ARROWS_MAX_EDGES = 2500
HIDE_EDGES_WHILE_MOVING = 4000

KIND_STYLE = {
    "review": ("Review", "square", "#1f4e79", "■"),
    "agency": ("Agency", "diamond", "#7b3fa0", "◆"),
    "finding": ("Finding", "dot", "#5d7f99", "●"),
    "recommendation": ("Recommendation", "triangle", "#2a9d8f", "▲"),
    "measure": ("Measure (action)", "triangleDown", "#8a6d3b", "▼"),
    "theme": ("Theme", "star", "#e76f51", "★"),
    "group": ("Recurring group", "hexagon", "#d4a017", "⬢"),
    "other": ("Other", "dot", "#8c8c8c", "●"),
}
STATUS_STYLE = {
    "overdue": ("Overdue", "#c0392b"),
    "unresolved": ("Unresolved", "#f0ad00"),
    "done": ("Done", "#2e8b57"),
}
GROUP_COLOUR = "#d4a017"
# Spring lengths in the browser's physics (small graphs only): short inside a review or group, long to hubs.
EDGE_LENGTHS = {"member of group": 45, "answers": 55, "arises from": 70, "part of": 90}
HUB_EDGE_LENGTH = 200

# The panel's rows, in order: (attribute, heading).
PANEL_FIELDS = (
    ("ref", "Ref"),
    ("heading", "Heading"),
    ("text", "Text"),
    ("review", "Review"),
    ("year", "Year"),
    ("status", "Status"),
    ("due", "Due"),
    ("completed", "Completed"),
    ("evidence", "Evidence of impact"),
    ("themes", "Themes"),
    ("agencies", "Agencies"),
    ("groups", "Recurring groups"),
    ("provenance", "Provenance"),
)
OWN_LIST = {"agency": "agencies", "theme": "themes", "group": "groups"}  # not listed in their own panel
MAX_FIELD = 20_000  # characters of any one value shown in the panel
MAX_TABLE_ROWS = 5_000  # rows of a query's result listed in its page
MAX_CELL = 2_000  # characters of one table cell


def _plain(value: Any) -> str:
    """A value as display text (dates in ISO form, lists joined)."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(_plain(v) for v in value)
    text = str(value)
    return text if len(text) <= MAX_FIELD else text[: MAX_FIELD - 1] + "…"


def json_for_script(data: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_plain)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@functools.cache
def _view_script() -> str:
    """The page's own script, ready to inline."""
    return script_safe(template_file("view.js"))


@functools.lru_cache(maxsize=8)  # the same two scripts on every page; hashing the library took 2 ms
def _csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def _names(graph: nx.Graph) -> dict[str, dict[str, str]]:
    """Labels of review, agency, theme and group ids: ``graph.graph["names"]`` first, then the nodes."""
    given = graph.graph.get("names") or {}
    names: dict[str, dict[str, str]] = {key: dict(given.get(key) or {}) for key in ("reviews", "agencies", "themes", "groups")}
    plural = {"review": "reviews", "agency": "agencies", "theme": "themes", "group": "groups"}
    for _, data in graph.nodes(data=True):
        key = plural.get(str(data.get("kind")))
        ident = data.get("ident")
        if key and ident not in (None, "") and str(ident) not in names[key]:
            full_name = data.get("text") if key == "groups" else data.get("title")
            names[key][str(ident)] = _plain(full_name or data.get("label")) or str(ident)
    return names


def _table(table: tuple[list[str], list[Any]] | None) -> dict[str, Any] | None:
    """A query's rows as display text for the page's "Rows" list (the first :data:`MAX_TABLE_ROWS`)."""
    if table is None:
        return None
    columns, rows = list(table[0]), list(table[1])

    def cell(value: Any) -> str:
        text = _plain(value)
        return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"

    shown = [[cell(row.get(c)) if isinstance(row, dict) else cell(row[i] if i < len(row) else None)
              for i, c in enumerate(columns)] for row in rows[:MAX_TABLE_ROWS]]
    return {"columns": [str(c) for c in columns], "rows": shown, "total": len(rows)}


def page_data(graph: nx.Graph, title: str, subtitle: str = "", physics: bool | None = None,
              focus: Hashable | None = None, seed: int = 7, table: tuple[list[str], list[Any]] | None = None,
              empty_text: str = "") -> dict[str, Any]:
    """The JSON the page's script reads (see :func:`render_page` for what ``graph`` may hold)."""
    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    missing = [n for n in nodes if graph.nodes[n].get("x") is None or graph.nodes[n].get("y") is None]
    positions = layout(graph, seed=seed) if missing else {}
    names = _names(graph)
    lookups = {key: sorted(names[key].items(), key=lambda item: (item[1].lower(), item[0])) for key in names}
    lookup_index = {key: {ident: i for i, (ident, _) in enumerate(lookups[key])} for key in lookups}
    kinds = list(KINDS) + ["other"]
    kind_index = {k: i for i, k in enumerate(kinds)}
    status_index = {s: i for i, s in enumerate(STATUSES)}
    degree = dict(graph.degree())

    out_nodes: list[dict[str, Any]] = []
    details: list[dict[str, Any]] = []
    group_members: dict[str, list[int]] = {}
    for node in nodes:
        data = graph.nodes[node]
        kind = str(data.get("kind") or "other")
        kind = kind if kind in kind_index else "other"
        x, y = (data.get("x"), data.get("y")) if node not in positions else positions[node]
        label = _plain(data.get("label")) or _plain(data.get("ident")) or _plain(node)
        entry: dict[str, Any] = {"l": label[:80], "k": kind_index[kind], "x": float(x or 0), "y": float(y or 0),
                                 "s": node_size(kind, degree.get(node, 0))}
        status = data.get("status")
        if status in status_index:
            entry["st"] = status_index[status]
        for short_key, key in (("r", "reviews"), ("a", "agencies"), ("t", "themes"), ("g", "groups")):
            values = [lookup_index[key][str(v)] for v in (data.get(key) or ()) if str(v) in lookup_index[key]]
            if values:
                entry[short_key] = values
        if kind in ("recommendation", "measure") and data.get("groups"):
            entry["gr"] = 1
            for group in data["groups"]:
                group_members.setdefault(str(group), []).append(len(out_nodes))
        heading = _plain(data.get("title")) or label
        entry["tt"] = heading[:300]
        out_nodes.append(entry)
        details.append({"h": heading, "f": _panel_rows(data, kind, names)})

    labels: list[str] = []
    label_index: dict[str, int] = {}
    out_edges: list[list[int]] = []
    for u, v, data in graph.edges(data=True):
        text = _plain(data.get("label") or data.get("key") or "")
        if text not in label_index:
            label_index[text] = len(labels)
            labels.append(text)
        out_edges.append([index[u], index[v], label_index[text], 1 if data.get("dashes") else 0])

    group_nodes = {str(graph.nodes[n].get("ident")): index[n] for n in nodes if graph.nodes[n].get("kind") == "group"}
    groups = [{"n": group_nodes.get(ident, -1), "m": members, "l": names["groups"].get(ident, ident)}
              for ident, members in sorted(group_members.items())]
    for ident, node_index in group_nodes.items():
        if ident not in group_members:
            groups.append({"n": node_index, "m": [], "l": names["groups"].get(ident, ident)})

    count = len(nodes)
    use_physics = count <= PHYSICS_MAX_NODES if physics is None else bool(physics)
    return {
        "title": title,
        "subtitle": subtitle,
        "kinds": [{"id": k, "label": KIND_STYLE[k][0], "shape": KIND_STYLE[k][1], "color": KIND_STYLE[k][2], "glyph": KIND_STYLE[k][3]} for k in kinds],
        "statuses": [{"id": s, "label": STATUS_STYLE[s][0], "color": STATUS_STYLE[s][1]} for s in STATUSES],
        "groupColor": GROUP_COLOUR,
        "physics": use_physics,
        "arrows": len(out_edges) <= ARROWS_MAX_EDGES,
        "hideEdgesWhileMoving": len(out_edges) > HIDE_EDGES_WHILE_MOVING,
        "nodes": out_nodes,
        "details": details,
        "edges": out_edges,
        "edgeLabels": labels,
        "edgeLengths": [EDGE_LENGTHS.get(text, HUB_EDGE_LENGTH) for text in labels],
        "lookups": {key: [[ident, label] for ident, label in lookups[key]] for key in ("reviews", "agencies", "themes")},
        "groups": groups,
        "focus": index.get(focus, -1) if focus is not None else -1,
        "table": _table(table),
        "emptyText": empty_text or "Nothing to draw: the graph is empty.",
    }


def _panel_rows(data: dict[str, Any], kind: str, names: dict[str, dict[str, str]]) -> list[list[str]]:
    """The (heading, text) rows shown in the panel for one node."""
    rows: list[list[str]] = [["Kind", KIND_STYLE.get(kind, KIND_STYLE["other"])[0]]]
    for key, heading in PANEL_FIELDS:
        value = data.get(key)
        if key == "review" and value not in (None, ""):
            title = data.get("review_title") or names["reviews"].get(str(value))
            value = f"{title} ({value})" if title and title != value else value
        elif key in ("themes", "agencies", "groups") and value:
            if OWN_LIST.get(kind) == key:
                continue
            if kind == "review" and key == "themes":
                heading = "Themes of its items"
            value = [names[key].get(str(v), str(v)) for v in value]
        elif key == "status" and value:
            label = data.get("status_label")
            words = STATUS_STYLE.get(str(value), (str(value),))[0]
            value = f"{words} ({label})" if label and str(label).lower() != words.lower() else words
        text = _plain(value)
        if text:
            rows.append([heading, text])
    for name, value in (data.get("fields") or {}).items():
        text = _plain(value)
        if text:
            rows.append([str(name), text])
    if data.get("iri"):
        rows.append(["IRI", _plain(data["iri"])])
    return rows


_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


@functools.cache
def _page_template() -> jinja2.Template:
    """The page template, compiled once (compiling it took longer than filling it)."""
    return _ENV.from_string(template_file("page.html"))


def render_page(graph: nx.Graph, title: str, subtitle: str = "", physics: bool | None = None,
                focus: Hashable | None = None, seed: int = 7, table: tuple[list[str], list[Any]] | None = None,
                empty_text: str = "", library: str | None = None) -> str:
    """The whole HTML page (a string) drawing ``graph``.

    ``graph`` is any networkx graph. Each node may carry (all optional):

    - ``kind``: review, agency, finding, recommendation, measure, theme or group (else "other"),
      which sets its shape and colour; ``status``: overdue, unresolved or done (its fill);
    - ``label`` (short, drawn), ``title`` (full, the panel's heading and the tooltip), ``ident``;
    - panel rows ``ref``, ``heading``, ``text``, ``review`` (id) with ``review_title``, ``year``,
      ``status_label``, ``due``, ``completed``, ``evidence``, ``provenance``, ``iri`` and ``fields``
      (a dict of more rows);
    - ``reviews``, ``agencies``, ``themes``, ``groups``: ids the node belongs to, for the filters
      (their labels come from ``graph.graph["names"]`` or from nodes of that kind with that ``ident``);
      recommendations and measures with ``groups`` are ringed in their group's colour;
    - ``x`` and ``y``: a position; when any node lacks one, :func:`scrgraph.html.layout.layout` places all.

    Edges may carry ``label`` (shown on hover) and ``dashes``. Physics runs in the browser only up
    to :data:`PHYSICS_MAX_NODES` nodes unless ``physics`` says otherwise. ``focus`` is a node to
    select when the page opens. ``table`` (columns, rows as dicts or lists) adds a "Rows" list of up
    to :data:`MAX_TABLE_ROWS` rows; ``empty_text`` is what an empty drawing says. The page carries
    vis-network inline, unless ``library`` gives the address, on the server that serves the page,
    to load it from (the workbench's pages: the browser keeps it).
    """
    data = page_data(graph, title, subtitle, physics=physics, focus=focus, seed=seed, table=table, empty_text=empty_text)
    vis_js = vis_network_js() if library is None else ""
    app_js = _view_script()
    vis_source = _csp_hash(vis_js) if library is None else "'self'"
    csp = ("default-src 'none'; " f"script-src {vis_source} {_csp_hash(app_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
           "form-action 'none'; base-uri 'none'")
    return _page_template().render(
        title=title,
        subtitle=subtitle,
        version=__version__,
        csp=Markup(csp),
        css=Markup(template_file("view.css").replace("</", "<\\/")),
        data=Markup(json_for_script(data)),
        vis=Markup(vis_js),
        library=library,
        app=Markup(app_js),
        counts=f"{len(data['nodes'])} nodes, {len(data['edges'])} edges",
    )


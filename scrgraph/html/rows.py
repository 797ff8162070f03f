"""The graph behind a saved query's rows, drawn as one page (``scrgraph query NAME --html FILE``).

A saved query says in its YAML header how its rows make a graph::

    graph:
      nodes:
        - {column: review_id, kind: review, label: review_title}
        - {column: rec, kind: recommendation}
        - {column: agency_id, kind: agency}
      edges:
        - {from: rec, to: review_id, label: "part of"}
        - {from: rec, to: agency_id, label: "addressed to"}

Examples
--------
>>> spec = {"nodes": [{"column": "a", "kind": "agency"}, {"column": "r", "kind": "recommendation"}],
...         "edges": [{"from": "r", "to": "a", "label": "addressed to"}]}
>>> g = rows_graph(["a", "r"], [{"a": "police", "r": "1"}, {"a": "police", "r": "2"}, {"a": None, "r": "3"}], spec)
>>> g.number_of_nodes(), g.number_of_edges()
(4, 2)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from scrgraph.errors import ScrgraphError
from scrgraph.html.model import KINDS
from scrgraph.html.render import render_page
from scrgraph.vocab import agency_iri, local_id, review_iri, theme_iri

MEMBERSHIP = {"review": "reviews", "agency": "agencies", "theme": "themes", "group": "groups"}
MAX_ROW_FIELDS = 16


def _values(value: Any) -> list[str]:
    """A cell as the node keys it names: none for blanks, one per item for lists."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [v for item in value for v in _values(item)]
    if isinstance(value, (dt.date, dt.datetime)):
        return [value.isoformat()]
    if isinstance(value, float) and value != value:  # NaN
        return []
    text = str(value).strip()
    return [text] if text else []


def _cell_text(value: Any) -> str:
    return "; ".join(_values(value))


def _spec_list(spec: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    items = spec.get(key) or []
    if not isinstance(items, list) or not all(isinstance(item, Mapping) for item in items):
        raise ScrgraphError(f"The query's graph header is not valid: 'graph.{key}' must be a list of mappings.")
    return items


def check_graph_spec(spec: Any) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """The node and edge entries of a ``graph:`` header, or one plain sentence saying what is wrong."""
    if not spec:
        raise ScrgraphError("The query does not say how its rows make a graph; add a 'graph:' entry with 'nodes' to its header.")
    if not isinstance(spec, Mapping):
        raise ScrgraphError("The query's graph header is not valid: 'graph' must be a mapping with 'nodes' and 'edges'.")
    nodes = _spec_list(spec, "nodes")
    edges = _spec_list(spec, "edges")
    if not nodes:
        raise ScrgraphError("The query's graph header lists no nodes; give at least one {column, kind} under 'graph.nodes'.")
    for entry in nodes:
        if not entry.get("column"):
            raise ScrgraphError("The query's graph header is not valid: every entry of 'graph.nodes' needs a 'column'.")
        kind = entry.get("kind")
        if kind not in KINDS:
            raise ScrgraphError(f"The query's graph header is not valid: node kind {kind!r} is not one of {', '.join(KINDS)}.")
    for entry in edges:
        if not entry.get("from") or not entry.get("to"):
            raise ScrgraphError("The query's graph header is not valid: every entry of 'graph.edges' needs 'from' and 'to' columns.")
    return nodes, edges


def _store_node(kind: str, value: str, known: nx.MultiDiGraph | None) -> dict[str, Any] | None:
    """The store's display node for a value (an IRI, or an id of a review, agency, theme or group)."""
    if known is None:
        return None
    candidates = [value]
    if kind == "review":
        candidates.append(review_iri(value))
    elif kind == "agency":
        candidates.append(agency_iri(value))
    elif kind == "theme":
        candidates.append(theme_iri(value))
    for candidate in candidates:
        if candidate in known and known.nodes[candidate].get("kind") == kind:
            return dict(known.nodes[candidate])
    if kind == "group":
        for _, data in known.nodes(data=True):
            if data.get("kind") == "group" and data.get("ident") == value:
                return dict(data)
    return None


def rows_graph(columns: list[str], rows: Iterable[Mapping[str, Any]], graph_spec: Mapping[str, Any],
               known: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """The graph of a query's rows (see :func:`rows_page`); ``known`` is the store's display graph, if any."""
    node_specs, edge_specs = check_graph_spec(graph_spec)
    present = set(columns)
    by_column: dict[str, Mapping[str, Any]] = {}
    for entry in node_specs:
        column = str(entry["column"])
        if column in present and column not in by_column:
            by_column[column] = entry
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for row in rows:
        row_nodes: dict[str, list[str]] = {}
        memberships: dict[str, set[str]] = {name: set() for name in MEMBERSHIP.values()}
        for column, entry in by_column.items():
            kind = str(entry["kind"])
            keys = []
            for value in _values(row.get(column)):
                key = f"{kind}:{value}"
                keys.append(key)
                if key not in graph:
                    graph.add_node(key, **_new_node(kind, value, entry, row, columns, by_column, known))
                graph.nodes[key]["rows"] = graph.nodes[key].get("rows", 0) + 1
                if kind in MEMBERSHIP:
                    memberships[MEMBERSHIP[kind]].add(graph.nodes[key]["ident"])
            row_nodes[column] = keys
        for keys in row_nodes.values():
            for key in keys:
                data = graph.nodes[key]
                for name, values in memberships.items():
                    data[name] = sorted(set(data.get(name) or ()) | values)
        for entry in edge_specs:
            label = str(entry.get("label") or "")
            for a in row_nodes.get(str(entry["from"]), ()):
                for b in row_nodes.get(str(entry["to"]), ()):
                    if a != b and not graph.has_edge(a, b, key=label):
                        graph.add_edge(a, b, key=label, label=label)
    for _, data in graph.nodes(data=True):
        data["fields"]["rows naming it"] = str(data.pop("rows", 0))
    return graph


def _new_node(kind: str, value: str, entry: Mapping[str, Any], row: Mapping[str, Any], columns: list[str],
              by_column: Mapping[str, Mapping[str, Any]], known: nx.MultiDiGraph | None) -> dict[str, Any]:
    stored = _store_node(kind, value, known)
    label_column = entry.get("label")
    label = _cell_text(row.get(label_column)) if label_column else ""
    if stored:
        data = stored
        data.pop("x", None)
        data.pop("y", None)
        data["fields"] = dict(data.get("fields") or {})
        if label:
            data["label"] = label[:60]
        return data
    shown = label or (local_id(value) if value.startswith(("http://", "https://")) else value)
    data = {"kind": kind, "ident": local_id(value) if value.startswith(("http://", "https://")) else value,
                            "label": shown if len(shown) <= 40 else shown[:39] + "…", "title": label or value, "fields": {}}
    if value.startswith(("http://", "https://")):
        data["iri"] = value
    elif label:
        data["fields"]["value"] = value
    # The other columns of the first row that names it, for context in the panel.
    extra = [c for c in columns if c not in by_column and c != label_column][:MAX_ROW_FIELDS]
    for column in extra:
        text = _cell_text(row.get(column))
        if text:
            data["fields"][f"{column} (first row)"] = text
    if kind in MEMBERSHIP:
        data[MEMBERSHIP[kind]] = [data["ident"]]
    return data


def rows_page(columns: list[str], rows: Iterable[Mapping[str, Any]], graph_spec: Mapping[str, Any] | None, title: str,
              store: Any = None, subtitle: str = "") -> str:
    """One self-contained HTML page drawing the graph behind a saved query's rows.

    Contract (for ``scrgraph query NAME --html FILE``):

    - ``columns``: the result's column names; ``rows``: dicts of Python values as
      :meth:`scrgraph.store.GraphStore.select` returns them (``None`` for unbound; lists allowed).
    - ``graph_spec``: the ``graph`` mapping of the query's YAML header, ``{"nodes": [{"column": COL,
      "kind": KIND, "label": LABELCOL}, ...], "edges": [{"from": COL, "to": COL, "label": TEXT}, ...]}``
      where KIND is one of review, agency, finding, recommendation, measure, theme, group and
      ``label`` (optional) names the column whose value labels the node.
    - Nodes are keyed by kind + value, so a value repeated across rows is one node; each non-blank
      value of a node column gives a node, a list value one node per item; blank and ``None``
      values give no node and no edge. Columns named in the header but absent from the result are
      ignored, as are edges whose columns declare no node. Nodes in the same row as a review,
      agency or theme node are filtered with it in the page.
    - ``store`` (optional, a :class:`scrgraph.store.GraphStore`): when given, nodes whose value is an
      IRI in the store, or the id of a review, agency, theme or group, show the store's details
      (full text, ref, review, year, action status, provenance) in the panel.
    - The page also lists the rows themselves (a "Rows" button; the first 5,000).
    - A missing (``None`` or empty) ``graph_spec`` gives a page listing the rows only; a malformed
      one raises :class:`scrgraph.errors.ScrgraphError` with one sentence. The page is returned as a
      string (write it with ``write_atomic``). No rows give a page that says there is nothing to draw.
    """
    columns, rows = list(columns), list(rows)
    table = (columns, rows)
    if not graph_spec:
        return render_page(nx.MultiDiGraph(), title, subtitle=subtitle or f"{len(rows)} rows", table=table,
                           empty_text="This query's header has no 'graph:' entry, so the page lists its rows only.")
    known = None
    if store is not None:
        from scrgraph.html.model import store_display_graph

        known = store_display_graph(store)
    graph = rows_graph(columns, rows, graph_spec, known)
    return render_page(graph, title, subtitle=subtitle or f"{len(rows)} rows, {graph.number_of_nodes()} nodes", table=table,
                       empty_text="No row gives a node: the columns the query's graph header names are blank or missing.")

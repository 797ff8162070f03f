"""The graphs behind ``scrgraph view``: the whole store, or the part around one review, agency,
theme or recurring-recommendation group.

Each view function returns a :class:`networkx.MultiDiGraph` ready for
:func:`scrgraph.html.render.render_page`, with ``graph.graph["title"]``, ``["subtitle"]`` and
``["focus"]`` (the node to select when the page opens) set. ``depth`` is how many links out from
the named thing (and, for a review, its own findings, recommendations and measures; for a group,
its members) the view reaches: 0 is the thing alone, 1 (the default) adds everything linked to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from scrgraph.errors import ScrgraphError
from scrgraph.html.around import Around, around_of, view_around
from scrgraph.html.model import store_display_graph
from scrgraph.recognise.named import VOCABULARY_KINDS, named_id

if TYPE_CHECKING:
    from scrgraph.backend import Store

DEFAULT_DEPTH = 1


def _names(graph: nx.MultiDiGraph) -> dict[str, dict[str, str]]:
    names: dict[str, dict[str, str]] = {"reviews": {}, "agencies": {}, "themes": {}, "groups": {}}
    plural = {"review": "reviews", "agency": "agencies", "theme": "themes", "group": "groups"}
    for _, data in graph.nodes(data=True):
        key = plural.get(data.get("kind", ""))
        if key:
            full_name = data.get("text") if key == "groups" else data.get("title")
            names[key][str(data["ident"])] = str(full_name or data.get("label") or data["ident"])
    return names


def _full(store: Store, as_of: dt.date | None) -> nx.MultiDiGraph:
    graph = store_display_graph(store, as_of)
    graph.graph["names"] = _names(graph)
    graph.graph["as_of"] = (as_of or dt.date.today()).isoformat()
    return graph


def _around(store: Store) -> Around | None:
    """What reads around a node of ``store``, when it is an Oxigraph store (views around a node
    read its database directly); None for another store, whose whole graph is read."""
    from scrgraph.store import OxigraphStore

    return around_of(store) if isinstance(store, OxigraphStore) else None


def _named(graph: nx.MultiDiGraph, as_of: dt.date | None) -> nx.MultiDiGraph:
    graph.graph["names"] = _names(graph)
    graph.graph["as_of"] = (as_of or dt.date.today()).isoformat()
    return graph


def _capped(graph: nx.MultiDiGraph, more: bool) -> str:
    """The subtitle's note when not every node within reach is drawn."""
    if not more:
        return ""
    return f" · only the nearest {graph.number_of_nodes():,} nodes drawn, more are within reach (lower --depth or name a smaller thing to see all)"


def _check_depth(depth: int | None) -> int:
    if depth is None:
        return DEFAULT_DEPTH
    if depth < 0:
        raise ScrgraphError(f"--depth must be 0 or more, not {depth}.")
    return depth


def neighbourhood(graph: nx.MultiDiGraph, seeds: Iterable[Hashable], depth: int) -> nx.MultiDiGraph:
    """The part of ``graph`` within ``depth`` links (either direction) of any seed, as a new graph."""
    keep = set(seeds)
    frontier = set(keep)
    for _ in range(depth):
        reached: set[Hashable] = set()
        for node in frontier:
            reached.update(graph.successors(node))
            reached.update(graph.predecessors(node))
        frontier = reached - keep
        if not frontier:
            break
        keep |= frontier
    sub = graph.subgraph(keep).copy()
    sub.graph.update(graph.graph)
    return sub


def _listing(values: Iterable[str], limit: int = 12) -> str:
    values = sorted(set(values))
    if not values:
        return "none"
    more = f" and {len(values) - limit} more" if len(values) > limit else ""
    return ", ".join(values[:limit]) + more


def _find(graph: nx.MultiDiGraph, kind: str, ident: str, what: str, hint: str = "") -> str:
    """The node of ``kind`` whose id (or label, ignoring case) is ``ident``; else one plain sentence."""
    wanted = ident.strip().lower()
    candidates = [(node, data) for node, data in graph.nodes(data=True) if data.get("kind") == kind]
    for node, data in candidates:
        if str(data.get("ident", "")).lower() == wanted or str(node).lower() == wanted:
            return node
    for node, data in candidates:
        if str(data.get("label", "")).lower() == wanted or str(data.get("title", "")).lower() == wanted:
            return node
    plural = "agencies" if what == "agency" else what + "s"
    if not candidates:
        raise ScrgraphError(f"There is no {what} {ident!r} in the store; it has no {plural} yet{hint}.")
    known = _listing(str(data.get("ident")) for _, data in candidates)
    raise ScrgraphError(f"There is no {what} {ident!r} in the store ({plural} in it: {known}).")


def _finish(graph: nx.MultiDiGraph, title: str, subtitle: str, focus: Hashable | None) -> nx.MultiDiGraph:
    graph.graph["title"] = title
    graph.graph["subtitle"] = subtitle
    graph.graph["focus"] = focus
    return graph


def whole_graph(store: Store, ident: str | None = None, depth: int | None = None,
                as_of: dt.date | None = None) -> nx.MultiDiGraph:
    """Everything in the store (``ident`` and ``depth`` are ignored; they keep the views' signature)."""
    graph = _full(store, as_of)
    reviews = sum(1 for _, data in graph.nodes(data=True) if data["kind"] == "review")
    return _finish(graph, "scrgraph: all reviews", f"{reviews} reviews · action status as of {graph.graph['as_of']}", None)


def review_view(store: Store, ident: str, depth: int | None = DEFAULT_DEPTH,
                as_of: dt.date | None = None) -> nx.MultiDiGraph:
    """One review with its findings, recommendations and measures, and what they link to."""
    depth = _check_depth(depth)
    around = _around(store)
    if around is not None:
        graph, node, _, more = view_around(around, "review", ident, depth, "review",
                                            hint=" (load some with 'scrgraph load PATH')", as_of=as_of)
        data = graph.nodes[node]
        return _finish(_named(graph, as_of), f"Review: {data['title']}",
                       f"{data['ident']} · {data.get('year') or 'year unknown'} · depth {depth}{_capped(graph, more)}"
                       f" · action status as of {graph.graph['as_of']}", node)
    full = _full(store, as_of)
    if not any(data["kind"] == "review" for _, data in full.nodes(data=True)):
        raise ScrgraphError(f"There is no review {ident!r} in the store; it holds no reviews yet (load some with 'scrgraph load PATH').")
    node = _find(full, "review", ident, "review")
    seeds = [node] + [u for u, _, key in full.in_edges(node, keys=True) if key == "isPartOf"]
    graph = neighbourhood(full, seeds, depth)
    data = full.nodes[node]
    return _finish(graph, f"Review: {data['title']}",
                   f"{data['ident']} · {data.get('year') or 'year unknown'} · depth {depth} · action status as of {full.graph['as_of']}", node)


def _around_one(store: Store, kind: str, ident: str, depth: int | None, as_of: dt.date | None) -> nx.MultiDiGraph:
    """One agency or theme and what lies within ``depth`` links of it."""
    depth = _check_depth(depth)
    around = _around(store)
    if around is not None:
        graph, node, _, more = view_around(around, kind, ident, depth, kind, as_of=as_of)
        data = graph.nodes[node]
        return _finish(_named(graph, as_of), f"{kind.capitalize()}: {data['title']}",
                       f"{data['ident']} · depth {depth}{_capped(graph, more)} · action status as of {graph.graph['as_of']}", node)
    full = _full(store, as_of)
    node = _find(full, kind, ident, kind)
    data = full.nodes[node]
    return _finish(neighbourhood(full, [node], depth), f"{kind.capitalize()}: {data['title']}",
                   f"{data['ident']} · depth {depth} · action status as of {full.graph['as_of']}", node)


def agency_view(store: Store, ident: str, depth: int | None = DEFAULT_DEPTH,
                as_of: dt.date | None = None) -> nx.MultiDiGraph:
    """One agency and what is addressed to it, concerns it or is its action, with their state."""
    return _around_one(store, "agency", ident, depth, as_of)


def theme_view(store: Store, ident: str, depth: int | None = DEFAULT_DEPTH,
               as_of: dt.date | None = None) -> nx.MultiDiGraph:
    """One theme and the findings and recommendations tagged with it."""
    return _around_one(store, "theme", ident, depth, as_of)


def group_view(store: Store, ident: str, depth: int | None = DEFAULT_DEPTH,
               as_of: dt.date | None = None) -> nx.MultiDiGraph:
    """One recurring-recommendation group: its member recommendations across the years and around them."""
    depth = _check_depth(depth)
    around = _around(store)
    if around is not None:
        graph, node, seeds, more = view_around(around, "group", ident, depth, "recurring-recommendation group",
                                                hint="; run 'scrgraph link' to find them", as_of=as_of)
        data = graph.nodes[node]
        years = f" · {data['year']}" if data.get("year") else ""
        return _finish(_named(graph, as_of), f"Recurring recommendation: {data.get('text') or data['label']}",
                       f"{seeds - 1} recommendations{years} · depth {depth}{_capped(graph, more)}"
                       f" · action status as of {graph.graph['as_of']}", node)
    full = _full(store, as_of)
    node = _find(full, "group", ident, "recurring-recommendation group", hint="; run 'scrgraph link' to find them")
    members = [node] + [v for _, v, key in full.out_edges(node, keys=True) if key == "member"]
    graph = neighbourhood(full, members, depth)
    data = full.nodes[node]
    years = f" · {data['year']}" if data.get("year") else ""
    return _finish(graph, f"Recurring recommendation: {data.get('text') or data['label']}",
                   f"{len(members) - 1} recommendations{years} · depth {depth} · action status as of {full.graph['as_of']}", node)


def view_graph(store: Store, review: str | None = None, agency: str | None = None, theme: str | None = None,
               group: str | None = None, depth: int | None = None, as_of: dt.date | None = None) -> nx.MultiDiGraph:
    """The view ``scrgraph view`` draws: around the one thing named, or the whole graph when none is.

    A review or group is named by its id or title, an agency or theme by its id, label or alias.
    """
    named: list[tuple[Any, str]] = [(v, name) for v, name in ((review, "review"), (agency, "agency"), (theme, "theme"), (group, "group"))
                                    if v is not None]
    if len(named) > 1:
        raise ScrgraphError("Name at most one of --review, --agency, --theme and --group.")
    if not named:
        return whole_graph(store, as_of=as_of)
    value, kind = named[0]
    if not str(value).strip():
        raise ScrgraphError(f"--{kind} needs an id.")
    ident = str(value).strip()
    if kind in VOCABULARY_KINDS:  # "Police", "police" and "Leicestershire Constabulary" are one agency
        ident = named_id(kind, ident) or ident
    build = {"review": review_view, "agency": agency_view, "theme": theme_view, "group": group_view}[kind]
    return build(store, ident, depth, as_of=as_of)

"""The store's graph reduced to what an analyst explores: reviews, agencies, findings, recommendations,
measures, themes and recurring-recommendation groups, each with what its panel shows.

:func:`display_graph` turns the full RDF graph (:func:`scrgraph.netgraph.store_to_networkx`) into a
smaller :class:`networkx.MultiDiGraph` whose nodes carry the attributes :func:`scrgraph.html.render.render_page`
reads. Passages, source documents, status records and agency mentions are folded into the nodes
they describe (as provenance and action status) instead of being drawn.

Examples
--------
>>> short("The partnership should agree referral criteria for unborn babies.", 24)
'The partnership should…'
>>> review_short_label("Child Safeguarding Practice Review: Child M", 2020)
'Child M (2020)'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from scrgraph.netgraph import store_to_networkx
from scrgraph.resources import bundle
from scrgraph.vocab import local_id

if TYPE_CHECKING:
    from scrgraph.backend import Store

# The kinds drawn, in legend order, with the scrgraph class each comes from.
KINDS = ("review", "agency", "finding", "recommendation", "measure", "theme", "group")
CLASS_KIND = {
    "Review": "review",
    "Agency": "agency",
    "Finding": "finding",
    "Recommendation": "recommendation",
    "Measure": "measure",
    "Theme": "theme",
    "RecurrenceGroup": "group",
}
ITEM_KINDS = ("finding", "recommendation", "measure")
STATUSES = ("overdue", "unresolved", "done")

# Relationships drawn, with the words shown for them.
EDGE_LABELS = {
    "isPartOf": "part of",
    "addressedTo": "addressed to",
    "concernsAgency": "concerns",
    "responsibleAgency": "responsible agency",
    "arisesFrom": "arises from",
    "answers": "answers",
    "subject": "theme",
    "member": "member of group",
    "namesAgency": "names agency",
}
AGENCY_LINKS = ("addressedTo", "concernsAgency", "responsibleAgency")
REJECTED = "rejected"

# The action-state rule over every measure, or (with ?reviewNode bound) over one review's measures
# (the class tested with a FILTER, so that Oxigraph starts from the bound review). Status labels are
# read apart: an OPTIONAL on the rule's computed ?status made Oxigraph scan every label in the store
# for each measure (28 s instead of 1 s at 200 reviews).
MEASURE_STATE_QUERY = """
SELECT ?measure ?status ?statusId ?due ?completed ?evidence ?unresolved ?overdue ?as_of WHERE {
  ?measure a scr:Measure .
%s
}
"""
REVIEW_MEASURE_STATE_QUERY = """
SELECT ?measure ?status ?statusId ?due ?completed ?evidence ?unresolved ?overdue ?as_of ?reviewNode WHERE {
  ?measure dcterms:isPartOf ?reviewNode ; a ?class . FILTER (?class = scr:Measure)
%s
}
"""
STATUS_LABELS_QUERY = "SELECT ?status ?label WHERE { ?status a scr:ActionStatus ; rdfs:label ?label }"


def short(text: Any, limit: int = 32) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters (with an ellipsis)."""
    flat = " ".join(str(text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def review_short_label(title: Any, year: Any) -> str:
    """A review's short label: the part of its title after a colon (the subject), and its year."""
    name = str(title or "").strip()
    if ":" in name:
        name = name.rsplit(":", 1)[1].strip() or name
    name = short(name, 26)
    return f"{name} ({year})" if year not in (None, "") else name


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _rule_body() -> str:
    """The action-state rule (``queries/fragments/measure-state.rq``) without its comments."""
    fragment = bundle("queries").joinpath("fragments", "measure-state.rq").read_text(encoding="utf-8")
    return "\n".join(line for line in fragment.splitlines() if not line.lstrip().startswith("#"))


def _state_entries(rows: Iterable[dict[str, Any]], labels: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Measure IRI -> its state entry, from rows of the rule."""
    states: dict[str, dict[str, Any]] = {}
    for row in rows:
        state = "overdue" if row.get("overdue") else ("unresolved" if row.get("unresolved") else "done")
        states[row["measure"]] = {
            "state": state,
            "status_id": row.get("statusId"),
            "status_label": labels.get(row.get("status") or "") or row.get("statusId"),
            "due": row.get("due"),
            "completed": row.get("completed"),
            "evidence": row.get("evidence"),
        }
    return states


def measure_states(store: Store, as_of: dt.date | None = None) -> dict[str, dict[str, Any]]:
    """Each measure's state on ``as_of`` (default today), by the action-state rule in
    ``queries/fragments/measure-state.rq``: status id and label, due, completed, evidence, and
    ``state`` (``overdue``, ``unresolved`` or ``done``)."""
    _, rows = store.select(MEASURE_STATE_QUERY % _rule_body(), {"as_of": as_of or dt.date.today()})
    labels = {row["status"]: row["label"] for row in store.select(STATUS_LABELS_QUERY)[1]}
    return _state_entries(rows, labels)


def measure_states_by_review(ox: Any, reviews: Iterable[str], as_of: dt.date | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """:func:`measure_states` for the measures of some reviews only, on a pyoxigraph store, by
    review (one small query per review, its node bound)."""
    from rdflib import URIRef

    from scrgraph.sparql_binding import bind_parameters
    from scrgraph.store import all_rows
    from scrgraph.vocab import PREFIXES

    def rows(text: str, bindings: dict[str, Any]) -> list[dict[str, Any]]:
        return all_rows(ox.query(bind_parameters(text, bindings), prefixes=PREFIXES, use_default_graph_as_union=True))

    labels = {row["status"]: row["label"] for row in rows(STATUS_LABELS_QUERY, {})}
    day = as_of or dt.date.today()
    text = REVIEW_MEASURE_STATE_QUERY % _rule_body()
    return {review: _state_entries(rows(text, {"as_of": day, "reviewNode": URIRef(review)}), labels) for review in reviews}


def _targets(full: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    """The nodes ``node`` points at through ``relation``. Read from networkx's adjacency dict
    ({neighbour: {key: data}}) itself: a view asks hundreds of times, and out_edges() is 8 times slower."""
    return [v for v, keys in full._succ[node].items() if relation in keys]  # type: ignore[attr-defined]


def _provenance(full: nx.MultiDiGraph, node: str) -> str:
    """Where an item (or review) was read from: document, page, paragraph, characters, quoted passage."""
    parts: list[str] = []
    for source in _targets(full, node, "wasDerivedFrom"):
        attrs = full.nodes[source]
        documents = [source] if attrs.get("kind") == "SourceDocument" else _targets(full, source, "inDocument")
        for document in documents:
            doc = full.nodes[document]
            parts.append(str(doc.get("path") or doc.get("label") or local_id(document)))
        if attrs.get("page") is not None:
            parts.append(f"page {attrs['page']}")
        if attrs.get("paragraphRef") is not None:
            parts.append(f"paragraph {attrs['paragraphRef']}")
        if attrs.get("charStart") is not None:
            parts.append(f"characters {attrs['charStart']}–{attrs.get('charEnd', '')}")
        if attrs.get("quote"):
            parts.append(f"“{attrs['quote']}”")
    return ", ".join(parts)


def _ident(full: nx.MultiDiGraph, node: str) -> str:
    attrs = full.nodes[node]
    return str(attrs.get("identifier") or attrs.get("notation") or local_id(node))


def display_graph(full: nx.MultiDiGraph, states: dict[str, dict[str, Any]] | None = None,
                  shown: Collection[str] | None = None) -> nx.MultiDiGraph:
    """The drawable graph of a store's full networkx graph (see the module docstring).

    ``states`` maps measure IRIs to :func:`measure_states` entries; without it measures carry no status.
    With ``shown``, only those nodes get their labels, texts and panel fields: the others only what
    the shown nodes' states and filter lists read of them (kind, id, an action's state), to be
    removed by the caller (a view around one node reads more than it draws).
    """
    states = states or {}
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    kind_of = {node: CLASS_KIND[attrs["kind"]] for node, attrs in full.nodes(data=True) if attrs.get("kind") in CLASS_KIND}

    # Reviews first: items need their titles and years.
    reviews: dict[str, dict[str, Any]] = {}
    for node, kind in kind_of.items():
        if kind == "review":
            attrs = full.nodes[node]
            reviews[node] = {"id": _ident(full, node), "title": str(attrs.get("title") or attrs.get("label") or _ident(full, node)),
                             "year": attrs.get("year")}

    for node, kind in kind_of.items():
        attrs = full.nodes[node]
        ident = _ident(full, node)
        data: dict[str, Any] = {"kind": kind, "iri": node, "ident": ident, "fields": {}}
        fields: dict[str, str] = data["fields"]
        if shown is not None and node not in shown:
            if kind == "measure" and states.get(node):
                data["status"] = states[node]["state"]
        elif kind == "review":
            info = reviews[node]
            data.update(label=review_short_label(info["title"], info["year"]), title=info["title"], review=info["id"],
                        review_title=info["title"], year=info["year"])
            boards = [full.nodes[b].get("label") or local_id(b) for b in _targets(full, node, "board")]
            subjects = [full.nodes[s].get("label") or "" for s in _targets(full, node, "reviewSubject")]
            for name, value in (("type", attrs.get("reviewType")), ("board", "; ".join(map(str, boards))),
                                ("subject", "; ".join(map(str, subjects))), ("author", attrs.get("author")),
                                ("outcome", attrs.get("outcome")), ("commissioned", attrs.get("yearCommissioned")),
                                ("published", attrs.get("yearPublished")), ("completed", attrs.get("yearCompleted"))):
                if value not in (None, ""):
                    fields[name] = _text(value)
            data["provenance"] = _provenance(full, node)
        elif kind in ITEM_KINDS:
            owner = next((r for r in _targets(full, node, "isPartOf") if r in reviews), None)
            info = reviews.get(owner or "", {})
            ref = attrs.get("ref")
            text = attrs.get("text") or attrs.get("label") or ""
            prefix = {"finding": "F", "recommendation": "R", "measure": "A"}[kind]
            ref_text = _text(ref) if ref not in (None, "") else ""
            if ref_text and not ref_text[:1].isalpha():
                ref_text = prefix + ref_text
            label = f"{ref_text} {short(attrs.get('heading') or text, 26)}".strip() if ref_text else short(text, 30)
            data.update(label=label, title=str(attrs.get("heading") or short(text, 120) or label), text=_text(text),
                        heading=_text(attrs.get("heading")), ref=_text(ref), review=info.get("id"),
                        review_title=info.get("title"), year=info.get("year"), provenance=_provenance(full, node))
            types = [full.nodes[t].get("label") or local_id(t) for t in _targets(full, node, "actionType")]
            if types:
                fields["action type"] = "; ".join(map(str, types))
            if kind == "measure":
                state = states.get(node)
                if state:
                    data["status"] = state["state"]
                    data["status_label"] = _text(state.get("status_label"))
                    for name in ("due", "completed", "evidence"):
                        if state.get(name) not in (None, ""):
                            data[name] = _text(state[name])
                else:
                    for name, key in (("due", "dueDate"), ("completed", "completedDate"), ("evidence", "evidenceOfImpact")):
                        if attrs.get(key) not in (None, ""):
                            data[name] = _text(attrs[key])
        elif kind == "group":
            label = str(attrs.get("label") or ident)
            first, last = attrs.get("firstYear"), attrs.get("lastYear")
            years = f"{first}–{last}" if first not in (None, "") and last not in (None, "") and first != last else _text(first)
            data.update(label=short(label, 30), title=f"Recurring: {label}", text=label, year=years)
        else:  # agency, theme
            label = str(attrs.get("label") or attrs.get("prefLabel") or ident)
            data.update(label=short(label, 30), title=label)
            for name, key in (("sector", "sector"), ("kind of theme", "themeKind")):
                if attrs.get(key) not in (None, ""):
                    fields[name] = _text(attrs[key])
        graph.add_node(node, **data)

    for u, v, key in full.edges(keys=True):
        if key in EDGE_LABELS and u in graph and v in graph:
            graph.add_edge(u, v, key=key, label=EDGE_LABELS[key])
    # Links between recommendations (from 'scrgraph link'), unless an analyst rejected them.
    for node, attrs in full.nodes(data=True):
        if attrs.get("kind") == "RecommendationLink" and str(attrs.get("decision", "")) != REJECTED:
            for a in _targets(full, node, "linkSource"):
                for b in _targets(full, node, "linkTarget"):
                    if a in graph and b in graph:
                        score = attrs.get("score")
                        words = f"similar ({attrs.get('decision', 'suggested')}" + (f", score {float(score):.2f})" if score is not None else ")")
                        graph.add_edge(a, b, key="link", label=words, dashes=True)
    _add_statuses(graph)
    _add_memberships(graph, shown)
    return graph


def _add_statuses(graph: nx.MultiDiGraph) -> None:
    """A recommendation's state from its measures: overdue if any is; unresolved if any is, or if an
    addressee has no measure of its own answering it; done when every measure is resolved."""
    for node, data in graph.nodes(data=True):
        if data["kind"] != "recommendation":
            continue
        measures = [u for u, _, key in graph.in_edges(node, keys=True) if key == "answers"]
        addressees = {v for _, v, key in graph.out_edges(node, keys=True) if key == "addressedTo"}
        covered = {v for m in measures for _, v, key in graph.out_edges(m, keys=True) if key == "responsibleAgency"}
        states = [graph.nodes[m].get("status") for m in measures]
        if "overdue" in states:
            data["status"] = "overdue"
        elif "unresolved" in states or (addressees - covered):
            data["status"] = "unresolved"
        elif states and all(s == "done" for s in states):
            data["status"] = "done"


def _add_memberships(graph: nx.MultiDiGraph, shown: Collection[str] | None = None) -> None:
    """Which reviews, agencies, themes and groups each node (each of ``shown``) belongs to, for the page's filters."""
    sets: dict[str, dict[str, set[str]]] = {node: {"reviews": set(), "agencies": set(), "themes": set(), "groups": set()}
                                            for node in graph}
    ident = {node: data["ident"] for node, data in graph.nodes(data=True)}
    kind = {node: data["kind"] for node, data in graph.nodes(data=True)}
    edges = list(graph.edges(keys=True))
    own = {"review": "reviews", "agency": "agencies", "theme": "themes", "group": "groups"}
    for node in graph:
        if kind[node] in own:
            sets[node][own[kind[node]]].add(ident[node])
    # Items: their review, their direct agencies and themes, their group.
    for u, v, key in edges:
        if kind[u] not in ITEM_KINDS:
            continue
        if key == "isPartOf" and kind[v] == "review":
            sets[u]["reviews"].add(ident[v])
        elif key in AGENCY_LINKS and kind[v] == "agency":
            sets[u]["agencies"].add(ident[v])
        elif key == "subject" and kind[v] == "theme":
            sets[u]["themes"].add(ident[v])
    for u, v, key in edges:
        if key == "member" and kind[u] == "group":
            sets[v]["groups"].add(ident[u])
        elif key == "answers" and kind[u] == "measure" and kind[v] == "recommendation":
            sets[u]["themes"] |= sets[v]["themes"]
    items = [n for n in graph if kind[n] in ITEM_KINDS]
    for u, v, key in edges:
        if key == "answers" and kind[u] == "measure":
            sets[u]["groups"] |= sets[v]["groups"]
    # Hubs take the union over the items they touch, except in their own dimension (an agency
    # belongs to itself only, so filtering by one agency hides the others).
    for node in items:
        for hub in set(graph.successors(node)) | set(graph.predecessors(node)):
            if kind[hub] in own:
                for name in ("reviews", "agencies", "themes"):
                    if name != own[kind[hub]]:
                        sets[hub][name] |= sets[node][name]
                if kind[hub] in ("review", "group") and kind[node] == "recommendation":
                    sets[hub]["groups"] |= sets[node]["groups"]
    for u, v, key in edges:
        if key == "namesAgency" and kind[u] == "review" and kind[v] == "agency":
            sets[u]["agencies"].add(ident[v])
            sets[v]["reviews"].add(ident[u])
    for node, data in graph.nodes(data=True):
        if shown is None or node in shown:
            for name, values in sets[node].items():
                data[name] = sorted(values)


def store_display_graph(store: Store, as_of: dt.date | None = None) -> nx.MultiDiGraph:
    """The drawable graph of everything in the store, with action states on ``as_of`` (default today)."""
    return display_graph(store_to_networkx(store), measure_states(store, as_of))


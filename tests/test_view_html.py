"""The HTML views without a browser: what the page file holds, what the views pick, the rows graph."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import networkx as nx
import pytest

from scrgraph.errors import ScrgraphError
from scrgraph.html import (
    agency_view,
    group_view,
    render_page,
    review_view,
    rows_graph,
    rows_page,
    theme_view,
    whole_graph,
)
from scrgraph.html.layout import layout
from scrgraph.store import GraphStore
from scrgraph.vocab import ID, LINKS_GRAPH, item_iri
from tests.core_records import record, write

HOSTILE = ('Agencies should act <img src=x onerror=alert(1)> now </script><script>alert(2)</script> '
           'and <a href="javascript:alert(3)">read this</a>.')
# URLs the inlined vis-network library holds in its licence header and code (none is fetched).
VIS_URLS = {
    "https://visjs.github.io/vis-network/", "http://almende.com", "https://github.com/visjs",
    "http://www.apache.org/licenses/LICENSE-2.0", "http://opensource.org/licenses/MIT",
    "http://www.w3.org/2000/svg", "https://github.com/zloirock/core-js",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE", "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
}


def add_group(store_dir: Path, group_id: str, label: str, members: list[str], first: int, last: int) -> None:
    """Put one recurring-recommendation group in the store's links graph, as 'scrgraph link' does."""
    scr = "https://w3id.org/scrgraph/ontology#"
    node = f"<{ID}group/{group_id}>"
    graph = f"<{LINKS_GRAPH}>"
    lines = [
        f"{node} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{scr}RecurrenceGroup> {graph} .\n",
        f'{node} <http://purl.org/dc/terms/identifier> "{group_id}" {graph} .\n',
        f'{node} <http://www.w3.org/2000/01/rdf-schema#label> "{label}" {graph} .\n',
        f'{node} <{scr}firstYear> "{first}"^^<http://www.w3.org/2001/XMLSchema#integer> {graph} .\n',
        f'{node} <{scr}lastYear> "{last}"^^<http://www.w3.org/2001/XMLSchema#integer> {graph} .\n',
    ]
    lines += [f"{node} <{scr}member> <{member}> {graph} .\n" for member in members]
    with GraphStore.open(store_dir) as store:
        store.replace_graphs({LINKS_GRAPH: lines})


@pytest.fixture
def loaded(cli, tmp_path, store_dir):
    """A store with two small reviews (one with hostile text) and a group joining a recommendation of each."""
    folder = tmp_path / "records"
    folder.mkdir()
    write(folder / "t.yaml", record(**{"recommendations.0.text": HOSTILE, "review.title": "Child T: <b>a</b> review"}))
    write(folder / "u.yaml", record(**{"review.id": "othertown-scp-child-u", "review.title": "Child U: another review",
                                       "review.year_published": 2023}))
    assert cli("load", folder, "--store", store_dir).exit_code == 0
    add_group(store_dir, "referral-criteria", "referral · criteria",
              [item_iri("testtown-scp-child-t", "recommendation", "1"), item_iri("othertown-scp-child-u", "recommendation", "1")],
              2021, 2023)
    return store_dir


def _without_data(page: str) -> str:
    """The page without its JSON data block and its inlined vis-network script."""
    page = re.sub(r'<script type="application/json" id="scrgraph-data">.*?</script>', "", page, flags=re.S)
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    return page.replace(scripts[0], "") if scripts else page


def test_view_writes_only_the_named_file(cli, loaded, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = cli("view", "-o", "page.html", "--store", loaded)
    assert result.exit_code == 0, result.stderr
    assert sorted(os.listdir(work)) == ["page.html"]
    assert "Wrote page.html" in result.stderr
    page = (work / "page.html").read_bytes().decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_page_references_no_other_host(cli, loaded, tmp_path):
    out = tmp_path / "page.html"
    assert cli("view", "-o", out, "--store", loaded).exit_code == 0
    page = out.read_text(encoding="utf-8")
    rest = _without_data(page)
    assert not re.search(r"https?://", rest), re.findall(r"https?://\S+", rest)[:5]
    for tag in ("<link", "<iframe", "<img", "@import", "url(", " src=", " href="):
        assert tag not in rest.lower()
    vis = re.findall(r"<script>(.*?)</script>", page, flags=re.S)[0]
    assert set(re.findall(r"https?://[^\s\"')]+", vis)) <= VIS_URLS
    assert "default-src 'none'" in page and "connect-src 'none'" in page
    assert "cdn" not in rest.lower() and "bootstrap" not in page.lower()


def test_document_text_is_escaped_in_the_file(cli, loaded, tmp_path):
    out = tmp_path / "page.html"
    assert cli("view", "-o", out, "--store", loaded).exit_code == 0
    page = out.read_text(encoding="utf-8")
    rest = _without_data(page)
    assert rest.count("<script") == 2 and rest.lower().count("</script") == 2  # vis-network, the page's script
    assert page.lower().count("</script>") == 3  # and the data block: the text did not close it
    assert "<img" not in page and "<b>a</b>" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # the text, as JSON data
    assert cli("view", "--review", "testtown-scp-child-t", "-o", out, "--store", loaded).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<title>Review: Child T: &lt;b&gt;a&lt;/b&gt; review</title>" in page  # escaped by the template
    assert "<b>a</b>" not in page


def test_unknown_ids_are_one_sentence(cli, loaded, tmp_path):
    out = tmp_path / "x.html"
    for option, value, words in (("--review", "nope", "There is no review 'nope'"), ("--agency", "nobody", "There is no agency 'nobody'"),
                                 ("--theme", "NOTHING", "There is no theme 'NOTHING'"),
                                 ("--group", "none", "There is no recurring-recommendation group 'none'")):
        result = cli("view", option, value, "-o", out, "--store", loaded)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: " + words) and result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr
    assert not out.exists()
    result = cli("view", "--review", "testtown-scp-child-t", "--agency", "police", "-o", out, "--store", loaded)
    assert result.exit_code == 1 and "at most one" in result.stderr
    result = cli("view", "--review", "testtown-scp-child-t", "--depth", "-1", "-o", out, "--store", loaded)
    assert result.exit_code == 1 and "--depth" in result.stderr
    result = cli("view", "-o", tmp_path / "missing" / "x.html", "--store", loaded)
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_missing_store_is_one_sentence(cli, tmp_path):
    result = cli("view", "-o", tmp_path / "x.html", "--store", tmp_path / "none")
    assert result.exit_code == 1 and "no scrgraph store" in result.stderr


def test_review_view_holds_the_review_and_what_it_links_to(loaded):
    with GraphStore.open(loaded) as store:
        graph = review_view(store, "testtown-scp-child-t")
        alone = review_view(store, "testtown-scp-child-t", depth=0)
        everything = whole_graph(store)
    kinds = {data["kind"] for _, data in graph.nodes(data=True)}
    assert kinds >= {"review", "finding", "recommendation", "measure", "agency", "theme", "group"}
    reviews = {data.get("review") for _, data in graph.nodes(data=True) if data["kind"] in ("finding", "measure")}
    assert reviews == {"testtown-scp-child-t"}
    assert {data["kind"] for _, data in alone.nodes(data=True)} == {"review", "finding", "recommendation", "measure"}
    assert graph.graph["focus"] == "https://w3id.org/scrgraph/id/review/testtown-scp-child-t"
    assert everything.number_of_nodes() > graph.number_of_nodes()
    rec = graph.nodes[item_iri("testtown-scp-child-t", "recommendation", "1")]
    assert rec["text"] == HOSTILE and rec["review"] == "testtown-scp-child-t" and rec["year"] == 2021
    assert rec["provenance"] == "child-t.pdf, page 5, paragraph 4.1"
    measure = graph.nodes[item_iri("testtown-scp-child-t", "measure", "A1")]
    assert measure["status"] == "done" and measure["due"] == "2022-03-31"
    assert graph.nodes[item_iri("testtown-scp-child-t", "measure", "A2")]["status"] == "overdue"


def test_agency_theme_and_group_views(loaded):
    with GraphStore.open(loaded) as store:
        police = agency_view(store, "police")
        theme = theme_view(store, "thresholds")  # ids match without regard to case
        group = group_view(store, "referral-criteria")
    assert {data["ident"] for _, data in police.nodes(data=True) if data["kind"] == "measure"} == {"A2"}
    assert police.graph["title"].startswith("Agency: ")
    assert {data["kind"] for _, data in theme.nodes(data=True)} >= {"theme", "finding", "recommendation"}
    members = [n for n, data in group.nodes(data=True) if data["kind"] == "recommendation" and data.get("groups")]
    assert len(members) == 2
    assert {group.nodes[m]["review"] for m in members} == {"testtown-scp-child-t", "othertown-scp-child-u"}
    assert group.graph["title"] == "Recurring recommendation: referral · criteria"


def test_group_members_are_drawn_together(loaded):
    with GraphStore.open(loaded) as store:
        graph = whole_graph(store)
    pos = layout(graph)
    group = f"{ID}group/referral-criteria"
    members = [item_iri("testtown-scp-child-t", "recommendation", "1"), item_iri("othertown-scp-child-u", "recommendation", "1")]
    others = [n for n, data in graph.nodes(data=True) if data["kind"] == "recommendation" and n not in members]

    def gap(a, b):
        return math.dist(pos[a], pos[b])

    assert max(gap(group, m) for m in members) < min(gap(group, o) for o in others)
    assert len(set(pos.values())) == len(pos)  # no two nodes on the same spot


def test_render_page_takes_any_graph():
    graph = nx.Graph()
    graph.add_edge(1, 2)
    graph.add_node(3, kind="not-a-kind", label=None, x=5, y=6)
    page = render_page(graph, "Plain <graph>")
    assert "<title>Plain &lt;graph&gt;</title>" in page
    assert _without_data(render_page(nx.MultiDiGraph(), "Empty")).count("<script") == 2


@pytest.mark.parametrize("kind", [nx.Graph, nx.MultiGraph, nx.DiGraph])
def test_render_page_places_measures_of_an_undirected_or_simple_graph(kind):
    graph = kind()
    graph.add_node("r", kind="recommendation", label="Rec 1", review="a")
    graph.add_node("m", kind="measure", label="Audit", review="a")
    graph.add_edge("m", "r", key="answers")
    page = render_page(graph, "Plain graph")
    assert '"Audit"' in page and '"Rec 1"' in page


SPEC = {
    "nodes": [{"column": "review_id", "kind": "review", "label": "title"}, {"column": "rec", "kind": "recommendation"},
              {"column": "agency_id", "kind": "agency"}, {"column": "absent", "kind": "theme"}],
    "edges": [{"from": "rec", "to": "review_id", "label": "part of"}, {"from": "rec", "to": "agency_id", "label": "addressed to"},
              {"from": "rec", "to": "absent", "label": "theme"}, {"from": "rec", "to": "undeclared"}],
}


def test_rows_graph_keys_nodes_by_kind_and_value():
    rows = [
        {"review_id": "r1", "title": "Child A", "rec": "1", "agency_id": "police", "note": "first"},
        {"review_id": "r1", "title": "Child A", "rec": "2", "agency_id": None},
        {"review_id": "r2", "title": "", "rec": "1", "agency_id": ["police", "gp"]},
        {"review_id": " ", "title": None, "rec": None, "agency_id": "police"},
    ]
    graph = rows_graph(["review_id", "title", "rec", "agency_id", "note", "undeclared"], rows, SPEC)
    assert set(graph) == {"review:r1", "review:r2", "recommendation:1", "recommendation:2", "agency:police", "agency:gp"}
    assert graph.nodes["review:r1"]["label"] == "Child A" and graph.nodes["review:r2"]["label"] == "r2"
    assert graph.has_edge("recommendation:1", "agency:gp") and not graph.has_edge("recommendation:2", "agency:police")
    assert graph.number_of_edges() == 5  # 3 × part of, 2 × addressed to; repeats drawn once
    assert graph.nodes["recommendation:1"]["reviews"] == ["r1", "r2"]
    assert graph.nodes["recommendation:1"]["fields"]["note (first row)"] == "first"
    assert graph.nodes["agency:police"]["fields"]["rows naming it"] == "3"


def test_rows_page_checks_the_spec_and_survives_no_rows():
    for bad in ({"nodes": "x"}, {"nodes": []}, ["x"], {"nodes": [{"kind": "review"}]}, {"nodes": [{"column": "a", "kind": "person"}]},
                {"nodes": [{"column": "a", "kind": "review"}], "edges": [{"from": "a"}]}):
        with pytest.raises(ScrgraphError) as caught:
            rows_page(["a"], [], bad, "Bad")
        assert str(caught.value).endswith(".") and "\n" not in str(caught.value)
    page = rows_page(["x"], [], SPEC, "Nothing")
    assert "0 rows, 0 nodes" in page
    for missing in (None, {}):
        page = rows_page(["a"], [{"a": "<i>1</i>"}], missing, "Table only")
        assert "lists its rows only" in page and "\\u003ci\\u003e1\\u003c/i\\u003e" in page


def test_rows_page_takes_details_from_the_store(loaded):
    spec = {"nodes": [{"column": "rec", "kind": "recommendation"}, {"column": "agency", "kind": "agency"}],
            "edges": [{"from": "rec", "to": "agency", "label": "addressed to"}]}
    rec = item_iri("testtown-scp-child-t", "recommendation", "1")
    with GraphStore.open(loaded) as store:
        graph_page = rows_page(["rec", "agency"], [{"rec": rec, "agency": "lscp"}], spec, "Rows", store=store)
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in graph_page
    assert "Local safeguarding" in graph_page or "lscp" in graph_page


HUB_LISTS = ("reviews", "agencies", "themes", "groups")


def _drawn(graph: nx.MultiDiGraph) -> tuple[dict, set]:
    """Each node's attributes (a hub's filter lists left out: they name only what was read) and the edges."""
    nodes = {node: {k: v for k, v in data.items() if not (k in HUB_LISTS and data["kind"] in ("review", "agency", "theme", "group"))}
             for node, data in graph.nodes(data=True)}
    return nodes, set(graph.edges(keys=True))


@pytest.mark.parametrize("view, ident", [(review_view, "testtown-scp-child-t"), (agency_view, "POLICE"),
                                         (theme_view, "thresholds"), (group_view, "referral-criteria")])
def test_a_view_read_around_its_node_is_the_part_of_the_whole_graph_around_it(loaded, view, ident, monkeypatch):
    from scrgraph.html import views

    with GraphStore.open(loaded) as store:
        read_around = view(store, ident, depth=2)
        monkeypatch.setattr(views, "_around", lambda store: None)  # the whole graph, then the part
        cut_from_whole = view(store, ident, depth=2)
    assert _drawn(read_around) == _drawn(cut_from_whole)
    assert read_around.graph["title"] == cut_from_whole.graph["title"]
    assert read_around.graph["focus"] == cut_from_whole.graph["focus"]


@pytest.mark.parametrize("kept_nodes", [20_000, 40, 1])
def test_views_of_a_read_only_copy_reuse_what_earlier_views_read_and_draw_the_same(loaded, tmp_path, monkeypatch, kept_nodes):
    from scrgraph.html import around
    from scrgraph.store import OxigraphStore

    monkeypatch.setattr(around, "KEPT_NODES", kept_nodes)  # 40: the older half forgotten now and then; 1: all after every view
    views = [(review_view, "testtown-scp-child-t"), (agency_view, "police"), (review_view, "othertown-scp-child-u"),
             (group_view, "referral-criteria"), (theme_view, "thresholds"), (review_view, "testtown-scp-child-t")]
    with GraphStore.open(loaded) as store:
        fresh = [_drawn(view(store, ident, depth=2)) for view, ident in views]
        store.snapshot(tmp_path / "copy")
    copy = OxigraphStore.open_snapshot(tmp_path / "copy")
    try:
        assert copy.unchanging and around.around_of(copy) is around.around_of(copy)
        assert [_drawn(view(copy, ident, depth=2)) for view, ident in views] == fresh
    finally:
        copy.close()


def test_a_view_with_too_many_nodes_draws_the_nearest_and_says_so(loaded, monkeypatch):
    from scrgraph.html import around

    monkeypatch.setattr(around, "MAX_VIEW_NODES", 5)
    with GraphStore.open(loaded) as store:
        graph = agency_view(store, "police", depth=3)
        with pytest.raises(ScrgraphError, match="no agency 'nobody'"):
            agency_view(store, "nobody")
    assert graph.number_of_nodes() == 5
    assert "only the nearest 5 nodes drawn, more are within reach" in graph.graph["subtitle"]
    assert graph.graph["focus"] in graph

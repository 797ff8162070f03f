"""The bundled saved queries as files: headers, Cypher twins, includes, and a run on the examples."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from scrgraph.errors import ScrgraphError
from scrgraph.query_header import PARAM_TYPES, parse_header
from scrgraph.query_params import convert
from scrgraph.saved_queries import get_query, list_queries, query_text, run_query
from scrgraph.store import GraphStore

QUERIES = list_queries()
NAMES = [q.name for q in QUERIES]


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_every_query_has_a_header_and_a_cypher_twin(query):
    header = query.header
    assert header.title and len(header.description) > 40, "give the query a title and a plain-English description"
    assert header.columns
    assert query.languages == ["sparql", "cypher"], f"{query.name} needs both NAME.rq and NAME.cypher"
    for param in header.params.values():
        assert param.type in PARAM_TYPES and param.description, f"{query.name}: describe parameter {param.name}"
        if not param.required and param.default not in ("", None):
            assert convert(query.name, param, param.default) is not None


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_sparql_projects_every_parameter(query):
    """Each parameter's variable is in the outer SELECT, so that the query shown by --show runs as it
    is in a SPARQL tool that binds only selected variables (a node variable need not be)."""
    text = query.text("sparql")
    select = re.search(r"^SELECT\s(.*?)^WHERE\b", text, re.S | re.M).group(1)
    for param in query.header.params.values():
        for variable in filter(None, (param.variable,)):
            assert re.search(rf"\?{variable}\b", select), f"{query.name} must SELECT ?{variable}"


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_cypher_returns_every_column_and_uses_every_parameter(query):
    text = query.text("cypher")
    final = text[text.rindex("RETURN"):]
    for column in query.header.columns:
        assert re.search(rf"(\bAS {column}\b|[\s,.]{column}\b)", final), f"{query.name}.cypher does not RETURN {column}"
    for param in query.header.params:
        assert f"${param}" in text, f"{query.name}.cypher does not use ${param}"
    assert not re.search(r"^\s*#include", text, re.M)


@pytest.mark.parametrize("name", ["agencies-unresolved-actions", "overdue-actions", "agency-profile", "review-summary"])
def test_state_queries_use_the_action_state_rule_fragment(name):
    query = get_query(name)
    for language in ("sparql", "cypher"):
        assert re.search(r"^#include measure-state$", query.source(language), re.M)
        assert "as_of" in query.header.params


def test_include_expansion_and_header_parsing():
    text = query_text("overdue-actions")
    assert "OPTIONAL { ?state scr:validUntil ?ms_until }" in text
    header = parse_header("//+ title: T\n//+ description: D\n//+ columns: [a, b]\n//+ lists: [b]\n"
                          "//+ params:\n//+   n: {type: int, default: 3, description: N}\nRETURN 1 AS a", "t.cypher")
    assert header.columns == ["a", "b"] and header.lists == ["b"] and header.params["n"].default == 3


def test_a_node_parameter_also_binds_the_iri_of_its_node():
    from rdflib import URIRef

    from scrgraph.saved_queries import bind_params, sparql_bindings

    query = get_query("agency-profile")
    assert query.header.params["agency"].node == "agencyNode"
    bindings = sparql_bindings(query, bind_params(query, {"agency": "police", "as_of": "2024-03-31"}))
    assert bindings == {"agency": "police", "agencyNode": URIRef("https://w3id.org/scrgraph/id/agency/police"),
                        "as_of": dt.date(2024, 3, 31), "p_review": ""}
    # A blank review leaves its node free: every review.
    similar = get_query("similar-recommendations")
    assert "reviewNode" not in sparql_bindings(similar, bind_params(similar, {}))
    assert sparql_bindings(similar, {"review": "r-1"})["reviewNode"] == URIRef("https://w3id.org/scrgraph/id/review/r-1")
    for spec in ("{type: date, node: n}", "{type: string, default: '', node: n}", "{type: agency, node: 'not a name'}"):
        with pytest.raises(ScrgraphError, match="'node'"):
            parse_header(f"#+ title: T\n#+ columns: [a]\n#+ params:\n#+   p: {spec}\nSELECT ?a {{}}", "t.rq")


def test_default_today_and_typed_values():
    query = get_query("overdue-actions")
    from scrgraph.saved_queries import bind_params

    values = bind_params(query, {"agency": "police"})
    assert values == {"as_of": dt.date.today(), "review": "", "agency": "police"}
    assert bind_params(query, {"as_of": "2024-03-31"})["as_of"] == dt.date(2024, 3, 31)
    assert bind_params(get_query("recurring-themes"), {"min_reviews": "4"})["min_reviews"] == 4


def test_every_query_runs_on_the_example_reviews(examples_dir, tmp_path):
    """The bundled fictional reviews, loaded the way an analyst loads them (linking included)."""
    from scrgraph.loading import read_records

    paths = sorted((examples_dir / "records").glob("*.yaml"))
    if not paths:
        pytest.skip("no example records")
    with GraphStore.open(tmp_path / "store", create=True) as store:
        store.load_records(read_records(paths))
        try:
            from scrgraph.linking.run import link_store
        except ImportError:  # 'scrgraph link' not built yet: the group queries just give no rows
            link_store = None
        if link_store is not None:
            link_store(store)
        review = store.review_ids()[0]
        for query in QUERIES:
            required = {name: {"review": review, "agency": "lscp"}.get(p.type, "2020-01-01")
                        for name, p in query.header.params.items() if p.required}
            columns, rows = run_query(store, query.name, required)
            assert columns == query.header.columns
        overdue = run_query(store, "overdue-actions", {"as_of": "2024-01-01"})[1]
        assert overdue and all(row["due"] < dt.date(2024, 1, 1) for row in overdue)
        profile = run_query(store, "agency-profile", {"agency": "lscp", "as_of": "2024-01-01"})[1]
        actions = [row for row in profile if row["kind"] == "action"]
        assert actions
        for row in actions:
            assert row["overdue"] == bool(row["unresolved"] and row["due"] and row["due"] < dt.date(2024, 1, 1))


@pytest.mark.parametrize("query", [q for q in QUERIES if q.header.graph], ids=[q.name for q in QUERIES if q.header.graph])
def test_graph_headers_are_drawable(query):
    """The HTML view (scrgraph.html) accepts every bundled query's 'graph:' header."""
    rows_module = pytest.importorskip("scrgraph.html.rows")
    nodes, _ = rows_module.check_graph_spec(query.header.graph)
    assert all(node["column"] in query.header.columns for node in nodes)


def test_an_edited_query_file_is_seen_a_moment_later(tmp_path):
    """The catalogue is read again once what was read of it is a second old: a long-running
    workbench or notebook sees an analyst's edit without a restart."""
    import time

    from scrgraph.saved_queries import CATALOGUE_MAX_AGE

    mine = tmp_path / "mine.rq"
    query = "#+ title: {}\n#+ description: A query of the analyst's own, edited while it is in use.\n#+ columns: [n]\nSELECT (1 AS ?n) WHERE {{}}\n"
    mine.write_text(query.format("First title"), encoding="utf-8")
    assert get_query("mine", [tmp_path]).title == "First title"
    mine.write_text(query.format("Edited title"), encoding="utf-8")
    time.sleep(CATALOGUE_MAX_AGE + 0.1)
    assert get_query("mine", [tmp_path]).title == "Edited title"
    assert get_query("mine", [tmp_path]).text("sparql").startswith("#+ title: Edited title")

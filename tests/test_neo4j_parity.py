"""Every saved query with a Cypher twin gives the same rows on Neo4j as on the RDF store.

The store (core records, the examples, their trackers, the links) is pushed once; each query runs
with its defaults and with each parameter varied in turn (dates before, between and after the
tracker imports; each allowed value; ids that are and are not in the data).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from typer.testing import CliRunner

from scrgraph.cli.main import app
from scrgraph.neo4j.push import push_store
from scrgraph.neo4j.querying import run_cypher
from scrgraph.store import GraphStore
from tests.neo4j_helpers import SECOND_ID, build_store

saved_queries = pytest.importorskip("scrgraph.saved_queries")

pytestmark = pytest.mark.neo4j

DATES = ["2012-06-30", "2021-12-31", "2023-05-01", "2023-12-31"]
VALUES: dict[str, list[Any]] = {
    "review": ["testtown-scp-child-t", SECOND_ID, "northtown-scp-child-q", "northtown-lscb-baby-a"],
    "agency": ["police", "lscp", "la_csc", "health_icb"],
    "theme": ["THRESHOLDS", "INFO_SHARING"],
    "int": [2015, 2021],
    "bool": [True, False],
    "string": ["northtown", "Testtown Safeguarding Children Partnership", "information", "NO MATCH"],
}
PERIODS = [("2010-01-01", "2030-12-31"), ("2015-01-01", "2021-12-31"), ("2024-01-01", "2024-12-31")]


def twinned() -> list[str]:
    """The saved queries written in both SPARQL and Cypher."""
    return sorted(q.name for q in saved_queries.list_queries() if {"sparql", "cypher"} <= set(q.languages))


class _Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args, input=None):
        from tests.conftest import CliResult

        result = self.runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def data(neo4j_server, tmp_path_factory):
    """The store, pushed into the (emptied) session Neo4j; also the ids of its groups."""
    folder = tmp_path_factory.mktemp("parity")
    cli = _Cli()
    store = build_store(cli, folder)
    cli("link", "--store", store, "--quiet")  # the links graph (recurrence groups), if linking is there
    neo4j_server.wipe()
    with GraphStore.open(store) as graph:
        push_store(graph, neo4j_server.settings())
        _, rows = graph.select("SELECT ?id WHERE { ?g a scr:RecurrenceGroup ; dcterms:identifier ?id } ORDER BY ?id")
    return store, [r["id"] for r in rows][:2]


def cases(query, groups: list[str]) -> list[dict[str, Any]]:
    """Parameter sets: defaults (required ones filled in), then each parameter varied in turn."""
    params = query.header.params
    base: dict[str, Any] = {}
    if "from" in params and "to" in params:
        base["from"], base["to"] = PERIODS[0]
    for name, param in params.items():
        if param.required and name not in base:
            base[name] = variants(param, groups)[0]
    result = [dict(base)]
    for name, param in params.items():
        if name in ("from", "to"):
            result += [dict(base, **{"from": a, "to": b}) for a, b in PERIODS[1:]]
            continue
        result += [dict(base, **{name: value}) for value in variants(param, groups)]
    if "as_of" in params:  # the state on each date, with each of the other choices
        for other, param in params.items():
            if param.allowed:
                result += [dict(base, as_of=d, **{other: v}) for d in DATES for v in param.allowed]
    unique = []
    for case in result:
        if case not in unique:
            unique.append(case)
    return unique


def variants(param, groups: list[str]) -> list[Any]:
    """Values to try for one parameter."""
    if param.allowed:
        return [v for v in param.allowed]
    if param.type == "date":
        return DATES
    if param.type == "group":
        return groups or ["no-such-group"]
    return VALUES.get(param.type, VALUES["string"])


def normal(value: Any) -> Any:
    """A value in a form both backends agree on."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 6)
    if isinstance(value, (list, tuple)):
        return tuple(normal(v) for v in value)
    return value


def table(columns: list[str], rows: list[dict[str, Any]]) -> Counter:
    return Counter(tuple(normal(row.get(c)) for c in columns) for row in rows)


def test_some_queries_have_cypher_twins():
    assert twinned(), "no saved query has both a .rq and a .cypher file"


@pytest.mark.parametrize("name", twinned())
def test_cypher_twin_gives_the_same_rows(name, data, neo4j_server):
    store, groups = data
    query = saved_queries.get_query(name)
    settings = neo4j_server.settings()
    checked = 0
    with GraphStore.open(store) as graph:
        for params in cases(query, groups):
            try:
                columns, rdf_rows = saved_queries.run_query(graph, name, params)
            except Exception as exc:  # a value this query refuses (e.g. an id not in the data): both must refuse
                with pytest.raises(type(exc)):
                    saved_queries.run_cypher_query(settings, name, params)
                continue
            neo_columns, neo_rows = saved_queries.run_cypher_query(settings, name, params)
            assert neo_columns == columns, params
            expected, got = table(columns, rdf_rows), table(columns, neo_rows)
            assert got == expected, (f"{name} {params}: only in Neo4j {list((got - expected).elements())[:5]}, "
                                     f"only in RDF {list((expected - got).elements())[:5]}")
            checked += 1
    assert checked > 0


def test_run_cypher_takes_dates_as_strings_or_dates_and_gives_python_values(data, neo4j_server):
    settings = neo4j_server.settings()
    columns, rows = run_cypher(settings, "RETURN $d AS d, $e AS e, $s AS s, $n AS n", {
        "d": "2024-03-31", "e": dt.date(2024, 4, 1), "s": "police", "n": 3})
    assert columns == ["d", "e", "s", "n"]
    assert rows == [{"d": dt.date(2024, 3, 31), "e": dt.date(2024, 4, 1), "s": "police", "n": 3}]
    _, rows = run_cypher(settings, "MATCH (m:Measure) WHERE m.dueDate IS NOT NULL RETURN m, m.dueDate AS due LIMIT 1", {})
    assert isinstance(rows[0]["due"], dt.date) and rows[0]["m"].startswith("https://w3id.org/scrgraph/id/review/")


def test_a_cypher_syntax_error_is_one_sentence(data, neo4j_server):
    from scrgraph.errors import ScrgraphError

    with pytest.raises(ScrgraphError) as failure:
        run_cypher(neo4j_server.settings(), "MATCH (n RETURN n", {})
    assert str(failure.value).startswith("The Cypher query failed:") and "\n" not in str(failure.value)

"""`scrgraph queries` and `scrgraph query`: listing, running, parameters, --show, --queries and outputs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from scrgraph.resources import data_files
from scrgraph.store import GraphStore
from tests.test_queries_results import A, B, build_fixture

BUNDLED = sorted(f.name[:-3] for f in data_files("queries", ".rq"))


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A store folder holding the fixture graph of test_queries_results."""
    path = tmp_path_factory.mktemp("cli") / "store"
    build_fixture(path).close()
    return path


def ok(result) -> str:
    """The stdout of a run that must succeed."""
    assert result.exit_code == 0, result.stderr
    return result.stdout


def error(result) -> str:
    """The one-sentence error of a run that must fail with exit code 1."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    message = result.stderr.strip()
    assert message.startswith("Error: ") and "\n" not in message and "Traceback" not in message, message
    return message


# -- listing --------------------------------------------------------------------------------------


def test_queries_lists_every_bundled_query_with_title_and_parameters(cli):
    rows = json.loads(ok(cli("queries", "-f", "json")))
    assert [r["name"] for r in rows] == BUNDLED
    assert {"repeated-recommendations", "recurring-themes", "agencies-unresolved-actions", "overdue-actions",
            "recommendations-without-actions", "findings-without-recommendations", "agency-profile",
            "review-summary", "themes-by-year", "agency-review-matrix", "actions"} <= set(BUNDLED)
    overdue = next(r for r in rows if r["name"] == "overdue-actions")
    assert overdue["title"] == "Overdue actions" and "as_of (date, default today)" in overdue["parameters"]
    table = ok(cli("queries"))
    assert "agency-profile" in table and "agency (agency, required)" in table


# -- running and parameters -----------------------------------------------------------------------


def test_query_runs_with_parameters_bound(cli, store):
    rows = json.loads(ok(cli("query", "overdue-actions", "--store", store, "-p", "as_of", "2020-07-01", "-f", "json")))
    assert [(r["review"], r["due"], r["recommendations"]) for r in rows] == [(A, "2016-12-31", ["2"]), (B, "2020-06-30", ["1"])]
    rows = json.loads(ok(cli("query", "overdue-actions", "--store", store, "-p", "as_of", "31/12/2016", "-f", "json")))
    assert rows == []


@pytest.mark.parametrize("args, words", [
    (["query", "overdue-action"], ["no saved query 'overdue-action'", "did you mean 'overdue-actions'", "agency-profile"]),
    (["query", "overdue-actions", "-p", "when", "2020-01-01"], ["no parameter 'when'", "as_of (date", "agency (agency"]),
    (["query", "recurring-themes", "-p", "as_of", "2020-01-01"], ["no parameter 'as_of'", "min_reviews (int"]),
    (["query", "agency-profile"], ["needs the parameter 'agency'", "-p agency VALUE", "health_visiting, la_csc, lscp"]),
    (["query", "review-summary"], ["needs the parameter 'review'", A]),
    (["query", "recurring-themes", "-p", "min_reviews", "two"], ["'two' is not a whole number", "-p min_reviews 2"]),
    (["query", "overdue-actions", "-p", "as_of", "last week"], ["'last week' is not a date", "2024-03-31"]),
    (["query", "actions", "-p", "show", "late"], ["'late' is not allowed", "open, overdue, done"]),
    (["query", "agency-profile", "-p", "agency", "polce"], ["not an agency id", "did you mean 'police'"]),
    (["query", "review-summary", "-p", "review", "child-z"], ["not a review id", A]),
    (["query", "repeated-recommendations", "-p", "group", "nope"], ["not a recurrence group id", "testtown-scp-child-a-1"]),
    (["query", "themes-by-year", "-p", "theme", "THRESHOLD"], ["not a theme id", "did you mean 'THRESHOLDS'"]),
    (["query", "overdue-actions", "-p", "as_of", "2020-01-01", "-p", "as_of", "2021-01-01"], ["given twice"]),
    (["query", "overdue-actions", "-f", "xlsx"], ["writes a file", "-o"]),
])
def test_parameter_errors_are_one_sentence_that_says_what_is_allowed(cli, store, args, words):
    message = error(cli(*args, "--store", store))
    for word in words:
        assert word in message


def test_values_are_bound_not_pasted(cli, store):
    with GraphStore.open(store) as opened:
        before = opened.triple_count()
    hostile = '" ) } ; DROP GRAPH <https://w3id.org/scrgraph/graph/links> ; INSERT DATA { <a:b> <a:c> <a:d> } #'
    rows = json.loads(ok(cli("query", "repeated-recommendations", "--store", store, "-p", "contains", hostile, "-f", "json")))
    assert rows == []
    with GraphStore.open(store) as opened:
        assert opened.triple_count() == before
    # The same parameter with a plain value still matches.
    assert json.loads(ok(cli("query", "repeated-recommendations", "--store", store, "-p", "contains", "criteria", "-f", "json")))


# -- --show ---------------------------------------------------------------------------------------


def test_show_prints_the_query_with_its_fragments_and_prefixes(cli):
    text = ok(cli("query", "overdue-actions", "--show"))
    assert text.startswith("#+ title: Overdue actions")
    assert "PREFIX scr: <https://w3id.org/scrgraph/ontology#>" in text
    assert "?ms_until" in text and not any(line.startswith("#include") for line in text.splitlines())
    cypher = ok(cli("query", "overdue-actions", "--show", "--backend", "neo4j"))
    assert "MATCH (measure:Measure)" in cypher and "ms_records" in cypher
    assert not any(line.startswith("#include") for line in cypher.splitlines())


# -- your own queries -----------------------------------------------------------------------------

USER_QUERY = """#+ title: Reviews by year
#+ description: The reviews of one year or later, with their titles.
#+ params:
#+   since: {type: int, default: 0, description: "The first year."}
#+ columns: [review, year]
SELECT ?review ?year ?since WHERE {
#include review-year
  FILTER (?year >= ?since)
} ORDER BY ?review
"""
USER_FRAGMENT = "?node a scr:Review ; dcterms:identifier ?review ; scr:year ?year .\n"
OVERRIDE = """#+ title: My recurring themes
#+ description: Replaces the bundled query of that name.
#+ columns: [n]
SELECT (COUNT(*) AS ?n) WHERE { ?t a scr:Theme }
"""


def test_a_queries_folder_adds_and_replaces_queries(cli, store, tmp_path):
    folder = tmp_path / "mine"
    (folder / "fragments").mkdir(parents=True)
    (folder / "reviews-by-year.rq").write_text(USER_QUERY, encoding="utf-8")
    (folder / "fragments" / "review-year.rq").write_text(USER_FRAGMENT, encoding="utf-8")
    (folder / "recurring-themes.rq").write_text(OVERRIDE, encoding="utf-8")
    listed = {r["name"]: r for r in json.loads(ok(cli("queries", "--queries", folder, "-f", "json")))}
    assert listed["reviews-by-year"]["title"] == "Reviews by year"
    assert listed["recurring-themes"]["title"] == "My recurring themes"
    assert set(listed) == set(BUNDLED) | {"reviews-by-year"}
    rows = json.loads(ok(cli("query", "reviews-by-year", "--queries", folder, "--store", store, "-p", "since", "2016", "-f", "json")))
    assert rows == [{"review": B, "year": 2019}]
    assert error(cli("query", "reviews-by-year", "--queries", folder, "--store", store, "--backend", "neo4j"))
    rows = json.loads(ok(cli("query", "recurring-themes", "--queries", folder, "--store", store, "-f", "json")))
    assert list(rows[0]) == ["n"]
    assert "no saved query 'reviews-by-year'" in error(cli("query", "reviews-by-year", "--store", store))


@pytest.mark.parametrize("text, words", [
    ("SELECT ?a WHERE {}\n", ["has no header", "#+ title"]),
    ("#+ title: [unclosed\nSELECT ?a WHERE {}\n", ["not valid YAML"]),
    ("#+ title: T\n#+ description: D\n#+ columns: [a]\n#+ params: {x: {type: number}}\nSELECT ?a ?x {}\n", ["type 'number'", "int"]),
    ("#+ title: T\n#+ description: D\n#+ columns: [a]\nSELECT ?a WHERE {\n#include nowhere\n}\n", ["includes 'nowhere'", "measure-state"]),
    ("#+ title: T\n#+ description: D\n#+ columns: [a, b]\nSELECT ?a WHERE { BIND (1 AS ?a) }\n", ["does not return", "b"]),
    ("#+ title: T\n#+ description: D\n#+ columns: [a]\nSELECT ?a WHERE { ?a ?b }\n", ["could not run"]),
])
def test_a_broken_user_query_gets_one_sentence(cli, store, tmp_path, text, words):
    (tmp_path / "broken.rq").write_text(text, encoding="utf-8")
    message = error(cli("query", "broken", "--queries", tmp_path, "--store", store))
    for word in words:
        assert word in message


def test_a_missing_queries_folder_is_an_error(cli, tmp_path):
    assert "does not exist" in error(cli("queries", "--queries", tmp_path / "nope"))


# -- outputs --------------------------------------------------------------------------------------


def test_csv_json_md_outputs(cli, store, tmp_path):
    base = ("query", "agencies-unresolved-actions", "--store", store, "-p", "as_of", "2020-07-01")
    csv_text = ok(cli(*base, "-f", "csv"))
    assert csv_text.splitlines()[0] == "agency,agency_label,unresolved,overdue,no_action,oldest_due,reviews,review_ids"
    assert csv_text.splitlines()[1].startswith("police,") and "2016-12-31" in csv_text
    assert f"{A}; testtown-scp-child-c" in csv_text
    rows = json.loads(ok(cli(*base, "-f", "json")))
    assert rows[0]["review_ids"] == [A, "testtown-scp-child-c"] and rows[0]["unresolved"] == 2
    md = ok(cli(*base, "-f", "md"))
    assert md.startswith("| agency | agency_label |") and "| --- |" in md
    out = tmp_path / "agencies.csv"
    assert ok(cli(*base, "-o", out)) == ""
    assert out.read_text(encoding="utf-8") == csv_text


def test_xlsx_output_has_typed_cells(cli, store, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "overdue.xlsx"
    ok(cli("query", "overdue-actions", "--store", store, "-p", "as_of", "2020-07-01", "-o", out))
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header == ["review", "recommendations", "agency", "action", "status_id", "due", "recorded"]
    due = sheet.cell(row=2, column=header.index("due") + 1).value
    assert isinstance(due, dt.datetime) and due.date() == dt.date(2016, 12, 31)
    out2 = tmp_path / "themes.xlsx"
    ok(cli("query", "recurring-themes", "--store", store, "-f", "xlsx", "-o", out2))
    sheet = load_workbook(out2).active
    assert sheet.cell(row=2, column=3).value == 3 and sheet.cell(row=2, column=1).value == "THRESHOLDS"


def test_html_page_or_a_clear_sentence(cli, store, tmp_path):
    page = tmp_path / "groups.html"
    result = cli("query", "repeated-recommendations", "--store", store, "--html", page)
    try:
        import scrgraph.html  # noqa: F401
    except ImportError:
        assert "HTML view is not available" in error(result)
        return
    ok(result)
    assert "<html" in page.read_text(encoding="utf-8").lower()

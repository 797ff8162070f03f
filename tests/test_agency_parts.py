"""``agencies-unresolved-actions`` read from each review's kept part (scrgraph/agency_parts.py) gives
what the query gives run as written, on every date around the fixture's dates, through tracker
imports, re-imports, drops, re-loads, removals and a change of what a status means; on both local
stores (the shared server is compared in tests/test_sparql_server.py). An analyst's edited copy of
the query is run as written."""

from __future__ import annotations

import datetime as dt

import pytest

from scrgraph import agency_parts
from scrgraph.derived import DERIVED_GRAPH, REVIEW_NODE_BASE
from scrgraph.saved_queries import bind_params, get_query, run_query, shape_rows, sparql_bindings, store_lookup
from scrgraph.store import GraphStore
from scrgraph.vocab import ONTOLOGY_GRAPH, actions_graph, item_iri
from tests.test_derived_counts import changed_records, fixture_store  # noqa: F401 - a fixture
from tests.test_queries_results import A, B, C, build_fixture, tracker_quads

NAME = agency_parts.QUERY_NAME
DATES = "SELECT DISTINCT ?d WHERE { { ?s scr:asOf ?d } UNION { ?s scr:completedDate ?d } UNION { ?s scr:dueDate ?d } }"


def as_written(store: GraphStore, day: dt.date) -> list[dict]:
    """The query's rows on ``day``, run as its file is written over the whole store."""
    query = get_query(NAME)
    values = bind_params(query, {"as_of": day}, store_lookup(store))
    columns, rows = store.select(query.text("sparql"), sparql_bindings(query, values))
    return shape_rows(query, columns, rows)[1]


def days_around(store: GraphStore) -> list[dt.date]:
    """Each date the store's actions name, the days either side, and days long before and after."""
    named = {row["d"] for row in store.select(DATES)[1]}
    around = {day + dt.timedelta(days=shift) for day in named for shift in (-1, 0, 1)}
    return sorted(around | {dt.date(2000, 1, 1), dt.date(2099, 12, 31)})


def assert_kept_right(store: GraphStore) -> None:
    days = days_around(store)
    for day in days:
        assert run_query(store, NAME, {"as_of": day})[1] == as_written(store, day), day
    asked: list[str] = []
    last = agency_parts.answer(store, days[-1], lambda review: asked.append(review) or [])
    assert last is not None and asked == []  # after every record, no review is asked the query itself
    assert last == as_written(store, days[-1]) and last


def completion_quads(review_id: str, as_of: str, measure_ref: str, completed: str) -> list[str]:
    """A tracker record of ``as_of`` saying the measure was completed on ``completed``."""
    lines = tracker_quads(review_id, as_of, measure_ref, "completed")
    state = f"{item_iri(review_id, 'measure', measure_ref)}/status/{as_of}"
    graph = actions_graph(review_id, as_of)
    return [*lines, f'<{state}> <https://w3id.org/scrgraph/ontology#completedDate> "{completed}"^^<http://www.w3.org/2001/XMLSchema#date> <{graph}> .\n']


def test_kept_answer_is_the_querys_through_every_write(tmp_path):
    """On Oxigraph (each date on rdflib's store takes seconds; tests/test_derived_counts.py compares the
    as-of queries through the same writes on both)."""
    store = build_fixture(tmp_path / "store")
    assert_kept_right(store)
    store.replace_graphs({
        # a completion dated after its record: unresolved until that day, overdue once its due date passed
        actions_graph(A, "2016-06-30"): completion_quads(A, "2016-06-30", "A2", "2017-02-15"),
        actions_graph(B, "2020-12-31"): tracker_quads(B, "2020-12-31", "B1", "in_progress", due="2021-03-31"),
        actions_graph(B, "2020-03-31"): tracker_quads(B, "2020-03-31", "B1", "in_progress"),
    })
    assert_kept_right(store)
    store.replace_graphs({actions_graph(B, "2020-03-31"): tracker_quads(B, "2020-03-31", "B1", "completed")})
    assert_kept_right(store)
    store.replace_graphs({}, drop=[actions_graph(B, "2020-12-31")])
    assert_kept_right(store)
    store.load_records(changed_records())
    assert_kept_right(store)
    store.remove_review(C)
    assert_kept_right(store)
    store.close()


def test_kept_answer_follows_what_a_status_means(fixture_store):
    store = fixture_store
    before = run_query(store, NAME, {"as_of": "2030-01-01"})[1]
    assert "police" in [row["agency"] for row in before]  # A2 and T1 are in progress
    ontology = [line + "\n" for line in store.nquads().decode("utf-8").splitlines() if line.endswith(f"<{ONTOLOGY_GRAPH}> .")]
    in_progress_unresolved = ('/id/status/in_progress> <https://w3id.org/scrgraph/ontology#resolved> '
                              '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>')
    flipped = [line.replace(in_progress_unresolved, in_progress_unresolved.replace('"false"', '"true"')) for line in ontology]
    assert flipped != ontology
    store.replace_graphs({ONTOLOGY_GRAPH: flipped})
    after = run_query(store, NAME, {"as_of": "2030-01-01"})[1]
    assert after == as_written(store, dt.date(2030, 1, 1)) and after != before


def test_many_reviews_reaching_the_date_are_answered_by_the_query(fixture_store, monkeypatch):
    monkeypatch.setattr(agency_parts, "LIVE_MOST", 0)
    store = fixture_store
    store.replace_graphs({actions_graph(B, "2020-12-31"): tracker_quads(B, "2020-12-31", "B1", "in_progress")})
    assert agency_parts.answer(store, dt.date(2020, 6, 30), lambda review: []) is None
    assert run_query(store, NAME, {"as_of": "2020-06-30"})[1] == as_written(store, dt.date(2020, 6, 30))


def test_an_edited_copy_of_the_query_is_run_as_written(fixture_store, tmp_path):
    folder = tmp_path / "queries"
    folder.mkdir()
    text = get_query(NAME).source()
    edited = text.replace("ORDER BY DESC(?unresolved) ?agency", "ORDER BY ?agency")
    assert edited != text
    (folder / f"{NAME}.rq").write_text(edited, encoding="utf-8")
    rows = run_query(fixture_store, NAME, {"as_of": "2030-01-01"}, [folder])[1]
    assert [row["agency"] for row in rows] == sorted(row["agency"] for row in rows)
    assert [row["agency"] for row in run_query(fixture_store, NAME, {"as_of": "2030-01-01"})[1]] != [row["agency"] for row in rows]


def test_the_parts_answer_the_bundled_query():
    """The parts were checked against this text of the query: change it, and check them again."""
    assert agency_parts.query_digest(get_query(NAME).text("sparql")) == agency_parts.QUERY_DIGEST


def test_a_share_in_another_form_is_worked_out_by_the_query(fixture_store):
    """A kept text that does not begin with its settled date (written by another version, say) is not
    read: the query answers instead, with the same rows."""
    store = fixture_store
    store._update([f"INSERT DATA {{ GRAPH <{DERIVED_GRAPH}> {{ <{REVIEW_NODE_BASE}{A}> scr:agencyParts "
                   f'"https://example.org/agency/x\\t1\\t0\\t9999-12-31\\t0\\t\\t" }} }}'])
    with pytest.raises(ValueError):
        agency_parts.answer(store, dt.date(2030, 1, 1), lambda review: [])
    assert run_query(store, NAME, {"as_of": "2030-01-01"})[1] == as_written(store, dt.date(2030, 1, 1))

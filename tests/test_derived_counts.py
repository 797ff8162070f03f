"""The counts kept in the derived graph (scrgraph/derived.py) give what counting the graph gives.

``recurring-themes``, ``themes-by-year``, ``recurrence-groups``, ``reviews-in-period`` and
``repeated-recommendations`` read the counts; ``tests/reference_queries`` holds the same queries as
they were before, counting the theme tags of every review, the members of every group and each
review's items, and working out each group member's best link score. Both are run on the
fixture graph of tests/test_queries_results.py after a load, a re-load of changed reviews, removals
and a rebuild, on both local stores and through each write path (a transaction, a bulk write into a
copy of the database, a rebuild for many reviews). The shared server is compared in
tests/test_sparql_server.py.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from scrgraph import derived
from scrgraph import store as store_module
from scrgraph.record import check_record
from scrgraph.review_walk import reviews_by_earliest_due
from scrgraph.saved_queries import run_query
from scrgraph.store import GraphStore
from scrgraph.vocab import LINKS_GRAPH, actions_graph
from tests.test_queries_results import RECORDS, A, B, C, build_fixture, link_quads, tracker_quads

REFERENCE = Path(__file__).resolve().parent / "reference_queries"
CASES = {
    "recurring-themes": [{}, {"min_reviews": 1}, {"from_year": 2016, "min_reviews": 1}, {"to_year": 2015, "min_reviews": 1},
                         {"from_year": 2010, "to_year": 2030}],
    "themes-by-year": [{}, {"theme": "THRESHOLDS"}, {"from_year": 2016}, {"to_year": 2015}, {"board": "testtown-safeguarding-children-partnership"},
                       {"board": "TESTTOWN SAFEGUARDING CHILDREN PARTNERSHIP"}, {"board": "no such board"}],
    "recurrence-groups": [{}, {"min_reviews": 3}, {"agency": "lscp"}, {"agency": "health_visiting"}],
    "reviews-in-period": [{}, {"from_year": 2016}, {"to_year": 2015}, {"from": "2015-01-01", "to": "2019-12-31"},
                          {"board": "testtown-safeguarding-children-partnership"}, {"board": "no such board"}],
    "repeated-recommendations": [{}, {"min_reviews": 1}, {"min_reviews": 3}],
}


def answers(store: GraphStore, reference: bool) -> dict[str, list]:
    """Every case's rows, from the counts or (``reference``) from the tags; lists compared as sets."""
    extra = (REFERENCE,) if reference else ()
    got = {}
    for name, cases in CASES.items():
        for params in cases:
            rows = run_query(store, name, params, extra)[1]
            got[f"{name} {params}"] = [{k: sorted(v) if isinstance(v, list) else v for k, v in row.items()} for row in rows]
    return got


# Each review's earliest due date, of its measures and of their status records (a tracker may move
# a measure's date, or give the only one), worked out from the graph as the derived graph keeps it.
EARLIEST_DUES = """SELECT ?id (MIN(?due) AS ?earliest) WHERE {
  ?review a scr:Review ; dcterms:identifier ?id . ?measure dcterms:isPartOf ?review .
  { ?measure scr:dueDate ?due } UNION { ?measure scr:statusRecord ?record . ?record scr:dueDate ?due }
} GROUP BY ?id"""


def assert_counts_right(store: GraphStore) -> None:
    counted = answers(store, reference=False)
    assert counted == answers(store, reference=True)
    assert any(counted.values())
    earliest = sorted((row["earliest"], row["id"]) for row in store.select(EARLIEST_DUES)[1])
    assert reviews_by_earliest_due(store) == earliest


def changed_records() -> list:
    """B moved to 2015 with a new theme on its finding; C given a year; A as it was."""
    b, c = copy.deepcopy(RECORDS[1]), copy.deepcopy(RECORDS[2])
    b["review"]["year_published"] = 2015
    b["findings"][0]["themes"] = ["THRESHOLDS", "RECORDS"]
    c["review"]["year_published"] = 2021
    return [check_record(r, "changed") for r in (b, c)]


@pytest.fixture(params=["oxigraph", "memory"])
def fixture_store(request, tmp_path):
    opened = build_fixture(tmp_path / "store", request.param)
    yield opened
    opened.close()


def test_counts_follow_loads_reloads_and_removals(fixture_store):
    assert_counts_right(fixture_store)
    fixture_store.load_records(changed_records())
    assert_counts_right(fixture_store)
    assert [r["first_year"] for r in run_query(fixture_store, "recurring-themes", {"from_year": 2021, "min_reviews": 1})[1]] == [2021]
    fixture_store.remove_review(C)
    assert_counts_right(fixture_store)
    fixture_store.remove_review(A)
    assert_counts_right(fixture_store)
    assert run_query(fixture_store, "recurring-themes", {})[1] == []


def test_review_counts_follow_action_plan_imports(fixture_store):
    def measures() -> dict[str, int]:
        return {row["review_id"]: row["measures"] for row in run_query(fixture_store, "reviews-in-period", {})[1]}

    with_tracker = measures()
    fixture_store.replace_graphs({}, drop=[actions_graph(C, "2021-01-31")])  # the import that added measure T1
    assert_counts_right(fixture_store)
    assert measures() == {**with_tracker, C: with_tracker[C] - 1}


def test_removing_the_review_without_a_year_takes_its_counts_away(fixture_store):
    fixture_store.remove_review(C)
    assert_counts_right(fixture_store)
    rows = run_query(fixture_store, "recurring-themes", {"min_reviews": 1})[1]
    assert C not in {review for row in rows for review in row["review_ids"]}


@pytest.mark.parametrize("path", ["bulk copy", "rebuild"])
def test_large_writes_keep_the_counts_right(tmp_path, monkeypatch, path):
    if path == "bulk copy":  # every write goes through a copy of the database and its bulk loader
        monkeypatch.setattr(store_module, "BULK_QUADS", 10)
    else:  # every write of reviews works all the counts out again
        monkeypatch.setattr(derived, "REBUILD_OVER", 0)
    opened = build_fixture(tmp_path / "store")
    try:
        assert_counts_right(opened)
        opened.load_records(changed_records())
        assert_counts_right(opened)
        opened.remove_review(B)
        assert_counts_right(opened)
    finally:
        opened.close()


def test_a_store_without_counts_gets_them_when_opened(tmp_path):
    opened = build_fixture(tmp_path / "store")
    before = answers(opened, reference=False)
    opened.replace_graphs({}, drop=[derived.DERIVED_GRAPH])  # as a store written before the counts were kept
    assert run_query(opened, "recurring-themes", {})[1] == []
    opened.close()
    reopened = GraphStore.open(tmp_path / "store")
    try:
        assert answers(reopened, reference=False) == before
        assert reopened.refresh_derived() is False  # up to date: nothing is worked out again
        assert_counts_right(reopened)
    finally:
        reopened.close()


def test_the_counts_stay_out_of_exports_checks_and_the_network_graph(fixture_store, tmp_path):
    from scrgraph.exporting import export_store
    from scrgraph.netgraph import store_to_networkx
    from scrgraph.shacl import validate_store

    export_store(fixture_store, "nquads", tmp_path / "all.nq")
    export_store(fixture_store, "turtle", tmp_path / "all.ttl")
    for name in ("all.nq", "all.ttl"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "/id/derived/" not in text and "testtown-scp-child-a" in text
    assert not [node for node in store_to_networkx(fixture_store) if "/derived/" in node]
    problems = validate_store(fixture_store)
    fixture_store.replace_graphs({}, drop=[derived.DERIVED_GRAPH])
    assert validate_store(fixture_store) == problems


def test_group_counts_follow_the_links_and_their_members_reviews(fixture_store):
    assert_counts_right(fixture_store)
    member_of_c = f"<https://w3id.org/scrgraph/id/review/{C}/recommendation/1> <{LINKS_GRAPH}> ."
    fewer = [line for line in link_quads() if not (" <https://w3id.org/scrgraph/ontology#member> " in line and member_of_c in line)]
    assert len(fewer) == len(link_quads()) - 1
    fixture_store.rewrite_graph(LINKS_GRAPH, fewer)  # a relink that leaves C:1 out of its group
    assert_counts_right(fixture_store)
    assert [row["members"] for row in run_query(fixture_store, "recurrence-groups", {})[1]][-1] == [f"{A}:2", f"{B}:2"]
    # An analyst's decision changed: the 0.95 link C:1-A:2 confirmed, which is now C:1's best score.
    fixture_store.rewrite_graph(LINKS_GRAPH, [line.replace('"rejected"', '"confirmed"') for line in link_quads()])
    assert_counts_right(fixture_store)
    assert [row["score"] for row in run_query(fixture_store, "repeated-recommendations", {})[1]][-1] == 0.95
    fixture_store.rewrite_graph(LINKS_GRAPH, link_quads())
    fixture_store.remove_review(B)  # without relinking: each group loses its member of B
    assert_counts_right(fixture_store)
    assert [row["reviews"] for row in run_query(fixture_store, "recurrence-groups", {"min_reviews": 1})[1]] == [1, 2]


# -- each status record's validity (until its measure's next record) ---------------------------

AS_OF_QUERIES = ["actions", "overdue-actions", "agencies-unresolved-actions", "actions-completed"]
# Before and after A2's tracker, between two of B1's, on the day of one, and after all.
AS_OF_DATES = ["2016-01-01", "2017-01-01", "2020-05-01", "2020-12-31", "2026-01-01"]


def as_of_answers(store: GraphStore, reference: bool) -> dict[str, list]:
    """The as-of queries' rows on each date, for the whole store, with the kept
    validity or (``reference``) with the rule checking every later record of the measure
    (tests/reference_queries/fragments/measure-state.rq); also scoped to reviews A and B while held."""
    extra = (REFERENCE,) if reference else ()
    period = {"from": "2010-01-01", "to": "2030-12-31"}
    got = {}
    scopes = [{}, *({"review": review} for review in (A, B) if review in store.review_ids())]
    for name in AS_OF_QUERIES:
        for day in AS_OF_DATES:
            for scope in scopes:
                params = {"as_of": day, **scope, **(period if name == "actions-completed" else {})}
                got[f"{name} {params}"] = run_query(store, name, params, extra)[1]
    return got


def assert_states_right(store: GraphStore) -> None:
    kept = as_of_answers(store, reference=False)
    assert kept == as_of_answers(store, reference=True)
    assert any(kept.values())


def b1_state_on(store: GraphStore, day: str) -> list[str]:
    """The state of review B's one action on ``day``, as ``actions`` scoped to the review gives it."""
    return [row["status_id"] for row in run_query(store, "actions", {"as_of": day, "review": B})[1] if row["action"] == "Criteria agreed."]


VALIDITY_COUNT = f"SELECT (COUNT(*) AS ?records) WHERE {{ GRAPH <{derived.DERIVED_GRAPH}> {{ ?record scr:validUntil ?until }} }}"


def check_validity_through_writes(store: GraphStore) -> None:
    """Trackers imported out of order, one re-imported with another status, one dropped, the review
    re-loaded and removed: after each, the state on each date is what checking every record gives
    (``store`` holds the fixture graph)."""
    store.replace_graphs({
        actions_graph(B, "2020-12-31"): tracker_quads(B, "2020-12-31", "B1", "in_progress", due="2021-03-31"),
        actions_graph(B, "2020-03-31"): tracker_quads(B, "2020-03-31", "B1", "in_progress"),
        actions_graph(A, "2016-06-30"): tracker_quads(A, "2016-06-30", "A2", "completed"),
    })
    assert_states_right(store)
    assert b1_state_on(store, "2020-10-01") == ["completed"]  # the tracker of 2020-09-30, not that of 2020-03-31
    store.replace_graphs({actions_graph(B, "2020-03-31"): tracker_quads(B, "2020-03-31", "B1", "completed")})
    assert_states_right(store)
    store.replace_graphs({}, drop=[actions_graph(B, "2020-09-30")])
    assert_states_right(store)
    assert b1_state_on(store, "2020-10-01") == ["completed"]  # now the tracker of 2020-03-31's
    store.load_records(changed_records())
    assert_states_right(store)
    kept = store.select(VALIDITY_COUNT)[1]
    store.refresh_derived(force=True)
    assert store.select(VALIDITY_COUNT)[1] == kept  # no record's validity was left behind or missed
    store.remove_review(B)
    assert_states_right(store)
    assert store.select(VALIDITY_COUNT)[1] == [{"records": 1}]  # A2's review record, until 2016-06-30


def test_each_record_is_valid_until_its_measures_next_record(fixture_store):
    check_validity_through_writes(fixture_store)

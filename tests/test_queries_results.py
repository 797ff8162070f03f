"""Every saved query on a small fixture graph whose answers were worked out by hand, on both stores.

The fixture (built by :func:`build_fixture`) has three reviews of Testtown:

- ``testtown-scp-child-a`` (2015): findings F1 (THRESHOLDS, la_csc) and F2 (RECORDS, police; no
  recommendation arises from it); recommendations 1 (lscp, THRESHOLDS, from F1) and 2 (police,
  INFO_SHARING); actions A1 (lscp, answers 1, completed, due 2016-03-31) and A2 (police, answers 2,
  in progress, due 2016-12-31).
- ``testtown-scp-child-b`` (2019): finding F1 (THRESHOLDS, la_csc); recommendations 1 (lscp,
  THRESHOLDS, from F1) and 2 (health_visiting, INFO_SHARING; no action); action B1 (lscp, answers 1,
  not started, due 2020-06-30), which a tracker of 2020-09-30 records as completed.
- ``testtown-scp-child-c`` (no year): finding F1 (THRESHOLDS, police); recommendation 1 (police,
  THRESHOLDS, from F1), which gets its first action T1 (police, in progress, due 2021-06-30) only
  from a tracker of 2021-01-31.

and two recurrence groups, as 'scrgraph link' writes them: ``testtown-scp-child-a-1`` "referral
criteria" (A:1, B:1; link score 0.8) and ``testtown-scp-child-a-2`` "information sharing" (A:2, B:2,
C:1; links A:2-B:2 0.7, B:2-C:1 0.6 confirmed, A:2-C:1 0.95 rejected).
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from scrgraph.errors import ScrgraphError
from scrgraph.mapping import DCT, RDF_TYPE, RDFS_LABEL, iri, scr, text, typed
from scrgraph.record import check_record
from scrgraph.saved_queries import run_query
from scrgraph.store import GraphStore
from scrgraph.vocab import ID, LINKS_GRAPH, actions_graph, agency_iri, item_iri, review_iri, status_iri
from tests.core_records import BASE

A, B, C = "testtown-scp-child-a", "testtown-scp-child-b", "testtown-scp-child-c"
D = dt.date


def _review(review_id: str, title: str, year: int | None, findings: list, recommendations: list, measures: list,
            agencies: list[str]) -> dict:
    data = copy.deepcopy(BASE)
    data["review"].update(id=review_id, title=title, subject=title.split(":")[0])
    for key in ("year_commissioned", "year_published"):
        data["review"].pop(key, None)
    if year is not None:
        data["review"]["year_published"] = year
    data["review"].pop("source", None)
    data["findings"] = findings
    data["recommendations"] = recommendations
    data["measures"] = measures
    data["agencies"] = [{"id": a} for a in agencies]
    return data


RECORDS = [
    _review(A, "Child A: a practice review", 2015,
            [{"ref": "F1", "text": "Referrals were made late.", "themes": ["THRESHOLDS"], "agencies": ["la_csc"]},
             {"ref": "F2", "text": "Police records were incomplete.", "themes": ["RECORDS"], "agencies": ["police"]}],
            [{"ref": "1", "text": "The partnership should publish referral criteria.", "themes": ["THRESHOLDS"],
              "addressees": ["lscp"], "findings": ["F1"]},
             {"ref": "2", "text": "Police should share information with health visitors.", "themes": ["INFO_SHARING"],
              "addressees": ["police"]}],
            [{"ref": "A1", "text": "Criteria published.", "agency": "lscp", "status": "completed", "due": "2016-03-31",
              "completed": "2016-02-01", "recommendations": ["1"]},
             {"ref": "A2", "text": "Information sharing protocol.", "agency": "police", "status": "in_progress",
              "due": "2016-12-31", "recommendations": ["2"]}],
            ["lscp", "police", "la_csc"]),
    _review(B, "Child B: a practice review", 2019,
            [{"ref": "F1", "text": "Nobody knew when to refer.", "themes": ["THRESHOLDS"], "agencies": ["la_csc"]}],
            [{"ref": "1", "text": "The partnership should agree clear referral criteria.", "themes": ["THRESHOLDS"],
              "addressees": ["lscp"], "findings": ["F1"]},
             {"ref": "2", "text": "Health visitors should share what they know with police.", "themes": ["INFO_SHARING"],
              "addressees": ["health_visiting"]}],
            [{"ref": "B1", "text": "Criteria agreed.", "agency": "lscp", "status": "not_started", "due": "2020-06-30",
              "recommendations": ["1"]}],
            ["lscp", "health_visiting"]),
    _review(C, "Child C: a practice review", None,
            [{"ref": "F1", "text": "Thresholds were misunderstood by the police.", "themes": ["THRESHOLDS"],
              "agencies": ["police"]}],
            [{"ref": "1", "text": "Police should train officers on referral thresholds.", "themes": ["THRESHOLDS"],
              "addressees": ["police"], "findings": ["F1"]}],
            [],
            ["police"]),
]


def tracker_quads(review_id: str, as_of: str, measure_ref: str, status: str, *, new: dict | None = None,
                   due: str | None = None) -> list[str]:
    """One dated status record of a tracker (and the measure itself, when the tracker created it)."""
    graph = f"<{actions_graph(review_id, as_of)}> .\n"
    measure = item_iri(review_id, "measure", measure_ref)
    state = f"{measure}/status/{as_of}"
    lines = []
    if new:
        lines += [
            f"{iri(measure)} {iri(RDF_TYPE)} {scr('Measure')} {graph}",
            f"{iri(measure)} {iri(DCT + 'isPartOf')} {iri(review_iri(review_id))} {graph}",
            f"{iri(measure)} {scr('text')} {text(new['text'])} {graph}",
            f"{iri(measure)} {scr('ref')} {text(measure_ref)} {graph}",
            f"{iri(measure)} {scr('answers')} {iri(item_iri(review_id, 'recommendation', new['rec']))} {graph}",
            f"{iri(measure)} {scr('responsibleAgency')} {iri(agency_iri(new['agency']))} {graph}",
        ]
    lines += [
        f"{iri(measure)} {scr('statusRecord')} {iri(state)} {graph}",
        f"{iri(state)} {iri(RDF_TYPE)} {scr('StatusRecord')} {graph}",
        f"{iri(state)} {scr('status')} {iri(status_iri(status))} {graph}",
        f"{iri(state)} {scr('asOf')} {typed(as_of, 'date')} {graph}",
    ]
    if due:
        lines.append(f"{iri(state)} {scr('dueDate')} {typed(due, 'date')} {graph}")
    return lines


GROUPS = {
    "testtown-scp-child-a-1": ("referral criteria", 2015, 2019, [(A, "1"), (B, "1")]),
    "testtown-scp-child-a-2": ("information sharing", 2015, 2019, [(A, "2"), (B, "2"), (C, "1")]),
}
LINKS = [((A, "1"), (B, "1"), "0.8000", "suggested"), ((A, "2"), (B, "2"), "0.7000", "suggested"),
         ((B, "2"), (C, "1"), "0.6000", "confirmed"), ((A, "2"), (C, "1"), "0.9500", "rejected")]


def link_quads() -> list[str]:
    """The links graph as 'scrgraph link' writes it (see scrgraph.linking.run.link_quads)."""
    graph = f"<{LINKS_GRAPH}> .\n"
    lines = []
    for number, (source, target, score, decision) in enumerate(LINKS):
        node = iri(f"{ID}link/test-{number}")
        lines += [f"{node} {iri(RDF_TYPE)} {scr('RecommendationLink')} {graph}",
                  f"{node} {scr('linkSource')} {iri(item_iri(source[0], 'recommendation', source[1]))} {graph}",
                  f"{node} {scr('linkTarget')} {iri(item_iri(target[0], 'recommendation', target[1]))} {graph}",
                  f"{node} {scr('score')} {typed(score, 'decimal')} {graph}",
                  f"{node} {scr('decision')} {text(decision)} {graph}",
                  f"{node} {scr('reason')} {text('shared theme')} {graph}"]
    for group_id, (label, first, last, members) in GROUPS.items():
        node = iri(f"{ID}group/{group_id}")
        lines += [f"{node} {iri(RDF_TYPE)} {scr('RecurrenceGroup')} {graph}",
                  f"{node} {iri(DCT + 'identifier')} {text(group_id)} {graph}",
                  f"{node} {iri(RDFS_LABEL)} {text(label)} {graph}",
                  f"{node} {scr('firstYear')} {typed(first, 'integer')} {graph}",
                  f"{node} {scr('lastYear')} {typed(last, 'integer')} {graph}"]
        lines += [f"{node} {scr('member')} {iri(item_iri(r, 'recommendation', ref))} {graph}" for r, ref in members]
    return lines


def build_fixture(path: Path | None, backend: str = "oxigraph") -> GraphStore:
    """Open a new store at ``path`` holding the fixture graph (the caller closes it)."""
    store = GraphStore.open(path, create=True, backend=backend)
    fill_fixture(store)
    return store


def fill_fixture(store: Any) -> None:
    """Write the fixture graph into an empty store of any kind (a local one or a server)."""
    store.load_records([check_record(r, "fixture") for r in RECORDS])
    store.replace_graphs({
        actions_graph(B, "2020-09-30"): tracker_quads(B, "2020-09-30", "B1", "completed"),
        actions_graph(C, "2021-01-31"): tracker_quads(C, "2021-01-31", "T1", "in_progress", due="2021-06-30",
                                                       new={"text": "Threshold training.", "rec": "1", "agency": "police"}),
        LINKS_GRAPH: link_quads(),
    })


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def store(request, tmp_path_factory):
    """The fixture graph on each store backend."""
    opened = build_fixture(tmp_path_factory.mktemp("fixture") / "store", request.param)
    yield opened
    opened.close()


def run(store: GraphStore, name: str, **params) -> list[dict]:
    """The rows of a saved query."""
    return run_query(store, name, params)[1]


def pick(rows: list[dict], *columns: str) -> list[tuple]:
    """Some columns of each row, as tuples."""
    return [tuple(row[c] for c in columns) for row in rows]


# -- recurring recommendations --------------------------------------------------------------------


def test_repeated_recommendations_one_row_per_member_with_best_unrejected_score(store):
    rows = run(store, "repeated-recommendations")
    assert pick(rows, "group", "review", "ref", "score") == [
        ("testtown-scp-child-a-1", A, "1", 0.8), ("testtown-scp-child-a-1", B, "1", 0.8),
        # C:1's 0.95 link to A:2 was rejected, so its best is the confirmed 0.6 and A:2's is 0.7.
        ("testtown-scp-child-a-2", A, "2", 0.7), ("testtown-scp-child-a-2", B, "2", 0.7),
        ("testtown-scp-child-a-2", C, "1", 0.6),
    ]
    first = rows[0]
    assert first == {"group": "testtown-scp-child-a-1", "label": "referral criteria", "reviews": 2, "first_year": 2015,
                     "last_year": 2019, "review": A, "review_title": "Child A: a practice review", "year": 2015, "ref": "1",
                     "text": "The partnership should publish referral criteria.", "agencies": ["lscp"], "score": 0.8}
    assert rows[-1]["year"] is None and rows[-1]["agencies"] == ["police"]


def test_repeated_recommendations_filters(store):
    def groups(**params):
        return sorted({r["group"] for r in run(store, "repeated-recommendations", **params)})

    assert groups(min_reviews=3) == ["testtown-scp-child-a-2"]
    assert groups(review=C) == ["testtown-scp-child-a-2"]
    assert groups(agency="health_visiting") == ["testtown-scp-child-a-2"]
    assert groups(agency="lscp") == ["testtown-scp-child-a-1"]
    assert groups(group="testtown-scp-child-a-1") == ["testtown-scp-child-a-1"]
    assert groups(contains="CRITERIA") == ["testtown-scp-child-a-1"]
    assert groups(contains="train officers") == ["testtown-scp-child-a-2"]
    assert groups(contains="no such words") == []


def test_repeated_recommendations_groups_a_review_joined_in_the_period_or_of_the_board(store):
    def groups(**params):
        return sorted({r["group"] for r in run(store, "repeated-recommendations", **params)})

    both = ["testtown-scp-child-a-1", "testtown-scp-child-a-2"]
    assert groups(**{"from": "2019-01-01", "to": "2019-12-31"}) == both  # review B (2019) is in both
    assert groups(**{"from": "2016-01-01", "to": "2018-12-31"}) == []  # nobody joined then (C has no year)
    assert groups(**{"to": "2014-12-31"}) == []
    assert groups(board="testtown safeguarding children partnership") == both
    assert groups(board="Elsewhere Partnership") == []


def test_recurrence_groups(store):
    rows = run(store, "recurrence-groups")
    assert rows == [
        {"group": "testtown-scp-child-a-1", "label": "referral criteria", "reviews": 2, "recommendations": 2,
         "first_year": 2015, "last_year": 2019, "years": 4, "agencies": ["lscp"], "members": [f"{A}:1", f"{B}:1"]},
        {"group": "testtown-scp-child-a-2", "label": "information sharing", "reviews": 3, "recommendations": 3,
         "first_year": 2015, "last_year": 2019, "years": 4, "agencies": ["health_visiting", "police"],
         "members": [f"{A}:2", f"{B}:2", f"{C}:1"]},
    ]
    assert [r["group"] for r in run(store, "recurrence-groups", min_reviews=3)] == ["testtown-scp-child-a-2"]
    assert [r["group"] for r in run(store, "recurrence-groups", agency="lscp")] == ["testtown-scp-child-a-1"]


# -- themes ---------------------------------------------------------------------------------------


def test_recurring_themes_counts_reviews_and_ignores_a_missing_year(store):
    rows = run(store, "recurring-themes")
    assert pick(rows, "theme", "reviews", "findings", "recommendations", "first_year", "last_year", "review_ids") == [
        ("THRESHOLDS", 3, 3, 3, 2015, 2019, [A, B, C]),
        ("INFO_SHARING", 2, 0, 2, 2015, 2019, [A, B]),
    ]
    assert rows[0]["theme_label"].startswith("Thresholds")
    # From 2016 only review B counts (A is 2015; C has no year), so nothing is in two reviews.
    assert run(store, "recurring-themes", from_year=2016) == []
    assert pick(run(store, "recurring-themes", from_year="2016", min_reviews="1"), "theme", "reviews") == [
        ("INFO_SHARING", 1), ("THRESHOLDS", 1)]


def test_themes_by_year(store):
    rows = run(store, "themes-by-year")
    assert pick(rows, "year", "theme", "reviews", "findings", "recommendations") == [
        (2015, "INFO_SHARING", 1, 0, 1), (2015, "RECORDS", 1, 1, 0), (2015, "THRESHOLDS", 1, 1, 1),
        (2019, "INFO_SHARING", 1, 0, 1), (2019, "THRESHOLDS", 1, 1, 1),
    ]
    assert pick(run(store, "themes-by-year", theme="THRESHOLDS", to_year=2018), "year", "theme") == [(2015, "THRESHOLDS")]


# -- actions --------------------------------------------------------------------------------------


def test_overdue_actions_appear_only_after_their_due_date(store):
    assert pick(run(store, "overdue-actions", as_of="2016-12-31"), "action") == []
    assert pick(run(store, "overdue-actions", as_of="2017-01-01"), "review", "action") == [(A, "Information sharing protocol.")]
    rows = run(store, "overdue-actions", as_of="2020-07-01")
    assert rows == [
        {"review": A, "recommendations": ["2"], "agency": "police", "action": "Information sharing protocol.",
         "status_id": "in_progress", "due": D(2016, 12, 31), "recorded": None},
        {"review": B, "recommendations": ["1"], "agency": "lscp", "action": "Criteria agreed.",
         "status_id": "not_started", "due": D(2020, 6, 30), "recorded": None},
    ]
    # The tracker of 2020-09-30 records B1 as completed.
    assert pick(run(store, "overdue-actions", as_of="2020-10-01"), "action") == [("Information sharing protocol.",)]
    assert pick(run(store, "overdue-actions", as_of="2020-07-01", agency="lscp"), "action") == [("Criteria agreed.",)]
    assert pick(run(store, "overdue-actions", as_of="2020-07-01", review=A), "action") == [("Information sharing protocol.",)]


def test_agencies_unresolved_actions(store):
    rows = run(store, "agencies-unresolved-actions", as_of="2020-07-01")
    assert pick(rows, "agency", "unresolved", "overdue", "no_action", "oldest_due", "reviews", "review_ids") == [
        ("police", 2, 1, 1, D(2016, 12, 31), 2, [A, C]),      # A2 overdue; C:1 has no action yet
        ("health_visiting", 1, 0, 1, None, 1, [B]),          # B:2 has no action
        ("lscp", 1, 1, 0, D(2020, 6, 30), 1, [B]),           # B1 overdue (A1 completed)
    ]
    assert rows[0]["agency_label"].startswith("Police")
    later = run(store, "agencies-unresolved-actions", as_of="2021-02-01")
    # B1 completed by the 2020-09-30 tracker; C:1 answered by T1 from the 2021-01-31 tracker.
    assert pick(later, "agency", "unresolved", "overdue", "no_action", "oldest_due") == [
        ("police", 2, 1, 0, D(2016, 12, 31)), ("health_visiting", 1, 0, 1, None)]
    assert pick(run(store, "agencies-unresolved-actions", as_of="2020-07-01", review=B), "agency", "unresolved") == [
        ("health_visiting", 1), ("lscp", 1)]


def test_recommendations_without_actions(store):
    rows = run(store, "recommendations-without-actions", as_of="2020-07-01")
    assert pick(rows, "review", "ref", "agencies") == [(B, "2", ["health_visiting"]), (C, "1", ["police"])]
    assert rows[1]["year"] is None and rows[0]["review_title"] == "Child B: a practice review"
    # C:1 gets an action from the tracker of 2021-01-31.
    assert pick(run(store, "recommendations-without-actions", as_of="2021-02-01"), "review", "ref") == [(B, "2")]
    assert pick(run(store, "recommendations-without-actions", as_of="2020-07-01", agency="police"), "ref") == [("1",)]
    assert pick(run(store, "recommendations-without-actions", as_of="2020-07-01", review=B), "ref") == [("2",)]


def test_findings_without_recommendations(store):
    assert run(store, "findings-without-recommendations") == [
        {"review": A, "review_title": "Child A: a practice review", "year": 2015, "ref": "F2", "heading": None,
         "text": "Police records were incomplete.", "themes": ["RECORDS"], "agencies": ["police"]}]
    assert run(store, "findings-without-recommendations", theme="THRESHOLDS") == []
    assert len(run(store, "findings-without-recommendations", agency="police", review=A)) == 1


# -- one agency, one review, the matrix -------------------------------------------------------------


def test_agency_profile(store):
    rows = run(store, "agency-profile", agency="police", as_of="2020-07-01")
    assert pick(rows, "review", "kind", "ref", "status_id", "due", "unresolved", "overdue") == [
        (A, "review", None, None, None, None, None),
        (A, "finding", "F2", None, None, None, None),
        (A, "recommendation", "2", None, None, None, None),
        (A, "action", "A2", "in_progress", D(2016, 12, 31), True, True),
        (C, "review", None, None, None, None, None),
        (C, "finding", "F1", None, None, None, None),
        (C, "recommendation", "1", "none", None, True, None),   # no action of the police yet
    ]
    later = run(store, "agency-profile", agency="police", as_of="2021-02-01")
    assert pick(later, "review", "kind", "ref", "status_id", "unresolved")[-2:] == [
        (C, "recommendation", "1", None, None), (C, "action", "T1", "in_progress", True)]


def test_review_summary_is_a_tree(store):
    rows = run(store, "review-summary", review=A, as_of="2020-07-01")
    assert pick(rows, "depth", "node", "parent", "agencies", "themes", "status_id", "unresolved") == [
        (0, f"review:{A}", None, ["la_csc", "lscp", "police"], [], None, None),
        (1, "finding:F1", f"review:{A}", ["la_csc"], ["THRESHOLDS"], None, None),
        (1, "finding:F2", f"review:{A}", ["police"], ["RECORDS"], None, None),
        (2, "recommendation:1", "finding:F1", ["lscp"], ["THRESHOLDS"], None, None),
        (2, "recommendation:2", f"review:{A}", ["police"], ["INFO_SHARING"], None, None),
        (3, "action:A1", "recommendation:1", ["lscp"], [], "completed", False),
        (3, "action:A2", "recommendation:2", ["police"], [], "in_progress", True),
    ]
    assert rows[0]["text"] == "Child A: a practice review" and rows[0]["kind"] == "review"
    assert pick(run(store, "review-summary", review=C, as_of="2020-07-01"), "node") == [
        (f"review:{C}",), ("finding:F1",), ("recommendation:1",)]
    assert pick(run(store, "review-summary", review=C, as_of="2021-02-01"), "node", "parent")[-1] == (
        "action:T1", "recommendation:1")


def test_agency_review_matrix(store):
    rows = run(store, "agency-review-matrix")
    got = {(r["agency"], r["review"]): (r["findings"], r["recommendations"], r["actions"]) for r in rows}
    assert got == {
        ("la_csc", A): (1, 0, 0), ("la_csc", B): (1, 0, 0),
        ("lscp", A): (0, 1, 1), ("lscp", B): (0, 1, 1),
        ("police", A): (1, 1, 1), ("police", C): (1, 1, 1),
        ("health_visiting", B): (0, 1, 0),
    }
    assert [(r["review"], r["agency"]) for r in rows][:4] == [(A, "la_csc"), (A, "lscp"), (A, "police"), (B, "health_visiting")]
    assert [r["review"] for r in run(store, "agency-review-matrix", agency="police")] == [A, C]
    assert {r["agency"] for r in run(store, "agency-review-matrix", review=B)} == {"health_visiting", "la_csc", "lscp"}


def test_actions_query_keeps_its_rows(store):
    rows = run(store, "actions", as_of="2020-07-01", show="overdue")
    assert pick(rows, "review_id", "rec", "action") == [(A, "2", "Information sharing protocol."), (B, "1", "Criteria agreed.")]


def test_one_id_is_checked_without_listing_them_all(store):
    from scrgraph.saved_queries import store_lookup

    lookup = store_lookup(store)
    assert lookup.contains("review", A) and not lookup.contains("review", "testtown-scp-child-z")
    assert lookup.contains("agency", "police") and not lookup.contains("agency", "ministry")
    assert lookup.contains("theme", "INFO_SHARING") and not lookup.contains("theme", "NOPE")
    assert not lookup.contains("agency", "<bad id>")
    # An id that is not there still gets the sentence that lists the ones that are.
    with pytest.raises(ScrgraphError, match="is not a review id or title in the store"):
        run(store, "review-summary", review="testtown-scp-child-z")

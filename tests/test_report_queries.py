"""The saved queries the report added (reviews-in-period, actions-completed, review-themes) on two small
reviews whose answers were worked out by hand, and the report those reviews give."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scrgraph.saved_queries import run_query
from scrgraph.store import GraphStore
from tests.core_records import record, write
from tests.test_report_formats import run_cli

T, U = "testtown-scp-child-t", "othertown-scp-child-u"
CHILD_U = {
    "review.id": U, "review.title": "Child U: another review", "review.board": "Othertown Safeguarding Children Partnership",
    "review.board_short": "Othertown SCP", "review.year_commissioned": 2022, "review.year_published": 2023,
    "review.subject": "Child U",
    "findings": [{"ref": "F1", "text": "Neglect was not recognised and records were thin.", "themes": ["NEGLECT", "RECORDS"],
                  "agencies": ["la_csc"]}],
    "recommendations": [
        {"ref": "1", "text": "Social workers should use the neglect toolkit.", "themes": ["NEGLECT"], "addressees": ["la_csc"]},
        {"ref": "2", "text": "Social workers should keep a chronology.", "addressees": ["la_csc"]},
        {"ref": "3", "text": "Schools should refer neglect early.", "addressees": ["school"]},
    ],
    "measures": [
        {"ref": "B1", "text": "Neglect toolkit launched.", "agency": "la_csc", "status": "completed_embedded",
         "due": "2023-06-30", "completed": "2023-05-01", "evidence": "Toolkit used in 8 of 10 neglect cases.",
         "recommendations": ["2", "1"]},
        {"ref": "B2", "text": "Chronology audit.", "agency": "la_csc", "status": "completed", "due": "2023-12-31",
         "completed": "2023-11-30", "recommendations": ["2"]},
        {"ref": "B3", "text": "Chronology training.", "agency": "la_csc", "status": "in_progress", "due": "2023-09-30",
         "recommendations": ["2"]},
    ],
    "agencies": [{"id": "la_csc", "as_written": ["children's social care"]}, {"id": "school", "as_written": ["schools"]}],
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """Child T (Testtown, 2021) and Child U (Othertown, 2023)."""
    base = tmp_path_factory.mktemp("small")
    folder = base / "records"
    folder.mkdir()
    write(folder / "t.yaml", record())
    write(folder / "u.yaml", record(**CHILD_U))
    result = run_cli("load", folder, "--store", base / "store", "-q")
    assert result.exit_code == 0, result.stderr
    return base / "store"


def rows(store: Path, name: str, **params):
    with GraphStore.open(store) as opened:
        return run_query(opened, name, params)[1]


def test_reviews_in_period(store):
    every = rows(store, "reviews-in-period")
    assert [(r["review_id"], r["year"], r["findings"], r["recommendations"], r["measures"]) for r in every] == [
        (T, 2021, 1, 2, 2), (U, 2023, 1, 3, 3)]
    assert every[1] | {} == {
        "review_id": U, "title": "Child U: another review", "type": "CSPR", "subject": "Child U",
        "board_name": "Othertown Safeguarding Children Partnership", "board_short": "Othertown SCP", "year": 2023,
        "year_commissioned": 2022, "year_completed": None, "year_published": 2023, "published": "2023",
        "published_from": dt.date(2023, 1, 1), "published_to": dt.date(2023, 12, 31), "findings": 1, "recommendations": 3,
        "measures": 3}
    ids = lambda **p: [r["review_id"] for r in rows(store, "reviews-in-period", **p)]  # noqa: E731
    assert ids(board="othertown scp") == [U]
    assert ids(board="OTHERTOWN SAFEGUARDING CHILDREN PARTNERSHIP") == [U]
    assert ids(board="testtown-safeguarding-children-partnership") == [T]
    assert ids(board="Nowhere") == []
    assert ids(from_year=2022) == [U] and ids(to_year=2022) == [T] and ids(from_year=2021, to_year=2023) == [T, U]
    assert ids(from_year=2024) == []
    # By date: a review known only by its year is in a period only when the period holds the whole year.
    assert ids(**{"from": "2023-01-01", "to": "2023-12-31"}) == [U]
    assert ids(**{"from": "2023-04-01", "to": "2024-03-31"}) == [] and ids(to="2023-12-30") == [T]


def test_actions_completed(store):
    in_2023 = rows(store, "actions-completed", **{"from": "2023-01-01", "to": "2023-12-31", "as_of": "2024-01-01"})
    assert in_2023 == [
        {"review_id": U, "recs": ["1", "2"], "agency_id": "la_csc", "action": "Neglect toolkit launched.",
         "status_id": "completed_embedded", "completed": dt.date(2023, 5, 1), "evidence": "Toolkit used in 8 of 10 neglect cases."},
        {"review_id": U, "recs": ["2"], "agency_id": "la_csc", "action": "Chronology audit.", "status_id": "completed",
         "completed": dt.date(2023, 11, 30), "evidence": None},
    ]
    first_half = rows(store, "actions-completed", **{"from": "2023-01-01", "to": "2023-06-30", "as_of": "2024-01-01"})
    assert [r["action"] for r in first_half] == ["Neglect toolkit launched."]
    in_2022 = rows(store, "actions-completed", **{"from": "2022-01-01", "to": "2022-12-31", "review": T})
    assert [(r["review_id"], r["recs"], r["action"], r["evidence"]) for r in in_2022] == [
        (T, ["1"], "Referral criteria published.", "Audit of referrals.")]
    assert rows(store, "actions-completed", **{"from": "2022-01-01", "to": "2022-12-31", "review": U}) == []


def test_review_themes(store):
    every = rows(store, "review-themes")
    assert [(r["review_id"], r["year"], r["theme"], r["findings"], r["recommendations"]) for r in every] == [
        (T, 2021, "THRESHOLDS", 1, 1), (U, 2023, "NEGLECT", 1, 1), (U, 2023, "RECORDS", 1, 0)]
    assert {r["theme_label"] for r in every if r["theme"] == "NEGLECT"} == {"Neglect & cumulative harm"}
    assert [r["theme"] for r in rows(store, "review-themes", board="Othertown SCP")] == ["NEGLECT", "RECORDS"]
    assert [r["review_id"] for r in rows(store, "review-themes", to_year=2022)] == [T]
    # The same counts as themes-by-year, review by review.
    by_year = rows(store, "themes-by-year")
    assert [(r["year"], r["theme"], r["findings"], r["recommendations"]) for r in by_year] == [
        (r["year"], r["theme"], r["findings"], r["recommendations"]) for r in every]


def test_themes_by_year_for_one_board(store):
    # Worked by hand: Child U (Othertown SCP, 2023) has finding F1 (NEGLECT, RECORDS) and
    # recommendation 1 (NEGLECT); Child T (Testtown, 2021) has F1 and recommendation 1 (THRESHOLDS).
    def counts(**params):
        return [(r["year"], r["theme"], r["reviews"], r["findings"], r["recommendations"])
                for r in rows(store, "themes-by-year", **params)]

    assert counts(board="Othertown SCP") == [(2023, "NEGLECT", 1, 1, 1), (2023, "RECORDS", 1, 1, 0)]
    assert counts(board="othertown safeguarding children partnership") == counts(board="Othertown SCP")
    assert counts(board="TESTTOWN SAFEGUARDING CHILDREN PARTNERSHIP") == [(2021, "THRESHOLDS", 1, 1, 1)]
    assert counts(board="testtown-safeguarding-children-partnership", theme="THRESHOLDS") == [(2021, "THRESHOLDS", 1, 1, 1)]
    assert counts(board="Nowhere") == []
    assert counts() == [(2021, "THRESHOLDS", 1, 1, 1), (2023, "NEGLECT", 1, 1, 1), (2023, "RECORDS", 1, 1, 0)]


def agencies(store, **params):
    return [(r["agency"], r["unresolved"], r["overdue"], r["no_action"], r["oldest_due"], r["review_ids"])
            for r in rows(store, "agencies-unresolved-actions", **params)]


def test_agencies_unresolved_actions_for_one_board(store):
    # Worked by hand for 31 December 2023. Child T (Testtown): A1 (lscp) completed 2022-02-01;
    # A2 (police) in progress, due 2022-12-31, so overdue. Child U (Othertown SCP): B1 and B2 (la_csc)
    # completed 2023-05-01 and 2023-11-30; B3 (la_csc) in progress, due 2023-09-30, so overdue;
    # recommendation 3 to schools has no action.
    day = "2023-12-31"
    othertown = [("la_csc", 1, 1, 0, dt.date(2023, 9, 30), [U]), ("school", 1, 0, 1, None, [U])]
    assert agencies(store, as_of=day, board="Othertown SCP") == othertown
    assert agencies(store, as_of=day, board="OTHERTOWN SAFEGUARDING CHILDREN PARTNERSHIP") == othertown
    assert agencies(store, as_of=day, board="testtown-safeguarding-children-partnership") == [
        ("police", 1, 1, 0, dt.date(2022, 12, 31), [T])]
    assert agencies(store, as_of=day, board="Nowhere") == []
    assert agencies(store, as_of=day) == [("la_csc", 1, 1, 0, dt.date(2023, 9, 30), [U]),
                                          ("police", 1, 1, 0, dt.date(2022, 12, 31), [T]),
                                          ("school", 1, 0, 1, None, [U])]
    assert agencies(store, as_of=day, board="Othertown SCP", review=T) == []


def test_a_completion_after_the_date_is_still_open_on_it(store):
    # On 15 November 2023 B2 (completed 2023-11-30, due 2023-12-31) was not yet done: it is open,
    # not overdue; B3 is open and overdue; B1 (completed 2023-05-01) is done.
    assert agencies(store, as_of="2023-11-15", board="Othertown SCP") == [
        ("la_csc", 2, 1, 0, dt.date(2023, 9, 30), [U]), ("school", 1, 0, 1, None, [U])]
    done = rows(store, "actions-completed", **{"from": "2023-01-01", "to": "2023-12-31", "as_of": "2023-11-15"})
    assert [r["action"] for r in done] == ["Neglect toolkit launched."]
    listed = {r["action"]: (r["status_id"], r["completed"], r["overdue"])
              for r in rows(store, "actions", review=U, as_of="2023-11-15")}
    assert listed["Chronology audit."] == ("unknown", None, False)
    assert listed["Neglect toolkit launched."] == ("completed_embedded", dt.date(2023, 5, 1), False)


def test_report_of_the_small_reviews(store, tmp_path):
    out = tmp_path / "othertown.md"
    result = run_cli("report", "--from", "2023-01-01", "--to", "2023-12-31", "--board", "Othertown SCP", "-o", out,
                     "--store", store)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert ("- 1 review by Othertown Safeguarding Children Partnership was published between 1 January 2023 and "
            "31 December 2023: Child U (2023).") in text
    assert "| Child U: another review | Child U | Child safeguarding practice review | 2022 | 2023 | 3 | " \
           "3 actions: 2 completed, 1 open (1 overdue); 1 of 3 recommendations has no action |" in text
    assert ("2 actions were completed between 1 January 2023 and 31 December 2023; 1 records evidence of the "
            "difference made and 1 does not.") in text
    assert "| Child U | 1, 2 | Children's social care | Neglect toolkit launched. | 1 May 2023 | Toolkit used in 8 of 10 neglect cases. |" in text
    gap = text.split("### Completed actions with no evidence of impact")[1]
    assert "This is a gap: 1 action was completed in the period but nothing records whether it made a difference" in gap
    assert "| Child U | 2 | Children's social care | Chronology audit. | 30 Nov 2023 |" in gap
    assert "1 of 3 recommendations from the Child U review has no recorded action." in text
    assert "| Child U | 2023 | 3 | Schools should refer neglect early. | Schools |" in text
    # On 31 December 2023: chronology training (due 30 September) is open and overdue; schools have no action.
    assert "On 31 December 2023, 2 agencies had 2 unresolved items between them, including 1 overdue action and " \
           "1 recommendation with no action of the agency's own." in text
    assert "| Children's social care | 1 | 1 | 0 | 30 Sep 2023 | Child U |" in text
    assert "| Schools | 1 | 0 | 1 |   | Child U |" in text
    assert "Child T" not in text


TWIN_CASES = [
    ("reviews-in-period", {}), ("reviews-in-period", {"board": "othertown scp"}),
    ("reviews-in-period", {"board": "testtown-safeguarding-children-partnership", "to_year": 2022}),
    ("reviews-in-period", {"from_year": 2022, "to_year": 2023}),
    ("actions-completed", {"from": "2023-01-01", "to": "2023-12-31", "as_of": "2024-01-01"}),
    ("actions-completed", {"from": "2022-01-01", "to": "2022-12-31", "review": T}),
    ("review-themes", {}), ("review-themes", {"board": "Othertown SCP"}), ("review-themes", {"to_year": 2022}),
    ("themes-by-year", {"board": "Othertown SCP"}), ("themes-by-year", {"board": "testtown-safeguarding-children-partnership"}),
    ("themes-by-year", {"board": "Nowhere"}),
    ("agencies-unresolved-actions", {"as_of": "2023-12-31", "board": "othertown scp"}),
    ("agencies-unresolved-actions", {"as_of": "2023-11-15", "board": "Othertown Safeguarding Children Partnership"}),
    ("agencies-unresolved-actions", {"as_of": "2023-12-31", "board": "testtown-safeguarding-children-partnership"}),
    ("actions", {"as_of": "2023-11-15", "review": U}),
    ("actions-completed", {"from": "2023-01-01", "to": "2023-12-31", "as_of": "2023-11-15"}),
]


@pytest.mark.neo4j
def test_cypher_twins_give_the_same_rows(store, neo4j_db):
    from scrgraph.saved_queries import run_cypher_query

    result = run_cli("neo4j", "push", "--store", store, "-q")
    assert result.exit_code == 0, result.stderr
    for name, params in TWIN_CASES:
        expected = rows(store, name, **params)
        got = run_cypher_query(neo4j_db.settings(), name, params)[1]
        assert got == expected, (name, params)

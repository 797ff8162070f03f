"""The action-state rule fragment (queries/fragments/measure-state.rq) on both store backends."""

from __future__ import annotations

import datetime as dt

import pytest

from scrgraph.mapping import iri, scr, text, typed
from scrgraph.record import check_record
from scrgraph.resources import bundle
from scrgraph.store import GraphStore
from scrgraph.vocab import actions_graph, item_iri, status_iri
from tests.core_records import BASE

REVIEW = BASE["review"]["id"]
QUERY = """
SELECT ?as_of ?ref ?statusId ?due ?completed ?unresolved ?overdue WHERE {
  ?measure a scr:Measure ; scr:ref ?ref .
#include measure-state
} ORDER BY ?ref
"""


def expand(query: str) -> str:
    """Paste the fragment in place of its include line (the real mechanism is in saved_queries)."""
    fragment = bundle("queries").joinpath("fragments", "measure-state.rq").read_text(encoding="utf-8")
    return query.replace("#include measure-state", fragment)


def tracker_record(measure_ref: str, as_of: str, status: str, due: str | None = None) -> list[str]:
    """The quads of one tracker status record for a record measure."""
    measure = item_iri(REVIEW, "measure", measure_ref)
    state = f"{measure}/status/{as_of}"
    graph = f"<{actions_graph(REVIEW, as_of)}> .\n"
    lines = [
        f"{iri(measure)} {scr('statusRecord')} {iri(state)} {graph}",
        f"{iri(state)} {scr('status')} {iri(status_iri(status))} {graph}",
        f"{iri(state)} {scr('asOf')} {typed(as_of, 'date')} {graph}",
        f"{iri(state)} {scr('statusLabel')} {text(status)} {graph}",
    ]
    if due:
        lines.append(f"{iri(state)} {scr('dueDate')} {typed(due, 'date')} {graph}")
    return lines


@pytest.fixture(params=["oxigraph", "memory"])
def store(request, tmp_path):
    """A store on each backend holding the core record and two dated tracker imports."""
    with GraphStore.open(tmp_path / "store", create=True, backend=request.param) as opened:
        opened.load_records([check_record(BASE, "test")])
        opened.replace_graphs({
            actions_graph(REVIEW, "2022-06-30"): tracker_record("A1", "2022-06-30", "completed_embedded")
            + tracker_record("A2", "2022-06-30", "not_started", due="2022-09-30"),
            actions_graph(REVIEW, "2023-01-31"): tracker_record("A2", "2023-01-31", "completed"),
        })
        yield opened


def states(store: GraphStore, as_of: str) -> dict[str, tuple]:
    """ref -> (status id, due, unresolved, overdue) on one date."""
    _, rows = store.select(expand(QUERY), {"as_of": dt.date.fromisoformat(as_of)})
    return {r["ref"]: (r["statusId"], r["due"], r["unresolved"], r["overdue"]) for r in rows}


def test_before_any_tracker_the_review_state_holds(store):
    got = states(store, "2022-02-15")  # after A1's completion date (2022-02-01), before any tracker
    assert got["A1"] == ("completed", dt.date(2022, 3, 31), False, False)
    assert got["A2"] == ("in_progress", dt.date(2022, 12, 31), True, False)


def completion(store: GraphStore, as_of: str) -> dict[str, tuple]:
    """ref -> (status id, unresolved, completed, evidence) on one date."""
    _, rows = store.select(expand(QUERY.replace("?overdue WHERE", "?overdue ?evidence WHERE")),
                           {"as_of": dt.date.fromisoformat(as_of)})
    return {r["ref"]: (r["statusId"], r["unresolved"], r["completed"], r["evidence"]) for r in rows}


def test_a_completion_dated_after_the_date_does_not_count_yet(store):
    # The review's own (undated) record says A1 was completed on 2022-02-01 (due 2022-03-31, with
    # evidence). Worked by hand: on 2022-01-31 it was not yet completed, so it is "unknown" and
    # unresolved, with no completion date or evidence, and not overdue (due date not passed); from
    # 2022-02-01 (the completion day itself) it is completed; A2 (no completion date) is unaffected.
    assert completion(store, "2022-01-31")["A1"] == ("unknown", True, None, None)
    assert states(store, "2022-01-31")["A1"] == ("unknown", dt.date(2022, 3, 31), True, False)
    assert completion(store, "2022-02-01")["A1"] == ("completed", False, dt.date(2022, 2, 1), "Audit of referrals.")
    assert completion(store, "2022-01-31")["A2"] == ("in_progress", True, None, None)


def test_latest_tracker_on_or_before_the_date_wins_and_its_due_date_counts(store):
    got = states(store, "2022-10-01")
    assert got["A1"][0] == "completed_embedded"
    assert got["A2"] == ("not_started", dt.date(2022, 9, 30), True, True)


def test_later_tracker_resolves_and_the_earlier_state_is_kept(store):
    assert states(store, "2023-02-01")["A2"][:1] + states(store, "2023-02-01")["A2"][2:] == ("completed", False, False)
    assert states(store, "2022-12-31")["A2"][0] == "not_started"


def test_one_row_per_measure(store):
    _, rows = store.select(expand(QUERY), {"as_of": dt.date(2024, 1, 1)})
    assert sorted(r["ref"] for r in rows) == ["A1", "A2"]

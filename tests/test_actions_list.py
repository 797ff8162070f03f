"""`scrgraph actions list`: the saved query 'actions' with the action-state rule."""

from __future__ import annotations

import json

import pytest

from tests.test_actions_import import REVIEW, first_tracker, later_tracker, loaded  # noqa: F401

pytest.importorskip("scrgraph.saved_queries")


@pytest.fixture
def tracked(cli, loaded, tmp_path):
    """The test review with its March and September 2024 trackers imported."""
    for path, as_of in ((first_tracker(tmp_path / "plan.xlsx"), "2024-03-31"), (later_tracker(tmp_path / "later.csv"), "2024-09-30")):
        assert cli("actions", "import", path, "--review", REVIEW, "--as-of", as_of, "--store", loaded).exit_code == 0
    return loaded


def rows(cli, store, *args: str) -> list[dict]:
    """The list command's rows as JSON."""
    result = cli("actions", "list", "--store", store, "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_open_and_done_on_two_dates(cli, tracked):
    march = {r["action"]: r for r in rows(cli, tracked, "--status", "open", "--as-of", "2024-04-01")}
    assert "Police attend strategy meetings" in march and "Joint strategy discussion protocol" not in march
    october = {r["action"] for r in rows(cli, tracked, "--status", "done", "--as-of", "2024-10-01")}
    assert {"Police attend strategy meetings", "Annual referral audit"} <= october


def test_overdue_by_agency_and_unanswered_recommendations(cli, tracked):
    overdue = rows(cli, tracked, "--status", "overdue", "--agency", "lscp", "--as-of", "2024-10-01")
    assert [r["action"] for r in overdue] == ["Referral audit tool"]
    before = rows(cli, tracked, "--review", REVIEW, "--agency", "police", "--as-of", "2023-01-01")
    assert {(r["rec"], r["action"]) for r in before} == {("4.1", "(no action)"), ("4.2", "Information sharing protocol agreed.")}


def test_bad_status_is_refused(cli, tracked):
    result = cli("actions", "list", "--store", tracked, "--status", "late")
    assert result.exit_code == 1 and "open, overdue or done" in result.stderr

"""Safety rails: status words in any column, a completion date alone, imports that match nothing, the demo's own store."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from scrgraph.store import GraphStore
from tests.test_actions_import import REVIEW, loaded, snapshot, states  # noqa: F401  (fixture)


def tracker(path: Path, rows: list[list[str]]) -> Path:
    """A CSV tracker with a ref, action, lead, due date, status, RAG and completion date column."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Rec No", "Action", "Lead agency", "Target date", "Status", "RAG", "Date completed"])
        writer.writerows(rows)
    return path


def test_status_words_count_in_the_rag_column_and_a_completion_date_alone_means_done(cli, loaded, tmp_path):
    path = tracker(tmp_path / "plan.csv", [
        ["4.1", "Joint protocol", "Police", "31/12/2023", "", "Complete", "15/01/2024"],
        ["4.2", "Sharing leaflet", "Police", "31/12/2023", "", "", "01/02/2024"],
        ["4.3", "Referral audit", "Police", "31/12/2023", "Green", "", ""],
        ["4.3", "Threshold training", "Police", "31/12/2023", "", "Delayed", ""],
    ])
    result = cli("actions", "import", path, "--review", REVIEW, "--as-of", "2024-03-31", "--store", loaded)
    assert result.exit_code == 0, result.stderr
    got = states(loaded, dt.date(2024, 4, 1))
    joint = got["Joint protocol"]
    assert (joint["statusId"], joint["completed"], joint["unresolved"], joint["overdue"]) == (
        "completed", dt.date(2024, 1, 15), False, False)
    leaflet = got["Sharing leaflet"]
    assert (leaflet["statusId"], leaflet["completed"], leaflet["unresolved"]) == ("completed", dt.date(2024, 2, 1), False)
    assert got["Referral audit"]["statusId"] != "unknown"  # a colour in the status column still counts
    assert got["Threshold training"]["statusId"] == "overdue"
    assert "recorded as unknown" not in result.stderr


def test_an_import_matching_no_row_fails_in_one_sentence_and_changes_nothing(cli, loaded, tmp_path):
    path = tracker(tmp_path / "other.csv", [["7.1", "Something else", "Police", "31/12/2023", "Complete", "", ""]])
    before = snapshot(loaded)
    result = cli("actions", "import", path, "--review", REVIEW, "--as-of", "2024-03-31", "--store", loaded)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No row of other.csv matches") and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(loaded) == before


def test_the_demo_leaves_the_working_store_untouched(cli, loaded, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    (work / "scrgraph-store").mkdir()
    with GraphStore.open(work / "scrgraph-store", create=True):
        pass
    here_before, env_before = snapshot(work / "scrgraph-store"), snapshot(loaded)
    monkeypatch.chdir(work)
    monkeypatch.setenv("SCRGRAPH_STORE", str(loaded))
    result = cli("demo", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert snapshot(work / "scrgraph-store") == here_before
    assert snapshot(loaded) == env_before
    with GraphStore.open(work / "scrgraph-demo" / "store") as store:
        _, rows = store.select("SELECT (COUNT(?r) AS ?n) WHERE { ?r a scr:Review }")
    assert rows[0]["n"] == 6

"""'scrgraph agencies', 'themes' and 'statuses' list every id a user may give, its label and the names it is recognised by."""

from __future__ import annotations

import csv
import io

from scrgraph.knowledge import knowledge


def rows(cli, *args: str) -> list[dict[str, str]]:
    result = cli(*args, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_every_agency_and_theme_is_listed_with_its_label(cli):
    agencies = rows(cli, "agencies")
    assert {r["agency"] for r in agencies} == set(knowledge().agencies)
    police = next(r for r in agencies if r["agency"] == "police")
    assert police["agency_label"] == "Police (force)" and police["sector"] == "Police"
    assert "police force" in police["recognised_as"].split("; ")
    themes = rows(cli, "themes")
    assert {r["theme"] for r in themes} == set(knowledge().themes)
    assert next(r for r in themes if r["theme"] == "INFO_SHARING")["theme_label"] == "Information sharing & seeking"


def test_contains_finds_a_term_by_a_name_it_is_recognised_by(cli):
    assert [r["agency"] for r in rows(cli, "agencies", "--contains", "POLICE FORCE")] == ["police"]
    completed = rows(cli, "statuses", "--contains", "done")
    assert [(r["status_id"], r["resolved"]) for r in completed] == [("completed", "True")]
    assert rows(cli, "themes", "--contains", "no such words at all") == []

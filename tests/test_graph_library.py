"""The library face: the README's notebook snippet runs, and one open Graph does the whole job."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import scrgraph
from scrgraph.errors import QueryError, ScrgraphError, StoreError
from scrgraph.store import GraphStore

REPO = Path(__file__).resolve().parents[1]


def _notebook_snippet() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## From Python", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.fixture
def opens(monkeypatch) -> list[Path]:
    """Every time a local store is opened, its path."""
    seen: list[Path] = []
    original = GraphStore.open.__func__

    def counting(cls, path, *args, **kwargs):
        seen.append(Path(path))
        return original(cls, path, *args, **kwargs)

    monkeypatch.setattr(GraphStore, "open", classmethod(counting))
    return seen


def test_the_readme_notebook_snippet_runs_with_one_open_store(tmp_path, monkeypatch, opens):
    monkeypatch.chdir(tmp_path)
    os.symlink(REPO / "examples", tmp_path / "examples")
    exec(compile(_notebook_snippet(), "README.md", "exec"), {})
    assert opens == [Path("notebook-store")]
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "overdue.xlsx").active
    assert sheet.max_row > 1 and sheet.cell(1, 1).value == "review"
    page = (tmp_path / "lscp.html").read_text(encoding="utf-8")
    assert "<html" in page.lower() and "lscp" in page


def test_a_held_graph_loads_links_imports_queries_and_draws_without_reopening(tmp_path, examples_dir, opens):
    with scrgraph.open(tmp_path / "store", create=True) as graph:
        said = graph.load([examples_dir / "records"], progress=lambda stage: None)
        assert "added 6 review(s)" in said and "recurring-recommendation groups" in said
        summary = graph.import_tracker(examples_dir / "trackers" / "northtown-scp-child-q-2023-09-30.csv",
                                       "northtown-scp-child-q", scrgraph_date("2023-09-30"))
        assert summary.actions == 4
        groups = graph.query("recurrence-groups")
        assert len(groups) >= 1 and "group" in groups.columns
        first = graph.query("review-summary", review="northtown-scp-child-q", limit=2)
        assert len(first) == 2
        assert graph.link().groups == len({row["group"] for row in groups})
        assert graph.view(review="northtown-scp-child-q").nodes > 1
        assert len(graph.reviews()) == 6
        graph.remove("riverside-sab-mr-d")
        assert len(graph.reviews()) == 5
    assert opens == [tmp_path / "store"]
    with scrgraph.open(tmp_path / "store") as again:  # the lock went with the close
        assert len(again.reviews()) == 5
        with pytest.raises(StoreError, match="in use"):
            scrgraph.open(tmp_path / "store")


def test_a_failed_load_into_a_new_store_leaves_no_store_behind(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("review: [this is not a record\n", encoding="utf-8")
    with pytest.raises(ScrgraphError), scrgraph.open(tmp_path / "store", create=True) as graph:
        graph.load([bad])
    assert not (tmp_path / "store").exists()


def test_sparql_through_the_graph_only_reads(graph):
    rows = graph.sparql("SELECT ?r WHERE { ?r a scr:Review } LIMIT 1")
    assert rows.columns == ["r"] and len(rows) == 1
    with pytest.raises(QueryError, match="only reads"):
        graph.sparql("DELETE WHERE { ?s ?p ?o }")
    assert len(graph.reviews()) == 6


def test_rows_write_to_a_stream_and_to_files_by_their_ending(graph, tmp_path):
    import io

    rows = graph.query("recurrence-groups")
    stream = io.StringIO()
    rows.write(stream, "csv")
    assert stream.getvalue().splitlines()[0].split(",")[:1] == [rows.columns[0]]
    rows.write(tmp_path / "groups.json")
    import json

    assert len(json.loads((tmp_path / "groups.json").read_text(encoding="utf-8"))) == len(rows)
    with pytest.raises(ScrgraphError, match="xlsx"):
        rows.write(io.StringIO(), "xlsx")


def test_decisions_through_the_graph_change_the_groups(graph):
    from scrgraph.linking.corpus import read_recommendations

    keys = sorted(item.key for item in read_recommendations(graph.store))
    a, b = next((x, y) for x in keys for y in keys if x.split(":")[0] != y.split(":")[0])
    said = graph.confirm(a, b)
    assert said.startswith(f"Recorded: {a} and {b} confirmed.")
    group_of = {f"{row['review']}:{row['ref']}": row["group"] for row in graph.query("repeated-recommendations")}
    assert group_of.get(a) is not None and group_of.get(a) == group_of.get(b)
    with pytest.raises(ScrgraphError, match="same review"):
        graph.reject(a, a)


def scrgraph_date(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)

"""Helpers of the Neo4j tests: a store with reviews, trackers and vocabulary, and graph snapshots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.core_records import BASE, record, write

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SECOND_ID = "testtown-scp-child-u"
SCR = "https://w3id.org/scrgraph/ontology#"
ID = "https://w3id.org/scrgraph/id/"


def second_record() -> dict[str, Any]:
    """A second core record, with its own id, that shares the board and agencies of the first."""
    data = record(**{"review.id": SECOND_ID, "review.subject": "Child U", "review.title": "Child U: a review",
                     "review.year_published": 2023})
    data["recommendations"][1]["text"] = "Children's Social Care should record every contact."
    return data


def build_store(cli, folder: Path, examples: bool = True) -> Path:
    """A store with the two core records, the example records and the example trackers (when present)."""
    store = folder / "store"
    records = folder / "records"
    records.mkdir(parents=True, exist_ok=True)
    write(records / "t.yaml", BASE)
    write(records / "u.yaml", second_record())
    paths: list[Path] = [records]
    if examples and (EXAMPLES / "records").is_dir():
        paths += sorted((EXAMPLES / "records").glob("*.yaml"))
    result = cli("load", *paths, "--store", store, "--quiet")
    assert result.exit_code == 0, result.stderr
    if examples:
        for tracker in sorted((EXAMPLES / "trackers").glob("northtown-scp-child-q-*")) if (EXAMPLES / "trackers").is_dir() else []:
            if not (EXAMPLES / "records" / "northtown-scp-child-q.yaml").exists():
                break
            as_of = tracker.stem.rsplit("-", 3)[-3:]
            result = cli("actions", "import", tracker, "--review", "northtown-scp-child-q", "--as-of", "-".join(as_of),
                         "--store", store, "--quiet")
            assert result.exit_code == 0, result.stderr
    return store


def plain(value: Any) -> Any:
    """A driver value as a comparable Python value (dates as ``datetime.date``, lists sorted)."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return tuple(sorted((plain(v) for v in value), key=repr))
    return value


def snapshot(server) -> tuple[dict[str, Any], set[tuple[str, str, str, Any]]]:
    """The whole graph: nodes by iri (labels and properties) and relationships (start, type, end, props)."""
    nodes = {}
    for row in server.run("MATCH (n) RETURN coalesce(n.iri, elementId(n)) AS iri, labels(n) AS labels, properties(n) AS props"):
        nodes[row["iri"]] = (tuple(sorted(row["labels"])), tuple(sorted((k, plain(v)) for k, v in row["props"].items())))
    rels = set()
    for row in server.run("MATCH (s)-[r]->(o) RETURN s.iri AS s, type(r) AS t, o.iri AS o, properties(r) AS props"):
        rels.add((row["s"], row["t"], row["o"], tuple(sorted((k, plain(v)) for k, v in row["props"].items()))))
    return nodes, rels


def is_date(value: Any) -> bool:
    """Whether a driver value is a Neo4j date."""
    import neo4j.time

    return isinstance(value, neo4j.time.Date) or (isinstance(value, dt.date) and not isinstance(value, dt.datetime))

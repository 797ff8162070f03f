"""`scrgraph export --format cypher`: a cypher-shell script that loads the same graph as a push."""

from __future__ import annotations

import pytest

from scrgraph.neo4j.script import script_statements
from tests.core_records import BASE, record, write
from tests.neo4j_helpers import build_store, snapshot

TRICKY = "Children's \"Social\" Care \\ back-slash; // not a comment\nsecond line\ttab ✓ Łódź;"


def run_script(server, text: str) -> None:
    """Run a script as cypher-shell would: statement by statement, :begin ... :commit as transactions."""
    with server.driver() as driver, driver.session(database=server.database) as session:
        tx = None
        for item in script_statements(text):
            if item == ":begin":
                tx = session.begin_transaction()
            elif item == ":commit":
                tx.commit()
                tx = None
            elif tx is not None:
                tx.run(item).consume()
            else:
                session.run(item).consume()
        assert tx is None


def tricky_store(cli, tmp_path):
    store = build_store(cli, tmp_path)
    data = record(**{"review.id": "testtown-scp-child-v", "review.subject": "Child V", "review.title": TRICKY})
    data["findings"][0]["heading"] = TRICKY
    assert cli("load", write(tmp_path / "v.yaml", data), "--store", store, "--quiet").exit_code == 0
    return store


def test_export_writes_a_script_without_a_server(cli, tmp_path):
    store = build_store(cli, tmp_path, examples=False)
    out = tmp_path / "graph.cypher"
    result = cli("export", "--format", "cypher", "-o", out, "--store", store)
    assert result.exit_code == 0, result.stderr
    assert "nodes and relationships as cypher" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "CREATE CONSTRAINT scrgraph_resource_iri IF NOT EXISTS" in text
    assert text.count(":begin") == text.count(":commit") >= 3
    statements = [s for s in script_statements(text) if not s.startswith(":")]
    assert statements and not any("$rows" in s or "$g]" in s or "$g," in s for s in statements)
    assert f"date('{BASE['measures'][0]['due']}')" in text


@pytest.mark.neo4j
def test_the_script_loads_the_same_graph_as_a_push(cli, tmp_path, neo4j_db):
    store = tricky_store(cli, tmp_path)
    out = tmp_path / "graph.cypher"
    assert cli("export", "--format", "cypher", "-o", out, "--store", store).exit_code == 0
    run_script(neo4j_db, out.read_text(encoding="utf-8"))
    loaded = snapshot(neo4j_db)
    title = neo4j_db.run("MATCH (r:Review {identifier: 'testtown-scp-child-v'}) RETURN r.title AS t")
    assert title == [{"t": TRICKY}]
    # A push after the script has nothing left to do ...
    result = cli("neo4j", "push", "--store", store)
    assert result.exit_code == 0 and "nothing changed" in result.stderr, result.stderr
    # ... and a push into an empty database gives the very same graph.
    neo4j_db.wipe()
    assert cli("neo4j", "push", "--store", store).exit_code == 0
    assert snapshot(neo4j_db) == loaded

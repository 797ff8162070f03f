"""Neo4j failures each give one sentence and exit 1; the password is never shown; a push cut off
part-way (the server killed) leaves no half-written review, and the next push completes the graph."""

from __future__ import annotations

import socket
from contextlib import contextmanager

import pytest

from scrgraph.errors import ScrgraphError
from scrgraph.neo4j.push import push_store
from scrgraph.store import GraphStore
from tests.neo4j_fixture import launcher_built, start_launcher
from tests.neo4j_helpers import build_store, snapshot

pytestmark = pytest.mark.neo4j

SECRET = "Zq-9-not-the-password-7f3e"


@pytest.fixture
def store(cli, tmp_path):
    """A small store: the two core records."""
    return build_store(cli, tmp_path, examples=False)


def one_sentence(result) -> str:
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and lines[0].endswith("."), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_server_at_the_address(cli, store, neo4j_db, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{free_port()}")
    line = one_sentence(cli("neo4j", "push", "--store", store))
    assert "Cannot reach Neo4j" in line


def test_an_address_that_is_not_neo4j(cli, store, neo4j_db):
    line = one_sentence(cli("neo4j", "push", "--store", store, "--uri", "http://127.0.0.1:7474"))
    assert "is not a Neo4j address" in line


def test_wrong_password_is_one_sentence_and_never_shown(cli, store, neo4j_db, monkeypatch):
    if not neo4j_db.password:
        pytest.skip("the test server needs no password")
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    result = cli("neo4j", "push", "--store", store)
    line = one_sentence(result)
    assert "refused the user name or password" in line
    assert SECRET not in result.stdout + result.stderr


def test_the_right_password_is_never_shown(cli, store, neo4j_db, monkeypatch):
    if not neo4j_db.password:
        pytest.skip("the test server needs no password")
    result = cli("neo4j", "push", "--store", store)
    assert result.exit_code == 0, result.stderr
    assert neo4j_db.password not in result.stdout + result.stderr
    # Typed (here: piped) instead of set in the environment: still not shown.
    monkeypatch.delenv("NEO4J_PASSWORD")
    result = cli("neo4j", "push", "--store", store, input=neo4j_db.password + "\n")
    assert result.exit_code == 0, result.stderr
    assert neo4j_db.password not in result.stdout + result.stderr
    from scrgraph.neo4j.connection import Neo4jSettings

    assert neo4j_db.password not in repr(Neo4jSettings.from_env())


def test_unknown_database(cli, store, neo4j_db):
    line = one_sentence(cli("neo4j", "push", "--store", store, "--database", "nosuchdatabase"))
    assert "has no database 'nosuchdatabase'" in line


def test_a_push_cut_off_part_way_leaves_no_half_written_review(cli, tmp_path, neo4j_db):
    if not launcher_built():
        pytest.skip("this test kills a Neo4j of its own; run scripts/setup-neo4j.sh to build the launcher")
    store = build_store(cli, tmp_path)
    data = tmp_path / "neo4j-data"
    server = start_launcher(data_dir=data)
    written: list[int] = []

    @contextmanager
    def kill_after_two_units(total):
        def advance(steps=1):
            written.append(steps)
            if len(written) == 2:
                server.process.kill()  # the server dies between two reviews' transactions
                server.process.wait()
        yield advance

    try:
        with GraphStore.open(store) as graph, pytest.raises(ScrgraphError) as failure:
            push_store(graph, server.settings(), progress=kill_after_two_units)
    finally:
        server.stop()
    message = str(failure.value)
    assert "was lost while pushing review" in message and message.endswith(".") and "\n" not in message

    # Same data, new server: every review that is there is whole (its graph record is written in
    # the same transaction as its nodes), and the next push completes the graph.
    again = start_launcher(data_dir=data)
    try:
        recorded = {r["review"] for r in again.run("MATCH (g:ScrgraphGraph) WHERE g.review IS NOT NULL RETURN g.review AS review")}
        present = {r["id"] for r in again.run("MATCH (r:Review) RETURN r.identifier AS id")}
        assert present == recorded and len(present) == 1
        with GraphStore.open(store) as graph:
            push_store(graph, again.settings())
        completed = snapshot(again)
    finally:
        again.stop()
    result = cli("neo4j", "push", "--store", store)
    assert result.exit_code == 0, result.stderr
    assert snapshot(neo4j_db) == completed



def test_a_cypher_query_over_its_timeout_is_stopped_with_one_sentence(neo4j_db):
    import time

    from scrgraph.errors import ScrgraphError
    from scrgraph.neo4j.querying import run_cypher

    endless = "UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 123456789 RETURN count(*) AS n"
    start = time.perf_counter()
    with pytest.raises(ScrgraphError) as stopped:
        run_cypher(neo4j_db.settings(), endless, timeout=1)
    assert time.perf_counter() - start < 30
    assert str(stopped.value) == "The Cypher query took more than 1 s and Neo4j stopped it."

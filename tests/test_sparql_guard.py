"""SPARQL text that would reach the network or change the store is refused before the engine runs it."""

import socket

import pytest
from typer.testing import CliRunner

from scrgraph.cli.main import app


@pytest.fixture
def listener():
    """A TCP socket on 127.0.0.1 that records whether anything connected to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.setblocking(False)
    yield sock
    sock.close()


def _connected(sock: socket.socket) -> bool:
    try:
        sock.accept()
    except BlockingIOError:
        return False
    return True


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <http://127.0.0.1:{port}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "LOAD <http://127.0.0.1:{port}/data.ttl>",
])
def test_network_queries_are_refused_and_send_nothing(tmp_path, listener, template):
    query = template.format(port=listener.getsockname()[1])
    result = CliRunner().invoke(app, ["sparql", query, "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not _connected(listener)


def test_updates_are_refused_in_one_sentence(tmp_path):
    result = CliRunner().invoke(app, ["sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "scrgraph sparql only reads; use scrgraph load or remove to change the store" in result.output


def test_plain_select_over_the_store_graphs_passes_the_guard():
    from scrgraph.sparql_guard import check_read_only_local
    from scrgraph.vocab import GRAPH

    check_read_only_local(f"SELECT * FROM <{GRAPH}review/x> WHERE {{ ?s ?p ?o }} # SERVICE in a comment")


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "insert data { <urn:a> <urn:b> <urn:c> }",
    "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
])
def test_refusals_do_not_depend_on_how_a_keyword_is_written(query):
    from scrgraph.errors import ScrgraphError
    from scrgraph.sparql_guard import check_read_only_local

    with pytest.raises(ScrgraphError):
        check_read_only_local(query)


@pytest.mark.parametrize("query", [
    "SELECT ?from ?service WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?from ?p ?service } }",
    "SELECT * WHERE { ?s <urn:from> \"load\" . SERVICE<http://127.0.0.1:9/sparql> { ?s ?p ?o } }  # from",
    "SELECT * WHERE { ?s ?p \"a\\u0022 } SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } #\" }",
])
def test_keywords_beside_variables_strings_and_iris_are_still_refused(query):
    from scrgraph.errors import ScrgraphError
    from scrgraph.sparql_guard import check_read_only_local

    with pytest.raises(ScrgraphError):
        check_read_only_local(query)


def test_every_saved_query_passes_without_loading_a_sparql_parser():
    """Each 'scrgraph query' checks its saved query; reading the words as tokens spares it rdflib's
    parser, 0.3 s of every command (the letters of FROM are in ?from, "from" in comments)."""
    import subprocess
    import sys

    script = ("import sys\n"
              "from scrgraph.saved_queries import list_queries\n"
              "from scrgraph.sparql_guard import check_read_only_local\n"
              "for query in list_queries():\n"
              "    check_read_only_local(query.text('sparql'))\n"
              "print('rdflib.plugins.sparql.parser' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

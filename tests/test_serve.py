"""The workbench over HTTP (a real uvicorn server): pages, downloads, the SPARQL endpoint with a
client nobody here wrote (rdflib's SPARQLStore), and its guards (Host header, CSRF, CSP, escaping)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.serve_server import EXAMPLES, cli, hostile_store, running_workbench

AS_OF = "2024-06-30"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The bundled examples plus one review with hostile text, served; and what the CLI said first."""
    store_dir = hostile_store(tmp_path_factory.mktemp("serve"))
    expected = cli("query", "actions", "-p", "as_of", AS_OF, "-f", "csv", "--store", store_dir)
    with running_workbench(store_dir) as url:
        yield url, expected


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_download_is_what_the_cli_prints(served):
    url, expected = served
    status, headers, body = _get(f"{url}/query/actions.csv?as_of={AS_OF}")
    assert status == 200 and "attachment" in headers["content-disposition"]
    assert body.decode("utf-8") == expected
    assert expected.count("\n") > 3


def test_pages_answer_with_a_strict_policy_and_escaped_text(served):
    url, _ = served
    status, headers, body = _get(f"{url}/review/testtown-scp-child-t")
    assert status == 200
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    page = body.decode()
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_foreign_host_header_is_refused(served):
    url, _ = served
    port = urllib.parse.urlsplit(url).port
    status, _, _ = _get(f"{url}/", {"Host": f"rebind.example:{port}"})
    assert status == 421


def test_a_post_without_the_csrf_token_is_refused(served):
    url, _ = served
    data = urllib.parse.urlencode({"a": "x:1", "b": "y:1", "decision": "confirm"}).encode()
    request = urllib.request.Request(f"{url}/links/decide", data=data, method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403


def test_sparql_endpoint_answers_rdflib_sparqlstore(served):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    url, _ = served
    store = SPARQLStore(f"{url}/sparql", returnFormat="json")
    rows = list(store.query("PREFIX scr: <https://w3id.org/scrgraph/ontology#> "
                            "SELECT (COUNT(?r) AS ?n) WHERE { ?r a scr:Review }"))
    assert int(rows[0][0]) == 7
    asked = store.query("PREFIX scr: <https://w3id.org/scrgraph/ontology#> ASK { ?r a scr:Review }")
    assert asked.askAnswer is True


@pytest.mark.parametrize("accept, starts", [("text/csv", "n\r\n"), ("text/tab-separated-values", "?n\n"),
                                            ("application/sparql-results+xml", "<?xml")])
def test_sparql_endpoint_negotiates_formats(served, accept, starts):
    url, _ = served
    query = urllib.parse.quote("SELECT (1 AS ?n) WHERE {}")
    status, headers, body = _get(f"{url}/sparql?query={query}", {"Accept": accept})
    assert status == 200 and headers["content-type"].startswith(accept)
    assert body.decode().startswith(starts)


@pytest.mark.parametrize("text", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "LOAD <http://127.0.0.1:9/x>",
                                  "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"])
def test_sparql_endpoint_refuses_updates_and_service(served, text):
    url, _ = served
    for data, kind in ((urllib.parse.urlencode({"update": text}).encode(), "application/x-www-form-urlencoded"),
                       (text.encode(), "application/sparql-query")):
        request = urllib.request.Request(f"{url}/sparql", data=data, headers={"Content-Type": kind}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code in (400, 403)
    status, _, body = _get(f"{url}/sparql?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { <urn:a> ?p ?o }"),
                           {"Accept": "application/sparql-results+json"})
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"


def test_another_address_needs_the_token(tmp_path):
    cli("load", EXAMPLES, "--store", tmp_path / "store", "-q")
    with running_workbench(tmp_path / "store", access_token="secret-token") as url:
        assert _get(f"{url}/")[0] == 403
        assert _get(f"{url}/?token=wrong")[0] == 403
        assert _get(f"{url}/?token=secret-token")[0] == 200


def test_the_workbench_reads_a_page_once_for_requests_at_the_same_time_and_keeps_no_read_a_write_overtook():
    import threading
    import time

    from scrgraph.web.app import Workbench

    bench = Workbench(None)
    started, release, calls = threading.Event(), threading.Event(), []

    def slow() -> str:
        calls.append(1)
        started.set()
        release.wait(10)
        return "page"

    first = threading.Thread(target=bench.read, args=("home", slow))
    first.start()
    started.wait(10)
    answers = []
    second = threading.Thread(target=lambda: answers.append(bench.read("home", slow)))
    second.start()
    time.sleep(0.2)  # the second request is now waiting for the first one's read
    release.set()
    first.join(10)
    second.join(10)
    assert answers == ["page"] and len(calls) == 1

    def overtaken() -> str:
        bench.write(lambda: None)  # e.g. a decision recorded while the page was being read
        return "stale"

    assert bench.read("queue", overtaken) == "stale"
    assert bench.read("queue", lambda: "fresh") == "fresh"


def test_a_slow_read_stays_kept_while_hundreds_of_quick_pages_are_opened(monkeypatch):
    import time

    from scrgraph.web import app
    from scrgraph.web.app import Workbench

    monkeypatch.setattr(app, "DEAR_SECONDS", 0.05)
    bench = Workbench(None)
    reads = []

    def slow_profile() -> str:
        reads.append("agency")
        busy_until = time.thread_time() + 0.06  # processor time: what the cache weighs
        while time.thread_time() < busy_until:
            pass
        return "profile"

    bench.read("agency A", slow_profile)
    for n in range(app.READ_CACHE_SIZE * 2):  # a long session of review pages, each opened once
        bench.read(("review", n), lambda n=n: f"review {n}")
    assert bench.read("agency A", slow_profile) == "profile" and reads == ["agency"]
    computed = []
    bench.read(("review", 0), lambda: computed.append(0) or "review 0")
    assert computed == [0]  # the quick ones were forgotten instead


def test_views_drawn_in_their_own_processes_are_the_same_and_leave_no_copy_behind(tmp_path):
    import json
    import re

    import scrgraph
    from scrgraph.web.viewpage import workbench_view

    def drawn(page: str) -> list[str]:
        data = json.loads(re.search(r'id="scrgraph-data">(.*?)</script>', page, re.S).group(1))
        return sorted(json.dumps([{k: v for k, v in node.items() if k not in ("x", "y")}, data["details"][n]], sort_keys=True)
                      for n, node in enumerate(data["nodes"]))

    cli("load", EXAMPLES, "--store", tmp_path / "store", "-q")
    with scrgraph.open(tmp_path / "store") as graph:
        expected = drawn(workbench_view(graph, review="northtown-scp-child-m")[0].decode())
    with running_workbench(tmp_path / "store", views_apart=True) as url:
        status, _, body = _get(f"{url}/view?review=northtown-scp-child-m")
        assert status == 200 and drawn(body.decode()) == expected
        assert _get(f"{url}/view?review=no-such-review")[0] == 404
        assert list((tmp_path / "store").glob(".workbench-views-*"))
    assert not list((tmp_path / "store").glob(".workbench-views-*"))


def test_a_view_drawn_in_its_own_process_is_weighed_by_the_time_it_took_there(tmp_path, monkeypatch):
    import scrgraph
    from scrgraph.web import app
    from scrgraph.web.app import Workbench

    cli("load", EXAMPLES, "--store", tmp_path / "store", "-q")
    monkeypatch.setattr(app, "DEAR_SECONDS", 0.005)  # a view takes more in its process; waiting for it, less
    graph = scrgraph.open(tmp_path / "store")
    bench = Workbench(graph, views_apart=True)
    drawn = []
    try:
        def view() -> str:
            drawn.append(1)
            return bench.view_page(review="northtown-scp-child-m")[0]

        first = bench.read("view", view)
        for n in range(app.READ_CACHE_SIZE * 2):
            bench.read(("review", n), lambda n=n: f"review {n}")
        assert bench.read("view", view) == first and drawn == [1]
    finally:
        bench.close()
        graph.close()


def test_a_view_drawn_in_its_own_process_shows_a_decision_made_a_moment_before(tmp_path):
    import json
    import re

    import scrgraph
    from scrgraph.web import reads
    from scrgraph.web.app import Workbench

    def confirmed_links(page: bytes) -> int:
        data = json.loads(re.search(r'id="scrgraph-data">(.*?)</script>', page.decode(), re.S).group(1))
        return sum(1 for edge in data["edges"] if data["edgeLabels"][edge[2]].startswith("similar (confirmed"))

    cli("load", EXAMPLES, "--store", tmp_path / "store", "-q")
    graph = scrgraph.open(tmp_path / "store")
    bench = Workbench(graph, views_apart=True)
    try:
        pair = reads.link_queue(graph).rows[0]
        before = confirmed_links(bench.view_page(review=pair["a_review"])[0])
        bench.write(lambda: graph.confirm(pair["a"], pair["b"]))
        assert confirmed_links(bench.view_page(review=pair["a_review"])[0]) == before + 1
    finally:
        bench.close()
        graph.close()


def test_a_view_asked_for_during_a_write_waits_for_it_and_both_finish(tmp_path):
    import threading

    import scrgraph
    from scrgraph.web.app import Workbench

    cli("load", EXAMPLES, "--store", tmp_path / "store", "-q")
    graph = scrgraph.open(tmp_path / "store")
    bench = Workbench(graph, views_apart=True)
    bench.view_page(review="northtown-scp-child-m")
    bench.write(lambda: None)  # the copy is no longer fresh: the next view makes another
    writing, release, pages = threading.Event(), threading.Event(), []
    writer = threading.Thread(target=bench.write, args=(lambda: (writing.set(), release.wait(10)),), daemon=True)
    viewer = threading.Thread(target=lambda: pages.append(bench.view_page(review="northtown-scp-child-m")), daemon=True)
    writer.start()
    writing.wait(10)
    viewer.start()  # it needs a new copy of the store, and waits for the write to end to take it
    viewer.join(0.5)
    release.set()
    writer.join(20)
    viewer.join(20)
    stuck = writer.is_alive() or viewer.is_alive()
    if not stuck:  # a stuck view would hold the views' lock, and closing would wait for ever
        bench.close()
    graph.close()
    assert not stuck and len(pages) == 1, "the write and the view waited for each other"


def test_serve_says_when_its_first_pages_are_read_ahead_and_then_answers_them(tmp_path):
    import subprocess
    import sys
    import threading

    from tests.serve_server import free_port

    cli("load", EXAMPLES, "--store", tmp_path / "store", "-q")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "scrgraph", "serve", "--store", str(tmp_path / "store"), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    said: list[str] = []
    read_ahead = threading.Event()

    def listen() -> None:
        for line in server.stderr:
            said.append(line)
            if "read ahead" in line:
                read_ahead.set()

    threading.Thread(target=listen, daemon=True).start()
    try:
        assert read_ahead.wait(120), "".join(said)
        first, ahead = said[0], next(line for line in said if "read ahead" in line)
        assert f"http://127.0.0.1:{port}/" in first
        assert ahead.startswith("The pages opened first have been read ahead (") and ahead.rstrip().endswith("s).")
        status, _, body = _get(f"http://127.0.0.1:{port}/")
        assert status == 200 and b"Reviews" in body
    finally:
        server.terminate()
        server.wait(30)

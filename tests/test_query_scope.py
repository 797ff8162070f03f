"""A saved query scoped to one review (``scope: review``) reads that review's graphs alone on an
Oxigraph store, and answers exactly as it does over the whole store, tracker imports included."""

from __future__ import annotations

import pytest

from scrgraph.errors import ScrgraphError
from scrgraph.query_header import parse_header
from scrgraph.saved_queries import list_queries, run_query
from scrgraph.store import GraphStore

REVIEW = "northtown-scp-child-q"
AS_OF = {"as_of": "2023-12-31"}
DATES = {**AS_OF, "from": "2000-01-01", "to": "2030-12-31"}  # the date parameters the queries take, wide enough for every example
REQUIRED = {"agency": "police"}  # the parameters without a default that a scoped query takes


class WholeStore:
    """The same store seen without ``review_dataset``: every query reads the whole store."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store

    def select(self, sparql, bindings=None):
        return self._store.select(sparql, bindings)


SCOPED = [q.name for q in list_queries() if q.header.scope == "review"]


def _both(store: GraphStore, review: str, name: str = "review-summary") -> tuple[list, list]:
    declared = next(q for q in list_queries() if q.name == name).header.params
    params = {"review": review, **{k: v for k, v in DATES.items() if k in declared},
              **{k: v for k, v in REQUIRED.items() if k in declared and declared[k].required}}
    scoped = run_query(store, name, params)[1]
    whole = run_query(WholeStore(store), name, params)[1]
    return scoped, whole


def test_every_scoped_query_answers_as_over_the_whole_store(cli, store_dir, examples_dir):
    assert len(SCOPED) >= 2
    assert cli("load", examples_dir / "records", "--store", store_dir).exit_code == 0
    result = cli("actions", "import", examples_dir / "trackers" / "northtown-scp-child-q-2023-09-30.csv",
                 "--review", REVIEW, "--as-of", "2023-09-30", "--store", store_dir)
    assert result.exit_code == 0, result.stderr
    with GraphStore.open(store_dir) as store:
        answered = 0
        for name in SCOPED:
            for review in store.review_ids():
                scoped, whole = _both(store, review, name)
                assert scoped == whole, (name, review)
                answered += bool(scoped)
        assert answered > len(SCOPED)  # most answers have rows
        title = store.select("SELECT ?title ?id WHERE { ?r dcterms:identifier ?id ; dcterms:title ?title }", {"id": REVIEW})[1][0]["title"]
        scoped, whole = _both(store, title, "actions")  # a review named by its title
        assert scoped == whole and scoped


def test_a_board_reads_its_reviews_graphs_and_answers_as_over_the_whole_store(cli, store_dir, examples_dir):
    """A scoped query asked for one board reads only the graphs of that board's reviews (a board's
    question on a regional store), and gives the rows the whole store gives, whichever way the
    board is named: its id, its name or short name in any case, or a name no board has."""
    from scrgraph.saved_queries import _scope_graphs, get_query

    assert cli("load", examples_dir / "records", "--store", store_dir).exit_code == 0
    with GraphStore.open(store_dir) as store:
        boards = store.select("SELECT DISTINCT ?b ?name WHERE { ?r scr:board ?b . ?b rdfs:label ?name }")[1]
        assert len(boards) >= 2
        board_id = boards[0]["b"].rsplit("/", 1)[-1]
        with_board = [q.name for q in list_queries() if q.header.scope == "review" and "board" in q.header.params]
        assert "agencies-unresolved-actions" in with_board
        answered = 0
        for name in with_board:
            declared = get_query(name).header.params
            for board in (board_id, boards[0]["name"].upper(), "riverside sab", "No Such Board"):
                params = {"board": board, **{k: v for k, v in DATES.items() if k in declared}}
                scoped = run_query(store, name, params)[1]
                assert scoped == run_query(WholeStore(store), name, params)[1], (name, board)
                answered += bool(scoped)
            graphs = _scope_graphs(store, get_query(name), {"board": board_id})
            assert graphs is not None and len(graphs) < len(store.graph_names())
        assert answered >= len(with_board)


def test_a_scoped_query_answers_as_over_the_whole_store_before_and_after_a_tracker_import(cli, store_dir, examples_dir):
    assert cli("load", examples_dir / "records", "--store", store_dir).exit_code == 0
    with GraphStore.open(store_dir) as store:
        reviews = store.review_ids()
        for review in reviews:
            scoped, whole = _both(store, review)
            assert scoped == whole and len(scoped) > 3
        before = _both(store, REVIEW)[0]
    result = cli("actions", "import", examples_dir / "trackers" / "northtown-scp-child-q-2023-09-30.csv",
                 "--review", REVIEW, "--as-of", "2023-09-30", "--store", store_dir)
    assert result.exit_code == 0, result.stderr
    with GraphStore.open(store_dir) as store:
        store.graph_names()  # listed before the next write, which must not leave the list out of date
        scoped, whole = _both(store, REVIEW)
        assert scoped == whole and scoped != before  # the tracker's statuses are read
        store.remove_review(reviews[0])
        assert store.review_dataset(reviews[0])[:-2] == []


def test_scope_must_name_a_review_parameter():
    with pytest.raises(ScrgraphError, match="'scope'"):
        parse_header("#+ title: T\n#+ columns: [a]\n#+ scope: agency\nSELECT ?a {}", "t.rq")
    with pytest.raises(ScrgraphError, match="'scope'"):
        parse_header("#+ title: T\n#+ columns: [a]\n#+ scope: review\nSELECT ?a {}", "t.rq")

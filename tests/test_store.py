"""The store keeps reviews as wholes: loading twice changes nothing, removing leaves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrgraph.store import GraphStore
from tests.core_records import record, write


def quads(store_dir: Path) -> set[str]:
    """Every quad in the store, as N-Quads lines (ontology included)."""
    with GraphStore.open(store_dir) as store:
        data = store.nquads().decode("utf-8")
    return {line for line in data.splitlines() if line.strip()}


def test_loading_the_same_record_twice_leaves_the_same_triples(cli, tmp_path, store_dir):
    path = write(tmp_path / "t.yaml", record())
    assert cli("load", path, "--store", store_dir).exit_code == 0
    first = quads(store_dir)
    result = cli("load", path, "--store", store_dir)
    assert result.exit_code == 0
    assert "replaced 1 review" in result.stderr
    assert quads(store_dir) == first


def test_a_corrected_record_replaces_the_review_as_a_whole(cli, tmp_path, store_dir):
    cli("load", write(tmp_path / "t.yaml", record()), "--store", store_dir)
    corrected = record()
    corrected["recommendations"] = corrected["recommendations"][:1]
    corrected["measures"] = corrected["measures"][:1]
    cli("load", write(tmp_path / "t.yaml", corrected), "--store", store_dir)
    rows = cli("reviews", "--store", store_dir, "-f", "json").stdout
    assert '"recommendations": 1' in rows and '"measures": 1' in rows
    assert not any("recommendation/2" in q for q in quads(store_dir))


def test_removing_a_review_leaves_none_of_its_triples(cli, tmp_path, store_dir):
    other = record(**{"review.id": "otherton-scp-child-o", "review.subject": "Child O"})
    cli("load", write(tmp_path / "o.yaml", other), "--store", store_dir)
    before = quads(store_dir)
    cli("load", write(tmp_path / "t.yaml", record()), "--store", store_dir)
    result = cli("remove", "testtown-scp-child-t", "--store", store_dir)
    assert result.exit_code == 0
    after = quads(store_dir)
    assert not any("testtown-scp-child-t" in q for q in after)
    assert after == before


def test_reviews_lists_ids_titles_and_counts(cli, tmp_path, store_dir):
    cli("load", write(tmp_path / "t.yaml", record()), "--store", store_dir)
    result = cli("reviews", "--store", store_dir, "-f", "csv")
    header, row = result.stdout.strip().splitlines()
    assert header == "id,title,subject,board,type,year,findings,recommendations,measures"
    assert row == "testtown-scp-child-t,Child T: a practice review,Child T,Testtown Safeguarding Children Partnership,CSPR,2021,1,2,2"


def test_review_id_is_made_from_board_and_subject_when_left_out(cli, tmp_path, store_dir):
    data = record()
    del data["review"]["id"]
    cli("load", write(tmp_path / "t.yaml", data), "--store", store_dir)
    assert "testtown-scp-child-t" in cli("reviews", "--store", store_dir, "-f", "csv").stdout


def test_a_hand_typed_record_needs_no_source_or_provenance(cli, tmp_path, store_dir):
    data = record()
    del data["review"]["source"]
    for item in data["findings"] + data["recommendations"]:
        item.pop("provenance", None)
    assert cli("load", write(tmp_path / "t.yaml", data), "--store", store_dir).exit_code == 0


def test_large_loads_go_through_a_copy_and_stay_whole(tmp_path):
    """A load above the bulk threshold switches the store to a complete copy, leaving no other copy behind."""
    from scrgraph.record import check_record
    from scrgraph.store import BULK_QUADS

    records = []
    for i in range(BULK_QUADS // 60 + 1):
        data = record(**{"review.id": f"bulk-{i}", "review.subject": f"Child {i}"})
        records.append(check_record(data))
    folder = tmp_path / "store"
    with GraphStore.open(folder, create=True) as store:
        store.load_records(records[:2])
        store.load_records(records)
        assert len(store.review_ids()) == len(records)
    assert len(list(folder.glob("oxigraph*"))) == 1
    with GraphStore.open(folder) as store:
        assert len(store.review_ids()) == len(records)



def _graph_lines(graph: str, numbers: range) -> list[str]:
    """N-Quads lines of ``graph``: node n{i} has the value 'value "i"' and a line break."""
    return [f'<https://x.test/n{i}> <https://x.test/p> "value \\"{i}\\"\\n" <{graph}> .\n' for i in numbers]


def test_rewriting_a_graph_leaves_exactly_its_new_quads(tmp_path):
    """The links graph is rewritten after every load: a small change is written in place, a large
    one through a copy, and bad data changes nothing."""
    from scrgraph.errors import ScrgraphError
    from scrgraph.store import BULK_QUADS

    graph = "https://x.test/graph/links"
    folder = tmp_path / "store"
    with GraphStore.open(folder, create=True) as store:
        def content() -> dict[str, str]:
            query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            return {s: o for s, _, o, _ in store.select_triples(query)}

        def expected(numbers: range) -> dict[str, str]:
            return {f"https://x.test/n{i}": f'value "{i}"\n' for i in numbers}

        store.rewrite_graph(graph, _graph_lines(graph, range(0, 10)))
        store.rewrite_graph(graph, _graph_lines(graph, range(5, 15)))
        assert content() == expected(range(5, 15))
        copies = set(folder.glob("oxigraph*"))
        store.rewrite_graph(graph, _graph_lines(graph, range(100, 101 + BULK_QUADS)))
        assert content() == expected(range(100, 101 + BULK_QUADS))
        assert set(folder.glob("oxigraph*")) != copies  # a large change switches to a complete copy
        with pytest.raises(ScrgraphError):
            store.rewrite_graph(graph, _graph_lines(graph, range(3)) + ["<https://x.test/broken .\n"])
        assert content() == expected(range(100, 101 + BULK_QUADS))
        store.rewrite_graph(graph, [])
        assert content() == {}


def test_rows_read_from_oxigraph_have_the_values_rdflib_gives(tmp_path):
    """select() (all rows at once, through SPARQL JSON results) and select_stream() (row by row) on
    Oxigraph skip rdflib's terms; their values must be what python_value() makes of them."""
    import pyoxigraph as ox
    from oxrdflib._converter import from_ox

    from scrgraph.store import python_value

    xsd = "http://www.w3.org/2001/XMLSchema#"
    typed = {"-12": "integer", "2024-02-29": "date", "2024-02-29Z": "date", "not a date": "date", "1.50": "decimal",
             "2.5E0": "double", "true": "boolean", "0": "boolean", "2024": "gYear"}
    terms = [ox.NamedNode("https://w3id.org/scrgraph/id/agency/police"), ox.BlankNode("b1"), ox.Literal("text"),
             ox.Literal("label", language="en-GB"), ox.Literal('tab\tline\nquote" back\\slash \r é ☃ \U0001F600 \x07'),
             ox.Literal(""), ox.Literal("-3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#int"))]
    terms += [ox.Literal(lexical, datatype=ox.NamedNode(xsd + kind)) for lexical, kind in typed.items()]
    subject, predicate = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    with GraphStore.open(tmp_path / "store", create=True) as store:
        for term in terms:
            store._ox.add(ox.Quad(subject, predicate, term))
            query = "SELECT ?o ?unbound WHERE { <https://example.org/s> <https://example.org/p> ?o }"
            _, rows = store.select(query)
            streamed = list(store.select_stream(query)[1])
            store._ox.remove(ox.Quad(subject, predicate, term))
            expected = python_value(from_ox(term))
            assert rows == streamed == [{"o": expected, "unbound": None}], term
            assert type(rows[0]["o"]) is type(expected) is type(streamed[0]["o"]), term


def test_rows_read_at_once_and_one_by_one_agree_on_empty_and_unbound_answers(tmp_path):
    with GraphStore.open(tmp_path / "store", create=True) as store:
        for query in ("SELECT * WHERE {}", "SELECT ?x WHERE {}", "SELECT ?x WHERE { FILTER (false) }",
                      'SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 UNDEF) (UNDEF "a") } }'):
            assert store.select(query) == (store.select_stream(query)[0], list(store.select_stream(query)[1])), query

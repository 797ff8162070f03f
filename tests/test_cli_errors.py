"""Bad input and bad stores get one plain sentence and a non-zero exit, never a traceback."""

from __future__ import annotations

import pytest

from tests.core_records import BASE, write


def one_sentence(result) -> str:
    assert result.exit_code != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and lines[0].endswith(".")
    return lines[0]


@pytest.mark.parametrize("name, text, expected", [
    ("bad.yaml", "review: [unclosed\n", "is not valid YAML"),
    ("bad.json", '{"review": ', "is not valid JSON"),
    ("empty.yaml", "   \n", "is empty"),
    ("list.yaml", "- 1\n- 2\n", "must be a mapping"),
])
def test_malformed_records(cli, tmp_path, store_dir, name, text, expected):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert expected in one_sentence(cli("load", path, "--store", store_dir))
    assert not store_dir.exists()


def test_a_record_that_is_not_utf8(cli, tmp_path, store_dir):
    path = tmp_path / "latin.yaml"
    path.write_bytes("review:\n  title: Caf\xe9\n".encode("latin-1"))
    assert "is not UTF-8" in one_sentence(cli("load", path, "--store", store_dir))


def test_a_missing_file(cli, tmp_path, store_dir):
    assert "does not exist" in one_sentence(cli("load", tmp_path / "nope.yaml", "--store", store_dir))


def test_a_folder_with_no_records(cli, tmp_path, store_dir):
    (tmp_path / "empty").mkdir()
    assert "holds no review records" in one_sentence(cli("load", tmp_path / "empty", "--store", store_dir))


def test_a_folder_that_is_not_a_store(cli, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("hello", encoding="utf-8")
    assert "is not a scrgraph store" in one_sentence(cli("load", write(tmp_path / "r.yaml", BASE), "--store", folder))
    assert "is not a scrgraph store" in one_sentence(cli("reviews", "--store", folder))
    assert sorted(p.name for p in folder.iterdir()) == ["letter.txt"]


def test_no_store_yet(cli, tmp_path):
    assert "no scrgraph store" in one_sentence(cli("reviews", "--store", tmp_path / "none"))


def test_two_records_for_the_same_review(cli, tmp_path, store_dir):
    write(tmp_path / "a.yaml", BASE)
    write(tmp_path / "b.yaml", BASE)
    assert "both hold review" in one_sentence(cli("load", tmp_path, "--store", store_dir))


def test_removing_an_unknown_review(cli, tmp_path, store_dir):
    cli("load", write(tmp_path / "r.yaml", BASE), "--store", store_dir)
    assert "There is no review 'nobody'" in one_sentence(cli("remove", "nobody", "--store", store_dir))


def test_a_bad_sparql_query(cli, tmp_path, store_dir):
    cli("load", write(tmp_path / "r.yaml", BASE), "--store", store_dir)
    assert "The SPARQL query failed" in one_sentence(cli("sparql", "SELEKT nothing", "--store", store_dir))


def test_sparql_binds_parameters_instead_of_pasting_them(cli, tmp_path, store_dir):
    cli("load", write(tmp_path / "r.yaml", BASE), "--store", store_dir)
    query = "SELECT ?title ?id WHERE { ?r dcterms:identifier ?id ; dcterms:title ?title }"
    result = cli("sparql", query, "-p", "id", "testtown-scp-child-t", "--store", store_dir, "-f", "csv")
    assert result.stdout.splitlines() == ["title,id", "Child T: a practice review,testtown-scp-child-t"]
    injected = cli("sparql", query, "-p", "id", 'x" } UNION { ?r ?p ?title } #', "--store", store_dir, "-f", "csv")
    assert injected.stdout.splitlines() == ["title,id"]


def test_a_parameter_binds_whether_or_not_the_query_selects_it(cli, tmp_path, store_dir):
    """Parameters are written into the query as VALUES blocks, so a query need not SELECT them."""
    cli("load", write(tmp_path / "r.yaml", BASE), "--store", store_dir)
    query = "SELECT ?title WHERE { ?r dcterms:identifier ?id ; dcterms:title ?title }"
    result = cli("sparql", query, "-p", "id", "testtown-scp-child-t", "--store", store_dir, "-f", "csv")
    assert result.stdout.splitlines() == ["title", "Child T: a practice review"]
    assert cli("sparql", query, "-p", "id", "no-such-review", "--store", store_dir, "-f", "csv").stdout.splitlines() == ["title"]

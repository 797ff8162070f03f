"""The whole graph exports to Turtle, N-Quads, JSON-LD and GraphML that other tools can read back."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef

from tests.core_records import BASE, write

REC = URIRef("https://w3id.org/scrgraph/id/review/testtown-scp-child-t/recommendation/1")


@pytest.fixture
def loaded(cli, tmp_path, store_dir):
    cli("load", write(tmp_path / "r.yaml", BASE), "--store", store_dir)
    return store_dir


@pytest.mark.parametrize("fmt, parse_as", [("turtle", "turtle"), ("jsonld", "json-ld")])
def test_single_graph_exports_parse_back(cli, tmp_path, loaded, fmt, parse_as):
    out = tmp_path / f"graph.{fmt}"
    result = cli("export", "--format", fmt, "-o", out, "--store", loaded)
    assert result.exit_code == 0, result.stderr
    graph = Graph().parse(out, format=parse_as)
    assert (REC, URIRef("https://w3id.org/scrgraph/ontology#addressedTo"), URIRef("https://w3id.org/scrgraph/id/agency/lscp")) in graph


def test_nquads_keeps_one_graph_per_review(cli, tmp_path, loaded):
    out = tmp_path / "graph.nq"
    cli("export", "--format", "nquads", "-o", out, "--store", loaded)
    dataset = Dataset().parse(out, format="nquads")
    names = {str(g.identifier) for g in dataset.graphs()}
    assert "https://w3id.org/scrgraph/graph/review/testtown-scp-child-t" in names
    assert "https://w3id.org/scrgraph/graph/ontology" in names


def test_graphml_has_kinds_and_relationships(cli, tmp_path, loaded):
    out = tmp_path / "graph.graphml"
    cli("export", "--format", "graphml", "-o", out, "--store", loaded)
    graph = nx.read_graphml(out)
    assert graph.nodes[str(REC)]["kind"] == "Recommendation"
    assert graph.nodes[str(REC)]["ref"] == "1"
    assert graph.has_edge(str(REC), "https://w3id.org/scrgraph/id/agency/lscp")


def test_export_to_a_missing_folder_is_one_sentence(cli, tmp_path, loaded):
    result = cli("export", "--format", "turtle", "-o", tmp_path / "no" / "g.ttl", "--store", loaded)
    assert result.exit_code == 1 and "does not exist" in result.stderr

"""Every rule a record must keep: a broken record gets one readable sentence, exit 1, and no change.

The JSON Schema checks a record's structure; the SHACL shapes in ontology/shapes.ttl check the rules
between its parts. Both are exercised here through ``scrgraph load`` and ``scrgraph validate``.
"""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, URIRef

from scrgraph.shacl import validate_graph
from tests.core_records import BASE, record, write
from tests.test_store import quads


def _without(path: str):
    def change(data):
        target = data
        *parents, last = path.split(".")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]
        return data
    return change


SHACL_BREAKS = {
    "published before commissioned": (record(**{"review.year_published": 2019}), "published (2019) before it was commissioned (2020)"),
    "duplicate recommendation ref": (record(**{"recommendations.1.ref": "1"}), "share the ref 1"),
    "unknown theme": (record(**{"recommendations.0.themes": ["NOT_A_THEME"]}), "theme NOT_A_THEME is not a theme"),
    "unknown addressee": (record(**{"recommendations.0.addressees": ["ministry_of_magic"]}), "addressee ministry_of_magic is not in the gazetteer"),
    "unknown finding agency": (record(**{"findings.0.agencies": ["ministry_of_magic"]}), "agency ministry_of_magic is not in the gazetteer"),
    "recommendation names a missing finding": (record(**{"recommendations.0.findings": ["F9"]}), "names a finding F9"),
    "unknown responsible agency": (record(**{"measures.0.agency": "ministry_of_magic"}), "responsible agency ministry_of_magic"),
    "measure answers a missing recommendation": (record(**{"measures.0.recommendations": ["99"]}), "answers a recommendation 99"),
    "not accepted without a reason": (record(**{"measures.1.status": "closed_not_accepted"}), "needs a reason"),
    "completed date on an open action": (record(**{"measures.0.status": "in_progress"}), "has a completed date but its status"),
    "passage span runs backwards": (record(**{"findings.0.provenance.span": [50, 10]}), "character span"),
}

SCHEMA_BREAKS = {
    "missing title": (_without("review.title")(record()), "review title is missing"),
    "unknown review type": (record(**{"review.type": "XYZ"}), "review.type 'XYZ' is not one of: SCR, CSPR, SAR, DHR, PFD, OTHER"),
    "empty recommendation text": (record(**{"recommendations.0.text": "   "}), "recommendations[0].text is empty"),
    "unknown status": (record(**{"measures.0.status": "finished"}), "measures[0].status 'finished' is not one of"),
    "impossible date": (record(**{"measures.0.due": "2022-02-30"}), "measures[0].due"),
    "year out of range": (record(**{"review.year_published": 1066}), "review.year_published"),
    "unknown field": (record(**{"review.colour": "blue"}), "review has an unknown field 'colour'"),
    "bad review id": (record(**{"review.id": "Child T!"}), "review.id 'Child T!' is not valid"),
}


@pytest.mark.parametrize("case", sorted(SHACL_BREAKS) + sorted(SCHEMA_BREAKS))
def test_a_broken_record_is_refused_in_one_sentence_and_the_store_is_unchanged(case, cli, tmp_path, store_dir):
    data, expected = SHACL_BREAKS.get(case) or SCHEMA_BREAKS[case]
    good = record(**{"review.id": "goodtown-scp-child-g", "review.subject": "Child G"})
    assert cli("load", write(tmp_path / "good.yaml", good), "--store", store_dir).exit_code == 0
    before = quads(store_dir)
    result = cli("load", write(tmp_path / "broken.yaml", data), "--store", store_dir)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert expected.replace("review title is missing", "'title' is missing") in lines[0]
    assert "Traceback" not in result.stderr
    assert quads(store_dir) == before


@pytest.mark.parametrize("case", sorted(SHACL_BREAKS))
def test_validate_lists_the_broken_rule(case, cli, tmp_path):
    data, expected = SHACL_BREAKS[case]
    result = cli("validate", write(tmp_path / "broken.yaml", data))
    assert result.exit_code == 1
    assert expected in result.stderr


def test_the_base_record_keeps_every_rule(cli, tmp_path):
    result = cli("validate", write(tmp_path / "ok.yaml", BASE))
    assert result.exit_code == 0, result.stderr
    assert "every SHACL rule holds" in result.stderr


def test_validate_checks_the_whole_store(cli, tmp_path, store_dir):
    cli("load", write(tmp_path / "ok.yaml", BASE), "--store", store_dir)
    assert cli("validate", "--store", store_dir).exit_code == 0


def test_a_measure_answering_another_reviews_recommendation_breaks_a_rule():
    """Records cannot express this, but trackers and hand edits of the graph could."""
    from scrgraph.record import check_record
    from scrgraph.shacl import record_graph

    one = check_record(record())
    two = check_record(record(**{"review.id": "otherton-scp-child-o", "review.subject": "Child O"}))
    graph: Graph = record_graph([one, two])
    measure = URIRef("https://w3id.org/scrgraph/id/review/testtown-scp-child-t/measure/A1")
    other_rec = URIRef("https://w3id.org/scrgraph/id/review/otherton-scp-child-o/recommendation/1")
    graph.add((measure, URIRef("https://w3id.org/scrgraph/ontology#answers"), other_rec))
    problems = validate_graph(graph)
    assert any("of another review" in p for p in problems)


def test_an_agency_mention_must_resolve_to_a_known_agency():
    """Records declare their own local agencies; a mention that points nowhere breaks a rule."""
    from scrgraph.record import check_record
    from scrgraph.shacl import record_graph

    graph: Graph = record_graph([check_record(record())])
    mention = URIRef("https://w3id.org/scrgraph/id/review/testtown-scp-child-t/agency/ghost")
    graph.add((mention, RDF.type, URIRef("https://w3id.org/scrgraph/ontology#AgencyMention")))
    graph.add((mention, URIRef("https://w3id.org/scrgraph/ontology#agency"), URIRef("https://w3id.org/scrgraph/id/agency/ghost")))
    assert any("agency ghost is not in the gazetteer" in p for p in validate_graph(graph))

"""`scrgraph neo4j push` against a real Neo4j: the mapping, re-push, one review, removal, changes."""

from __future__ import annotations

import pytest

from scrgraph.derived import DERIVED_GRAPH
from scrgraph.store import GraphStore
from scrgraph.vocab import ONTOLOGY_GRAPH, review_iri
from tests.core_records import BASE, write
from tests.neo4j_helpers import ID, SCR, SECOND_ID, build_store, is_date, second_record, snapshot

pytestmark = pytest.mark.neo4j

FIRST_ID = BASE["review"]["id"]


@pytest.fixture
def store(cli, tmp_path):
    """A store with the core records, the examples and their trackers."""
    return build_store(cli, tmp_path)


def push(cli, store, *args):
    result = cli("neo4j", "push", "--store", store, *args)
    assert result.exit_code == 0, result.stderr
    return result


def expected_counts(store_path):
    """Per scrgraph class and per relationship type, what the store holds (reviews + vocabulary; not
    the derived counts, which stay out of Neo4j)."""
    from scrgraph.neo4j.mapping import label, relationship_type

    with GraphStore.open(store_path) as store:
        _, types = store.select(f"""
            SELECT ?cls (COUNT(DISTINCT ?s) AS ?n) WHERE {{
              GRAPH ?g {{ ?s a ?cls }} FILTER (isIRI(?s) && STRSTARTS(STR(?cls), "{SCR}") && ?g != <{DERIVED_GRAPH}>)
            }} GROUP BY ?cls""")
        _, rels = store.select(f"""
            SELECT DISTINCT ?s ?p ?o WHERE {{
              GRAPH ?g {{ ?s ?p ?o }}
              FILTER (isIRI(?s) && isIRI(?o) && ?p != rdf:type && ?g != <{DERIVED_GRAPH}>)
              FILTER (?g != <{ONTOLOGY_GRAPH}> || EXISTS {{ GRAPH ?g {{ ?o a ?oc }} FILTER STRSTARTS(STR(?oc), "{SCR}") }})
              FILTER (?g != <{ONTOLOGY_GRAPH}> || EXISTS {{ GRAPH ?g {{ ?s a ?sc }} FILTER STRSTARTS(STR(?sc), "{SCR}") }})
            }}""")
    labels = {label(r["cls"]): r["n"] for r in types}
    by_type: dict[str, int] = {}
    for r in rels:
        by_type[relationship_type(r["p"])] = by_type.get(relationship_type(r["p"]), 0) + 1
    return labels, by_type


def test_push_writes_labels_relationships_and_typed_properties(cli, store, neo4j_db):
    result = push(cli, store)
    assert "created" in result.stderr
    labels, rel_types = expected_counts(store)
    for name, count in labels.items():
        got = neo4j_db.run(f"MATCH (n:`{name}`) RETURN count(n) AS n")[0]["n"]
        assert got == count, name
    got_rels = {r["t"]: r["n"] for r in neo4j_db.run("MATCH (:Resource)-[r]->(:Resource) RETURN type(r) AS t, count(r) AS n")}
    assert got_rels == rel_types
    assert neo4j_db.run("MATCH (n) WHERE n:ThemeYearCount OR n:GroupCount RETURN count(n) AS n")[0]["n"] == 0
    # Every node has a unique iri, backed by a constraint.
    row = neo4j_db.run("MATCH (n:Resource) RETURN count(n) AS n, count(DISTINCT n.iri) AS d, count(n.iri) AS c")[0]
    assert row["n"] == row["d"] == row["c"] > 0
    constraints = neo4j_db.run("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type")
    assert {"labelsOrTypes": ["Resource"], "properties": ["iri"], "type": "UNIQUENESS"} in constraints
    # Typed properties: dates, integers, booleans, lists.
    measure = neo4j_db.run("MATCH (m:Measure {iri: $iri}) RETURN m", iri=f"{ID}review/{FIRST_ID}/measure/A1")[0]["m"]
    assert is_date(measure["dueDate"]) and measure["dueDate"].iso_format() == "2022-03-31"
    assert is_date(measure["completedDate"])
    review = neo4j_db.run("MATCH (r:Review {identifier: $id}) RETURN r", id=FIRST_ID)[0]["r"]
    assert review["year"] == 2021 and isinstance(review["year"], int)
    assert review["iri"] == review_iri(FIRST_ID)
    resolved = {r["id"]: r["resolved"] for r in neo4j_db.run("MATCH (s:ActionStatus) RETURN s.notation AS id, s.resolved AS resolved")}
    assert resolved["completed"] is True and resolved["in_progress"] is False
    mention = neo4j_db.run("MATCH (m:AgencyMention)-[:AGENCY]->(:Agency {notation: 'police'}) "
                           "WHERE m.iri STARTS WITH $r RETURN m.asWritten AS w", r=review_iri(FIRST_ID))[0]
    assert mention["w"] == "Testtown Police"
    # Provenance passages stay on the items they belong to.
    passage = neo4j_db.run("MATCH (:Finding {ref: 'F1'})-[:WAS_DERIVED_FROM]->(p:Passage) WHERE p.iri STARTS WITH $r "
                           "RETURN p.page AS page, p.paragraphRef AS para", r=review_iri(FIRST_ID))[0]
    assert passage == {"page": 3, "para": "3.1"}
    # Relationships of the model.
    assert neo4j_db.run("MATCH (r:Recommendation {ref: '1'})-[:ADDRESSED_TO]->(a:Agency) "
                        "WHERE a.notation = 'lscp' AND r.iri STARTS WITH $t RETURN count(*) AS n", t=ID + "review/testtown")[0]["n"] == 2
    assert neo4j_db.run("MATCH (m:Measure)-[:STATUS_RECORD]->(:StatusRecord)-[:STATUS]->(:ActionStatus) RETURN count(DISTINCT m) AS n")[0]["n"] > 0


def test_tracker_imports_give_dated_status_records(cli, store, neo4j_db):
    push(cli, store)
    rows = neo4j_db.run("MATCH (s:StatusRecord) WHERE s.asOf IS NOT NULL RETURN s.asOf AS d")
    if not rows:
        pytest.skip("the example trackers are not present")
    assert all(is_date(r["d"]) for r in rows)
    assert neo4j_db.run("MATCH (s:StatusRecord)-[:WAS_GENERATED_BY]->(:TrackerImport) RETURN count(s) AS n")[0]["n"] == len(rows)


def test_pushing_twice_changes_nothing(cli, store, neo4j_db):
    push(cli, store)
    before = snapshot(neo4j_db)
    result = push(cli, store)
    assert "nothing changed" in result.stderr
    assert snapshot(neo4j_db) == before


def test_a_review_removed_from_the_store_is_removed_from_neo4j(cli, store, neo4j_db):
    push(cli, store)
    before = snapshot(neo4j_db)
    assert cli("remove", SECOND_ID, "--store", store, "--quiet").exit_code == 0
    result = push(cli, store)
    assert "removed" in result.stderr and SECOND_ID in result.stderr
    gone = neo4j_db.run("MATCH (n:Resource) WHERE n.iri STARTS WITH $r RETURN count(n) AS n", r=review_iri(SECOND_ID) + "/")
    assert gone[0]["n"] == 0
    assert neo4j_db.run("MATCH (r:Review {identifier: $id}) RETURN count(r) AS n", id=SECOND_ID)[0]["n"] == 0
    # Shared nodes stay: the board of the other review, the agencies, themes and statuses.
    assert neo4j_db.run("MATCH (:Review {identifier: $id})-[:BOARD]->(b:Board) RETURN count(b) AS n", id=FIRST_ID)[0]["n"] == 1
    for name in ("Agency", "Theme", "ActionStatus", "ActionType"):
        assert neo4j_db.run(f"MATCH (n:{name}) RETURN count(n) AS n")[0]["n"] == \
            sum(1 for labels, _ in before[0].values() if name in labels)
    # The same graph as a push of the smaller store into an empty database.
    after = snapshot(neo4j_db)
    neo4j_db.wipe()
    push(cli, store)
    assert snapshot(neo4j_db) == after


def test_a_corrected_review_replaces_its_nodes(cli, store, neo4j_db, tmp_path):
    push(cli, store)
    corrected = second_record()
    corrected["review"]["title"] = "Child U: the corrected review"
    corrected["recommendations"] = corrected["recommendations"][:1]
    corrected["measures"] = corrected["measures"][:1]
    assert cli("load", write(tmp_path / "u2.yaml", corrected), "--store", store, "--quiet").exit_code == 0
    result = push(cli, store)
    written = result.stderr.split("unchanged")[0]
    assert SECOND_ID in written and FIRST_ID not in written
    assert neo4j_db.run("MATCH (r:Review {identifier: $id}) RETURN r.title AS t", id=SECOND_ID) == [{"t": "Child U: the corrected review"}]
    recs = neo4j_db.run("MATCH (r:Recommendation)-[:IS_PART_OF]->(:Review {identifier: $id}) RETURN r.ref AS ref", id=SECOND_ID)
    assert recs == [{"ref": "1"}]
    after = snapshot(neo4j_db)
    neo4j_db.wipe()
    push(cli, store)
    assert snapshot(neo4j_db) == after


def test_pushing_one_review(cli, store, neo4j_db):
    result = push(cli, store, "--review", SECOND_ID)
    assert SECOND_ID in result.stderr
    reviews = [r["id"] for r in neo4j_db.run("MATCH (r:Review) RETURN r.identifier AS id")]
    assert reviews == [SECOND_ID]
    assert neo4j_db.run("MATCH (a:Agency) RETURN count(a) AS n")[0]["n"] > 0
    # Then everything: the rest is added, the review already there is left alone.
    result = push(cli, store)
    assert f"{SECOND_ID}" not in result.stderr.split("written")[1].split("unchanged")[0] or "nothing" in result.stderr
    full = snapshot(neo4j_db)
    neo4j_db.wipe()
    push(cli, store)
    assert snapshot(neo4j_db) == full
    # --review of a review removed from the store removes it, and only it.
    assert cli("remove", SECOND_ID, "--store", store, "--quiet").exit_code == 0
    push(cli, store, "--review", SECOND_ID)
    ids = {r["id"] for r in neo4j_db.run("MATCH (r:Review) RETURN r.identifier AS id")}
    assert SECOND_ID not in ids and FIRST_ID in ids


def test_pushing_an_unknown_review_is_one_sentence(cli, store, neo4j_db):
    result = cli("neo4j", "push", "--store", store, "--review", "no-such-review")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: There is no review 'no-such-review'") and result.stderr.count("\n") == 1

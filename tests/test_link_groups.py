"""Recurring-recommendation groups read as plain English, can be named, and keep their ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrgraph.store import GraphStore

GROUPS = "SELECT ?id ?label ?member WHERE { ?g a scr:RecurrenceGroup ; dcterms:identifier ?id ; rdfs:label ?label ; scr:member ?m . ?m scr:ref ?ref ; dcterms:isPartOf/dcterms:identifier ?review BIND (CONCAT(?review, ':', ?ref) AS ?member) }"


def groups(store_dir: Path) -> dict[str, tuple[str, set[str]]]:
    """Each group id with its label and members (review-id:ref)."""
    with GraphStore.open(store_dir) as store:
        rows = store.select(GROUPS)[1]
    out: dict[str, tuple[str, set[str]]] = {}
    for row in rows:
        out.setdefault(row["id"], (row["label"], set()))[1].add(row["member"])
    return out


def id_of(store_dir: Path, member: str) -> str:
    return next(gid for gid, (_, members) in groups(store_dir).items() if member in members)


LINK_SCORES = """SELECT ?a ?b ?score WHERE { ?l a scr:RecommendationLink ; scr:linkSource ?ra ; scr:linkTarget ?rb ; scr:score ?score .
  ?ra scr:ref ?refa ; dcterms:isPartOf/dcterms:identifier ?ida . ?rb scr:ref ?refb ; dcterms:isPartOf/dcterms:identifier ?idb .
  BIND (CONCAT(?ida, ":", ?refa) AS ?a) BIND (CONCAT(?idb, ":", ?refb) AS ?b) }"""


def best_link(store_dir: Path, member: str, within: set[str]) -> float:
    """The best score of ``member``'s links to the others of ``within``."""
    with GraphStore.open(store_dir) as store:
        rows = store.select(LINK_SCORES)[1]
    return max(float(row["score"]) for row in rows if member in (row["a"], row["b"]) and {row["a"], row["b"]} <= within)


@pytest.fixture
def examples_store(cli, examples_dir, store_dir):
    assert cli("load", examples_dir / "records", "--store", store_dir).exit_code == 0
    return store_dir


def test_labels_are_a_shortened_ask_not_a_list_of_keywords(examples_store):
    for label, _ in groups(examples_store).values():
        assert " · " not in label and label[:1].isupper() and len(label.split()) <= 11


def test_ids_survive_confirms_and_rejects_while_most_members_stay(cli, examples_store):
    before = groups(examples_store)
    big = max(before, key=lambda gid: len(before[gid][1]))
    members = sorted(before[big][1])
    assert len(members) >= 3
    outsider = next(m for gid, (_, ms) in before.items() if gid != big for m in sorted(ms))
    assert cli("link", "confirm", members[0], outsider, "--store", examples_store, "--quiet").exit_code == 0
    assert id_of(examples_store, members[0]) == big
    # Rejecting a pair with the group's most loosely linked member cuts that member's links alone.
    loosest = min(members[1:], key=lambda member: best_link(examples_store, member, set(members)))
    assert cli("link", "reject", members[0], loosest, "--store", examples_store, "--quiet").exit_code == 0
    after = groups(examples_store)
    assert big in after and len(after[big][1] & set(members)) * 2 > len(members)
    untouched = {gid for gid, (_, ms) in before.items() if outsider not in ms and gid != big}
    assert untouched <= set(after)


def test_an_analysts_name_replaces_the_label_and_stays_through_a_relink(cli, examples_store):
    gid = id_of(examples_store, "northtown-lscb-baby-a:4.1")
    result = cli("link", "name", gid, "Pre-birth referral thresholds", "--store", examples_store, "--quiet")
    assert result.exit_code == 0, result.stderr
    assert cli("link", "--store", examples_store, "--quiet").exit_code == 0
    assert groups(examples_store)[gid][0] == "Pre-birth referral thresholds"


def test_naming_an_unknown_group_is_refused_in_one_sentence(cli, examples_store):
    result = cli("link", "name", "no-such-group", "Anything", "--store", examples_store)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert not (examples_store / "link-names.yaml").exists()

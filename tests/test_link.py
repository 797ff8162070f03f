"""`scrgraph link`: recurring recommendations across reviews, with scores, reasons and analysts' decisions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scrgraph.store import GraphStore

GROUPS = """
SELECT ?group ?label ?first ?last ?review ?ref WHERE {
  ?g a scr:RecurrenceGroup ; dcterms:identifier ?group ; rdfs:label ?label ; scr:member ?rec .
  OPTIONAL { ?g scr:firstYear ?first ; scr:lastYear ?last }
  ?rec scr:ref ?ref ; dcterms:isPartOf/dcterms:identifier ?review .
}"""
LINKS = """
SELECT ?a ?b ?score ?decision (GROUP_CONCAT(?reason; separator=" | ") AS ?reasons) WHERE {
  ?l a scr:RecommendationLink ; scr:linkSource ?ra ; scr:linkTarget ?rb ; scr:score ?score ; scr:decision ?decision .
  OPTIONAL { ?l scr:reason ?reason }
  ?ra scr:ref ?refa ; dcterms:isPartOf/dcterms:identifier ?ida .
  ?rb scr:ref ?refb ; dcterms:isPartOf/dcterms:identifier ?idb .
  BIND (CONCAT(?ida, ":", ?refa) AS ?a) BIND (CONCAT(?idb, ":", ?refb) AS ?b)
} GROUP BY ?a ?b ?score ?decision"""


def groups(store_dir: Path) -> dict[str, set[str]]:
    """Each group's members as review-id:ref."""
    with GraphStore.open(store_dir) as store:
        rows = store.select(GROUPS)[1]
    out: dict[str, set[str]] = {}
    for row in rows:
        out.setdefault(row["group"], set()).add(f"{row['review']}:{row['ref']}")
    return out


def group_of(store_dir: Path, member: str) -> set[str]:
    """The members of the group holding ``member`` (empty when it is in none)."""
    return next((g for g in groups(store_dir).values() if member in g), set())


@pytest.fixture
def examples_store(cli, examples_dir, store_dir):
    """The example reviews, loaded (which links them)."""
    result = cli("load", examples_dir / "records", "--store", store_dir)
    assert result.exit_code == 0, result.stderr
    assert "recurring-recommendation groups" in result.stderr
    return store_dir


def test_paraphrased_recommendations_years_apart_are_grouped(examples_store):
    # Child Q 4.1 (share what is known about unborn babies early) restates its own 4.2 and is most
    # like Child M 4 elsewhere: it joins their group through 4.2 (scrgraph/linking/restated.py).
    assert group_of(examples_store, "northtown-lscb-baby-a:4.1") == {
        "northtown-lscb-baby-a:4.1", "northtown-scp-child-m:4", "northtown-scp-child-q:4.2", "northtown-scp-child-q:4.1"}
    assert {"northtown-lscb-child-k:1", "northtown-scp-child-r:1"} <= group_of(examples_store, "northtown-lscb-child-k:1")
    assert "northtown-scp-child-r:2" in group_of(examples_store, "northtown-lscb-baby-a:4.3")


# The lessons the examples repeat on purpose, and one that repeats an ask in part: Mr D's board asks
# for "a clear route to escalate when agencies disagree" inside a self-neglect procedure.
REPEATED = {"northtown-lscb-baby-a:4.1", "northtown-scp-child-m:4", "northtown-scp-child-q:4.2", "northtown-scp-child-q:4.1",
            "northtown-lscb-baby-a:4.2", "northtown-scp-child-m:1", "northtown-scp-child-q:4.4",
            "northtown-lscb-baby-a:4.3", "northtown-scp-child-m:2", "northtown-scp-child-r:2",
            "northtown-lscb-child-k:1", "northtown-scp-child-r:1", "riverside-sab-mr-d:2"}


def test_unrelated_recommendations_stay_out_of_groups(examples_store):
    grouped = set().union(*groups(examples_store).values())
    assert grouped <= REPEATED
    for alone in ("riverside-sab-mr-d:1", "riverside-sab-mr-d:3", "northtown-scp-child-q:4.3", "northtown-lscb-child-k:3"):
        assert alone not in grouped


def test_history_and_fathers_lessons_stay_in_separate_groups(examples_store):
    """Child R 2 asks for men's history to be checked: it joins the fathers group, not the history one."""
    history = group_of(examples_store, "northtown-lscb-baby-a:4.2")
    assert {"northtown-scp-child-m:1", "northtown-scp-child-q:4.4"} <= history
    assert not history & {"northtown-lscb-baby-a:4.3", "northtown-scp-child-m:2", "northtown-scp-child-r:2"}


def test_groups_have_a_label_and_their_span_of_years(examples_store):
    with GraphStore.open(examples_store) as store:
        rows = [r for r in store.select(GROUPS)[1] if r["review"] == "northtown-lscb-baby-a" and r["ref"] == "4.1"]
    assert rows[0]["first"] == 2011 and rows[0]["last"] == 2022
    label = rows[0]["label"]
    assert " · " not in label and "referr" in label.lower() and ("unborn" in label.lower() or "pre-birth" in label.lower())


def test_links_keep_their_score_and_reasons_and_join_different_reviews(examples_store):
    with GraphStore.open(examples_store) as store:
        links = store.select(LINKS)[1]
    assert links
    for link in links:
        assert link["a"].split(":")[0] != link["b"].split(":")[0]
        assert 0 < float(link["score"]) <= 1
        assert "similar wording" in link["reasons"]
    pre_birth = next(link for link in links if {link["a"], link["b"]} == {"northtown-lscb-baby-a:4.1", "northtown-scp-child-q:4.2"})
    assert "PRE_BIRTH" in pre_birth["reasons"] and "pre-birth" in pre_birth["reasons"]


def test_decisions_survive_relinking_and_reloading(cli, examples_store, examples_dir):
    assert cli("link", "reject", "northtown-lscb-child-k:1", "northtown-scp-child-r:1", "--store", examples_store).exit_code == 0
    assert cli("link", "confirm", "northtown-lscb-baby-a:4.2", "northtown-scp-child-q:4.4", "--store", examples_store).exit_code == 0
    for again in (("link",), ("load", examples_dir / "records")):
        assert cli(*again, "--store", examples_store).exit_code == 0
        assert group_of(examples_store, "northtown-lscb-child-k:1") == set()
        assert "northtown-scp-child-q:4.4" in group_of(examples_store, "northtown-lscb-baby-a:4.2")
    assert "rejected" in (examples_store / "link-decisions.yaml").read_text(encoding="utf-8")


def test_a_long_link_says_what_it_is_doing(examples_store):
    """'scrgraph link' shows these stages beside a spinner while it works."""
    import scrgraph

    stages: list[str] = []
    with scrgraph.open(examples_store) as graph:
        summary = graph.link(stages.append)
    assert stages == ["reading the recommendations", f"comparing {summary.recommendations:,} recommendations",
                      f"grouping {summary.links:,} links", "writing the links"]


def test_removing_a_review_relinks_the_rest(cli, examples_store):
    assert "northtown-scp-child-r:1" in group_of(examples_store, "northtown-lscb-child-k:1")
    assert cli("remove", "northtown-scp-child-r", "--store", examples_store).exit_code == 0
    assert not any(m.startswith("northtown-scp-child-r:") for g in groups(examples_store).values() for m in g)
    assert group_of(examples_store, "northtown-lscb-child-k:1") <= {"northtown-lscb-child-k:1", "riverside-sab-mr-d:2"}


@pytest.mark.parametrize("args, expected", [
    (("confirm", "northtown-lscb-baby-a:9.9", "northtown-scp-child-q:4.2"), "There is no recommendation 'northtown-lscb-baby-a:9.9'"),
    (("reject", "northtown-lscb-baby-a:4.1", "northtown-lscb-baby-a:4.2"), "Both recommendations come from the same review"),
])
def test_bad_decisions_are_refused_in_one_sentence(cli, examples_store, args, expected):
    result = cli("link", *args, "--store", examples_store)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0]
    assert not (examples_store / "link-decisions.yaml").exists()


def test_the_seed_reviews_share_two_recurring_recommendations(cli, seeds_dir, tmp_path, store_dir):
    """Child F (about 2009) and Baby William (2019) ask for the same two things in other words."""
    pytest.importorskip("scrgraph.extract")
    out = tmp_path / "records"
    out.mkdir()
    for name in ("child-f-executive-summary.txt", "baby-william-learning-briefing.md"):
        shutil.copy(seeds_dir / name, tmp_path / name)
        result = cli("extract", tmp_path / name, "-o", out / (Path(name).stem + ".yaml"))
        assert result.exit_code == 0, result.stderr
    assert cli("load", out, "--store", store_dir).exit_code == 0
    with GraphStore.open(store_dir) as store:
        ids = {r["id"]: r["title"] for r in store.select("SELECT ?id ?title WHERE { ?r a scr:Review ; dcterms:identifier ?id ; dcterms:title ?title }")[1]}
    child_f = next(i for i, t in ids.items() if "Child F" in t)
    william = next(i for i, t in ids.items() if "William" in t)
    assert f"{william}:1" in group_of(store_dir, f"{child_f}:4.2")
    assert f"{william}:3" in group_of(store_dir, f"{child_f}:4.6")
    grouped = set().union(*groups(store_dir).values())
    assert len([g for g in grouped if g.startswith(child_f)]) <= 6

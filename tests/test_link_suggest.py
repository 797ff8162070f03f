"""`scrgraph link suggest` and `link learn`: ranked look-alikes in other reviews, and decisions that teach."""

from __future__ import annotations

import numpy as np
import pytest

from scrgraph.linking.corpus import Recommendation
from scrgraph.linking.learn import fit_weights
from scrgraph.linking.settings import link_settings
from scrgraph.linking.similarity import FEATURES, SimilarityModel


@pytest.fixture
def examples_store(cli, examples_dir, store_dir):
    """The example reviews, loaded."""
    assert cli("load", examples_dir / "records", "--store", store_dir).exit_code == 0
    return store_dir


def suggested(cli, store, item, *extra) -> list[str]:
    """The handles suggested for ``item``, best first."""
    result = cli("link", "suggest", item, "--store", store, *extra)
    assert result.exit_code == 0, result.stderr
    return [line.split()[2] for line in result.stdout.splitlines() if line.startswith(item + "  ")]


def test_a_recommendation_is_shown_its_paraphrases_in_other_reviews_with_reasons(cli, examples_store):
    result = cli("link", "suggest", "northtown-lscb-baby-a:4.1", "--limit", "3", "--store", examples_store)
    assert result.exit_code == 0, result.stderr
    found = suggested(cli, examples_store, "northtown-lscb-baby-a:4.1", "--limit", "3")
    assert len(found) == 3 and not any(f.startswith("northtown-lscb-baby-a:") for f in found)
    assert {"northtown-scp-child-q:4.2", "northtown-scp-child-m:4"} & set(found[:2])
    assert "similar asks" in result.stdout


def test_findings_get_suggestions_too(cli, examples_store):
    result = cli("link", "suggest", "--limit", "1", "--store", examples_store)
    assert result.exit_code == 0, result.stderr
    assert ":finding-" in result.stdout


def test_a_rejected_pair_is_not_suggested_again(cli, examples_store):
    first = suggested(cli, examples_store, "northtown-lscb-baby-a:4.1")[0]
    assert cli("link", "reject", "northtown-lscb-baby-a:4.1", first, "--store", examples_store, "--quiet").exit_code == 0
    assert first not in suggested(cli, examples_store, "northtown-lscb-baby-a:4.1")


def test_an_unknown_item_is_refused_in_one_sentence(cli, examples_store):
    result = cli("link", "suggest", "northtown-lscb-baby-a:9.9", "--store", examples_store)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1


def test_learning_needs_both_kinds_of_decision(cli, examples_store):
    assert cli("link", "confirm", "northtown-lscb-baby-a:4.1", "northtown-scp-child-q:4.2", "--store", examples_store, "--quiet").exit_code == 0
    result = cli("link", "learn", "--store", examples_store)
    assert result.exit_code == 1 and "rejected" in result.stderr


def test_learn_reports_weights_and_ranks(cli, examples_store):
    partner = suggested(cli, examples_store, "northtown-lscb-baby-a:4.1")[0]
    wrong = suggested(cli, examples_store, "northtown-lscb-child-k:1")[-1]
    cli("link", "confirm", "northtown-lscb-baby-a:4.1", partner, "--store", examples_store, "--quiet")
    cli("link", "reject", "northtown-lscb-child-k:1", wrong, "--store", examples_store, "--quiet")
    result = cli("link", "learn", "--store", examples_store)
    assert result.exit_code == 0, result.stderr
    assert "Weights after" in result.stdout and (examples_store / "link-weights.yaml").exists()


# A board whose decisions say: the same lesson goes to the same agency, whatever the template
# wording around it. Each topic has a lesson in two reviews (same addressee, one word in common)
# and a decoy in a third review (another addressee, but three words of its template in common).
TOPICS = ["fostering", "housing", "truancy", "dentistry", "benefits", "sentencing", "tenancy", "ambulance", "pharmacy", "custody"]
TEMPLATES = [("quarterly", "dashboard", "ledger"), ("annual", "bulletin", "roster"), ("monthly", "register", "digest"),
             ("weekly", "timetable", "inventory"), ("biannual", "almanac", "catalogue"), ("daily", "logbook", "schedule"),
             ("seasonal", "newsletter", "directory"), ("termly", "gazette", "handbook"), ("nightly", "journal", "manifest"),
             ("hourly", "tally", "archive")]


def _fixture() -> list[Recommendation]:
    items = []
    for k, (topic, words) in enumerate(zip(TOPICS, TEMPLATES, strict=True)):
        template = " ".join(words)
        texts = [(f"lesson-{k}-a", f"Audit {topic} arrangements with a {template}", f"agency{k}"),
                 (f"lesson-{k}-b", f"Commission independent {topic} scrutiny", f"agency{k}"),
                 (f"decoy-{k}", f"Publish a {template} about parking", f"other{k}")]
        for review, text, agency in texts:
            items.append(Recommendation(f"urn:{review}", review, None, "1", text, frozenset(), frozenset({agency})))
    return items


def _partner_rank(model: SimilarityModel, weights: dict[str, float], topics: range) -> float:
    ranks = []
    for k in topics:
        scores = model.scores(np.array([3 * k]), weights)[0]
        ranks.append(int((scores > scores[3 * k + 1]).sum()) + 1)
    return float(np.mean(ranks))


def test_decisions_on_some_pairs_rank_held_back_pairs_better():
    model = SimilarityModel(_fixture(), link_settings())
    decided, held_back = range(0, 5), range(5, 10)
    rows, labels = [], []
    for k in decided:
        for other, label in ((3 * k + 1, 1), (3 * k + 2, 0)):
            features = model.features(np.array([3 * k]))
            rows.append([features[name][0, other] for name in FEATURES])
            labels.append(label)
    learned = fit_weights(np.array(rows), np.array(labels))
    before = _partner_rank(model, link_settings().suggestion_weights, held_back)
    after = _partner_rank(model, learned, held_back)
    assert before > 1 and after < before


def test_the_same_phrase_in_other_words_ranks_above_the_same_words_apart():
    """"Referral criteria" and "criteria for such referrals" say one thing; "referrals ... criteria
    for housing" only shares the two words. The pairs of neighbouring terms tell them apart."""
    texts = [("r-1", "The partnership should publish its referral criteria for unborn babies."),
             ("r-2", "Practitioners need a shared clarity about the criteria for such referrals."),
             ("r-3", "Referrals from the discharge team should follow the new criteria for housing.")]
    items = [Recommendation(f"urn:{review}", review, None, "1", text, frozenset(), frozenset()) for review, text in texts]
    model = SimilarityModel(items, link_settings())
    pairs = model.lexical_features(np.array([0]))["pairs"][0]
    assert pairs[1] > 0 and pairs[2] == 0
    scores = model.scores(np.array([0]))[0]
    assert scores[1] > scores[2]

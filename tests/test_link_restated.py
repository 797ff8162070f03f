"""A recommendation that restates a linked one of its own review joins that one's group."""

from __future__ import annotations

from scrgraph.linking.corpus import Recommendation
from scrgraph.linking.decisions import REJECTED
from scrgraph.linking.groups import make_groups
from scrgraph.linking.run import find_links
from scrgraph.linking.settings import link_settings

# Review a asks for referral criteria twice: of the board (1) and of the services (2). Review b asks
# for them once (1), in words much like a:1 and less like a:2, which alone would not reach the threshold.
TEXTS = [
    ("a", "1", "The board should publish clear criteria for referring concerns about unborn babies to children's social care."),
    ("a", "2", "Substance misuse teams should agree with health visitors the criteria for referring a worry."),
    ("a", "3", "Schools should keep attendance records for pupils educated at home."),
    ("b", "1", "The partnership should check that concerns about unborn babies are referred early, with clear criteria."),
    ("b", "2", "Housing officers should be trained to recognise hoarding."),
]
RECS = [Recommendation(f"urn:x:{review}#{ref}", review, 2020, ref, text, frozenset({"PRE_BIRTH"}), frozenset())
        for review, ref, text in TEXTS]


def _grouped(decisions: dict[tuple[str, str], str]) -> list[set[str]]:
    settings = link_settings()
    links, wording, maker = find_links(RECS, settings, decisions)
    kept = [(p.source, p.target, p.score) for p, decision in links if decision != REJECTED]
    return [{RECS[m].key for m in group.members} for group in make_groups(RECS, kept, wording.whole, wording.terms, maker)]


def test_a_restated_recommendation_joins_the_group_of_the_one_it_restates():
    links = find_links(RECS, link_settings(), {})[0]
    restating = [pair for pair, _ in links if any("restates" in reason for reason in pair.reasons)]
    assert [(RECS[p.source].key, RECS[p.target].key) for p in restating] == [("a:2", "b:1")]
    assert restating[0].score < link_settings().threshold  # on its own it would not have been linked
    assert "a:2 restates a:1, which is linked to b:1" in restating[0].reasons
    assert _grouped({}) == [{"a:1", "a:2", "b:1"}]


def test_without_the_link_it_restates_it_stays_out():
    assert _grouped({("a:1", "b:1"): REJECTED}) == []

"""Terms made in a helper process while recommendations are read give the same links and suggestions."""

from __future__ import annotations

import pytest

from scrgraph.linking import background
from scrgraph.linking.background import WordingMaker
from scrgraph.linking.settings import link_settings
from scrgraph.linking.text import TermMaker, vectorise
from scrgraph.store import GraphStore
from tests.serve_server import EXAMPLES, cli


@pytest.fixture
def helper_for_every_few_texts(monkeypatch):
    """The helper starts at once and takes texts five at a time (it waits for 20,000 otherwise)."""
    monkeypatch.setattr(background, "MIN_TEXTS", 1)
    monkeypatch.setattr(background, "CHUNK", 5)


def _links(store_dir):
    with GraphStore.open(store_dir) as store:
        return sorted(map(tuple, store.select_values(
            "SELECT ?a ?b ?score WHERE { ?l scr:linkSource/scr:ref ?a ; scr:linkTarget/scr:ref ?b ; scr:score ?score }")))


def test_link_and_suggest_are_the_same_with_terms_made_in_a_helper(tmp_path, monkeypatch):
    cli("load", EXAMPLES, "--store", tmp_path / "here", "-q", "--no-link")
    cli("load", EXAMPLES, "--store", tmp_path / "helper", "-q", "--no-link")
    said_here = cli("link", "--store", tmp_path / "here")
    suggested_here = cli("link", "suggest", "--store", tmp_path / "here")
    started = []
    original = WordingMaker._send
    monkeypatch.setattr(WordingMaker, "_send", lambda self: (started.append(1), original(self)))
    monkeypatch.setattr(background, "MIN_TEXTS", 1)
    monkeypatch.setattr(background, "CHUNK", 5)
    assert cli("link", "--store", tmp_path / "helper") == said_here
    assert cli("link", "suggest", "--store", tmp_path / "helper") == suggested_here
    assert started, "the helper process was never given texts"
    assert _links(tmp_path / "helper") == _links(tmp_path / "here") != []


def test_a_helper_that_stops_leaves_the_terms_to_be_made_here(helper_for_every_few_texts):
    settings = link_settings()
    texts = [f"Agencies should audit referral number {n} and train staff on escalation." for n in range(23)]
    expected_maker = TermMaker(settings)
    expected = vectorise(texts, expected_maker, settings.who_weight)
    with WordingMaker(settings) as terms:
        for n, text in enumerate(texts):
            terms.add(str(n), text)
        terms._helper.kill()  # the helper dies (killed by the system, say) before it is asked for the rows
        maker = TermMaker(settings)
        made = terms.make([str(n) for n in range(len(texts))], texts, maker)
    assert (made.wording.whole != expected.whole).nnz == 0 and made.wording.terms == expected.terms
    assert [maker.readable(t) for t in expected.terms] == [expected_maker.readable(t) for t in expected.terms]

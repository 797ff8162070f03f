"""Suggestions: for a recommendation or finding, the most similar items of other reviews, with reasons."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from scrgraph.errors import ScrgraphError
from scrgraph.linking.background import WordingMaker
from scrgraph.linking.corpus import read_recommendations
from scrgraph.linking.decisions import REJECTED, decisions_path, pair_key, read_decisions
from scrgraph.linking.learn import read_weights
from scrgraph.linking.settings import link_settings
from scrgraph.linking.similarity import SimilarityModel, ask_rows

if TYPE_CHECKING:
    from scrgraph.backend import Store

ROWS_PER_BATCH = 64


@dataclass(frozen=True)
class Suggestion:
    """One item of another review suggested as asking for the same change."""

    item: str
    other: str
    other_text: str
    rank: int
    score: float
    reasons: tuple[str, ...]
    decision: str


def _ranked(model: SimilarityModel, rows: np.ndarray, weights: dict[str, float], decisions: dict[tuple[str, str], str],
            limit: int) -> list[Suggestion]:
    items = model.items
    out: list[Suggestion] = []
    for start in range(0, rows.size, ROWS_PER_BATCH):
        batch = rows[start:start + ROWS_PER_BATCH]
        scores = model.scores(batch, weights)
        asks = ask_rows(model.wording, batch)
        for n, row in enumerate(batch):
            rank = 0
            for other in np.argsort(-scores[n], kind="stable"):
                if rank == limit or not np.isfinite(scores[n, other]):
                    break
                decision = decisions.get(pair_key(items[row].key, items[other].key), "")
                if decision == REJECTED:
                    continue
                rank += 1
                out.append(Suggestion(items[row].key, items[other].key, items[other].text, rank, round(float(scores[n, other]), 4),
                                      tuple(model.reasons(int(row), int(other), float(asks[n, other]))), decision))
    return out


def suggest(store: Store, store_path: Path | None = None, key: str | None = None, limit: int = 5) -> list[Suggestion]:
    """For the item named ``key`` (``REVIEW-ID:REF``, or ``REVIEW-ID:finding-REF``), or for every
    recommendation and finding when ``key`` is None, its ``limit`` most similar items of other reviews,
    best first, each with its reasons. Pairs an analyst rejected are left out; weights learned from
    the store's decisions (``scrgraph link learn``) are used when there are any.
    """
    settings = link_settings()
    with WordingMaker(settings) as terms:  # makes their terms while they are read (on another core, for many)
        items = read_recommendations(store, findings=True, on_text=terms.add)
        keys = {item.key: n for n, item in enumerate(items)}
        if key is not None and key not in keys:
            raise ScrgraphError(f"There is no recommendation {key!r} in the store; name a recommendation as REVIEW-ID:REF or a finding as REVIEW-ID:finding-REF.")
        if len({item.review_id for item in items}) < 2:
            return []
        decisions = read_decisions(decisions_path(store_path)) if store_path else {}
        weights = read_weights(store_path, settings) if store_path else settings.suggestion_weights
        model = SimilarityModel(items, settings, terms)
    rows = np.array([keys[key]]) if key is not None else np.arange(len(items))
    return _ranked(model, rows, weights, decisions, limit)



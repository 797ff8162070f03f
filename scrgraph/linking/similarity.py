"""Similarity of items (recommendations and findings) to every other: what suggestions are ranked by."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from scrgraph.linking.candidates import indicator_matrix
from scrgraph.linking.corpus import Recommendation
from scrgraph.linking.scoring import shared_terms
from scrgraph.linking.settings import LinkSettings
from scrgraph.linking.text import TermMaker, Wording, short_ask, vectorise

FEATURES = ("asks", "whole", "core", "themes", "addressees")
CORE_WORDS = 14  # the words of the main ask compared as its "core": the action and its object


def _jaccard_rows(indicator: sparse.csr_matrix, rows: np.ndarray) -> np.ndarray:
    """Jaccard overlap of the sets in ``rows`` with every set (one row of output per row asked)."""
    if indicator.shape[1] == 0:
        return np.zeros((rows.size, indicator.shape[0]), dtype=np.float32)
    common = (indicator[rows] @ indicator.T).toarray()
    sizes = np.asarray(indicator.sum(axis=1)).ravel()
    union = sizes[rows][:, None] + sizes[None, :] - common
    return np.divide(common, union, out=np.zeros_like(common), where=union > 0)


def ask_rows(wording: Wording, rows: np.ndarray) -> np.ndarray:
    """For each text in ``rows``, its similarity to every text: the best cosine between their asks."""
    owner = wording.owner
    out = np.zeros((rows.size, wording.ask_start.size - 1), dtype=np.float32)
    for n, row in enumerate(rows):
        mine = wording.asks[wording.ask_start[row]:wording.ask_start[row + 1]]
        if mine.shape[0] and owner.size:
            np.maximum.at(out[n], owner, (mine @ wording.asks.T).toarray().max(axis=0))
    return out


class SimilarityModel:
    """Everything needed to score items against all others, built once for a list of items."""

    def __init__(self, items: list[Recommendation], settings: LinkSettings) -> None:
        self.items = items
        self.settings = settings
        self.maker = TermMaker(settings)
        self.wording = vectorise([r.text for r in items], self.maker, settings.who_weight)
        self.core = vectorise([short_ask(r.text, CORE_WORDS) for r in items], self.maker, settings.who_weight).whole
        self.themes = indicator_matrix([r.themes for r in items])
        self.addressees = indicator_matrix([r.addressees for r in items])
        self.reviews = np.array([r.review_id for r in items])

    def features(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        """The similarities of each item in ``rows`` to every item, by feature (see ``FEATURES``)."""
        return {"asks": ask_rows(self.wording, rows),
                "whole": (self.wording.whole[rows] @ self.wording.whole.T).toarray(),
                "core": (self.core[rows] @ self.core.T).toarray(),
                "themes": _jaccard_rows(self.themes, rows), "addressees": _jaccard_rows(self.addressees, rows)}

    def scores(self, rows: np.ndarray, weights: dict[str, float] | None = None) -> np.ndarray:
        """The weighted score of each item in ``rows`` against every item; items of the same review score -inf."""
        weights = weights or self.settings.suggestion_weights
        found = self.features(rows)
        total = sum(weights.get(name, 0.0) * found[name] for name in FEATURES)
        return np.where(self.reviews[rows][:, None] == self.reviews[None, :], -np.inf, total)

    def reasons(self, i: int, j: int, asks: float) -> list[str]:
        """Why items ``i`` and ``j`` are alike, in words: matched words and concepts, themes, addressees."""
        a, b = self.items[i], self.items[j]
        words = shared_terms(self.wording.whole, i, j, self.wording.terms, self.maker)
        out = [f"similar asks ({asks:.2f})" + (f": {', '.join(words)}" if words else "")]
        if a.themes & b.themes:
            out.append("shared themes: " + ", ".join(sorted(a.themes & b.themes)))
        if a.addressees & b.addressees:
            out.append("same addressees: " + ", ".join(sorted(a.addressees & b.addressees)))
        return out


def similarity_matrix(items: list[Recommendation], settings: LinkSettings, weights: dict[str, float] | None = None) -> np.ndarray:
    """Every item's suggestion score against every other (for small sets: benchmarks and tests)."""
    return SimilarityModel(items, settings).scores(np.arange(len(items)), weights)

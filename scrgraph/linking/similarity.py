"""Similarity of items (recommendations and findings) to every other: what suggestions are ranked by."""

from __future__ import annotations

from typing import cast

import numpy as np
from scipy import sparse

from scrgraph.linking import meaning
from scrgraph.linking.background import WordingMaker
from scrgraph.linking.candidates import indicator_matrix
from scrgraph.linking.corpus import Recommendation
from scrgraph.linking.scoring import shared_terms
from scrgraph.linking.settings import LinkSettings
from scrgraph.linking.text import TermMaker, Wording

FEATURES = ("asks", "whole", "core", "pairs", "themes", "addressees", "meaning")
LEXICAL = FEATURES[:6]  # the similarities that need no embedding model
CORE_WORDS = 14  # the words of the main ask compared as its "core": the action and its object
SHORTLIST = 50  # the items, best by the lexical similarities, that meaning and hubness re-rank
CENTRE_SAMPLE = 2000  # the items, evenly spread over the store, whose mean embedding is the centre


def _jaccard_rows(indicator: sparse.csr_matrix, rows: np.ndarray) -> np.ndarray:
    """Jaccard overlap of the sets in ``rows`` with every set (one row of output per row asked)."""
    if indicator.shape[1] == 0:
        return np.zeros((rows.size, indicator.shape[0]), dtype=np.float32)
    common = (indicator[rows] @ indicator.T).toarray()
    sizes = np.asarray(indicator.sum(axis=1)).ravel()
    union = sizes[rows][:, None] + sizes[None, :] - common
    return np.divide(common, union, out=np.zeros_like(common), where=union > 0)


def ask_rows(wording: Wording, rows: np.ndarray) -> np.ndarray:
    """For each text in ``rows``, its similarity to every text: the best cosine between their asks.

    Every text has at least one ask, and the asks of a text are consecutive rows, so the best of
    each text's asks is a ``maximum.reduceat`` over the asks' starts.
    """
    starts = wording.ask_start[:-1]
    out = np.zeros((rows.size, starts.size), dtype=np.float32)
    for n, row in enumerate(rows):
        mine = wording.asks[wording.ask_start[row]:wording.ask_start[row + 1]]
        if mine.shape[0] and starts.size:
            out[n] = np.maximum.reduceat((mine @ wording.asks.T).toarray().max(axis=0), starts)
    return out


class SimilarityModel:
    """Everything needed to score items against all others, built once for a list of items.

    Suggestions are ranked in two steps, as search engines do: the lexical similarities (asks,
    whole, core, pairs of neighbouring terms, themes, addressees) shortlist each item's
    ``SHORTLIST`` best candidates, which are then scored with their similarity in meaning (static
    embeddings, see ``meaning``) added, less a penalty for "hubs": items that are close to many
    others (long texts that touch on everything) lose ``hub_penalty`` times their mean score with
    their ``hub_neighbours`` nearest items.
    """

    def __init__(self, items: list[Recommendation], settings: LinkSettings, terms: WordingMaker | None = None) -> None:
        """``terms`` is the :class:`WordingMaker` the items' texts were given to as they were read, if any."""
        self.items = items
        self.settings = settings
        self.maker = TermMaker(settings)
        made = (terms or WordingMaker(settings)).make([r.iri for r in items], [r.text for r in items], self.maker, CORE_WORDS)
        self.wording, self.core = made.wording, cast(sparse.csr_matrix, made.core)  # asked for with CORE_WORDS
        self.themes = indicator_matrix([r.themes for r in items])
        self.addressees = indicator_matrix([r.addressees for r in items])
        self.reviews = np.array([r.review_id for r in items])
        self._vectors = np.zeros((len(items), meaning.DIMENSIONS), dtype=np.float32)
        self._embedded = np.zeros(len(items), dtype=bool)
        self._centre: np.ndarray | None = None
        self._hubs: dict[tuple[float, ...], np.ndarray] = {}

    def vectors(self, indices: np.ndarray) -> np.ndarray:
        """The meaning embeddings of the items at ``indices``, embedding those not yet embedded."""
        missing = np.unique(indices[~self._embedded[indices]])
        if missing.size:
            self._vectors[missing] = meaning.embed([self.items[i].text for i in missing])
            self._embedded[missing] = True
        return self._vectors[indices]

    def centred(self, indices: np.ndarray) -> np.ndarray:
        """The embeddings of the items at ``indices`` less the store's mean embedding, at unit length.

        Static embeddings of texts on one subject all point much the same way, so their raw
        cosines are high and alike whatever the texts ask; measured from the store's centre, what
        sets a text apart from the others weighs more (the mean of up to ``CENTRE_SAMPLE`` items).
        """
        if self._centre is None:
            sample = np.unique(np.linspace(0, len(self.items) - 1, min(len(self.items), CENTRE_SAMPLE)).astype(int))
            self._centre = self.vectors(sample).mean(axis=0)
        moved = self.vectors(indices) - self._centre
        norms = np.linalg.norm(moved, axis=1, keepdims=True)
        return np.divide(moved, norms, out=np.zeros_like(moved), where=norms > 0)

    def features(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        """The similarities of each item in ``rows`` to every item, by feature (see ``FEATURES``)."""
        found = self.lexical_features(rows)
        found["meaning"] = self.centred(rows) @ self.centred(np.arange(len(self.items))).T
        return found

    def pair_features(self, a: int, b: int) -> list[float]:
        """The similarities of items ``a`` and ``b``, in the order of ``FEATURES``."""
        found = self.lexical_features(np.array([a]))
        vectors = self.centred(np.array([a, b]))
        return [float(found[name][0, b]) for name in LEXICAL] + [float(vectors[0] @ vectors[1])]

    def lexical_features(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        """The similarities of each item in ``rows`` to every item that need no embedding model."""
        return {"asks": ask_rows(self.wording, rows),
                "whole": (self.wording.whole[rows] @ self.wording.whole.T).toarray(),
                "core": (self.core[rows] @ self.core.T).toarray(),
                "pairs": (self.wording.pairs[rows] @ self.wording.pairs.T).toarray(),
                "themes": _jaccard_rows(self.themes, rows), "addressees": _jaccard_rows(self.addressees, rows)}

    def lexical(self, rows: np.ndarray, weights: dict[str, float]) -> np.ndarray:
        """The weighted lexical score of each item in ``rows`` against every item; same review -inf."""
        found = self.lexical_features(rows)
        total = sum(weights.get(name, 0.0) * found[name] for name in LEXICAL)
        return np.where(self.reviews[rows][:, None] == self.reviews[None, :], -np.inf, total)

    def hubness(self, indices: np.ndarray, weights: dict[str, float]) -> np.ndarray:
        """Each item's mean lexical score with its ``hub_neighbours`` best items of other reviews."""
        key = tuple(weights.get(name, 0.0) for name in LEXICAL)
        known = self._hubs.setdefault(key, np.full(len(self.items), np.nan, dtype=np.float32))
        missing = np.unique(indices[np.isnan(known[indices])])
        for start in range(0, missing.size, 64):
            batch = missing[start:start + 64]
            lexical = self.lexical(batch, weights)
            scores = np.where(np.isfinite(lexical), lexical, 0.0)
            k = min(self.settings.hub_neighbours, scores.shape[1])
            known[batch] = np.sort(scores, axis=1)[:, scores.shape[1] - k:].mean(axis=1) if k else 0.0
        return known[indices]

    def scores(self, rows: np.ndarray, weights: dict[str, float] | None = None) -> np.ndarray:
        """The suggestion score of each item in ``rows`` against every item: -inf for items of the
        same review, for items sharing nothing with it and for those outside its shortlist."""
        weights = weights or self.settings.suggestion_weights
        lexical = self.lexical(rows, weights)
        out = np.full(lexical.shape, -np.inf, dtype=np.float32)
        columns = lexical.shape[1]
        for n, row in enumerate(rows):
            best = np.argpartition(-lexical[n], SHORTLIST)[:SHORTLIST] if columns > SHORTLIST else np.arange(columns)
            shortlist = best[lexical[n, best] > 0]
            if not shortlist.size:
                continue
            score = lexical[n, shortlist] - self.settings.hub_penalty * self.hubness(shortlist, weights)
            if weights.get("meaning", 0.0):
                score += weights["meaning"] * (self.centred(shortlist) @ self.centred(np.array([row]))[0])
            out[n, shortlist] = score
        return out

    def reasons(self, i: int, j: int, asks: float) -> list[str]:
        """Why items ``i`` and ``j`` are alike, in words: matched words and concepts, themes, addressees."""
        a, b = self.items[i], self.items[j]
        words = shared_terms(self.wording.whole, i, j, self.wording.terms, self.maker)
        out = [f"similar asks ({asks:.2f})" + (f": {', '.join(words)}" if words else "")]
        if self._embedded[i] and self._embedded[j]:
            meant = self.centred(np.array([i, j]))
            out.append(f"similar meaning ({float(meant[0] @ meant[1]):.2f})")
        if a.themes & b.themes:
            out.append("shared themes: " + ", ".join(sorted(a.themes & b.themes)))
        if a.addressees & b.addressees:
            out.append("same addressees: " + ", ".join(sorted(a.addressees & b.addressees)))
        return out


def similarity_matrix(items: list[Recommendation], settings: LinkSettings, weights: dict[str, float] | None = None) -> np.ndarray:
    """Every item's suggestion score against every other (for small sets: benchmarks and tests)."""
    return SimilarityModel(items, settings).scores(np.arange(len(items)), weights)

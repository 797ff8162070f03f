"""Decisions that teach: fit the suggestion weights to the analysts' confirmed and rejected pairs.

As record-linkage tools (dedupe, Splink) do, a small logistic model over the pair's similarities
(asks, whole text, core ask, pairs of neighbouring terms, themes, addressees, meaning) says how much each counts for this board's decisions. Its
weights, made non-negative and scaled to sum to 1, replace the defaults of
``loaders/link-settings.yaml`` for suggestions, kept in the store folder as ``link-weights.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression

from scrgraph.errors import ScrgraphError
from scrgraph.linking.background import WordingMaker
from scrgraph.linking.corpus import read_recommendations
from scrgraph.linking.decisions import CONFIRMED, decisions_path, read_decisions
from scrgraph.linking.settings import LinkSettings, link_settings
from scrgraph.linking.similarity import FEATURES, SimilarityModel
from scrgraph.output import write_atomic

if TYPE_CHECKING:
    from scrgraph.backend import Store

WEIGHTS_FILE = "link-weights.yaml"


def weights_path(store_path: Path) -> Path:
    """Where a store keeps its learned suggestion weights."""
    return Path(store_path) / WEIGHTS_FILE


def read_weights(store_path: Path, settings: LinkSettings) -> dict[str, float]:
    """The learned weights of the store, or the settings' defaults when none were learned."""
    path = weights_path(store_path)
    if not path.exists():
        return dict(settings.suggestion_weights)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return {name: float(data.get(name, 0.0)) for name in FEATURES}
    except (OSError, yaml.YAMLError, AttributeError, TypeError, ValueError) as exc:
        raise ScrgraphError(f"The learned link weights {path} cannot be read ({exc}); remove the file or run 'scrgraph link learn' again.") from None


def fit_weights(features: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """Weights for ``FEATURES`` from pairs' features and labels (1 confirmed, 0 rejected).

    >>> x = np.array([[0.2, 0.2, 0.2, 0.1, 0, 1, 0.1], [0.3, 0.3, 0.3, 0.1, 0, 1, 0.2],
    ...               [0.6, 0.6, 0.6, 0.3, 0, 0, 0.3], [0.5, 0.5, 0.5, 0.3, 0, 0, 0.2]])
    >>> fit_weights(x, np.array([1, 1, 0, 0]))["addressees"] > 0.5
    True
    """
    if len(set(labels.tolist())) < 2:
        raise ScrgraphError("Learning needs at least one confirmed and one rejected pair; use 'scrgraph link confirm' and 'scrgraph link reject' first.")
    model = LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000).fit(features, labels)
    coefficients = np.clip(model.coef_[0], 0.0, None)
    if coefficients.sum() == 0:
        raise ScrgraphError("The decisions so far do not favour any similarity over another; record more of them and try again.")
    return {name: round(float(c / coefficients.sum()), 4) for name, c in zip(FEATURES, coefficients, strict=True)}


@dataclass
class LearnReport:
    """What learning changed: the weights, and where the decided partners rank before and after."""

    pairs: int
    before: dict[str, float]
    after: dict[str, float]
    confirmed_rank_before: float
    confirmed_rank_after: float
    rejected_rank_before: float
    rejected_rank_after: float

    def lines(self) -> list[str]:
        """The report as lines for the user."""
        weights = lambda w: ", ".join(f"{name} {w[name]:.2f}" for name in FEATURES)  # noqa: E731
        return [f"Learned from {self.pairs} decided pairs.",
                f"Weights before: {weights(self.before)}.", f"Weights after:  {weights(self.after)}.",
                f"Confirmed partners rank on average {self.confirmed_rank_before:.1f} before, {self.confirmed_rank_after:.1f} after (lower is better).",
                f"Rejected partners rank on average {self.rejected_rank_before:.1f} before, {self.rejected_rank_after:.1f} after (higher is better)."]


def _mean_rank(model: SimilarityModel, pairs: list[tuple[int, int]], weights: dict[str, float]) -> float:
    """Average rank of each pair's partner among the items of other reviews, from both ends."""
    if not pairs:
        return float("nan")
    ranks = []
    for a, b in pairs:
        scores = model.scores(np.array([a, b]), weights)
        ranks += [int((scores[0] > scores[0, b]).sum()) + 1, int((scores[1] > scores[1, a]).sum()) + 1]
    return float(np.mean(ranks))


def learn(store: Store, store_path: Path) -> LearnReport:
    """Fit the suggestion weights to the store's decisions, keep them in the store folder, and report."""
    settings = link_settings()
    with WordingMaker(settings) as terms:  # makes their terms while they are read (on another core, for many)
        items = read_recommendations(store, findings=True, on_text=terms.add)
        index = {item.key: n for n, item in enumerate(items)}
        decided = [(index[a], index[b], d) for (a, b), d in read_decisions(decisions_path(store_path)).items() if a in index and b in index]
        if not decided:
            raise ScrgraphError("There are no decisions to learn from; use 'scrgraph link confirm' and 'scrgraph link reject' first.")
        model = SimilarityModel(items, settings, terms)
    features = np.array([model.pair_features(a, b) for a, b, _ in decided])
    labels = np.array([1 if d == CONFIRMED else 0 for _, _, d in decided])
    before = read_weights(store_path, settings)
    after = fit_weights(features, labels)
    confirmed = [(a, b) for a, b, d in decided if d == CONFIRMED]
    rejected = [(a, b) for a, b, d in decided if d != CONFIRMED]
    report = LearnReport(len(decided), before, after, _mean_rank(model, confirmed, before), _mean_rank(model, confirmed, after),
                         _mean_rank(model, rejected, before), _mean_rank(model, rejected, after))
    write_atomic(weights_path(store_path), "# Suggestion weights learned by 'scrgraph link learn' from link-decisions.yaml.\n"
                 + yaml.safe_dump(after, sort_keys=False), store_file=True)
    return report

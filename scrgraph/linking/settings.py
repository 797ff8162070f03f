"""The linker's settings, read from the analyst-editable ``loaders/link-settings.yaml``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

import yaml

from scrgraph.errors import ScrgraphError
from scrgraph.resources import bundle

if TYPE_CHECKING:
    import numpy as np

Similarity = TypeVar("Similarity", float, "np.ndarray")  # one pair, or a batch of pairs

SETTINGS_FILE = "link-settings.yaml"
# How suggestions weigh their features until an analyst's decisions are learned (`scrgraph link learn`).
DEFAULT_SUGGESTION_WEIGHTS = {"asks": 0.35, "whole": 0.35, "core": 0.2, "pairs": 0.35, "themes": 0.0, "addressees": 0.1, "meaning": 0.3}


@dataclass(frozen=True)
class LinkSettings:
    """Weights, threshold, stopwords and synonym groups used to compare recommendations."""

    wording: float = 0.8
    themes: float = 0.1
    addressees: float = 0.1
    threshold: float = 0.3
    max_links: int | None = None
    stopwords: frozenset[str] = field(default_factory=frozenset)
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    who: dict[str, tuple[str, ...]] = field(default_factory=dict)
    who_weight: float = 0.3
    min_wording: float = 0.0
    suggestion_weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SUGGESTION_WEIGHTS))
    hub_neighbours: int = 5
    hub_penalty: float = 0.25

    def score(self, wording: Similarity, themes: Similarity, addressees: Similarity) -> Similarity:
        """A pair's weighted score from its three similarities (floats or numpy arrays alike).

        >>> LinkSettings().score(0.5, 1.0, 0.0)
        0.5
        """
        return self.wording * wording + self.themes * themes + self.addressees * addressees

    def links_per_recommendation(self, reviews: int) -> int:
        """How many links each recommendation may keep: ``max_links``, or if it is not set, more the
        more reviews are compared (a lesson can recur in more of them, and its recommendations need
        more links to reach one another): log2 of the number of reviews, at least 2.

        >>> [LinkSettings().links_per_recommendation(n) for n in (2, 6, 1000, 10000)]
        [2, 2, 9, 13]
        """
        return self.max_links if self.max_links is not None else max(2, int(math.log2(max(reviews, 1))))

    @property
    def wording_floor(self) -> float:
        """The lowest wording similarity a linked pair can have: ``min_wording``, or what can still reach
        the threshold with full theme and addressee scores, whichever is higher."""
        return max(0.05, self.min_wording, (self.threshold - self.themes - self.addressees) / self.wording)


def _groups(value) -> dict[str, tuple[str, ...]]:
    """A name -> phrases mapping from the settings file."""
    return {str(name): tuple(str(p).lower() for p in phrases) for name, phrases in (value or {}).items()}


def _max_links(value) -> int | None:
    """The per-recommendation link limit from the settings file: a number, or ``auto`` (None)."""
    if str(value).strip().lower() == "auto":
        return None
    if int(value) < 1:
        raise ValueError("max_links_per_recommendation must be at least 1")
    return int(value)


@lru_cache(maxsize=1)
def link_settings() -> LinkSettings:
    """The bundled link settings.

    >>> link_settings().threshold > 0
    True
    """
    try:
        data = yaml.safe_load(bundle("loaders").joinpath(SETTINGS_FILE).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ScrgraphError(f"The link settings loaders/{SETTINGS_FILE} cannot be read: {exc}.") from None
    weights = data.get("weights") or {}
    try:
        settings = LinkSettings(
            wording=float(weights.get("wording", 0.8)),
            themes=float(weights.get("themes", 0.1)),
            addressees=float(weights.get("addressees", 0.1)),
            threshold=float(data.get("threshold", 0.3)),
            max_links=_max_links(data.get("max_links_per_recommendation", "auto")),
            stopwords=frozenset(str(w).lower() for w in data.get("stopwords") or []),
            synonyms=_groups(data.get("synonyms")),
            who=_groups(data.get("who")),
            who_weight=float(data.get("who_weight", 0.3)),
            min_wording=float(data.get("min_wording", 0.0)),
            suggestion_weights={name: float((data.get("suggestion_weights") or {}).get(name, default))
                                for name, default in DEFAULT_SUGGESTION_WEIGHTS.items()},
            hub_neighbours=int(data.get("hub_neighbours", 5)),
            hub_penalty=float(data.get("hub_penalty", LinkSettings.hub_penalty)),
        )
    except (TypeError, ValueError, AttributeError):
        raise ScrgraphError(f"loaders/{SETTINGS_FILE} has a weight, threshold, min_wording, max_links_per_recommendation, hub setting or list in the wrong form; see the comments in the file.") from None
    if settings.wording <= 0:
        raise ScrgraphError(f"loaders/{SETTINGS_FILE}: the wording weight must be above 0.")
    return settings

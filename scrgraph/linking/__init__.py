"""Recurring recommendations: link recommendations of different reviews that ask for the same thing.

``link_store(store)`` reads every recommendation, scores pairs from different reviews on their
wording, themes and addressees (:mod:`scrgraph.linking.scoring`), gathers linked recommendations
into recurring-recommendation groups (:mod:`scrgraph.linking.groups`) and writes links and groups
into the store's links graph in one atomic step. Analysts' confirm/reject decisions
(:mod:`scrgraph.linking.decisions`) and group names (:mod:`scrgraph.linking.names`) are applied
on every run, and groups keep their ids while most members stay.

``suggest(store, store_path, key)`` ranks, for a recommendation or finding, the items of other
reviews (:mod:`scrgraph.linking.similarity`), and ``learn(store, store_path)`` fits the ranking's
weights to the decisions (:mod:`scrgraph.linking.learn`). All take an open store, so a library
object can offer them as methods.

The names are imported on first use: the scoring stack (scikit-learn, SciPy, FAISS) loads only when
a command links, suggests or learns, not when a submodule such as ``decisions`` is imported.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["LinkSummary", "learn", "link_store", "suggest"]

_LAZY = {"LinkSummary": "scrgraph.linking.run", "link_store": "scrgraph.linking.run",
         "learn": "scrgraph.linking.learn", "suggest": "scrgraph.linking.suggest"}


def __getattr__(name: str) -> Any:
    """Import the public names on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module 'scrgraph.linking' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)

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

from typing import TYPE_CHECKING

from scrgraph.lazy import lazy_names

if TYPE_CHECKING:  # what type checkers see; at run time each name is imported on first use
    from scrgraph.linking.learn import learn
    from scrgraph.linking.run import LinkSummary, link_store
    from scrgraph.linking.suggest import suggest

__all__ = ["LinkSummary", "learn", "link_store", "suggest"]

__getattr__ = lazy_names(__name__, {"LinkSummary": "scrgraph.linking.run", "link_store": "scrgraph.linking.run",
                                    "learn": "scrgraph.linking.learn", "suggest": "scrgraph.linking.suggest"})

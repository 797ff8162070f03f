"""Recurring recommendations: link recommendations of different reviews that ask for the same thing.

``link_store(store)`` reads every recommendation, scores pairs from different reviews on their
wording, themes and addressees (:mod:`scrgraph.linking.scoring`), gathers linked recommendations
into recurring-recommendation groups (:mod:`scrgraph.linking.groups`) and writes links and groups
into the store's links graph in one atomic step. Analysts' confirm/reject decisions
(:mod:`scrgraph.linking.decisions`) are applied on every run.
"""

from scrgraph.linking.run import LinkSummary, link_store

__all__ = ["LinkSummary", "link_store"]

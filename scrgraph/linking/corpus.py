"""The recommendations the linker compares, read from the store in three plain queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from scrgraph.store import GraphStore
from scrgraph.vocab import local_id

RECOMMENDATIONS = """
SELECT ?rec ?review_id ?year ?ref ?text WHERE {
  ?rec a scr:Recommendation ; dcterms:isPartOf ?review ; scr:text ?text .
  ?review dcterms:identifier ?review_id .
  OPTIONAL { ?rec scr:ref ?ref }
  OPTIONAL { ?review scr:year ?year }
}"""
THEMES = "SELECT ?rec ?theme WHERE { ?rec a scr:Recommendation ; dcterms:subject ?theme }"
ADDRESSEES = "SELECT ?rec ?agency WHERE { ?rec a scr:Recommendation ; scr:addressedTo ?agency }"


@dataclass(frozen=True)
class Recommendation:
    """One recommendation as the linker sees it."""

    iri: str
    review_id: str
    year: int | None
    ref: str
    text: str
    themes: frozenset[str]
    addressees: frozenset[str]

    @property
    def key(self) -> str:
        """The handle analysts use for it: ``review-id:ref``."""
        return f"{self.review_id}:{self.ref}"


def _sets(store: GraphStore, sparql: str) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for rec, value in store.select_values(sparql):
        found[rec].add(local_id(value))
    return {rec: frozenset(values) for rec, values in found.items()}


def read_recommendations(store: GraphStore) -> list[Recommendation]:
    """Every recommendation in the store, ordered by review and IRI."""
    themes = _sets(store, THEMES)
    addressees = _sets(store, ADDRESSEES)
    recs = {}
    for rec, review_id, year, ref, text in store.select_values(RECOMMENDATIONS):
        recs.setdefault(rec, Recommendation(rec, review_id, int(year) if year is not None else None, ref or local_id(rec),
                                            text, themes.get(rec, frozenset()), addressees.get(rec, frozenset())))
    return sorted(recs.values(), key=lambda r: (r.review_id, r.iri))

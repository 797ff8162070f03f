"""The recommendations the linker compares, read from the store in one query."""

from __future__ import annotations

from dataclasses import dataclass

from scrgraph.store import GraphStore
from scrgraph.vocab import local_id

RECOMMENDATIONS = """
SELECT ?rec ?review_id ?year ?ref ?text
       (GROUP_CONCAT(DISTINCT STR(?theme); separator=" ") AS ?themes)
       (GROUP_CONCAT(DISTINCT STR(?agency); separator=" ") AS ?agencies)
WHERE {
  ?rec a scr:Recommendation ; dcterms:isPartOf ?review ; scr:text ?text .
  ?review dcterms:identifier ?review_id .
  OPTIONAL { ?rec scr:ref ?ref }
  OPTIONAL { ?review scr:year ?year }
  OPTIONAL { ?rec dcterms:subject ?theme }
  OPTIONAL { ?rec scr:addressedTo ?agency }
}
GROUP BY ?rec ?review_id ?year ?ref ?text
ORDER BY ?review_id ?rec
"""


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


def _ids(value: str | None) -> frozenset[str]:
    return frozenset(local_id(part) for part in (value or "").split())


def read_recommendations(store: GraphStore) -> list[Recommendation]:
    """Every recommendation in the store, ordered by review and IRI."""
    _, rows = store.select(RECOMMENDATIONS)
    return [Recommendation(row["rec"], row["review_id"], int(row["year"]) if row["year"] is not None else None,
                           row["ref"] or local_id(row["rec"]), row["text"], _ids(row["themes"]), _ids(row["agencies"]))
            for row in rows]

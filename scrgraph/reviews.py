"""The list of reviews in the store, with their counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrgraph.backend import Store


REVIEWS_QUERY = """
SELECT DISTINCT ?id ?title ?subject ?board ?type ?year ?findings ?recommendations ?measures
WHERE {
  ?review a scr:Review ; dcterms:identifier ?id ; dcterms:title ?title ; scr:reviewType ?type ;
          scr:board/rdfs:label ?board ; scr:reviewSubject/rdfs:label ?subject .
  OPTIONAL { ?review scr:year ?year }
  # Each count in its own group: counted together, the findings, recommendations and measures of a
  # review would be joined to each other first (their product), which took seconds per hundred reviews.
  { SELECT ?review (COUNT(DISTINCT ?finding) AS ?findings) WHERE {
      ?review a scr:Review . OPTIONAL { ?finding dcterms:isPartOf ?review ; a scr:Finding } } GROUP BY ?review }
  { SELECT ?review (COUNT(DISTINCT ?recommendation) AS ?recommendations) WHERE {
      ?review a scr:Review . OPTIONAL { ?recommendation dcterms:isPartOf ?review ; a scr:Recommendation } } GROUP BY ?review }
  { SELECT ?review (COUNT(DISTINCT ?measure) AS ?measures) WHERE {
      ?review a scr:Review . OPTIONAL { ?measure dcterms:isPartOf ?review ; a scr:Measure } } GROUP BY ?review }
}
ORDER BY ?year ?id
"""

def review_rows(store: Store) -> tuple[list[str], list[dict[str, Any]]]:
    """One row per review: id, title, subject, board, type, year and counts of its parts."""
    return store.select(REVIEWS_QUERY)

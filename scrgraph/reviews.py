"""The list of reviews in the store, with their counts."""

from __future__ import annotations

from typing import Any

from scrgraph.store import GraphStore

REVIEWS_QUERY = """
SELECT ?id ?title ?subject ?board ?type ?year
       (COUNT(DISTINCT ?finding) AS ?findings)
       (COUNT(DISTINCT ?recommendation) AS ?recommendations)
       (COUNT(DISTINCT ?measure) AS ?measures)
WHERE {
  ?review a scr:Review ; dcterms:identifier ?id ; dcterms:title ?title ; scr:reviewType ?type ;
          scr:board/rdfs:label ?board ; scr:reviewSubject/rdfs:label ?subject .
  OPTIONAL { ?review scr:year ?year }
  OPTIONAL { ?finding a scr:Finding ; dcterms:isPartOf ?review }
  OPTIONAL { ?recommendation a scr:Recommendation ; dcterms:isPartOf ?review }
  OPTIONAL { ?measure a scr:Measure ; dcterms:isPartOf ?review }
}
GROUP BY ?id ?title ?subject ?board ?type ?year
ORDER BY ?year ?id
"""


def review_rows(store: GraphStore) -> tuple[list[str], list[dict[str, Any]]]:
    """One row per review: id, title, subject, board, type, year and counts of its parts."""
    return store.select(REVIEWS_QUERY)

"""What the workbench's pages read from the open graph: every read is SPARQL with bound parameters."""

from __future__ import annotations

from collections import Counter
from typing import Any

from scrgraph.graph import Graph, Rows

SEARCH_QUERY = """
SELECT ?review ?kind ?ref ?text ?words WHERE {
  ?item scr:text ?text ; dcterms:isPartOf/dcterms:identifier ?review ; a ?class .
  FILTER (?class IN (scr:Finding, scr:Recommendation, scr:Measure))
  FILTER (CONTAINS(LCASE(STR(?text)), LCASE(STR(?words))))
  OPTIONAL { ?item scr:ref ?itemRef }
  BIND (COALESCE(?itemRef, "") AS ?ref)
  BIND (IF(?class = scr:Finding, "finding", IF(?class = scr:Recommendation, "recommendation", "action")) AS ?kind)
} ORDER BY ?review ?kind ?ref LIMIT 200
"""

THEME_QUERY = """
SELECT ?label ?review ?kind ?ref ?text ?themeNode WHERE {
  ?themeNode a scr:Theme .
  OPTIONAL { ?themeNode skos:prefLabel|rdfs:label ?themeLabel }
  BIND (STR(COALESCE(?themeLabel, "")) AS ?label)
  OPTIONAL {
    ?item dcterms:subject ?themeNode ; scr:text ?text ; dcterms:isPartOf/dcterms:identifier ?review ; a ?class .
    FILTER (?class IN (scr:Finding, scr:Recommendation))
    OPTIONAL { ?item scr:ref ?ref }
    BIND (IF(?class = scr:Finding, "finding", "recommendation") AS ?kind)
  }
} ORDER BY ?review ?kind ?ref
"""


def overview(graph: Graph) -> dict[str, Any]:
    """The store at a glance: reviews, their counts by board, year and type, top groups and agencies."""
    listed = graph.reviews()
    reviews = Rows(["review" if c == "id" else c for c in listed.columns],
                   [{("review" if k == "id" else k): v for k, v in row.items()} for row in listed])
    totals = {name: sum(int(row.get(name) or 0) for row in reviews) for name in ("findings", "recommendations", "measures")}
    return {
        "reviews": reviews,
        "totals": {"reviews": len(reviews), **totals},
        "by_board": Counter(str(row["board"]) for row in reviews).most_common(),
        "by_year": sorted(Counter(str(row.get("year") or "") for row in reviews).items()),
        "by_type": Counter(str(row["type"]) for row in reviews).most_common(),
        "groups": _first(graph.query("recurrence-groups"), 10),
        # Without the ids of every review concerned: at a thousand reviews they made the page 300 KB.
        "agencies": _first(graph.query("agencies-unresolved-actions"), 10, leave_out=("review_ids",)),
    }


def _first(rows: Rows, count: int, leave_out: tuple[str, ...] = ()) -> Rows:
    columns = [c for c in rows.columns if c not in leave_out]
    return Rows(columns, [{c: row.get(c) for c in columns} for row in rows.rows[:count]])


def search(graph: Graph, words: str) -> Rows:
    """Findings, recommendations and actions whose text contains ``words`` (any case)."""
    got = graph.sparql(SEARCH_QUERY, {"words": words})
    return Rows(["review", "kind", "ref", "text"], got.rows)


def theme_items(graph: Graph, theme: str) -> tuple[str, Rows]:
    """A theme's label and the findings and recommendations tagged with it."""
    from rdflib import URIRef

    from scrgraph.vocab import theme_iri

    got = graph.sparql(THEME_QUERY, {"themeNode": URIRef(theme_iri(theme))})
    label = next((row["label"] for row in got if row.get("label")), theme)
    rows = [row for row in got if row.get("review")]
    return label, Rows(["review", "kind", "ref", "text"], rows)

QUEUE_QUERY = """
SELECT ?a ?b ?score ?a_review ?a_ref ?a_text ?b_review ?b_ref ?b_text
       (GROUP_CONCAT(DISTINCT ?reason; separator="; ") AS ?reasons) ?threshold
WHERE {
  ?link a scr:RecommendationLink ; scr:decision "suggested" ; scr:score ?score ;
        scr:linkSource ?source ; scr:linkTarget ?target .
  ?source scr:ref ?a_ref ; scr:text ?a_text ; dcterms:isPartOf/dcterms:identifier ?a_review .
  ?target scr:ref ?b_ref ; scr:text ?b_text ; dcterms:isPartOf/dcterms:identifier ?b_review .
  OPTIONAL { ?link scr:reason ?reason }
  BIND (CONCAT(STR(?a_review), ":", STR(?a_ref)) AS ?a)
  BIND (CONCAT(STR(?b_review), ":", STR(?b_ref)) AS ?b)
}
GROUP BY ?a ?b ?score ?a_review ?a_ref ?a_text ?b_review ?b_ref ?b_text ?threshold
ORDER BY ABS(?score - ?threshold) ?a ?b
"""


def link_queue(graph: Graph) -> Rows:
    """The suggested links no analyst has decided, the most uncertain (score nearest the threshold) first."""
    from scrgraph.linking.settings import link_settings

    return graph.sparql(QUEUE_QUERY, {"threshold": link_settings().threshold})

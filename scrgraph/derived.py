"""Counts kept across reviews, written when reviews are written: the store's derived graph.

``recurring-themes`` and ``themes-by-year`` count, for each practice theme, the reviews, findings
and recommendations that carry it. Worked out from the tags at 10,000 reviews that took 2-3 s
(420,000 tags joined to their items and reviews), so the counts are kept instead, in the named
graph :data:`DERIVED_GRAPH`: one ``scr:ThemeYearCount`` node per theme and review year (``id/derived/theme-year/THEME/YEAR``) (one more
per theme for the reviews without a year), with its numbers of reviews, findings and
recommendations and its reviews' ids. 540 nodes at 10,000 reviews of 18 years.

Every engine writes reviews through its ``replace_graphs``, and calls this module there: the SPARQL
update that changes review graphs is sent as one request with :func:`before_operations` first (it
marks the years of the reviews about to be replaced or dropped as stale, as the store holds them at
that moment) and :func:`after_operations` last (it marks the years of the reviews as written, then
works the stale years' nodes out again from the tags and clears the marks). So the counts change in
the same transaction as the reviews, and two analysts writing to one server at once both end right.
A write of many reviews (:data:`REBUILD_OVER`) works every count out again instead
(:func:`rebuild_operations`), as does opening a store whose derived graph is missing or of an older
:data:`DERIVED_VERSION`.

The derived nodes are islands: their theme is its id as a string and their year a number, so no
node of the graph points at them and they point at none but their class (views and pages never reach them). The
Neo4j push, the exports, the network graph and the SHACL check leave the derived graph out.
"""

from __future__ import annotations

from collections.abc import Iterable

from scrgraph.vocab import GRAPH, ID, PREFIXES

DERIVED_GRAPH = GRAPH + "derived"
# Raise it when what the derived graph holds changes: a store opened with another version has its
# derived graph worked out again.
DERIVED_VERSION = 1
# A write of more review graphs than this works every count out again (listing each graph in the
# update would cost more than counting them all).
REBUILD_OVER = 200

# Each node's IRI: this, its theme's id, "/" and its year (or "none").
NODE_BASE = ID + "derived/theme-year/"

_REVIEW_GRAPHS = GRAPH + "review/"
_PROLOGUE = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
_D = f"<{DERIVED_GRAPH}>"

VERSION_QUERY = f"SELECT ?version WHERE {{ GRAPH {_D} {{ {_D} scr:derivedVersion ?version }} }}"

# The reviews of the stale years, or (the second) the reviews without a year when those are marked
# stale. Two operations, not one UNION: Oxigraph worked the reviews without a year out (a look at
# every review) even when they were not marked, which made the recount of one year 2.4 s instead of
# 0.2 s at 10,000 reviews.
_STALE_REVIEWS = (
    f"GRAPH {_D} {{ {_D} scr:staleYear ?year }} GRAPH ?graph {{ ?review scr:year ?year ; a scr:Review }}",
    f"GRAPH {_D} {{ {_D} scr:staleNoYear true }} GRAPH ?graph {{ ?review a scr:Review FILTER NOT EXISTS {{ ?review scr:year ?anyYear }} }}",
)


def _recount(reviews: str) -> str:
    """The operation that writes a node for each theme and year of the ``reviews`` pattern's reviews:
    each review's findings and recommendations that carry the theme, found in the review's own named
    graph (as the ``review-theme-counts`` fragment counts them), summed per theme and year."""
    return f"""INSERT {{ GRAPH {_D} {{
  ?node a scr:ThemeYearCount ; scr:countedTheme ?theme ; scr:countedYear ?year ; scr:reviewCount ?reviews ;
         scr:findingCount ?findings ; scr:recommendationCount ?recommendations ; scr:reviewIdList ?ids .
}} }}
WHERE {{
  {{ SELECT ?theme ?year (COUNT(?review) AS ?reviews) (SUM(?reviewFindings) AS ?findings)
           (SUM(?reviewRecommendations) AS ?recommendations) (GROUP_CONCAT(?id; separator="; ") AS ?ids)
    WHERE {{
      {{ SELECT ?graph ?review ?year ?subject (COUNT(?finding) AS ?reviewFindings) (COUNT(?recommendation) AS ?reviewRecommendations)
        WHERE {{
          {reviews}
          GRAPH ?graph {{
            ?item dcterms:subject ?subject .
            {{ ?item a scr:Finding BIND (?item AS ?finding) }} UNION {{ ?item a scr:Recommendation BIND (?item AS ?recommendation) }}
          }}
        }}
        GROUP BY ?graph ?review ?year ?subject }}
      GRAPH ?graph {{ ?review dcterms:identifier ?id }}
      FILTER (STRSTARTS(STR(?subject), STR(theme:)))
      BIND (STRAFTER(STR(?subject), STR(theme:)) AS ?theme)
    }}
    GROUP BY ?theme ?year }}
  BIND (IRI(CONCAT("{NODE_BASE}", ENCODE_FOR_URI(?theme), "/", COALESCE(STR(?year), "none"))) AS ?node)
}}"""


_RECOUNT = [_recount(reviews) for reviews in _STALE_REVIEWS]
_FORGET_STALE = [
    f"DELETE {{ GRAPH {_D} {{ ?node ?p ?o }} }} WHERE {{ GRAPH {_D} {{ {_D} scr:staleYear ?year . ?node scr:countedYear ?year ; ?p ?o }} }}",
    f"DELETE {{ GRAPH {_D} {{ ?node ?p ?o }} }} WHERE {{ GRAPH {_D} {{ {_D} scr:staleNoYear true . "
    f"?node a scr:ThemeYearCount ; ?p ?o FILTER NOT EXISTS {{ ?node scr:countedYear ?anyYear }} }} }}",
]
_CLEAR_MARKS = [
    f"DELETE WHERE {{ GRAPH {_D} {{ {_D} scr:staleYear ?year }} }}",
    f"DELETE WHERE {{ GRAPH {_D} {{ {_D} scr:staleNoYear ?flag }} }}",
]


def review_graphs(names: Iterable[str]) -> list[str]:
    """The review record graphs among graph names (the only graphs whose writes change the counts)."""
    return [name for name in dict.fromkeys(names) if name.startswith(_REVIEW_GRAPHS)]


def _mark(graphs: list[str]) -> list[str]:
    """Operations marking as stale the year of each review in ``graphs`` (as the store holds it now)."""
    if not graphs:
        return []
    values = " ".join(f"<{name}>" for name in graphs)
    return [
        f"INSERT {{ GRAPH {_D} {{ {_D} scr:staleYear ?year }} }} "
        f"WHERE {{ VALUES ?graph {{ {values} }} GRAPH ?graph {{ ?review a scr:Review ; scr:year ?year }} }}",
        f"INSERT {{ GRAPH {_D} {{ {_D} scr:staleNoYear true }} }} "
        f"WHERE {{ VALUES ?graph {{ {values} }} GRAPH ?graph {{ ?review a scr:Review FILTER NOT EXISTS {{ ?review scr:year ?year }} }} }}",
    ]


def before_operations(graphs: list[str]) -> list[str]:
    """What goes before a write that replaces or drops the review graphs ``graphs``."""
    return [] if len(graphs) > REBUILD_OVER else _mark(graphs)


def after_operations(graphs: list[str]) -> list[str]:
    """What goes after that write: the counts of every year it touched, worked out again."""
    if len(graphs) > REBUILD_OVER:
        return rebuild_operations()
    return [*_mark(graphs), *_FORGET_STALE, *_RECOUNT, *_CLEAR_MARKS]


def rebuild_operations() -> list[str]:
    """Every count worked out again from the reviews, and the derived graph's version written."""
    return [
        f"DROP SILENT GRAPH {_D}",
        f"INSERT {{ GRAPH {_D} {{ {_D} scr:staleYear ?year }} }} WHERE {{ SELECT DISTINCT ?year WHERE {{ GRAPH ?graph {{ ?review a scr:Review ; scr:year ?year }} }} }}",
        f"INSERT {{ GRAPH {_D} {{ {_D} scr:staleNoYear true }} }} "
        f"WHERE {{ {{ SELECT ?review WHERE {{ GRAPH ?graph {{ ?review a scr:Review FILTER NOT EXISTS {{ ?review scr:year ?year }} }} }} LIMIT 1 }} }}",
        *_RECOUNT,
        *_CLEAR_MARKS,
        f"INSERT DATA {{ GRAPH {_D} {{ {_D} scr:derivedVersion {DERIVED_VERSION} }} }}",
    ]


def update_text(operations: list[str]) -> str:
    """The operations as one SPARQL update request, with scrgraph's prefixes declared."""
    return _PROLOGUE + " ;\n".join(operations)

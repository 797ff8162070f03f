"""Counts kept across reviews, written when reviews are written: the store's derived graph.

``recurring-themes`` and ``themes-by-year`` count, for each practice theme, the reviews, findings
and recommendations that carry it; ``recurrence-groups`` counts and lists each recurring group's
reviews, recommendations, agencies and members. Worked out from the graph at 10,000 reviews that
took 1-3 s a query (420,000 theme tags, 15,729 group members), so the counts are kept instead, in
the named graph :data:`DERIVED_GRAPH`: one ``scr:ThemeYearCount`` node per theme and review year
(``id/derived/theme-year/THEME/YEAR``; YEAR ``none`` for the reviews without one) with its numbers
of reviews, findings and recommendations and its reviews' ids (540 nodes at 10,000 reviews of 18
years), one ``scr:GroupCount`` node per group (``id/derived/group/GROUP``), and one
``scr:ReviewCount`` node per review (``id/derived/review/REVIEW``: the end of the review's IRI) with
its numbers of findings, recommendations and measures, tracker imports' included, which
``reviews-in-period`` reads (counting them took 0.8 s for the 561 reviews of a year, where the
rest of the query takes 0.1 s), and its earliest due date (``scr:earliestDue``), from which a page
of ``overdue-actions`` is read (:mod:`scrgraph.review_walk`), and its share of
``agencies-unresolved-actions`` on any date after its last tracker record (``scr:settledAfter`` and
``scr:agencyParts``, read by :mod:`scrgraph.agency_parts`). It also gives each status record with a later record of its measure
``scr:validUntil``, that record's as-of date, which the action-state rule
(``queries/fragments/measure-state.rq``) reads instead of comparing every record of the measure.

Every engine writes through its ``replace_graphs`` (and Oxigraph's ``rewrite_graph``), and calls
this module there: the SPARQL update that changes graphs is sent as one request with
:func:`before_operations` first (it marks as stale the years and groups of the reviews about to be
replaced or dropped, as the store holds them at that moment) and :func:`after_operations` last (it
marks the years and groups of the reviews as written, or every group when the links graph was
written, works the stale years' theme counts out again from the tags and clears their marks). So
the theme counts change in the same transaction as the reviews, and two analysts writing to one
server at once both end right. The stale groups are then counted by a query over the union of the
graphs (:data:`GROUP_COUNTS_QUERY`) and written by a second update (:func:`group_operations`); their
marks stay until then, so a write killed between the two is finished at the next opening. A write
of many reviews (:data:`REBUILD_OVER`) works every count out again instead
(:func:`rebuild_operations`), as does opening a store whose derived graph is missing or of another
:data:`DERIVED_VERSION`.

The derived nodes are islands: their theme or group is its id as a string, so no node of the graph
points at them and they point at none but their class (views and pages never reach them); the
validity dates are the exception, kept on the status records themselves, and so are the group
members' best scores (``scr:groupScore``, written whenever the links graph is). The Neo4j
push, the exports, the network graph and the SHACL check leave the derived graph out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from rdflib import Literal

from scrgraph.vocab import DERIVED_GRAPH, GRAPH, ID, LINKS_GRAPH, ONTOLOGY_GRAPH, PREFIXES, review_of_graph

# Raise it when what the derived graph holds changes: a store opened with another version has its
# derived graph worked out again.
DERIVED_VERSION = 7
# A write of more review graphs than this works every count out again (listing each graph in the
# update would cost more than counting them all).
REBUILD_OVER = 200

# Each node's IRI: this, its theme's id, "/" and its year (or "none").
NODE_BASE = ID + "derived/theme-year/"
# A group's counts: this and the group's id.
GROUP_NODE_BASE = ID + "derived/group/"
# A review's counts: this and the end of the review's IRI (the review's graphs end the same way).
REVIEW_NODE_BASE = ID + "derived/review/"

_REVIEW_GRAPHS = GRAPH + "review/"
_REVIEWS = ID + "review/"


def _count_node(variable: str = "node") -> str:
    """The pattern binding ``?variable`` to the count node of ``?review``."""
    return f'BIND (IRI(CONCAT("{REVIEW_NODE_BASE}", STRAFTER(STR(?review), "{_REVIEWS}"))) AS ?{variable})'

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


# -- recurring-recommendation groups -------------------------------------------------------------

# Each group's numbers of reviews and recommendations and its lists of agencies and members
# (review-id:ref), as ``recurrence-groups`` gave them from the members, for the groups marked stale.
# A query, not an update: an update reads no union of the named graphs, and reading each member's
# review in its own graph made Oxigraph read every recommendation (8.7 s at 10,000 linked reviews
# to count the groups of one review, against 0.04 s here).
GROUP_COUNTS_QUERY = f"""SELECT ?group (COUNT(DISTINCT ?review) AS ?reviews) (COUNT(DISTINCT ?recommendation) AS ?recommendations)
       (GROUP_CONCAT(DISTINCT COALESCE(?agency, ""); separator="; ") AS ?agencies)
       (GROUP_CONCAT(DISTINCT COALESCE(?member, ""); separator="; ") AS ?members)
WHERE {{
  GRAPH {_D} {{ {_D} scr:staleGroup ?groupNode }}
  ?groupNode a scr:RecurrenceGroup ; dcterms:identifier ?group ; scr:member ?recommendation .
  ?recommendation dcterms:isPartOf ?review .
  ?review dcterms:identifier ?reviewId .
  OPTIONAL {{ ?recommendation scr:ref ?ref }}
  BIND (CONCAT(?reviewId, ":", ?ref) AS ?member)
  OPTIONAL {{ ?recommendation scr:addressedTo ?addressee }}
  BIND (STRAFTER(STR(?addressee), "/id/agency/") AS ?agency)
}}
GROUP BY ?group"""
# Each group member's best score among its links to the rest of its group (links an analyst rejected
# left out), as ``scr:groupScore`` on the member: ``repeated-recommendations`` shows it. Worked out
# there for every row, it took 3 s of the query's 8.6 s at 10,000 linked reviews. Links and groups
# are all in the links graph, and a recommendation is in one group at most. Each triple pattern is a
# sub-SELECT of its own, joined by hashing.
_FORGET_GROUP_SCORES = f"DELETE WHERE {{ GRAPH {_D} {{ ?member scr:groupScore ?score }} }}"
_WRITE_GROUP_SCORES = f"""INSERT {{ GRAPH {_D} {{ ?member scr:groupScore ?score }} }}
WHERE {{ {{ SELECT ?member (MAX(?linkScore) AS ?score) WHERE {{ GRAPH <{LINKS_GRAPH}> {{
  {{ SELECT ?link ?member ?other WHERE {{ {{ ?link scr:linkSource ?member ; scr:linkTarget ?other }}
                                      UNION {{ ?link scr:linkTarget ?member ; scr:linkSource ?other }} }} }}
  FILTER (?member != ?other)
  {{ SELECT ?link ?linkScore WHERE {{
      ?link a scr:RecommendationLink ; scr:score ?linkScore .
      OPTIONAL {{ ?link scr:decision ?decision }}
      FILTER (!BOUND(?decision) || STR(?decision) != "rejected") }} }}
  {{ SELECT ?group ?member WHERE {{ ?group scr:member ?member }} }}
  {{ SELECT ?group ?other WHERE {{ ?group scr:member ?other }} }}
}} }} GROUP BY ?member }} }}"""
STALE_GROUPS_QUERY = f"SELECT ?groupNode WHERE {{ GRAPH {_D} {{ {_D} scr:staleGroup ?groupNode }} }} LIMIT 1"
_FORGET_STALE_GROUPS = (f"DELETE {{ GRAPH {_D} {{ ?node ?p ?o }} }} WHERE {{ GRAPH {_D} {{ {_D} scr:staleGroup ?groupNode }} "
                        f"GRAPH <{LINKS_GRAPH}> {{ ?groupNode dcterms:identifier ?group }} "
                        f"GRAPH {_D} {{ ?node a scr:GroupCount ; scr:countedGroup ?group ; ?p ?o }} }}")
_FORGET_ALL_GROUPS = f"DELETE {{ GRAPH {_D} {{ ?node ?p ?o }} }} WHERE {{ GRAPH {_D} {{ ?node a scr:GroupCount ; ?p ?o }} }}"
_MARK_ALL_GROUPS = (f"INSERT {{ GRAPH {_D} {{ {_D} scr:staleGroup ?groupNode }} }} "
                    f"WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?groupNode a scr:RecurrenceGroup }} }}")
_CLEAR_GROUP_MARKS = f"DELETE WHERE {{ GRAPH {_D} {{ {_D} scr:staleGroup ?groupNode }} }}"


def _mark_groups(graphs: list[str]) -> list[str]:
    """The operation marking as stale each group with a member in one of the review graphs ``graphs``."""
    if not graphs:
        return []
    values = " ".join(f"<{name}>" for name in graphs)
    return [f"INSERT {{ GRAPH {_D} {{ {_D} scr:staleGroup ?groupNode }} }} "
            f"WHERE {{ VALUES ?graph {{ {values} }} GRAPH ?graph {{ ?recommendation a scr:Recommendation }} "
            f"GRAPH <{LINKS_GRAPH}> {{ ?groupNode scr:member ?recommendation }} }}"]


# -- each review's numbers of findings, recommendations and measures ----------------------------


def _count_reviews(reviews: str, items: str) -> str:
    """The operation that writes a node with the numbers of findings, recommendations and measures of
    each review the ``reviews`` pattern binds to ``?review``, counted over all its graphs (its record
    and its action-plan imports), as ``reviews-in-period`` counted them from the union of the graphs;
    ``items`` binds ``?item`` to their findings, recommendations and measures (see the two below)."""
    return f"""INSERT {{ GRAPH {_D} {{
  ?node a scr:ReviewCount ; scr:countedReview ?id ; scr:findingCount ?findings ;
        scr:recommendationCount ?recommendations ; scr:measureCount ?measures .
}} }}
WHERE {{
  {{ SELECT ?review (COUNT(DISTINCT ?finding) AS ?findings) (COUNT(DISTINCT ?recommendation) AS ?recommendations)
           (COUNT(DISTINCT ?measure) AS ?measures)
    WHERE {{ {reviews} OPTIONAL {{ {items} }} }}
    GROUP BY ?review }}
  GRAPH ?idGraph {{ ?review dcterms:identifier ?id }}
  {_count_node()}
}}"""


# A few reviews' items, looked up review by review.
_ITEMS_OF_EACH = """GRAPH ?partGraph { ?item dcterms:isPartOf ?review }
        { GRAPH ?typeGraph { ?item a scr:Finding } BIND (?item AS ?finding) }
        UNION { GRAPH ?typeGraph { ?item a scr:Recommendation } BIND (?item AS ?recommendation) }
        UNION { GRAPH ?typeGraph { ?item a scr:Measure } BIND (?item AS ?measure) }"""
# Every review's items, each triple pattern a sub-SELECT of its own: Oxigraph joins those by hashing,
# reading each predicate once (2.3 s at 10,000 reviews, against 10 s looking each review's items up).
_ITEMS_OF_ALL = """{ SELECT ?item ?review WHERE { GRAPH ?partGraph { ?item dcterms:isPartOf ?review } } }
        { { SELECT ?finding WHERE { GRAPH ?typeGraph { ?finding a scr:Finding } } } BIND (?finding AS ?item) }
        UNION { { SELECT ?recommendation WHERE { GRAPH ?typeGraph { ?recommendation a scr:Recommendation } } } BIND (?recommendation AS ?item) }
        UNION { { SELECT ?measure WHERE { GRAPH ?typeGraph { ?measure a scr:Measure } } } BIND (?measure AS ?item) }"""


def _earliest_due(reviews: str, dues: str) -> str:
    """The operation that writes on the count node of each review the ``reviews`` pattern binds to
    ``?review`` its earliest due date: the earliest ``scr:dueDate`` of its measures and of their
    status records (``dues`` binds ``?due`` for ``?review``; see the two below). Every due date the
    action-state rule can give one of the review's actions is on or after it, so a listing sorted by
    due date (``overdue-actions``) reads the reviews with the earliest due dates first for a page."""
    return f"""INSERT {{ GRAPH {_D} {{ ?node scr:earliestDue ?earliest }} }}
WHERE {{
  {{ SELECT ?review (MIN(?due) AS ?earliest) WHERE {{ {reviews} {dues} }} GROUP BY ?review }}
  {_count_node()}
}}"""


# A few reviews' due dates, looked up review by review.
_DUES_OF_EACH = """GRAPH ?partGraph { ?measure dcterms:isPartOf ?review }
        { GRAPH ?dueGraph { ?measure scr:dueDate ?due } }
        UNION { GRAPH ?recordGraph { ?measure scr:statusRecord ?state } GRAPH ?dueGraph { ?state scr:dueDate ?due } }"""
# Every review's due dates, each triple pattern a sub-SELECT of its own (hash-joined, as above).
_DUES_OF_ALL = """{ SELECT ?measure ?review WHERE { GRAPH ?partGraph { ?measure dcterms:isPartOf ?review } } }
        { SELECT ?measure ?due WHERE {
            { SELECT ?measure ?due WHERE { GRAPH ?dueGraph { ?measure scr:dueDate ?due } } }
            UNION { { SELECT ?measure ?state WHERE { GRAPH ?recordGraph { ?measure scr:statusRecord ?state } } }
                    { SELECT ?state ?due WHERE { GRAPH ?dueGraph { ?state scr:dueDate ?due } } } } } }"""


def _review_ends(names: Iterable[str]) -> list[str]:
    """The ends of the IRIs of the reviews whose record or action-plan graphs are among ``names``."""
    return [end for end in dict.fromkeys(map(review_of_graph, names)) if end]


def _recount_reviews(ends: list[str]) -> list[str]:
    """The operations replacing the counts of the reviews whose IRIs end with ``ends`` (a review
    that is gone keeps none)."""
    if not ends:
        return []
    nodes = " ".join(f"<{REVIEW_NODE_BASE}{end}>" for end in ends)
    held = _held(ends)
    return [f"DELETE {{ GRAPH {_D} {{ ?node ?p ?o }} }} WHERE {{ VALUES ?node {{ {nodes} }} GRAPH {_D} {{ ?node ?p ?o }} }}",
            _count_reviews(held, _ITEMS_OF_EACH), _earliest_due(held, _DUES_OF_EACH)]


def _held(ends: list[str]) -> str:
    """The pattern binding ``?review`` to each review held whose IRI ends with one of ``ends``."""
    reviews = " ".join(f"<{_REVIEWS}{end}>" for end in ends)
    return f"VALUES ?review {{ {reviews} }} GRAPH ?reviewGraph {{ ?review a scr:Review }}"


# -- each status record's validity: until the next record of its measure ----------------------

# Each status record with a later record of its measure gets ``scr:validUntil``: the earliest later
# record's as-of date (the undated record, what the review said, counts as the earliest of all), so
# the action-state rule is a range test on the record itself. Worked out with FILTER NOT EXISTS
# against every other record of the measure, as the rule did before, ``agencies-unresolved-actions``
# had not finished after 15 minutes at 1,000 reviews with eight tracker records per action; with
# the dates kept it takes 5.8 s.
def _validity(pattern: str) -> str:
    """The operation writing ``scr:validUntil`` for the status records ``pattern`` binds, with their
    ``?measure``, ``?asOf`` (unbound for the undated record) and the measure's dated records
    (``?later``, ``?laterAsOf``)."""
    return (f"INSERT {{ GRAPH {_D} {{ ?state scr:validUntil ?until }} }}\n"
            f"WHERE {{ {{ SELECT ?state (MIN(?laterAsOf) AS ?until) WHERE {{\n  {pattern}\n"
            f"  FILTER (!BOUND(?asOf) || ?laterAsOf > ?asOf)\n  }} GROUP BY ?state }} }}")


def _measures_of(ends: list[str]) -> str:
    """The pattern binding ``?measure`` and its ``?state`` records for the reviews ending ``ends``."""
    reviews = " ".join(f"<{_REVIEWS}{end}>" for end in ends)
    return (f"VALUES ?review {{ {reviews} }} GRAPH ?partGraph {{ ?measure dcterms:isPartOf ?review }} "
            f"GRAPH ?recordGraph {{ ?measure scr:statusRecord ?state }}")


def _forget_validity(ends: list[str]) -> list[str]:
    """The operation deleting the validity of every status record of the reviews ending ``ends``,
    as the store holds them now (before a write replaces or drops their graphs)."""
    if not ends:
        return []
    return [f"DELETE {{ GRAPH {_D} {{ ?state scr:validUntil ?until }} }} "
            f"WHERE {{ {_measures_of(ends)} GRAPH {_D} {{ ?state scr:validUntil ?until }} }}"]


def _write_validity(ends: list[str]) -> list[str]:
    """The operation writing the validity of every status record of the reviews ending ``ends``."""
    if not ends:
        return []
    return [_validity(f"""{_measures_of(ends)}
  OPTIONAL {{ GRAPH ?asOfGraph {{ ?state scr:asOf ?asOf }} }}
  GRAPH ?laterGraph {{ ?measure scr:statusRecord ?later }} GRAPH ?laterAsOfGraph {{ ?later scr:asOf ?laterAsOf }}""")]


# Every record's validity, each triple pattern a sub-SELECT of its own, which Oxigraph joins by
# hashing (1.2 s at 1,000 reviews with eight tracker records per action, against 8 s looked up
# measure by measure).
_ALL_VALIDITY = _validity("""{ SELECT ?measure ?state WHERE { GRAPH ?recordGraph { ?measure scr:statusRecord ?state } } }
  OPTIONAL { SELECT ?state ?asOf WHERE { GRAPH ?asOfGraph { ?state scr:asOf ?asOf } } }
  { SELECT ?measure ?later ?laterAsOf WHERE {
      { SELECT ?measure ?later WHERE { GRAPH ?laterGraph { ?measure scr:statusRecord ?later } } }
      { SELECT ?later ?laterAsOf WHERE { GRAPH ?laterAsOfGraph { ?later scr:asOf ?laterAsOf } } } } }""")


# What an agency part's due date is when there is none (the query's own stand-in), and where agency
# IRIs begin (a part names an agency by the rest of its IRI).
NO_DUE = "9999-12-31"
AGENCY_BASE = ID + "agency/"


# -- each review's part of agencies-unresolved-actions (read by scrgraph.agency_parts) ------------

def _settled_date(reviews: str, dates: str) -> str:
    """The operation writing ``scr:settledAfter`` on the count node of each review ``reviews`` binds:
    the latest of the dates ``dates`` binds to ``?d`` for its ``?review``."""
    return f"""INSERT {{ GRAPH {_D} {{ ?node scr:settledAfter ?settled }} }}
WHERE {{
  {{ SELECT ?review (MAX(?d) AS ?settled) WHERE {{ {reviews} {dates} }} GROUP BY ?review }}
  {_count_node()}
}}"""


def _parts(reviews: str, final_records: str, unanswered: str) -> str:
    """The operation writing ``scr:agencyParts`` on the count node of each review ``reviews`` binds
    (the format is in :mod:`scrgraph.agency_parts`). ``final_records`` binds, for its ``?review``, each ``?measure``
    with its ``?agency`` and its latest status records (``?state``, each with its ``?status``, the
    status's ``?resolvedFlag``, the record's ``?completed`` and ``?due`` or the measure's);
    ``unanswered`` each ``?recommendation`` addressed to an ``?agency`` that has no action with a
    status record answering it. A measure is open when a latest record is not resolved, and then
    counts once, at its earliest due date; a resolved one whose completion comes after the review's
    last record date is listed with that completion, before which it is unresolved.

    The same graph gives the same text on every engine: the lists are joined from rows sorted
    first (Oxigraph and Jena join a group's values in the order its rows come), so that a store and
    a server, or a write undone and done again, hold the same quads."""
    no_due = f'"{NO_DUE}"^^xsd:date'
    return f"""INSERT {{ GRAPH {_D} {{ ?node scr:agencyParts ?parts }} }}
WHERE {{
  {{ SELECT ?review (GROUP_CONCAT(?line; separator="\\n") AS ?lines) WHERE {{ {{ SELECT ?review ?line WHERE {{
    {{ SELECT ?review ?agency (COUNT(?open) AS ?opened) (COUNT(?recommendation) AS ?unanswered)
             (MIN(COALESCE(?openDue, {no_due})) AS ?oldest) (COUNT(?pastDue) AS ?past)
             (GROUP_CONCAT(COALESCE(?laterDue, ""); separator=" ") AS ?later)
             (COUNT(?closing) AS ?closings) (GROUP_CONCAT(COALESCE(?closing, ""); separator=" ") AS ?closingDates)
      WHERE {{ {{ SELECT * WHERE {{
        {{ {{ SELECT ?review ?agency ?measure (MIN(COALESCE(?due, {no_due})) AS ?measureDue)
                    (MAX(IF(COALESCE(?resolvedFlag, false), 0, 1)) AS ?unresolved) (MIN(COALESCE(?completed, {no_due})) AS ?closed)
             WHERE {{ {reviews} {final_records} }} GROUP BY ?review ?agency ?measure }}
           {_count_node("countNode")}
           OPTIONAL {{ GRAPH {_D} {{ ?countNode scr:settledAfter ?settled }} }}
           BIND (IF(?unresolved = 1, ?measure, ?unbound) AS ?open)
           BIND (IF(BOUND(?open), ?measureDue, ?unbound) AS ?openDue)
           BIND (BOUND(?open) && ?measureDue != {no_due} AS ?hasDue)
           BIND (IF(?hasDue && COALESCE(?measureDue <= ?settled, false), ?measure, ?unbound) AS ?pastDue)
           BIND (IF(?hasDue && !BOUND(?pastDue), STR(?measureDue), ?unbound) AS ?laterDue)
           BIND (IF(!BOUND(?open) && ?closed != {no_due} && COALESCE(?closed > ?settled, true),
                    CONCAT(STR(?closed), "/", STR(?measureDue)), ?unbound) AS ?closing) }}
        UNION {{ {{ SELECT DISTINCT ?review ?agency ?recommendation WHERE {{ {reviews} {unanswered} }} }} }}
      }} ORDER BY ?laterDue ?closing }} }}
      GROUP BY ?review ?agency }}
    FILTER (?opened + ?unanswered + ?closings > 0)
    BIND (IF(STRSTARTS(STR(?agency), "{AGENCY_BASE}"), STRAFTER(STR(?agency), "{AGENCY_BASE}"), CONCAT("<", STR(?agency))) AS ?key)
    BIND (CONCAT(?key, "\\t", STR(?opened), "\\t", STR(?unanswered), "\\t", STR(?oldest), "\\t",
                 STR(?past), "\\t", ?later, "\\t", ?closingDates) AS ?line)
  }} ORDER BY ?line }} }} GROUP BY ?review }}
  {_count_node()}
  OPTIONAL {{ GRAPH {_D} {{ ?node scr:settledAfter ?settled }} }}
  GRAPH ?idGraph {{ ?review dcterms:identifier ?id }}
  BIND (CONCAT(COALESCE(STR(?settled), ""), "\\t", ?id, "\\n", ?lines) AS ?parts)
}}"""


# A few reviews' dates, measures and recommendations, looked up review by review (``?review`` is bound).
_PART_DATES_OF_EACH = """GRAPH ?partGraph { ?measure dcterms:isPartOf ?review }
    GRAPH ?recordGraph { ?measure scr:statusRecord ?state }
    GRAPH ?dateGraph { ?state scr:asOf ?d }"""
_PART_FINAL_OF_EACH = f"""GRAPH ?partGraph {{ ?measure dcterms:isPartOf ?review }}
    GRAPH ?leadGraph {{ ?measure scr:responsibleAgency ?agency }}
    GRAPH ?recordGraph {{ ?measure scr:statusRecord ?state }}
    FILTER NOT EXISTS {{ GRAPH {_D} {{ ?state scr:validUntil ?until }} }}
    GRAPH ?statusGraph {{ ?state scr:status ?status }}
    OPTIONAL {{ GRAPH ?resolvedGraph {{ ?status scr:resolved ?resolvedFlag }} }}
    OPTIONAL {{ GRAPH ?completedGraph {{ ?state scr:completedDate ?completed }} }}
    OPTIONAL {{ GRAPH ?recordDueGraph {{ ?state scr:dueDate ?recordDue }} }}
    OPTIONAL {{ GRAPH ?measureDueGraph {{ ?measure scr:dueDate ?ownDue }} }}
    BIND (COALESCE(?recordDue, ?ownDue) AS ?due)"""
_PART_UNANSWERED_OF_EACH = """GRAPH ?partGraph { ?recommendation dcterms:isPartOf ?review }
    GRAPH ?typeGraph { ?recommendation a scr:Recommendation }
    GRAPH ?addresseeGraph { ?recommendation scr:addressedTo ?agency }
    FILTER NOT EXISTS { GRAPH ?answerGraph { ?answer scr:answers ?recommendation }
                        FILTER EXISTS { GRAPH ?answerLeadGraph { ?answer scr:responsibleAgency ?agency }
                                        GRAPH ?answerRecordGraph { ?answer scr:statusRecord ?answerState } } }"""
# (The recommendation's answers looked up first, each then checked: written as one NOT EXISTS of
# three patterns, Oxigraph read every action of the agency, 0.14 s a review at 10,000 reviews.)

# Every review's, each triple pattern a sub-SELECT of its own, which Oxigraph joins by hashing.
_PART_DATES_OF_ALL = """{ SELECT ?measure ?review WHERE { GRAPH ?partGraph { ?measure dcterms:isPartOf ?review } } }
    { SELECT ?measure ?state WHERE { GRAPH ?recordGraph { ?measure scr:statusRecord ?state } } }
    { SELECT ?state ?d WHERE { GRAPH ?dateGraph { ?state scr:asOf ?d } } }"""
_PART_FINAL_OF_ALL = f"""{{ SELECT ?measure ?review WHERE {{ GRAPH ?partGraph {{ ?measure dcterms:isPartOf ?review }} }} }}
    {{ SELECT ?measure ?agency WHERE {{ GRAPH ?leadGraph {{ ?measure scr:responsibleAgency ?agency }} }} }}
    {{ SELECT ?measure ?state WHERE {{ GRAPH ?recordGraph {{ ?measure scr:statusRecord ?state }} }} }}
    MINUS {{ GRAPH {_D} {{ ?state scr:validUntil ?until }} }}
    {{ SELECT ?state ?status WHERE {{ GRAPH ?statusGraph {{ ?state scr:status ?status }} }} }}
    OPTIONAL {{ SELECT ?status ?resolvedFlag WHERE {{ GRAPH ?resolvedGraph {{ ?status scr:resolved ?resolvedFlag }} }} }}
    OPTIONAL {{ SELECT ?state ?completed WHERE {{ GRAPH ?completedGraph {{ ?state scr:completedDate ?completed }} }} }}
    OPTIONAL {{ SELECT ?state ?recordDue WHERE {{ GRAPH ?recordDueGraph {{ ?state scr:dueDate ?recordDue }} }} }}
    OPTIONAL {{ SELECT ?measure ?ownDue WHERE {{ GRAPH ?measureDueGraph {{ ?measure scr:dueDate ?ownDue }} }} }}
    BIND (COALESCE(?recordDue, ?ownDue) AS ?due)"""
_PART_UNANSWERED_OF_ALL = """{ SELECT ?recommendation ?review WHERE { GRAPH ?partGraph { ?recommendation dcterms:isPartOf ?review } } }
    { SELECT ?recommendation WHERE { GRAPH ?typeGraph { ?recommendation a scr:Recommendation } } }
    { SELECT ?recommendation ?agency WHERE { GRAPH ?addresseeGraph { ?recommendation scr:addressedTo ?agency } } }
    MINUS { { SELECT ?answer ?agency WHERE { GRAPH ?answerLeadGraph { ?answer scr:responsibleAgency ?agency } } }
            { SELECT ?answer ?recommendation WHERE { GRAPH ?answerGraph { ?answer scr:answers ?recommendation } } }
            { SELECT ?answer WHERE { GRAPH ?answerRecordGraph { ?answer scr:statusRecord ?answerState } } } }"""


def _parts_of(held: str) -> list[str]:
    """The operations writing the settled date and parts of the reviews the pattern ``held`` binds
    to ``?review``, looked up review by review (after their status records' validity is written)."""
    return [_settled_date(held, _PART_DATES_OF_EACH), _parts(held, _PART_FINAL_OF_EACH, _PART_UNANSWERED_OF_EACH)]


def _all_parts() -> list[str]:
    """The operations writing every review's settled date and parts (after every validity is written: it reads them)."""
    return [_settled_date("", _PART_DATES_OF_ALL), _parts("", _PART_FINAL_OF_ALL, _PART_UNANSWERED_OF_ALL)]


def _forget_parts() -> list[str]:
    """The operations deleting every review's settled date and parts (before :func:`_all_parts`)."""
    return [f"DELETE WHERE {{ GRAPH {_D} {{ ?node scr:settledAfter ?settled }} }}",
            f"DELETE WHERE {{ GRAPH {_D} {{ ?node scr:agencyParts ?parts }} }}"]


# -- what each write sends --------------------------------------------------------------------


def review_graphs(names: Iterable[str]) -> list[str]:
    """The review record graphs among graph names."""
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


def before_operations(names: Iterable[str]) -> list[str]:
    """What goes before a write that replaces or drops the graphs ``names``: the years and groups
    of the reviews among them, as the store holds them now, marked stale, and the validity of
    those reviews' status records deleted."""
    names = list(names)
    graphs = review_graphs(names)
    ends = _review_ends(names)
    if len(graphs) > REBUILD_OVER or len(ends) > REBUILD_OVER:
        return []  # the write is followed by a rebuild, which starts from nothing
    return [*_mark(graphs), *_mark_groups(graphs), *_forget_validity(ends)]


def after_operations(names: Iterable[str]) -> list[str]:
    """What goes after that write: the counts of every year, group and review it touched, the
    validity of those reviews' status records and their shares of ``agencies-unresolved-actions``,
    worked out again (every group's, when it wrote the links graph; every review's share, when it
    wrote the ontology)."""
    names = list(names)
    graphs = review_graphs(names)
    ends = _review_ends(names)
    if len(graphs) > REBUILD_OVER or len(ends) > REBUILD_OVER:
        return rebuild_operations()
    operations: list[str] = [*_recount_reviews(ends), *_write_validity(ends)]
    # Each review's kept part of agencies-unresolved-actions, once its records' validity is written;
    # every review's when the ontology changed (a status may now count as resolved).
    if ONTOLOGY_GRAPH in names:
        operations += [*_forget_parts(), *_all_parts()]
    elif ends:
        operations += _parts_of(_held(ends))
    if graphs:
        operations += [*_mark(graphs), *_FORGET_STALE, *_RECOUNT, *_CLEAR_MARKS, *_mark_groups(graphs)]
    if LINKS_GRAPH in names:  # every group may have changed, and some may be gone
        operations += [_FORGET_ALL_GROUPS, _MARK_ALL_GROUPS, _FORGET_GROUP_SCORES, _WRITE_GROUP_SCORES]
    return operations


def group_operations(rows: list[dict[str, Any]]) -> list[str]:
    """The update that replaces the counts of the groups marked stale with ``rows`` (what
    :data:`GROUP_COUNTS_QUERY` gave) and clears the marks."""
    lines = []
    for row in rows:
        node = f"<{GROUP_NODE_BASE}{quote(str(row['group']), safe='')}>"
        lines.append(f"{node} a scr:GroupCount ; scr:countedGroup {Literal(str(row['group'])).n3()} ; "
                     f"scr:reviewCount {Literal(int(row['reviews'])).n3()} ; "
                     f"scr:recommendationCount {Literal(int(row['recommendations'])).n3()} ; "
                     f"scr:agencyList {Literal(str(row['agencies'] or '')).n3()} ; scr:memberList {Literal(str(row['members'] or '')).n3()} .")
    operations = [_FORGET_STALE_GROUPS]
    if lines:
        operations.append(f"INSERT DATA {{ GRAPH {_D} {{\n" + "\n".join(lines) + "\n} }")
    return [*operations, _CLEAR_GROUP_MARKS]


def rebuild_operations() -> list[str]:
    """Every count worked out again from the reviews and groups, and the derived graph's version written."""
    return [
        f"DROP SILENT GRAPH {_D}",
        f"INSERT {{ GRAPH {_D} {{ {_D} scr:staleYear ?year }} }} WHERE {{ SELECT DISTINCT ?year WHERE {{ GRAPH ?graph {{ ?review a scr:Review ; scr:year ?year }} }} }}",
        f"INSERT {{ GRAPH {_D} {{ {_D} scr:staleNoYear true }} }} "
        f"WHERE {{ {{ SELECT ?review WHERE {{ GRAPH ?graph {{ ?review a scr:Review FILTER NOT EXISTS {{ ?review scr:year ?year }} }} }} LIMIT 1 }} }}",
        *_RECOUNT,
        *_CLEAR_MARKS,
        _count_reviews("{ SELECT ?review WHERE { GRAPH ?reviewGraph { ?review a scr:Review } } }", _ITEMS_OF_ALL),
        _earliest_due("", _DUES_OF_ALL),
        _ALL_VALIDITY,
        *_all_parts(),
        _MARK_ALL_GROUPS,
        _WRITE_GROUP_SCORES,
        f"INSERT DATA {{ GRAPH {_D} {{ {_D} scr:derivedVersion {DERIVED_VERSION} }} }}",
    ]


Select = Callable[[str], tuple[list[str], list[dict[str, Any]]]]
Update = Callable[[list[str]], None]


def recount_groups(select: Select, update: Update) -> None:
    """Work out again the counts of the groups the last write marked stale: read from the union of the
    graphs with ``select``, written by ``update`` as a second request (a store's own two methods)."""
    if select(STALE_GROUPS_QUERY)[1]:
        update(group_operations(select(GROUP_COUNTS_QUERY)[1]))


def refresh(version: Any, select: Select, update: Update, force: bool = False) -> bool:
    """Rebuild every count when the store's derived graph is of ``version`` other than
    :data:`DERIVED_VERSION` (None: missing), or always with ``force``; True when it did. Groups a
    write cut off between its two requests left stale are recounted either way."""
    rebuilt = force or version != DERIVED_VERSION
    if rebuilt:
        update(rebuild_operations())
    recount_groups(select, update)
    return rebuilt


def update_text(operations: list[str]) -> str:
    """The operations as one SPARQL update request, with scrgraph's prefixes declared."""
    return _PROLOGUE + " ;\n".join(operations)

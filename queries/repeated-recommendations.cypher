// Twin of queries/repeated-recommendations.rq (same parameters, columns and order) for Neo4j.
MATCH (g:RecurrenceGroup)-[:MEMBER]->(:Recommendation)-[:IS_PART_OF]->(reviewNode:Review)
WHERE
#include published-by
WITH g, reviewNode,
     coalesce(reviewNode.publishedEarliest, CASE WHEN reviewNode.year IS NULL THEN null
              ELSE date({year: reviewNode.year, month: 1, day: 1}) END) AS memberFrom,
     coalesce(reviewNode.publishedLatest, CASE WHEN reviewNode.year IS NULL THEN null
              ELSE date({year: reviewNode.year, month: 12, day: 31}) END) AS memberTo
// A review joined the group in the period (every day it could have been published lies from $from
// to $to) and is of the board.
WITH g, count(DISTINCT reviewNode) AS reviews,
     count(DISTINCT CASE WHEN ($from = '' OR coalesce(memberFrom >= $from, false))
                          AND ($to = '' OR coalesce(memberTo <= $to, false))
                          AND ($board = '' OR EXISTS {
                                MATCH (reviewNode)-[:BOARD]->(memberBoard:Board)
                                WHERE toLower($board) = toLower(memberBoard.label)
                                   OR any(short IN CASE WHEN memberBoard.altLabel IS :: LIST<ANY> THEN memberBoard.altLabel
                                                        ELSE [memberBoard.altLabel] END WHERE toLower($board) = toLower(short))
                                   OR toLower($board) = last(split(memberBoard.iri, '/')) })
                        THEN reviewNode END) AS joined
WHERE reviews >= $min_reviews
  AND (($from = '' AND $to = '' AND $board = '') OR joined > 0)
  AND ($group = '' OR g.identifier = $group)
  AND ($review = '' OR EXISTS {
        MATCH (g)-[:MEMBER]->()-[:IS_PART_OF]->(someReview) WHERE someReview.identifier = $review })
  AND ($agency = '' OR EXISTS {
        MATCH (g)-[:MEMBER]->()-[:ADDRESSED_TO]->(someAgency) WHERE last(split(someAgency.iri, '/')) = $agency })
  AND ($contains = '' OR toLower(g.label) CONTAINS toLower($contains) OR EXISTS {
        MATCH (g)-[:MEMBER]->(someRec) WHERE toLower(someRec.text) CONTAINS toLower($contains) })
MATCH (g)-[:MEMBER]->(rec:Recommendation)-[:IS_PART_OF]->(reviewNode:Review)
WHERE
#include published-by
WITH g, reviews, rec, reviewNode,
     [(rec)-[:ADDRESSED_TO]->(addressee) | last(split(addressee.iri, '/'))] AS agencies,
     [(rec)<-[:LINK_SOURCE|LINK_TARGET]-(link:RecommendationLink)-[:LINK_SOURCE|LINK_TARGET]->(other)
        WHERE other <> rec AND coalesce(link.decision, '') <> 'rejected' AND EXISTS { MATCH (g)-[:MEMBER]->(other) }
        | link.score] AS scores
RETURN g.identifier AS group, g.label AS label, reviews, g.firstYear AS first_year, g.lastYear AS last_year,
       reviewNode.identifier AS review, reviewNode.title AS review_title, reviewNode.year AS year,
       rec.ref AS ref, rec.text AS text, agencies,
       reduce(best = null, s IN scores | CASE WHEN best IS NULL OR s > best THEN s ELSE best END) AS score
ORDER BY coalesce(first_year, 9999), group, coalesce(year, 9999), review, coalesce(ref, '')

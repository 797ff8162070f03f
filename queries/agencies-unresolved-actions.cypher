// Twin of queries/agencies-unresolved-actions.rq (same parameters, columns and order) for Neo4j.
CALL {
  MATCH (measure:Measure)-[:IS_PART_OF]->(reviewNode:Review), (measure)-[:RESPONSIBLE_AGENCY]->(agencyNode)
  WHERE ($review = '' OR reviewNode.identifier = $review)
    AND
#include review-scope
#include measure-state
  WITH reviewNode, agencyNode, measure, overdue, due, unresolved
  WHERE unresolved
  RETURN reviewNode, agencyNode, measure AS item, overdue, due AS openDue, false AS unanswered
  UNION
  MATCH (recommendation:Recommendation)-[:IS_PART_OF]->(reviewNode:Review),
        (recommendation)-[:ADDRESSED_TO]->(addressee)
  WHERE ($review = '' OR reviewNode.identifier = $review)
    AND
#include review-scope
  AND
#include unanswered-recommendation
  RETURN reviewNode, addressee AS agencyNode, recommendation AS item, false AS overdue, null AS openDue,
         true AS unanswered
}
WITH agencyNode, count(DISTINCT item) AS unresolved, count(DISTINCT CASE WHEN overdue THEN item END) AS overdue,
     count(DISTINCT CASE WHEN unanswered THEN item END) AS no_action, min(openDue) AS oldest_due,
     count(DISTINCT reviewNode) AS reviews, collect(DISTINCT reviewNode.identifier) AS review_ids
WITH last(split(agencyNode.iri, '/')) AS agency, agencyNode, unresolved, overdue, no_action, oldest_due, reviews, review_ids
RETURN agency, coalesce(agencyNode.label, agency) AS agency_label, unresolved, overdue, no_action, oldest_due,
       reviews, review_ids
ORDER BY unresolved DESC, agency

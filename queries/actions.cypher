// Twin of queries/actions.rq (same parameters and columns) for Neo4j.
CALL {
  MATCH (measure:Measure)-[:IS_PART_OF]->(reviewNode:Review)
  WHERE ($review = '' OR reviewNode.identifier = $review) AND
#include review-scope
  WITH *, reviewNode AS review
  OPTIONAL MATCH (measure)-[:ANSWERS]->(recommendation:Recommendation)
  OPTIONAL MATCH (measure)-[:RESPONSIBLE_AGENCY]->(addressee:Agency)
#include measure-state
  RETURN review, recommendation, addressee, measure.text AS action, statusId AS status_id, state.rag AS rag,
         due, completed, unresolved, overdue, state.asOf AS recorded
  UNION
  MATCH (recommendation:Recommendation)-[:IS_PART_OF]->(reviewNode:Review),
        (recommendation)-[:ADDRESSED_TO]->(addressee:Agency)
  WHERE ($review = '' OR reviewNode.identifier = $review) AND
#include review-scope
  WITH *, reviewNode AS review
  WHERE
#include unanswered-recommendation
  RETURN review, recommendation, addressee, '(no action)' AS action, 'none' AS status_id, null AS rag,
         null AS due, null AS completed, true AS unresolved, false AS overdue, null AS recorded
}
WITH review.identifier AS review_id, recommendation.ref AS rec,
     coalesce(addressee.notation, last(split(addressee.iri, '/'))) AS agency_id,
     action, status_id, rag, due, completed, unresolved, overdue, recorded
WHERE ($agency = '' OR agency_id = $agency)
  AND ($show = '' OR ($show = 'open' AND unresolved) OR ($show = 'overdue' AND overdue)
       OR ($show = 'done' AND NOT unresolved))
RETURN review_id, rec, agency_id, action, status_id, rag, due, completed, overdue, recorded
ORDER BY review_id, rec, agency_id, action

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
     coalesce(addressee.notation, last(split(addressee.iri, '/'))) AS agency_id, addressee.label AS addressee_label,
     action, status_id, rag, due, completed, unresolved, overdue, recorded
WHERE ($agency = '' OR agency_id = $agency)
  AND ($show = '' OR ($show = 'open' AND unresolved) OR ($show = 'overdue' AND overdue)
       OR ($show = 'done' AND NOT unresolved))
WITH review_id, rec, agency_id, addressee_label, action, status_id, rag, due, completed, overdue, recorded,
     CASE WHEN status_id = 'none' THEN 'No action'
          ELSE coalesce(COLLECT { MATCH (named:ActionStatus) WHERE named.notation = status_id RETURN named.label }[0], status_id)
     END AS status_label
RETURN review_id, rec, agency_id, coalesce(addressee_label, agency_id) AS agency_label, action, status_id, status_label,
       rag, due, completed, overdue, recorded
ORDER BY review_id, rec, agency_id, action

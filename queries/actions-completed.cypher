// Twin of queries/actions-completed.rq (same parameters and columns) for Neo4j.
MATCH (measure:Measure)-[:IS_PART_OF]->(reviewNode:Review)
WHERE ($review = '' OR reviewNode.identifier = $review) AND
#include review-scope
WITH *, reviewNode AS review
OPTIONAL MATCH (measure)-[:RESPONSIBLE_AGENCY]->(addressee:Agency)
#include measure-state
WITH *
WHERE NOT unresolved AND completed IS NOT NULL AND completed >= $from AND completed <= $to
OPTIONAL MATCH (measure)-[:ANSWERS]->(recommendation:Recommendation)
WITH measure, review, addressee, statusId, completed, evidence, collect(DISTINCT recommendation.ref) AS refs
RETURN review.identifier AS review_id,
       refs AS recs,
       coalesce(addressee.notation, last(split(addressee.iri, '/')), '') AS agency_id,
       measure.text AS action, statusId AS status_id, completed,
       CASE WHEN evidence IS :: LIST<ANY> THEN head(evidence) ELSE evidence END AS evidence
ORDER BY completed, review_id, action

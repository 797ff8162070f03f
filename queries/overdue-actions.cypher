// Twin of queries/overdue-actions.rq (same parameters, columns and order) for Neo4j.
MATCH (measure:Measure)-[:IS_PART_OF]->(reviewNode:Review)
WHERE $review = '' OR reviewNode.identifier = $review
#include measure-state
WITH reviewNode, measure, state, statusId, due, overdue
WHERE overdue
OPTIONAL MATCH (measure)-[:RESPONSIBLE_AGENCY]->(agencyNode)
WITH reviewNode, measure, state, statusId, due, last(split(agencyNode.iri, '/')) AS agency
WHERE $agency = '' OR agency = $agency
RETURN reviewNode.identifier AS review, [(measure)-[:ANSWERS]->(rec) | rec.ref] AS recommendations, agency,
       measure.text AS action, statusId AS status_id, due, state.asOf AS recorded
ORDER BY due, review, coalesce(agency, ''), action

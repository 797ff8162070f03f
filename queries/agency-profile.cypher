// Twin of queries/agency-profile.rq (same parameters, columns and order) for Neo4j.
CALL {
  MATCH (agencyNode) WHERE agencyNode.iri = 'https://w3id.org/scrgraph/id/agency/' + $agency
  MATCH (reviewNode:Review)
  WHERE EXISTS { MATCH (reviewNode)-[:NAMES_AGENCY]->(agencyNode) }
     OR EXISTS { MATCH (reviewNode)<-[:IS_PART_OF]-()-[:CONCERNS_AGENCY|ADDRESSED_TO|RESPONSIBLE_AGENCY]->(agencyNode) }
  RETURN reviewNode, 'review' AS kind, null AS ref, reviewNode.title AS text, null AS status_id, null AS due,
         null AS unresolved, null AS overdue
  UNION
  MATCH (agencyNode) WHERE agencyNode.iri = 'https://w3id.org/scrgraph/id/agency/' + $agency
  MATCH (finding:Finding)-[:CONCERNS_AGENCY]->(agencyNode), (finding)-[:IS_PART_OF]->(reviewNode:Review)
  RETURN reviewNode, 'finding' AS kind, finding.ref AS ref, finding.text AS text, null AS status_id, null AS due,
         null AS unresolved, null AS overdue
  UNION
  MATCH (addressee) WHERE addressee.iri = 'https://w3id.org/scrgraph/id/agency/' + $agency
  MATCH (recommendation:Recommendation)-[:ADDRESSED_TO]->(addressee), (recommendation)-[:IS_PART_OF]->(reviewNode:Review)
  WITH reviewNode, recommendation,
#include unanswered-recommendation
       AS unanswered
  RETURN reviewNode, 'recommendation' AS kind, recommendation.ref AS ref, recommendation.text AS text,
         CASE WHEN unanswered THEN 'none' END AS status_id, null AS due,
         CASE WHEN unanswered THEN true END AS unresolved, null AS overdue
  UNION
  MATCH (agencyNode) WHERE agencyNode.iri = 'https://w3id.org/scrgraph/id/agency/' + $agency
  MATCH (measure:Measure)-[:RESPONSIBLE_AGENCY]->(agencyNode), (measure)-[:IS_PART_OF]->(reviewNode:Review)
#include measure-state
  RETURN reviewNode, 'action' AS kind, measure.ref AS ref, measure.text AS text, statusId AS status_id, due,
         unresolved, overdue
}
WITH reviewNode, kind, ref, text, status_id, due, unresolved, overdue
WHERE $review = '' OR reviewNode.identifier = $review
RETURN DISTINCT reviewNode.identifier AS review, reviewNode.title AS review_title, reviewNode.year AS year, kind, ref,
       text, status_id, due, unresolved, overdue
ORDER BY coalesce(year, 9999), review,
         CASE kind WHEN 'review' THEN 0 WHEN 'finding' THEN 1 WHEN 'recommendation' THEN 2 ELSE 3 END,
         coalesce(ref, ''), text

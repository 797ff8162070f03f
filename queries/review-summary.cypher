// Twin of queries/review-summary.rq (same parameters, columns and order) for Neo4j.
CALL {
  MATCH (reviewNode:Review {identifier: $review})
  RETURN reviewNode AS item, 0 AS depth, 'review' AS kind, reviewNode.identifier AS ref,
         'review:' + reviewNode.identifier AS node, null AS parent, reviewNode.title AS text,
         null AS status_id, null AS due, null AS unresolved
  UNION
  MATCH (item:Finding)-[:IS_PART_OF]->(reviewNode:Review {identifier: $review})
  RETURN item, 1 AS depth, 'finding' AS kind, item.ref AS ref, 'finding:' + item.ref AS node,
         'review:' + reviewNode.identifier AS parent, item.text AS text, null AS status_id, null AS due, null AS unresolved
  UNION
  MATCH (item:Recommendation)-[:IS_PART_OF]->(reviewNode:Review {identifier: $review})
  OPTIONAL MATCH (item)-[:ARISES_FROM]->(finding)
  RETURN item, 2 AS depth, 'recommendation' AS kind, item.ref AS ref, 'recommendation:' + item.ref AS node,
         CASE WHEN finding.ref IS NULL THEN 'review:' + reviewNode.identifier ELSE 'finding:' + finding.ref END AS parent,
         item.text AS text, null AS status_id, null AS due, null AS unresolved
  UNION
  MATCH (measure:Measure)-[:IS_PART_OF]->(reviewNode:Review {identifier: $review})
#include measure-state
  OPTIONAL MATCH (measure)-[:ANSWERS]->(answered)
  RETURN measure AS item, 3 AS depth, 'action' AS kind, measure.ref AS ref,
         'action:' + last(split(measure.iri, '/')) AS node,
         CASE WHEN answered.ref IS NULL THEN 'review:' + reviewNode.identifier ELSE 'recommendation:' + answered.ref END AS parent,
         measure.text AS text, statusId AS status_id, due, unresolved
}
RETURN depth, kind, ref, node, parent, text,
       [(item)-[:CONCERNS_AGENCY|ADDRESSED_TO|RESPONSIBLE_AGENCY|NAMES_AGENCY]->(agencyNode) | last(split(agencyNode.iri, '/'))] AS agencies,
       [(item)-[:SUBJECT]->(themeNode) | last(split(themeNode.iri, '/'))] AS themes,
       status_id, due, unresolved
ORDER BY depth, coalesce(ref, ''), coalesce(parent, ''), text

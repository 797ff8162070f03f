// Twin of queries/agency-review-matrix.rq (same parameters, columns and order) for Neo4j.
CALL {
  MATCH (reviewNode:Review)-[:NAMES_AGENCY]->(agencyNode)
  RETURN reviewNode, agencyNode, null AS item, '' AS kind
  UNION
  MATCH (item:Finding)-[:IS_PART_OF]->(reviewNode:Review), (item)-[:CONCERNS_AGENCY]->(agencyNode)
  RETURN reviewNode, agencyNode, item, 'finding' AS kind
  UNION
  MATCH (item:Recommendation)-[:IS_PART_OF]->(reviewNode:Review), (item)-[:ADDRESSED_TO]->(agencyNode)
  RETURN reviewNode, agencyNode, item, 'recommendation' AS kind
  UNION
  MATCH (item:Measure)-[:IS_PART_OF]->(reviewNode:Review), (item)-[:RESPONSIBLE_AGENCY]->(agencyNode)
  RETURN reviewNode, agencyNode, item, 'action' AS kind
}
WITH reviewNode, agencyNode, item, kind, last(split(agencyNode.iri, '/')) AS agency
WHERE ($review = '' OR reviewNode.identifier = $review) AND ($agency = '' OR agency = $agency)
WITH agency, agencyNode, reviewNode,
     count(DISTINCT CASE WHEN kind = 'finding' THEN item END) AS findings,
     count(DISTINCT CASE WHEN kind = 'recommendation' THEN item END) AS recommendations,
     count(DISTINCT CASE WHEN kind = 'action' THEN item END) AS actions
RETURN agency, coalesce(agencyNode.label, agency) AS agency_label, reviewNode.identifier AS review,
       reviewNode.year AS year, findings, recommendations, actions
ORDER BY coalesce(year, 9999), review, agency

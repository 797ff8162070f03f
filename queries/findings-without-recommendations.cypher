// Twin of queries/findings-without-recommendations.rq (same parameters, columns and order) for Neo4j.
MATCH (finding:Finding)-[:IS_PART_OF]->(reviewNode:Review)
WHERE NOT EXISTS { MATCH (arising)-[:ARISES_FROM]->(finding) }
  AND ($review = '' OR reviewNode.identifier = $review)
  AND ($theme = '' OR EXISTS {
    MATCH (finding)-[:SUBJECT]->(someTheme) WHERE last(split(someTheme.iri, '/')) = $theme })
  AND ($agency = '' OR EXISTS {
    MATCH (finding)-[:CONCERNS_AGENCY]->(someAgency) WHERE last(split(someAgency.iri, '/')) = $agency })
RETURN reviewNode.identifier AS review, reviewNode.title AS review_title, reviewNode.year AS year,
       finding.ref AS ref, finding.heading AS heading, finding.text AS text,
       [(finding)-[:SUBJECT]->(themeNode) | last(split(themeNode.iri, '/'))] AS themes,
       [(finding)-[:CONCERNS_AGENCY]->(agencyNode) | last(split(agencyNode.iri, '/'))] AS agencies
ORDER BY coalesce(year, 9999), review, coalesce(ref, '')

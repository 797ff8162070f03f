// Twin of queries/recurrence-groups.rq (same parameters, columns and order) for Neo4j.
MATCH (g:RecurrenceGroup)-[:MEMBER]->(rec:Recommendation)-[:IS_PART_OF]->(reviewNode:Review)
WHERE $agency = '' OR EXISTS {
  MATCH (g)-[:MEMBER]->()-[:ADDRESSED_TO]->(someAgency) WHERE last(split(someAgency.iri, '/')) = $agency }
OPTIONAL MATCH (rec)-[:ADDRESSED_TO]->(addressee)
WITH g, count(DISTINCT reviewNode) AS reviews, count(DISTINCT rec) AS recommendations,
     collect(DISTINCT last(split(addressee.iri, '/'))) AS agencies,
     collect(DISTINCT reviewNode.identifier + ':' + rec.ref) AS members
WHERE reviews >= $min_reviews
RETURN g.identifier AS group, g.label AS label, reviews, recommendations, g.firstYear AS first_year,
       g.lastYear AS last_year, g.lastYear - g.firstYear AS years, agencies, members
ORDER BY coalesce(first_year, 9999), group

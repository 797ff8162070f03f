// Twin of queries/recurring-themes.rq (same parameters, columns and order) for Neo4j.
MATCH (item)-[:SUBJECT]->(themeNode:Theme), (item)-[:IS_PART_OF]->(reviewNode:Review)
WHERE (item:Finding OR item:Recommendation)
  AND ($from_year = '' OR reviewNode.year >= $from_year)
  AND ($to_year = '' OR reviewNode.year <= $to_year)
WITH themeNode, count(DISTINCT reviewNode) AS reviews,
     count(DISTINCT CASE WHEN item:Finding THEN item END) AS findings,
     count(DISTINCT CASE WHEN item:Recommendation THEN item END) AS recommendations,
     min(reviewNode.year) AS first_year, max(reviewNode.year) AS last_year,
     collect(DISTINCT reviewNode.identifier) AS review_ids
WHERE reviews >= $min_reviews
RETURN last(split(themeNode.iri, '/')) AS theme, themeNode.label AS theme_label, reviews, findings,
       recommendations, first_year, last_year, review_ids
ORDER BY reviews DESC, theme

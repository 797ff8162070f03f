// Twin of queries/themes-by-year.rq (same parameters, columns and order) for Neo4j.
MATCH (item)-[:SUBJECT]->(themeNode:Theme), (item)-[:IS_PART_OF]->(reviewNode:Review)
WHERE (item:Finding OR item:Recommendation)
  AND reviewNode.year IS NOT NULL
  AND ($from_year = '' OR reviewNode.year >= $from_year)
  AND ($to_year = '' OR reviewNode.year <= $to_year)
  AND ($board = '' OR EXISTS {
      MATCH (reviewNode)-[:BOARD]->(boardNode:Board)
      WHERE toLower($board) = toLower(boardNode.label)
         OR any(short IN CASE WHEN boardNode.altLabel IS :: LIST<ANY> THEN boardNode.altLabel ELSE [boardNode.altLabel] END
                WHERE toLower($board) = toLower(short))
         OR toLower($board) = last(split(boardNode.iri, '/')) })
WITH reviewNode.year AS year, themeNode, last(split(themeNode.iri, '/')) AS theme, item, reviewNode
WHERE $theme = '' OR theme = $theme
WITH year, theme, themeNode.label AS theme_label, count(DISTINCT reviewNode) AS reviews,
     count(DISTINCT CASE WHEN item:Finding THEN item END) AS findings,
     count(DISTINCT CASE WHEN item:Recommendation THEN item END) AS recommendations
RETURN year, theme, theme_label, reviews, findings, recommendations
ORDER BY year, theme

// Twin of queries/review-themes.rq (same parameters, columns and order) for Neo4j.
MATCH (item)-[:SUBJECT]->(themeNode:Theme), (item)-[:IS_PART_OF]->(reviewNode:Review)-[:BOARD]->(boardNode:Board)
WHERE (item:Finding OR item:Recommendation)
  AND ($review = '' OR reviewNode.identifier = $review)
  AND ($from_year = '' OR reviewNode.year >= $from_year)
  AND ($to_year = '' OR reviewNode.year <= $to_year)
WITH item, themeNode, reviewNode, boardNode, boardNode.label AS board_name,
     CASE WHEN boardNode.altLabel IS :: LIST<ANY> THEN boardNode.altLabel ELSE [boardNode.altLabel] END AS board_shorts
WHERE $board = ''
   OR toLower($board) = toLower(board_name)
   OR any(short IN board_shorts WHERE toLower($board) = toLower(short))
   OR toLower($board) = last(split(boardNode.iri, '/'))
WITH reviewNode.identifier AS review_id, reviewNode.year AS year, board_name,
     last(split(themeNode.iri, '/')) AS theme, themeNode.label AS theme_label,
     count(DISTINCT CASE WHEN item:Finding THEN item END) AS findings,
     count(DISTINCT CASE WHEN item:Recommendation THEN item END) AS recommendations
RETURN review_id, year, board_name, theme, theme_label, findings, recommendations
ORDER BY coalesce(year, 9999), review_id, theme

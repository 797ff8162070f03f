// Twin of queries/reviews-in-period.rq (same parameters and columns) for Neo4j.
MATCH (review:Review)-[:BOARD]->(boardNode:Board)
WITH review, boardNode, boardNode.label AS board_name,
     CASE WHEN boardNode.altLabel IS :: LIST<ANY> THEN head(boardNode.altLabel) ELSE boardNode.altLabel END AS board_short
WHERE ($board = ''
       OR toLower($board) = toLower(board_name)
       OR toLower($board) = toLower(coalesce(board_short, ''))
       OR toLower($board) = last(split(boardNode.iri, '/')))
  AND ($from_year = '' OR review.year >= $from_year)
  AND ($to_year = '' OR review.year <= $to_year)
WITH review, boardNode, board_name, board_short,
     coalesce(review.publishedEarliest, CASE WHEN review.year IS NULL THEN null ELSE date({year: review.year, month: 1, day: 1}) END) AS published_from,
     coalesce(review.publishedLatest, CASE WHEN review.year IS NULL THEN null ELSE date({year: review.year, month: 12, day: 31}) END) AS published_to
WHERE ($from = '' OR published_from >= $from)
  AND ($to = '' OR published_to <= $to)
OPTIONAL MATCH (review)-[:REVIEW_SUBJECT]->(subject:Subject)
RETURN review.identifier AS review_id, review.title AS title, review.reviewType AS type,
       subject.label AS subject, board_name, board_short, review.year AS year,
       review.yearCommissioned AS year_commissioned, review.yearCompleted AS year_completed,
       review.yearPublished AS year_published,
       coalesce(toString(review.published), toString(review.yearPublished)) AS published, published_from, published_to,
       COUNT { (:Finding)-[:IS_PART_OF]->(review) } AS findings,
       COUNT { (:Recommendation)-[:IS_PART_OF]->(review) } AS recommendations,
       COUNT { (:Measure)-[:IS_PART_OF]->(review) } AS measures
ORDER BY year, review_id

// Twin of queries/recommendations-without-actions.rq (same parameters, columns and order) for Neo4j.
MATCH (rec:Recommendation)-[:IS_PART_OF]->(reviewNode:Review)
WHERE ($review = '' OR reviewNode.identifier = $review)
  AND
#include review-scope
  AND NOT EXISTS {
    MATCH (answering)-[:ANSWERS]->(rec), (answering)-[:STATUS_RECORD]->(answeringState)
    WHERE answeringState.asOf IS NULL OR answeringState.asOf <= $as_of
  }
  AND ($agency = '' OR EXISTS {
    MATCH (rec)-[:ADDRESSED_TO]->(someAgency) WHERE last(split(someAgency.iri, '/')) = $agency })
RETURN reviewNode.identifier AS review, reviewNode.title AS review_title, reviewNode.year AS year, rec.ref AS ref,
       rec.text AS text, [(rec)-[:ADDRESSED_TO]->(addressee) | last(split(addressee.iri, '/'))] AS agencies
ORDER BY coalesce(year, 9999), review, coalesce(ref, '')

// Twin of queries/similar-recommendations.rq (same parameters, columns and order) for Neo4j.
MATCH (rec:Recommendation)<-[:LINK_SOURCE|LINK_TARGET]-(link:RecommendationLink)-[:LINK_SOURCE|LINK_TARGET]->(other:Recommendation)
WHERE other <> rec AND coalesce(link.decision, '') <> 'rejected'
MATCH (rec)-[:IS_PART_OF]->(reviewNode:Review)
WHERE ($review = '' OR reviewNode.identifier = $review)
  AND ($contains = '' OR toLower(rec.text) CONTAINS toLower($contains))
MATCH (other)-[:IS_PART_OF]->(otherReview:Review)
RETURN reviewNode.identifier AS review, rec.ref AS ref, rec.text AS text,
       otherReview.identifier AS similar_review, other.ref AS similar_ref, other.text AS similar_text,
       link.score AS score, link.decision AS decision, coalesce(link.reason + [], []) AS reasons
ORDER BY review, coalesce(ref, ''), score DESC, similar_review, coalesce(similar_ref, '')

// unanswered-recommendation: the ACTION-STATE RULE's last sentence (twin of unanswered-recommendation.rq).
//
// Contract: include with `#include unanswered-recommendation` as the condition of a WHERE clause
// (e.g. `WHERE` on one line, the include on the next) where `recommendation` (:Recommendation),
// `addressee` (an :Agency it is ADDRESSED_TO) and the parameter $as_of (a date) are bound. It is
// true when no measure of that agency answering the recommendation has a status record on or
// before $as_of: the recommendation then counts as unresolved for that agency.
NOT EXISTS {
  MATCH (ua_measure:Measure)-[:ANSWERS]->(recommendation),
        (ua_measure)-[:RESPONSIBLE_AGENCY]->(addressee),
        (ua_measure)-[:STATUS_RECORD]->(ua_state:StatusRecord)
  WHERE ua_state.asOf IS NULL OR ua_state.asOf <= $as_of
}

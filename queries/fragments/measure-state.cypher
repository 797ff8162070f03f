// measure-state: the ACTION-STATE RULE of docs/architecture.md, in one place (twin of measure-state.rq).
//
// Contract: include with a line `#include measure-state` right after a
// clause where `measure` (a :Measure node) is bound, with the parameter $as_of (a Neo4j date). It
// carries forward every variable bound before it (via `WITH *`) and adds
//   state      the :StatusRecord that speaks for $as_of: latest asOf <= $as_of; the undated record
//              (what the review itself said) counts as the earliest
//   status     its :ActionStatus node          statusId   status.notation (its id)
//   due        state.dueDate, else measure.dueDate (may be null)
//   completed  state.completedDate             evidence   state.evidenceOfImpact
//   unresolved true unless status.resolved is true
//   -- except when state.completedDate is after $as_of: the action was not yet completed on
//   $as_of, so statusId is 'unknown', unresolved is true, and completed and evidence are null
//   (status stays the record's node; use statusId).
//   overdue    true when unresolved and due < $as_of
// A measure with no status record on or before $as_of gives no row.
// Helper variables all start with ms_ ; do not use that prefix in including queries.
WITH *, [(measure)-[:STATUS_RECORD]->(ms_r:StatusRecord) WHERE ms_r.asOf IS NULL OR ms_r.asOf <= $as_of | ms_r] AS ms_records
WITH *, reduce(ms_best = null, ms_r IN ms_records |
       CASE WHEN ms_best IS NULL OR coalesce(ms_r.asOf, date('0001-01-01')) > coalesce(ms_best.asOf, date('0001-01-01'))
            THEN ms_r ELSE ms_best END) AS state
WHERE state IS NOT NULL
MATCH (state)-[:STATUS]->(status:ActionStatus)
WITH *, coalesce(state.completedDate > $as_of, false) AS ms_notYet
WITH *, coalesce(state.dueDate, measure.dueDate) AS due,
     CASE WHEN ms_notYet THEN null ELSE state.completedDate END AS completed,
     CASE WHEN ms_notYet THEN null ELSE state.evidenceOfImpact END AS evidence,
     CASE WHEN ms_notYet THEN 'unknown' ELSE status.notation END AS statusId,
     ms_notYet OR NOT coalesce(status.resolved, false) AS unresolved
WITH *, unresolved AND coalesce(due < $as_of, false) AS overdue

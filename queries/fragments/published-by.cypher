// published-by: was a review published by a date? (twin of published-by.rq).
//
// Contract: include with `#include published-by` as a condition of a WHERE clause (after `WHERE`
// or `AND` on the line before) where `reviewNode` (:Review) and the parameter $published_by are
// bound ('' for any). It is false when the earliest day the review could have been published
// (publishedEarliest, else 1 January of its year) is after $published_by.
CASE WHEN $published_by = '' THEN true
     ELSE NOT coalesce(reviewNode.publishedEarliest > $published_by, false)
          AND NOT coalesce(reviewNode.year > toInteger(substring(toString($published_by), 0, 4)), false) END

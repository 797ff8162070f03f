// review-scope: which reviews a report for one board on one date counts (twin of review-scope.rq).
//
// Contract: include with `#include review-scope` as a condition of a WHERE clause (after `WHERE`
// or `AND` on the line before) where `reviewNode` (:Review) and the parameters $board and
// $published_by are bound, each '' for any. It is true when the review is of that board (its
// name, short name or id, in any case) and the earliest day it could have been published
// (publishedEarliest, else 1 January of its year) is not after $published_by.
($board = '' OR EXISTS {
    MATCH (reviewNode)-[:BOARD]->(rs_board:Board)
    WHERE toLower($board) = toLower(rs_board.label)
       OR any(rs_short IN CASE WHEN rs_board.altLabel IS :: LIST<ANY> THEN rs_board.altLabel ELSE [rs_board.altLabel] END
              WHERE toLower($board) = toLower(rs_short))
       OR toLower($board) = last(split(rs_board.iri, '/')) })
AND
#include published-by

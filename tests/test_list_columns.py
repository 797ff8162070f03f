"""A saved query's list columns (review ids, members) come back sorted, without repeats, run after run."""

from __future__ import annotations

from scrgraph.saved_queries import LONG_LIST, get_query, shape_rows

QUERY = get_query("recurring-themes")
COLUMNS = [*QUERY.header.columns, "min_reviews"]


def _rows(review_ids: str) -> list[dict]:
    return [{"theme": "NEGLECT", "review_ids": review_ids, "min_reviews": 2}]


def test_a_long_list_is_sorted_naturally_without_repeats_on_every_run():
    ids = [f"northshire-review-{n}" for n in range(3000, 0, -1)]
    joined = "; ".join([*ids, *ids[:10], ""])
    assert len(joined) > LONG_LIST  # long enough to be remembered between runs
    expected = [f"northshire-review-{n}" for n in range(1, 3001)]
    _, first = shape_rows(QUERY, COLUMNS, _rows(joined))
    assert first[0]["review_ids"] == expected
    first[0]["review_ids"].append("changed by the caller")
    _, again = shape_rows(QUERY, COLUMNS, _rows("".join(joined)))  # the same text, as the next run gives it
    assert again[0]["review_ids"] == expected
    assert "min_reviews" not in again[0]


def test_a_short_list_and_a_list_value_are_sorted_too():
    _, rows = shape_rows(QUERY, COLUMNS, _rows("R10; R2; R2"))
    assert rows[0]["review_ids"] == ["R2", "R10"]
    _, rows = shape_rows(QUERY, COLUMNS, _rows(["R10", "R2", None, " R1 "]))  # as Neo4j gives a list
    assert rows[0]["review_ids"] == ["R1", "R2", "R10"]

"""Pages of a long table in the workbench: sort, filter words and facets apply to the whole answer."""

from __future__ import annotations

from scrgraph.graph import Rows
from scrgraph.web.paging import page_of

ROWS = Rows(["ref", "agency", "status"], [{"ref": f"4.{n}", "agency": ["police", "health"][n % 2], "status": "open" if n < 7 else "done"}
                                        for n in range(1, 12)])


def test_a_table_that_fits_is_left_to_the_browser():
    assert page_of(ROWS, {"run": "1"}, page_rows=20) is None
    assert page_of(ROWS, {"_sort": "ref"}, page_rows=20) is not None


def test_pages_follow_the_answer_order_and_stop_at_the_last():
    first = page_of(ROWS, {}, page_rows=4)
    assert [r["ref"] for r in first.rows] == ["4.1", "4.2", "4.3", "4.4"]
    assert (first.number, first.pages, first.first, first.total) == (1, 3, 1, 11)
    last = page_of(ROWS, {"_page": "9"}, page_rows=4)
    assert [r["ref"] for r in last.rows] == ["4.9", "4.10", "4.11"] and last.number == 3
    assert page_of(ROWS, {"_page": "x"}, page_rows=4).number == 1


def test_sort_is_natural_and_covers_every_row():
    page = page_of(ROWS, {"_sort": "ref", "_desc": "1"}, page_rows=3)
    assert [r["ref"] for r in page.rows] == ["4.11", "4.10", "4.9"]
    assert page.sort_link("ref") == "?_sort=ref"


def test_filter_and_facets_count_the_whole_answer():
    page = page_of(ROWS, {"_filter": "HEALTH", "_facet.status": "open"}, page_rows=2)
    assert page.matched == 3 and page.total == 11  # 4.1, 4.3, 4.5
    assert dict(page.facets)["status"] == [("open", 3)]
    assert [r["ref"] for r in page.rows] == ["4.1", "4.3"]
    assert page.facet_link("status", "open") == "?_filter=HEALTH"
    everything = page_of(ROWS, {}, page_rows=2)
    assert dict(everything.facets)["agency"] == [("health", 6), ("police", 5)]

"""A board parameter names a board by its name, a short name or its id, in any case; a query may
start from the board's node, which the engine binds (an IRI naming nothing when no board is given)."""

from __future__ import annotations

import pytest

from scrgraph.errors import ScrgraphError
from scrgraph.query_header import parse_header
from scrgraph.record import check_record, parse_record_text
from scrgraph.saved_queries import NO_BOARD, board_node, run_query
from tests.conftest import EXAMPLES

SCP = "northtown-safeguarding-children-partnership"


def test_every_way_of_naming_a_board_gives_its_reviews_themes(graph):
    store = graph.store
    by_id = run_query(store, "themes-by-year", {"board": SCP})[1]
    assert by_id and sum(row["reviews"] for row in by_id) < sum(row["reviews"] for row in run_query(store, "themes-by-year")[1])
    for written in ("Northtown SCP", "northtown scp", "NORTHTOWN SAFEGUARDING CHILDREN PARTNERSHIP", SCP.upper()):
        assert run_query(store, "themes-by-year", {"board": written})[1] == by_id, written
    assert run_query(store, "themes-by-year", {"board": "Southtown SCP"})[1] == []
    assert board_node(store, "") == board_node(store, "Southtown SCP") == NO_BOARD


def test_a_name_that_two_boards_share_must_be_given_as_an_id(graph):
    record = parse_record_text(next(EXAMPLES.glob("records/riverside-*.yaml")).read_text(encoding="utf-8"), "test", ".yaml")
    record["review"]["id"] = "riverside-sab-mr-e"
    record["review"]["board_short"] = "Northtown SCP"  # the short name of another board
    graph.load_records([check_record(record, "test")], relink=False)
    with pytest.raises(ScrgraphError, match="more than one board; give the board's id"):
        run_query(graph.store, "themes-by-year", {"board": "northtown scp"})
    assert run_query(graph.store, "themes-by-year", {"board": SCP})[1]


def test_only_a_board_parameter_may_have_a_node_when_it_is_optional():
    head = "#+ title: T\n#+ columns: [a]\n#+ params:\n"
    header = parse_header(head + "#+   board: {type: board, default: '', node: b}\nSELECT ?a {}", "t.rq")
    assert header.params["board"].node == "b"
    with pytest.raises(ScrgraphError, match="'node'"):
        parse_header(head + "#+   where: {type: string, default: '', node: b}\nSELECT ?a {}", "t.rq")

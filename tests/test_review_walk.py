"""A page of a listing sorted review by review (``review_order``) is read review by review from the
reviews' own graphs, starts without working out the whole listing, and has exactly the rows of
that page of the whole sorted answer, whichever way it was read."""

from __future__ import annotations

import datetime as dt

import pytest

from scrgraph import review_walk
from scrgraph.errors import ScrgraphError
from scrgraph.query_header import parse_header
from scrgraph.saved_queries import Page, list_queries, run_query, stream_query
from scrgraph.store import GraphStore
from tests.conftest import EXAMPLES
from tests.test_queries_results import build_fixture
from tests.test_query_scope import DATES, REQUIRED, REVIEW, WholeStore

WALKED = [q for q in list_queries() if q.header.review_order or q.header.due_order or q.header.group_order]
PAGES = [(1, 0), (5, 0), (5, 3), (7, 11), (100, 0), (1000, 2), (3, 10_000)]


class Spy:
    """The store, with every SELECT it is asked for noted: (the query's text, the graphs it reads)."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.asked: list[tuple[str, object]] = []
        self.bound: list[dict] = []  # the bindings of each SELECT

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    def select(self, sparql, bindings=None, graphs=None):
        self.asked.append((sparql, graphs))
        self.bound.append(dict(bindings or {}))
        return self._store.select(sparql, bindings, graphs=graphs)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The three hand-made reviews of tests/test_queries_results.py (one without a year) and the six
    examples, with a tracker imported: the reviews' years and ids sort in different orders."""
    import scrgraph

    path = tmp_path_factory.mktemp("walk") / "store"
    build_fixture(path).close()
    with scrgraph.open(path) as graph:
        graph.load([EXAMPLES / "records"], relink=False)
        graph.import_tracker(EXAMPLES / "trackers" / "northtown-scp-child-q-2023-09-30.csv", REVIEW, dt.date(2023, 9, 30))
    opened = GraphStore.open(path)
    yield opened
    opened.close()


def _params(name: str) -> dict[str, str]:
    declared = next(q for q in WALKED if q.name == name).header.params
    return {**{k: v for k, v in DATES.items() if k in declared},
            **{k: v for k, v in REQUIRED.items() if k in declared and declared[k].required}}


def test_three_listings_are_read_review_by_review():
    assert {q.name for q in WALKED} >= {"actions", "findings-without-recommendations", "recommendations-without-actions"}


@pytest.mark.parametrize("name", [q.name for q in WALKED])
def test_every_page_is_that_page_of_the_whole_sorted_answer(store, name):
    whole = run_query(WholeStore(store), name, _params(name))[1]
    assert len(whole) >= 2  # rows of two reviews or more, in an order of reviews
    for limit, offset in PAGES:
        assert run_query(store, name, _params(name), page=Page(limit, offset))[1] == whole[offset:offset + limit], (limit, offset)
        rows = list(stream_query(store, name, _params(name), page=Page(limit, offset))[1])
        assert rows == whole[offset:offset + limit], (limit, offset)


@pytest.mark.parametrize("name", [q.name for q in WALKED])
def test_a_first_page_reads_only_the_first_reviews(store, name):
    spy = Spy(store)
    first = run_query(spy, name, _params(name), page=Page(1))[1]
    assert first == run_query(WholeStore(store), name, _params(name))[1][:1]
    listing = next(q for q in WALKED if q.name == name)
    ran = [(graphs, bound) for (sparql, graphs), bound in zip(spy.asked, spy.bound, strict=True)
           if listing.text("sparql") in sparql]  # the listing's own query, not one a parameter asks first
    header = listing.header
    if header.scope == "review":
        assert ran and all(graphs for graphs, _ in ran)  # never the whole store
        assert len(ran) < len(store.review_ids())
    else:  # the whole store, from one review's (or group's) node: those up to the first row's, and those read ahead
        by = "group" if header.group_order else "review"
        assert ran and all(header.params[by].node in bound for _, bound in ran)
        order = review_walk.groups_in_order(store) if header.group_order else review_walk.reviews_in_order(store, header.review_order)
        assert len(ran) <= (order or []).index(first[0][by]) + 1 + review_walk.READ_AHEAD


@pytest.mark.parametrize("name", ["actions", "overdue-actions"])
def test_a_page_not_full_in_time_is_finished_by_the_whole_query(store, monkeypatch, name):
    monkeypatch.setattr(review_walk, "WALK_SECONDS", 0.0)
    monkeypatch.setattr(review_walk, "WALK_SHARE", 0.0)
    spy = Spy(store)
    whole = run_query(WholeStore(store), name, _params(name))[1]
    assert run_query(spy, name, _params(name), page=Page(4, 2))[1] == whole[2:6]
    assert any(graphs is None and "LIMIT 4 OFFSET 2" in sparql for sparql, graphs in spy.asked)


@pytest.mark.parametrize("name", ["actions", "overdue-actions"])
def test_a_slow_page_is_read_review_by_review_until_its_share_of_the_reviews_is_read(store, monkeypatch, name):
    """Past its second, a walk goes on while it has read less than its share of the reviews: with
    eight tracker imports per review, handing over after a second made a 3 s page take 110 s."""
    monkeypatch.setattr(review_walk, "WALK_SECONDS", 0.0)
    monkeypatch.setattr(review_walk, "WALK_SHARE", 1.0)
    spy = Spy(store)
    whole = run_query(WholeStore(store), name, _params(name))[1]
    assert run_query(spy, name, _params(name), page=Page(4, 2))[1] == whole[2:6]
    assert all(graphs for sparql, graphs in spy.asked if "ORDER BY" in sparql)  # never the whole store


def test_a_filtered_page_and_one_review_give_the_rows_of_the_whole_answer(store):
    for params in ({**_params("actions"), "review": REVIEW}, {**_params("actions"), "board": "riverside sab"}):
        whole = run_query(WholeStore(store), "actions", params)[1]
        assert whole and run_query(store, "actions", params, page=Page(2, 1))[1] == whole[1:3]


def test_review_order_needs_review_scope_or_a_review_node_and_a_known_order():
    head = "#+ title: T\n#+ columns: [a]\n#+ params:\n#+   review: {type: review, default: ''}\n"
    assert parse_header(head + "#+ scope: review\n#+ review_order: year\nSELECT ?a {}", "t.rq").review_order == "year"
    with_node = head.replace("default: ''", "default: '', node: reviewNode")
    assert parse_header(with_node + "#+ review_order: id\nSELECT ?a {}", "t.rq").review_order == "id"
    with pytest.raises(ScrgraphError, match="'review_order'"):
        parse_header(head + "#+ review_order: year\nSELECT ?a {}", "t.rq")
    with pytest.raises(ScrgraphError, match="'review_order'"):
        parse_header(head + "#+ scope: review\n#+ review_order: title\nSELECT ?a {}", "t.rq")


def test_due_order_names_a_due_column_and_the_review_column_of_a_review_scoped_query():
    head = "#+ title: T\n#+ columns: [due, review]\n#+ params:\n#+   review: {type: review, default: '', var: p_review}\n"
    assert parse_header(head + "#+ scope: review\n#+ due_order: [due, review]\nSELECT ?a {}", "t.rq").due_order == ["due", "review"]
    for wrong in ("#+ due_order: [due, review]", "#+ scope: review\n#+ due_order: [due]",
                  "#+ scope: review\n#+ due_order: [due, reviewer]", "#+ scope: review\n#+ due_order: due",
                  "#+ scope: review\n#+ review_order: id\n#+ due_order: [due, review]"):
        with pytest.raises(ScrgraphError, match="'due_order'"):
            parse_header(head + wrong + "\nSELECT ?a {}", "t.rq")


def test_a_page_by_due_date_is_read_from_the_reviews_with_the_earliest_due_dates(store):
    """The first row of ``overdue-actions`` comes from the review with the earliest due date; the
    reviews whose earliest due date is after it are not read."""
    floors = review_walk.reviews_by_earliest_due(store)
    assert floors and len({review for _, review in floors}) >= 3
    spy = Spy(store)
    params = {"as_of": "2030-01-01"}
    first = run_query(spy, "overdue-actions", params, page=Page(1))[1]
    assert first == run_query(WholeStore(store), "overdue-actions", params)[1][:1]
    read = [graphs for sparql, graphs in spy.asked if "ORDER BY" in sparql]
    later = [review for floor, review in floors if floor > first[0]["due"]]
    assert len(later) > review_walk.READ_AHEAD  # so reading every review would fail the test
    assert len(read) <= len(floors) - len(later) + review_walk.READ_AHEAD


def test_one_review_read_from_its_node_gives_its_rows_of_the_whole_answer(store):
    """``similar-recommendations`` for one review starts from the review's node (bound by a VALUES
    block written into the query), not from every link of the store, and gives the same rows."""
    whole = run_query(WholeStore(store), "similar-recommendations", {})[1]
    reviews = sorted({row["review"] for row in whole})
    assert len(reviews) >= 2
    for review in reviews:
        assert run_query(store, "similar-recommendations", {"review": review})[1] == [r for r in whole if r["review"] == review]


def test_group_order_needs_a_group_parameter_with_a_node():
    head = "#+ title: T\n#+ columns: [a]\n#+ params:\n#+   group: {type: group, default: '', node: g}\n"
    assert parse_header(head + "#+ group_order: first_year\nSELECT ?a {}", "t.rq").group_order == "first_year"
    for wrong in (head + "#+ group_order: id", head.replace(", node: g", "") + "#+ group_order: first_year",
                  head + "#+ scope: review\n#+ review_order: id\n#+ group_order: first_year"):
        with pytest.raises(ScrgraphError, match="'group_order'|'review_order'|'scope'"):
            parse_header(wrong + "\nSELECT ?a {}", "t.rq")


GROUP_ROWS = "?first_year, 9999) ?group"  # in the text of repeated-recommendations, not of reviews-in-period


@pytest.mark.parametrize("params", [{"from": "2019-01-01", "to": "2019-12-31"}, {"to": "2015-12-31"},
                                    {"from": "2016-01-01", "to": "2016-12-31"}, {"board": "Northtown SCP"},
                                    {"board": "Testtown Safeguarding Children Partnership"}])
def test_the_groups_a_period_or_board_joined_are_read_alone_and_give_the_whole_answer(store, monkeypatch, params):
    """With a period or board given, only groups with a member in a review reviews-in-period lists are
    read, each from its node (here whenever any may have rows), and the rows are the whole query's."""
    from scrgraph import saved_queries

    monkeypatch.setattr(saved_queries, "JOINED_WALK_SHARE", 1.0)
    whole = run_query(WholeStore(store), "repeated-recommendations", params)[1]
    spy = Spy(store)
    assert run_query(spy, "repeated-recommendations", params)[1] == whole
    ran = [bound for (sparql, _), bound in zip(spy.asked, spy.bound, strict=True) if GROUP_ROWS in sparql]
    assert all("g" in bound for bound in ran)  # never the whole query
    assert len(ran) == len({row["group"] for row in whole})  # no group that could have no row


def test_a_period_that_most_groups_joined_is_read_by_the_whole_query(store):
    spy = Spy(store)
    params = {"from": "2019-01-01", "to": "2019-12-31"}
    assert run_query(spy, "repeated-recommendations", params)[1] == run_query(WholeStore(store), "repeated-recommendations", params)[1]
    assert [bound.get("g") for (sparql, _), bound in zip(spy.asked, spy.bound, strict=True) if GROUP_ROWS in sparql] == [None]


def test_joined_by_names_a_saved_query_its_column_and_some_parameters_beside_a_group_order():
    head = ("#+ title: T\n#+ columns: [a]\n#+ params:\n#+   group: {type: group, default: '', node: g}\n"
            "#+   from: {type: date, default: ''}\n#+ group_order: first_year\n")
    joined = "#+ joined_by: {query: reviews-in-period, column: review_id, params: [from]}\nSELECT ?a {}"
    assert parse_header(head + joined, "t.rq").joined_by == {"query": "reviews-in-period", "column": "review_id", "params": ["from"]}
    for wrong in (head + joined.replace("[from]", "[since]"), head.replace("#+ group_order: first_year\n", "") + joined,
                  head + joined.replace("column: review_id, ", "")):
        with pytest.raises(ScrgraphError, match="'joined_by'"):
            parse_header(wrong, "t.rq")

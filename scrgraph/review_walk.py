"""The first pages of a listing sorted review by review, read one review at a time.

A saved query whose header has ``review_order`` promises that its rows come review by review: all
of a review's rows together, the reviews in the order named (``id``: by id; ``year``: by year, a
review without one last, then by id), and each review's rows in the order the query gives them
when it is scoped to that review (``scope: review``). A page of such a listing (``--limit``) is
then the first rows of the first reviews: read review by review from the reviews' own graphs, the
first 100 rows of 10,000 reviews come in a fifth of a second, where the whole sorted answer takes
10-50 s. When the page is not full after ``WALK_SECONDS`` and ``WALK_SHARE`` of the reviews (a filter
keeps few reviews, or the page starts far in), the rest of it comes from the whole query, so the
rows are the same either way. Reading every review one by one costs about what the whole query
does (``actions`` at 10,000 reviews: 39.8 s against 44 s), so the walk may read a tenth of them
first: with eight tracker imports per review a review takes 25-70 ms, and stopping after a second
turned a 3 s page of ``overdue-actions`` into the whole query's 110 s.

A query whose header has ``group_order: first_year`` promises the same of recurring-recommendation
groups: all of a group's rows together, the groups by first year, then id. A page is then read
group by group (:func:`groups_in_order`), each group from its node, as for reviews.

A query whose header has ``due_order: [DUE, REVIEW]`` promises instead that its rows come oldest
due date first (the column DUE), then by review id (the column REVIEW), and that each row's due
date is one of its review's due dates: of its measures or of their status records. The store keeps
each review's earliest due date (:mod:`scrgraph.derived`), so a page is read from the reviews with
the earliest due dates first, their rows merged by due date, and a row is given once no review
still to read can come before it: the first 100 rows of ``overdue-actions`` at 10,000 reviews read
135 reviews, where the whole sorted answer takes 13-16 s.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any
from urllib.parse import unquote

from scrgraph.derived import DERIVED_GRAPH, REVIEW_NODE_BASE, STALE_GROUPS_QUERY
from scrgraph.vocab import ID

WALK_SECONDS = 1.0  # how long a page is read review by review at least, before the whole query may take over
WALK_SHARE = 0.1  # and the share of the reviews it may read before that
NO_YEAR = 9999  # where a review without a year sorts: the queries' COALESCE(?year, 9999)
REVIEW_PREFIX = ID + "review/"
REVIEW_COUNT_PREFIX = REVIEW_NODE_BASE  # a review's count node: this and the end of the review's IRI
REVIEWS = "SELECT ?r WHERE { ?r a scr:Review }"
YEARS = "SELECT ?r ?year WHERE { ?r scr:year ?year }"
GROUP_YEARS = "SELECT ?id ?year WHERE { ?g a scr:RecurrenceGroup ; dcterms:identifier ?id OPTIONAL { ?g scr:firstYear ?year } }"
EARLIEST_DUES = f"SELECT ?count ?due WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?count scr:earliestDue ?due }} }}"
# Each group's members as review-id:ref and how many there are, as the derived graph keeps them.
GROUP_MEMBERS = (f"SELECT ?group ?members ?count WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?node scr:countedGroup ?group ; "
                 f"scr:memberList ?members ; scr:recommendationCount ?count }} }}")

READ_AHEAD = 2  # reviews read on other threads while one is merged: the engine works on both cores
Row = dict[str, Any]


def reviews_in_order(store: Any, order: str) -> list[str] | None:
    """The ids of the store's reviews in ``order`` (see the module's docstring); None when a review's
    IRI is not one this package makes (its id cannot be read from it), so its place is unknown.

    Read as single triple patterns, each review's id from its IRI: 0.1 s at 10,000 reviews, where
    joining each review to its id and year takes 0.15-0.2 s.
    """
    nodes = [node for (node,) in store.select_values(REVIEWS) if node is not None]
    if any(not node.startswith(REVIEW_PREFIX) or "/" in node[len(REVIEW_PREFIX):] for node in nodes):
        return None
    ids = {node: unquote(node[len(REVIEW_PREFIX):]) for node in nodes}
    if order == "id":
        return sorted(ids.values())
    years: dict[str, int] = {}
    for node, year in store.select_values(YEARS):
        if node in ids and year is not None and year.lstrip("-").isdigit():
            years[node] = min(int(year), years.get(node, NO_YEAR))
    return [review for _, review in sorted((years.get(node, NO_YEAR), review) for node, review in ids.items())]


class Allowance:
    """How long a walk may read review by review: at least ``seconds`` (default ``WALK_SECONDS``), and
    then until it has read ``share`` (default ``WALK_SHARE``) of its ``total`` reviews."""

    def __init__(self, total: int, seconds: float | None = None, share: float | None = None) -> None:
        self.seconds = WALK_SECONDS if seconds is None else seconds
        self.reviews = (WALK_SHARE if share is None else share) * total
        self.started = time.monotonic()

    def spent(self, read: int) -> bool:
        """Whether a walk that has read ``read`` reviews should let the whole query finish the page."""
        return read >= self.reviews and time.monotonic() - self.started >= self.seconds


def walk_page(reviews: Sequence[str], rows_of: Callable[[str], Iterable[Row]],
              whole: Callable[[int, int], Iterable[Row]], offset: int, limit: int,
              seconds: float | None = None, share: float | None = None) -> Iterator[Row]:
    """Rows ``offset`` to ``offset + limit`` of a listing whose rows come review by review.

    ``rows_of(review)`` gives one review's rows in order; ``whole(offset, limit)`` those rows of the
    whole listing, to finish the page when it is not full once the :class:`Allowance` of ``seconds``
    and ``share`` is spent.

    >>> rows = {"a": [1, 2], "b": [3], "c": [4, 5]}
    >>> list(walk_page("abc", rows.__getitem__, lambda o, n: [], offset=1, limit=3))
    [2, 3, 4]
    >>> list(walk_page("abc", rows.__getitem__, lambda o, n: [f"rows {o}-{o + n - 1}"], 1, 3, seconds=0, share=0))
    ['rows 1-3']
    """
    allowance = Allowance(len(reviews), seconds, share)
    end = offset + limit
    seen = 0  # rows of the reviews read so far: the first rows of the whole listing
    for read, review in enumerate(reviews):
        if seen >= end:
            return
        if allowance.spent(read):
            first = max(offset, seen)
            yield from whole(first, end - first)
            return
        for row in rows_of(review):
            if seen >= offset:
                yield row
            seen += 1
            if seen >= end:
                return


def groups_in_order(store: Any) -> list[str]:
    """The ids of the store's recurring-recommendation groups by first year (a group without one
    last, as the queries' ``COALESCE(?first_year, 9999)``), then by id: a few hundred nodes."""
    years: dict[str, int] = {}
    for group, year in store.select_values(GROUP_YEARS):
        if group is not None:
            known = int(year) if year is not None and year.lstrip("-").isdigit() else NO_YEAR
            years[group] = min(known, years.get(group, NO_YEAR))
    return [group for _, group in sorted((year, group) for group, year in years.items())]


def groups_joined_by(store: Any, reviews: set[str]) -> tuple[set[str], float] | None:
    """The ids of the groups with a member in one of ``reviews`` (ids), and the share of all groups'
    members they hold, read from the members kept with each group's counts (79 lists at 10,000
    linked reviews: 0.003-0.03 s, where reading the members' reviews from the graph takes 0.5 s); a
    group with a member whose ref is unknown is counted in. None when a group's counts wait to be
    worked out again (a write was cut off).
    """
    if store.select(STALE_GROUPS_QUERY)[1]:
        return None
    joined, held, total = set(), 0, 0
    for group, members, count in store.select_values(GROUP_MEMBERS):
        items = [item.strip() for item in str(members or "").split(";") if item.strip()]
        size = max(int(count or 0), len(items))
        total += size
        if len(items) < size or any(item.rsplit(":", 1)[0] in reviews for item in items):
            joined.add(group)
            held += size
    return joined, held / total if total else 0.0


def reviews_by_earliest_due(store: Any) -> list[tuple[dt.date, str]] | None:
    """(earliest due date, id) of each of the store's reviews with a due date, oldest first, as its
    derived graph keeps them; None when a date is not a plain ``YYYY-MM-DD`` (its order with the
    rows' dates is unknown). A review without a due date is left out: it has no row to give.

    Read as one triple pattern, each review's id from its count node's IRI: 0.03 s at 10,000
    reviews, where joining each node to the review's id took 0.1 s.
    """
    floors = []
    for node, due in store.select_values(EARLIEST_DUES):
        if node is None or not node.startswith(REVIEW_COUNT_PREFIX) or "/" in node[len(REVIEW_COUNT_PREFIX):]:
            return None
        try:
            floors.append((dt.date.fromisoformat(str(due)), unquote(node[len(REVIEW_COUNT_PREFIX):])))
        except ValueError:
            return None
    return sorted(floors)


def merge_page(floors: Sequence[tuple[Any, str]], rows_of: Callable[[str], Iterable[Row]],
               whole: Callable[[int, int], Iterable[Row]], key: Callable[[Row], tuple[Any, ...]],
               offset: int, limit: int, seconds: float | None = None, share: float | None = None) -> Iterator[Row]:
    """Rows ``offset`` to ``offset + limit`` of a listing sorted by ``key``, read review by review.

    ``floors`` gives (floor, review) in order of floor, and ``rows_of(review)`` that review's rows in
    the listing's order, the first part of each one's ``key`` at or after the review's floor. The
    reviews' rows are merged, and a row is given once the next review's floor is after its key's
    first part. ``whole(offset, limit)`` gives those rows of the whole listing: it finishes the page
    when it is not full once the :class:`Allowance` of ``seconds`` and ``share`` is spent, and gives
    all of it when a row breaks the promise (below its review's floor, or a key that does not compare).

    >>> rows = {"a": [(1, "a"), (5, "a")], "b": [(2, "b")], "c": [(3, "c")]}
    >>> list(merge_page([(1, "a"), (2, "b"), (3, "c")], rows.__getitem__, lambda o, n: [], lambda r: r, 0, 3))
    [(1, 'a'), (2, 'b'), (3, 'c')]
    >>> list(merge_page([(2, "a")], rows.__getitem__, lambda o, n: [f"rows {o}-{o + n - 1}"], lambda r: r, 1, 2))
    ['rows 1-2']
    """
    allowance = Allowance(len(floors), seconds, share)
    end = offset + limit
    page: list[Row] = []  # held until the page is known right: a broken promise may put a row before them
    seen = 0  # rows kept or skipped so far: the first rows of the whole listing
    waiting: list[tuple[tuple[Any, ...], int, Row]] = []  # (key, arrival, row): a heap
    arrival = itertools.count()  # rows of equal keys keep the order their review gave them

    def take_before(bound: Any) -> None:
        nonlocal seen
        while waiting and seen < end and (bound is None or waiting[0][0][0] < bound):
            row = heapq.heappop(waiting)[2]
            if seen >= offset:
                page.append(row)
            seen += 1

    for read, (floor, review) in enumerate(floors):
        take_before(floor)
        if seen >= end:
            break
        if allowance.spent(read):  # the rows so far are right: the whole listing finishes the page
            first = max(offset, seen)
            yield from page
            yield from whole(first, end - first)
            return
        try:
            for row in rows_of(review):
                row_key = key(row)
                if not row_key[0] >= floor:
                    raise ValueError(f"a row of {review} comes before its review's floor")
                heapq.heappush(waiting, (row_key, next(arrival), row))
        except (TypeError, ValueError):  # the promise is broken: the whole listing gives the page
            yield from whole(offset, limit)
            return
    take_before(None)
    yield from page


class ReadAhead:
    """``rows_of(review)`` for reviews asked for in the order of ``reviews``, the next ``ahead`` of them
    read on other threads meanwhile (the engine gives up Python's lock while it works, so a page of
    ``overdue-actions``, 135 reviews of 3-4 ms each, takes half the time on two cores). Call
    :meth:`close` when done: reads not started are dropped.

    >>> with ReadAhead("abc", str.upper) as rows:
    ...     [rows(review) for review in "abc"]
    ['A', 'B', 'C']
    """

    def __init__(self, reviews: Iterable[str], rows_of: Callable[[str], Any], ahead: int = READ_AHEAD) -> None:
        self._next = iter(reviews)
        self._rows_of = rows_of
        self._ahead = ahead
        self._pool = ThreadPoolExecutor(max_workers=ahead, thread_name_prefix="scrgraph-read-ahead")
        self._reading: deque[tuple[str, Future[Any]]] = deque()

    def __call__(self, review: str) -> Any:
        """The rows of ``review``: the next review of the order (any other is read here and now)."""
        while len(self._reading) <= self._ahead and (following := next(self._next, None)) is not None:
            self._reading.append((following, self._pool.submit(self._rows_of, following)))
        if self._reading and self._reading[0][0] == review:
            return self._reading.popleft()[1].result()
        return self._rows_of(review)

    def close(self) -> None:
        """Drop the reads not started and wait for those under way (a few milliseconds)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

"""Gather the facts of the annual report from the saved queries, into plain data.

Every number in the report comes from the rows of a saved query (``scrgraph.saved_queries``), and
each :class:`QueryRun` keeps the query's name and parameters so the report can say where a table
came from and an analyst can run the same query (``scrgraph query NAME -p ...``).

The period and the scope
------------------------
Periods compare days, not calendar years: a review is *in the period* when every day it could
have been published lies inside it (its publication day, else the month or year its record gives,
else the year it was completed or commissioned). A review that could lie either side of the
period's start or end (only its year is known, and the period starts on 1 April) cannot be placed:
the report names it with the reason rather than guessing. Action plans are read as of ``as_of``
(the end of the period unless given), and only for reviews published by then (the saved queries'
``published_by`` parameter): a review published later had no action plan yet. ``--board`` keeps
the reviews of one board (its name, short name or id). The scope goes into each query as its
parameters, so the command printed under a table gives exactly the table's rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrgraph.errors import ScrgraphError
from scrgraph.published import left_out_reason

NO_ACTION = "(no action)"


@dataclass(frozen=True)
class ReportOptions:
    """What the report is for: a period, optionally one board, and the date actions are read for."""

    start: dt.date
    end: dt.date
    board: str = ""
    as_of: dt.date | None = None

    @property
    def state_date(self) -> dt.date:
        """The date the state of actions is read for: ``as_of``, else the end of the period."""
        return self.as_of or self.end

    @property
    def years(self) -> tuple[int, int]:
        """The calendar years the period touches (first, last)."""
        return self.start.year, self.end.year

    @property
    def scope(self) -> dict[str, Any]:
        """The saved queries' parameters for the reviews whose action plans the report reads."""
        return {"board": self.board, "published_by": self.state_date}


@dataclass
class QueryRun:
    """The rows one saved query gave, with the parameters it ran with."""

    name: str
    params: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, Any]]

    def command(self) -> str:
        """The command that gives the same rows, e.g. ``scrgraph query actions -p as_of 2024-03-31``."""
        from scrgraph.provenance import command_line

        return command_line(self.name, self.params)


@dataclass
class ReviewFacts:
    """One review in scope, with the state of its action plan on the report's date."""

    id: str
    title: str
    type: str
    subject: str
    board: str
    year: int | None
    year_commissioned: int | None
    year_completed: int | None
    year_published: int | None
    published: str
    published_from: dt.date | None
    published_to: dt.date | None
    findings: int
    recommendations: int
    actions: int = 0
    resolved: int = 0
    completed: int = 0
    unresolved: int = 0
    overdue: int = 0
    no_action_recommendations: int = 0


@dataclass
class ReportData:
    """Everything the report says, as plain data (rows of saved queries, filtered to the scope)."""

    options: ReportOptions
    board_name: str
    store_reviews: int
    first_year: int | None
    reviews_in_scope: list[ReviewFacts]
    reviews_in_period: list[ReviewFacts]
    runs: dict[str, QueryRun] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    actions: list[dict[str, Any]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)
    theme_counts: list[dict[str, Any]] = field(default_factory=list)
    agencies: list[dict[str, Any]] = field(default_factory=list)
    themes_source: str = ""
    completed: list[dict[str, Any]] = field(default_factory=list)
    without_actions: list[dict[str, Any]] = field(default_factory=list)
    left_out: list[tuple[ReviewFacts, str]] = field(default_factory=list)
    store_name: str = ""

    def review(self, review_id: str) -> ReviewFacts | None:
        """A review in scope by id."""
        for review in self.reviews_in_scope:
            if review.id == review_id:
                return review
        return None


def _run(store, data_runs: dict[str, QueryRun], key: str, name: str, params: dict[str, Any]) -> QueryRun:
    from scrgraph.saved_queries import run_query

    columns, rows = run_query(store, name, params)
    run = QueryRun(name, dict(params), columns, rows)
    data_runs[key] = run
    return run


def _review_facts(row: dict[str, Any]) -> ReviewFacts:
    return ReviewFacts(
        id=row["review_id"], title=row.get("title") or row["review_id"], type=row.get("type") or "",
        subject=row.get("subject") or row.get("title") or row["review_id"], board=row.get("board_name") or "",
        year=row.get("year"), year_commissioned=row.get("year_commissioned"),
        year_completed=row.get("year_completed"), year_published=row.get("year_published"),
        published=row.get("published") or "", published_from=row.get("published_from"),
        published_to=row.get("published_to"), findings=int(row.get("findings") or 0), recommendations=int(row.get("recommendations") or 0))


def _boards(rows: list[dict[str, Any]]) -> list[str]:
    return sorted({r.get("board_name") or "" for r in rows} - {""})


def check_store(store) -> int:
    """The number of reviews in the store; an empty store is an error a user can fix."""
    count = len(store.review_ids())
    if count == 0:
        where = f" at {store.path}" if getattr(store, "path", None) else ""
        raise ScrgraphError(f"The store{where} has no reviews yet, so there is nothing to report; "
                            "load reviews first with 'scrgraph load PATH'.")
    return count


def gather(store, options: ReportOptions) -> ReportData:
    """Run the saved queries the report needs and keep their rows, filtered to the report's scope."""
    if options.start > options.end:
        raise ScrgraphError(f"The period starts ({options.start.isoformat()}) after it ends ({options.end.isoformat()}); "
                            "give --from before --to.")
    count = check_store(store)
    runs: dict[str, QueryRun] = {}
    first, last = options.years
    as_of = options.state_date

    every = _run(store, runs, "all-reviews", "reviews-in-period", {})
    names = {r["review_id"]: r.get("subject") or r.get("title") or r["review_id"] for r in every.rows}
    board_name = ""
    board_rows = every.rows
    if options.board:
        board_rows = _run(store, runs, "board-reviews", "reviews-in-period", {"board": options.board}).rows
        if not board_rows:
            raise ScrgraphError(f"There is no board {options.board!r} in the store; give one of: {'; '.join(_boards(every.rows))}.")
        board_name = _boards(board_rows)[0]
    first_year = min((r["year"] for r in board_rows if r.get("year") is not None), default=None)
    reviews = [_review_facts(r) for r in board_rows]
    left_out = [(review, reason) for review in reviews
                if (reason := left_out_reason(review.published, review.published_from, review.published_to,
                                              options.start, options.end))]
    in_period = _run(store, runs, "reviews", "reviews-in-period",
                     {"board": options.board, "from": options.start, "to": options.end})
    # The reviews published by the report's date, as the saved queries' published_by keeps them.
    scope = [r for r in reviews if r.published_from is None or r.published_from <= as_of]
    by_id = {r.id: r for r in scope}

    data = ReportData(options=options, board_name=board_name, store_reviews=count, first_year=first_year,
                      reviews_in_scope=scope, reviews_in_period=[], runs=runs, names=names, left_out=left_out,
                      store_name=Path(store.path).name if getattr(store, "path", None) else "")

    # Action plans: every action with its state on the report's date (the saved query 'actions').
    data.actions = _run(store, runs, "actions", "actions", {"as_of": as_of, **options.scope}).rows
    data.without_actions = _run(store, runs, "without", "recommendations-without-actions",
                                {"as_of": as_of, **options.scope}).rows
    _summarise_plans(data.actions, data.without_actions, by_id)
    data.reviews_in_period = [by_id.get(r["review_id"]) or _review_facts(r) for r in in_period.rows]

    data.groups = _recurring_groups(store, runs, options)
    data.completed = _run(store, runs, "completed", "actions-completed",
                          {"from": options.start, "to": options.end, "as_of": as_of, **options.scope}).rows
    agencies = _run(store, runs, "agencies", "agencies-unresolved-actions", {"as_of": as_of, **options.scope})
    data.agencies = [row for row in agencies.rows if int(row.get("unresolved") or 0) > 0]
    data.theme_counts, data.themes_source = _themes(store, runs, data)
    return data


def _summarise_plans(rows: list[dict[str, Any]], without: list[dict[str, Any]], by_id: dict[str, ReviewFacts]) -> None:
    """Count each review's actions by state (rows of the saved query 'actions') and its recommendations
    with no action (rows of 'recommendations-without-actions').

    An action is *completed* when its status is resolved without needing a reason (completed,
    completed and embedded), *closed* when resolved with one (not accepted, superseded).
    """
    from scrgraph.knowledge import knowledge

    statuses = knowledge().statuses
    seen: dict[str, set[tuple[Any, ...]]] = {}
    for row in rows:
        review = by_id.get(row["review_id"])
        if review is None or row["action"] == NO_ACTION:
            continue
        # One action answering two recommendations gives two rows.
        key = (row.get("agency_id"), row["action"], row.get("due"))
        if key in seen.setdefault(review.id, set()):
            continue
        seen[review.id].add(key)
        review.actions += 1
        status = statuses.get(row.get("status_id") or "")
        if status is not None and status.resolved:
            review.resolved += 1
            if not status.reason_required:
                review.completed += 1
        else:
            review.unresolved += 1
            if row.get("overdue"):
                review.overdue += 1
    for row in without:
        review = by_id.get(row.get("review", ""))
        if review is not None:
            review.no_action_recommendations += 1


def _recurring_groups(store, runs: dict[str, QueryRun], options: ReportOptions) -> list[dict[str, Any]]:
    """The recurrence groups that a review of the period (of the board, if one is given) joined, each
    with its members published by the report's date (the saved query 'repeated-recommendations')."""
    run = _run(store, runs, "groups", "repeated-recommendations",
               {"published_by": options.state_date, "from": options.start, "to": options.end, "board": options.board})
    members: dict[str, list[dict[str, Any]]] = {}
    for row in run.rows:
        members.setdefault(row["group"], []).append(row)
    groups = []
    for group_id, rows in members.items():
        years = [r["year"] for r in rows if r.get("year") is not None] or [0]
        groups.append({
            "group": group_id, "label": rows[0].get("label") or group_id, "reviews": rows[0]["reviews"],
            "first_year": min(years), "last_year": max(years), "years": max(years) - min(years), "members": rows,
            "trimmed": any((r.get("last_year") or 0) > max(years) for r in rows),
        })
    groups.sort(key=lambda g: (-g["reviews"], -g["years"], g["label"]))
    return groups


# Six years: the table's eight columns (theme, six years, total) each hold ten characters a line on A4.
THEME_YEARS = 6


def _themes(store, runs: dict[str, QueryRun], data: ReportData) -> tuple[list[dict[str, Any]], str]:
    """Theme counts by year of review, for the last ``THEME_YEARS`` years up to the end of the period.

    The rows are those of the saved query 'themes-by-year' (with its ``board`` parameter for one board).
    """
    options = data.options
    last = options.years[1]
    first = max(last - THEME_YEARS + 1, data.first_year or last)
    params: dict[str, Any] = {"from_year": first, "to_year": last}
    if options.board:
        params["board"] = options.board
    run = _run(store, runs, "themes", "themes-by-year", params)
    rows = [{"year": r["year"], "theme": r["theme"], "theme_label": r.get("theme_label") or r["theme"],
             "findings": int(r.get("findings") or 0), "recommendations": int(r.get("recommendations") or 0),
             "reviews": int(r.get("reviews") or 0)} for r in run.rows]
    return rows, run.command()

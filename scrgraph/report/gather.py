"""Gather the facts of the annual report from the saved queries, into plain data.

Every number in the report comes from the rows of a saved query (``scrgraph.saved_queries``), and
each :class:`QueryRun` keeps the query's name and parameters so the report can say where a table
came from and an analyst can run the same query (``scrgraph query NAME -p ...``).

The period and the scope
------------------------
Reviews carry a year, not a date, so a review is *in the period* when its year (published, else
completed, else commissioned) is one of the calendar years the period touches. Action plans are
read as of ``as_of`` (the end of the period unless given), and only for reviews that existed by
then: reviews whose year is after the ``as_of`` year are out of scope (a 2024 review has no action
plan in 2022). ``--board`` keeps the reviews of one board (its name, short name or id).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from scrgraph.errors import ScrgraphError

NO_ACTION = "(no action)"
UNDATED = "its record gives no publication date, nor a year completed or commissioned"


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


@dataclass
class QueryRun:
    """The rows one saved query gave, with the parameters it ran with."""

    name: str
    params: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, Any]]

    def command(self) -> str:
        """The command that gives the same rows, e.g. ``scrgraph query actions -p as_of 2024-03-31``."""
        parts = ["scrgraph", "query", self.name]
        for key, value in self.params.items():
            if value in ("", None):
                continue
            text = value.isoformat() if isinstance(value, dt.date) else str(value)
            if any(ch.isspace() for ch in text) or not text:
                text = '"' + text.replace('"', '\\"') + '"'
            parts += ["-p", key, text]
        return " ".join(parts)


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
    agencies_source: str = ""
    themes_source: str = ""
    completed: list[dict[str, Any]] = field(default_factory=list)
    without_actions: list[dict[str, Any]] = field(default_factory=list)
    left_out: list[tuple[ReviewFacts, str]] = field(default_factory=list)

    @property
    def scope_ids(self) -> set[str]:
        """Ids of the reviews whose action plans the report reads."""
        return {r.id for r in self.reviews_in_scope}

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
        findings=int(row.get("findings") or 0), recommendations=int(row.get("recommendations") or 0))


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
    left_out = [(_review_facts(r), UNDATED) for r in board_rows if r.get("year") is None]

    in_period = _run(store, runs, "reviews", "reviews-in-period",
                     {"board": options.board, "from_year": first, "to_year": last})
    in_scope = _run(store, runs, "scope", "reviews-in-period", {"board": options.board, "to_year": as_of.year})
    scope = [_review_facts(r) for r in in_scope.rows]
    scope_ids = {r.id for r in scope}
    by_id = {r.id: r for r in scope}

    data = ReportData(options=options, board_name=board_name, store_reviews=count, first_year=first_year,
                      reviews_in_scope=scope, reviews_in_period=[], runs=runs, names=names, left_out=left_out)

    # Action plans: every action with its state on the report's date (the saved query 'actions').
    actions = _run(store, runs, "actions", "actions", {"as_of": as_of})
    data.actions = [row for row in actions.rows if row["review_id"] in scope_ids]
    data.without_actions = _without_actions(store, runs, data)
    _summarise_plans(data.actions, data.without_actions, by_id)
    data.reviews_in_period = [by_id.get(r["review_id"]) or _review_facts(r) for r in in_period.rows]

    data.groups = _recurring_groups(store, runs, options, scope_ids)
    data.completed = [row for row in _run(store, runs, "completed", "actions-completed",
                                          {"from": options.start, "to": options.end, "as_of": as_of}).rows
                      if row["review_id"] in scope_ids]
    data.agencies, data.agencies_source = _agencies(store, runs, data, count, len(board_rows))
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


def _recurring_groups(store, runs: dict[str, QueryRun], options: ReportOptions, scope_ids: set[str]) -> list[dict[str, Any]]:
    """The recurrence groups that gained a review in the period, each with its members in scope.

    Members from reviews after the report's date are left out, and a group counts only if at
    least two reviews remain; with ``--board``, a group counts when the review it gained in the
    period is one of the board's (its earlier members may be of another board, e.g. a predecessor).
    """
    first, last = options.years
    run = _run(store, runs, "groups", "repeated-recommendations", {})
    members: dict[str, list[dict[str, Any]]] = {}
    for row in run.rows:
        year = row.get("year")
        if year is not None and year > options.state_date.year:
            continue
        members.setdefault(row["group"], []).append(row)
    groups = []
    for group_id, rows in members.items():
        reviews = {r["review"] for r in rows}
        if len(reviews) < 2:
            continue
        new = [r for r in rows if r.get("year") is not None and first <= r["year"] <= last and r["review"] in scope_ids]
        if not new:
            continue
        years = [r["year"] for r in rows if r.get("year") is not None]
        groups.append({
            "group": group_id, "label": rows[0].get("label") or group_id, "reviews": len(reviews),
            "first_year": min(years), "last_year": max(years), "years": max(years) - min(years),
            "new_reviews": sorted({r["review"] for r in new}), "members": rows,
            "trimmed": any((r.get("last_year") or 0) > max(years) for r in rows),
        })
    groups.sort(key=lambda g: (-g["reviews"], -g["years"], g["label"]))
    return groups


def _agencies(store, runs: dict[str, QueryRun], data: ReportData, store_count: int,
              board_count: int | None = None) -> tuple[list[dict[str, Any]], str]:
    """Agencies with unresolved items on the report's date, from the saved query 'agencies-unresolved-actions'.

    When the report covers every review in the store, or every review of its board, the query runs
    once (with its ``board`` parameter for a board). Otherwise (reviews after the report's date left
    out) it runs once per review in scope (its ``review`` parameter) and the counts are added up:
    every item belongs to one review, so the sums are exact; the oldest due date is the earliest of them.
    """
    as_of = data.options.state_date
    if not data.reviews_in_scope:
        return [], ""
    whole: dict[str, Any] = {}
    if len(data.reviews_in_scope) == store_count:
        whole = {"as_of": as_of}
    elif data.options.board and len(data.reviews_in_scope) == board_count:
        whole = {"as_of": as_of, "board": data.options.board}
    if whole:
        run = _run(store, runs, "agencies", "agencies-unresolved-actions", whole)
        rows = [dict(r) for r in run.rows if int(r.get("unresolved") or 0) > 0]
        return _sorted_agencies(rows), run.command()
    summed: dict[str, dict[str, Any]] = {}
    for review in data.reviews_in_scope:
        run = _run(store, runs, f"agencies:{review.id}", "agencies-unresolved-actions", {"as_of": as_of, "review": review.id})
        for row in run.rows:
            entry = summed.setdefault(row["agency"], {"agency": row["agency"], "agency_label": row.get("agency_label"),
                                                      "unresolved": 0, "overdue": 0, "no_action": 0,
                                                      "oldest_due": None, "review_ids": set()})
            for key in ("unresolved", "overdue", "no_action"):
                entry[key] += int(row.get(key) or 0)
            due = row.get("oldest_due")
            if due is not None and (entry["oldest_due"] is None or due < entry["oldest_due"]):
                entry["oldest_due"] = due
            entry["review_ids"].update(row.get("review_ids") or [review.id])
    rows = []
    for entry in summed.values():
        entry["review_ids"] = sorted(entry["review_ids"])
        entry["reviews"] = len(entry["review_ids"])
        if entry["unresolved"] > 0:
            rows.append(entry)
    n = len(data.reviews_in_scope)
    command = f"scrgraph query agencies-unresolved-actions -p as_of {as_of.isoformat()} -p review " + (
        f"{data.reviews_in_scope[0].id}, for the one review in scope" if n == 1
        else f"REVIEW, run for each of the {n} reviews in scope and added up")
    return _sorted_agencies(rows), command


def _sorted_agencies(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (-int(r.get("unresolved") or 0), -int(r.get("overdue") or 0),
                                       str(r.get("agency_label") or r.get("agency"))))


THEME_YEARS = 10


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


def _without_actions(store, runs: dict[str, QueryRun], data: ReportData) -> list[dict[str, Any]]:
    """Recommendations that no action answers on the report's date, for the reviews in scope."""
    run = _run(store, runs, "without", "recommendations-without-actions", {"as_of": data.options.state_date})
    return [row for row in run.rows if row.get("review") in data.scope_ids]

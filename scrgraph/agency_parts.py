"""``agencies-unresolved-actions`` from each review's kept part, for a date after its records.

The query counts, per agency, the items left unresolved on a date. Worked out from every action's
status history it takes 12-21 s at 10,000 reviews, though on any date after a review's last
tracker record (its latest ``scr:asOf``) the review's share of the answer changes only as due dates
and dated completions pass. So the derived graph keeps on each review's count node
(:mod:`scrgraph.derived`):

- ``scr:settledAfter``: that last date (none when no record of the review's actions is dated);
- ``scr:agencyParts``: a text whose first line holds that date (blank for none) and the review's
  id, separated by a tab, and each further line one agency with anything that can be unresolved
  after it, fields separated by tabs: the agency (the rest of its IRI after ``id/agency/``, else
  ``<`` and its IRI); its open actions (a latest status not resolved); its recommendations with no
  action of its own (``no_action``); the earliest due date of those open actions, ``9999-12-31``
  for none (the query's own stand-in); how many of them fell due on or before the last date; the
  due dates of the others, separated by spaces; and, also separated by spaces, ``COMPLETED/DUE``
  for each action resolved by a completion dated after the last date (before it, the action-state
  rule counts the action as unresolved).

For a date after a review's last date, its part is worked out from that line alone: overdue on the
date are the open actions due on or before the last date, those of the later due dates before the
date, and the actions completed after the date that were due before it. A review whose
records reach the date (at most :data:`LIVE_MOST` of them) is asked the query itself, scoped to it.
The parts are summed per agency, as the query sums its items (each belongs to one review), and the
rows sorted as it sorts them. The kept path serves the bundled query only, asked for the whole
store (a review, a board or a publication date go to the query itself), and only while the query's
text is the one the parts were written for (:data:`QUERY_DIGEST`): an analyst's edited copy is
always run as written. ``tests/test_agency_parts.py`` compares both answers on the fixtures, on
dates before, between and after their tracker imports, through every kind of write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Any

from rdflib import URIRef

from scrgraph.derived import AGENCY_BASE, DERIVED_GRAPH, NO_DUE
from scrgraph.recognise.refs import natural_key

QUERY_NAME = "agencies-unresolved-actions"
# The sha256 of the query's SPARQL text (includes expanded) that these parts answer. A test fails
# when the bundled query changes, so that the parts are checked against it again.
QUERY_DIGEST = "47e4c5ec82b28d823b6b8c80148ba38435250638538d2cfc23e416982a3b07f7"
LIVE_MOST = 25  # reviews whose records reach the date asked the query one by one; more, and the whole query runs

_D = f"<{DERIVED_GRAPH}>"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # a share's settled date, checked so that a text in another form is not misread

# Every review's part, and the reviews whose records reach the date ?day.
PARTS = f"SELECT ?parts WHERE {{ GRAPH {_D} {{ ?node scr:agencyParts ?parts }} }}"
REACHING = f"SELECT ?id WHERE {{ GRAPH {_D} {{ ?node scr:settledAfter ?settled FILTER (?settled >= ?day) ?node scr:countedReview ?id }} }}"
# One agency's labels, looked up for each agency of the answer (reading every label of the store and
# keeping the agencies' took 1.5 s at 10,000 reviews, the 48 lookups 0.01 s).
LABELS = "SELECT ?label WHERE { ?agency rdfs:label ?label }"


def query_digest(text: str) -> str:
    """The sha256 of a query's SPARQL text, as :data:`QUERY_DIGEST` holds the bundled one's."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _agency_iri(key: str) -> str:
    """The agency IRI a part's line names: the end of an IRI under :data:`AGENCY_BASE`, else ``<`` and the IRI."""
    return key[1:] if key.startswith("<") else AGENCY_BASE + key


def _agency_id(iri: str) -> str:
    """The agency's id, as the query gives it: what follows ``/id/agency/`` in its IRI, else blank."""
    return iri.split("/id/agency/", 1)[1] if "/id/agency/" in iri else ""


class _Tally:
    """One agency's sums over the reviews' parts."""

    __slots__ = ("unresolved", "overdue", "no_action", "oldest", "reviews")

    def __init__(self) -> None:
        self.unresolved = self.overdue = self.no_action = 0
        self.oldest = NO_DUE
        self.reviews: list[str] = []

    def add(self, review: str, unresolved: int, overdue: int, no_action: int, oldest: str) -> None:
        """Count one review's part."""
        self.unresolved += unresolved
        self.overdue += overdue
        self.no_action += no_action
        self.oldest = min(self.oldest, oldest)
        self.reviews.append(review)

    def merge(self, other: _Tally) -> None:
        """Count another tally's reviews (of the same agency id)."""
        self.unresolved += other.unresolved
        self.overdue += other.overdue
        self.no_action += other.no_action
        self.oldest = min(self.oldest, other.oldest)
        self.reviews += other.reviews


def _kept_tallies(store: Any, day: str) -> tuple[dict[str, _Tally], list[str]]:
    """Each agency's tally (by its key in the parts' lines) over the parts of the reviews whose
    records end before ``day``, and the ids of the others (those reaching it)."""
    tallies: dict[str, _Tally] = {}
    for (parts,) in store.select_values(PARTS):
        head, _, lines = parts.partition("\n")
        settled, review = head.split("\t", 1)
        if settled and not DATE.fullmatch(settled):
            raise ValueError(f"a kept share begins {head[:40]!r}, not with a date")
        if (settled and settled >= day) or not lines:
            continue
        for line in lines.split("\n"):
            key, opened, unanswered, oldest, past, later, closings = line.split("\t")
            unresolved = int(opened) + int(unanswered)
            overdue = int(past)
            if later:
                overdue += sum(1 for due in later.split() if due < day)
            for closing in closings.split():  # resolved, by a completion after the date: unresolved on it
                completed, due = closing.split("/")
                if completed > day:
                    unresolved += 1
                    overdue += due < day
                    oldest = min(oldest, due)
            if unresolved:  # _Tally.add written out, for each of 150,000 lines at 10,000 reviews: 0.29 s a query, not 0.35
                tally = tallies.get(key) or tallies.setdefault(key, _Tally())
                tally.unresolved += unresolved
                tally.overdue += overdue
                tally.no_action += int(unanswered)
                if oldest < tally.oldest:
                    tally.oldest = oldest
                tally.reviews.append(review)
    reaching = [str(row["id"]) for row in store.select(REACHING, {"day": dt.date.fromisoformat(day)})[1]]
    return tallies, reaching


def answer(store: Any, as_of: dt.date, live: Callable[[str], list[dict[str, Any]]]) -> list[dict[str, Any]] | None:
    """The query's rows on ``as_of`` for the whole store (its header's columns, list columns as sorted
    lists, in its order), summed from the kept parts, with ``live(review_id)`` giving the query's own
    rows for each review whose records reach the date; None when more than :data:`LIVE_MOST` do."""
    by_key, reaching = _kept_tallies(store, as_of.isoformat())
    if len(reaching) > LIVE_MOST:
        return None
    tallies: dict[str, _Tally] = {}
    labels: dict[str, list[str]] = {}
    for key, tally in by_key.items():
        iri = _agency_iri(key)
        agency = _agency_id(iri)
        tallies.setdefault(agency, _Tally()).merge(tally)
        labels.setdefault(agency, []).extend(str(row["label"]) for row in store.select(LABELS, {"agency": URIRef(iri)})[1])
    for review in reaching:
        counted: set[str] = set()
        for row in live(review):
            agency = str(row["agency"])
            labels.setdefault(agency, []).append(str(row["agency_label"]))
            if agency in counted:  # another label of the same agency: one row each, counted once
                continue
            counted.add(agency)
            oldest = row["oldest_due"].isoformat() if isinstance(row["oldest_due"], dt.date) else NO_DUE
            tallies.setdefault(agency, _Tally()).add(review, row["unresolved"], row["overdue"], row["no_action"], oldest)
    order = {review: place for place, review in enumerate(sorted({r for t in tallies.values() for r in t.reviews}, key=natural_key))}
    rows: list[dict[str, Any]] = []
    for agency, tally in tallies.items():
        reviews = sorted(dict.fromkeys(tally.reviews), key=order.__getitem__)
        for label in sorted(set(labels.get(agency) or [agency])):
            rows.append({"agency": agency, "agency_label": label, "unresolved": tally.unresolved, "overdue": tally.overdue,
                         "no_action": tally.no_action, "oldest_due": None if tally.oldest == NO_DUE else dt.date.fromisoformat(tally.oldest),
                         "reviews": len(reviews), "review_ids": reviews})
    rows.sort(key=lambda row: (-row["unresolved"], row["agency"]))
    return rows


def applies(text: str, values: Mapping[str, Any]) -> bool:
    """Whether the kept parts answer a query of ``text`` with parameter ``values``: the bundled text,
    asked for the whole store on a date."""
    return (query_digest(text) == QUERY_DIGEST and isinstance(values.get("as_of"), dt.date)
            and not any(values.get(name) for name in ("review", "board", "published_by")))

"""A review's publication date as far as it is known: a day, a month or only a year.

Records write it as ``published: 2019-03-31``, ``2019-03`` or ``2019``. A partly known date covers
a span of days (March 2019 is 1 to 31 March), so a period placed by dates can say whether the
review certainly falls inside it, certainly outside it, or cannot be placed.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from scrgraph.errors import ScrgraphError


@dataclass(frozen=True)
class Published:
    """A publication date with its precision: the first and last day it could be."""

    text: str
    earliest: dt.date
    latest: dt.date

    @property
    def datatype(self) -> str:
        """The XSD datatype that holds the date at its precision (date, gYearMonth or gYear)."""
        return {10: "date", 7: "gYearMonth", 4: "gYear"}[len(self.text)]


def parse_published(value: Any) -> Published | None:
    """``2019-03-31``, ``2019-03`` or ``2019`` as a :class:`Published`; ``None`` when blank."""
    if value in (None, ""):
        return None
    text = str(value)[:10]
    year = int(text[:4])
    if len(text) == 4:
        return Published(text, dt.date(year, 1, 1), dt.date(year, 12, 31))
    month = int(text[5:7])
    if len(text) == 7:
        return Published(text, dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ScrgraphError(f"The publication date {text} is not a day of the calendar; write it like 2019-03-31, 2019-03 or 2019.") from None
    return Published(text, day, day)


def placement(published: Published | None, start: dt.date, end: dt.date) -> str:
    """``"in"``, ``"out"`` or ``"unplaced"``: whether a publication date lies in ``start``..``end``."""
    if published is None:
        return "unplaced"
    if start <= published.earliest and published.latest <= end:
        return "in"
    if published.latest < start or published.earliest > end:
        return "out"
    return "unplaced"


UNDATED = "its record gives no publication date, nor a year completed or commissioned"


def left_out_reason(published: str, earliest: dt.date | None, latest: dt.date | None,
                    start: dt.date, end: dt.date) -> str | None:
    """Why a review cannot be placed in the period ``start``..``end``, or ``None`` when it can be.

    ``published`` is the record's date as written (``2019-03-31``, ``2019-03``, ``2019`` or blank)
    and ``earliest``..``latest`` the days it could have been published (its year when it gives no
    date); a review is placed when those days lie wholly inside or wholly outside the period.
    """
    if earliest is None or latest is None:
        return UNDATED
    if placement(Published(published, earliest, latest), start, end) != "unplaced":
        return None
    if len(published) == 7:
        return f"it was published in {earliest:%B} {earliest.year}, a month the period covers only in part"
    if published:
        return f"it was published in {earliest.year}, a year the period covers only in part"
    return (f"its record gives no publication date, only the year {earliest.year} (completed or commissioned), "
            "which the period covers only in part")


def undated_warning(review: dict[str, Any]) -> str | None:
    """The warning for a review that no period can place (no publication date nor any year), else ``None``."""
    if any(review.get(key) for key in ("published", "year_published", "year_completed", "year_commissioned")):
        return None
    name = review.get("id") or review.get("subject") or review.get("title")
    return (f"review {name} has no publication date, so reports will list it as left out of their period; "
            "add published: YYYY-MM-DD (or YYYY-MM, or YYYY) to its record.")


UNDATED_REVIEWS = """SELECT ?id WHERE {
  ?review a scr:Review ; dcterms:identifier ?id .
  FILTER NOT EXISTS { ?review scr:year ?year }
} ORDER BY ?id"""


def undated_in_store(store: Any) -> list[str]:
    """The warning for every review in a store that no period can place."""
    _, rows = store.select(UNDATED_REVIEWS)
    return [warning for row in rows if (warning := undated_warning({"id": row["id"]}))]

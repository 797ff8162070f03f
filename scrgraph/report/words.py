"""Plain-language helpers: counts with their nouns, dates as people write them, names of things.

Examples
--------
>>> count(1, "action"), count(3, "action"), count(0, "recommendation")
('1 action', '3 actions', 'no recommendations')
>>> long_date(__import__("datetime").date(2024, 3, 1))
'1 March 2024'
>>> listing(["A", "B", "C"])
'A, B and C'
>>> years_text(2023, 2024), years_text(2024, 2024), years_text(2020, 2024)
('2023 and 2024', '2024', '2020 to 2024')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import Any

REVIEW_TYPES = {
    "SCR": "Serious case review",
    "CSPR": "Child safeguarding practice review",
    "SAR": "Safeguarding adults review",
    "DHR": "Domestic homicide review",
    "PFD": "Prevention of future deaths report",
    "OTHER": "Other review",
}
IRREGULAR = {"agency": "agencies", "body": "bodies", "is": "are", "was": "were", "has": "have", "does": "do", "records": "record"}


def plural(n: int, word: str) -> str:
    """``word`` in the plural when ``n`` is not 1."""
    if n == 1:
        return word
    return IRREGULAR.get(word, word + "s")


def count(n: int, word: str, zero: str = "no") -> str:
    """A number with its noun: ``1 action``, ``3 actions``, ``no actions``."""
    return f"{zero if n == 0 and zero else n} {plural(n, word)}"


def verb(n: int, singular: str) -> str:
    """The verb for a count: ``was``/``were``, ``has``/``have``, ``is``/``are``."""
    return singular if n == 1 else IRREGULAR.get(singular, singular)


def long_date(value: dt.date | None) -> str:
    """A date as people write it: ``31 March 2024`` (blank for none)."""
    if value is None:
        return ""
    return f"{value.day} {value:%B} {value.year}"


def short_date(value: Any) -> str:
    """A date for a table cell: ``31 Mar 2024``; other values as text, blank for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b} {value.year}"
    return str(value)


def listing(items: Iterable[str], conjunction: str = "and") -> str:
    """Items joined as in a sentence: ``A, B and C``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def years_text(first: int, last: int) -> str:
    """A span of years in words: ``2024``, ``2023 and 2024``, ``2020 to 2024``."""
    if first == last:
        return str(first)
    if last == first + 1:
        return f"{first} and {last}"
    return f"{first} to {last}"


def year_cell(value: Any) -> str:
    """A year for a table cell (a dash when unknown)."""
    return "–" if value in (None, "") else str(value)


def published_cell(text: str, year: Any = None) -> str:
    """A publication date as the record gives it, for a table cell: ``26 May 2023``, ``May 2023``,
    ``2023``; else ``year`` (the year it is dated by), else a dash."""
    if len(text or "") == 10:
        return short_date(dt.date.fromisoformat(text))
    if len(text or "") == 7:
        month = dt.date.fromisoformat(text + "-01")
        return f"{month:%b} {month.year}"
    return text or year_cell(year)


def review_type(code: str) -> str:
    """The name of a review type code (SCR, CSPR, SAR, DHR)."""
    return REVIEW_TYPES.get(code or "", code or "Review")


@cache
def _agency_labels() -> dict[str, str]:
    from scrgraph.knowledge import knowledge

    kb = knowledge()
    labels = {key: concept.label for key, concept in kb.local_bodies.items()}
    labels.update({key: concept.label for key, concept in kb.agencies.items()})
    return labels


def agency_name(agency_id: str | None, label: str | None = None) -> str:
    """An agency's name: the label a query gave, else the gazetteer's, else its id."""
    if label:
        return str(label)
    if not agency_id:
        return "No lead agency"
    return _agency_labels().get(agency_id, agency_id)


def agency_names(ids: Iterable[str] | None) -> str:
    """Several agencies by name, separated by semicolons."""
    return "; ".join(agency_name(i) for i in (ids or []))


def sentence_case(text: str) -> str:
    """Text with its first letter in capitals."""
    return text[:1].upper() + text[1:]

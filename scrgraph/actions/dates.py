"""Read the dates boards write in trackers: UK and ISO forms, months, quarters and Excel serials.

A month or quarter stands for its last day (a target of "March 2024" is met by 31 March 2024).
Quarters written with a financial year ("Q2 2024/25") count from April; "Q2 2024" is a calendar
quarter.

Examples
--------
>>> parse_date("31.3.24")
datetime.date(2024, 3, 31)
>>> parse_date("Q2 2024/25")
datetime.date(2024, 9, 30)
>>> parse_date(45382)
datetime.date(2024, 3, 31)
>>> parse_date("TBC") is None
True
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil import parser as dateparser

from scrgraph.errors import ScrgraphError

UNKNOWN_WORDS = {"tbc", "tba", "tbd", "n/a", "na", "unknown", "ongoing", "-", "?", "none"}
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers from 1 Jan 1990 to 31 Dec 2099: anything else is not a plausible tracker date.
SERIAL_RANGE = (32874, 73415)
NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
QUARTER = re.compile(r"^q([1-4])\s*(?:fy\s*)?(\d{4})(?:\s*[/\-]\s*(\d{2}|\d{4}))?$")
MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s*,?\s*(\d{2}|\d{4})$")


class NotADate(ScrgraphError):
    """A cell that should hold a date holds something else."""


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _quarter_end(quarter: int, year: int, financial: bool) -> dt.date:
    if financial:
        month = 3 * quarter + 3
        return _month_end(year + 1, month - 12) if month > 12 else _month_end(year, month)
    return _month_end(year, 3 * quarter)


def _month_number(name: str) -> int | None:
    for number in range(1, 13):
        if calendar.month_name[number].lower().startswith(name) and len(name) >= 3:
            return number
    return None


def is_unknown(value: object) -> bool:
    """True for a blank cell or a placeholder such as "TBC" that stands for no date yet."""
    return value is None or (isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS | {""})


def parse_date(value: object) -> dt.date | None:
    """A tracker cell as a date; ``None`` for blanks and "TBC"; :class:`NotADate` for anything else."""
    if is_unknown(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(value, str(value))
    text = " ".join(str(value).split()).lower()
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _serial(float(text), text)
    try:
        return _parse_text(text)
    except (ValueError, OverflowError):
        raise NotADate(f"{value!r} is not a date scrgraph can read") from None


def _serial(number: float, written: str) -> dt.date:
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        raise NotADate(f"{written!r} is not a date scrgraph can read")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def _parse_text(text: str) -> dt.date:
    if match := ISO.match(text):
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    if match := NUMERIC.match(text):
        return dt.date(_year(match[3]), int(match[2]), int(match[1]))
    if match := QUARTER.match(text):
        return _quarter_end(int(match[1]), int(match[2]), financial=bool(match[3]))
    if (match := MONTH_YEAR.match(text)) and (month := _month_number(match[1])):
        return _month_end(_year(match[2]), month)
    if not re.search(r"\d", text) or not re.search(r"[a-z]{3}", text):
        raise ValueError(text)
    return dateparser.parse(text, dayfirst=True, default=dt.datetime(2000, 1, 1)).date()

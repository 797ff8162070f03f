"""The one date grammar of scrgraph: dates as analysts type them and as boards write them in trackers.

Every option, query parameter and tracker cell that takes a date reads it here (``docs/inputs.md``):

==============  ===========================================================================
written         means
==============  ===========================================================================
2024-03-31      that day (also ``31/03/2024``, ``31.3.24``, ``31-03-2024``: day first)
today           today's date
March 2024      the month (also ``Mar 2024``)
Q1 2024         a calendar quarter: January to March 2024
Q1 2024/25      a quarter of a financial year, which starts in April: April to June 2024
2023/24         a financial year: 1 April 2023 to 31 March 2024 (also ``2023-24``, ``2023/2024``)
==============  ===========================================================================

A written period (month, quarter, financial year) stands for its last day where one day is
wanted (an as-of date, a due date: "March 2024" is met by 31 March 2024), and for its whole span
where a period is wanted (``--from`` takes its first day, ``--to`` its last, ``--period`` both).
A year alone stands for the whole year. Tracker cells also take other written dates ("31st March
2024", read day first, "Mar-24" as Excel labels a month), a date among words ("by 31/03/2024",
"end of March 2024", "June 2024 onwards"), the date a target was moved to ("March 2024 (revised
June 2024)" is June 2024), seasons and school terms ("Autumn 2025", "Spring term 2026"), a quarter
after its financial year ("FY25/26 Q4"), a date only month first can read ("09/30/2025") and Excel
serial numbers; a blank or "TBC" there means no date yet. A
written date that leaves out its day, month or year is not read as one.

Examples
--------
>>> read_period("2023/24")
Period(first=datetime.date(2023, 4, 1), last=datetime.date(2024, 3, 31))
>>> read_period("Q1 2024").first
datetime.date(2024, 1, 1)
>>> parse_date("31.3.24")
datetime.date(2024, 3, 31)
>>> parse_date("Q2 2024/25")
datetime.date(2024, 9, 30)
>>> parse_date(45382)
datetime.date(2024, 3, 31)
>>> parse_date("TBC") is None
True
>>> parse_date("Apr-24"), parse_date("31/03/2024 - revised 30/06/2024")
(datetime.date(2024, 4, 30), datetime.date(2024, 6, 30))
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Literal, NamedTuple

from scrgraph.errors import ScrgraphError

# The forms every date message names, in the order of docs/inputs.md.
DATE_FORMS = "2024-03-31, 31/03/2024, today, March 2024, Q1 2024 or 2023/24 (a financial year)"
UNKNOWN_WORDS = {"tbc", "tba", "tbd", "n/a", "na", "unknown", "ongoing", "-", "?", "none"}
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers from 1 Jan 1990 to 31 Dec 2099: anything else is not a plausible tracker date.
SERIAL_RANGE = (32874, 73415)
FINANCIAL_YEAR_STARTS = 4  # April
NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ].*)?$")
QUARTER = re.compile(r"^q([1-4])\s*(?:fy\s*)?(\d{4})(?:\s*[/\-]\s*(\d{2}|\d{4}))?$")
FINANCIAL_YEAR = re.compile(r"^(?:fy\s*)?(\d{4})\s*[/\-]\s*(\d{2}|\d{4})$")
MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s*[,\-]?\s*(\d{2}|\d{4})$")  # "March 2024", "Mar-24" (Excel's month label)
YEAR = re.compile(r"^(\d{4})$")
# In a tracker cell: a later date the target was moved to ("March 2024 (revised June 2024)"), which
# is the one that counts; words before a date ("by", "end of", "w/c") and notes after it ("onwards",
# "(extended)", " - complete") that do not change it.
REVISED = re.compile(r"\b(?:revised|extended|new (?:target )?date|moved|changed|deferred|rescheduled|re-?set)\b"
                     r"(?:\s+(?:to|until|till|for))?\s*[:\-–]?\s*(?P<date>[^()]+?)\s*\)?\s*$")
LEAD_WORDS = re.compile(r"^(?:(?:the\s+)?end\s+(?:of\s+)?|by\s+(?:the\s+end\s+of\s+)?|before\s+|due\s+|w/c\s+|week\s+commencing\s+|w/e\s+|week\s+ending\s+)")
TRAILING_NOTE = re.compile(r"\s*(?:\([^()]*\)|\s[-–—]\s.*|,?\s+(?:onwards|and ongoing|ongoing|approx\.?|approximately)\b.*)$")

Part = Literal["first", "last"]


class NotADate(ScrgraphError):
    """A value that should hold a date holds something else."""


class Period(NamedTuple):
    """The days a written date covers, first and last (the same day for a day)."""

    first: dt.date
    last: dt.date


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _months(year: int, month: int, count: int) -> Period:
    """``count`` months from the first of ``month`` in ``year`` (which may run into the next year)."""
    end_month = month + count - 1
    end_year = year + (end_month - 1) // 12
    end_month = (end_month - 1) % 12 + 1
    return Period(dt.date(year, month, 1), dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1]))


def _quarter(quarter: int, year: int, financial: bool) -> Period:
    """Quarter 1-4 of a calendar year, or of the financial year that starts in April of ``year``."""
    start = (FINANCIAL_YEAR_STARTS if financial else 1) + 3 * (quarter - 1)
    return _months(year + (start - 1) // 12, (start - 1) % 12 + 1, 3)


def _following_year(first: int, written: str) -> bool:
    """Whether ``written`` (``24`` or ``2024``) is the year after ``first``."""
    return (len(written) == 2 and int(written) == (first + 1) % 100) or (len(written) == 4 and int(written) == first + 1)


def _month_number(name: str) -> int | None:
    for number in range(1, 13):
        if calendar.month_name[number].lower().startswith(name) and len(name) >= 3:
            return number
    return None


def is_unknown(value: object) -> bool:
    """True for a blank cell or a placeholder such as "TBC" that stands for no date yet."""
    return value is None or (isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS | {""})


def read_period(written: str) -> Period:
    """The days ``written`` covers, in the grammar of this module; :class:`NotADate` otherwise."""
    text = " ".join(str(written).split()).lower()
    try:
        return _period(text)
    except (ValueError, OverflowError):
        raise NotADate(f"{str(written).strip()!r} is not a date; write it as {DATE_FORMS}") from None


def _period(text: str) -> Period:
    if text == "today":
        today = dt.date.today()
        return Period(today, today)
    if match := ISO.match(text):
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        return Period(day, day)
    if match := NUMERIC.match(text):
        day = dt.date(_year(match[3]), int(match[2]), int(match[1]))
        return Period(day, day)
    if match := QUARTER.match(text):
        if match[3] and not _following_year(int(match[2]), match[3]):
            raise ValueError(text)
        return _quarter(int(match[1]), int(match[2]), financial=bool(match[3]))
    if match := FINANCIAL_YEAR.match(text):
        if not _following_year(int(match[1]), match[2]):
            raise ValueError(text)
        return _months(int(match[1]), FINANCIAL_YEAR_STARTS, 12)
    if (match := MONTH_YEAR.match(text)) and (month := _month_number(match[1])):
        return _months(_year(match[2]), month, 1)
    if match := YEAR.match(text):
        return _months(int(match[1]), 1, 12)
    if not re.search(r"\d", text) or not re.search(r"[a-z]{3}", text):
        raise ValueError(text)
    from dateutil import parser as dateparser  # only for free-written tracker dates; slow to import

    # A day, month and year all written: read with two different defaults, a part the text leaves
    # out would show as a difference ("Apr-24" must not become 24 April 2000).
    days = {dateparser.parse(text, dayfirst=True, default=default).date()
            for default in (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))}
    if len(days) != 1:
        raise ValueError(text)
    day = days.pop()
    return Period(day, day)


def parse_date(value: object) -> dt.date | None:
    """A tracker cell as one date (a period's last day); ``None`` for blanks and "TBC"; :class:`NotADate` otherwise."""
    if is_unknown(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(value, str(value))
    text = str(value).strip()
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _serial(float(text), text)
    try:
        return read_period(text).last
    except NotADate:
        written = _written_date(text)
        if written is None:
            raise
        return written


def _written_date(text: str) -> dt.date | None:
    """The date a tracker cell gives among other words: the date a target was moved to, else the one
    date left without words before it ("by", "end of") or a note after it ("onwards", "(extended)")."""
    lowered = " ".join(text.split()).lower()
    revised = REVISED.search(lowered)
    candidates = ([revised["date"]] if revised else []) + [TRAILING_NOTE.sub("", LEAD_WORDS.sub("", lowered)).strip()]
    for candidate in candidates:
        try:
            return _period(candidate).last
        except (ValueError, OverflowError):
            pass
        found = _tracker_only_date(candidate)
        if found is not None:
            return found
    return None


# Forms only tracker cells take (an option's date stays in the grammar above): a season or a school
# term of a year, a quarter written after its financial year, two months, a month-first date no
# day-first reading allows.
SEASON = re.compile(r"^(spring|summer|autumn|fall|winter)(\s+term)?\s+(\d{4})$")
SEASON_ENDS = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}  # a season's last month
TERM_ENDS = {"spring": 3, "summer": 7, "autumn": 12, "fall": 12, "winter": 3}  # an English school term's last month
TWO_MONTHS = re.compile(r"^([a-z]{3,9})\s*[/\-–]\s*([a-z]{3,9})\s+(\d{4})$")
FY_QUARTER = re.compile(r"^(?:fy\s*)?(\d{2}|\d{4})\s*[/\-]\s*(\d{2}|\d{4})\s*q([1-4])$|^q([1-4])\s*(?:fy\s*)?(\d{2})\s*[/\-]\s*(\d{2})$")


def _tracker_only_date(text: str) -> dt.date | None:
    """The last day of a season ("Autumn 2025": 30 November) or school term ("Spring term 2026": 31
    March), of a quarter of a financial year written first ("FY25/26 Q4": 31 March 2026) or of the
    later of two months ("March/April 2025"), or the day a month-first date means when it cannot be
    read day first ("09/30/2025"); ``None`` for anything else."""
    if match := SEASON.match(text):
        year, month = int(match[3]), (TERM_ENDS if match[2] else SEASON_ENDS)[match[1]]
        year += 1 if match[1] == "winter" and not match[2] else 0  # winter 2025 runs into February 2026
        return _months(year, month, 1).last
    if match := FY_QUARTER.match(text):
        first, second, quarter = (match[1], match[2], match[3]) if match[1] else (match[5], match[6], match[4])
        if _following_year(_year(first), second):
            return _quarter(int(quarter), _year(first), financial=True).last
        return None
    if (match := TWO_MONTHS.match(text)) and _month_number(match[1]) and (later := _month_number(match[2])):
        return _months(_year(match[3]), later, 1).last  # "March/April 2025": the later month
    if (match := NUMERIC.match(text)) and int(match[2]) > 12 >= int(match[1]):
        try:
            return dt.date(_year(match[3]), int(match[1]), int(match[2]))
        except ValueError:
            return None
    return None


def _serial(number: float, written: str) -> dt.date:
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        raise NotADate(f"{written!r} is not a date; write it as {DATE_FORMS}")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def date_option(option: str, written: object, part: Part = "last") -> dt.date:
    """One date given to an option or parameter (``--as-of``, ``-p as_of``): the ``part`` day of what is written.

    A day stays itself; a written period gives its ``last`` day (or its ``first``, for the start of
    a span such as ``--from``). Anything else is one sentence naming ``option`` and the accepted forms.
    """
    if isinstance(written, dt.datetime):
        return written.date()
    if isinstance(written, dt.date):
        return written
    try:
        period = read_period(str(written))
    except NotADate:
        raise NotADate(f"{option} {str(written).strip()!r} is not a date; write it as {DATE_FORMS}.") from None
    return period.first if part == "first" else period.last


def period_option(option: str, written: str) -> Period:
    """A period given to one option (``--period 2023/24``): all the days it covers, or one sentence."""
    try:
        return read_period(written)
    except NotADate:
        raise NotADate(f"{option} {written.strip()!r} is not a date or period; write it as {DATE_FORMS}.") from None


def span_options(start: str | None, end: str | None, period: str | None) -> Period:
    """The span of ``--from``/``--to`` (the first day of one, the last of the other) or of ``--period``; one sentence if wrong."""
    if period is not None and (start is not None or end is not None):
        raise ScrgraphError("Give either --period or --from and --to, not both.")
    if period is not None:
        return period_option("--period", period)
    if start is None or end is None:
        raise ScrgraphError("Give the period with --from and --to (for example --from 2023-04-01 --to 2024-03-31) "
                            "or with --period (for example --period 2023/24).")
    first, last = date_option("--from", start, "first"), date_option("--to", end, "last")
    if first > last:
        raise ScrgraphError(f"--from {start} is after --to {end}; the period must start before it ends.")
    return Period(first, last)

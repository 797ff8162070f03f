"""The publication date a review document states: after a publication cue, or alone on a cover line.

Cues come from the layout profile (``metadata.years.published``); a date is a day, month and year
("31 March 2019", "31/03/2019") or a month and year ("March 2019"). Dates of events in the text
are not publication dates, so a date counts only after a cue or on a line of its own near the start.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from scrgraph.extract.profiles import Profile

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
WORDED = re.compile(rf"(?i)\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?{_MONTH}\s*,?\s+((?:19|20)\d\d)\b")
NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\b")
COVER_LINES = 40


def _as_text(year: int, month: int, day: int | None) -> str | None:
    """``YYYY-MM-DD`` or ``YYYY-MM``; ``None`` for a day the calendar does not have."""
    try:
        return dt.date(year, month, day).isoformat() if day else f"{year:04d}-{month:02d}"
    except ValueError:
        return None


def first_date(text: str) -> str | None:
    """The first date written in ``text``, at the precision written."""
    found = []
    for match in WORDED.finditer(text):
        day = int(match.group(1)) if match.group(1) else None
        found.append((match.start(), _as_text(int(match.group(3)), MONTHS[match.group(2).lower()], day)))
    for match in NUMERIC.finditer(text):
        found.append((match.start(), _as_text(int(match.group(3)), int(match.group(2)), int(match.group(1)))))
    found = [item for item in found if item[1]]
    return min(found)[1] if found else None


def find_published(text: str, profile: Profile) -> str | None:
    """The publication date a document states (``YYYY-MM-DD`` or ``YYYY-MM``), or ``None``."""
    negation = profile.pattern("metadata.negation")
    for line in text.splitlines():
        for pattern in profile.patterns("metadata.years.published"):
            cue = pattern.search(line)
            if cue and not (negation is not None and negation.search(line[max(0, cue.start() - 40):cue.end()])):
                date = first_date(line[cue.end():cue.end() + 60])
                if date:
                    return date
    for line in text.splitlines()[:COVER_LINES]:
        bare = line.strip(" *#_|\t")
        date = first_date(bare) if WORDED.fullmatch(bare) or NUMERIC.fullmatch(bare) else None
        if date:
            return date
    return None

"""Measures: actions a document reports as done, in progress or planned.

They come from three places: a section on actions taken (each item is a measure); paragraphs and
lists after the recommendations that report work ("Children's social care has fully implemented
...", or a list led in by "recent work includes:"); and sentences inside a recommendation that
say something is already in place ("Since 2008 there have been ..."). The status is read from the
wording (``measures_in_text.status_cues`` of the profile, the earliest cue in the text wins) and
mapped onto the status scheme (ontology/statuses.ttl); the agency is the one the text starts with,
else the one the list's lead-in names; a due date is read from "scheduled for May 2024", "by March
2025" and the like.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from scrgraph.extract.paragraphs import Para
from scrgraph.extract.profiles import Profile
from scrgraph.extract.sections import heading_kind, is_agency_heading
from scrgraph.knowledge import knowledge
from scrgraph.recognise.agencies import find_agencies

DATE_AFTER = re.compile(r"\b(?:scheduled for|planned for|due (?:in|by|for)|by|before|in|from|until|during|on)\s+"
                        r"((?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:January|February|March|April|May|June|July|August|September|"
                        r"October|November|December)\s+\d{4})\b")
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], start=1)}


@dataclass
class MeasureDraft:
    """A measure as read: text, agency, status, dates, the recommendations it answers, where it stood."""

    text: str
    agency: str | None
    status: str
    due: str | None
    completed: str | None
    recommendations: list[str]
    para: Para | None
    start: int
    end: int
    page: int | None
    as_written: str | None = None
    reason: str | None = None  # why a recommendation was not accepted (a response's own words)


def status_cue(text: str, profile: Profile) -> str | None:
    """The status named by the earliest status cue in the text, or ``None`` when the text has none."""
    cues = profile.get("measures_in_text.status_cues") or {}
    best: tuple[int, int, str] | None = None
    for order, (status, patterns) in enumerate(cues.items()):
        for index, _ in enumerate(patterns or []):
            pattern = profile.patterns(f"measures_in_text.status_cues.{status}")[index]
            match = pattern.search(text)
            if match and (best is None or (match.start(), order) < best[:2]):
                best = (match.start(), order, status)
    return best[2] if best else None


def status_of(text: str, profile: Profile) -> str:
    """The status the wording of a report gives (the earliest cue in the text), mapped to the status scheme."""
    status = status_cue(text, profile) or str(profile.get("measures_in_text.default_status") or "completed")
    upgrade = (profile.get("measures_in_text.upgrades") or {}).get(status)
    if upgrade and any(p.search(text) for p in profile.patterns(f"measures_in_text.status_cues.{upgrade}")):
        status = upgrade
    return status if status in knowledge().statuses else "unknown"


def _month_end(month: int, year: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def dates_of(text: str, status: str) -> tuple[str | None, str | None]:
    """(due, completed) dates the text gives, as ISO dates."""
    match = DATE_AFTER.search(text)
    if not match:
        return None, None
    parts = match.group(1).split()
    try:
        year = int(parts[-1])
        month = MONTHS[parts[-2].lower()]
        day = int(re.sub(r"\D", "", parts[0])) if len(parts) == 3 else None
        date = dt.date(year, month, day) if day else _month_end(month, year)
    except (ValueError, KeyError):
        return None, None
    planned = re.search(r"\b(?:scheduled|planned|due|will|expected|target)\b", text[max(0, match.start() - 40):match.end()])
    if status in ("completed", "completed_embedded") and not planned:
        return None, date.isoformat()
    return date.isoformat(), None


AUXILIARY = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|should|must|can|could|may|shall)\b")
PREPOSITION = re.compile(r"\b(?:to|from|for|of|with|about|by|in|on|across|upon|into|within|between|through|towards|under|via|at)\s+(?:the\s+|a\s+|an\s+|all\s+|local\s+)?$", re.I)


def subject_agency(text: str) -> tuple[str | None, str | None]:
    """The agency a report starts with: the first named before its verb, not after a preposition."""
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]
    verb = AUXILIARY.search(first)
    limit = verb.start() if verb else len(first)
    for mention in find_agencies(first):
        if mention.start < limit and not PREPOSITION.search(first[max(0, mention.start - 30):mention.start]):
            return mention.agency_id, mention.as_written
    return None, None


def reports_action(text: str, profile: Profile) -> bool:
    """A paragraph that reports an action: it starts with an agency (or an action word) and says what was done."""
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]
    if first.rstrip().endswith(":"):
        return False
    agency, _ = subject_agency(first)
    starts = profile.pattern("measures_in_text.action_subjects")
    if agency is None and not (starts and starts.search(first)):
        return False
    cues = profile.get("measures_in_text.status_cues") or {}
    return any(p.search(first) for status in cues for p in profile.patterns(f"measures_in_text.status_cues.{status}"))


def measure_from(text: str, para: Para | None, start: int, end: int, page: int | None, profile: Profile,
                 context: tuple[str | None, str | None] = (None, None), recommendations: list[str] | None = None) -> MeasureDraft:
    """A measure from the text that reports it (its status from the first sentence)."""
    status = status_of(re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip(), maxsplit=1)[0], profile)
    agency, written = subject_agency(text)
    if agency is None:
        agency, written = context
    due, completed = dates_of(text, status)
    return MeasureDraft(text, agency, status, due, completed, list(recommendations or []), para, start, end, page, written)


def measures_after(paras: list[Para], profile: Profile) -> list[MeasureDraft]:
    """Measures in the paragraphs and lists that follow the recommendations, up to a heading that names
    neither an agency nor work done."""
    drafts: list[MeasureDraft] = []
    context: tuple[str | None, str | None] = (None, None)
    in_list = False
    for para in paras:
        if para.kind == "heading":
            if not is_agency_heading(para.text, profile) and heading_kind(para.text, profile) != "measures":
                break  # "Key facts": what follows reports the case or the data, not work done since
            in_list = False
            continue
        text = para.text.strip()
        if not text:
            continue
        if text.endswith(":"):
            agency, written = subject_agency(text)
            if agency is None:
                mentions = find_agencies(text)
                if mentions:
                    agency, written = mentions[0].agency_id, mentions[0].as_written
            context = (agency, written)
            in_list = True
            continue
        if para.kind == "item" and in_list:
            drafts.append(measure_from(text, para, para.start, para.end, para.page, profile, context))
            continue
        in_list = False
        if reports_action(text, profile):
            drafts.append(measure_from(text, para, para.start, para.end, para.page, profile))
    return drafts


def measures_in_recommendation(text: str, ref: str, start: int, end: int, page: int | None, profile: Profile) -> list[MeasureDraft]:
    """Sentences inside a recommendation that report something already in place."""
    drafts = []
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
        if sentence is text.split(".")[0]:
            continue
        if any(p.search(sentence) for p in profile.patterns("measures_in_text.report_cues")):
            drafts.append(measure_from(sentence.strip(), None, start, end, page, profile, recommendations=[ref]))
    return [d for d in drafts if not text.startswith(d.text)]

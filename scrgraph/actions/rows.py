"""Turn one tracker row into an action: its recommendation, agency, status, RAG and dates.

Everything doubtful becomes a warning that names the row; nothing is guessed silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from scrgraph.actions.context import ReviewContext, action_key
from scrgraph.actions.legend import is_key_entry, key_name
from scrgraph.actions.profiles import Profile
from scrgraph.actions.reading import Row
from scrgraph.recognise.dates import NotADate, parse_date
from scrgraph.recognise.refs import RefMatcher
from scrgraph.recognise.statuses import default_rag, match_status, needs_reason, rag_colour, runs_on

FILLED_IN = ("action", "status", "rag", "percent", "done", "due", "completed", "evidence", "reason")


# Statuses of work done, whose words after the status may be the day it was done ("Completed 12/03/2024").
DONE = ("completed", "completed_embedded")


# Statuses a status cell may give beside a "% complete" cell that the share cannot say.
SHARPER_THAN_SHARE = ("overdue", "superseded", "closed_not_accepted", "completed_embedded")
PERCENT = re.compile(r"^\s*(\d{1,3}(?:\.\d+)?)\s*%\s*$")


def percent_done(value: Any) -> float | None:
    """A "% complete" cell as a share of 1: a number saved as a percentage (0.6), a whole number up to
    100 (60) or a text ("60%"); None for anything else.

    >>> percent_done(0.75), percent_done(100), percent_done("40 %"), percent_done("Superseded")
    (0.75, 1.0, 0.4, None)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        share = float(value) if 0 <= value <= 1 else float(value) / 100 if 1 < value <= 100 else None
        return share
    match = PERCENT.match(str(value))
    return min(float(match.group(1)) / 100, 1.0) if match else None


YES = {"y", "yes", "true", "✓", "✔", "☑"}
NO = {"n", "no", "false", "✗", "✘", "☐"}


def answered_done(value: Any) -> bool | None:
    """A "Complete? (Y/N)" cell: True for yes, False for no, None for anything else.

    >>> answered_done("Y"), answered_done(" no "), answered_done(True), answered_done("Partly")
    (True, False, True, None)
    """
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    return True if text in YES else False if text in NO else None


# A recommendation cell that gives its ref, alone ("3", "4.2", "Rec 5") or before a short title
# ("R1 - Transition planning").
CELL_REF = re.compile(r"^\s*(?P<ref>(?:r(?:ec(?:ommendation)?)?\.?\s*)?\d{1,3}(?:\.\d{1,3})*[a-z]?)\s*"
                      r"(?:[-–—:.)]\s+(?P<title>\S.*))?$", re.I | re.S)
CHOICE_NUMBER = re.compile(r"^\s*\d{1,2}\s*[-–.):]\s*(?=[A-Za-z])")  # "3 - Complete": a choice column's number
KEY_ROW = re.compile(r"\b(?:key|legend)\b", re.I)  # a row of the tracker's key, by what its first cells say
# A row of counts under the table ("Total: 14 actions", "Totals", "Number of actions: 12"), no action.
TOTALS_ROW = re.compile(r"^\s*(?:grand\s+)?(?:totals?|sub-?totals?|(?:number|count) of actions)\b\s*(?:[:=\-–]|\d|$)", re.I)
# A recommendation cell that names no recommendation: a ref with no number ("Other", "-", "Partnership"),
# or a number under letters other than a recommendation's ("P1", "PA2": actions the partnership added).
NOT_A_RECOMMENDATION = re.compile(r"^\s*(?:[^\d]*|(?!r(?:ec(?:ommendation)?)?\.?\s*\d)[a-z]{1,3}\.?\s?\d{1,2})\s*$", re.I)


def _names_no_recommendation(ref: Any, recommendation: Any) -> bool:
    """Whether a row's recommendation cells name no recommendation (see :data:`NOT_A_RECOMMENDATION`): its
    ref blank or such a label, and its recommendation text blank or a short label ("Partnership actions"),
    not a recommendation's sentence that matched none."""
    text = _text(recommendation) or ""
    return (ref is None or bool(NOT_A_RECOMMENDATION.match(str(ref)))) and len(text.split()) <= 4


@dataclass
class Action:
    """One tracker row, read: what the import writes for it."""

    row: int
    rec_ref: str | None  # None: an action of the review as a whole
    agency: str | None
    text: str
    status: str
    label: str | None
    rag: str | None
    due: dt.date | None
    completed: dt.date | None
    evidence: str | None
    reason: str | None
    joint: tuple[str, ...] = ()  # other agencies the lead-agency cell names ("Police / Children's Social Care")


class RowReader:
    """Reads the rows of one tracker against one review, collecting warnings."""

    def __init__(self, context: ReviewContext, profile: Profile, key: dict[str, str] | None = None) -> None:
        self.context = context
        self.profile = profile
        self.key = key or {}  # the tracker's own key to its colours and codes (legend.py)
        self.rag = {**profile.rag, **self.key}  # which wins over the profile's
        self.refs = RefMatcher(list(context.recommendations),
                               {ref: rec.text for ref, rec in context.recommendations.items()})
        self.warnings: list[str] = []
        # The recommendation and lead cell of the row above: a row that leaves both recommendation cells
        # blank continues it (a merged cell, saved as CSV, keeps its value in its first row only).
        self._above: tuple[str | None, Any] | None = None
        self._sheet = ""

    def warn(self, row: int | str, message: str) -> None:
        """Note a doubt about one row (its number, or its label: "12 of sheet 'Rec 2'")."""
        self.warnings.append(f"Row {row}: {message}")

    def read(self, row: Row) -> Action | None:
        """The action of a row, or ``None`` for a row left unfilled or one that cannot be placed."""
        values = row.values
        if row.sheet != self._sheet:  # a row of the next sheet continues none of the last
            self._sheet, self._above = row.sheet, None
        if not any(values.get(name) is not None for name in FILLED_IN):
            return None
        text = _text(values.get("action"))
        if not text:
            self.warn(row.label, "it has no action text, so it was skipped.")
            return None
        if KEY_ROW.search(str(values.get("ref") or "")) or is_key_entry(text):
            return None  # "RAG key | Blue - Completed | Green - On track": the tracker's key, read by legend.py
        if any(TOTALS_ROW.match(str(values.get(name) or "")) for name in ("ref", "recommendation", "action")):
            return None  # "Total: 14 actions": the table's counts
        written_lead = values.get("agency")
        continued = values.get("ref") is None and values.get("recommendation") is None
        if continued and self._above:
            rec_ref, whole = self._above[0], self._above[0] is None
        else:
            rec_ref, whole = self._recommendation(row.label, values)
        if rec_ref is None and not whole:
            self._above = None
            return None
        if continued and self._above and written_lead is None:
            written_lead = self._above[1]
        self._above = (rec_ref, written_lead)
        agency = self._agency(row.label, written_lead, rec_ref)
        joint = _joint_leads(written_lead, agency)
        status, label, reason = self._status(row.label, values)
        rag = rag_colour(str(values["rag"])) if values.get("rag") is not None else None
        completed = self._date(row.label, _done_date(values.get("completed")), "date completed", warn_blank=False)
        dated = _date_only(reason) if status in DONE else None
        if dated is not None:  # "Completed 12/03/2024": the date it was done, not a reason
            completed, reason = completed or dated, None
        return Action(row.number, rec_ref, agency, text, status, label, rag or default_rag(status),
                      self._date(row.label, values.get("due"), "target date", warn_blank=True),
                      completed, _text(values.get("evidence")), reason, joint)

    def _recommendation(self, number: int | str, values: dict[str, Any]) -> tuple[str | None, bool]:
        """The ref of the recommendation a row answers, or None; and whether the row is an action of the
        review as a whole (its recommendation cells blank or naming a block of its own, "Other",
        "Partnership actions", "P1": imported answering no recommendation)."""
        written = values.get("ref")
        found = self.refs.match(written) if written is not None else None
        recommendation = values.get("recommendation")
        cell_ref = CELL_REF.match(str(recommendation)) if written is None and recommendation is not None else None
        if found is None and cell_ref and not cell_ref.group("title"):
            found = self.refs.match(recommendation)  # a recommendation column holding only its number
        if found is None:
            found = self.refs.match_text(recommendation)
        if found is None and cell_ref and cell_ref.group("title"):  # "R1 - Transition planning": its ref and title
            found = self.refs.match(cell_ref.group("ref"))
        if found is not None:
            return found, False
        known = ", ".join(self.context.recommendations) or "none"
        if _names_no_recommendation(written, values.get("recommendation")):
            self.warn(number, f"it answers none of the review's recommendations ({known}), so it was imported as an "
                              "action of the review as a whole.")
            return None, True
        shown = written if written is not None else values.get("recommendation")
        self.warn(number, f"recommendation {str(shown)[:60]!r} matches none of the review's recommendations "
                          f"({known}), so the row was not imported.")
        return None, False

    def _agency(self, number: int | str, written: Any, rec_ref: str | None) -> str | None:
        addressees = self.context.recommendations[rec_ref].addressees if rec_ref else []
        if written is None:
            if len(addressees) == 1:
                return addressees[0]
            self.warn(number, "it names no lead agency.")
            return None
        text = str(written).strip()
        known = self.context.agency_names.get(action_key(text))
        if known:
            return known
        from scrgraph.recognise.agencies import resolve_agency

        match = resolve_agency(text)
        if match is None:
            self.warn(number, f"lead agency {text!r} is not in the gazetteer (ontology/agencies.ttl); the action has no agency.")
            return None
        if match.ambiguous:
            self.warn(number, f"lead agency {text!r} is ambiguous; it was read as {match.label}.")
        return match.agency_id

    def _status(self, number: int | str, values: dict[str, Any]) -> tuple[str, str | None, str | None]:
        """The status of a row: a status word in either the status or the RAG column, else a RAG colour
        in either, else "completed" when only a completion date is filled in."""
        written = _text(values.get("status"))
        if written and match_status(written) is None:
            written = CHOICE_NUMBER.sub("", written) or written  # "3 - Complete", a list's numbered choice
        rag = _text(values.get("rag"))
        reason = _text(values.get("reason"))
        share = percent_done(values.get("percent"))
        cells = [cell for cell in (written, rag) if cell]
        if share is None and (instead := _text(values.get("percent"))):
            cells.append(instead)  # "Superseded" written in the % complete column
        done = answered_done(values.get("done"))
        if done is not None:  # "Complete? (Y/N)": yes is done; no, and the notes say how it stands
            cells.append("Completed" if done else self._open_note(values))
        closing = _text(values.get("completed"))
        if closing and not self._filled_date(values.get("completed")) and _date_only(_done_date(closing)) is None:
            cells.append(closing)  # "Ongoing" or "Not yet started" where the completion date would go
        coded = next(((cell, self.key[key_name(cell)]) for cell in cells if key_name(cell) in self.key), None)
        worded = None if coded else next(((cell, found) for cell in cells if (found := match_status(cell))), None)
        if share is not None and not (worded and worded[1].status_id in SHARPER_THAN_SHARE):
            # "% complete": 100% done, 0% not started, anything between in progress
            status = "completed" if share >= 1 else "not_started" if share <= 0 else "in_progress"
            return status, f"{share:.0%}", reason
        coloured = next(((cell, colour) for cell in cells if (colour := rag_colour(cell))), None)
        if worded and worded[0] == written and (coded or coloured) and runs_on(written, worded[1].rest):
            worded = None  # a progress note that starts with a status's word ("New template live ..."): the RAG says
        if worded:
            label, found = worded
            status, reason = found.status_id, reason or found.rest or None
        elif coded:  # "S" where the tracker's key says S is superseded
            label, status = coded
        elif coloured:
            label, colour = coloured
            if colour.lower() not in self.rag:
                self.warn(number, f"RAG rating {label!r} has no status in the tracker profile; the status was recorded as unknown.")
                return "unknown", label, reason
            status = self.rag[colour.lower()]
        elif cells:
            what = "status" if written else "RAG rating"
            self.warn(number, f"{what} {cells[0]!r} is neither a status listed in ontology/statuses.ttl nor "
                              "Red, Amber, Green, Blue or Grey; the status was recorded as unknown.")
            return "unknown", cells[0], reason
        elif self._filled_date(values.get("completed")):
            return "completed", None, reason
        elif "" in self.key:  # the tracker's key says what a cell left empty means
            status, label = self.key[""], None
        else:
            self.warn(number, "it has no status, RAG rating or completion date; the status was recorded as unknown.")
            return "unknown", None, reason
        if needs_reason(status) and not reason:  # "S" and why in the notes, or in a status cell that is no status
            reason = _text(values.get("evidence")) or (written if written and not worded else None)
        if needs_reason(status) and not reason:
            self.warn(number, f"status {label!r} needs a reason and none is given, so the action still counts as unresolved (status unknown).")
            return "unknown", label, None
        return status, label, reason

    @staticmethod
    def _open_note(values: dict[str, Any]) -> str:
        """How an action a "Complete?" cell says is not done stands: its notes when they open with a status
        of unresolved work ("Overdue - ...", "Not started - ..."), else in progress."""
        note = _text(values.get("evidence"))
        found = match_status(note) if note else None
        return note if note and found and found.status_id not in DONE else "In progress"

    @staticmethod
    def _filled_date(value: Any) -> bool:
        try:
            return parse_date(value) is not None
        except NotADate:
            return False

    def _date(self, number: int | str, value: Any, what: str, warn_blank: bool) -> dt.date | None:
        try:
            date = parse_date(value)
        except NotADate as exc:
            self.warn(number, f"the {what} {exc}; it was recorded as unknown.")
            return None
        blank = value is None or not str(value).strip()
        if date is None and (warn_blank or not blank):
            shown = "is blank" if blank else f"is {str(value).strip()!r}"
            self.warn(number, f"the {what} {shown}; it was recorded as unknown.")
        return date


DONE_WORDS = re.compile(r"^\s*(?:completed?|done|closed|achieved|signed off|implemented)\b[\s:,–-]*", re.I)


def _done_date(value: Any) -> Any:
    """A completion cell without the word that says it was done: "Completed 03/02/25" and "Done - Jan 25"
    are dates (a cell holding only "Completed" stays as it is)."""
    if isinstance(value, str) and DONE_WORDS.match(value) and DONE_WORDS.sub("", value).strip():
        return DONE_WORDS.sub("", value).strip()
    return value


# Between two agencies a lead-agency cell names as leading together.
JOINT = re.compile(r"\s*(?:/|&|\+|;|,|\band\b|\bwith\b)\s*", re.I)


def _joint_leads(written: Any, lead: str | None) -> tuple[str, ...]:
    """The agencies other than ``lead`` that a lead-agency cell names as leading with it
    ("Police / Children's Social Care", "ICB and Adult Social Care"), in order."""
    text = str(written or "")
    if lead is None or not JOINT.search(text):  # one agency ("Police"): nothing to look up
        return ()
    from scrgraph.recognise.agencies import find_agencies

    mentions = find_agencies(text)
    joined = all(JOINT.fullmatch(text[a.end:b.start]) for a, b in zip(mentions, mentions[1:], strict=False))
    if not joined:
        return ()
    return tuple(dict.fromkeys(m.agency_id for m in mentions if m.agency_id != lead and not m.ambiguous))


def _date_only(text: str | None) -> dt.date | None:
    """The date a text is, when it is nothing but a date ("12/03/2024", "March 2024"); else ``None``."""
    if not text:
        return None
    try:
        return parse_date(text.strip(" ()[]"))
    except NotADate:
        return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None

"""Tracker dates, recommendation refs and header matching, case by case."""

from __future__ import annotations

import datetime as dt

import pytest

from scrgraph.actions.profiles import load_profile
from scrgraph.errors import ScrgraphError
from scrgraph.recognise.dates import NotADate, parse_date
from scrgraph.recognise.refs import RefMatcher, normalise_ref


@pytest.mark.parametrize("written,expected", [
    ("31/03/2024", dt.date(2024, 3, 31)), ("31.3.24", dt.date(2024, 3, 31)), ("31-03-2024", dt.date(2024, 3, 31)),
    ("March 2024", dt.date(2024, 3, 31)), ("Feb 2024", dt.date(2024, 2, 29)), ("Q2 2024/25", dt.date(2024, 9, 30)),
    ("Q4 2024/25", dt.date(2025, 3, 31)), ("Q2 2024", dt.date(2024, 6, 30)), ("2024-03-31", dt.date(2024, 3, 31)),
    (45382, dt.date(2024, 3, 31)), (45382.0, dt.date(2024, 3, 31)), ("45382", dt.date(2024, 3, 31)),
    (dt.datetime(2024, 3, 31, 0, 0), dt.date(2024, 3, 31)), ("31st March 2024", dt.date(2024, 3, 31)),
    ("TBC", None), ("", None), (None, None),
    ("Apr-24", dt.date(2024, 4, 30)), ("2024", dt.date(2024, 12, 31)), ("by 31/3/24", dt.date(2024, 3, 31)),
    ("End of March 2024", dt.date(2024, 3, 31)), ("June 2024 onwards", dt.date(2024, 6, 30)),
    ("March 2024 (revised June 2024)", dt.date(2024, 6, 30)), ("31/03/2024 - revised 30/06/2024", dt.date(2024, 6, 30)),
    ("Jan 2025 (extended)", dt.date(2025, 1, 31)), ("w/c 12/02/2024", dt.date(2024, 2, 12)),
    # seasons and school terms end with their last month; a financial year's quarter written after it;
    # a month-first date that cannot be read day first
    ("Autumn 2025", dt.date(2025, 11, 30)), ("Winter 2025", dt.date(2026, 2, 28)), ("Spring term 2026", dt.date(2026, 3, 31)),
    ("by the end of Summer term 2026", dt.date(2026, 7, 31)), ("FY25/26 Q4", dt.date(2026, 3, 31)),
    ("Q2 25/26", dt.date(2025, 9, 30)), ("09/30/2025", dt.date(2025, 9, 30)),
    ("w/e 14/03/25", dt.date(2025, 3, 14)), ("March/April 2025", dt.date(2025, 4, 30)),
])
def test_date_forms(written, expected):
    assert parse_date(written) == expected


@pytest.mark.parametrize("written", ["soon", "12345", "31/13/2024", "13/13/2024", "Q5 2024", "24 April", "March", "Complete",
                                     "FY25/27 Q1", "Autumn"])
def test_not_dates(written):
    with pytest.raises(NotADate):
        parse_date(written)


@pytest.mark.parametrize("written,key", [("Rec 4.2", "4.2"), ("R4.2", "4.2"), ("4.2 (b)", "4.2b"),
                                         ("Recommendation 3", "3"), ("REC4", "4"), (3.0, "3"), ("4.2.", "4.2")])
def test_ref_forms(written, key):
    assert normalise_ref(written) == key


def test_refs_match_the_review():
    matcher = RefMatcher(["1", "4.2", "4.2(c)"], {"1": "The partnership should agree referral criteria."})
    assert [matcher.match(w) for w in ("Rec 4.2", "4.2 (b)", "4.2 (c)", "R9")] == ["4.2", "4.2", "4.2(c)", None]
    assert [RefMatcher(["1", "2", "2.1"]).match(w) for w in ("1.3", "2.1", "2.2", "3.1")] == ["1", "2.1", "2", None]
    assert matcher.match_text("1. The partnership should agree referral criteria") == "1"
    assert matcher.match_text("The partnership should agree referral criteria") == "1"


def test_headers_and_profiles():
    profile = load_profile()
    assert [profile.field_for(h) for h in ("REC NO", "Lead agency", "Due", "Impact", "Notes")] == [
        "ref", "agency", "due", "evidence", None]
    assert profile.missing({"ref", "action", "status"}) == ["lead agency"]
    assert profile.field_for("No") == "ref"  # typed unquoted in the YAML, where it would read as false
    # a board's own headers read by their words: the day an action was assured is the day it was done, and
    # a header that asks whether it is done answers yes or no ("Completed" alone is a date)
    assert profile.columns(["Ref", "Action", "Lead", "Status", "Date assured"])[4] == "completed"
    assert profile.columns(["Ref", "Action", "Lead", "Completed (Y/N)", "Completed"]) == {
        0: "ref", 1: "action", 2: "agency", 3: "done", 4: "completed"}
    assert profile.field_for("") is None and profile.columns(["Tracker, March", "", "", ""]) == {}
    with pytest.raises(ScrgraphError, match="no tracker profile 'nope'"):
        load_profile("nope")


@pytest.mark.parametrize("written, status", [
    ("Green – complete", "completed"), ("Red: delayed", "overdue"), ("Amber - in progress", "in_progress"),
    ("Fully implemented", "completed"), ("Signed off", "completed"), ("Partly met", "in_progress"),
    ("Not met", "overdue"), ("Deferred", "not_started"), ("Green", None), ("Greenwich complete", None),
    ("Awaiting sign off", "in_progress"), ("Awaiting evidence from the trust", "in_progress"),
    ("Awaiting", "not_started"), ("Not yet complete", "in_progress"), ("Partially achieved", "in_progress"),
    ("No longer relevant - new strategy", "superseded"), ("Closed - superseded by the county protocol", "superseded"),
    ("Closed: not accepted, the regional tool is fixed", "closed_not_accepted"), ("Closed - evidence seen", "completed"),
    ("Some delay", "overdue"), ("Some slippage", None)])
def test_status_wordings_of_real_trackers(written, status):
    """Wordings boards use, and a RAG colour written before the status in one cell; a colour alone is no
    status (the RAG column's reading decides), nor is a word that only starts like one."""
    from scrgraph.recognise.statuses import match_status

    found = match_status(written)
    assert (found.status_id if found else None) == status

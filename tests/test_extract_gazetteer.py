"""The gazetteer: names on their own resolve to canonical agencies; agencies are found in running text."""

from __future__ import annotations

import pytest

from scrgraph.recognise.agencies import find_agencies, home_agency, resolve_agency
from scrgraph.recognise.themes import action_type, tag_themes


@pytest.mark.parametrize("name, expected", [
    ("Leicestershire Constabulary", "police"),        # a local body
    ("leicestershire   constabulary.", "police"),     # case, spaces, punctuation
    ("UHL", "acute_trust"),                           # a local body's abbreviation
    ("uhl", "acute_trust"),
    ("Testtown Constabulary", "police"),              # a name pattern
    ("The Children’s Services", "la_csc"),            # apostrophes, plural, a leading "the"
    ("CAMHS", "camhs"),                               # an abbreviation
    ("GPs", "gp"),
    ("Northtown Hospitals NHS Trust", "acute_trust"),
    ("UHL Maternity Services", "maternity"),          # the last name is the head
    ("Drug and Alcohol Misuse services", "substance_misuse"),  # the words of a known name, in order
    ("Leicestershire Constabularly", "police"),       # a typo
    ("Riverside Fire and Rescue Service", "fire"),
    ("Northshire County Council", "la"),              # a council as a whole (a name pattern)
    ("the local authority", "la"),
])
def test_resolve(name, expected):
    match = resolve_agency(name)
    assert match is not None and match.agency_id == expected
    assert match.as_written == " ".join(name.split()).strip(" .") or match.via != "name"


@pytest.mark.parametrize("name", ["Ministry of Magic", "Susan Nash", "Individual Agency Recommendations",
                                  "Recommendations linked with thresholds", "", "   ", "The Assessment Framework"])
def test_unknown_names_are_none(name):
    assert resolve_agency(name) is None


def test_ambiguous_names_say_so_and_follow_the_home_agency():
    match = resolve_agency("the Board")
    assert match.ambiguous
    with home_agency("sab"):
        match = resolve_agency("the Board")
    assert (match.agency_id, match.ambiguous) == ("sab", False)
    fuzzy = resolve_agency("Leicestershire Constabularly")
    assert fuzzy.via == "fuzzy" and fuzzy.score < 100


def test_find_agencies_in_running_text():
    text = ("The LLR LSCB should ask Northtown Police and the health visiting service to agree a protocol "
            "with UHL Maternity Services; good practice in mental health was seen, and each worker met the family.")
    found = [(m.agency_id, m.as_written) for m in find_agencies(text)]
    assert found == [("lscp", "LLR LSCB"), ("police", "Northtown Police"),
                     ("health_visiting", "health visiting service"), ("maternity", "UHL Maternity Services")]
    first = find_agencies(text)[0]
    assert text[first.start:first.end] == "LLR LSCB"


def test_capital_only_words_count_when_capitalised_mid_sentence():
    found = [m.agency_id for m in find_agencies("Work was done with Health, Social Services and the Police.")]
    assert found == ["health", "la_csc", "police"]
    assert find_agencies("Mental health and good practice matter.") == []


def test_themes_and_action_types():
    themes = tag_themes("Midwives did not refer the unborn baby; the father's history of domestic abuse was not shared.")
    assert {"PRE_BIRTH", "DOMESTIC_ABUSE", "FATHERS_MEN"} <= set(themes) and len(themes) <= 4
    assert tag_themes("We will send the report.") == []  # SEND is an acronym, "send" a verb
    assert action_type("The partnership should deliver multi-agency training on neglect.") == "training"
    assert action_type("Nothing here.") is None


def test_a_council_beside_one_of_its_services_says_whose_service_it_is():
    """"Adult Social Care, Northshire County Council" is adult social care, not a second agency; a council
    named with an agency of another kind stays an agency of its own."""
    assert [m.agency_id for m in find_agencies("The Director of Adult Social Care, Northshire County Council")] == ["la_asc"]
    assert [m.agency_id for m in find_agencies("Westmere Council and the police should meet")] == ["la", "police"]


def test_names_known_by_how_they_end_are_found_mid_sentence():
    """A local name the gazetteer knows by its ending ("... Medical Practice", "... Mental Health
    Foundation Trust") is found where a sentence goes on after it, not only at the end of a text."""
    found = find_agencies("Brookside Medical Practice and Selbourne Water Mental Health Foundation Trust should "
                          "agree how carers are flagged.")
    assert [(m.as_written, m.agency_id) for m in found] == [("Brookside Medical Practice", "gp"),
                                                            ("Selbourne Water Mental Health Foundation Trust", "adult_mh")]

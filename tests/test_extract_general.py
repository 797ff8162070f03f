"""The general rules (heading lexicon, markers, lead-ins, sentences) and coroners' reports, on fictional texts.

Every text here is written for the test; none is copied from a real review.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scrgraph.extract import extract_document
from scrgraph.extract.corpus_scoring import match, overlaps, plain_ref
from scrgraph.extract.general import heading_kind
from scrgraph.extract.items import table_items
from scrgraph.extract.paragraphs import Para
from scrgraph.extract.profiles import get_profile
from scrgraph.record import check_record
from scrgraph.shacl import validate_records


def extract(tmp_path: Path, text: str, name: str = "page.txt") -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_document(path).record


def texts(record: dict, kind: str) -> list[str]:
    return [entry["text"] for entry in record.get(kind) or []]


def test_heading_lexicon_names_kinds():
    assert heading_kind("Issues identified") == "findings"
    assert heading_kind("What the SAR found about health services") == "findings"
    assert heading_kind("What we will do:") == "measures"
    assert heading_kind("Response of the safeguarding partners") == "measures"
    assert heading_kind("What this means for you") == "recommendations"
    assert heading_kind("What the panel recommends") == "recommendations"
    assert heading_kind("What the partnership is doing") == "measures"
    assert heading_kind("Find out more") == "other"
    assert heading_kind("What happens next") == "measures"
    assert heading_kind("Progress so far") == "measures"
    assert heading_kind("The review found that:") == "findings"
    assert heading_kind("The partnership's response") == "measures"
    assert heading_kind("What did we find?") == "findings"
    assert heading_kind("Messages for practitioners") == "recommendations"
    assert heading_kind("Actions we are taking") == "measures"
    assert heading_kind("Background") == "other"
    assert heading_kind("Learning and recommendations") == "findings"  # the first named wins
    assert heading_kind("Opening hours") is None


def test_bulleted_sections_under_lexicon_headings(tmp_path):
    record = extract(tmp_path, "Briefing: Toddler Q\n\nWhat happened\n\n  • Toddler Q lived with an aunt.\n\n"
                               "Lessons learned\n\n  • Health visits stopped without anyone noticing.\n"
                               "  • School nurses did not know the family had moved.\n\n"
                               "Messages for practitioners\n\n  • Practitioners should check who lives in the home.\n"
                               "  - Managers must review cases that close without a visit.\n")
    assert texts(record, "findings") == ["Health visits stopped without anyone noticing.",
                                         "School nurses did not know the family had moved."]
    assert texts(record, "recommendations") == ["Practitioners should check who lives in the home.",
                                                "Managers must review cases that close without a visit."]


def test_lead_in_sentence_opens_a_list_and_inline_lists_split(tmp_path):
    record = extract(tmp_path, "News\n\nThe review of Mr Y was published today by the partnership board.\n\n"
                               "The reviewer made the following recommendations:\n\n"
                               "  • The board should audit hospital discharge letters.\n"
                               "  • Housing staff should be trained to spot hoarding.\n\n"
                               "Key themes include: poor recording of capacity; late referrals to housing; "
                               "and missed GP appointments.\n")
    assert texts(record, "recommendations") == ["The board should audit hospital discharge letters.",
                                                "Housing staff should be trained to spot hoarding."]
    assert texts(record, "findings") == ["poor recording of capacity", "late referrals to housing",
                                         "missed GP appointments"]


def test_sentence_fallback_flags_low_confidence(tmp_path):
    extraction_text = ("A report into the care of an older man was published on Monday by the city board. "
                       "The reviewer found that his carers failed to share concerns about his weight. "
                       "The report says that the council should appoint a lead for self-neglect cases.\n")
    path = tmp_path / "press.txt"
    path.write_text(extraction_text, encoding="utf-8")
    extraction = extract_document(path)
    assert texts(extraction.record, "recommendations") == [
        "The report says that the council should appoint a lead for self-neglect cases."]
    assert texts(extraction.record, "findings") == [
        "The reviewer found that his carers failed to share concerns about his weight."]
    assert any("low confidence" in w for w in extraction.warnings)
    assert extraction.record["findings"][0]["provenance"]["confidence"] == "low"


PFD_TEXT = """Receiver:
1. The Chief Executive, Northshire Hospitals NHS Trust 2. The Director of Adult Social Care, Northshire County Council

CircumstancesOfDeath:
Mr Z died at home after a fall. He lived alone.

MattersOfConcern:
At the inquest the evidence showed things that worry me. In my view more people may die unless something changes.

The MATTERS OF CONCERN are as follows. -

1. The ward had no written plan for patients who were discharged at night.

2.Falls were not recorded on the discharge letter sent to the GP surgery.

1. The Trust may wish to consider a review of its night discharge policy.

ActionShouldBeTaken:
In my opinion action should be taken to prevent future deaths.
"""


def test_coroners_report_concerns_and_asks(tmp_path):
    record = extract(tmp_path, PFD_TEXT, "pfd.txt")
    assert record["review"]["type"] == "PFD"
    assert [(f["ref"], f["text"]) for f in record["findings"]] == [
        ("1", "The ward had no written plan for patients who were discharged at night."),
        ("2", "Falls were not recorded on the discharge letter sent to the GP surgery.")]
    assert texts(record, "recommendations") == ["The Trust may wish to consider a review of its night discharge policy."]
    assert record["recommendations"][0].get("addressees")


def test_coroners_report_is_sent_to_its_receivers(tmp_path):
    """The people and bodies a report is sent to become the review's ``sent_to`` agencies, which load as
    scr:sentTo and pass the shapes."""
    from scrgraph.mapping import record_quads

    record = extract(tmp_path, PFD_TEXT, "pfd.txt")
    assert record["review"]["sent_to"] == ["acute_trust", "la_asc"]
    checked = check_record({k: v for k, v in record.items() if k != "warnings"})
    assert validate_records([checked]) == []
    assert sum("ontology#sentTo" in quad for quad in record_quads(checked)) == 2


def test_coroners_report_subject_is_the_person_who_died(tmp_path):
    """Not a name the pseudonym patterns catch ("a service called "Night Watch""); the title names the report."""
    text = PFD_TEXT.replace("Mr Z died at home after a fall.", "An inquest into the death of Zoe Quill was opened. "
                            "She had used a service called \"Night Watch\" twice.")
    review = extract(tmp_path, text, "pfd.txt")["review"]
    assert review["subject"] == "Zoe Quill"
    assert review["title"] == "Prevention of future deaths report: Zoe Quill"


def test_coroners_report_unnumbered_concerns_are_paragraphs(tmp_path):
    text = PFD_TEXT.split("1. The ward")[0] + ("The hospital had no way to see the community nursing notes, so "
                                               "staff did not know of his earlier falls at home.\n")
    record = extract(tmp_path, text, "pfd2.txt")
    assert len(record["findings"]) == 1 and record["findings"][0]["text"].startswith("The hospital had no way")


def test_scoring_matches_shortened_quotes_one_to_one():
    gold = ["Staff did not share the referral with the school nurse or the [...]", "Another point entirely."]
    got = ["Staff did not share the referral with the school nurse or the GP in time.",
           "Staff did not share the referral with the school nurse or the GP."]
    assert overlaps(got[0], gold[0]) and not overlaps(got[0], gold[1])
    assert len(match(got, gold)) == 1
    assert plain_ref("Recommendation 3.") == "3" and plain_ref("R3") == "3"


def test_response_answers_become_measures_with_stances(tmp_path):
    parts = ["Reply to the review of ward safety\n\nContents\n\n1. Summary\n\nRecommendations\n\n"
             "1. Trusts should publish ward staffing levels every month.\n\n"
             "2. The department should fund a national ward audit.\n\n"]
    parts.append("Response to recommendation 1\n\nThe department supports this recommendation and trusts will "
                 "publish staffing figures from April.\n\n")
    parts.append("Response to recommendation 2\n\nThe department does not accept this recommendation because "
                 "audits already run locally.\n")
    record = extract(tmp_path, "".join(parts), "reply.txt")
    measures = {m["recommendations"][0]: m for m in record["measures"]}
    assert set(measures) == {"1", "2"}
    assert measures["1"]["text"].startswith("The department supports this recommendation")
    assert measures["2"]["status"] == "closed_not_accepted"
    assert measures["1"]["status"] == "not_started"  # accepted; the stance sentence itself reports no progress
    assert record["findings"] == []
    assert [r["ref"] for r in record["recommendations"]] == ["1", "2"]


def test_response_stance_is_read_from_the_whole_answer(tmp_path):
    """An answer that opens by recognising the point and later declines part of it is accepted in part, the
    declining sentence kept as the reason; one that only commits to the work is accepted."""
    record = extract(tmp_path, "Reply to the review of ward safety\n\nRecommendations\n\n"
                               "1. Trusts should publish ward staffing levels every month.\n\n"
                               "2. The department should fund a national ward audit.\n\n"
                               "Response to recommendation 1\n\nThe department recognises the importance of open "
                               "staffing figures.\n\nTo keep local flexibility, the department does not support a "
                               "single national format. Trusts will publish in their own way.\n\n"
                               "Response to recommendation 2\n\nThe department is committed to working with trusts "
                               "on the audit.\n", "reply3.txt")
    measures = {m["recommendations"][0]: m for m in record["measures"]}
    assert measures["1"]["reason"].startswith("Accepted in part: To keep local flexibility")
    assert measures["1"]["status"] == "not_started" and "reason" not in measures["2"]
    assert not any("recommendation 2 reads as" in w for w in record["warnings"])


def test_glued_bullets_and_unheaded_lists_that_ask(tmp_path):
    record = extract(tmp_path, "Report out on housing deaths\n\nThe board has published its report today.\n\n"
                               "lCreate a single contact point for outreach workers.\n\n"
                               "lHostels should share risk notes with day centres.\n\n"
                               "  1. Develop a winter shelter protocol.\n  2. Councils should fund night outreach.\n")
    assert texts(record, "recommendations") == ["Create a single contact point for outreach workers.",
                                                "Hostels should share risk notes with day centres.",
                                                "Develop a winter shelter protocol.",
                                                "Councils should fund night outreach."]


def test_lead_in_naming_learning_and_recommendations_gives_asks(tmp_path):
    record = extract(tmp_path, "Review published\n\nThe review found learning for agencies, which shaped the "
                               "recommendations:\n\n  1. GP surgeries should ask about coercive control.\n"
                               "  2. Banks should flag sudden changes to carers' access.\n")
    assert texts(record, "recommendations") == ["GP surgeries should ask about coercive control.",
                                                "Banks should flag sudden changes to carers' access."]
    assert record["findings"] == []


def test_coroners_concerns_under_inline_headings_keep_inner_enumerations(tmp_path):
    concerns = ("The MATTERS OF CONCERN are as follows: Night staffing I heard evidence that one carer covered "
                "two houses overnight. Care plans I was told that plans were not read at handover, because "
                "(1) they were kept in the office and (2) agency staff had no log-in.\n\nActionShouldBeTaken:\n"
                "Action should be taken.\n")
    record = extract(tmp_path, PFD_TEXT.split("The MATTERS")[0] + concerns, "pfd3.txt")
    assert texts(record, "findings") == [
        "Night staffing I heard evidence that one carer covered two houses overnight.",
        "Care plans I was told that plans were not read at handover, because (1) they were kept in the office "
        "and (2) agency staff had no log-in."]


def test_scoring_prefers_items_that_start_alike():
    gold = ["The board to check referral thresholds", "Referral thresholds are reviewed by the board"]
    got = ["Referral thresholds are reviewed by the board and The board to check referral thresholds",
           "The board to check referral thresholds each year."]
    assert sorted(match(got, gold)) == [(0, 1), (1, 0)]


PFD_REPORT_LAYOUT = """REGULATION 28 REPORT TO PREVENT FUTURE DEATHS

THIS REPORT IS BEING SENT TO:

1. Chief Executive, Westshire Hospitals NHS Foundation Trust
2. Director of Public Health, Westshire County Council

1 CORONER

I am Jane Doe, Area Coroner for the coroner area of Westshire.

3 INVESTIGATION and INQUEST

On 1 March 2024 I opened an investigation into the death of Peter Q.

5 CORONER'S CONCERNS

At the inquest the evidence showed things that worry me.

The MATTERS OF CONCERN are as follows.

(1) The discharge team did not confirm that carers were in place before discharge.

(2) The ward used two electronic record systems that did not share alerts.

6 ACTION SHOULD BE TAKEN

In my opinion action should be taken to prevent future deaths.
"""


def test_coroners_report_in_the_judiciary_layout(tmp_path):
    from scrgraph.extract.pfd import receivers
    from scrgraph.extract.readers import read_document

    path = tmp_path / "report.txt"
    path.write_text(PFD_REPORT_LAYOUT, encoding="utf-8")
    extraction = extract_document(path)
    review = extraction.record["review"]
    assert (review["type"], review["subject"], review["board"]) == ("PFD", "Peter Q", "Westshire (coroner area)")
    assert [f["ref"] for f in extraction.record["findings"]] == ["1", "2"]
    assert not any("type of review" in w or "No recommendations" in w for w in extraction.warnings)
    assert receivers(read_document(path)) == ["Chief Executive, Westshire Hospitals NHS Foundation Trust",
                                              "Director of Public Health, Westshire County Council"]


def test_summary_with_issues_lessons_and_actions_headings(tmp_path):
    record = extract(tmp_path, "Domestic Homicide Review: Mrs R\n\nSummary: Mrs R was killed by her son at home.\n\n"
                               "Issues identified\n\nAgencies did not see the son's drug use as a risk to his mother.\n\n"
                               "Lessons learned\n\nProfessionals need to consider violence by adult children.\n\n"
                               "Actions we are taking\n\nThe partnership has updated its family violence training; "
                               "GP practices will add routine enquiry to annual reviews; and the drug service has "
                               "introduced a carer risk screen.\n\nContact us\n")
    assert texts(record, "findings") == ["Agencies did not see the son's drug use as a risk to his mother.",
                                         "Professionals need to consider violence by adult children."]
    assert [(m["text"], m["status"]) for m in record["measures"]] == [
        ("The partnership has updated its family violence training", "completed"),
        ("GP practices will add routine enquiry to annual reviews", "not_started"),
        ("the drug service has introduced a carer risk screen", "completed")]


def test_two_inline_lists_in_one_abstract(tmp_path):
    record = extract(tmp_path, "Serious case review: Child Z\n\nOverview of a review into the neglect of a girl. "
                               "Learning themes include: parental learning disability; drift in plans; and the "
                               "child's voice being lost. Recommendations include: training on neglect; use of a "
                               "neglect assessment tool; and better links between schools and early help.\n")
    assert texts(record, "findings") == ["parental learning disability", "drift in plans", "the child's voice being lost"]
    assert [t.lower() for t in texts(record, "recommendations")] == [
        "training on neglect", "use of a neglect assessment tool", "better links between schools and early help"]


def test_page_furniture_is_never_an_item():
    from scrgraph.extract.general import is_furniture

    assert is_furniture("https://example.org/reports/ward-review 3/20 1/2/25, 9:41 AM Ward review - Example site")
    assert is_furniture("© Crown copyright 2025")
    assert not is_furniture("1/2/25, 9:41 AM Ward review - Example site Trusts should publish ward staffing levels "
                            "every month and explain any gap between planned and actual staffing to their boards.")


def test_seven_minute_briefing_with_numbered_headings(tmp_path):
    record = extract(tmp_path, "7 Minute Briefing: Child D\n\n1. Background\nChild D was three and lived with his "
                               "mother.\n\n4. Learning\n– Professionals did not ask who else lived in the home.\n"
                               "– The nursery's concerns were not shared with the health visitor.\n\n"
                               "5. What should practitioners do?\n– Always ask who lives in the household.\n"
                               "– Share concerns about weight with the health visitor.\n\n"
                               "6. Questions for reflection\nHow do you find out who lives in the home?\n")
    assert texts(record, "findings") == ["Professionals did not ask who else lived in the home.",
                                         "The nursery's concerns were not shared with the health visitor."]
    assert texts(record, "recommendations") == ["Always ask who lives in the household.",
                                                "Share concerns about weight with the health visitor."]


def test_lead_in_names_the_addressee_of_items_that_name_no_one(tmp_path):
    record = extract(tmp_path, "Report on the death of Baby M\n\nThe panel made local recommendations for the "
                               "police:\n\n• Reviewing how night calls about babies are triaged.\n"
                               "• Health visitors should be told of every police call to the home.\n")
    addressees = [r.get("addressees") for r in record["recommendations"]]
    assert addressees[0] == ["police"]
    assert "police" not in (addressees[1] or [])


def test_agencies_in_an_item_that_opens_with_the_work_are_what_it_is_about(tmp_path):
    """Items that open with what is to be done ("Reviewing and commissioning domestic abuse services for
    ...", "Review the early help offer so that ...") are the lead-in's addressee's to do; the agencies
    they name are the work's object, also before a passive verb."""
    record = extract(tmp_path, "Review of Child K\n\nThe local recommendations for the police include:\n\n"
                               "• Reviewing and commissioning domestic abuse services for the out-of-hours team.\n"
                               "• Reviewing the early help offer which can be used by families before an assessment.\n"
                               "• Children's social care should share every strategy decision the same day.\n")
    addressees = [r.get("addressees") or [] for r in record["recommendations"]]
    assert addressees[:2] == [["police"], ["police"]]
    assert "la_csc" in addressees[2]


def test_a_lead_in_ending_with_should_leads_in_recommendations(tmp_path):
    """"The SAB should:" and a lettered list give recommendations, whoever the lead-in names, each item
    the lead-in's to do ("ask the ICB to report" is the SAB's to ask)."""
    record = extract(tmp_path, "Safeguarding Adults Review: Mr A\n\nSummary of learning\n\n"
                               "1. Self-neglect was not recognised as a safeguarding concern.\n\n"
                               "The SAB should:\na) commission training on self-neglect for housing staff;\n"
                               "b) ask the ICB to report on discharge planning.\n")
    assert [(r["ref"], r.get("addressees")) for r in record["recommendations"]] == [("a", ["sab"]), ("b", ["sab"])]
    assert texts(record, "findings") == ["Self-neglect was not recognised as a safeguarding concern."]


def test_practice_issues_are_findings(tmp_path):
    record = extract(tmp_path, "Review of Sibling Group D\n\nPractice issues\n\nPractice issue 1 - Recognising neglect. "
                               "Practitioners saw each child separately and the picture of neglect was missed.\n\n"
                               "Practice issue 2 - Voice of the child. The children were rarely seen alone.\n")
    assert [f["text"].split(" - ")[0] for f in record["findings"]] == ["Practice issue 1", "Practice issue 2"]


def test_a_lead_in_sentence_is_no_finding_even_when_it_reads_like_one(tmp_path):
    """"The panel, whose task was to ask what could have been done differently, recommended:" leads in the list."""
    record = extract(tmp_path, "Thematic review published\n\nThe panel, whose task was to ask what could have been "
                               "done differently for the men who slept in the town's parks over three winters, recommended:\n\n"
                               "- Naming a champion to pull partners together on rough sleeping.\n"
                               "- Engaging soup kitchens in one joint approach to people sleeping rough.\n")
    assert record["findings"] == []
    assert len(record["recommendations"]) == 2


def test_a_sub_heading_about_a_topic_keeps_the_findings_and_each_comment_is_one(tmp_path):
    """"Knowledge about feeding" is a sub-heading of the findings (only "About ..." at its start makes a
    heading end them), and "Participants commented that ..." reports a finding as "noted" does."""
    record = extract(tmp_path, "Learning from reviews: infant feeding\n\nWhy does this occur?\n\n"
                               "Participants at the events identified several reasons, including the following:\n\n"
                               "Knowledge about feeding and awareness of the protocol\n\n"
                               "Participants commented that few staff had read the local feeding protocol. "
                               "It was also noted that some staff are not trained on child development.\n")
    assert texts(record, "findings") == ["Participants commented that few staff had read the local feeding protocol.",
                                         "It was also noted that some staff are not trained on child development."]


def test_markup_lists_and_headings_count_for_the_general_rules(tmp_path):
    from scrgraph.extract.general import read_general
    from scrgraph.extract.readers import read_document

    path = tmp_path / "brief.html"
    path.write_text("<html><body><main><h1>Briefing: Adult P</h1><p>Adult P lived in supported housing.</p>"
                    "<h2>What did we find?</h2><ul><li>Housing staff did not know who to call.</li>"
                    "<li>The GP was not told about two admissions.</li></ul>"
                    "<p>The reviewer made these recommendations:</p><ol><li>Providers should name a safeguarding "
                    "lead.</li><li>Hospitals must send discharge summaries within 48 hours.</li></ol>"
                    "</main></body></html>", encoding="utf-8")
    reading = read_general(read_document(path))
    assert [i.paras[0].text for i in reading["findings"]] == ["Housing staff did not know who to call.",
                                                              "The GP was not told about two admissions."]
    assert [(i.ref, i.paras[0].text) for i in reading["recommendations"]] == [
        ("1", "Providers should name a safeguarding lead."), ("2", "Hospitals must send discharge summaries within 48 hours.")]


def test_a_review_that_mentions_an_inquest_is_not_a_coroners_report(tmp_path):
    record = extract(tmp_path, "Safeguarding Adults Review: Mr T\n\nThe coroner's inquest raised matters of concern "
                               "about night staffing.\n\nFindings\n\n• Night staff were not trained in falls "
                               "checks.\n", "sar.txt")
    assert record["review"]["type"] == "SAR"
    assert texts(record, "findings") == ["Night staff were not trained in falls checks."]


def test_response_labels_after_each_recommendation(tmp_path):
    record = extract(tmp_path, "Board response to the review of Child S\n\nRecommendation 1\nThe board should audit "
                               "pre-birth assessments every year.\n\nBoard response: Accepted. The first audit is "
                               "being carried out.\n\nRecommendation 2\nSchools should record every missed day.\n\n"
                               "Board response: Not accepted. Schools already record attendance daily.\n", "reply2.txt")
    assert [(r["ref"], r["text"]) for r in record["recommendations"]] == [
        ("1", "The board should audit pre-birth assessments every year."), ("2", "Schools should record every missed day.")]
    assert [(m["recommendations"], m["status"]) for m in record["measures"]] == [
        (["1"], "in_progress"), (["2"], "closed_not_accepted")]
    assert record["measures"][1]["reason"] == "Schools already record attendance daily."
    assert validate_records([check_record({k: v for k, v in record.items() if k != "warnings"})]) == []


def test_a_response_label_with_only_the_stance_is_answered_by_the_paragraph_after_it(tmp_path):
    """"Response: Accepted" on its own line says the stance; what is done is the next paragraph."""
    record = extract(tmp_path, "Government response to the review of Child S\n\nRecommendation 1\n\nThe department "
                               "should publish guidance on pre-birth assessments.\n\nResponse: Accepted\n\nThe department "
                               "will publish the guidance next spring.\n\nRecommendation 2\n\nSchools should record every "
                               "missed day.\n\nResponse: Not accepted\n\nSchools already record attendance daily.\n", "reply3.txt")
    assert [(m["recommendations"], m["text"]) for m in record["measures"]] == [
        (["1"], "The department will publish the guidance next spring."),
        (["2"], "Schools already record attendance daily.")]
    assert [m["status"] for m in record["measures"]] == ["not_started", "closed_not_accepted"]


def test_a_board_response_lists_the_reviews_findings_and_the_actions_taken_under_each_answer(tmp_path):
    """A board's response quotes the review's findings as a numbered list (kept, though a response
    states none of its own), then answers each recommendation ("Response: Accepted.") and lists its
    "Actions taken:" one paragraph each: each action is a measure answering the recommendation, its
    status from its own words; "None yet. ..." under an answer is nothing done, and the response's
    closing section is no action."""
    record = extract(tmp_path, "Board response to the Safeguarding Adults Review concerning Mr V\n\n"
                               "1. The review's key findings\n\n1.1 The key findings, which the Board accepts, were:\n\n"
                               "(i) Mr V's hearing loss was not known to the agencies that visited him.\n\n"
                               "(ii) Three concerns about him were each closed without a visit.\n\n"
                               "2. Response to each recommendation\n\n"
                               "Recommendation 1: The Board should commission deaf awareness training for home care staff.\n\n"
                               "Response: Accepted.\n\nActions taken:\n\n"
                               "A deaf awareness course was commissioned and has been delivered to 80 home care staff.\n\n"
                               "A hearing loss question was added to the home care referral form in May 2024.\n\n"
                               "Recommendation 2: The council should visit before closing a third concern about a person.\n\n"
                               "Response: Accepted.\n\nActions taken:\n\n"
                               "None yet. The council will report on its triage in January.\n\n"
                               "3. Conclusion\n\n3.1 The Board will publish a progress report in the spring.\n", "response.txt")
    assert texts(record, "findings") == ["Mr V's hearing loss was not known to the agencies that visited him.",
                                         "Three concerns about him were each closed without a visit."]
    measures = [(m["recommendations"], m["text"], m["status"]) for m in record["measures"]]
    assert measures[:2] == [
        (["1"], "A deaf awareness course was commissioned and has been delivered to 80 home care staff.", "completed"),
        (["1"], "A hearing loss question was added to the home care referral form in May 2024.", "completed")]
    assert not any("progress report" in text for _, text, _ in measures)


def test_lead_in_kind_comes_from_its_last_sentence(tmp_path):
    record = extract(tmp_path, "Reviews published\n\nThe reviews share themes of neglect and drift. In addition, the "
                               "partnership will launch two campaigns in order to:\n\n"
                               "  1. Raise awareness of safe sleep with fathers.\n"
                               "  2. Promote the neglect toolkit to schools.\n")
    assert record["findings"] == []
    assert [m["status"] for m in record["measures"]] == ["not_started", "not_started"]
    assert texts(record, "measures") == ["Raise awareness of safe sleep with fathers.",
                                         "Promote the neglect toolkit to schools."]


# (rule, text, kind, the items read): one fictional text per general rule.
GENERAL_RULES = [
    ('inline_labels_and_paragraphs_without_markers',
     'Review of Ms V\n\nSummary: Ms V was 80 and lived alone after a fall.\n\nIssues identified: Carers were not '
     'told about her fall and the district nurse visited only once.\n',
     'findings', [
         'Carers were not told about her fall and the district nurse visited only once.',
     ]),
    ('inline_list_without_colon_and_sub_labels_after_a_lead_in',
     'Two reviews out today\n\nLearning was highlighted around tenancy checks; use of interpreters; and '
     'hospital discharge.\n\nThemes raised in the reviews include:\n\nAdult K:\n\n  • Carer stress\n\nAdult L:\n\n  • '
     'Fire safety at home\n',
     'findings', [
         'tenancy checks',
         'use of interpreters',
         'hospital discharge',
         'Carer stress',
         'Fire safety at home',
     ]),
    ('statements_in_one_findings_paragraph_split',
     'Review of Mrs N\n\nIssues identified\n\nThe panel identified gaps in how the two surgeries shared records. '
     'Letters went to an old address. The panel also noted that nobody asked Mrs N about her debts.\n',
     'findings', [
         'The panel identified gaps in how the two surgeries shared records. Letters went to an old address.',
         'The panel also noted that nobody asked Mrs N about her debts.',
     ]),
    ('sentences_reporting_actions_become_measures',
     'Update on the review of Adult J\n\nThe review of Adult J was published in May. Since then the council has '
     'set up a hoarding panel with the fire service. A new self-neglect protocol will be introduced in the '
     'autumn.\n',
     'measures', [
         'Since then the council has set up a hoarding panel with the fire service.',
         'A new self-neglect protocol will be introduced in the autumn.',
     ]),
    ('sentence_listing_what_a_review_identified_gives_one_finding_per_part',
     'News from the board\n\nThe board welcomed the report on Mr H, which it received in June. Among its '
     'points, the SAR identified the importance of a named keyworker, the lack of advocacy in hospital, and '
     'the need for clearer discharge plans. The boy should never have been left without a carer.\n',
     'findings', [
         'the importance of a named keyworker',
         'the lack of advocacy in hospital',
         'the need for clearer discharge plans',
         'The boy should never have been left without a carer.',
     ]),
    ('weak_reports_count_only_about_practice',
     "Court hears of boy's last months\n\nThe boy did not go to school that spring. Social workers did not see "
     'him alone on any visit. His grandmother was not living with the family.\n',
     'findings', [
         'Social workers did not see him alone on any visit.',
     ]),
    ('guidance_quoted_as_background_is_not_a_finding',
     'Bruising in babies\n\nWhat is the issue?\n\nReferrals are not made after bruising is seen on babies who '
     "cannot crawl.\n\nThere is national guidance that doctors should refer every such baby to children's "
     'social care.\n',
     'findings', [
         'Referrals are not made after bruising is seen on babies who cannot crawl.',
     ]),
    ('sentence_concluding_two_things_gives_two_findings',
     'Council statement\n\nThe review concluded that the girl should never have been sent home alone, and that '
     'staff failed to check her address. A second report found there were delays in every referral.\n',
     'findings', [
         'the girl should never have been sent home alone',
         'staff failed to check her address',
         'A second report found there were delays in every referral.',
     ]),
    ('a_sentence_asks_only_when_someone_is_asked',
     'Briefing on bruising\n\nAny bruise on a baby who cannot crawl should raise concern at once. The report '
     'says there should be a single pathway for these referrals. Health visitors must check the red book at '
     'every visit.\n',
     'recommendations', [
         'The report says there should be a single pathway for these referrals.',
         'Health visitors must check the red book at every visit.',
     ]),
]


# A library's catalogue page: a title, fields, an abstract, then the site's own furniture.
CATALOGUE_PAGE = (
    "SOURCE: https://example.org/resources/learning-from-reviews\n\n"
    "Learning from reviews: a report for the Northmoor Safeguarding Adults Board\n\n"
    "Northmoor Safeguarding Adults Board\nPublication year:\nPlace of publication:\n\n"
    "A study of 14 reviews completed in Northmoor between 2018 and 2022. The report looks at practice with adults, "
    "the work of organisations and the role of the board. The report found that mental capacity was rarely assessed "
    "when adults refused care. Organisational factors identified included high caseloads and weak supervision. The "
    "study also found that agencies seldom held a joint meeting before a case was closed. It makes several "
    "recommendations to the board, including to publish a self-neglect protocol. (Edited abstract)\n\n"
    "Subject terms:\nself-neglect, mental capacity, supervision;\nContent type:\nRegister/Log in to view this resource\n\n"
    "Key to icons\n\n  \u2022 Free resource Free resource\n  \u2022 Journal article Journal article\n  \u2022 Book Book\n\n"
    "Give us your feedback\n\nThe resource library keeps growing in response to its readers.\n")
GENERAL_RULES += [
    ('an_abstract_states_its_findings_one_by_one_and_the_site_furniture_is_none', CATALOGUE_PAGE, 'findings', [
        'The report found that mental capacity was rarely assessed when adults refused care.',
        'Organisational factors identified included high caseloads and weak supervision.',
        'The study also found that agencies seldom held a joint meeting before a case was closed.',
    ]),
    ('the_sentence_an_abstract_asks_in_is_a_recommendation_not_a_finding', CATALOGUE_PAGE, 'recommendations', [
        'It makes several recommendations to the board, including to publish a self-neglect protocol.',
    ]),
    ('a_headline_on_its_own_line_is_not_part_of_the_paragraph_under_it',
     'SOURCE: https://example.org/news/review-of-baby-m\n\n'
     'Review into the death of Baby M warns that busy wards must not lose sight of the baby in their care\n'
     'Midwives and health visitors should record who lives in the household at every contact, the review of the '
     'death of Baby M in Eastwick has found, after the man living with the family was never seen by any of them.\n'
     'Baby M was seven weeks old when she died in hospital in the spring of 2021 after an injury at home that was '
     'first said to have been an accident; her mother later told police that her partner had shaken her.\n'
     'The review, published by the Eastwick Safeguarding Children Partnership, describes the partnership between '
     'maternity and community services as strong in most respects and the care of the mother as attentive.\n',
     'recommendations', [
         'Midwives and health visitors should record who lives in the household at every contact, the review of the '
         'death of Baby M in Eastwick has found, after the man living with the family was never seen by any of them.',
     ]),
    ('two_asks_a_news_story_joins_with_says_that',
     'Review of care home published\n\nA review into the care of residents at Elmfield House was published today.\n\n'
     'The report highlights the need for regular unannounced visits by commissioners and says that the practice of '
     'locking residents in their rooms at night should end at once.\n\nThe report also calls for families to be '
     'told within a day when a resident is injured.\n',
     'recommendations', [
         'The report highlights the need for regular unannounced visits by commissioners',
         'the practice of locking residents in their rooms at night should end at once.',
         'The report also calls for families to be told within a day when a resident is injured.',
     ]),
]


@pytest.mark.parametrize("rule,text,kind,expected", GENERAL_RULES, ids=[case[0] for case in GENERAL_RULES])
def test_general_rule_reads_the_items(tmp_path, rule, text, kind, expected):
    assert texts(extract(tmp_path, text), kind) == expected


def test_contents_and_appendix_headings_open_no_sections(tmp_path):
    """A table of contents lists "Findings" and "Recommendations" before the real sections; in an appendix, a
    data source called "Learning from ..." is not a findings section."""
    record = extract(tmp_path, "Thematic review of hospital discharge\n\nContents\n\nIntroduction\n\nFindings\n\n"
                               "Recommendations\n\nAppendix A: sources\n\n"
                               "Introduction\n\nThe board asked for this review after three adults were discharged "
                               "without a plan and came to harm at home within weeks.\n\n"
                               "Findings\n\n1. Discharge letters did not reach the GP in time.\n\n"
                               "2. Nobody checked that carers knew the plan.\n\n"
                               "Recommendations\n\n1. The hospital trust should send discharge letters on the day.\n\n"
                               "2. The board should audit discharge plans each quarter.\n\n"
                               "Appendix A: sources\n\nLearning from deaths programme\n\n"
                               "1. Yearly figures on deaths after discharge, published by the national team.\n\n"
                               "2. Counts of complaints about discharge, held by each trust.\n")
    assert texts(record, "findings") == ["Discharge letters did not reach the GP in time.",
                                         "Nobody checked that carers knew the plan."]
    assert [r["ref"] for r in record["recommendations"]] == ["1", "2"]


def test_title_is_the_largest_heading_of_the_first_page_not_its_kicker(tmp_path):
    """A national report's first page: a small kicker ("Independent report") over the title set large; a
    pseudonym-like name used once in a long text ("Family Test") is not the subject."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 13)
    pdf.cell(0, 8, "Independent report", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "B", 22)
    pdf.cell(0, 12, "Review of discharge from adult wards", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    body = "Wards discharged adults to homes that were not ready for them, and carers were told late. " * 3
    for number in range(90):  # a long report (over 20,000 characters)
        pdf.multi_cell(0, 5, body + ("The Family Test was applied." if number == 3 else ""), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    path = tmp_path / "report.pdf"
    pdf.output(str(path))
    review = extract_document(path).record["review"]
    assert review["title"] == "Review of discharge from adult wards"
    assert review["subject"] != "Family Test"


def test_title_after_a_kicker_in_plain_text(tmp_path):
    record = extract(tmp_path, "Independent report\n\nGovernment response to the review of discharge from\nadult wards\n"
                               "Published 3 March 2026\n\nIntroduction\n\nThe government thanks the reviewers for "
                               "their work and sets out its response to each recommendation below.\n")
    assert record["review"]["title"] == "Government response to the review of discharge from adult wards"


def test_short_names_a_document_defines_address_its_recommendations(tmp_path):
    """"Northtown Safeguarding Children Board (NSCB) should ..." and later "NSCB must ..." both address the
    board; a data set named in brackets after a body ("CQC (ABCD)") is not its short name."""
    record = extract(tmp_path, "Serious case review: Child T\n\nRecommendations\n\n"
                               "1. Northtown Safeguarding Children Board (NSCB) should review how referrals are "
                               "screened.\n\n2. NSCB must check that records reach the school nurse.\n\n"
                               "3. Figures held by CQC (ABCD) should be shared with commissioners each year.\n")
    addressees = {r["ref"]: r.get("addressees") for r in record["recommendations"]}
    assert addressees["1"] == ["lscp"] and addressees["2"] == ["lscp"]
    assert "ABCD" not in str(record["agencies"])


def test_action_clause_after_a_clause_about_the_review_is_a_measure(tmp_path):
    record = extract(tmp_path, "Review of Child W published\n\nThe partnership has published its review of Child W "
                               "today. Several recommendations were made, and the partnership and its agencies have "
                               "continued to progress the recommendations before publication.\n")
    assert texts(record, "measures") == [
        "the partnership and its agencies have continued to progress the recommendations before publication."]


def test_action_after_and_following_a_part_about_the_review_is_a_measure(tmp_path):
    """"Recommendations were made and X have been working ..." (no comma) and "..., which X continue to
    progress" report X's action after a part about the review itself."""
    record = extract(tmp_path, "Reviews of Child V and Child Y published\n\nTwo reviews are published today. "
                               "Recommendations were made in both reviews and the partnership and its agencies have been "
                               "working to progress them since. In a further review six recommendations were made, which the "
                               "partnership and the police continue to progress.\n")
    assert texts(record, "measures") == [
        "the partnership and its agencies have been working to progress them since.",
        "the partnership and the police continue to progress."]


def test_a_meeting_held_on_the_response_is_a_measure_and_one_in_the_story_of_the_case_is_not(tmp_path):
    record = extract(tmp_path, "Child N: one year on\n\nA strategy meeting was held on the day Child N was found. "
                               "The scrutiny committee held a joint session in June to check that every agency had "
                               "answered the recommendations. A follow-up meeting of the committee took place in March "
                               "to keep oversight of progress on the action plan.\n")
    assert texts(record, "measures") == [
        "The scrutiny committee held a joint session in June to check that every agency had answered the recommendations.",
        "A follow-up meeting of the committee took place in March to keep oversight of progress on the action plan."]


def test_sentences_reporting_action_count_beside_a_list_of_measures(tmp_path):
    """A paragraph that reports planned work and then leads in a list of more gives both: the sentence and each
    thing listed."""
    record = extract(tmp_path, "Reviews published today\n\nThe reviews raised three themes. Escalation protocols "
                               "will be strengthened across the partnership this year. In addition the board will lead "
                               "campaigns in order to:\n\n1. Raise awareness of safe sleeping with every new parent.\n"
                               "2. Help staff notice hidden men in the households they visit.\n")
    assert texts(record, "measures") == [
        "Escalation protocols will be strengthened across the partnership this year.",
        "Raise awareness of safe sleeping with every new parent.",
        "Help staff notice hidden men in the households they visit."]


def test_news_story_quoting_the_report_gives_its_quoted_paragraphs(tmp_path):
    """A press report that quotes the review paragraph by paragraph ("It stated: "...") gives each quoted
    paragraph; a neighbour's quote is no finding; the story's own sentence that reports a finding still counts."""
    record = extract(tmp_path, "Review into death of Leo published\n\nThe review found that no agency had seen Leo "
                               "at home in the final year of his life.\n\nA neighbour said: \"He was a quiet boy who "
                               "waved from the window.\"\n\nIt stated: \"Leo was known to four agencies, but each saw "
                               "only part of his life.\n\n\"Referrals were closed without anyone speaking to him.\"\n\n"
                               "The family have been told of the outcome.\n")
    assert texts(record, "findings") == [
        "The review found that no agency had seen Leo at home in the final year of his life.",
        "Leo was known to four agencies, but each saw only part of his life.",
        "Referrals were closed without anyone speaking to him."]
    assert [f["provenance"]["paragraph"] for f in record["findings"]][1] == "quoted paragraph 2"


def test_reply_to_a_coroners_report_gives_the_agencys_actions_as_measures(tmp_path):
    text = PFD_TEXT.replace("The MATTERS OF CONCERN are as follows. -", "This response is provided to address your "
                            "Regulation 28 report. The MATTERS OF CONCERN are as follows. -")
    text += ("\nYourResponse:\nSince the inquest we have set up a night discharge checklist on every ward. "
             "The patient's son had already been told of the plan. We will continue to audit falls each month.\n")
    record = extract(tmp_path, text, "reply.txt")
    measures = {m["text"]: m["status"] for m in record["measures"]}
    assert measures == {"Since the inquest we have set up a night discharge checklist on every ward.": "completed",
                        "We will continue to audit falls each month.": "in_progress"}


def test_areas_a_report_examines_are_no_inline_list_of_recommendations():
    """"examines the recommendations of the reviews in three areas: a; b; and c" lists areas; a colon within
    a few words of the kind's word, or after a listing verb, leads in a list."""
    from scrgraph.extract.items import inline_items
    from scrgraph.extract.paragraphs import Para
    from scrgraph.extract.profiles import get_profile

    profile = get_profile("generic")

    def parts(text: str) -> list[str] | None:
        items = inline_items(Para(text, 0, len(text), None), "recommendations", profile)
        return None if items is None else [item.paras[0].text for item in items]

    assert parts("This paper looks at the findings and recommendations of the reviews in three areas: work with "
                 "each person; the way agencies are organised; and the oversight of the board.") is None
    assert parts("Recommendations include: audit the discharge letters; train housing staff.") == [
        "Audit the discharge letters", "Train housing staff"]
    assert parts("Key recommendations: audit the discharge letters; train housing staff.") is not None


def test_a_measure_that_leads_in_a_list_gives_one_measure_per_thing_listed(tmp_path):
    record = extract(tmp_path, "Changes since the review of Child T\n\nWhat has changed since the review\n\n"
                               "1. The recommendations were presented to the case review group of the partnership in March.\n\n"
                               "2. In Westshire the following services are now in place to support families like that of Child T:\n\n"
                               "- A single referral form for concerns about exploitation, used by every agency.\n"
                               "- A weekly meeting of police and social care to review children who go missing.\n"
                               "- A named nurse for children missing from education.\n")
    assert texts(record, "measures") == [
        "The recommendations were presented to the case review group of the partnership in March.",
        "A single referral form for concerns about exploitation, used by every agency.",
        "A weekly meeting of police and social care to review children who go missing.",
        "A named nurse for children missing from education.",
    ]
    # each thing listed is in place, as its lead-in says
    assert {entry["status"] for entry in record["measures"][1:]} == {"completed"}


def test_agencies_inside_the_subject_or_before_an_aside_are_addressed(tmp_path):
    """The subject's head names no agency but its qualifier does ("All providers of NHS-funded care
    should"), a list after "including" sits inside the subject, and a phrase set off by commas
    ("..., supported by ..., should") comes between the agencies asked and their verb; an agency
    after "to" or "for" is still only mentioned."""
    record = extract(tmp_path, "Thematic review of ward discharge\n\nRecommendations\n\n"
                               "1. All providers of NHS-funded care should publish their discharge checklists.\n\n"
                               "2. Regulators, including the CQC and professional bodies, should check that the "
                               "checklists are used.\n\n"
                               "3. NHS England, in partnership with the police and supported by patients' groups "
                               "from across the region, should set up a joint escalation route.\n\n"
                               "4. Training for GPs should cover the new checklists.\n")
    addressees = {r["ref"]: r.get("addressees") or [] for r in record["recommendations"]}
    assert "health" in addressees["1"]
    assert "inspectorates" in addressees["2"]
    assert {"nhse", "police"} <= set(addressees["3"])
    assert "gp" not in addressees["4"]


def test_work_reported_as_conducted_or_delivered_is_a_measure(tmp_path):
    record = extract(tmp_path, "Review of Child V published\n\nThe partnership has published its review of Child V "
                               "today. Since then, the police and local schools have conducted joint training on "
                               "recognising neglect.\n\nWe have delivered a new home-visit checklist to every family "
                               "with a baby.\n")
    assert texts(record, "measures") == [
        "Since then, the police and local schools have conducted joint training on recognising neglect.",
        "We have delivered a new home-visit checklist to every family with a baby."]


def test_minutes_of_planned_work_give_each_action_of_a_sentence(tmp_path):
    """Minutes report plans in the past ("a checklist would be introduced"); a sentence with an action on each
    side of its last "and" gives two measures, and "four ... were fully implemented" reports progress."""
    record = extract(tmp_path, "Minutes of the adults sub committee\n\nThe chair took the committee through the "
                               "plan for the review of Mrs P. Members heard that four of the nine recommendations were "
                               "fully implemented. There would be two practice workshops in the spring for social workers "
                               "and nurses and a new checklist would be introduced for home visits. Members asked about "
                               "funding.\n")
    assert texts(record, "measures") == [
        "Members heard that four of the nine recommendations were fully implemented.",
        "There would be two practice workshops in the spring for social workers and nurses",
        "a new checklist would be introduced for home visits."]


def test_a_learning_brief_published_is_a_measure_and_the_review_published_is_not(tmp_path):
    record = extract(tmp_path, "Review of Baby S\n\nThe review of Baby S has been published today by the partnership. "
                               "The review identified five learning points and a practice briefing has been published "
                               "with it for front-line staff.\n")
    assert texts(record, "measures") == ["a practice briefing has been published with it for front-line staff."]


def test_sentences_that_only_announce_learning_are_no_findings(tmp_path):
    """"The panel highlighted several themes, which shaped its recommendations", "our learning is set out below"
    and a report named as published say that there is learning, not what it is."""
    record = extract(tmp_path, "Learning from reviews\n\nA national charity published ‘Neglect in the early years’ "
                               "last spring, drawing on forty reviews.\n\nWe see the same themes here. Our learning is "
                               "set out below for every practitioner.\n\n"
                               "- Practitioners did not see the children at home.\n"
                               "- Records of missed health appointments were not shared with the school.\n\n"
                               "The panel for Child T highlighted several themes, which shaped its recommendations. "
                               "The review found that the family's housing was never assessed.\n")
    assert texts(record, "findings") == ["Practitioners did not see the children at home.",
                                         "Records of missed health appointments were not shared with the school.",
                                         "The review found that the family's housing was never assessed."]


def test_a_response_letter_reports_changes_commitments_and_requests_as_measures(tmp_path):
    """"has been changed since", "will also reinforce", "wrote to all partners" and "has requested" report
    action; "we will provide training and will audit records" is one commitment, not two."""
    record = extract(tmp_path, "Response to the coroner\n\nThank you for your report about Mr H. The ward's leave "
                               "form has been changed since the inquest. We will also reinforce the leave rules at every "
                               "team meeting. The director wrote to all partners last month about their own leave forms. "
                               "The trust has requested a regional review of leave by the regulator. We will provide "
                               "training to our staff each year and will audit the leave records every quarter.\n")
    assert texts(record, "measures") == [
        "The ward's leave form has been changed since the inquest.",
        "We will also reinforce the leave rules at every team meeting.",
        "The director wrote to all partners last month about their own leave forms.",
        "The trust has requested a regional review of leave by the regulator.",
        "We will provide training to our staff each year and will audit the leave records every quarter."]


def test_a_sentence_saying_what_an_update_sets_out_is_no_measure(tmp_path):
    """"This summary describes what partners have introduced" announces the measures that follow; it is none itself."""
    record = extract(tmp_path, "Child N: a statement from the partnership\n\nIn March the partnership agreed to lead "
                               "the work on the review of Child N with schools and health visitors.\nThis summary "
                               "describes what partners have introduced in the months since.\nOur progress\nWe have "
                               "introduced a shared referral form for schools and health visitors. The partnership has "
                               "held four briefings for GPs.\n")
    assert texts(record, "measures") == [
        "We have introduced a shared referral form for schools and health visitors.",
        "The partnership has held four briefings for GPs."]


def test_a_finding_that_says_what_has_been_done_since_the_review_is_a_measure(tmp_path):
    """Under a findings heading, "since then the agencies have updated ..." reports a response, not a
    lesson; a finding that names a failing stays one."""
    record = extract(tmp_path, "Domestic homicide review: Mr K\n\nWhat we found: Since the review, the police and the "
                               "housing service have updated their procedures for repeat callers.\n\n"
                               "The review found that no agency asked Mr K about his partner's threats.\n")
    assert texts(record, "measures") == ["Since the review, the police and the housing service have updated their "
                                         "procedures for repeat callers."]
    assert texts(record, "findings") == ["The review found that no agency asked Mr K about his partner's threats."]


# A web page saved as text: each paragraph one line, the longest about as long as the rest, so that
# lines as long as the longest are whole paragraphs, not lines wrapped at a width.
ONE_LINE_EACH = (
    "Ashdown Vale Safeguarding Adults Board\n"
    "Safeguarding Adults Review: Mr E\n"
    "About this review\n"
    "Mr E, 70, lived alone and turned his carers away all winter; a neighbour found him unwell at home.\n"
    "Key findings\n"
    "• No one asked Mr E why he was turning his carers away.\n"
    "• The care provider did not tell the council about the refused visits.\n"
    "• His GP did not know that he had stopped taking his tablets.\n"
    "Recommendations\n"
    "The SAB should ask the council to check that refused care visits are reported to a social worker.\n"
    "The GP practice should record when a patient who lives alone stops attending planned reviews.\n"
    "The home care provider should tell the council within a day when a client turns carers away.\n"
    "What we have done\n"
    "Since the review, we have changed the home care contract so that every refused visit is reported.\n"
    "Since the review, we have written to every GP practice about patients who live alone.\n"
    "Progress and next steps\n"
    "The board will report on the remaining action to its meeting in the spring.\n")


def test_a_page_saved_as_one_line_per_paragraph_gives_one_item_per_line(tmp_path):
    """Three asks on three lines under one heading are three paragraphs and three recommendations, not
    one paragraph wrapped over three lines."""
    from scrgraph.extract.paragraphs import build_paras
    from scrgraph.extract.profiles import get_profile
    from scrgraph.extract.readers import read_document

    record = extract(tmp_path, ONE_LINE_EACH)
    assert [text.split()[1] for text in texts(record, "recommendations")] == ["SAB", "GP", "home"]
    paras = build_paras(read_document(tmp_path / "page.txt"), get_profile("generic"))
    assert sum(1 for para in paras if para.text.startswith("The ") and "should" in para.text) == 3


def test_measures_reported_before_a_short_progress_heading_are_kept(tmp_path):
    """A short "Progress and next steps" heading after the sentences that report what was done does not
    leave its one paragraph as the only measure."""
    measures = texts(extract(tmp_path, ONE_LINE_EACH), "measures")
    assert any("changed the home care contract" in text for text in measures)
    assert any("written to every GP practice" in text for text in measures)


def test_a_seven_minute_briefing_with_numbered_headings(tmp_path):
    """"4. What professionals should do" heads the asks and "5. Questions to consider" closes them: the
    questions are neither asks nor measures."""
    record = extract(tmp_path, (
        "7 minute briefing: Baby S\n\n"
        "1. Background\nBaby S was three weeks old when she was admitted to hospital with a head injury.\n\n"
        "2. What we learned\nThe health visitor was not told that the father had left the family home.\n\n"
        "3. What has changed\nThe partnership has published a new leaflet on coping with crying.\n\n"
        "4. What professionals should do\nAsk every parent how they cope when the baby will not stop crying.\n"
        "Record who else looks after the baby, and for how long.\n\n"
        "5. Questions to consider\nWould you know who to call if a parent said they could not cope?\n"))
    assert texts(record, "recommendations") == ["Ask every parent how they cope when the baby will not stop crying.",
                                                "Record who else looks after the baby, and for how long."]
    assert not any("call if a parent" in text for text in texts(record, "measures") + texts(record, "findings"))


def test_a_recommendations_table_saved_as_text_gives_one_numbered_item_per_row(tmp_path):
    """A table's rows run together as lines with their number and no point: each row is an item with
    its number; a number that starts a line alone ("2 children ...") is no item."""
    record = extract(tmp_path, (
        "Domestic Homicide Review: Ms V\n\n"
        "Recommendations\n"
        "No. Recommendation Lead Date\n"
        "1 The police to check bail conditions with the victim before release. Police May 2026\n"
        "2 The trust to offer a private appointment at every antenatal visit. Health trust June 2026\n"
        "3 The council to fast-track housing moves made for safety. Housing July 2026\n\n"
        "Findings\n"
        "2 children lived in the home and were not seen by any agency.\n"))
    assert [(entry["ref"], entry["text"].split()[1]) for entry in record["recommendations"]] == [
        ("1", "police"), ("2", "trust"), ("3", "council")]


def test_coroners_asks_listed_under_action_should_be_taken(tmp_path):
    """A coroner who lists what should be done under "ACTION SHOULD BE TAKEN", item by item, makes
    recommendations; the concerns stay findings."""
    text = PFD_REPORT_LAYOUT.replace(
        "In my opinion action should be taken to prevent future deaths.\n",
        "In my opinion action should be taken to prevent future deaths. I ask you to consider:\n\n"
        "(a) The hospital trust should confirm care packages before any discharge after 8pm.\n\n"
        "(b) The council should give its carers read access to the ward's alerts.\n\n"
        "7 YOUR RESPONSE\n\nYou are under a duty to respond within 56 days.\n")
    record = extract(tmp_path, text, "report.txt")
    assert [f["ref"] for f in record["findings"]] == ["1", "2"]
    assert [(r["ref"], r["text"].split()[1]) for r in record["recommendations"]] == [("a", "hospital"), ("b", "council")]


def test_a_numbered_paragraph_that_leads_into_a_list_is_no_item(tmp_path):
    """"6.1 The panel found the following:" over a list: the list's entries are the findings, not one
    finding 6.1 holding them all."""
    record = extract(tmp_path, (
        "<html><body><h1>Domestic Homicide Review: Mrs W</h1>"
        "<h2>6. Lessons learned</h2><p>6.1 The panel found the following:</p><ol>"
        "<li>The carer's own needs were never assessed by any agency.</li>"
        "<li>Calls to the police about the son were closed as family arguments.</li>"
        "<li>No one asked Mrs W whether she felt safe at home.</li></ol>"
        "<h2>7. Recommendations</h2><p>7.1 The police should flag calls from parents about adult children.</p>"
        "</body></html>"), "dhr.html")
    assert [text.split()[1] for text in texts(record, "findings")] == ["carer's", "to", "one"]


def test_a_section_of_the_partners_response_gives_measures(tmp_path):
    record = extract(tmp_path, (
        "# Child Safeguarding Practice Review: Baby K\n\n## Recommendations\n\n"
        "a. The partnership should audit pre-birth plans every year.\n\n"
        "## Response of the safeguarding partners\n\n"
        "- The hospital trust has added a question about fathers to its booking form.\n"
        "- The partnership is revising its pre-birth procedure.\n"), "review.md")
    assert [text.split()[1] for text in texts(record, "measures")] == ["hospital", "partnership"]


def test_a_summary_page_with_a_table_saved_as_text_keeps_its_findings(tmp_path):
    """A page that says "executive summary" but numbers no paragraph is read by the lists it holds, and
    its one-line findings stay apart though the table's long rows end in dates, not full stops."""
    path = tmp_path / "dhr.txt"
    path.write_text(
        "Tannerby Community Safety Partnership\nDomestic Homicide Review: Ms P\nExecutive summary published May 2025\n"
        "The overview report follows the inquest.\n\n"
        "What we learned\n"
        "Ms P told a nurse about the threats on two separate visits in the spring.\n"
        "The police graded each call on its own and never read the earlier calls about him.\n"
        "No one asked Ms P in private whether she felt safe at home with him.\n\n"
        "Recommendations\nNo. Recommendation Lead Date\n"
        "1 The trust to train ward nurses in asking about abuse in private every time. Trust May 2026\n"
        "2 The police to read all earlier calls before grading the risk of a new one. Police June 2026\n"
        "3 The partnership to check that disclosures reach the police within a day. CSP July 2026\n"
        "4 The council to offer a safe place to stay to anyone leaving hospital at risk. Council 2026\n"
        "5 The board to audit the actions taken on these recommendations in a year. Board May 2027\n",
        encoding="utf-8")
    extraction = extract_document(path)
    assert extraction.profile != "executive-summary"
    assert [text.split()[1] for text in texts(extraction.record, "findings")] == ["P", "police", "one"]


def test_a_paragraph_of_actions_taken_gives_one_measure_per_action(tmp_path):
    """Under "Actions already taken", a paragraph whose every sentence reports an action gives one
    measure each ("has issued", "has started" report actions as "has introduced" does)."""
    record = extract(tmp_path, (
        "Rapid review: Baby D\n\n"
        "Findings\n\n1. The family's GP did not know that the mother had moved.\n\n"
        "Recommendations\n\n1. The trust should share changes of address with the GP within a week.\n\n"
        "Actions already taken\n\n"
        "The hospital trust has issued new guidance on changes of address to its midwives. "
        "Marlow Heath ICB has started an audit of address records in four practices.\n"))
    assert [text.split()[1] for text in texts(record, "measures")] == ["hospital", "Heath"]


def test_a_table_written_with_bars_in_plain_text(tmp_path):
    """Rows written "1 | Recommendation | Lead | RAG | Progress" in a .txt file are a table: each row's
    recommendation with its ref and lead, and its progress, when that reports what was done, a
    measure answering it ("On track" alone is none)."""
    record = extract(tmp_path, (
        "Wyndham Vale SAB: SAR Mrs H action plan update\n\n"
        "Rec | Recommendation | Lead | RAG | Progress\n"
        "1 | Review the hoarding protocol | Wyndham Vale SAB | Complete | Protocol revised and published in May 2025.\n"
        "2 | Train ambulance crews to report living conditions | Ambulance service | Green | On track\n"))
    assert [(r["ref"], r["text"], r.get("addressees")) for r in record["recommendations"]] == [
        ("1", "Review the hoarding protocol", ["sab"]), ("2", "Train ambulance crews to report living conditions", ["ambulance"])]
    assert [(m["text"], m["recommendations"], m["status"]) for m in record["measures"]] == [
        ("Protocol revised and published in May 2025.", ["1"], "completed")]


def test_statements_after_the_asks_are_no_recommendations(tmp_path):
    """Under "Recommendations", paragraphs that ask are asks; one that states something ("National
    guidance requires ...", "The Board has agreed ...") and asks nothing is not, though an ask
    opening with a verb the lexicon lacks ("Agree who leads ...") still is."""
    record = extract(tmp_path, (
        "Pennbury Safeguarding Adults Board\nSafeguarding Adults Review: Mr C\n\nKey findings\n"
        "• No one checked whether Mr C could manage his tablets alone.\n• His carers were not told of the falls.\n"
        "• The pharmacy did not know he had moved.\n• His daughter's calls were not returned.\n\n"
        "Recommendations\n"
        "The SAB should ask the council to check medicine support at every care review.\n"
        "The ICB should tell pharmacies when a patient moves into a care home.\n"
        "Agree who leads on medicines when two services visit the same person.\n"
        "The Board has agreed these recommendations and a plan will follow in the spring.\n"))
    assert [text.split()[0] + " " + text.split()[1] for text in texts(record, "recommendations")] == [
        "The SAB", "The ICB", "Agree who"]


def test_a_table_copied_with_tabs_holds_its_sections_items(tmp_path):
    """Cells separated by tabs are a table as cells between bars are; a paragraph of the story beside
    the table in its section is no recommendation."""
    record = extract(tmp_path, (
        "Quenby Safeguarding Children Partnership\nLocal review: Child V\n\nRecommendations and response\n"
        "Child V, aged 4, was found alone at home on two nights in the winter of 2024.\n\n"
        "No.\tRecommendation\tLead\tResponse\n"
        "1\tThe partnership to publish a neglect strategy.\tQuenby SCP\tStrategy published in June 2025.\n"
        "2\tSchools to record every missed day for children on a plan.\tEducation\tGuidance sent to all schools.\n"))
    assert [(r["ref"], r["text"]) for r in record["recommendations"]] == [
        ("1", "The partnership to publish a neglect strategy."), ("2", "Schools to record every missed day for children on a plan.")]
    assert [(m["text"], m["recommendations"]) for m in record["measures"]] == [
        ("Strategy published in June 2025.", ["1"]), ("Guidance sent to all schools.", ["2"])]


def test_an_update_under_each_recommendation_is_a_measure_answering_it(tmp_path):
    record = extract(tmp_path, (
        "Rookhurst SAB: SAR Mr J, update on actions\n\n"
        "Recommendation 1: The ICB should add a falls question to every medication review.\n"
        "Update: The ICB has added the question to the review template used by all practices.\n\n"
        "Recommendation 2: Adult Social Care should review how it follows up refused visits.\n"
        "Progress: A new procedure was introduced in May 2025.\n"))
    assert [(r["ref"], r["text"].split()[1]) for r in record["recommendations"]] == [("1", "ICB"), ("2", "Social")]
    assert [(m["recommendations"], m["text"].split()[1]) for m in record["measures"]] == [(["1"], "ICB"), (["2"], "new")]


def test_a_learning_briefing_whose_lettered_asks_are_followed_by_what_was_done(tmp_path):
    """"What the panel recommends" ends the lessons above it; a paragraph after the lettered asks
    that says what was done since is a measure, not the end of the last ask."""
    record = extract(tmp_path, (
        "Learning briefing: Baby L\nVarley Safeguarding Children Partnership\n\n"
        "Key learning\n"
        "Safe sleep advice reached the mother at every visit but never the grandmother who often cared for L.\n"
        "The move to a new flat was not passed on to the health visiting team for six weeks.\n\n"
        "What the panel recommends\n"
        "The panel recommends that:\n"
        "a) health visitors give safe sleep advice to everyone who cares for the baby;\n"
        "b) the partnership repeats its winter campaign.\n\n"
        "Since the review, the health visiting service has updated its checklist to ask who else looks after the baby.\n"))
    assert [text.split()[0] for text in texts(record, "findings")] == ["Safe", "The"]
    assert texts(record, "recommendations")[-1] == "the partnership repeats its winter campaign."
    assert [text.split()[4] for text in texts(record, "measures")] == ["health"]


def test_changes_listed_under_what_happens_next_are_measures(tmp_path):
    record = extract(tmp_path, (
        "<html><body><h1>Safeguarding Adults Review: Mr N</h1><h2>Recommendations</h2><ol>"
        "<li>The council should review how it follows up refused visits.</li></ol>"
        "<h2>What happens next</h2><p>Some changes have already been made:</p><ul>"
        "<li>The fire service now receives a weekly list of new concerns about fire risk.</li>"
        "<li>The recovery service has started an outreach pilot in the town centre.</li></ul>"
        "</body></html>"), "sar.html")
    assert [text.split()[1] for text in texts(record, "measures")] == ["fire", "recovery"]


def test_a_coroner_reports_what_was_done_since_the_death(tmp_path):
    """Of the coroner's own sentences, only one that reports an action taken since the death is a
    measure; the story of the case is not."""
    text = PFD_REPORT_LAYOUT.replace(
        "On 1 March 2024 I opened an investigation into the death of Peter Q.\n",
        "On 1 March 2024 I opened an investigation into the death of Peter Q.\n\n"
        "4 CIRCUMSTANCES OF THE DEATH\n\nPeter Q was discharged home on a Friday evening and carers had not been arranged. "
        "The Trust has since introduced a checklist that confirms care is in place before any discharge.\n")
    record = extract(tmp_path, text, "report.txt")
    assert texts(record, "measures") == ["The Trust has since introduced a checklist that confirms care is in place before any discharge."]


def test_one_asking_verb_with_two_asks_gives_two_recommendations(tmp_path):
    record = extract(tmp_path, (
        "Review into death of Rookhurst woman\n\n"
        "A review has found that agencies missed chances to protect a woman killed by her husband.\n\n"
        "The review recommends that the police check all earlier calls before grading a new one, and that the "
        "council's housing team train all its officers to ask about abuse.\n"))
    assert [text.split()[-1] for text in texts(record, "recommendations")] == ["one", "abuse."]
    record = extract(tmp_path, (
        "Review into death of Rookhurst boy\n\nA review found that agencies did not share what they knew.\n\n"
        "It made six recommendations, including that the council should see every child educated at home each "
        "year, and that GP practices should tell the partnership before removing a child from their list.\n"))
    assert [text.split()[-1] for text in texts(record, "recommendations")] == ["year", "list."]


def test_minutes_listing_the_actions_taken_give_one_measure_each(tmp_path):
    record = extract(tmp_path, (
        "Children's Scrutiny Committee\nMinutes of the meeting held on 3 March 2025\n\n"
        "12. RAPID REVIEW: CHILD U\n"
        "12.1 It was reported that the following actions had been taken: a protocol with the youth justice service "
        "had been signed; the exploitation panel now reviewed every missing child; and training had been given to 90 staff.\n"))
    assert len(texts(record, "measures")) == 3


def test_a_reply_that_restates_the_coroners_concerns_gives_them_as_findings(tmp_path):
    record = extract(tmp_path, (
        "Dear Coroner\n\nRESPONSE TO REGULATION 28 REPORT\n\nThank you for your report dated 3 May 2025.\n\n"
        "CONCERN 1: NIGHT CHECKS\n\nYour first concern was that night checks were not recorded on the ward.\n\n"
        "Action taken\n\nWe have introduced an electronic record of every night check.\n\n"
        "CONCERN 2: FAMILY CONTACT\n\nYour second concern was that the family were not told of the move to another ward.\n\n"
        "Action taken\n\nWe have written to every ward manager about telling families of any move.\n\nYours sincerely\n"),
        "reply.txt")
    assert [(f["ref"], f["text"].split()[1]) for f in record["findings"]] == [("1", "first"), ("2", "second")]


def test_a_paragraph_of_asks_in_prose_gives_one_recommendation_each(tmp_path):
    """A blog's paragraph under "What does it recommend?" names its asks in prose: each ask is a
    recommendation, the sentence that counts them is none, and "..., and recommends that X publish ..."
    is an ask of its own though it has no "should"."""
    record = extract(tmp_path, (
        "What the Mr W review means for families\n\nWhat does it recommend?\n"
        "The review makes six recommendations. Among them, the ICB should visit every person placed out of area "
        "at least every eight weeks. The Board also calls for the regulator to hear families before each inspection, "
        "and recommends that the hospital publish its restraint figures every quarter.\n"))
    assert [text.split()[-1] for text in texts(record, "recommendations")] == ["weeks.", "inspection", "quarter."]


def test_a_table_saved_one_cell_to_a_line_gives_its_rows_by_their_numbers(tmp_path):
    """A table copied from a web page comes out one cell to a line: a number alone on its line,
    counting up from 1, starts each row's item."""
    record = extract(tmp_path, (
        "Kittering board update\n\nRecommendations\nNo.\nRecommendation\nLead\n"
        "1\nAll agencies should use one neglect assessment tool at every step-up or step-down.\nExecutive Group\n"
        "2\nThe council should add a chronology of past involvement to every neglect assessment.\nChildren's Services\n\n"
        "Progress so far\nThe council has trained 140 practitioners in the new tool since March.\n"))
    assert [(r["ref"], r["text"].split()[1]) for r in record["recommendations"]] == [("1", "agencies"), ("2", "council")]


def test_labelled_recommendations_outside_any_section_keep_their_numbers(tmp_path):
    """A news page with no recommendations heading: "Recommendation 1 - ..." lines are the
    recommendations, with their numbers, whether they say "should" or "to ensure"."""
    record = extract(tmp_path, (
        "Partnership publishes review\n\nThe partnership has today published its review into the death of Mrs E, 71.\n\n"
        "The review found that:\n- Mrs E was seen only as her son's carer.\n- Her falls were never asked about.\n\n"
        "Recommendation 1 - Adult Social Care should ask every carer about their own safety.\n\n"
        "Recommendation 2 - Trewin ICB to ensure GP practices ask older patients about abuse.\n"))
    assert [(r["ref"], r["text"].split()[0]) for r in record["recommendations"]] == [("1", "Adult"), ("2", "Trewin")]
    assert [text.split()[1] for text in texts(record, "findings")] == ["E", "falls"]


def test_finding_headings_between_numbered_paragraphs_state_the_findings(tmp_path):
    record = extract(tmp_path, "# Overview report: Mrs Q\n\n## 4. Findings\n\n"
                               "4.1 The review found three things. Each is followed by the evidence for it.\n\n"
                               "### Finding 1: Falls at home were recorded but never counted together\n\n"
                               "4.2 The ambulance service attended six times in a year. Each call was closed on the day.\n\n"
                               "### Finding 2: Good practice\n\n"
                               "4.3 The pharmacist noticed the missed collections and rang the surgery.\n\n"
                               "### Finding 3: The carers' worries reached no one who could act on them\n\n"
                               "4.4 Two carers told their agency that Mrs Q seemed frightened of her son.\n",
                     name="report.md")
    found = record["findings"]
    assert [entry["ref"] for entry in found] == ["1", "2", "3"]
    # A stated heading is the finding's first line; one that only names its topic stays a heading.
    assert found[0]["text"].startswith("Falls at home were recorded but never counted together\n")
    assert found[1]["text"].startswith("The pharmacist noticed") and found[1]["heading"] == "Good practice"
    assert found[2]["text"].startswith("The carers' worries reached no one who could act on them\n")


def test_how_the_response_stands_is_a_measure_after_the_recommendations(tmp_path):
    record = extract(tmp_path, "Ashcombe Safeguarding Adults Board\nSafeguarding Adults Review: Mr V\n\n"
                               "Key findings\n\n• Carers saw Mr V's refusals as his choice and did not test his capacity.\n"
                               "• The pharmacy noticed the missed collections but had no one to tell.\n\n"
                               "Recommendations\n\nRecommendation 1:\nThe SAB should publish a short guide on refusals of care.\n\n"
                               "Recommendation 2:\nCommissioners should require providers to report cancelled visits.\n\n"
                               "The Board has accepted both recommendations. Its Practice Subgroup is overseeing the "
                               "action plan, and three of the five actions are now complete.\n")
    assert texts(record, "recommendations") == ["The SAB should publish a short guide on refusals of care.",
                                                "Commissioners should require providers to report cancelled visits."]
    measures = " ".join(texts(record, "measures"))
    assert "The Board has accepted both recommendations." in measures
    assert "overseeing the action plan" in measures


def test_minuted_actions_one_by_one_and_questions_left_out(tmp_path):
    record = extract(tmp_path, "Brayfield Council\nPeople Scrutiny Committee\nMinutes of the meeting held on 3 June 2025\n\n"
                               "12. SAFEGUARDING ADULTS REVIEW MS N - PROGRESS\n"
                               "12.1 The Head of Adult Services reported on progress since the review was published:\n"
                               "(a) a hoarding protocol has been set up across the three housing providers;\n"
                               "(b) every closure of a self-neglect case is now reviewed by a senior practitioner;\n"
                               "(c) the Brayfield Integrated Care Board is updating its frailty pathway.\n"
                               "12.2 A Member asked whether the fire service had accepted the recommendations.\n\n"
                               "What the partnership is doing\n\n"
                               "The partnership has asked the GP federation to audit home visits, and the hospital trust is "
                               "piloting a discharge checklist on two wards.\n")
    measures = texts(record, "measures")
    assert any(m.startswith("a hoarding protocol has been set up") for m in measures)
    assert any(m.startswith("every closure of a self-neglect case is now reviewed") for m in measures)
    assert any("is updating its frailty pathway" in m for m in measures)
    assert not any("asked whether" in m for m in measures)
    assert any(m.startswith("The partnership has asked the GP federation to audit home visits") and "checklist" not in m for m in measures)
    assert any(m.startswith("the hospital trust is piloting a discharge checklist") for m in measures)


def test_recommendations_numbered_again_under_each_agency_after_an_introduction(tmp_path):
    record = extract(tmp_path, "Tolworth Community Safety Partnership\nDomestic Homicide Review: Mrs E\n\n"
                               "5. Lessons learned\n\n5.1 No agency knew of the earlier assaults.\n\n"
                               "5.2 The GP did not ask about abuse when Mrs E attended with injuries.\n\n"
                               "6. Recommendations\n\n"
                               "6.1 The agencies made eleven recommendations of their own, and all were accepted.\n\n"
                               "Recommendations for Tolworth Police\n\n"
                               "1. Tolworth Police should check the history of an address before grading a risk.\n\n"
                               "2. Tolworth Police should train supervisors in counter-allegations.\n\n"
                               "Recommendations for Tolworth Medical Centre\n\n"
                               "1. The practice should see patients alone when abuse is suspected.\n\n"
                               "Multi-agency recommendations\n\n"
                               "MA1. The partnership should run a campaign for friends and family of victims.\n\n"
                               "MA2. The partnership should publish guidance on working with victims who drink.\n")
    recs = record["recommendations"]
    assert [r["text"] for r in recs] == [
        "Tolworth Police should check the history of an address before grading a risk.",
        "Tolworth Police should train supervisors in counter-allegations.",
        "The practice should see patients alone when abuse is suspected.",
        "The partnership should run a campaign for friends and family of victims.",
        "The partnership should publish guidance on working with victims who drink."]
    assert [r["ref"] for r in recs][0] == "1" and [r["ref"] for r in recs][-2:] == ["MA1", "MA2"]


def test_named_findings_before_a_good_practice_heading_are_kept(tmp_path):
    """Word headings "Finding 1", "Finding 2" over numbered paragraphs, then a "Good practice"
    heading: the named findings stay (the sub-heading after them does not group them away)."""
    import docx

    doc = docx.Document()
    doc.add_heading("Review: Child W", 0)
    doc.add_heading("5. Findings", 1)
    doc.add_paragraph("5.1 There are two findings and some good practice.")
    doc.add_heading("Finding 1", 2)
    doc.add_paragraph("5.2 The school did not share the exclusion with the youth offending team.")
    doc.add_heading("Finding 2", 2)
    doc.add_paragraph("5.3 Missed clinic appointments closed the referral without a call to the family.")
    doc.add_heading("Good practice", 2)
    doc.add_paragraph("5.4 The review also saw good practice.")
    doc.add_paragraph("The youth worker kept in touch with the family throughout.", style="List Bullet")
    doc.save(tmp_path / "report.docx")
    findings = extract_document(tmp_path / "report.docx").record["findings"]
    assert [(f["ref"], f["text"].split(".")[0]) for f in findings[:2]] == [
        ("1", "The school did not share the exclusion with the youth offending team"),
        ("2", "Missed clinic appointments closed the referral without a call to the family")]


def test_run_in_bold_headings_start_findings_in_a_pdf_and_actions_since_are_measures(tmp_path):
    """A PDF whose themes are paragraphs opened by a bold run-in heading ("Escalation. There was ...")
    set with no gap between them, each line as long as the one before: each is a finding (the one
    numbered paragraph above them introduces them); "Developments since ..." heads the measures, one
    for each thing done."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(0, 10, "Safeguarding Adults Review: Mr R", new_x="LMARGIN", new_y="NEXT")
    themes = [["**Capacity.** Practitioners accepted that Mr R would manage his own insulin and his own wound",
               "dressings at home, and recorded that he had capacity, without testing whether he could do so."],
              ["**Escalation.** There was no agreed route for the district nurses to challenge a decision to",
               "close a safeguarding concern, and their frustration was written only in their own case notes."],
              ["**Discharge.** The hospital discharge summary took nine days to reach the community nursing team,",
               "and in that time nobody visited Mr R at home or rang to ask how he was managing on his own."]]
    sections = [("4. Key learning themes", [["4.1 The review identified three themes, set out below with the evidence for each of",
                                              "them; several of them echo what national analyses of self-neglect reviews have found."],
                                             *themes]),
                ("5. Recommendations", [["1. The SAB should publish guidance on executive capacity."],
                                        ["2. The SAB should agree an escalation route for practitioners."]]),
                ("6. Developments since Mr R's death", [["6.1 In May 2024 the SAB published a revised self-neglect protocol. The council has appointed",
                                                         "two practice leads for self-neglect. The trust is introducing electronic discharge summaries."]])]
    for heading, paragraphs in sections:
        pdf.set_font("helvetica", "B", 13)
        pdf.cell(0, 10, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=10)
        for lines in paragraphs:
            for line in lines:
                pdf.cell(0, 5, line, markdown=True, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "sar.pdf"
    pdf.output(str(path))
    from scrgraph.extract.readers import read_document

    lines = read_document(path).lines
    opening = [k for k, line in enumerate(lines) if line.text.startswith(("Capacity.", "Escalation.", "Discharge."))]
    assert len(opening) == 3 and all(lines[k - 1].blank for k in opening)  # each run-in heading starts a paragraph
    record = extract_document(path).record
    assert [f["text"].split(".")[0] for f in record["findings"]] == ["Capacity", "Escalation", "Discharge"]
    measures = texts(record, "measures")
    assert "In May 2024 the SAB published a revised self-neglect protocol." in measures
    assert "The council has appointed two practice leads for self-neglect." in measures


def test_a_briefing_numbered_one_to_seven(tmp_path):
    """A 7-minute briefing whose numbered headings follow on ("4. What we need you to do" after a list
    under "3. What we found" is the next heading, not a fourth item of it); practitioner messages that
    open with a short imperative ("Share information.") keep it; "What the Board has done" heads the
    measures, and a line telling readers where to go for training is none."""
    record = extract(tmp_path, "Harlow Vale Safeguarding Adults Board\n\n7-MINUTE BRIEFING\n\n"
                               "Safeguarding Adults Review: Mr N\n\n1. Background\n\n"
                               "Mr N lived alone and was visited by a group of men who used his flat.\n\n"
                               "2. What we found\n\nThe review found that:\n\n"
                               "- Concerns were handled as antisocial behaviour rather than exploitation.\n"
                               "- Police intelligence about the flat was not shared with adult social care.\n\n"
                               "3. What we need you to do\n\n"
                               "- Share information. Officers should pass intelligence about cuckooing to adult social care.\n"
                               "- Do not take choice at face value. Explore whether the adult is able to refuse.\n\n"
                               "4. What the Board has done\n\n"
                               "The Board has launched an exploitation panel that meets every month.\n\n"
                               "For training on exploitation, visit the Board's pages or email training@example.org.\n")
    assert texts(record, "findings") == ["Concerns were handled as antisocial behaviour rather than exploitation.",
                                         "Police intelligence about the flat was not shared with adult social care."]
    assert texts(record, "recommendations") == [
        "Share information. Officers should pass intelligence about cuckooing to adult social care.",
        "Do not take choice at face value. Explore whether the adult is able to refuse."]
    assert texts(record, "measures") == ["The Board has launched an exploitation panel that meets every month."]


def test_a_numbered_heading_that_follows_on_ends_the_list_above_it(tmp_path):
    """"3. Over to you" after a list under "2. What we found" is the next heading (its number follows
    on), though its words name no section: the findings end there."""
    record = extract(tmp_path, "Harlow Vale Safeguarding Adults Board\n\n7-MINUTE BRIEFING\n\n1. Background\n\n"
                               "Mr N lived alone and was visited by a group of men who used his flat.\n\n"
                               "2. What we found\n\nThe review found that:\n\n"
                               "- Concerns were handled as antisocial behaviour rather than exploitation.\n"
                               "- Police intelligence about the flat was not shared with adult social care.\n\n"
                               "3. Over to you\n\n- Talk about this briefing in your next team meeting.\n")
    assert texts(record, "findings") == ["Concerns were handled as antisocial behaviour rather than exploitation.",
                                         "Police intelligence about the flat was not shared with adult social care."]


def test_an_annual_report_page_with_what_was_found_and_done_under_each_review(tmp_path):
    """A partnership's annual report: "3. Learning from reviews" with, for each review, "What the review
    found" and "What we have done" headings and bullets under each; a table of yearly figures (its
    first column headed "Measure") holds no items."""
    html = """<html><body><h1>Annual Report 2024 to 2025</h1>
    <h2>2. Our partnership</h2><table><tr><th>Measure</th><th>2023-24</th><th>2024-25</th></tr>
    <tr><td>Contacts to the front door</td><td>14,208</td><td>15,771</td></tr>
    <tr><td>Rapid reviews completed</td><td>6</td><td>9</td></tr></table>
    <h2>3. Learning from reviews</h2><p>We publish what each review taught us and what changed.</p>
    <h3>Child H (published May 2024)</h3><h4>What the review found</h4>
    <ul><li>Safer sleep advice was given to the mother but not to the father.</li>
    <li>The health visitor did not know of the father's drug use.</li></ul>
    <h4>What we have done</h4><ul><li>We launched a safer sleep campaign for fathers in June 2024.</li>
    <li>Health visitors now see both parents at the new birth visit.</li></ul>
    <h3>Child K (published January 2025)</h3><h4>What the review found</h4>
    <ul><li>School staff read Child K's withdrawal as worry about exams.</li></ul>
    <h4>What we have done</h4><ul><li>Every school has received our guide on recognising distress.</li></ul>
    <h2>4. Training</h2><p>We ran 74 courses for 2,310 practitioners.</p></body></html>"""
    record = extract(tmp_path, html, name="annual-report.html")
    assert texts(record, "findings") == ["Safer sleep advice was given to the mother but not to the father.",
                                         "The health visitor did not know of the father's drug use.",
                                         "School staff read Child K's withdrawal as worry about exams."]
    assert texts(record, "measures") == ["We launched a safer sleep campaign for fathers in June 2024.",
                                         "Health visitors now see both parents at the new birth visit.",
                                         "Every school has received our guide on recognising distress."]


def test_completed_actions_highlighted_in_minutes_are_measures(tmp_path):
    """"Among the completed actions, the Head of Service highlighted that:" leads in measures, though
    "highlighted that" also reports findings; a member's view that the council "should" do more is
    no recommendation."""
    record = extract(tmp_path, "Ravenmoor Borough Council\nPeople Scrutiny Committee\n"
                               "Minutes of the meeting held on 4 March 2025\n\n"
                               "12. CHILD S REVIEW: ACTION PLAN UPDATE\n\n"
                               "12.1 The Committee considered a report on the action plan arising from the review of Child S.\n\n"
                               "12.2 Among the completed actions, the Head of Service highlighted that:\n\n"
                               "(a) a neglect screening tool had been adopted by every agency in the partnership;\n\n"
                               "(b) a multi-agency audit of 30 neglect cases had been completed in January 2025.\n\n"
                               "12.3 Councillor Reed said that, in her view, the Council should do more to publicise "
                               "how residents can report concerns about a child.\n")
    measures = texts(record, "measures")
    assert any(m.startswith("a neglect screening tool had been adopted") for m in measures)
    assert any(m.startswith("a multi-agency audit of 30 neglect cases") for m in measures)
    assert not any("screening tool" in f for f in texts(record, "findings"))
    assert not any("in her view" in r for r in texts(record, "recommendations"))


def test_recommendations_for_the_partnership_go_to_the_partners_they_name(tmp_path):
    """Under "Recommendations for the partnership", an item naming its own doer is addressed to that
    doer alone (the partnership is the heading's audience); one naming no one goes to the partnership.
    "Immediate actions already taken" heads measures, and so does a line saying progress will be
    reported."""
    record = extract(tmp_path, "# Rapid review summary: Baby F\n\nFernbridge Safeguarding Children Partnership\n\n"
                               "## Learning points\n\n**Learning point 1:** The bruise was not seen as a sign of abuse.\n\n"
                               "**Learning point 2:** The father's history was not known to the midwife.\n\n"
                               "## Immediate actions already taken\n\n"
                               "- The GP federation has sent the bruising protocol to every practice.\n\n"
                               "## Recommendations for the partnership\n\n"
                               "- Maternity services should record who the father is at booking.\n"
                               "- Fernbridge Police should check the father's history when a pre-birth referral is made.\n"
                               "- Repeat the Think Dad campaign with a focus on young fathers.\n\n"
                               "Progress on the recommendations will be reported to the Learning Group every quarter.\n",
                     name="summary.md")
    addressed = [r.get("addressees") for r in record["recommendations"]]
    assert addressed == [["maternity"], ["police"], ["lscp"]]
    measures = texts(record, "measures")
    assert measures[0] == "The GP federation has sent the bruising protocol to every practice."
    assert any(m.startswith("Progress on the recommendations will be reported") for m in measures)


def test_a_reply_to_a_coroner_that_answers_concern_by_concern(tmp_path):
    """A trust's letter answering a Regulation 28 report concern by concern, without quoting it: its
    changes are measures, also where no agency is the sentence's subject ("A protocol was agreed ...",
    "... went live on ..."), and what its own procedure says staff "must" do is no recommendation."""
    record = extract(tmp_path, "Brookvale Mental Health NHS Trust\n\nDear Dr Hale\n\n"
                               "Re: Regulation 28 Report to Prevent Future Deaths - Mr A Dunmore\n\n"
                               "Thank you for your report dated 2 May 2024, which raised three concerns.\n\n"
                               "Concern 1: Waiting times\n\n"
                               "We have recruited four additional liaison nurses, all in post by 1 July 2024.\n\n"
                               "Concern 2: Responsibility while waiting\n\n"
                               "A joint protocol was agreed by both trusts on 15 July 2024. Under it the liaison nurse "
                               "must contact the police within 30 minutes when a patient leaves.\n\n"
                               "Concern 3: Access to records\n\n"
                               "Read-only access to our records for emergency department nurses went live on 5 August 2024.\n\n"
                               "Yours sincerely\n")
    measures = texts(record, "measures")
    assert "We have recruited four additional liaison nurses, all in post by 1 July 2024." in measures
    assert "A joint protocol was agreed by both trusts on 15 July 2024." in measures
    assert "Read-only access to our records for emergency department nurses went live on 5 August 2024." in measures
    assert not record.get("recommendations")


def test_a_reply_to_a_coroner_reports_posts_created_routes_now_used_and_joint_agreements(tmp_path):
    """In a reply that answers the concerns without quoting them, a post that "has been created", a route
    that referrals "are now made" through and two bodies that "have agreed to" act are measures; the
    letter's courtesy about itself ("I hope this letter assures you that the Trust has ...") is none."""
    record = extract(tmp_path, "Ashwell Vale NHS Foundation Trust\n\nDear Mr Corran\n\n"
                               "Re: Regulation 28 Report to Prevent Future Deaths - Miss B Tolland\n\n"
                               "Thank you for your report of 4 March 2024.\n\n"
                               "Concern 1: Handover at eighteen\n\n"
                               "A named handover lead post has been created in the eating disorder service.\n\n"
                               "Concern 2: Lost referrals\n\n"
                               "Referrals to the adult team are now made through the shared electronic record.\n\n"
                               "Concern 3: Care leavers\n\n"
                               "The Trust and Ashwell County Council have agreed to write a joint pathway for care leavers.\n\n"
                               "I hope this letter assures you that the Trust has taken every concern seriously.\n\n"
                               "Yours sincerely\n")
    assert texts(record, "measures") == [
        "A named handover lead post has been created in the eating disorder service.",
        "Referrals to the adult team are now made through the shared electronic record.",
        "The Trust and Ashwell County Council have agreed to write a joint pathway for care leavers."]


def test_a_list_led_in_by_changes_made_gives_measures(tmp_path):
    """A news release whose quoted council leader says "we have made a number of changes:" before a
    bulleted list: each bullet is a measure, though no heading names the section."""
    record = extract(tmp_path, "<html><body><h1>Review into the death of Child P published</h1>"
                               "<p>The Dunholt Safeguarding Children Partnership has published its review into the death of Child P.</p>"
                               "<h2>Council statement</h2>"
                               "<p>Councillor Ruth Amble said: \u201cWe accept the review in full. Since Child P's death we have "
                               "made a number of changes:</p>"
                               "<ul><li>a named nurse now attends every strategy meeting about a baby</li>"
                               "<li>we have trained 95 duty workers in assessing fathers</li>"
                               "<li>every referral from the hospital is now screened by a senior practitioner</li></ul>"
                               "</body></html>", name="news.html")
    assert texts(record, "measures") == ["a named nurse now attends every strategy meeting about a baby",
                                         "we have trained 95 duty workers in assessing fathers",
                                         "every referral from the hospital is now screened by a senior practitioner"]


def test_a_welsh_practice_review_its_learning_its_actions_and_what_was_already_done(tmp_path):
    """A child practice review in the Welsh layout: "Practice and organisational learning" holds the
    findings under sub-headings, "Improving Systems and Practice" the recommendations as bullets, and
    bullets after "Some learning has already been acted on ...:" are measures, not recommendations;
    the reviewer's statement and the Board's form are no items."""
    record = extract(tmp_path, "Glanmor Regional Safeguarding Board\n\nChild Practice Review\n\nRe: GRSB 1/2023 - Child T\n\n"
                               "Practice and organisational learning\n\n"
                               "Who cared for Child T?\n\n"
                               "Nobody asked who looked after T when his mother worked nights, so the babysitter was never known.\n\n"
                               "What worked well\n\n"
                               "The school nurse shared her worries about T's weight on the day she saw him.\n\n"
                               "Improving Systems and Practice\n\n"
                               "The review identified the following actions for the Board and its member agencies:\n\n"
                               "\u2022 The Board should ask Glanmor Police to check how it records informal carers.\n"
                               "\u2022 The Board should remind agencies to ask who else cares for a child.\n\n"
                               "Some learning has already been acted on by agencies while the review was in progress:\n\n"
                               "\u2022 Glanmor County Council added a carers question to its referral form in May 2023.\n\n"
                               "Statement by Reviewer(s)\n\n"
                               "I confirm that I have had no involvement with T or his family.\n")
    assert texts(record, "findings") == [
        "Nobody asked who looked after T when his mother worked nights, so the babysitter was never known.",
        "The school nurse shared her worries about T's weight on the day she saw him."]
    assert texts(record, "recommendations") == ["The Board should ask Glanmor Police to check how it records informal carers.",
                                                "The Board should remind agencies to ask who else cares for a child."]
    assert record["recommendations"][0]["addressees"][0] == "lscp"  # the regional safeguarding board
    assert texts(record, "measures") == ["Glanmor County Council added a carers question to its referral form in May 2023."]


FIXED_WIDTH_LOG = (
    "Ref   Action                                        Lead          Status\n"
    "----  --------------------------------------------  ------------  ---------\n"
    "R1.1  Strategy relaunched at the partnership        Partnership   Complete\n"
    "      conference in May (150 attendees)\n"
    "R2.1  Dental service procedure revised              ICB           On track\n"
)


def test_an_action_log_in_fixed_width_columns_gives_a_measure_a_row(tmp_path):
    """An email pastes its action log as columns padded with spaces under a ruler of dashes: each row is
    one measure, its action cell wrapped onto the next line read whole; a meeting's list of tasks with no
    column on how any stands ("Item | Action | Owner | By") gives none."""
    record = extract(tmp_path, "From: Business Manager\nSubject: Child Q action log\n\nDear colleagues,\n\n"
                               "Here is the position on the Child Q action plan.\n\n" + FIXED_WIDTH_LOG + "\nKind regards\n")
    assert texts(record, "measures") == ["Strategy relaunched at the partnership conference in May (150 attendees)",
                                         "Dental service procedure revised"]
    tasks = ("ACTION LOG\n\nItem  Action                              Owner             By\n"
             "----  ----------------------------------  ----------------  ----------\n"
             "3     Circulate the budget to members     Business Manager  29/09/2023\n"
             "4     Book the room for the next meeting  Business Manager  31/10/2023\n")
    assert not extract(tmp_path, "Minutes of the Board\n\n1. Budget\n\nThe Board noted the budget.\n\n" + tasks).get("measures")


def test_changes_since_the_death_among_the_lessons_are_measures_and_a_running_footer_is_nothing(tmp_path):
    """A DHR's lessons end with a paragraph of what agencies have changed since the death: one measure
    for each change, not a finding; a page's running footer saved into the text ("... | Page 9 of 11")
    is no item."""
    record = extract(tmp_path, "Tolworth Community Safety Partnership\nDomestic Homicide Review: Mrs E\n"
                               "Executive Summary\n\n5. Lessons learned\n\n"
                               "5.1 The risk assessments relied on what Mrs E said on the night and ignored earlier call-outs.\n\n"
                               "5.2 The GP did not see Mrs E alone although her partner came to every appointment.\n\n"
                               "Tolworth CSP | DHR Mrs E | Executive Summary | OFFICIAL | Page 9 of 11\n\n"
                               "5.3 Some changes have already been made since Mrs E's death. Tolworth Police has introduced a "
                               "repeat-victim flag for addresses with three incidents. The hospital trust has opened a private "
                               "room for routine enquiry. The panel welcomes these changes.\n\n"
                               "6. Recommendations\n\n6.1 Tolworth Police should train supervisors in counter-allegations.\n")
    assert [f["ref"] for f in record["findings"]] == ["5.1", "5.2"]
    assert texts(record, "measures") == ["Tolworth Police has introduced a repeat-victim flag for addresses with three incidents.",
                                         "The hospital trust has opened a private room for routine enquiry."]


def test_word_tables_of_what_went_wrong_and_of_actions_already_taken(tmp_path):
    """A briefing's table "What went wrong | What needs to change" gives a finding and a recommendation
    for each row; a report's table of recommendations with "Evidence of implementation" reports a
    measure answering each; a table "Agency | Action already taken" under a heading no section names
    gives the agencies' measures."""
    import docx

    doc = docx.Document()
    doc.add_heading("Learning from the review of Child P", 0)
    doc.add_heading("Key learning", 1)
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "What went wrong", "What needs to change"
    for wrong, change in (("Nursery absences were not shared with the health visitor.",
                           "Early years settings should share a fall in attendance within a week."),
                          ("The plan listed tasks for the mother but no outcomes for the child.",
                           "Plans must say what will change for the child and by when.")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = wrong, change
    doc.add_heading("Recommendations", 1)
    table = doc.add_table(rows=1, cols=3)
    for cell, title in zip(table.rows[0].cells, ("Recommendation", "Agency", "Evidence of implementation"), strict=True):
        cell.text = title
    cells = table.add_row().cells
    cells[0].text, cells[1].text = "1. The Board should relaunch its neglect protocol.", "Safeguarding Partnership"
    cells[2].text = "Protocol relaunched in March with nine briefings for staff."
    doc.add_heading("Single-agency learning", 1)
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Agency", "Action already taken"
    cells = table.add_row().cells
    cells[0].text, cells[1].text = "Northtown Police", "Added a repeat-caller flag to the control room system."
    doc.save(tmp_path / "briefing.docx")
    record = extract_document(tmp_path / "briefing.docx").record
    assert texts(record, "findings") == ["Nursery absences were not shared with the health visitor.",
                                         "The plan listed tasks for the mother but no outcomes for the child."]
    assert texts(record, "recommendations")[:2] == ["Early years settings should share a fall in attendance within a week.",
                                                    "Plans must say what will change for the child and by when."]
    measures = texts(record, "measures")
    assert "Protocol relaunched in March with nine briefings for staff." in measures
    assert "Added a repeat-caller flag to the control room system." in measures


def test_each_agencys_lessons_in_an_accordion(tmp_path):
    """A DHR page whose lessons sit in one accordion per agency (<details>, its <summary> the agency's
    name): every numbered lesson is a finding of its own, not one per agency."""
    html = """<html><body><h1>Domestic Homicide Review: Mrs W</h1><h2>7. Lessons to be learned</h2>
    <p>The lessons each agency identified are set out below.</p>
    <details><summary>Tolworth Police</summary><p>7.1 Officers treated each call to the address as a separate incident.</p>
    <p>7.2 The force did not see abuse by an adult son as domestic abuse.</p></details>
    <details><summary>Tolworth Homes</summary><p>7.3 Housing officers did not link the neighbours' reports of shouting to abuse.</p></details>
    <h2>8. Recommendations</h2><ol><li>Tolworth Police should train officers on abuse by adult children.</li></ol>
    </body></html>"""
    record = extract(tmp_path, html, name="dhr.html")
    assert [f["ref"] for f in record["findings"]] == ["7.1", "7.2", "7.3"]


def test_a_coroners_concerns_lettered_inside_one_wrapped_paragraph(tmp_path):
    """Concerns written as one paragraph, hard-wrapped, with "(a) ...; (b) ...; and (c) ..." inside it
    (their text in lower case after the first): one finding each, not one a line."""
    record = extract(tmp_path, "REGULATION 28: REPORT TO PREVENT FUTURE DEATHS\n\n"
                               "1  CORONER\nI am Anne Blake, assistant coroner for the area of Harlow Vale.\n\n"
                               "5  CORONER'S CONCERNS\n\nWhat I heard at the inquest leaves me worried about the care of others. The\n"
                               "matters of concern are as follows: (a) Mr D was discharged from the ward before the community\n"
                               "team had accepted the referral, so that for five weeks nobody was responsible for his care; (b) the\n"
                               "referral was sent to an inbox that was not monitored during staff absence; and (c) the care plan\n"
                               "made no reference to his history of self-harm.\n\n"
                               "6  ACTION SHOULD BE TAKEN\n\nIn my opinion action should be taken to prevent future deaths.\n")
    assert [(f["ref"], f["text"].split()[0]) for f in record["findings"]] == [("a", "Mr"), ("b", "the"), ("c", "the")]


def test_actions_a_board_agreed_and_a_table_cell_that_reports_nothing_done(tmp_path):
    """Minutes in which the Board agreed that named officers "will lead", "will revise" and "will
    arrange" work: measures planned; in a table of recommendations, an implementation cell saying
    "Not yet started - ..." reports no measure."""
    record = extract(tmp_path, "Harlow Vale Safeguarding Adults Board\nMinutes of the Board meeting, 5 December 2023\n\n"
                               "4. SAFEGUARDING ADULTS REVIEW: MRS K\n\n"
                               "4.1 The independent reviewer presented the findings:\n"
                               "1. Pressure ulcers were graded differently by the care home and the district nurses.\n"
                               "2. The hospital discharge letter did not mention the grade 3 ulcer.\n\n"
                               "4.2 The Board AGREED:\n"
                               "(a) that the Designated Nurse will lead work to introduce a single grading tool in care homes;\n"
                               "(b) that the Head of Commissioning will revise the care home monitoring framework by March;\n"
                               "(c) that the Business Manager will arrange two practitioner learning events in early 2024.\n")
    measures = texts(record, "measures")
    assert any("will lead work to introduce a single grading tool" in m for m in measures)
    assert any("will arrange two practitioner learning events" in m for m in measures)
    rows = [Para("Recommendation | Agency | Evidence of implementation", 0, 1, None, "row"),
            Para("1. The Board should relaunch its protocol. | Board | Not yet started - to be discussed in June.", 2, 3, None, "row")]
    rows[0].cells = ("Recommendation", "Agency", "Evidence of implementation")
    rows[1].cells = ("1. The Board should relaunch its protocol.", "Board", "Not yet started - to be discussed in June.")
    items, _ = table_items(rows, "recommendations", get_profile("generic"))
    assert [item.kind for item in items] == ["recommendations"]


def test_a_learning_summary_saved_from_slides_as_a_pdf(tmp_path):
    """Slides saved as a PDF, one a page: each slide's title is a heading though the last bullet of the
    slide before runs long and has no full stop (it was read as going on into the title); "What we are
    asking you to do" asks, "Questions to think about" holds no items, and bullets that open with their
    own refs ("R1 ...") take them."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    slides = [("What we found", ["- Nobody asked the older carer whether she could still manage at home alone",
                                 "- The missed annual health checks for the man were never followed up by anyone"]),
              ("What we are asking you to do", ["- GP practices: follow up every missed annual health check",
                                                "- Hospital staff: ask every patient who depends on them at home"]),
              ("Recommendations to the Board", ["- R1 The Board to seek assurance that carers are offered assessments",
                                                "- R2 Hollowmere ICB to report on annual health checks by practice"]),
              ("Questions to think about", ["- Who on your caseload relies on one older carer?",
                                            "- What would happen tomorrow if that carer went into hospital?"])]
    for title, bullets in slides:
        pdf.add_page()
        pdf.set_font("helvetica", "B", 28)
        pdf.cell(0, 16, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=16)
        for bullet in bullets:
            pdf.cell(0, 10, bullet, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "slides.pdf"
    pdf.output(str(path))
    record = extract_document(path).record
    assert texts(record, "findings") == ["Nobody asked the older carer whether she could still manage at home alone",
                                         "The missed annual health checks for the man were never followed up by anyone"]
    asked = {r["ref"]: r["text"] for r in record["recommendations"]}
    assert asked["R1"] == "The Board to seek assurance that carers are offered assessments"
    assert asked["R2"] == "Hollowmere ICB to report on annual health checks by practice"
    assert "GP practices: follow up every missed annual health check" in asked.values()
    assert not any("caseload" in m["text"] for m in record.get("measures") or [])


def test_single_agency_recommendations_numbered_by_agency_under_their_agencies(tmp_path):
    """A DHR lists each agency's own recommendations with the agency's numbering ("Police 1:", "GP 2:")
    under the agency's name, one with a note in brackets ("The Elms Surgery (through the ICB)"): each
    is a recommendation with that ref, addressed to the agency over it when its text names none."""
    record = extract(tmp_path, "Domestic Homicide Review: Ms N\n\n9. Recommendations\n\n"
                               "9.2 Single agency recommendations\n\nBrookfield Police\n\n"
                               "Police 1: Brookfield Police should brief response officers on raising a DASH risk level.\n\n"
                               "Police 2: Brookfield Police should audit medium-risk DASH assessments.\n\n"
                               "The Elms Surgery (through Brookfield ICB)\n\n"
                               "GP 1: Clinicians to be reminded to ask about domestic abuse at every review.\n\n"
                               "10. The family's views\n\nThe family support the recommendations.\n", "dhr.txt")
    got = {r["ref"]: r for r in record["recommendations"]}
    assert list(got) == ["Police 1", "Police 2", "GP 1"]
    assert got["GP 1"]["text"] == "Clinicians to be reminded to ask about domestic abuse at every review."
    assert got["GP 1"]["addressees"] == ["gp"] and got["Police 2"]["addressees"] == ["police"]


def test_numbered_points_under_a_markdown_list_item_and_the_asks_among_them(tmp_path):
    """An intranet page in Markdown numbers its points 1.1, 1.2 under list items that are only titles
    ("1. **Maternity care**"): each point is an item of its own (Markdown does not count "1.1" as a list
    marker), the titles are headings, and under a heading that names what the review asks ("What the
    review found and what it asks of us") a point that asks someone to act is a recommendation."""
    record = extract(tmp_path, "# Learning from the review of Ms K\n\n## What the review found and what it asks of us\n\n"
                               "1. **Maternity care**\n"
                               "   1.1 Ms K was never seen without her husband at any antenatal contact.\n"
                               "   1.2 Maternity services should see every pregnant woman alone at least once a trimester.\n\n"
                               "2. **The emergency department**\n"
                               "   2.1 Ms K was not asked about domestic abuse at any of her three attendances.\n", "page.md")
    assert [(f["ref"], f["text"]) for f in record["findings"]] == [
        ("1.1", "Ms K was never seen without her husband at any antenatal contact."),
        ("2.1", "Ms K was not asked about domestic abuse at any of her three attendances.")]
    assert [(r["ref"], r["text"]) for r in record["recommendations"]] == [
        ("1.2", "Maternity services should see every pregnant woman alone at least once a trimester.")]


def test_findings_labelled_inside_paragraphs_of_analysis_and_a_change_made_since(tmp_path):
    """An older SCR labels its findings inside long paragraphs of analysis ("... Finding 2 — The school
    did not ..."), two in one paragraph: each labelled sentence is a finding with its number, the
    analysis around them none; a sentence there saying what an agency "has since" done is a measure."""
    record = extract(tmp_path, "Serious Case Review: Child W\n\n5. Analysis and findings\n\n"
                               "5.1 This section sets out the findings.\n\n"
                               "5.2 The nursery saw W most days. Finding 1 — The nursery's concerns about W's weight were "
                               "never shared with the health visitor. The drug service has since introduced a home safety "
                               "check for every parent. Finding 2 — The school did not ask why W's brother was often late.\n\n"
                               "5.3 The GP knew both parents. Finding 3 — Nobody asked the father about his own drug use.\n\n"
                               "6. Recommendations\n\nRecommendation 1\n\nThe LSCB should audit information sharing between nurseries "
                               "and health visitors.\n\nRecommendation 2\n\nThe drug service should tell the GP when a parent's "
                               "doses change.\n", "scr.txt")
    assert [(f["ref"], f["text"]) for f in record["findings"]] == [
        ("1", "The nursery's concerns about W's weight were never shared with the health visitor."),
        ("2", "The school did not ask why W's brother was often late."),
        ("3", "Nobody asked the father about his own drug use.")]
    assert "The drug service has since introduced a home safety check for every parent." in texts(record, "measures")
    assert [(r["ref"], r["text"]) for r in record["recommendations"]] == [
        ("1", "The LSCB should audit information sharing between nurseries and health visitors."),
        ("2", "The drug service should tell the GP when a parent's doses change.")]


def test_a_question_among_the_recommendations_asks_nobody_to_act(tmp_path):
    """A question in a list of recommendations ("How will the Board know that practice has changed?", or
    the terms of reference's questions) is no recommendation."""
    record = extract(tmp_path, "Review of Child W\n\nRecommendations\n\n"
                               "1. The LSCB should audit information sharing between nurseries and health visitors.\n"
                               "2. The drug service should tell the GP when a parent's doses change.\n"
                               "3. How will the Board know that practice has changed?\n")
    assert [r["ref"] for r in record["recommendations"]] == ["1", "2"]


def test_findings_in_a_definition_list_each_under_its_term(tmp_path):
    """A web page sets its findings out as a definition list: each term (<dt>) is the finding's heading and
    its description (<dd>) the finding, one each (they were read as one run of paragraphs)."""
    record = extract(tmp_path, "<html><body><h1>Child M: what the review found</h1><h2>What the review found</h2><dl>"
                               "<dt>Missing episodes were handled one at a time</dt>"
                               "<dd>M was reported missing twelve times, and each episode was handled on its own.</dd>"
                               "<dt>His mother was not listened to</dt>"
                               "<dd>M's mother named the adults exploiting him, but this was not passed to the police.</dd>"
                               "</dl></body></html>", "page.html")
    assert texts(record, "findings") == [
        "M was reported missing twelve times, and each episode was handled on its own.",
        "M's mother named the adults exploiting him, but this was not passed to the police."]


def test_an_emails_headers_and_a_members_own_view_are_no_items(tmp_path):
    """An email update pasted as text: its header lines ("Subject: ...") are no finding, and a reader's
    own view in the quoted reply ("I think we should ask the chief nurse to attend") asks nobody."""
    record = extract(tmp_path, "From: Business Manager\nSent: 03 March 2025 16:40\nTo: Partnership Executive\n"
                               "Subject: RE: Child Q learning and the ICB actions\n\n"
                               "The review found that:\n\n"
                               "  - The children's neglect was seen by several agencies but never added up.\n"
                               "  - The mother's learning needs were never identified.\n\n"
                               "-----Original Message-----\nFrom: Independent Chair\n\n"
                               "If the ICB actions are still open I think we should ask the chief nurse to attend in person.\n",
                     "email.txt")
    assert texts(record, "findings") == ["The children's neglect was seen by several agencies but never added up.",
                                         "The mother's learning needs were never identified."]
    assert not record.get("recommendations")


def test_what_we_have_done_since_the_review_and_a_pages_attachments(tmp_path):
    """Under a page titled "Learning from ...", a sub-heading "What we have done since the review" holds
    measures (not findings too), and the "Attachments" listed at the end are no items."""
    record = extract(tmp_path, "# Learning from the review of Ms K\n\n## What the review found\n\n"
                               "- Ms K was never seen without her husband at any antenatal contact.\n\n"
                               "## What we have done since the review\n\n"
                               "- A seen-alone prompt has been added to every antenatal contact.\n"
                               "- 420 midwives have completed level 3 domestic abuse training.\n\n"
                               "## Attachments\n\n- Ms-K-overview-report.pdf (1.1 MB)\n- Ms-K-briefing.pdf (300 KB)\n", "page.md")
    assert texts(record, "findings") == ["Ms K was never seen without her husband at any antenatal contact."]
    assert texts(record, "measures") == ["A seen-alone prompt has been added to every antenatal contact.",
                                         "420 midwives have completed level 3 domestic abuse training."]


def test_a_table_a_review_whose_cells_list_several_points(tmp_path):
    """A digest in Word gives each review a table "Review | Key learning | Recommendations | What changed"
    whose cells hold several paragraphs: each paragraph of a cell is an item of its own (the cell had been
    one item), the key learning findings, what changed measures."""
    import docx

    doc = docx.Document()
    doc.add_heading("Learning from Reviews: Digest 2024", 0)
    doc.add_heading("1. Child R", 1)
    table = doc.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ("Review", "Key learning", "Recommendations", "What changed"), strict=True):
        cell.text = text
    review, learning, asked, changed = table.rows[1].cells
    review.text = "Child R, aged 2"
    learning.text = "The partner living in the home was never asked about his history."
    learning.add_paragraph("Missed health appointments were closed without a call to the family.")
    asked.text = "1. The Partnership should revise its guidance on adults in the household."
    asked.add_paragraph("2. GP practices should follow up every missed appointment of a child under two.")
    changed.text = "The guidance on adults in the household was revised in March 2024."
    changed.add_paragraph("A missed appointment flag has been added to every GP system.")
    doc.save(tmp_path / "digest.docx")
    record = extract_document(tmp_path / "digest.docx").record
    assert texts(record, "findings") == ["The partner living in the home was never asked about his history.",
                                         "Missed health appointments were closed without a call to the family."]
    assert [(r["ref"], r["text"]) for r in record["recommendations"]] == [
        ("1", "The Partnership should revise its guidance on adults in the household."),
        ("2", "GP practices should follow up every missed appointment of a child under two.")]
    assert texts(record, "measures") == ["The guidance on adults in the household was revised in March 2024.",
                                         "A missed appointment flag has been added to every GP system."]


def test_an_agencys_plan_in_blocks_what_we_will_do_and_by_when(tmp_path):
    """A single-agency plan sets each recommendation out in blocks: "SAR Recommendation 3", then
    "Recommendation:", "Our response:", "What we will do:" with a paragraph for each action and "By
    when:". The actions are measures (not recommendations), the "By when:" line is none."""
    record = extract(tmp_path, "Single agency action plan: Safeguarding Adults Review \"Mr B\"\n\n"
                               "1. What the SAR found about health services\n\n"
                               "Mr B's annual health check was not completed in the two years before his death.\n\n"
                               "The practice coded Mr B as 'did not attend' five times without any follow-up.\n\n"
                               "2. Our response to the recommendations\n\n"
                               "SAR Recommendation 3\n\nRecommendation: The ICB should ensure that every GP practice has a "
                               "policy for following up adults who do not attend.\n\n"
                               "Our response: Accepted.\n\nWhat we will do:\n\n"
                               "Publish a model policy for adults who do not attend, for adoption by all practices.\n\n"
                               "Ask every practice to confirm adoption in its annual self-assessment.\n\n"
                               "By when: September 2024\n\n"
                               "SAR Recommendation 4\n\nRecommendation: The ICB should offer easy read invitations to annual "
                               "health checks.\n\nOur response: Accepted.\n\nWhat we will do:\n\n"
                               "Provide easy read invitation letters and a telephone script to every practice.\n\n"
                               "By when: December 2024\n", "plan.txt")
    assert texts(record, "recommendations") == [
        "The ICB should ensure that every GP practice has a policy for following up adults who do not attend.",
        "The ICB should offer easy read invitations to annual health checks."]
    assert texts(record, "measures") == [
        "Publish a model policy for adults who do not attend, for adoption by all practices.",
        "Ask every practice to confirm adoption in its annual self-assessment.",
        "Provide easy read invitation letters and a telephone script to every practice."]


def test_an_agencys_plan_in_word_under_review_recommendation_headings(tmp_path):
    """The same plan in Word, each block under a heading "SAR Recommendation 3": the recommendation is the
    "Recommendation:" paragraph under it (not the answers or actions after it), and what the agency will do
    are measures."""
    import docx

    doc = docx.Document()
    doc.add_heading('Single agency action plan: Safeguarding Adults Review "Mr B"', 0)
    doc.add_heading("2. Our response to the recommendations", 1)
    for number, asked, actions in [
            (3, "The ICB should ensure that every GP practice has a policy for following up adults who do not attend.",
             ["Publish a model policy for adults who do not attend, for adoption by all practices.",
              "Ask every practice to confirm adoption in its annual self-assessment."]),
            (4, "The ICB should offer easy read invitations to annual health checks.",
             ["Provide easy read invitation letters and a telephone script to every practice."])]:
        doc.add_heading(f"SAR Recommendation {number}", 2)
        doc.add_paragraph("Recommendation: " + asked)
        doc.add_paragraph("Our response: Accepted. We agree with the recommendation.")
        doc.add_paragraph("What we will do:")
        for action in actions:
            doc.add_paragraph(action)
        doc.add_paragraph("By when: December 2024")
        doc.add_paragraph("Progress so far: A draft has been shared with the practices.")
    doc.save(tmp_path / "plan.docx")
    record = extract_document(tmp_path / "plan.docx").record
    asked = texts(record, "recommendations")
    assert "The ICB should ensure that every GP practice has a policy for following up adults who do not attend." in asked
    assert "The ICB should offer easy read invitations to annual health checks." in asked
    assert not any(text.startswith(("Publish", "Ask every", "Provide", "Our response", "Progress")) for text in asked)
    assert texts(record, "measures") == ["Publish a model policy for adults who do not attend, for adoption by all practices.",
                                         "Ask every practice to confirm adoption in its annual self-assessment.",
                                         "Provide easy read invitation letters and a telephone script to every practice."]


def test_a_letters_sign_off_and_a_rule_of_dashes_are_no_measures(tmp_path):
    """A letter that ends its list of changes with its sign-off ("Yours sincerely,", "On behalf of the
    Board") and a line of dashes: neither is a measure."""
    record = extract(tmp_path, "Dear Chair\n\nReview of Child H: our progress\n\nWhat has changed since the review:\n\n"
                               "The Trust introduced a safe sleep checklist in March 2024.\n\n"
                               "The council has appointed two neglect practice leads.\n\n"
                               "Yours sincerely,\n\nOn behalf of the Board\n\n--------------------------------\n", "letter.txt")
    assert texts(record, "measures") == ["The Trust introduced a safe sleep checklist in March 2024.",
                                         "The council has appointed two neglect practice leads."]

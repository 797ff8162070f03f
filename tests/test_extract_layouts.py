"""Each layout family, with fictional documents: the right items, refs, addressees, measures and details."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrgraph.errors import ScrgraphError
from scrgraph.extract import extract_document
from scrgraph.extract.profiles import load_profiles
from scrgraph.record import check_record
from scrgraph.shacl import validate_records

DOCUMENTS = Path(__file__).resolve().parent.parent / "examples" / "documents"


def recs(extraction) -> dict[str, dict]:
    return {r["ref"]: r for r in extraction.record["recommendations"]}


def valid(extraction) -> None:
    record = check_record({k: v for k, v in extraction.record.items() if k != "warnings"})
    assert validate_records([record]) == []


def test_every_profile_compiles_and_extends_generic():
    profiles = load_profiles()
    assert {"generic", "executive-summary", "learning-briefing", "numbered-lists", "recommendations-table",
            "inline-list"} <= set(profiles)
    for profile in profiles.values():
        for path in ("sections.findings", "sections.recommendations", "sections.measures", "sections.other", "intro"):
            assert profile.patterns(path)
        assert profile.pattern("addressees.subject_verbs") is not None


# ---------------------------------------------------------------------------------------------
# Executive summaries with numbered paragraphs


def test_executive_summary_numbers_apart_stacked_and_agency_headings():
    extraction = extract_document(DOCUMENTS / "northtown-baby-a.txt")
    assert extraction.profile == "executive-summary"
    got = recs(extraction)
    assert list(got) == ["4.1", "4.2", "4.3", "4.4"]
    assert got["4.1"]["addressees"] == ["lscp"]
    assert got["4.2"]["text"].startswith("Children's social care must make sure")
    assert got["4.3"]["text"].startswith("Assessments of babies' safety")          # the second stacked number
    assert "la_csc" in got["4.3"]["addressees"]                                  # from the agency sub-heading
    assert got["4.4"]["addressees"] == ["police"]
    assert any("4.2, 4.3 stand together" in w for w in extraction.warnings)
    findings = extraction.record["findings"]
    assert [(f["ref"], f["heading"]) for f in findings] == [
        ("3.2-3.3", "Referral before birth"), ("3.4-3.5", "What was already known"), ("3.6", "The father")]
    measures = extraction.record["measures"]
    assert [(m["agency"], m["status"]) for m in measures] == [("lscp", "completed"), ("la_csc", "completed"),
                                                              ("police", "in_progress")]
    assert measures[0]["completed"] == "2012-02-29" and measures[2]["due"] == "2012-09-30"
    review = extraction.record["review"]
    assert (review["id"], review["type"], review["author"], review["outcome"]) == (
        "northtown-lscb-baby-a", "SCR", "Margaret Ellison", "death")
    assert (review["year_commissioned"], review["year_published"]) == (2010, 2011)
    # Provenance: page, paragraph, span into the extracted text, passage.
    prov = got["4.4"]["provenance"]
    assert prov["page"] == 3 and prov["paragraph"] == "4.4"
    text = extraction.document.text
    assert "Northtown Police should share" in text[prov["span"][0]:prov["span"][1]]
    assert prov["passage"].startswith("4.4 Northtown Police should share")
    valid(extraction)


def test_numbered_paragraph_with_text_on_the_same_line_and_nested_letters(tmp_path):
    path = tmp_path / "summary.txt"
    path.write_text(
        "Eastbury Safeguarding Children Partnership\nLocal Child Safeguarding Practice Review: Child E\n\n"
        "5. Recommendations\n\n"
        "5.1 Eastbury Safeguarding Children Partnership should commission training on:\n"
        "(a) recognising coercive control;\n(b) speaking to children alone.\n\n"
        "5.2 The ICB should ensure that GP practices record who lives in a child's home.\n\n"
        "6. Conclusion\n\nChild E is now safe.\n", encoding="utf-8")
    extraction = extract_document(path)
    got = recs(extraction)
    assert list(got) == ["5.1", "5.2"]
    assert "(a) recognising coercive control;" in got["5.1"]["text"] and "(b) speaking" in got["5.1"]["text"]
    assert got["5.1"]["addressees"] == ["lscp"]
    # The ICB is asked to act; the GP practices it is to make sure of are not addressed.
    assert got["5.2"]["addressees"] == ["icb"]
    assert extraction.record["review"]["type"] == "CSPR"
    valid(extraction)


# ---------------------------------------------------------------------------------------------
# Learning briefings


def test_learning_briefing_headings_numbers_and_bullets():
    extraction = extract_document(DOCUMENTS / "northtown-child-k-briefing.md")
    assert extraction.profile == "learning-briefing"
    findings = extraction.record["findings"]
    assert [f["heading"] for f in findings] == ["Neglect seen one incident at a time", "Disagreements were not escalated",
                                               "Child K's own words"]
    got = recs(extraction)
    assert list(got) == ["1", "2", "3"]
    assert got["1"]["addressees"] == ["lscp"]
    assert set(got["2"]["addressees"]) == {"la_csc", "school", "gp"}
    assert got["3"]["addressees"] == ["school_nursing"]
    measures = extraction.record["measures"]
    assert [(m["agency"], m["status"]) for m in measures] == [
        ("lscp", "completed"), ("la_csc", "completed_embedded"), ("gp", "in_progress")]
    assert measures[2]["due"] == "2018-03-31"
    review = extraction.record["review"]
    assert (review["subject"], review["author"], review["outcome"]) == ("Child K", "Daniel Okafor", "serious harm")
    valid(extraction)


def test_briefing_with_bullet_findings_and_no_numbers(tmp_path):
    path = tmp_path / "brief.md"
    path.write_text(
        "# Seven minute briefing: Adult B\n\nWestvale Safeguarding Adults Board published this "
        "Safeguarding Adults Review in 2022.\n\n## Key learning\n\n"
        "* Carers' assessments were not offered.\n* Hospital discharge was not planned with the family.\n\n"
        "## Recommendations\n\n* Adult social care should offer a carer's assessment at every review.\n"
        "* The hospital trust should plan discharge with the family.\n\n## Further reading\n\n* Guidance notes.\n",
        encoding="utf-8")
    extraction = extract_document(path)
    assert extraction.profile == "learning-briefing"
    assert [f["ref"] for f in extraction.record["findings"]] == ["1", "2"]
    got = recs(extraction)
    assert [r["addressees"] for r in got.values()] == [["la_asc"], ["acute_trust"]]
    assert got["1"]["provenance"]["paragraph"] == "bullet 1"
    assert extraction.record["review"]["board"] == "Westvale Safeguarding Adults Board"
    assert extraction.record["review"]["type"] == "SAR"
    valid(extraction)


# ---------------------------------------------------------------------------------------------
# Numbered lists 1. / (a) / i. and labels


def test_numbered_lists_with_sub_items(tmp_path):
    path = tmp_path / "review.txt"
    path.write_text(
        "Southmoor Safeguarding Children Partnership\nChild Safeguarding Practice Review: Child S\n\n"
        "Findings\n\n1. The school did not know about the earlier referrals.\n\n"
        "2. The health visitor did not see the father.\n\n"
        "Recommendations\n\n"
        "1. Southmoor Safeguarding Children Partnership should:\n"
        "   (a) publish a pre-birth protocol;\n   (b) check that it is used, by\n"
        "      i. auditing referrals;\n      ii. asking midwives.\n\n"
        "2. Schools should be told when a child they teach is referred.\n\n"
        "3. Health visitors should ask about every man in the household.\n\n"
        "Next steps\n\nThe partnership will report on progress.\n", encoding="utf-8")
    extraction = extract_document(path)
    assert extraction.profile == "numbered-lists"
    got = recs(extraction)
    assert list(got) == ["1", "2", "3"]
    assert "(a) publish a pre-birth protocol;" in got["1"]["text"] and "(ii) asking midwives." in got["1"]["text"]
    assert got["1"]["addressees"] == ["lscp"]
    assert got["2"]["addressees"] == ["school"] and got["3"]["addressees"] == ["health_visiting"]
    assert [f["ref"] for f in extraction.record["findings"]] == ["1", "2"]
    assert "report on progress" not in got["3"]["text"]
    valid(extraction)


def test_labelled_items_in_a_pdf_with_page_furniture():
    extraction = extract_document(DOCUMENTS / "riverside-mr-d.pdf")
    got = recs(extraction)
    assert list(got) == ["1", "2", "3"]
    assert got["1"]["addressees"] == ["la_asc"]
    assert got["2"]["addressees"] == ["sab"]        # "The Board" in an adults review is the SAB
    assert got["3"]["addressees"] == ["fire"]
    assert got["1"]["provenance"]["paragraph"] == "Recommendation 1"
    assert all("Page " not in r["text"] and "Riverside Safeguarding Adults Board -" not in r["text"] for r in got.values())
    findings = extraction.record["findings"]
    assert findings[1]["text"].endswith("over the winter months that followed the visit.")
    review = extraction.record["review"]
    assert (review["type"], review["board"], review["subject"], review["author"]) == (
        "SAR", "Riverside Safeguarding Adults Board", "Mr D", "Tom Ashworth")
    valid(extraction)


def test_findings_and_recommendations_in_one_section_with_agency_lead_ins(tmp_path):
    path = tmp_path / "sar.txt"
    path.write_text(
        "Westford Safeguarding Adults Board\n\nSafeguarding Adults Review\nMs J\n\nIntroduction\n\n"
        "Ms J was 54 when she died in hospital. The Board agreed to carry out a review in May 2021.\n\n"
        "Findings and recommendations\n\nFinding 1: Self-neglect was not recognised\n\n"
        "Her refusal of help was treated as her choice. Nobody asked whether she understood the risks.\n\n"
        "Recommendation 1\nAdult Social Care should train front-line staff in self-neglect and mental capacity.\n\n"
        "Finding 2: Information was not shared\n\nThe GP and the housing provider each knew part of the picture.\n\n"
        "Recommendation 2\nThe SAB should seek assurance that partners share information when support is refused.\n\n"
        "Recommendations for Westford Hospitals NHS Foundation Trust:\n\n"
        "Recommendation 3\nDischarge planning must include a check of the person's home conditions.\n\n"
        "Conclusion\n\nThe review thanks Ms J's family.\n", encoding="utf-8")
    extraction = extract_document(path)
    findings = extraction.record["findings"]
    # Each finding's heading states it: the statement opens the finding's text.
    assert [(f["ref"], f["text"].split("\n")[0]) for f in findings] == [("1", "Self-neglect was not recognised"),
                                                                        ("2", "Information was not shared")]
    assert findings[0]["text"].endswith("Nobody asked whether she understood the risks.")
    got = recs(extraction)
    assert [(ref, r["addressees"]) for ref, r in got.items()] == [("1", ["la_asc"]), ("2", ["sab"]), ("3", ["acute_trust"])]
    assert got["3"]["text"] == "Discharge planning must include a check of the person's home conditions."
    assert extraction.record["review"]["year_commissioned"] == 2021
    valid(extraction)


# ---------------------------------------------------------------------------------------------
# Tables of recommendations in Word and HTML


def test_action_plan_table_with_refs_inside_the_text_and_repeated_rows(tmp_path):
    path = tmp_path / "plan.html"
    path.write_text(
        "<html><body><h1>Practice review: Child P</h1><p>Southdale Safeguarding Children Partnership, 2023.</p>"
        "<h2>Recommendations</h2><table><tr><th>Recommendation</th><th>Action</th><th>Lead</th><th>Status</th></tr>"
        "<tr><td>1. The partnership should review its neglect strategy.</td><td>Strategy refreshed</td>"
        "<td>Southdale SCP</td><td>Complete</td></tr>"
        "<tr><td>1. The partnership should review its neglect strategy.</td><td>Training on the strategy</td>"
        "<td>Southdale SCP</td><td>In progress</td></tr>"
        "<tr><td>2. Schools should record every concern about attendance.</td><td>Attendance policy updated</td>"
        "<td>Schools</td><td>Ongoing</td></tr></table></body></html>", encoding="utf-8")
    extraction = extract_document(path)
    got = recs(extraction)
    assert list(got) == ["1", "2"] and got["1"]["text"] == "The partnership should review its neglect strategy."
    measures = extraction.record["measures"]
    assert [(m["status"], m["recommendations"]) for m in measures] == [
        ("completed", ["1"]), ("in_progress", ["1"]), ("in_progress", ["2"])]
    valid(extraction)


def test_docx_table_of_recommendations():
    extraction = extract_document(DOCUMENTS / "northtown-child-q.docx")
    assert extraction.profile == "recommendations-table"
    got = recs(extraction)
    assert list(got) == ["4.1", "4.2", "4.3", "4.4"]
    assert got["4.1"]["addressees"] == ["la_csc", "maternity"]
    assert got["4.2"]["addressees"] == ["lscp"]
    assert got["4.4"]["addressees"] == ["la_early_help", "la_csc"]
    assert got["4.1"]["provenance"]["paragraph"] == "table 1, row 2"
    assert [f["ref"] for f in extraction.record["findings"]] == ["3.1", "3.2", "3.3", "3.4"]
    assert extraction.record["review"]["year_published"] == 2022
    valid(extraction)


def test_html_tables_of_recommendations_and_actions():
    extraction = extract_document(DOCUMENTS / "northtown-child-m.html")
    assert extraction.profile == "recommendations-table"
    got = recs(extraction)
    assert got["1"]["addressees"] == ["la_front_door", "la_csc"]
    assert got["3"]["addressees"] == ["acute_trust", "gp"]
    assert [f["ref"] for f in extraction.record["findings"]] == ["F1", "F2", "F3"]
    measures = extraction.record["measures"]
    assert [(m["agency"], m["status"], m.get("due")) for m in measures] == [
        ("la_front_door", "completed", "2021-03-31"), ("lscp", "in_progress", "2021-12-31"),
        ("acute_trust", "not_started", "2021-06-30")]
    assert extraction.record["review"]["board_short"] == "Northtown SCP"
    valid(extraction)


# ---------------------------------------------------------------------------------------------
# Inline lists and the generic fallback


def test_inline_list_of_recommendations():
    extraction = extract_document(DOCUMENTS / "northtown-child-r-news.html")
    assert extraction.profile == "inline-list"
    got = recs(extraction)
    assert list(got) == ["1", "2"]
    assert got["1"]["text"].startswith("That the partnership should remind every agency")
    assert got["1"]["addressees"] == ["lscp"] and got["2"]["addressees"] == ["la_csc", "police"]
    valid(extraction)


def test_generic_fallback_finds_sections_by_their_words(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        "Domestic Homicide Review into the death of Mrs H\nNorthvale Community Safety Partnership\n\n"
        "Lessons learned\n\nThe GP did not ask about domestic abuse when Mrs H attended with injuries.\n\n"
        "The police did not link three call-outs to the same address.\n\n"
        "Recommendations\n\nThe police should flag repeat call-outs to the same address for review.\n\n"
        "General practice should ask about domestic abuse when a patient attends with an injury.\n",
        encoding="utf-8")
    extraction = extract_document(path)
    assert extraction.profile == "generic"
    assert len(extraction.record["findings"]) == 2
    got = recs(extraction)
    assert [r["addressees"] for r in got.values()] == [["police"], ["gp"]]
    review = extraction.record["review"]
    assert (review["type"], review["outcome"], review["subject"]) == ("DHR", "death", "Mrs H")
    valid(extraction)


def test_a_document_without_sections_gives_a_record_with_a_warning(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("Dear colleague,\n\nThank you for your letter about the training day.\n", encoding="utf-8")
    extraction = extract_document(path)
    assert extraction.record["recommendations"] == []
    assert any("No recommendations were found" in w for w in extraction.warnings)
    check_record(extraction.record)


def test_profile_named_and_unknown_profile(tmp_path):
    extraction = extract_document(DOCUMENTS / "northtown-baby-a.txt", profile_name="generic")
    assert extraction.profile == "generic"
    with pytest.raises(ScrgraphError, match="There is no layout profile 'nonesuch'"):
        extract_document(DOCUMENTS / "northtown-baby-a.txt", profile_name="nonesuch")


@pytest.mark.parametrize("path", sorted(DOCUMENTS.iterdir()), ids=lambda p: p.name)
def test_every_example_document_gives_a_valid_record(path):
    extraction = extract_document(path)
    assert extraction.record["recommendations"], extraction.warnings
    valid(extraction)


def test_html_headings_that_label_items(tmp_path):
    path = tmp_path / "review.html"
    path.write_text(
        "<html><body><h1>Local Child Safeguarding Practice Review: Child N</h1>"
        "<p>Brookfield Safeguarding Children Partnership commissioned this review in 2022.</p>"
        "<h2>Findings</h2><h3>Finding 1: Neglect went unseen</h3><p>The nursery saw poor hygiene many times.</p>"
        "<h3>Finding 2: No one led</h3><p>Three agencies each thought another was leading.</p>"
        "<h2>Recommendations</h2><h3>Recommendation 1</h3><p>The partnership should publish a neglect strategy.</p>"
        "<h3>Recommendation 2</h3><p>Early years settings should be part of every neglect plan.</p>"
        "<p><strong>Recommendation 3:</strong> The police should share domestic incidents with nurseries.</p>"
        "</body></html>", encoding="utf-8")
    extraction = extract_document(path)
    assert [(f["ref"], f["heading"]) for f in extraction.record["findings"]] == [
        ("1", "Neglect went unseen"), ("2", "No one led")]
    assert [(ref, r["addressees"]) for ref, r in recs(extraction).items()] == [
        ("1", ["lscp"]), ("2", ["early_years"]), ("3", ["police"])]
    valid(extraction)


def test_roman_section_heading_with_a_colon_and_a_lettered_list(tmp_path):
    path = tmp_path / "summary.txt"
    path.write_text(
        "IV. RECOMMENDATIONS:\n\nThe review recommends that:\n\n(a) the Partnership reviews its threshold guidance;\n"
        "(b) the ICB commissions training for GPs on neglect; and\n"
        "(c) Children's Social Care audits closed referrals every quarter.\n\nV. CONCLUSION\n\nThat is all.\n",
        encoding="utf-8")
    extraction = extract_document(path)
    assert [(ref, r["addressees"]) for ref, r in recs(extraction).items()] == [
        ("a", ["lscp"]), ("b", ["icb"]), ("c", ["la_csc"])]
    assert {"The board or partnership was not found; fill in review.board."} <= set(extraction.warnings)


def test_contents_list_and_an_action_plan_in_an_appendix(tmp_path):
    path = tmp_path / "review.md"
    path.write_text(
        "# Child Safeguarding Practice Review: Child W\n\nEastfield Safeguarding Children Partnership\n\n"
        "## Contents\n\n1. Introduction 3\n2. Findings 5\n3. Recommendations 9\n4. Appendix: action plan 11\n\n"
        "## 1. Introduction\n\nEastfield Safeguarding Children Partnership commissioned this review in 2022 after "
        "Child W, aged 14, was seriously harmed.\n\n## 2. Findings\n\n2.1 Child W went missing eleven times and no "
        "return interview was held.\n\n2.2 The school excluded Child W without telling the youth justice service.\n\n"
        "## 3. Recommendations\n\n3.1 The partnership should make sure that a return home interview follows every "
        "missing episode.\n\n3.2 Schools should tell the youth justice service before excluding a child it supervises.\n\n"
        "## 4. Appendix: action plan\n\n| Rec | Recommendation | Action | Lead | Status |\n|---|---|---|---|---|\n"
        "| 3.1 | The partnership should make sure that a return home interview follows every missing episode. | "
        "Missing protocol revised | Eastfield SCP | Complete |\n"
        "| 3.2 | Schools should tell the youth justice service before excluding a child it supervises. | "
        "Exclusions guidance sent to schools | Education | In progress |\n", encoding="utf-8")
    extraction = extract_document(path)
    assert [f["ref"] for f in extraction.record["findings"]] == ["2.1", "2.2"]
    assert list(recs(extraction)) == ["3.1", "3.2"]          # the appendix repeats them: no duplicates
    measures = extraction.record["measures"]
    assert [(m["agency"], m["status"], m["recommendations"]) for m in measures] == [
        ("lscp", "completed", ["3.1"]), ("school", "in_progress", ["3.2"])]
    assert any("'Education'" in w for w in extraction.warnings)
    valid(extraction)


def test_documents_made_by_the_example_script_extract_like_the_committed_ones(tmp_path):
    import importlib.util

    script = Path(__file__).resolve().parent.parent / "scripts" / "make_example_documents.py"
    spec = importlib.util.spec_from_file_location("make_example_documents", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.child_q_docx(tmp_path / "child-q.docx")
    module.mr_d_pdf(tmp_path / "mr-d.pdf")
    for made, committed in (("child-q.docx", "northtown-child-q.docx"), ("mr-d.pdf", "riverside-mr-d.pdf")):
        fresh = extract_document(tmp_path / made).record
        shipped = extract_document(DOCUMENTS / committed).record
        assert [(r["ref"], r["text"], r.get("addressees")) for r in fresh["recommendations"]] == \
            [(r["ref"], r["text"], r.get("addressees")) for r in shipped["recommendations"]]

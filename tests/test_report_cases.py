"""scrgraph report when there is little or nothing to say (an empty period, an as-of date before any
action, a board with no actions) and when the command cannot run (an empty store, a wrong date)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scrgraph.store import GraphStore
from tests.test_report_formats import build_examples_store, docx_tables, run_cli

HOSTILE_TITLE = "Safeguarding Adults Review: Ms E <script>alert('x')</script>"
HOSTILE_TEXT = ("Adult social care should follow up missed visits | escalate "
                "<img src=https://example.com/track.png onerror=alert(1)> *now*.")
EASTSHIRE = f"""scrgraph_record: 1
review:
  id: eastshire-sab-ms-e
  title: "{HOSTILE_TITLE}"
  type: SAR
  board: Eastshire Safeguarding Adults Board
  board_short: Eastshire SAB
  subject: Ms E
  year_commissioned: 2022
  year_published: 2023
findings:
  - ref: "1"
    text: "Nobody followed up the missed visits."
    themes: [SELF_NEGLECT]
    agencies: [la_asc]
recommendations:
  - ref: "1"
    text: "{HOSTILE_TEXT}"
    themes: [SELF_NEGLECT]
    addressees: [la_asc]
    findings: ["1"]
measures: []
agencies:
  - {{id: la_asc, as_written: [adult social care]}}
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The examples (records and trackers) plus a review of a board that has no actions at all."""
    base = tmp_path_factory.mktemp("cases")
    store_dir = build_examples_store(base / "store")
    folder = base / "eastshire"
    folder.mkdir()
    (folder / "ms-e.yaml").write_text(EASTSHIRE, encoding="utf-8")
    result = run_cli("load", folder, "--store", store_dir, "-q")
    assert result.exit_code == 0, result.stderr
    return store_dir


def report(store: Path, path: Path, *args: str) -> str:
    result = run_cli("report", *args, "-o", path, "--store", store)
    assert result.exit_code == 0, result.stderr
    return path.read_text(encoding="utf-8") if path.suffix != ".docx" else ""


def no_empty_tables(html: str) -> None:
    for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S):
        assert "<tr>" in body, "a table with no rows"


def test_a_period_before_every_review_says_so(store, tmp_path):
    html = report(store, tmp_path / "2000.html", "--from", "2000-01-01", "--to", "2000-12-31")
    assert "No review was published between 1 January 2000 and 31 December 2000." in html
    assert ("No review published between 1 January 2000 and 31 December 2000 repeated a recommendation made by an "
            "earlier review.") in html
    assert ("No review had been published by 31 December 2000 (the first was published in 2011), so no action plans had "
            "been recorded by then.") in html
    assert "No action was recorded as completed between 1 January 2000 and 31 December 2000." in html
    assert "<table" not in html and "<img" not in html
    assert "Traceback" not in html


def test_a_period_with_no_reviews_still_reports_the_actions_of_earlier_ones(store, tmp_path):
    html = report(store, tmp_path / "2012.html", "--from", "2012-01-01", "--to", "2012-12-31")
    assert "No review was published between 1 January 2012 and 31 December 2012." in html
    # Baby A (2011) is in force: three of its actions were completed in 2012, one without evidence of impact.
    assert ("3 actions were completed between 1 January 2012 and 31 December 2012; 2 record evidence of the "
            "difference made and 1 does not.") in html
    assert "Pre-birth referral criteria issued to midwives and GPs" in html
    assert "Completed actions with no evidence of impact (a gap)" in html
    assert "Child Q" not in html and "Child R" not in html
    no_empty_tables(html)


def test_an_as_of_date_before_any_action_says_so(store, tmp_path):
    html = report(store, tmp_path / "early.html", "--from", "2023-04-01", "--to", "2024-03-31", "--as-of", "2005-01-01")
    assert "Actions are shown as they stood on 1 January 2005." in html
    assert ("No review had been published by 1 January 2005 (the first was published in 2011), so no action plans "
            "had been recorded by then.") in html
    assert "Not yet published on 1 January 2005" in html
    assert "Agencies with unresolved items" not in html
    no_empty_tables(html)


def test_a_board_with_no_actions_says_so_and_escapes_its_text(store, tmp_path):
    html = report(store, tmp_path / "east.html", "--from", "2023-01-01", "--to", "2023-12-31", "--board", "Eastshire SAB")
    assert "for Eastshire Safeguarding Adults Board, covering 1 January 2023 to 31 December 2023" in html
    assert ("By 31 December 2023, no action had been recorded for the review by Eastshire Safeguarding Adults Board, "
            "so its one recommendation has no action.") in html
    assert "1 of 1 recommendation from the Ms E review has no recorded action." in html
    assert "No action was recorded as completed between 1 January 2023 and 31 December 2023." in html
    assert "Northtown" not in html.split("<h2>How this section was produced</h2>")[0]
    # Text from the review is data: escaped, never run or fetched.
    assert "<script>alert" not in html and "<img src=https://example.com" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=https://example.com/track.png onerror=alert(1)&gt;" in html
    no_empty_tables(html)

    md = report(store, tmp_path / "east.md", "--from", "2023-01-01", "--to", "2023-12-31", "--board", "Eastshire SAB")
    assert "&lt;img src=https://example.com/track.png onerror=alert(1)&gt; \\*now\\*" in md
    assert "follow up missed visits \\| escalate" in md

    out = tmp_path / "east.docx"
    report(store, out, "--from", "2023-01-01", "--to", "2023-12-31", "--board", "eastshire-safeguarding-adults-board")
    tables = docx_tables(out)
    without = next(t for caption, t in tables.items() if caption.startswith("Recommendations with no recorded action"))
    assert without["rows"] == [["Ms E", "2023", "1", HOSTILE_TEXT, "Adult social care"]]


def test_an_unknown_board_names_the_boards(store, tmp_path):
    out = tmp_path / "x.docx"
    result = run_cli("report", "--from", "2023-01-01", "--to", "2023-12-31", "--board", "Westshire", "-o", out, "--store", store)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: There is no board 'Westshire' in the store; give one of: ")
    assert "Riverside Safeguarding Adults Board" in result.stderr and result.stderr.count("\n") == 1
    assert not out.exists()


def test_an_empty_store_is_one_sentence(tmp_path):
    store_dir = tmp_path / "empty"
    GraphStore.open(store_dir, create=True).close()
    out = tmp_path / "r.docx"
    result = run_cli("report", "--from", "2023-04-01", "--to", "2024-03-31", "-o", out, "--store", store_dir)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: The store at {store_dir} has no reviews yet, so there is nothing to report; "
                             "load reviews first with 'scrgraph load PATH'.\n")
    assert not out.exists()


def test_no_store_is_one_sentence(tmp_path):
    result = run_cli("report", "--from", "2023-04-01", "--to", "2024-03-31", "-o", tmp_path / "r.md", "--store", tmp_path / "none")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: There is no scrgraph store at ") and result.stderr.count("\n") == 1


FORMS = "2024-03-31, 31/03/2024, today, March 2024, Q1 2024 or 2023/24 (a financial year)"


@pytest.mark.parametrize("args, message", [
    (("--from", "2024-02-30", "--to", "2024-03-31"), f"Error: --from '2024-02-30' is not a date; write it as {FORMS}.\n"),
    (("--from", "2023-04-01", "--to", "next March"), f"Error: --to 'next March' is not a date; write it as {FORMS}.\n"),
    (("--from", "2023-04-01", "--to", "2024-03-31", "--as-of", "31/13/2024"),
     f"Error: --as-of '31/13/2024' is not a date; write it as {FORMS}.\n"),
    (("--from", "2024-04-01", "--to", "31/03/2024"), "Error: --from 2024-04-01 is after --to 31/03/2024; the period must start before it ends.\n"),
])
def test_a_wrong_date_is_one_sentence(store, tmp_path, args, message):
    out = tmp_path / "r.docx"
    result = run_cli("report", *args, "-o", out, "--store", store)
    assert (result.exit_code, result.stderr) == (1, message)
    assert not out.exists()


def test_uk_dates_are_read(store, tmp_path):
    html = report(store, tmp_path / "uk.html", "--from", "01/04/2023", "--to", "31/03/2024")
    assert "1 April 2023 to 31 March 2024" in html


@pytest.mark.parametrize("name, extra, message", [
    ("r.pdf", (), "Error: The report file {out} must end in .docx (Word), .html or .md; for example -o report.docx.\n"),
    ("r.html", ("--template", "board.docx"), "Error: --template styles a Word report; give an output file ending in .docx with it.\n"),
    ("r.docx", ("--template", "missing.docx"), "Error: The template {dir}/missing.docx does not exist.\n"),
    ("nowhere/r.docx", (), "Error: The folder {dir}/nowhere does not exist; create it or choose another output path.\n"),
])
def test_a_wrong_output_is_one_sentence(store, tmp_path, name, extra, message):
    (tmp_path / "board.docx").write_bytes(b"")
    extra = tuple(str(tmp_path / e) if e.endswith(".docx") else e for e in extra)
    out = tmp_path / name
    result = run_cli("report", "--from", "2023-04-01", "--to", "2024-03-31", *extra, "-o", out, "--store", store)
    assert (result.exit_code, result.stderr) == (1, message.format(out=out, dir=tmp_path))


def test_an_unreadable_template_is_one_sentence(store, tmp_path):
    template = tmp_path / "board.docx"
    template.write_bytes(b"not a word file")
    out = tmp_path / "r.docx"
    result = run_cli("report", "--from", "2023-04-01", "--to", "2024-03-31", "--template", template, "-o", out, "--store", store)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: The template {template} cannot be read as a Word document; open it in Word and "
                             "save it again as .docx.\n")
    assert not out.exists()


def test_the_output_file_is_required(store):
    result = run_cli("report", "--from", "2023-04-01", "--to", "2024-03-31", "--store", store)
    assert (result.exit_code, result.stderr) == (
        1, "Error: Give the report file to write with -o, ending in .docx, .html or .md (for example -o report.docx).\n")


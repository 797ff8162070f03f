"""Importing action-plan trackers: column and date forms, awkward layouts, history and refusals."""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from scrgraph.record import check_record
from scrgraph.store import GraphStore
from tests.core_records import record

REVIEW = "testtown-scp-child-t"
RECS = [
    {"ref": "4.1", "text": "Children's social care and police should hold joint strategy discussions.",
     "addressees": ["la_csc", "police"]},
    {"ref": "4.2", "text": "Police should share information with health visitors.", "addressees": ["police"]},
    {"ref": "4.3", "text": "The partnership should audit referrals each year.", "addressees": ["lscp"]},
]
MEASURES = [{"ref": "A2", "text": "Information sharing protocol agreed.", "agency": "police",
             "status": "in_progress", "due": "2022-12-31", "recommendations": ["4.2"]}]
AGENCIES = [{"id": "la_csc"}, {"id": "police"},
            {"id": "lscp", "as_written": ["Testtown Safeguarding Children Partnership"]}]
HEADER = ["Rec No", "Recommendation", "Action", "Lead  agency", "Target date (dd/mm/yyyy)", "Status", "RAG",
          "Evidence", "Impact", "Date completed", "Comments"]

STATE = """
SELECT ?as_of ?text ?agency ?statusId ?due ?completed ?evidence ?unresolved ?overdue WHERE {
  ?measure a scr:Measure ; scr:text ?text .
  OPTIONAL { ?measure scr:responsibleAgency ?agency }
#include measure-state
}"""


def expand(query: str) -> str:
    """The query with the measure-state fragment pasted in."""
    from scrgraph.resources import bundle

    fragment = bundle("queries").joinpath("fragments", "measure-state.rq").read_text(encoding="utf-8")
    return query.replace("#include measure-state", fragment)


def states(store_dir: Path, as_of: dt.date) -> dict[str, dict]:
    """action text -> its state on a date."""
    with GraphStore.open(store_dir) as store:
        _, rows = store.select(expand(STATE), {"as_of": as_of})
    return {row["text"]: row for row in rows}


def snapshot(store_dir: Path) -> set[tuple]:
    """Every quad in the store."""
    with GraphStore.open(store_dir) as store:
        _, rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {tuple(str(v) for v in row.values()) for row in rows}


@pytest.fixture
def loaded(store_dir) -> Path:
    """A store holding the test review with recommendations 4.1-4.3 and one measure from the record."""
    with GraphStore.open(store_dir, create=True) as store:
        store.load_records([check_record(record(recommendations=RECS, measures=MEASURES, findings=[],
                                                agencies=AGENCIES), "test")])
    return store_dir


def add_cached_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells the result Excel would have saved (openpyxl writes formulas without one)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/sheet"):
            xml = data.decode("utf-8")
            for ref, value in values.items():
                xml = re.sub(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(<v\s*/>|<v></v>)?', rf"\1<v>{value}</v>", xml)
            parts[name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def first_tracker(path: Path) -> Path:
    """The March 2024 tracker: title row, merged cells, every date form, a formula, blanks, duplicates."""
    wb = Workbook()
    notes = wb.active
    notes.title = "Read me"
    notes.append(["This workbook holds the Child T action plan on the next sheet."])
    ws = wb.create_sheet("Plan")
    ws.append(["Child T action plan (March 2024)"])
    ws.merge_cells("A1:K1")
    ws.append(HEADER)
    rows = [
        ["Rec 4.1", RECS[0]["text"], "Joint strategy discussion protocol", "Children's Social Care", "31/03/2024",
         "Complete", "Green", "Protocol signed", "Audit shows joint discussions", dt.datetime(2024, 3, 1), "x"],
        [None, None, "Police attend strategy meetings", "Police", "31.3.24", "In progress", "Amber", None, None, None, None],
        [None] * 11,
        ["R4.2", RECS[1]["text"], "Information sharing protocol agreed", "Police", "March 2024", None, "Blue",
         "Protocol in use", None, 45382, None],
        ["4.3 (b)", RECS[2]["text"], "Annual referral audit", "Testtown Safeguarding Children Partnership",
         "Q2 2024/25", "Not started", "Red", None, None, None, None],
        ["4.3 (b)", RECS[2]["text"], "Annual referral audit", "Testtown Safeguarding Children Partnership",
         "Q2 2024/25", "Not started", "Red", None, None, None, None],
        ["4.3", RECS[2]["text"], "Referral audit tool", "Testtown Safeguarding Children Partnership",
         "=DATE(2024,6,30)", "Not started", "Amber", None, None, None, None],
        ["4.3", RECS[2]["text"], "Training on thresholds", "Testtown Safeguarding Children Partnership",
         "TBC", "Ongoing", None, None, None, None, None],
        ["4.3", RECS[2]["text"], "Threshold leaflet", "Testtown Safeguarding Children Partnership",
         dt.date(2024, 12, 31), "Not accepted", "Grey", None, None, None, None],
        ["Rec 9", "A recommendation the review does not have", "Something", "Police", "2024-03-31",
         "Complete", "Green", None, None, None, None],
    ]
    for row in rows:
        ws.append(row)
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    wb.save(path)
    add_cached_values(path, {"E9": "45473"})
    return path


def later_tracker(path: Path) -> Path:
    """The September 2024 tracker, as CSV with semicolons: two actions now done."""
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Recommendation", "Action", "Lead", "Due", "RAG", "Evidence of impact", "Date completed"])
        writer.writerow(["4.1 Children's social care and police should hold joint strategy discussions.",
                         "Police attend strategy meetings", "Police", "31/03/2024", "Blue", "Attendance 95%", "15/08/2024"])
        writer.writerow(["Rec 4.3", "Annual referral audit", "Testtown Safeguarding Children Partnership", "Q2 2024/25",
                         "Blue", "Audit done", "2024-09-01"])
        writer.writerow(["Rec 4.3", "Referral audit tool", "Testtown Safeguarding Children Partnership", "30/06/2024",
                         "Red", "", ""])
    return path


def test_first_tracker_statuses_dates_and_links(cli, loaded, tmp_path):
    result = cli("actions", "import", first_tracker(tmp_path / "plan.xlsx"), "--review", REVIEW,
                 "--as-of", "2024-03-31", "--store", loaded)
    assert result.exit_code == 0, result.stderr
    got = states(loaded, dt.date(2024, 4, 1))
    joint = got["Joint strategy discussion protocol"]
    assert (joint["statusId"], joint["due"], joint["completed"]) == ("completed", dt.date(2024, 3, 31), dt.date(2024, 3, 1))
    assert joint["agency"].endswith("/agency/la_csc") and joint["unresolved"] is False
    assert joint["evidence"] == "Protocol signed; Audit shows joint discussions"
    police = got["Police attend strategy meetings"]  # merged ref and recommendation cells
    assert (police["statusId"], police["due"], police["overdue"]) == ("in_progress", dt.date(2024, 3, 31), True)
    # "R4.2", RAG Blue only, similar text: attaches to the record's own measure A2.
    record_measure = got["Information sharing protocol agreed."]
    assert (record_measure["statusId"], record_measure["due"], record_measure["completed"]) == (
        "completed_embedded", dt.date(2024, 3, 31), dt.date(2024, 3, 31))
    assert "Information sharing protocol agreed" not in got
    assert got["Annual referral audit"]["due"] == dt.date(2024, 9, 30)  # "4.3 (b)", Q2 2024/25
    assert got["Referral audit tool"]["due"] == dt.date(2024, 6, 30)  # formula with a saved result
    assert got["Training on thresholds"]["due"] is None and got["Training on thresholds"]["statusId"] == "in_progress"
    assert got["Threshold leaflet"]["statusId"] == "unknown"  # not accepted without a reason
    assert "Something" not in got
    warnings = result.stderr
    assert "Row 12" in warnings and "'Rec 9'" in warnings  # unmatched ref reported by row number
    assert "Row 8: it repeats the action of row 7" in warnings
    assert "Row 10: the target date is 'TBC'" in warnings
    assert "Row 11: status 'Not accepted' needs a reason" in warnings
    assert "Comments" in warnings  # the extra column is reported as ignored


def test_reimport_changes_nothing_and_later_tracker_keeps_history(cli, loaded, tmp_path):
    first = first_tracker(tmp_path / "plan.xlsx")
    assert cli("actions", "import", first, "--review", REVIEW, "--as-of", "31/03/2024", "--store", loaded).exit_code == 0
    before = snapshot(loaded)
    assert cli("actions", "import", first, "--review", REVIEW, "--as-of", "2024-03-31", "--store", loaded).exit_code == 0
    assert snapshot(loaded) == before
    result = cli("actions", "import", later_tracker(tmp_path / "later.csv"), "--review", REVIEW,
                 "--as-of", "2024-09-30", "--store", loaded)
    assert result.exit_code == 0, result.stderr
    march, october = states(loaded, dt.date(2024, 3, 31)), states(loaded, dt.date(2024, 10, 1))
    assert march["Police attend strategy meetings"]["statusId"] == "in_progress"
    assert october["Police attend strategy meetings"]["statusId"] == "completed_embedded"
    assert october["Annual referral audit"]["unresolved"] is False
    assert october["Referral audit tool"]["overdue"] is True
    # Actions missing from the later tracker keep their last known state.
    assert october["Joint strategy discussion protocol"]["statusId"] == "completed"
    assert len(october) == len(march)


def refusal(cli, store_dir: Path, path: Path, *extra: str) -> str:
    """Import a bad tracker; check it failed with one sentence and left the store as it was."""
    before = snapshot(store_dir)
    result = cli("actions", "import", path, "--review", REVIEW, "--store", store_dir, *extra)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(store_dir) == before
    return result.stderr


def test_missing_required_column_is_named(cli, loaded, tmp_path):
    path = tmp_path / "no-lead.csv"
    path.write_text("Rec No,Action,Status\n4.1,Do it,In progress\n", encoding="utf-8")
    assert "lead agency" in refusal(cli, loaded, path)


@pytest.mark.parametrize("name,data,words", [
    ("empty.xlsx", b"", "is empty"),
    ("blank.csv", b"\n\n", "is empty"),
    ("report.xlsx", b"%PDF-1.4 not a workbook", "not a readable .xlsx"),
    ("report.pdf", b"%PDF-1.4", "not a spreadsheet"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptionInfo".encode("utf-16-le"), "password-protected"),
])
def test_malformed_files_are_refused_in_one_sentence(cli, loaded, tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    assert words in refusal(cli, loaded, path)


def test_unknown_sheet_and_review_are_refused(cli, loaded, tmp_path):
    path = first_tracker(tmp_path / "plan.xlsx")
    assert "no sheet 'Actions'" in refusal(cli, loaded, path, "--sheet", "Actions")
    before = snapshot(loaded)
    result = cli("actions", "import", path, "--review", "no-such-review", "--store", loaded)
    assert result.exit_code == 1 and "no review 'no-such-review'" in result.stderr
    assert snapshot(loaded) == before


def test_remove_review_drops_its_imports(cli, loaded, tmp_path):
    cli("actions", "import", later_tracker(tmp_path / "later.csv"), "--review", REVIEW, "--store", loaded)
    with GraphStore.open(loaded) as store:
        assert any("/graph/actions/" in g for g in store.graph_names())
        store.remove_review(REVIEW)
        assert not any("/graph/actions/" in g for g in store.graph_names())


def test_two_row_merged_header(cli, loaded, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Rec No", "Action", "Lead agency", "Dates", None, "RAG"])
    ws.append([None, None, None, "Target date", "Date completed", None])
    ws.append(["4.2", "Information sharing protocol agreed", "Police", "31/03/2024", "01/03/2024", "Blue"])
    for cells in ("A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2"):
        ws.merge_cells(cells)
    wb.save(tmp_path / "two-rows.xlsx")
    result = cli("actions", "import", tmp_path / "two-rows.xlsx", "--review", REVIEW, "--as-of", "2024-03-31",
                 "--store", loaded)
    assert result.exit_code == 0, result.stderr
    assert "Warning" not in result.stderr and "Imported 1 actions (0 new)" in result.stderr
    got = states(loaded, dt.date(2024, 3, 31))["Information sharing protocol agreed."]
    assert (got["statusId"], got["completed"]) == ("completed_embedded", dt.date(2024, 3, 1))


def test_header_merged_down_two_rows(cli, loaded, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Recommendation", "Action", "Lead", "Due", "Status"])
    ws.append([None] * 5)
    for column in "ABCDE":
        ws.merge_cells(f"{column}1:{column}2")
    ws.append(["Rec 4.3", "Audit referrals", "Testtown Safeguarding Children Partnership", "Q4 2024/25", "Underway"])
    wb.save(tmp_path / "tall.xlsx")
    result = cli("actions", "import", tmp_path / "tall.xlsx", "--review", REVIEW, "--store", loaded)
    assert result.exit_code == 0 and "Imported 1 actions (1 new)" in result.stderr, result.stderr


def test_lead_agencies_go_through_the_gazetteer(cli, loaded, tmp_path):
    pytest.importorskip("scrgraph.recognise.agencies")
    path = tmp_path / "gazetteer.csv"
    path.write_text("Rec No,Action,Lead agency,Status\n"
                    "4.2,Joint visits with health visitors,Testtown Constabulary,In progress\n"
                    "4.2,Leaflets for parents,Ministry of Magic,Not started\n", encoding="utf-8")
    result = cli("actions", "import", path, "--review", REVIEW, "--as-of", "2024-03-31", "--store", loaded)
    assert result.exit_code == 0, result.stderr
    assert "Row 3: lead agency 'Ministry of Magic' is not in the gazetteer" in result.stderr
    got = states(loaded, dt.date(2024, 3, 31))
    assert got["Joint visits with health visitors"]["agency"].endswith("/agency/police")
    assert got["Leaflets for parents"]["agency"] is None


def import_csv(cli, loaded: Path, tmp_path: Path, lines: str):
    """Import a CSV tracker of these lines as of 31 March 2024; the command's result (which must succeed)."""
    path = tmp_path / "tracker.csv"
    path.write_text(lines, encoding="utf-8")
    result = cli("actions", "import", path, "--review", REVIEW, "--as-of", "2024-03-31", "--store", loaded)
    assert result.exit_code == 0, result.stderr
    return result


def import_workbook(cli, loaded: Path, tmp_path: Path, wb, name: str):
    """Save a workbook and import it as of 31 March 2024; the command's result (which must succeed)."""
    wb.save(tmp_path / name)
    result = cli("actions", "import", tmp_path / name, "--review", REVIEW, "--as-of", "2024-03-31", "--store", loaded)
    assert result.exit_code == 0, result.stderr
    return result


def test_headers_the_profile_does_not_list_are_read_by_their_words(cli, loaded, tmp_path):
    """A board's own headers ("Actions agreed", "Lead officer / agency", "Timescale/target") are read
    by their words; a column the profile lists keeps its field ("Status" before "Progress update"),
    and a header whose fields are all taken ("Agency response") is left out and named."""
    result = import_csv(cli, loaded, tmp_path,
                        "No.,Actions agreed,Lead officer / agency,Timescale/target,Progress update,Status,Agency response\n"
                        "4.2,Joint visits with health visitors,Police,30/06/2024,Two visits held,Complete,Agreed\n")
    got = states(loaded, dt.date(2024, 3, 31))["Joint visits with health visitors"]
    assert got["agency"].endswith("/agency/police")
    assert (got["statusId"], got["due"]) == ("completed", dt.date(2024, 6, 30))
    assert "Agency response" in result.stderr


def test_a_date_written_after_completed_is_the_day_it_was_done(cli, loaded, tmp_path):
    import_csv(cli, loaded, tmp_path, "Rec No,Action,Lead agency,Status\n"
                                      "4.2,Joint visits with health visitors,Police,Completed 12/03/2024\n")
    got = states(loaded, dt.date(2024, 3, 31))["Joint visits with health visitors"]
    assert (got["statusId"], got["completed"]) == ("completed", dt.date(2024, 3, 12))


def test_agencies_a_lead_cell_names_together_all_lead(cli, loaded, tmp_path):
    """"Police / Children's Social Care" leads with both agencies: each sees the action as its own."""
    import_csv(cli, loaded, tmp_path, "Rec No,Action,Lead agency,Status\n"
                                      "4.1,Joint strategy discussions audited,Police / Children's Social Care,In progress\n")
    with GraphStore.open(loaded) as store:
        _, rows = store.select("SELECT ?agency WHERE { ?m scr:text ?t ; scr:responsibleAgency ?agency "
                               "FILTER (STR(?t) = 'Joint strategy discussions audited') }")
    assert sorted(str(row["agency"]).rsplit("/", 1)[-1] for row in rows) == ["la_csc", "police"]


def test_a_csv_saved_from_a_sheet_with_a_title_block_and_merged_recommendations(cli, loaded, tmp_path):
    """Excel saves a title block as rows of blank cells, and a recommendation merged down several
    rows in its first row only: the rows below it continue it, with its lead agency. A quoted cell
    keeps its commas though other cells hold apostrophes."""
    import_csv(cli, loaded, tmp_path,
               "\ufeffNorthtown partnership: action plan,,,,\r\nUpdated 1 March 2024,,,,\r\n,,,,\r\n"
               "Rec No,Recommendation,Action,Lead agency,Status\r\n"
               "4.2,Visits should be joint,\"Joint visits, in pairs, with health visitors\",Police,Complete\r\n"
               ",,A carer's leaflet for the first visit,,In progress\r\n")
    got = states(loaded, dt.date(2024, 3, 31))
    assert got["Joint visits, in pairs, with health visitors"]["statusId"] == "completed"
    continued = got["A carer's leaflet for the first visit"]
    assert continued["statusId"] == "in_progress" and continued["agency"].endswith("/agency/police")


def test_the_trackers_own_key_to_its_colours_wins(cli, loaded, tmp_path):
    """A board whose key says green is complete has its green rows completed, where the profile reads
    green as on track; "BRAG" is the RAG column, and its letters read through the key too."""
    import_csv(cli, loaded, tmp_path,
               "Rec No,Action,Lead agency,BRAG\n"
               "4.2,Joint visits with health visitors,Police,G\n"
               "4.2,A carer's leaflet for the first visit,Police,A\n"
               ",,,\n"
               "\"BRAG key: B = Complete and embedded, G = Complete, A = On track, R = Off track\",,,\n")
    got = states(loaded, dt.date(2024, 3, 31))
    assert got["Joint visits with health visitors"]["statusId"] == "completed"
    assert got["A carer's leaflet for the first visit"]["statusId"] == "in_progress"


def test_a_key_of_codes_on_its_own_sheet_and_a_key_of_coloured_cells(cli, loaded, tmp_path):
    """A "Key" sheet gives codes their meaning ("S" superseded, with why in the notes); cells coloured
    and worded above the table say what a colour-only cell means (green is complete here)."""
    from openpyxl.styles import PatternFill

    wb = Workbook()
    ws = wb.active
    ws.append(["Key:", "Complete", "In progress"])
    ws["B1"].fill = PatternFill("solid", fgColor="FF00B050")
    ws["C1"].fill = PatternFill("solid", fgColor="FFFFC000")
    ws.append(["Rec No", "Action", "Lead agency", "Status", "Notes"])
    ws.append(["4.2", "Joint visits with health visitors", "Police", None, None])
    ws.append(["4.2", "A carer's leaflet for the first visit", "Police", "S", "Replaced by the county leaflet"])
    ws["D3"].fill = PatternFill("solid", fgColor="FF00B050")
    codes = wb.create_sheet("Key")
    codes.append(["S", "Superseded"])
    codes.append(["X", "Not accepted"])
    import_workbook(cli, loaded, tmp_path, wb, "keyed.xlsx")
    got = states(loaded, dt.date(2024, 3, 31))
    assert got["Joint visits with health visitors"]["statusId"] == "completed"
    assert got["A carer's leaflet for the first visit"]["statusId"] == "superseded"


def test_the_tracker_sheet_is_found_among_others_and_its_swatch_key_read(cli, loaded, tmp_path):
    """A workbook whose first sheets are notes and the recommendations is read from the sheet that holds
    the tracker; a key of coloured swatches beside their meaning says green is complete, and "No colour
    = not started" what an empty cell means."""
    from openpyxl.styles import PatternFill

    wb = Workbook()
    wb.active.title = "Read me"
    wb.active.append(["Owners: update the tracker sheet every quarter."])
    recs = wb.create_sheet("Recommendations")
    recs.append(["Rec", "Recommendation"])
    recs.append(["4.2", "Visits should be joint."])
    ws = wb.create_sheet("Tracker")
    ws.append(["Rec No", "Action", "Lead agency", "RAG"])
    ws.append(["4.2", "Joint visits with health visitors", "Police", None])
    ws.append(["4.2", "A carer's leaflet for the first visit", "Police", None])
    ws.append([])
    ws.append([None, "Complete"])
    ws.append([None, "In progress"])
    ws.append([None, "No colour = not started"])
    for cell, rgb in (("D2", "FF00B050"), ("A5", "FF00B050"), ("A6", "FFFFC000")):
        ws[cell].fill = PatternFill("solid", fgColor=rgb)
    import_workbook(cli, loaded, tmp_path, wb, "sheets.xlsx")
    got = states(loaded, dt.date(2024, 3, 31))
    assert got["Joint visits with health visitors"]["statusId"] == "completed"
    assert got["A carer's leaflet for the first visit"]["statusId"] == "not_started"


def test_a_code_whose_status_needs_a_reason_takes_it_from_the_progress_text(cli, loaded, tmp_path):
    import_csv(cli, loaded, tmp_path,
               "Rec No,Action,Lead agency,RAG,Progress\n"
               "4.2,Joint visits with health visitors,Police,X,Covered by the county's new protocol\n"
               "4.2,A carer's leaflet for the first visit,Police,G,Leaflet printed\n"
               ",,,,\n"
               "KEY: G = Complete / A = In progress / X = Superseded,,,,\n")
    got = states(loaded, dt.date(2024, 3, 31))
    assert got["Joint visits with health visitors"]["statusId"] == "superseded"


def test_a_revised_target_date_replaces_the_first(cli, loaded, tmp_path):
    import_csv(cli, loaded, tmp_path,
               "Rec No,Action,Lead agency,Status,Original target,Revised target\n"
               "4.2,Joint visits with health visitors,Police,In progress,31/01/2024,30/06/2024\n"
               "4.2,A carer's leaflet for the first visit,Police,In progress,31/01/2024,n/a\n")
    got = states(loaded, dt.date(2024, 3, 31))
    assert got["Joint visits with health visitors"]["due"] == dt.date(2024, 6, 30)
    assert got["A carer's leaflet for the first visit"]["due"] == dt.date(2024, 1, 31)


def test_a_rag_cell_coloured_and_left_blank_reads_as_its_colour(cli, loaded, tmp_path):
    """Boards colour the RAG cell and write nothing in it: green reads as in progress (the profile's
    rag table); a grey band across a row closes nothing."""
    from openpyxl.styles import PatternFill

    wb = Workbook()
    ws = wb.active
    ws.append(["Rec No", "Action", "Lead agency", "RAG"])
    ws.append(["4.2", "Joint visits with health visitors", "Police", None])
    ws.append(["4.2", "Leaflets for parents", "Police", None])
    ws["D2"].fill = PatternFill("solid", fgColor="FF00B050")
    ws["D3"].fill = PatternFill("solid", fgColor="FFD9D9D9")
    import_workbook(cli, loaded, tmp_path, wb, "coloured.xlsx")
    got = states(loaded, dt.date(2024, 3, 31))
    assert got["Joint visits with health visitors"]["statusId"] == "in_progress"
    assert got["Leaflets for parents"]["statusId"] == "unknown" and got["Leaflets for parents"]["unresolved"]


def test_a_workbook_of_one_sheet_per_recommendation_is_read_whole(cli, loaded, tmp_path):
    """Sheets that each hold some of the actions ("Rec 4.1", "Rec 4.2", a "Closed actions" archive) are
    read together, beside an overview that is no tracker and a sheet with no actions yet; rows warned
    about name their sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    overview = wb.active
    overview.title = "Overview"
    overview.append(["Rec", "Recommendation", "Strategic lead"])
    overview.append(["4.1", RECS[0]["text"], "Children's Social Care"])
    for title, rows in (("Rec 4.1", [["4.1", "Agree a strategy discussion protocol", "Children's Social Care", "Open – delayed"]]),
                        ("Rec 4.2", [["4.2", "Share police notices with health visitors", "Police", "Open – on track"],
                                     ["4.2", "Brief neighbourhood teams", "Nobody Known Here", "Complete"]]),
                        ("Closed actions", [["4.3", "Audit a sample of referrals", "Safeguarding Partnership", "Completed and assured"]]),
                        ("Rec 4.3", [])):  # a sheet whose actions are not written yet
        sheet = wb.create_sheet(title)
        sheet.append([f"Recommendation {title}"])
        sheet.append(["Ref", "Action", "Lead agency", "Status"])
        for row in rows:
            sheet.append(row)
    result = import_workbook(cli, loaded, tmp_path, wb, "by-recommendation.xlsx")
    got = states(loaded, dt.date(2024, 3, 31))
    assert got["Agree a strategy discussion protocol"]["statusId"] == "overdue"
    assert got["Share police notices with health visitors"]["statusId"] == "in_progress"
    assert got["Audit a sample of referrals"]["statusId"] == "completed_embedded"
    assert "Row 4 of sheet 'Rec 4.2'" in result.stderr  # the lead agency no gazetteer names


def test_sheets_that_repeat_the_same_actions_give_the_first(cli, loaded, tmp_path):
    """A copy of the tracker for each quarter is no set of trackers to add up: the first is read, and
    a warning says so."""
    from openpyxl import Workbook

    wb = Workbook()
    for index, (title, status) in enumerate((("Q4 2023-24", "Complete"), ("Q3 2023-24", "In progress"))):
        sheet = wb.active if index == 0 else wb.create_sheet()
        sheet.title = title
        sheet.append(["Ref", "Action", "Lead agency", "Status"])
        sheet.append(["4.2", "Share police notices with health visitors", "Police", status])
    result = import_workbook(cli, loaded, tmp_path, wb, "quarters.xlsx")
    assert states(loaded, dt.date(2024, 3, 31))["Share police notices with health visitors"]["statusId"] == "completed"
    assert "repeat each other's actions; only 'Q4 2023-24' was read" in result.stderr


def test_percent_complete_and_one_word_headers(cli, loaded, tmp_path):
    """A "% complete" column says the state when there is no status (100% done, 0% not started, in
    between in progress; a word in it is read as a status); a database export's one-word headers
    ("ActionDescription", "DueDate") are read as their words, and its "ActionID" is no action text."""
    import_csv(cli, loaded, tmp_path,
               "ActionID,RecommendationNo,ActionDescription,Owner,DueDate,% complete\n"
               "A-1,4.1,Agree a strategy discussion protocol,Children's Social Care,2024-06-30,100%\n"
               "A-2,4.2,Share police notices with health visitors,Police,2024-06-30,40%\n"
               "A-3,4.3,Audit a sample of referrals,Safeguarding Partnership,2024-09-30,0%\n"
               "A-4,4.2,Brief neighbourhood teams,Police,2024-09-30,Superseded by the county briefing\n")
    got = states(loaded, dt.date(2024, 3, 31))
    assert [got[text]["statusId"] for text in ("Agree a strategy discussion protocol", "Share police notices with health visitors",
                                              "Audit a sample of referrals", "Brief neighbourhood teams")] == \
        ["completed", "in_progress", "not_started", "superseded"]
    assert got["Agree a strategy discussion protocol"]["due"] == dt.date(2024, 6, 30)


def test_a_progress_note_that_starts_with_a_status_word_leaves_the_state_to_the_rag(cli, loaded, tmp_path):
    """"New template live on the case system" in a progress column is a note, not the status "New"
    (not started): the row's RAG colour says the state. A status set off by a dash still counts."""
    import_csv(cli, loaded, tmp_path,
               "Rec,Action,Lead agency,Progress update,RAG\n"
               "4.1,Agree a strategy discussion protocol,Children's Social Care,New template live on the case system,Green\n"
               "4.2,Share police notices with health visitors,Police,Delayed - awaiting the new system,Green\n")
    got = states(loaded, dt.date(2024, 3, 31))
    assert got["Agree a strategy discussion protocol"]["statusId"] == "in_progress"
    assert got["Share police notices with health visitors"]["statusId"] == "overdue"


def test_actions_of_the_review_as_a_whole_are_imported_answering_no_recommendation(cli, loaded, tmp_path):
    """Rows the partnership added under "Other" or "P1" answer no recommendation: they are imported as
    actions of the review (with a warning), where a row naming a recommendation the review lacks is
    not; the key's row under the table is no action."""
    result = import_csv(cli, loaded, tmp_path,
                        "Rec,Action,Lead agency,Status\n"
                        "4.2,Share police notices with health visitors,Police,Complete\n"
                        "Other,Publish a seven-minute briefing on the review,Safeguarding Partnership,Complete\n"
                        "P1,Report progress on this plan to the executive,Safeguarding Partnership,In progress\n"
                        "9.9,Train call handlers,Police,Complete\n"
                        "RAG key,Amber - Some slippage,Green - On track,Blue - Completed\n")
    got = states(loaded, dt.date(2024, 3, 31))
    assert got["Publish a seven-minute briefing on the review"]["statusId"] == "completed"
    assert got["Report progress on this plan to the executive"]["statusId"] == "in_progress"
    assert "Train call handlers" not in got and "Amber - Some slippage" not in got
    assert "imported as an action of the review as a whole" in result.stderr
    with GraphStore.open(loaded) as store:
        _, rows = store.select("SELECT ?rec WHERE { ?m scr:text ?t ; scr:answers ?rec }",
                               {"t": "Publish a seven-minute briefing on the review"})
    assert rows == []


def test_a_key_of_words_dated_completions_and_actions_listed_in_one_cell(cli, loaded, tmp_path):
    """The tracker's "Status key:" gives its own words their meaning ("Open = action under way", "Open -
    at risk = target date missed"), over what the words mean elsewhere; "Completed 03/02/24" in the
    completion column is its date; actions listed with bullets in one cell are one action each, sharing
    the row's status; the organisation leads where a column also names the officer."""
    import_csv(cli, loaded, tmp_path,
               "Status key: Open = action under way; Open - at risk = target date missed; Closed = action complete,,,,,\n"
               "Rec,Action,Responsible Officer,Responsible Organisation,Status,Date completed\n"
               "4.1,Agree a strategy discussion protocol,J. Smith,Children's Social Care,Open,\n"
               "4.2,Share police notices with health visitors,A. Khan,Police,Open - at risk,\n"
               "4.3,\"• Audit a sample of referrals\n• Report the audit to the partnership\",P. Jones,Safeguarding Partnership,Closed,Completed 03/02/24\n")
    got = states(loaded, dt.date(2024, 3, 31))
    assert got["Agree a strategy discussion protocol"]["statusId"] == "in_progress"
    assert got["Agree a strategy discussion protocol"]["agency"].endswith("/agency/la_csc")
    assert got["Share police notices with health visitors"]["statusId"] == "overdue"
    for text in ("Audit a sample of referrals", "Report the audit to the partnership"):
        assert (got[text]["statusId"], got[text]["completed"]) == ("completed", dt.date(2024, 2, 3))


def test_recommendation_rows_over_their_actions_theme_rows_and_a_key_of_signs(cli, loaded, tmp_path):
    """No recommendation column: a row "Recommendation 4.2: ..." merged across the table gives the
    recommendation of the actions under it; a "Theme: ..." row merged across is no action; "✓", "◐"
    and "✗" read through the key a note cell gives them."""
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.append(["Key: ✓ = done, ◐ = in progress, ✗ = not started"])
    sheet.append(["Action", "Lead", "Due", "Status"])
    rows = [["Recommendation 4.1: Children's social care and police should hold joint strategy discussions."],
            ["Agree a strategy discussion protocol", "Children's Social Care", "31/03/2024", "✓"],
            ["Theme: Information sharing"],
            ["Recommendation 4.2: Police should share information with health visitors."],
            ["Share police notices with health visitors", "Police", "30/06/2024", "◐"],
            ["Brief neighbourhood teams", "Police", "30/09/2024", "✗"]]
    for row in rows:
        sheet.append(row)
        if len(row) == 1 and sheet.max_row > 2:
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=4)
    import_workbook(cli, loaded, tmp_path, wb, "headed.xlsx")
    got = states(loaded, dt.date(2024, 3, 31))
    assert [got[text]["statusId"] for text in ("Agree a strategy discussion protocol", "Share police notices with health visitors",
                                              "Brief neighbourhood teams")] == ["completed", "in_progress", "not_started"]
    assert not any(text.startswith(("Theme", "Recommendation")) for text in got)
    with GraphStore.open(loaded) as store:
        _, answered = store.select("SELECT ?ref WHERE { ?m scr:text ?t ; scr:answers/scr:ref ?ref }",
                                   {"t": "Brief neighbourhood teams"})
    assert [row["ref"] for row in answered] == ["4.2"]


def test_a_complete_yes_or_no_column_and_a_totals_row(cli, loaded, tmp_path):
    """A log with no status column, only "Complete? (Y/N)" beside "Date closed": Y is completed (closed on
    that date), N is in progress unless the comment opens with how it stands ("Overdue - ..."); a
    totals row under the table is no action."""
    import_csv(cli, loaded, tmp_path,
               "Ref,Action,Owner,Deadline,Complete? (Y/N),Date closed,Comments\n"
               "4.1,Joint strategy discussions audited,Police,30/01/2024,Y,12/02/2024,Audit report seen\n"
               "4.2,Joint visits with health visitors,Police,29/02/2024,N,,Overdue - rota not agreed\n"
               "4.2,Leaflets for parents,Police,30/06/2024,N,,Printer booked\n"
               ",Total: 3 actions,,,Y = 1; N = 2,,\n")
    got = states(loaded, dt.date(2024, 3, 31))
    assert (got["Joint strategy discussions audited"]["statusId"], got["Joint strategy discussions audited"]["completed"]) == (
        "completed", dt.date(2024, 2, 12))
    assert got["Joint visits with health visitors"]["statusId"] == "overdue"
    assert got["Leaflets for parents"]["statusId"] == "in_progress"
    assert not any(text.startswith("Total") for text in got)


def test_coloured_circles_and_a_footnote_key_of_signs(cli, loaded, tmp_path):
    """A RAG column of coloured circles, keyed in a footnote that opens "* RAG:" and pairs each sign with
    its meaning without "=": blue is completed and green on track as the key says, a white circle not
    started; a circle followed by a word is read by the word."""
    import_csv(cli, loaded, tmp_path,
               "Ref,Action,Lead agency,Target date,RAG*\n"
               "4.1,Joint strategy discussions audited,Police,30/01/2024,\U0001f535\n"
               "4.2,Joint visits with health visitors,Police,30/06/2024,\U0001f7e2\n"
               "4.2,Leaflets for parents,Police,30/06/2024,\u26aa\n"
               "4.2,Posters in waiting rooms,Police,30/06/2024,\U0001f7e0 Complete\n"
               ",,,,\n"
               "* RAG: \U0001f535 complete and signed off; \U0001f7e2 on track; \U0001f534 target date missed; \u26aa not started,,,,\n")
    got = states(loaded, dt.date(2024, 3, 31))
    assert [got[text]["statusId"] for text in ("Joint strategy discussions audited", "Joint visits with health visitors",
                                               "Leaflets for parents", "Posters in waiting rooms")] == [
        "completed", "in_progress", "not_started", "completed"]


def test_an_action_struck_through_is_done(cli, loaded, tmp_path):
    """A plan with no status words, only a "Latest update" column, marks what is done by striking the
    action through (the whole row or the action cell alone): those actions are completed; the others
    keep what their update says ("Overdue - ...")."""
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.append(["Ref", "Action", "Owner", "Target", "Latest update"])
    ws.append(["4.1", "Joint strategy discussions audited", "Police", "31/01/2024", "Audit report received"])
    ws.append(["4.2", "Joint visits with health visitors", "Police", "29/02/2024", "Overdue - rota not agreed"])
    ws.append(["4.2", "Leaflets for parents", "Police", "30/06/2024", "Printed and handed out"])
    for cell in ws[2]:
        cell.font = Font(strike=True)
    ws["B4"].font = Font(strike=True)
    import_workbook(cli, loaded, tmp_path, wb, "struck.xlsx")
    got = states(loaded, dt.date(2024, 3, 31))
    assert [got[text]["statusId"] for text in ("Joint strategy discussions audited", "Joint visits with health visitors",
                                               "Leaflets for parents")] == ["completed", "overdue", "completed"]


def test_quarterly_rag_columns_the_latest_filled_speaking_keyed_in_a_comment(cli, loaded, tmp_path):
    """A quarterly return: one RAG column a quarter ("Q1 RAG" ... "Q4 RAG") holding numbers whose scale is
    only in a comment on a header ("RAG scale used in this return: 1 = Not started; ..."); the last
    quarter filled says how each action stands, and a quarter's status word takes its reason from the
    commentary."""
    from openpyxl.comments import Comment

    wb = Workbook()
    ws = wb.active
    ws.append(["Rec", "Action", "Lead organisation", "Target", "Q1 RAG", "Q2 RAG", "Q3 RAG", "Q4 RAG", "Commentary"])
    ws.append(["4.1", "Joint strategy discussions audited", "Police", "31/01/2024", 3, 4, None, None, "Audit seen"])
    ws.append(["4.2", "Joint visits with health visitors", "Police", "29/02/2024", 3, 2, 2, None, "Rota not agreed"])
    ws.append(["4.2", "Leaflets for parents", "Police", "30/06/2024", 1, 1, None, None, "Printer booked"])
    ws.append(["4.2", "Posters in waiting rooms", "Police", "30/06/2024", 3, "Withdrawn", None, None, "Replaced by leaflets"])
    ws["E1"].comment = Comment("RAG scale used in this return: 1 = Not started; 2 = Off track / target date missed; "
                               "3 = On track; 4 = Complete", "Business manager")
    import_workbook(cli, loaded, tmp_path, wb, "quarterly.xlsx")
    got = states(loaded, dt.date(2024, 3, 31))
    assert [got[text]["statusId"] for text in ("Joint strategy discussions audited", "Joint visits with health visitors",
                                               "Leaflets for parents", "Posters in waiting rooms")] == [
        "completed", "overdue", "not_started", "superseded"]


def test_a_tracker_written_sideways_with_its_key_in_the_sheet_name(cli, loaded, tmp_path):
    """One column per action, the fields down the first column, printed in two blocks that repeat the field
    names under a title row: read upright, each column an action; the recommendation row holds only
    numbers; the key is the sheet's name ("B=done G=on track")."""
    wb = Workbook()
    ws = wb.active
    ws.title = "B=done G=on track R=late"
    ws.append(["Child Q action plan"])
    ws.append(["Recommendation", 4.1, 4.2])
    ws.append(["Action", "Joint strategy discussions audited", "Joint visits with health visitors"])
    ws.append(["Lead agency", "Police", "Police"])
    ws.append(["RAG", "B", "R"])
    ws.append([])
    ws.append(["Action plan (continued)"])
    ws.append(["Recommendation", 4.2])
    ws.append(["Action", "Leaflets for parents"])
    ws.append(["Lead agency", "Police"])
    ws.append(["RAG", "G"])
    import_workbook(cli, loaded, tmp_path, wb, "sideways.xlsx")
    got = states(loaded, dt.date(2024, 3, 31))
    assert [got[text]["statusId"] for text in ("Joint strategy discussions audited", "Joint visits with health visitors",
                                               "Leaflets for parents")] == ["completed", "overdue", "in_progress"]


def test_update_rows_under_their_actions_and_a_completed_on_column_of_words(cli, loaded, tmp_path):
    """A board copy writes each update on a row of its own under its action ("Update Sept 25: ..."): it is
    the action's notes, no action; with no status column, a "Completed on" column holding a date or a
    word ("Ongoing", "Not yet started") says how each action stands."""
    import_csv(cli, loaded, tmp_path,
               "Rec,Action,Lead,Target,Completed on\n"
               "4.1,Joint strategy discussions audited,Police,w/e 12/01/24,10/01/24\n"
               ",Update Jan 24: audit report seen by the board.,,,\n"
               "4.2,Joint visits with health visitors,Police,March/April 2024,Ongoing\n"
               ",Update Jan 24: rota being agreed.,,,\n"
               "4.2,Leaflets for parents,Police,30/06/2024,Not yet started\n")
    got = states(loaded, dt.date(2024, 3, 31))
    assert [(got[t]["statusId"], got[t]["due"]) for t in ("Joint strategy discussions audited", "Joint visits with health visitors",
                                                         "Leaflets for parents")] == [
        ("completed", dt.date(2024, 1, 12)), ("in_progress", dt.date(2024, 4, 30)), ("not_started", dt.date(2024, 6, 30))]
    assert got["Joint strategy discussions audited"]["evidence"] == "Update Jan 24: audit report seen by the board."
    assert not any(text.startswith("Update") for text in got)


def test_a_log_with_a_row_for_each_update_gives_each_action_its_latest(cli, loaded, tmp_path):
    """A log writes a row for every update of an action, with the date of the update: each action is
    imported once, as its latest update says (by date, not by its place in the file), and a completed
    action keeps the date of the update from which it stayed completed."""
    import_csv(cli, loaded, tmp_path,
               "Rec,Action,Lead agency,Target date,Update date,Status\n"
               "4.1,Joint strategy discussions audited,Police,31/03/2024,05/01/2024,In progress\n"
               "4.2,Joint visits with health visitors,Police,31/03/2024,05/01/2024,Not started\n"
               "4.1,Joint strategy discussions audited,Police,31/03/2024,12/02/2024,Complete\n"
               "4.1,Joint strategy discussions audited,Police,31/03/2024,20/03/2024,Complete\n"
               "4.2,Joint visits with health visitors,Police,31/03/2024,15/03/2024,In progress\n"
               "4.2,Joint visits with health visitors,Police,31/03/2024,01/02/2024,Delayed\n")
    audited, visits = (states(loaded, dt.date(2024, 3, 31))[text] for text in (
        "Joint strategy discussions audited", "Joint visits with health visitors"))
    assert [audited["statusId"], audited["completed"], visits["statusId"]] == ["completed", dt.date(2024, 2, 12), "in_progress"]


def test_a_list_export_with_hidden_columns_and_numbered_choices(cli, loaded, tmp_path):
    """A SharePoint list export: the action is the list's "Title", a hidden column holds last year's
    wording (what the board does not show is not read), statuses are numbered choices ("3 - Complete")
    and the recommendation column gives its ref before a short title ("4.2 - Information sharing")."""
    wb = Workbook()
    ws = wb.active
    ws.append(["ID", "Old wording", "Title", "Recommendation", "Lead organisation", "Status"])
    ws.append([1, "Visits with health", "Joint visits with health visitors", "4.2 - Information sharing", "Police", "3 - Complete"])
    ws.append([2, "Leaflets", "Leaflets for parents", "4.2 - Information sharing", "Police", "2 - In progress"])
    ws.column_dimensions["B"].hidden = True
    import_workbook(cli, loaded, tmp_path, wb, "list.xlsx")
    got = states(loaded, dt.date(2024, 3, 31))
    assert (got["Joint visits with health visitors"]["statusId"], got["Leaflets for parents"]["statusId"]) == (
        "completed", "in_progress")


def test_a_project_plan_with_parent_rows_and_agencies_named_over_their_actions(cli, loaded, tmp_path):
    """A project-plan export names each recommendation on a parent row in the task column (its status and
    dates rolled up) and gives "Yellow" ratings; a tracker with no lead column names each agency on a row
    merged across over its actions; a split rating ("Red/Amber") reads as its first colour; a rating
    column's header may carry its key on the lines under its name ("BRAG+" then "Blue = complete ...")."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Task Name", "Status", "Agency", "End Date", "Done"])
    ws.append(["Recommendation 4.2: Police should share information with health visitors.", "Yellow", None, "30/06/2024", None])
    ws.append(["Joint visits with health visitors", "Blue", "Police", "31/03/2024", True])
    ws.append(["Leaflets for parents", "Yellow", "Police", "30/06/2024", False])
    import_workbook(cli, loaded, tmp_path, wb, "plan.xlsx")
    got = states(loaded, dt.date(2024, 3, 31))
    assert (got["Joint visits with health visitors"]["statusId"], got["Leaflets for parents"]["statusId"]) == (
        "completed", "in_progress")
    assert got["Leaflets for parents"]["due"] == dt.date(2024, 6, 30)

    wb = Workbook()
    ws = wb.active
    ws.append(["Rec", "Action", "Target", "BRAG+\nBlue = complete\nRed = past target date\nPurple = superseded"])
    ws.append(["POLICE (Testtown Police)"] * 4)
    ws.append(["4.2", "Posters in waiting rooms", "30/01/2024", "Red/Amber"])
    ws.append(["4.1", "Strategy meeting notes audited", "30/01/2024", "Blue"])
    ws.merge_cells("A2:D2")
    import_workbook(cli, loaded, tmp_path, wb, "agencies.xlsx")
    got = states(loaded, dt.date(2024, 3, 31))
    assert got["Posters in waiting rooms"]["statusId"] == "overdue"
    assert got["Strategy meeting notes audited"]["statusId"] == "completed"  # the header's key (the profile's: embedded)
    assert got["Posters in waiting rooms"]["agency"].endswith("/agency/police")

"""Files written by 'scrgraph query' say what produced them (query, parameters, as-of date, store,
scrgraph version), and the command they give reproduces their rows; XLSX is an Excel table."""

from __future__ import annotations

import csv
import datetime as dt
import shlex

import pytest

from scrgraph import __version__
from tests.core_records import record, write


@pytest.fixture
def loaded(cli, store_dir, tmp_path):
    path = write(tmp_path / "t.yaml", record())
    assert cli("load", path, "--store", store_dir, "-q").exit_code == 0
    return store_dir


def reproduce(cli, store_dir, command: str) -> list[list[str]]:
    args = shlex.split(command)
    assert args[:2] == ["scrgraph", "query"]
    result = cli(*args[1:], "-f", "csv", "--store", store_dir)
    assert result.exit_code == 0, result.stderr
    return list(csv.reader(result.stdout.splitlines()))


def test_xlsx_has_an_about_sheet_and_an_excel_table(cli, loaded, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "actions.xlsx"
    result = cli("query", "actions", "-p", "as_of", "2023-06-30", "-o", out, "--store", loaded)
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out)
    assert book.sheetnames == ["Results", "About"]
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Query"] == "actions"
    assert about["Command"] == "scrgraph query actions -p as_of 2023-06-30"
    assert about["As of"] == "2023-06-30"
    assert about["Store"] == str(loaded.resolve())
    assert about["Written"] == dt.date.today().isoformat()
    assert about["scrgraph version"] == __version__
    sheet = book["Results"]
    assert sheet.freeze_panes == "A2" and all(cell.font.bold for cell in sheet[1])
    (table,) = sheet.tables.values()
    assert table.ref == f"A1:J{sheet.max_row}" and table.autoFilter is not None
    def text(value: object) -> str:
        if isinstance(value, dt.datetime):  # Excel keeps dates as date-times
            return value.date().isoformat()
        return "" if value is None else str(value)

    rows = [[text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == reproduce(cli, loaded, about["Command"])


def test_csv_keeps_its_stamp_in_a_side_file_and_markdown_under_the_table(cli, loaded, tmp_path):
    out = tmp_path / "overdue.csv"
    result = cli("query", "overdue-actions", "-o", out, "--store", loaded)
    assert result.exit_code == 0, result.stderr
    assert "overdue.about.txt beside it" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("review,")  # the header stays in the first line
    stamp = dict(line.split(": ", 1) for line in (tmp_path / "overdue.about.txt").read_text(encoding="utf-8").splitlines())
    today = dt.date.today().isoformat()
    assert stamp["Command"] == f"scrgraph query overdue-actions -p as_of {today}"  # today's date, pinned
    assert list(csv.reader(out.read_text(encoding="utf-8").splitlines())) == reproduce(cli, loaded, stamp["Command"])
    md = tmp_path / "overdue.md"
    assert cli("query", "overdue-actions", "-o", md, "--store", loaded).exit_code == 0
    assert md.read_text(encoding="utf-8").rstrip().endswith(
        f"*Rows of `scrgraph query overdue-actions -p as_of {today}` on the store at {loaded.resolve()}, "
        f"written {today} by scrgraph {__version__}.*")


def test_rows_printed_to_the_screen_carry_no_stamp(cli, loaded):
    result = cli("query", "overdue-actions", "-f", "csv", "--store", loaded)
    assert result.exit_code == 0 and "scrgraph version" not in result.stdout and "Rows of" not in result.stdout


def test_label_columns_stand_beside_their_ids():
    from scrgraph.saved_queries import catalogue, get_query

    for name in catalogue():
        columns = get_query(name).header.columns
        for column in (c for c in columns if c.endswith("_label")):
            thing = column[: -len("_label")]
            # The label stands right after its id, named the same way (agency / agency_id -> agency_label).
            before = columns[columns.index(column) - 1]
            assert before in (thing, f"{thing}_id"), (name, column, before)

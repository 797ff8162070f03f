"""Rows reach the annual report safely: formulas neutralised, Markdown escaped, XLSX typed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from scrgraph.output import format_rows, write_atomic, xlsx_bytes

ROWS = [{"ref": "4.2", "text": "=HYPERLINK(\"http://x\")", "count": -3, "due": dt.date(2024, 3, 31)},
        {"ref": "4.3", "text": "a | b\nnext line <b>", "count": 2, "due": None}]
COLUMNS = ["ref", "text", "count", "due"]


def test_csv_neutralises_formula_cells_but_not_numbers():
    lines = format_rows(COLUMNS, ROWS, "csv").splitlines()
    assert lines[1] == "4.2,\"'=HYPERLINK(\"\"http://x\"\")\",-3,2024-03-31"


def test_markdown_escapes_pipes_line_breaks_and_html():
    table = format_rows(COLUMNS, ROWS, "md").splitlines()
    assert table[3] == "| 4.3 | a \\| b<br>next line &lt;b&gt; | 2 |  |"


def test_json_is_a_list_of_objects_with_iso_dates():
    data = json.loads(format_rows(COLUMNS, ROWS, "json"))
    assert data[0] == {"ref": "4.2", "text": "=HYPERLINK(\"http://x\")", "count": -3, "due": "2024-03-31"}


def test_xlsx_has_typed_cells_a_frozen_header_and_no_formulas(tmp_path):
    path = tmp_path / "rows.xlsx"
    write_atomic(path, xlsx_bytes(COLUMNS, ROWS))
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == COLUMNS
    assert sheet["B2"].value.startswith("'=") and sheet["B2"].data_type == "s"
    assert sheet["C2"].value == -3
    assert sheet["D2"].value.date() == dt.date(2024, 3, 31)
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width > len("text")


def test_a_csv_file_is_written_from_rows_as_they_come_and_not_at_all_when_they_fail(tmp_path):
    from scrgraph.errors import ScrgraphError
    from scrgraph.output import emit_rows

    def failing():
        yield {"ref": "1", "text": "=SUM(A1)"}
        yield {"ref": "2", "text": "plain"}
        raise ScrgraphError("The store could not be read.")

    with pytest.raises(ScrgraphError):
        emit_rows(["ref", "text"], failing(), "csv", tmp_path / "half.csv")
    assert list(tmp_path.iterdir()) == []  # no half-written file, no temporary left behind
    count = emit_rows(["ref", "text"], ({"ref": str(i), "text": "=x"} for i in range(3)), "csv", tmp_path / "all.csv")
    assert count == 3
    assert (tmp_path / "all.csv").read_text(encoding="utf-8") == "ref,text\n0,'=x\n1,'=x\n2,'=x\n"

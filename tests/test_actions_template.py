"""The action-plan template: its layout, and that a filled-in template imports back without a warning."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tests.test_actions_import import REVIEW, loaded, states  # noqa: F401  (loaded is a fixture)


def test_template_layout(cli, loaded, tmp_path):
    out = tmp_path / "tracker.xlsx"
    result = cli("actions", "template", REVIEW, "-o", out, "--store", loaded)
    assert result.exit_code == 0, result.stderr
    ws = load_workbook(out)["Action plan"]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]][:4] == ["Rec No", "Recommendation", "Lead agency", "Action"]
    assert [(ws.cell(r, 1).value) for r in range(2, 6)] == ["4.1", "4.1", "4.2", "4.3"]
    assert ws.cell(6, 1).value is None
    assert ws["E2"].number_format == "dd/mm/yyyy" and ws["I2"].number_format == "dd/mm/yyyy"
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["F2"].startswith("=Lists!") and lists["G2"].startswith("=Lists!")
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width


def test_template_needs_an_xlsx_output(cli, loaded):
    result = cli("actions", "template", REVIEW, "--store", loaded)
    assert result.exit_code == 1 and "-o" in result.stderr


def test_filled_template_imports_back_without_warning(cli, loaded, tmp_path):
    out = tmp_path / "tracker.xlsx"
    assert cli("actions", "template", REVIEW, "-o", out, "--store", loaded).exit_code == 0
    wb = load_workbook(out)
    ws = wb["Action plan"]
    choices = [row[0] for row in wb["Lists"].iter_rows(min_row=2, values_only=True) if row[0]]
    for row in range(2, 6):
        ws.cell(row, 4, f"Action for row {row}")
        ws.cell(row, 5, dt.datetime(2025, 3, 31))
        ws.cell(row, 6, "Completed" if row == 2 else choices[1])
        ws.cell(row, 7, "Green")
        ws.cell(row, 8, "Evidence of change")
        if row == 2:
            ws.cell(row, 9, dt.datetime(2025, 1, 15))
    wb.save(out)
    result = cli("actions", "import", out, "--review", REVIEW, "--as-of", "2025-02-01", "--store", loaded)
    assert result.exit_code == 0, result.stderr
    assert "Warning" not in result.stderr and "Imported 4 actions (4 new)" in result.stderr
    got = states(loaded, dt.date(2025, 2, 1))
    assert got["Action for row 2"]["statusId"] == "completed"
    assert got["Action for row 2"]["completed"] == dt.date(2025, 1, 15)
    assert got["Action for row 3"]["agency"].endswith("/agency/police")
    assert got["Action for row 5"]["due"] == dt.date(2025, 3, 31)

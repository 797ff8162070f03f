"""Read a tracker file (.xlsx or .csv) into numbered rows of fields, whatever its layout.

The header row is found among the first rows of the sheet (titles above it are skipped); merged
cells are read as if every cell of the range held the value; formula cells give their saved result.
Columns the profile does not know are ignored; blank rows are skipped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrgraph.actions.profiles import FIELD_NAMES, Profile
from scrgraph.errors import ScrgraphError

HEADER_SCAN = 20
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}


@dataclass
class Row:
    """One data row: its number in the sheet (1-based, as a spreadsheet shows it) and its fields."""

    number: int
    values: dict[str, Any]


@dataclass
class Table:
    """A tracker as read: the sheet used, its rows, the columns ignored and warnings for the analyst."""

    sheet: str
    rows: list[Row] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_tracker(path: Path, profile: Profile, sheet: str | None = None) -> Table:
    """Read a tracker file with a column profile; refuse a file it cannot read with one sentence."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ScrgraphError(f"The tracker {path} cannot be read ({exc.strerror or exc}).") from None
    if not data.strip():
        raise ScrgraphError(f"The tracker {path.name} is empty; export the action plan again and import that file.")
    if data.startswith(CFB_MAGIC):
        if ENCRYPTED_MARK in data:
            raise ScrgraphError(f"The tracker {path.name} is password-protected; save a copy without a password and import that.")
        raise ScrgraphError(f"The tracker {path.name} is an old Excel 97-2003 file; save it as .xlsx (Excel Workbook) and import that.")
    suffix = path.suffix.lower()
    if data.startswith(b"PK") or suffix in XLSX_SUFFIXES:
        grid, sheet_name, formula_gaps = _xlsx_grid(data, path.name, sheet, profile)
    elif suffix in CSV_SUFFIXES or suffix == "":
        grid, sheet_name, formula_gaps = _csv_grid(data, path.name), "", set()
    else:
        raise ScrgraphError(f"The file {path.name} is not a spreadsheet scrgraph can read; give an .xlsx or .csv tracker.")
    return _table(grid, sheet_name, formula_gaps, profile, path.name)


def _xlsx_grid(data: bytes, name: str, sheet: str | None, profile: Profile) -> tuple[list[list[Any]], str, set[tuple[int, int]]]:
    from openpyxl import load_workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        values = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise ScrgraphError(f"The file {name} is not a readable .xlsx spreadsheet; open it in Excel and save it as an Excel Workbook.") from None
    if sheet is not None:
        chosen = next((ws for ws in values.worksheets if ws.title.strip().lower() == sheet.strip().lower()), None)
        if chosen is None:
            raise ScrgraphError(f"The tracker {name} has no sheet {sheet!r}; its sheets are: {', '.join(values.sheetnames)}.")
        candidates = [chosen]
    else:
        candidates = values.worksheets
    for ws in candidates:
        grid = _sheet_grid(ws)
        if sheet is not None or _header_index(grid, profile) is not None:
            gaps = {(cell.row - 1, cell.column - 1) for row in formulas[ws.title].iter_rows() for cell in row
                    if isinstance(cell, Cell) and cell.data_type == "f" and ws.cell(cell.row, cell.column).value is None}
            return grid, ws.title, gaps
    grid = _sheet_grid(candidates[0]) if candidates else []
    return grid, candidates[0].title if candidates else "", set()


def _sheet_grid(ws) -> list[list[Any]]:
    """A worksheet as a list of rows, with every merged range filled with its top-left value."""
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        value = ws.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                    grid[r - 1][c - 1] = value
    return grid


def _csv_grid(data: bytes, name: str) -> list[list[Any]]:
    from charset_normalizer import from_bytes

    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScrgraphError(f"The file {name} is not a spreadsheet scrgraph can read; give an .xlsx or .csv tracker.")
    best = from_bytes(data).best()
    if best is None:
        raise ScrgraphError(f"The file {name} is not readable text; save the tracker as CSV (UTF-8) or .xlsx.")
    text = str(best).lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _header_index(grid: list[list[Any]], profile: Profile) -> int | None:
    """The index of the header row: the row among the first ones that names the most fields (at least 2)."""
    best, best_count = None, 1
    for index, row in enumerate(grid[:HEADER_SCAN]):
        count = len({profile.field_for(c) for c in row if c is not None and profile.field_for(c)})
        if count > best_count:
            best, best_count = index, count
    return best


def _repeats_header(row: list[Any], columns: dict[int, str], profile: Profile) -> bool:
    """True for a row that only repeats header names (the lower half of a merged header cell)."""
    cells = [(c, _clean(row[c])) for c in columns if c < len(row) and _clean(row[c]) is not None]
    return bool(cells) and all(isinstance(v, str) and profile.field_for(v) == columns[c] for c, v in cells)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _table(grid: list[list[Any]], sheet: str, gaps: set[tuple[int, int]], profile: Profile, name: str) -> Table:
    if not any(_clean(v) is not None for row in grid for v in row):
        raise ScrgraphError(f"The tracker {name} is empty; export the action plan again and import that file.")
    header = _header_index(grid, profile)
    columns: dict[int, str] = {}
    table = Table(sheet)
    if header is not None:
        for index, title in enumerate(grid[header]):
            field_name = profile.field_for(title) if title is not None else None
            if field_name:
                columns[index] = field_name
            elif _clean(title) is not None:
                table.ignored.append(str(title).strip())
    missing = profile.missing(set(columns.values()))
    where = f" (sheet {sheet!r})" if sheet else ""
    if missing:
        raise ScrgraphError(f"The tracker {name}{where} has no column for {', '.join(missing)}; add it or name its header as in loaders/tracker-{profile.name}.yaml.")
    if header is None:  # only a profile that requires no column gets here
        raise ScrgraphError(f"The tracker {name}{where} has no header row naming two of its columns; name them as in loaders/tracker-{profile.name}.yaml.")
    for r in range(header + 1, len(grid)):
        if _repeats_header(grid[r], columns, profile):
            continue
        values: dict[str, Any] = {}
        for c, field_name in columns.items():
            cell = _clean(grid[r][c]) if c < len(grid[r]) else None
            if (r, c) in gaps:
                table.warnings.append(f"Row {r + 1}: the {FIELD_NAMES[field_name]} cell holds a formula with no saved result (open and save the file in Excel); it was read as blank.")
            if cell is None:
                continue
            if field_name in values and field_name == "evidence" and cell != values[field_name]:
                values[field_name] = f"{values[field_name]}; {cell}"
            values.setdefault(field_name, cell)
        if values:
            table.rows.append(Row(r + 1, values))
    if not table.rows:
        raise ScrgraphError(f"The tracker {name} has a header row but no action rows; fill in at least one action.")
    return table

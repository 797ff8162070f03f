"""Read a tracker file (.xlsx or .csv) into numbered rows of fields, whatever its layout.

The header row is found among the first rows of the sheet (titles above it are skipped); merged
cells are read as if every cell of the range held the value; formula cells give their saved result.
Columns the profile does not know are ignored; blank rows are skipped. Hidden sheets are read only
when ``--sheet`` names them (a hidden sheet with a tracker header is named in a warning). Control characters in cells are removed.

Limits (docs/limits.md), checked before the work they guard: the file's type and size; an XLSX
file's members and unpacked size, from its zip directory; the cells of a sheet and of its merged
ranges; a CSV cell's length.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrgraph.actions.legend import key_of
from scrgraph.actions.profiles import FIELD_NAMES, REVISED, SERIES_FIELDS, Profile, header_key
from scrgraph.controls import xml_safe
from scrgraph.errors import ScrgraphError
from scrgraph.input_files import read_regular

HEADER_SCAN = 20
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
MAX_TRACKER_BYTES = 20 * 1024 * 1024  # the file as stored
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an XLSX file's members once unzipped, from its zip directory
MAX_ZIP_MEMBERS = 5_000
MAX_CELLS = 2_000_000  # cells of the sheet read, merged ranges counted whole
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3}[0-9]{1,7}:[A-Z]{1,3}[0-9]{1,7})"')


@dataclass
class Row:
    """One data row: its number in the sheet (1-based, as a spreadsheet shows it), its fields and its sheet."""

    number: int
    values: dict[str, Any]
    sheet: str = ""  # when the tracker was read from several sheets

    @property
    def label(self) -> str:
        """The row as a warning names it: its number, and its sheet when there are several."""
        return f"{self.number} of sheet {self.sheet!r}" if self.sheet else str(self.number)


@dataclass
class Table:
    """A tracker as read: the sheet used, its rows, the columns ignored and warnings for the analyst."""

    sheet: str
    rows: list[Row] = field(default_factory=list)
    key: dict[str, str] = field(default_factory=dict)  # the sheet's own key to its RAG colours (legend.py)
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_tracker(path: Path, profile: Profile, sheet: str | None = None) -> Table:
    """Read a tracker file with a column profile; refuse a file it cannot read with one sentence.

    Without ``sheet``, a workbook whose visible sheets hold several trackers of different actions
    (one sheet per recommendation, or open and closed actions apart) is read whole, sheet after
    sheet; sheets that repeat each other's actions (a copy for each quarter) give the first only."""
    path = Path(path)
    data = read_regular(path, MAX_TRACKER_BYTES, "tracker")
    if not data.strip():
        raise ScrgraphError(f"The tracker {path.name} is empty; export the action plan again and import that file.")
    if data.startswith(CFB_MAGIC):
        if ENCRYPTED_MARK in data:
            raise ScrgraphError(f"The tracker {path.name} is password-protected; save a copy without a password and import that.")
        raise ScrgraphError(f"The tracker {path.name} is an old Excel 97-2003 file; save it as .xlsx (Excel Workbook) and import that.")
    suffix = path.suffix.lower()
    warnings: list[str] = []
    if data.startswith(b"PK") or suffix in XLSX_SUFFIXES:
        sheets = _xlsx_sheets(data, path.name, sheet, profile, warnings)
    elif suffix in CSV_SUFFIXES or suffix == "":
        sheets = [_Sheet("", _csv_grid(data, path.name))]
    else:
        raise ScrgraphError(f"The file {path.name} is not a spreadsheet scrgraph can read; give an .xlsx or .csv tracker.")
    tables = [_table(part, profile, path.name, len(sheets) > 1) for part in sheets]
    table = Table(", ".join(part.title for part in sheets if part.title), warnings=warnings)
    for part in tables:
        table.rows += part.rows
        table.ignored += [name for name in part.ignored if name not in table.ignored]
        table.warnings += part.warnings
        table.key = {**part.key, **table.key}
    if not table.rows:
        raise ScrgraphError(f"The tracker {path.name} has header rows but no action rows; fill in at least one action.")
    return table


@dataclass
class _Sheet:
    """One sheet to read: its title and grid, its formula cells with no saved result, the RAG colour of
    its filled cells, the workbook's other sheets (what its key may be read from) and the cells
    struck through."""

    title: str
    grid: list[list[Any]]
    gaps: set[tuple[int, int]] = field(default_factory=set)
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    others: list[list[list[Any]]] = field(default_factory=list)
    struck: set[tuple[int, int]] = field(default_factory=set)  # cells whose text is struck through


def _xlsx_sheets(data: bytes, name: str, sheet: str | None, profile: Profile, warnings: list[str]) -> list[_Sheet]:
    """The sheets of a workbook to read (see :func:`read_tracker`)."""
    from openpyxl import load_workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.utils.exceptions import InvalidFileException

    _check_zip_directory(data, name)
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
        candidates = [ws for ws in values.worksheets if ws.sheet_state == "visible"] or values.worksheets
    grids = {ws.title: _sheet_grid(ws, name) for ws in (values.worksheets if sheet is None else candidates)}  # each read once
    if sheet is None:
        hidden = [ws.title for ws in values.worksheets if ws not in candidates and _is_tracker(grids[ws.title], profile)]
        if hidden:
            warnings.append(f"The hidden sheet(s) {', '.join(map(repr, hidden))} of {name} were not read; "
                            f"name one with --sheet to import it.")
        trackers = [ws for ws in candidates if _is_tracker(grids[ws.title], profile)]
        if len(trackers) > 1:
            candidates = _apart(trackers, grids, profile)
            if len(candidates) < len(trackers):
                warnings.append(f"The sheets {', '.join(repr(ws.title) for ws in trackers)} of {name} repeat each other's "
                                f"actions; only {trackers[0].title!r} was read (name another with --sheet).")
        else:  # the first sheet that holds a tracker, before one whose header lacks a column
            candidates.sort(key=lambda ws: not _is_tracker(grids[ws.title], profile))
            candidates = [next((ws for ws in candidates if _header_index(grids[ws.title], profile) is not None),
                               candidates[0])] if candidates else []
    read: list[_Sheet] = []
    for ws in candidates:
        grid = grids[ws.title]
        gaps = {(cell.row - 1, cell.column - 1) for row in formulas[ws.title].iter_rows() for cell in row
                if isinstance(cell, Cell) and cell.data_type == "f" and ws.cell(cell.row, cell.column).value is None}
        fills = {(r, c): colour for r, line in enumerate(ws.iter_rows()) for c, cell in enumerate(line)
                 if (colour := fill_colour(cell.fill))}
        struck = {(r, c) for r, line in enumerate(ws.iter_rows()) for c, cell in enumerate(line)
                  if cell.value is not None and getattr(cell.font, "strike", False)}
        others = [grids[other.title] if other.title in grids else _sheet_grid(other, name) for other in values.worksheets
                  if other not in candidates and other.sheet_state == "visible"]
        notes = [[cell.comment.text] for line in ws.iter_rows() for cell in line if cell.comment and cell.comment.text]
        if notes:  # a key written in a cell's comment ("RAG scale: 1 = Not started; 2 = Off track ...")
            others.append(notes)
        others.append([[ws.title]])  # or in the sheet's name ("B=done G=on track A=risk R=late")
        _read_rag_fills(ws, grid, profile)
        read.append(_Sheet(ws.title, grid, gaps, fills, others, struck))
    return read or [_Sheet("", [])]


def _apart(sheets: list[Any], grids: dict[str, list[list[Any]]], profile: Profile) -> list[Any]:
    """The tracker sheets to read together: all of them when no action is on two of them, else the first."""
    seen: set[str] = set()
    for ws in sheets:
        grid = grids[ws.title]
        header = _header_index(grid, profile)
        column = next((c for c, name in profile.columns(grid[header]).items() if name == "action"), None) if header is not None else None
        texts = {" ".join(str(row[column]).lower().split()) for row in grid[(header or 0) + 1:]
                 if column is not None and column < len(row) and _clean(row[column]) is not None}
        if texts & seen:
            return sheets[:1]
        seen |= texts
    return sheets


def _read_rag_fills(ws, grid: list[list[Any]], profile: Profile) -> None:
    """Write into the grid the RAG colour of each blank cell of the RAG or status column that is
    filled with one (a tracker that colours the cell and writes nothing in it)."""
    header = _header_index(grid, profile)
    if header is None:
        return
    columns = [c for c, field_name in profile.columns(grid[header]).items() if field_name in ("rag", "status")]
    for r in range(header + 1, len(grid)):
        for c in columns:
            if c < len(grid[r]) and grid[r][c] is None:
                grid[r][c] = fill_colour(ws.cell(r + 1, c + 1).fill)


def fill_colour(fill: Any) -> str | None:
    """The RAG colour a cell's solid fill shows (Red, Amber, Green or Blue), read from its RGB by hue;
    ``None`` for no fill, a theme colour (whose RGB the file does not hold), or white, black and greys
    (a table's banding, which must not close an action as Grey would).

    >>> from openpyxl.styles import PatternFill
    >>> [fill_colour(PatternFill("solid", fgColor=rgb)) for rgb in ("FFFF0000", "FFFFC000", "FF92D050", "FFFFFFFF")]
    ['Red', 'Amber', 'Green', None]
    """
    import colorsys

    colour = getattr(getattr(fill, "fgColor", None), "rgb", None)
    if getattr(fill, "fill_type", None) != "solid" or not isinstance(colour, str) or len(colour) < 6:
        return None
    red, green, blue = (int(colour[-6:][i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    if saturation < 0.2 or value < 0.2:
        return None
    degrees = hue * 360
    return ("Red" if degrees < 15 or degrees >= 330 else "Amber" if degrees < 65 else "Green" if degrees < 170
            else "Blue" if degrees < 260 else None)


def _check_zip_directory(data: bytes, name: str) -> None:
    """Refuse an XLSX file whose zip directory names too many members or too much unpacked data."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return  # openpyxl refuses it next, in the sentence for damaged workbooks
    with archive:
        unpacked = sum(member.file_size for member in members)
        if len(members) > MAX_ZIP_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
            raise ScrgraphError(f"The tracker {name} would unpack to {len(members):,} files of {unpacked / 1024 / 1024:,.0f} MB, "
                                f"more than the limit of {MAX_ZIP_MEMBERS:,} files and "
                                f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB for one tracker.")
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                _check_merged(archive.read(member), name)


def _check_merged(sheet_xml: bytes, name: str) -> None:
    """Refuse a sheet whose merged ranges cover more than :data:`MAX_CELLS` cells (openpyxl makes an object
    for every cell of a merged range as it opens the workbook, so this is read from the sheet's XML first)."""
    from openpyxl.utils.cell import range_boundaries

    cells = 0
    for ref in _MERGE_REF.findall(sheet_xml):
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode("ascii"))
        if min_col is None or min_row is None or max_col is None or max_row is None:
            cells += MAX_CELLS + 1  # a whole row or column: as many cells as a sheet holds
            continue
        cells += (max_row - min_row + 1) * (max_col - min_col + 1)
    if cells > MAX_CELLS:
        raise ScrgraphError(f"The tracker {name} has merged cells spanning {cells:,} cells, more than the limit of "
                            f"{MAX_CELLS:,} cells; unmerge them and save it again.")


def _check_cells(ws, name: str) -> None:
    """Refuse a sheet whose rows times columns are more than :data:`MAX_CELLS` (before its grid is made)."""
    cells = (ws.max_row or 0) * (ws.max_column or 0)
    if cells > MAX_CELLS:
        raise ScrgraphError(f"The sheet {ws.title!r} of the tracker {name} spans {cells:,} cells, more than the limit "
                            f"of {MAX_CELLS:,} cells; delete the empty rows and columns and save it again.")


def _sheet_grid(ws, name: str) -> list[list[Any]]:
    """A worksheet as a list of rows, with every merged range filled with its top-left value; a hidden
    column reads as empty (last quarter's ratings, a list's internal ids: what the board does not show)."""
    from openpyxl.utils import column_index_from_string

    _check_cells(ws, name)
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    hidden = {index - 1 for letter, dimension in ws.column_dimensions.items() if dimension.hidden
              for index in range(dimension.min or column_index_from_string(letter),
                                 (dimension.max or column_index_from_string(letter)) + 1)}
    if hidden:
        grid = [[None if c in hidden else value for c, value in enumerate(row)] for row in grid]
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
    try:  # only the delimiter is sniffed: the sniffer takes the apostrophes of "child's" for quotes
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
    try:
        return [list(row) for row in reader]
    except csv.Error:
        raise ScrgraphError(f"The tracker {name} has a cell longer than the limit of {csv.field_size_limit():,} "
                            f"characters (line {reader.line_num}), or a quote that is never closed; "
                            f"check that line and save the file again.") from None


def _header_index(grid: list[list[Any]], profile: Profile) -> int | None:
    """The index of the header row: the row among the first ones that names the most fields (at least 2)."""
    best, best_count = None, 1
    for index, row in enumerate(grid[:HEADER_SCAN]):
        count = len(profile.columns(row))
        if count > best_count:
            best, best_count = index, count
    return best


def _is_tracker(grid: list[list[Any]], profile: Profile) -> bool:
    """True for a sheet with a header row naming every column the profile requires (read upright)."""
    grid = _upright(grid, profile) or grid
    header = _header_index(grid, profile)
    if header is None:
        return False
    fields = set(profile.columns(grid[header]).values())
    if "agency" not in fields and _agency_rows(grid, header):
        fields.add("agency")  # its agencies named on rows over their actions
    return not profile.missing(fields)


def _upright(grid: list[list[Any]], profile: Profile) -> list[list[Any]] | None:
    """A tracker written sideways, one column per action and the fields down its first column ("Action",
    "Lead agency", "RAG" ...), perhaps in several blocks that repeat the field names, turned upright: a
    header row of the field names, then a row per action. A block is a run of rows whose first cell is
    a label and which hold values beside it; None when no block names an action and as many fields as
    the sheet's best header row does (a tracker the right way up)."""
    upright_header = _header_index(grid, profile)
    across = len(profile.columns(grid[upright_header])) if upright_header is not None else 0
    blocks: list[list[list[Any]]] = []
    run: list[list[Any]] = []
    for row in grid + [[]]:
        labelled = bool(row) and isinstance(_clean(row[0]), str) and any(_clean(v) is not None for v in row[1:])
        if labelled:
            run.append(row)
            continue
        fields = profile.columns([r[0] for r in run]) if run else {}
        if len(fields) > max(across, 2) and "action" in fields.values():
            blocks.append(run)
        run = []
    if not blocks:
        return None
    names = list(dict.fromkeys(str(_clean(r[0])) for block in blocks for r in block))
    turned: list[list[Any]] = [names]
    for block in blocks:
        by_name = {str(_clean(r[0])): list(r[1:]) for r in block}
        for c in range(max(len(cells) for cells in by_name.values())):
            values = [by_name[name][c] if name in by_name and c < len(by_name[name]) else None for name in names]
            if any(_clean(v) is not None for v in values):
                turned.append(values)
    return turned


def _repeats_header(row: list[Any], columns: dict[int, str], header: list[Any], profile: Profile) -> bool:
    """True for a row that only repeats header names (the lower half of a merged header cell): each
    cell is its column's header, or a name the profile lists for the column's field."""
    cells = [(c, _clean(row[c])) for c in columns if c < len(row) and _clean(row[c]) is not None]
    return bool(cells) and all(isinstance(v, str) and (profile.field_for(v) == columns[c] or header_key(v) == header_key(header[c]))
                               for c, v in cells)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = xml_safe(value).strip()
        return value or None
    return value


RECOMMENDATION_ROW = re.compile(r"^\s*(?:recommendation|rec\.?)\s*(?P<ref>\d+(?:\.\d+)*[a-z]?)\s*(?:[:.)\-–—]|$)", re.I)


BULLET_LINE = re.compile(r"^\s*(?:[•▪◦●‣*–-]|o(?=\s))\s+(?P<text>\S.*)$")


def _each_listed_action(values: dict[str, Any]) -> list[dict[str, Any]]:
    """A row's fields, once for each action its action cell lists on lines of their own with bullets
    ("• Refresh the guidance\n• Promote it through the newsletter": two actions sharing the row's
    recommendation, lead, dates and status); once when it lists none (or no fields at all)."""
    if not values:
        return []
    action = values.get("action")
    if not isinstance(action, str):
        return [values]
    lines = [line for line in action.splitlines() if line.strip()]
    listed = [match.group("text").strip() for line in lines if (match := BULLET_LINE.match(line))]
    if len(listed) < 2 or len(listed) < len(lines) - 1:
        return [values]  # one action, or a text whose lines are not (nearly) all bullets
    return [{**values, "action": text} for text in listed]


# An update written on a row of its own under its action ("Update Sept 25: module added ...").
UPDATE_ROW = re.compile(r"^\s*(?:latest\s+|progress\s+)?(?:update|progress|position)\b[^:\n]{0,30}:", re.I)


def _latest_updates(rows: list[Row]) -> list[Row]:
    """A log with a row for each update of an action (the same action, by its ref and text, on several rows
    with a date of the update): one row per action, the latest update's (by its date, not its place in
    the file); a completed action keeps the date of the update from which it stayed completed."""
    keyed: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        keyed.setdefault((str(row.values.get("ref") or ""), " ".join(str(row.values.get("action") or "").lower().split())), []).append(row)
    if all(len(group) == 1 for group in keyed.values()) or not any("updated" in row.values for row in rows):
        return rows
    from scrgraph.recognise.dates import NotADate, parse_date

    def day(row: Row) -> Any:
        try:
            return parse_date(row.values.get("updated")) or dt.date.min
        except NotADate:
            return dt.date.min

    latest: list[Row] = []
    for group in keyed.values():
        ordered = sorted(group, key=day)
        last = ordered[-1]
        if "completed" not in last.values and _says_done(last.values.get("status")):
            first_done = last
            for row in reversed(ordered):  # the first update of the last run of completed ones
                if not _says_done(row.values.get("status")):
                    break
                first_done = row
            if day(first_done) != dt.date.min:
                last.values["completed"] = day(first_done)
        latest.append(last)
    return sorted(latest, key=lambda row: row.number)


def _says_done(status: Any) -> bool:
    """Whether a status cell says the action is done (completed, in any of the statuses' words)."""
    from scrgraph.recognise.statuses import match_status

    found = match_status(str(status)) if status else None
    return found is not None and found.status_id in ("completed", "completed_embedded")


def _merged_across(row: list[Any]) -> bool:
    """Whether a row holds one text in three cells or more and nothing else: a cell merged across the
    table ("Theme: Information sharing"), a heading between actions."""
    cells = [str(v) for v in map(_clean, row) if v is not None]
    return len(cells) >= 3 and len(set(cells)) == 1


def _recommendation_rows(grid: list[list[Any]], header: int, columns: dict[int, str]) -> dict[int, str]:
    """The rows below the header that name a recommendation ("Recommendation 3: The partnership should
    ...") over its actions, by index, with its ref: merged across the row (each of its cells holds it),
    or in the action column of a row that names no lead (a project plan's parent row, which rolls its
    actions' dates and status up)."""
    action = next((c for c, name in columns.items() if name == "action"), None)
    agency = next((c for c, name in columns.items() if name == "agency"), None)
    found: dict[int, str] = {}
    for r in range(header + 1, len(grid)):
        cells = {str(v) for v in map(_clean, grid[r]) if v is not None}
        match = RECOMMENDATION_ROW.match(next(iter(cells))) if len(cells) == 1 else None
        if match is None and action is not None and action < len(grid[r]) and isinstance(_clean(grid[r][action]), str) \
                and (agency is None or agency >= len(grid[r]) or _clean(grid[r][agency]) is None):
            match = RECOMMENDATION_ROW.match(str(_clean(grid[r][action])))
        if match:
            found[r] = match.group("ref")
    return found


def _agency_rows(grid: list[list[Any]], header: int) -> dict[int, str]:
    """The rows below the header that only name an agency, merged across the table ("POLICE (Larkhollow
    Constabulary)"), each over that agency's actions in a tracker with no lead column: by index, with
    the name as written."""
    from scrgraph.recognise.agencies import resolve_agency

    found: dict[int, str] = {}
    for r in range(header + 1, len(grid)):
        if not _merged_across(grid[r]):
            continue
        written = str(next(v for v in map(_clean, grid[r]) if v is not None))
        inner = re.search(r"\(([^()]+)\)\s*$", written)  # "POLICE (Larkhollow Constabulary)": the name in brackets
        for name in ([inner.group(1)] if inner else []) + [re.sub(r"\s*\([^()]*\)\s*$", "", written)]:
            match = resolve_agency(name)
            if match is not None and match.via != "fuzzy":
                found[r] = name
                break
    return found


def _table(part: _Sheet, profile: Profile, name: str, several: bool) -> Table:
    """The rows of one sheet (each knowing its sheet when the tracker is read from ``several``)."""
    grid, sheet, gaps, struck = part.grid, part.title, part.gaps, part.struck
    if not any(_clean(v) is not None for row in grid for v in row):
        raise ScrgraphError(f"The tracker {name} is empty; export the action plan again and import that file.")
    turned = _upright(grid, profile)
    if turned is not None:  # a tracker written sideways: its cells' places no longer hold
        grid, gaps, struck = turned, set(), set()
    header = _header_index(grid, profile)
    columns: dict[int, str] = {}
    table = Table(sheet)
    if header is not None:
        columns = profile.columns(grid[header])
        table.ignored.extend(str(title).strip() for index, title in enumerate(grid[header])
                             if index not in columns and _clean(title) is not None)
    # "Recommendation 3: ..." rows merged across the table, each over its actions, where no column holds
    # the recommendation: each such row gives the recommendation of the rows under it
    headed = _recommendation_rows(grid, header, columns) if header is not None and not {"ref", "recommendation"} & set(columns.values()) else {}
    # agencies named on rows merged across, each over its actions, where no column names the lead
    leads = _agency_rows(grid, header) if header is not None and "agency" not in columns.values() else {}
    missing = profile.missing(set(columns.values()) | ({"ref"} if headed else set()) | ({"agency"} if leads else set()))
    where = f" (sheet {sheet!r})" if sheet else ""
    if missing:
        raise ScrgraphError(f"The tracker {name}{where} has no column for {', '.join(missing)}; add it or name its header as in loaders/tracker-{profile.name}.yaml.")
    if header is None:  # only a profile that requires no column gets here
        raise ScrgraphError(f"The tracker {name}{where} has no header row naming two of its columns; name them as in loaders/tracker-{profile.name}.yaml.")
    revised = {c for c, field_name in columns.items() if field_name == "due" and REVISED.search(str(grid[header][c]))}
    action = next((c for c, field_name in columns.items() if field_name == "action"), -1)
    series = {c for c, field_name in columns.items() if field_name in SERIES_FIELDS
              and sum(1 for other in columns.values() if other == field_name) > 1}
    current: str | None = None
    lead: str | None = None
    for r in range(header + 1, len(grid)):
        if r in headed:
            current = headed[r]
            continue
        if r in leads:
            lead = leads[r]
            continue
        if _repeats_header(grid[r], columns, grid[header], profile) or _merged_across(grid[r]):
            continue
        values: dict[str, Any] = {}
        for c, field_name in columns.items():
            cell = _clean(grid[r][c]) if c < len(grid[r]) else None
            if (r, c) in gaps:
                table.warnings.append(f"Row {Row(r + 1, {}, sheet if several else '').label}: the {FIELD_NAMES[field_name]} cell holds a formula with no saved result (open and save the file in Excel); it was read as blank.")
            if cell is None:
                continue
            if field_name in values and field_name == "evidence" and cell != values[field_name]:
                values[field_name] = f"{values[field_name]}; {cell}"
            if c in revised and (not isinstance(cell, str) or re.search(r"\d", cell)):  # a date agreed since wins
                values[field_name] = cell
            if c in series:  # "Q3 RAG" after "Q2 RAG": the latest filled speaks
                values[field_name] = cell
            values.setdefault(field_name, cell)
        if values and current is not None:
            values["ref"] = current
        if values and lead is not None and "agency" not in values:
            values["agency"] = lead
        if values and (r, action) in struck and "done" not in values:
            values["done"] = True  # an action struck through is one done
        if table.rows and set(values) <= {"action", "ref", "recommendation"} and UPDATE_ROW.match(str(values.get("action") or "")) \
                and values.get("ref") in (None, table.rows[-1].values.get("ref")):
            above = table.rows[-1].values  # "Update Sept 25: ..." on a row of its own: the notes of the action above
            above["evidence"] = "; ".join(filter(None, [above.get("evidence"), str(values["action"])]))
            continue
        for each in _each_listed_action(values):
            table.rows.append(Row(r + 1, each, sheet if several else ""))
    table.rows = _latest_updates(table.rows)
    if not table.rows and not several:  # one sheet of several may be empty (a recommendation with no actions yet)
        raise ScrgraphError(f"The tracker {name} has a header row but no action rows; fill in at least one action.")
    table.key = key_of(grid, columns, header, part.fills, part.others)
    return table

"""The shared output formats for every command that prints rows: table, CSV, JSON, Markdown, XLSX.

Text from documents is data: CSV and XLSX cells that a spreadsheet would run as a formula are
neutralised, Markdown cells escape pipes, HTML and line breaks. Files are written whole or not at
all (to a temporary file first, then renamed).

Examples
--------
>>> print(format_rows(["ref", "text"], [{"ref": "4.2", "text": "=HYPERLINK(1)"}], "csv"), end="")
ref,text
4.2,'=HYPERLINK(1)
>>> print(format_rows(["a"], [{"a": "x|y"}], "md"), end="")
| a |
| --- |
| x\\|y |
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

from scrgraph.errors import ScrgraphError
from scrgraph.provenance import Provenance, about_path

TEXT_FORMATS = ("table", "csv", "json", "md")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix a string a spreadsheet would treat as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_plain(v)) for v in value)
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _md_cell(value: Any) -> str:
    text = html.escape(str(_plain(value)), quote=False)
    return text.replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br>")


def format_rows(columns: list[str], rows: Iterable[dict[str, Any]], fmt: str) -> str:
    """Render rows as ``table`` (plain text), ``csv``, ``json`` (a list of objects) or ``md``."""
    rows = list(rows)
    if fmt == "json":
        return json.dumps([{c: _json_value(row.get(c)) for c in columns} for row in rows], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([neutralise(_plain(row.get(c))) for c in columns])
        return buffer.getvalue()
    if fmt == "md":
        lines = ["| " + " | ".join(_md_cell(c) for c in columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
        lines += ["| " + " | ".join(_md_cell(row.get(c)) for c in columns) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    if fmt == "table":
        return _table(columns, rows)
    raise ScrgraphError(f"Unknown output format {fmt!r}; use one of: {', '.join(TEXT_FORMATS + ('xlsx',))}.")


def _table(columns: list[str], rows: list[dict[str, Any]]) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(str(_plain(row.get(c))) for c in columns))
    console = Console(file=io.StringIO(), width=max(100, int(os.environ.get("COLUMNS", "160"))), markup=False,
                      highlight=False, color_system=None, emoji=False)
    console.print(table, markup=False)
    text = console.file.getvalue()
    if not rows:
        text += "(no rows)\n"
    return text


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file whole: to a temporary file beside it, then rename over the target."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise ScrgraphError(f"The folder {path.parent} does not exist; create it or choose another output path.")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def xlsx_bytes(columns: list[str], rows: Iterable[dict[str, Any]], sheet: str = "Results",
               about: Provenance | None = None) -> bytes:
    """An XLSX workbook of the rows: an Excel table (style, filter buttons) with a bold frozen header,
    typed dates and numbers and sized columns; with ``about``, a second sheet "About" saying what produced it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.table import Table, TableStyleInfo

    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet[:31]
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [len(c) for c in columns]
    for row in rows:
        values = []
        for i, column in enumerate(columns):
            value = row.get(column)
            if isinstance(value, (list, tuple)):
                value = "; ".join(str(v) for v in value)
            if isinstance(value, str):
                value = neutralise(value)
            values.append(value)
            widths[i] = max(widths[i], min(60, len(str(_plain(value)))))
        ws.append(values)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width + 2
    ws.freeze_panes = "A2"
    if ws.max_row > 1:
        table = Table(displayName="Rows", ref=f"A1:{ws.cell(row=ws.max_row, column=len(columns)).coordinate}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)
    if about is not None:
        info = workbook.create_sheet("About")
        for label, value in about.items():
            info.append([label, neutralise(value)])
            info.cell(row=info.max_row, column=1).font = Font(bold=True)
            info.cell(row=info.max_row, column=2).data_type = "s"
        info.column_dimensions["A"].width = 18
        info.column_dimensions["B"].width = min(100, max(len(str(v)) for _, v in about.items()) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def emit_rows(columns: list[str], rows: list[dict[str, Any]], fmt: str, output: Path | None,
              about: Provenance | None = None) -> None:
    """Print rows to stdout, or write them to ``output`` (format ``xlsx`` needs a file).

    A file written with ``about`` carries what produced it: an "About" sheet (XLSX), a line under
    the table (Markdown) or a side file ``NAME.about.txt`` (CSV)."""
    if fmt == "xlsx":
        if output is None:
            raise ScrgraphError("The xlsx format writes a file; give one with -o FILE.xlsx.")
        write_atomic(output, xlsx_bytes(columns, rows, about=about))
        return
    text = format_rows(columns, rows, fmt)
    if output is None:
        import sys

        sys.stdout.write(text)
        return
    if about is not None and fmt == "md":
        text += "\n*" + about.sentence().replace(about.command, "`" + about.command.replace("`", "'") + "`") + "*\n"
    write_atomic(output, text)
    if about is not None and fmt == "csv":
        write_atomic(about_path(output), about.text())

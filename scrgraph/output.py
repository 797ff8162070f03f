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
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from scrgraph.controls import xml_safe
from scrgraph.errors import ScrgraphError
from scrgraph.provenance import Provenance, about_path

TEXT_FORMATS = ("table", "csv", "json", "md")
FILE_FORMATS = ("xlsx",)  # formats that only a file can hold
FORMAT_BY_SUFFIX = {"csv": "csv", "json": "json", "md": "md", "markdown": "md", "xlsx": "xlsx"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A spreadsheet cell's text: without characters XML cannot hold (:func:`xml_safe`), and prefixed with
    an apostrophe when a spreadsheet would treat it as a formula."""
    if isinstance(value, str):
        value = xml_safe(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def _safe(value: Any) -> Any:
    """A value with its text (or list of texts) passed through :func:`xml_safe`."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, (list, tuple)):
        return [_safe(v) for v in value]
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


def write_csv(columns: list[str], rows: Iterable[dict[str, Any]], handle: IO[str]) -> int:
    """Write rows to a text stream as CSV, one at a time as they come; return how many were written."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([neutralise(_plain(row.get(c))) for c in columns])
        count += 1
    return count


def format_rows(columns: list[str], rows: Iterable[dict[str, Any]], fmt: str) -> str:
    """Render rows as ``table`` (plain text), ``csv``, ``json`` (a list of objects) or ``md``.

    Text is passed through :func:`xml_safe` first: no escape code or control character reaches the
    screen or a file, and lone surrogates cannot stop the UTF-8 encoding.
    """
    if fmt == "csv":
        buffer = io.StringIO()
        write_csv(columns, rows, buffer)
        return buffer.getvalue()
    rows = [{xml_safe(c): _safe(row.get(c)) for c in columns} for row in rows]
    columns = [xml_safe(c) for c in columns]
    if fmt == "json":
        return json.dumps([{c: _json_value(row.get(c)) for c in columns} for row in rows], indent=2, ensure_ascii=False) + "\n"
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
    printed = io.StringIO()
    console = Console(file=printed, width=max(100, int(os.environ.get("COLUMNS", "160"))), markup=False,
                      highlight=False, color_system=None, emoji=False)
    console.print(table, markup=False)
    text = printed.getvalue()
    if not rows:
        text += "(no rows)\n"
    return text


_STORE_MARKER = "scrgraph-store.json"  # scrgraph.store.MARKER, named here so writing rows does not load rdflib


def check_output_target(path: Path, store_file: bool = False) -> None:
    """Refuse an output path that is a folder, named pipe, device or other non-regular file, or (unless
    ``store_file``: scrgraph's own files beside a store) a path inside a store folder."""
    path = Path(path)
    if path.is_symlink() or path.exists():
        kind = path.lstat().st_mode
        if not stat.S_ISREG(kind):
            what = "a folder" if stat.S_ISDIR(kind) else "a link" if stat.S_ISLNK(kind) else "not a regular file"
            raise ScrgraphError(f"{path} is {what}; give the path of a file to write.")
    if not store_file:
        folder = path.parent.resolve()
        for parent in (folder, *folder.parents):
            if (parent / _STORE_MARKER).is_file():
                raise ScrgraphError(f"{path} is inside the store folder {parent}; write it somewhere else, so the store "
                                    f"holds only its own files.")


@contextmanager
def atomic_file(path: Path, mode: str = "w", store_file: bool = False) -> Iterator[IO[Any]]:
    """A file to write whole or not at all: a temporary file beside ``path``, renamed over it only
    when the ``with`` block ends without an error (text mode: UTF-8, newlines as written).

    The target must be a regular file or new, and outside any store folder unless ``store_file``
    (:func:`check_output_target`); a file it replaces keeps its permissions.
    """
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise ScrgraphError(f"The folder {path.parent} does not exist; create it or choose another output path.")
    check_output_target(path, store_file)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with (os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding="utf-8", newline="")) as handle:
            yield handle
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_atomic(path: Path, data: bytes | str, store_file: bool = False) -> None:
    """Write a file whole: to a temporary file beside it, then rename over the target (see :func:`atomic_file`)."""
    with atomic_file(path, "wb", store_file) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def xlsx_bytes(columns: list[str], rows: Iterable[dict[str, Any]], sheet: str = "Results",
               about: Provenance | None = None) -> bytes:
    """An XLSX workbook of the rows: an Excel table (style, filter buttons) with a bold frozen header,
    typed dates and numbers and sized columns; with ``about``, a second sheet "About" saying what produced it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo
    from openpyxl.worksheet.worksheet import Worksheet

    workbook = Workbook()
    ws = workbook.active
    assert isinstance(ws, Worksheet)  # a new workbook has one worksheet, the active one
    ws.title = sheet[:31]
    ws.append([neutralise(c) for c in columns])
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
        ws.column_dimensions[get_column_letter(i)].width = width + 2
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


def emit_rows(columns: list[str], rows: Iterable[dict[str, Any]], fmt: str, output: Path | None,
              about: Provenance | None = None) -> int:
    """Print rows to stdout, or write them to ``output`` (format ``xlsx`` needs a file); return how many.

    CSV is written row by row as the rows come (a listing is never held whole); the other formats
    are made whole first. A file written with ``about`` carries what produced it: an "About" sheet
    (XLSX), a line under the table (Markdown) or a side file ``NAME.about.txt`` (CSV).
    """
    if fmt == "csv":
        if output is None:
            import sys

            return write_csv(columns, rows, sys.stdout)
        with atomic_file(output) as handle:
            count = write_csv(columns, rows, handle)
        if about is not None:
            write_atomic(about_path(output), about.text())
        return count
    rows = list(rows)
    if fmt == "xlsx":
        if output is None:
            raise ScrgraphError("The xlsx format writes a file; give one with -o FILE.xlsx.")
        write_atomic(output, xlsx_bytes(columns, rows, about=about))
        return len(rows)
    text = format_rows(columns, rows, fmt)
    if output is None:
        import sys

        sys.stdout.write(text)
        return len(rows)
    if about is not None and fmt == "md":
        text += "\n*" + about.sentence().replace(about.command, "`" + about.command.replace("`", "'") + "`") + "*\n"
    write_atomic(output, text)
    return len(rows)

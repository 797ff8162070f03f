"""Plain text (``.txt``): decoding in any common encoding, lines as written, pages at form feeds."""

from __future__ import annotations

import re
from pathlib import Path

from scrgraph.errors import ScrgraphError
from scrgraph.extract.cleaning import clean_controls, clean_pages, join_hyphenation
from scrgraph.extract.document import Document, Line
from scrgraph.extract.readers import limits

PIPE_ROW_MIN = 3  # cells a line split at "|" (or tabs) must give to be a table row
_BINARY_SHARE = 100  # more than one control character in this many is binary data, not text


def _utf16_without_mark(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark: every other byte is zero for English text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) > 0.9 * len(zeros):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def decode_text(path: Path, data: bytes) -> str:
    """Bytes as text, newlines as ``\\n``: UTF-8 (with or without BOM), UTF-16 (with a BOM or plainly
    English without), else Windows-1252 or Latin-1; a file that is mostly control bytes is refused."""
    text = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    if text is None:
        text = _utf16_without_mark(data)
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        if text is not None:
            break
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    assert text is not None  # latin-1 decodes anything
    controls = len(text) - len(clean_controls(text)[0])
    if controls > max(2, len(text) // _BINARY_SHARE):
        raise ScrgraphError(f"{path} is not text (it holds binary data); give the document in its own format.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(path: Path, data: bytes, fmt: str) -> tuple[str, Document]:
    """Decoded text cleaned of control characters, and an empty :class:`Document` counting what went."""
    text, removed = clean_controls(decode_text(path, data))
    return text, Document(str(path), fmt, controls_removed=removed)


def document_text(path: Path, data: bytes, fmt: str) -> tuple[str, Document]:
    """:func:`clean_text` within the limits on lines and line length (for formats written line by line)."""
    text, document = clean_text(path, data, fmt)
    limits.check_count(path, text.count("\n") + 1, limits.MAX_LINES, "lines")
    limits.check_line_lengths(path, text.split("\n"))
    return text, document


def _tab_cells(raw: str) -> int:
    """How many cells a line holds between tabs (1 for a line with fewer than two tabs inside it)."""
    inner = raw.strip()
    return inner.count("\t") + 1 if inner.count("\t") >= PIPE_ROW_MIN - 1 else 1


# A line of dashes under a header, one run for each column, set apart by spaces ("----  -------  ---"):
# the header and the rows under it are a table of fixed-width columns (an action log in an email).
RULER = re.compile(r"^\s*-{2,}(?:\s+-{2,}){2,}\s*$")


def _columns(raw: str, starts: list[int]) -> list[str]:
    """A line cut into cells where each column starts."""
    return [raw[a:b].strip() for a, b in zip(starts, starts[1:] + [len(raw) + 1], strict=True)]


def _fixed_width_rows(raws: list[str]) -> list[str]:
    """The lines with each table of fixed-width columns (a header, a ruler of dashes under it, rows until
    a blank line) written with "|" between its cells; a row whose first cell is blank goes on the row
    before it (a cell wrapped onto the next line). The ruler gives where each column starts."""
    out: list[str] = []
    index = 0
    while index < len(raws):
        if not (RULER.match(raws[index]) and out and out[-1].strip()):
            out.append(raws[index])
            index += 1
            continue
        starts = [match.start() for match in re.finditer(r"-{2,}", raws[index])]
        rows = [_columns(out.pop(), starts)]
        index += 1
        while index < len(raws) and raws[index].strip():
            row = _columns(raws[index], starts)
            if row[0] or len(rows) == 1:
                rows.append(row)
            else:
                rows[-1] = [" ".join(part for part in pair if part) for pair in zip(rows[-1], row, strict=True)]
            index += 1
        out.extend(" | ".join(cell or "-" for cell in row) for row in rows)
    return out


def _page_lines(page_text: str, page: int) -> list[Line]:
    """A page's lines, spaces collapsed; two or more lines running together with as many cells between
    tabs (a table copied from a spreadsheet or a web page), and a table of fixed-width columns, are
    written with "|" between their cells."""
    raws = _fixed_width_rows(page_text.split("\n"))
    counts = [_tab_cells(raw) for raw in raws]
    lines = []
    for index, raw in enumerate(raws):
        tabbed = counts[index] > 1 and any(0 <= other < len(raws) and counts[other] == counts[index]
                                            for other in (index - 1, index + 1))
        cells = raw.strip().split("\t") if tabbed else [raw]
        text = " | ".join(" ".join(cell.replace("\u00a0", " ").split()) for cell in cells)
        lines.append(Line(text, page, "text" if text.strip(" |") else "blank"))
    return lines


def _pipe_cells(text: str) -> tuple[str, ...] | None:
    """A line's cells when it is written as a table row ("Rec | Recommendation | Lead | RAG"), else ``None``."""
    if text.count("|") < PIPE_ROW_MIN - 1:
        return None
    cells = tuple(cell.strip() for cell in text.strip().strip("|").split("|"))
    return cells if len(cells) >= PIPE_ROW_MIN else None


def pipe_tables(lines: list[Line]) -> list[Line]:
    """Lines written as the rows of a table, cells between "|", two or more one after another with as
    many cells each (a table pasted as text, a Markdown table in a .txt file), as table rows; a line of
    dashes under the header row is dropped."""
    out: list[Line] = []
    index, table = 0, 0
    while index < len(lines):
        cells = _pipe_cells(lines[index].text) if lines[index].kind == "text" else None
        run = [index]
        while cells and run[-1] + 1 < len(lines) and lines[run[-1] + 1].kind == "text" and (
                (following := _pipe_cells(lines[run[-1] + 1].text)) and len(following) == len(cells)):
            run.append(run[-1] + 1)
        if not cells or len(run) < 2:
            out.append(lines[index])
            index += 1
            continue
        table += 1
        rows = [lines[i] for i in run if not re.fullmatch(r"[\s|:\-–—]+", lines[i].text)]
        for number, line in enumerate(rows, start=1):
            row_cells = _pipe_cells(line.text) or ()
            out.append(Line(" | ".join(row_cells), line.page, "row", cells=row_cells, table=table, row=number))
        index = run[-1] + 1
    return out


def read_txt(path: Path, data: bytes) -> Document:
    """Plain text: pages split at form feeds, cleaned like a PDF's when there are several."""
    text, document = document_text(path, data, "txt")
    pages = [_page_lines(chunk, number) for number, chunk in enumerate(text.split("\f"), start=1)]
    limits.check_count(path, len(pages), limits.MAX_PAGES, "pages")
    document.wrapped, document.pages = True, len(pages)
    if len(pages) > 1:
        document.lines, _ = clean_pages(pages)
    else:
        document.lines = join_hyphenation(pages[0])
    document.lines = pipe_tables(document.lines)
    return document

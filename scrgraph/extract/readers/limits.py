"""The limits every document reader enforces, in one place, and the sentences that refuse a document.

Each limit is checked before the work it guards starts (the file's type and size before it is
read, a Word file's unpacked size from its zip directory before any member is read, an HTML
page's nesting depth before it is walked, a PDF's page count before any page is read), so a
hostile or broken file is refused in one sentence instead of hanging or exhausting memory.
docs/loaders.md ("Limits") lists them for users.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from scrgraph.errors import ScrgraphError

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # the file as stored
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a Word file's members once unzipped, from the zip directory
MAX_ZIP_MEMBERS = 5_000  # files inside a Word file
MAX_PAGES = 2_000  # pages of a PDF
MAX_PAGE_CHARACTERS = 200_000  # characters on one PDF page
MAX_LINE_CHARACTERS = 100_000  # characters in one line or paragraph
MAX_LINES = 500_000  # lines, paragraphs, headings and list items of one document
MAX_TABLE_CELLS = 500_000  # table cells of one document
MAX_NESTING = 200  # depth of nested elements in an HTML page


def check_count(path: Path | str, count: int, limit: int, things: str, hint: str = "") -> None:
    """Refuse a document holding more than ``limit`` of something (lines, table cells, pages, files)."""
    if count > limit:
        advice = f"; {hint}" if hint else ""
        raise ScrgraphError(f"{path} holds {count:,} {things}, more than the limit of {limit:,} {things} "
                            f"for one document{advice}.")


def check_line_lengths(path: Path | str, lines: Iterable[str]) -> None:
    """Refuse a document with a line or paragraph longer than :data:`MAX_LINE_CHARACTERS`."""
    longest = max(map(len, lines), default=0)
    if longest > MAX_LINE_CHARACTERS:
        raise ScrgraphError(f"{path} has a line or paragraph of {longest:,} characters, more than the limit of "
                            f"{MAX_LINE_CHARACTERS:,} characters in one line; break it into paragraphs.")

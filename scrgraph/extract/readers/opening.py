"""Open a document file safely: a regular file, within the size limit, read whole before any parsing."""

from __future__ import annotations

from pathlib import Path

from scrgraph.extract.readers import limits
from scrgraph.input_files import check_regular, read_regular


def check_file(path: Path) -> int:
    """The size of a regular file, or one sentence refusing what is missing, not a file, empty or too large."""
    return check_regular(path, limits.MAX_DOCUMENT_BYTES, "document")


def document_bytes(path: Path) -> bytes:
    """The bytes of a document file after :func:`check_file`; never more than the size limit."""
    return read_regular(path, limits.MAX_DOCUMENT_BYTES, "document")

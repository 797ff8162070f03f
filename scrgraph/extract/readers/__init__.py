"""Read review documents (PDF, Word, HTML, Markdown, plain text) into a :class:`Document`.

One module per format: :mod:`.pdf` (with :mod:`.pdf_text` and :mod:`.pdf_layout`), :mod:`.word`,
:mod:`.html`, :mod:`.markdown`, :mod:`.text`. Every reader works within the limits of
:mod:`.limits`, checked before the work they guard; the file itself is opened by
:mod:`.opening` (regular files only, within the size limit). Control characters are cleaned at
the door (:func:`scrgraph.extract.cleaning.clean_controls`). Every problem is one
:class:`ScrgraphError` sentence that names the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from scrgraph.errors import ScrgraphError
from scrgraph.extract.cleaning import clean_line
from scrgraph.extract.document import Document
from scrgraph.extract.readers import limits
from scrgraph.extract.readers.html import read_html
from scrgraph.extract.readers.markdown import inline_markup, read_md
from scrgraph.extract.readers.markers import list_marker
from scrgraph.extract.readers.opening import check_file, document_bytes
from scrgraph.extract.readers.pdf import read_pdf
from scrgraph.extract.readers.text import decode_text, read_txt
from scrgraph.extract.readers.word import read_docx

FORMATS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html",
           ".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt"}
READERS: dict[str, Callable[[Path, bytes], Document]] = {
    "pdf": read_pdf, "docx": read_docx, "html": read_html, "md": read_md, "txt": read_txt,
}

__all__ = ["FORMATS", "READERS", "decode_text", "document_format", "inline_markup", "list_marker", "read_document"]


def document_format(path: Path) -> str:
    """The format of a document from its file name, or a one-sentence error."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        known = ", ".join(sorted(FORMATS))
        if path.suffix.lower() == ".doc":
            raise ScrgraphError(f"{path} is an old Word .doc file; save it as .docx (or PDF) and try again.")
        raise ScrgraphError(f"{path} is not a document scrgraph can read (use one of {known}).")
    return found


def _clean_lines(document: Document) -> None:
    """Every line's text and cells cleaned of control characters (counted), within the line length limit."""
    removed = 0
    for line in document.lines:
        line.text, count = clean_line(line.text)
        removed += count
        if line.cells:
            cleaned = [clean_line(cell) for cell in line.cells]
            line.cells = tuple(text for text, _ in cleaned)
            removed += sum(count for _, count in cleaned)
    document.controls_removed += removed
    limits.check_count(document.path, len(document.lines), limits.MAX_LINES, "lines and paragraphs")
    limits.check_line_lengths(document.path, (line.text for line in document.lines))
    if document.controls_removed:
        document.warnings.append(f"{document.controls_removed:,} control characters (such as terminal escape codes, "
                                 f"NUL bytes or bidirectional overrides) were removed from the text.")


def read_document(path: Path) -> Document:
    """Read one document file; raise one sentence when it cannot be read."""
    path = Path(path)
    check_file(path)
    fmt = document_format(path)
    data = document_bytes(path)
    document = READERS[fmt](path, data)
    document.sha256 = hashlib.sha256(data).hexdigest()
    _clean_lines(document)
    document.finish()
    if not document.text.strip():
        raise ScrgraphError(f"{path} holds no text.")
    return document

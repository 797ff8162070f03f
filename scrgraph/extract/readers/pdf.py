"""PDF (``.pdf``): the text layer, line by line with paragraph gaps and headings, cleaned of page furniture.

Read with pypdfium2 (Apache/BSD licensed, fast): each page's characters with their position,
font size and weight (:mod:`~scrgraph.extract.readers.pdf_text`), joined into lines in reading
order with headings marked from their size and weight (:mod:`~scrgraph.extract.readers.pdf_layout`);
then running headers, footers, page numbers and hyphenation are cleaned away
(:mod:`scrgraph.extract.cleaning`). A PDF without a text layer (a scan) is refused: OCR is not
supported. The page count is checked before any page is read, and each page's characters before
they are read.
"""

from __future__ import annotations

from pathlib import Path

from scrgraph.errors import ScrgraphError
from scrgraph.extract.cleaning import clean_pages
from scrgraph.extract.document import Document, Line
from scrgraph.extract.readers import limits
from scrgraph.extract.readers.pdf_layout import Row, column_blocks, join_headings, mark_headings, rows
from scrgraph.extract.readers.pdf_text import page_runs


def _pdf_error(path: Path, exc: Exception) -> ScrgraphError:
    message = str(exc).lower()
    if "password" in message:
        return ScrgraphError(f"{path} is encrypted with a password; save an unprotected copy and try again.")
    if "format" in message or "not found" in message or "file" in message:
        return ScrgraphError(f"{path} cannot be read as a PDF: it is damaged, truncated or not a PDF file.")
    return ScrgraphError(f"{path} cannot be read as a PDF ({str(exc).rstrip('.')}).")


def _page_rows(path: Path, page, number: int) -> list[Row]:
    """The lines of one PDF page in reading order."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count > limits.MAX_PAGE_CHARACTERS:
            raise ScrgraphError(f"Page {number} of {path} holds {count:,} characters, more than the limit of "
                                f"{limits.MAX_PAGE_CHARACTERS:,} characters on one page.")
        runs = page_runs(textpage, count)
    finally:
        textpage.close()
    result: list[Row] = []
    for block in column_blocks(runs, page.get_width()):
        result.extend(rows(block))
    return result


def _paragraph_gap(pages: list[list[Row]]) -> float:
    """The vertical gap above a line that starts a new paragraph: wider than the document's usual spacing."""
    gaps = [page[k].bottom - page[k + 1].top for page in pages for k in range(len(page) - 1)]
    heights = sorted(r.top - r.bottom for page in pages for r in page) or [10.0]
    height = heights[len(heights) // 2]
    spacing = sorted(g for g in gaps if g > -height)
    usual = spacing[len(spacing) // 3] if spacing else 0
    return max(usual + 0.5 * height, 1.3 * usual + 2)


def _runs_in(row: Row) -> bool:
    """Whether a line opens with a run-in heading: a few words in bold ending in a full stop or colon,
    then plain text ("Escalation. There was no agreed route ..."); its paragraph starts there, even
    where no gap sets it apart from the one before."""
    lead = row.lead
    words = lead.split()
    after = row.text[len(lead):].lstrip()
    return 1 <= len(words) <= 8 and lead[:1].isupper() and (lead.endswith((".", ":")) or after[:1] in (".", ":")) \
        and len(after.split()) >= 2


def _page_lines(pages: list[list[Row]], gap: float) -> list[list[Line]]:
    """Lines per page, with a blank line where the gap above a line is a paragraph gap, or around a heading."""
    result: list[list[Line]] = []
    for number, page in enumerate(pages, start=1):
        lines: list[Line] = []
        for k, row in enumerate(page):
            previous = page[k - 1] if k else None
            if previous is not None and (previous.bottom - row.top > gap or row.kind != previous.kind == "heading"
                                         or row.kind == "heading" != previous.kind or _runs_in(row)):
                lines.append(Line("", number, "blank"))
            lines.append(Line(row.text, number, row.kind, level=row.level, bold=row.bold))
        result.append(lines)
    return result


def read_pdf(path: Path, data: bytes) -> Document:
    """PDF: the text layer, line by line with paragraph gaps and headings, cleaned of page furniture."""
    import pypdfium2 as pdfium

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ScrgraphError(f"{path} cannot be read as a PDF: it is damaged, truncated or not a PDF file.")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _pdf_error(path, exc) from None
    try:
        count = len(pdf)
        if count == 0:
            raise ScrgraphError(f"{path} has no pages.")
        limits.check_count(path, count, limits.MAX_PAGES, "pages")
        pages: list[list[Row]] = []
        for index in range(count):
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise _pdf_error(path, exc) from None
            try:
                pages.append(_page_rows(path, page, index + 1))
            finally:
                page.close()
    finally:
        pdf.close()
    empty = [number for number, page in enumerate(pages, start=1) if not page]
    if len(empty) == count:
        raise ScrgraphError(f"{path} has no text layer (it looks like a scanned image), and OCR is not supported; "
                            f"run it through an OCR tool first.")
    gap = _paragraph_gap(pages)
    mark_headings(pages, gap)
    pages = [join_headings(page) for page in pages]
    document = Document(str(path), "pdf", wrapped=True, pages=count)
    if empty and len(empty) > count // 10:
        shown = ", ".join(map(str, empty[:8])) + (" ..." if len(empty) > 8 else "")
        document.warnings.append(f"Pages {shown} have no text layer (scanned images?); their text is missing, "
                                 f"as OCR is not supported.")
    document.lines, _ = clean_pages(_page_lines(pages, gap))
    return document

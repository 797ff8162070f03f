"""The text of a document as the readers give it: lines with their page and what they look like.

Every reader (``scrgraph.extract.readers``) turns a file into a :class:`Document`: a list of
:class:`Line` objects in reading order. A line is a physical line for page-laid-out text (PDF and
plain text, ``wrapped`` is true) or a whole paragraph for structured formats (Word, HTML,
Markdown). Blank lines mark paragraph breaks; headings, list items and table rows carry what the
markup said about them. :meth:`Document.finish` joins the lines into ``text`` (one ``\\n`` between
lines) and gives each line its character span, which provenance spans refer to.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    """One line (or paragraph) of a document.

    ``kind`` is ``text``, ``blank``, ``heading`` (``level`` 1-6), ``item`` (a list item from the
    markup, ``marker`` such as ``"1."``, ``"(a)"`` or ``"•"``, ``level`` its nesting depth) or
    ``row`` (a table row: ``cells``, ``table`` its table number, ``row`` its row number).
    """

    text: str
    page: int | None = None
    kind: str = "text"
    level: int = 0
    marker: str | None = None
    bold: bool = False
    cells: tuple[str, ...] = ()
    cell_parts: tuple[tuple[str, ...], ...] = ()  # each cell's own paragraphs, where the format keeps them apart
    table: int | None = None
    row: int | None = None
    start: int = 0
    end: int = 0

    @property
    def blank(self) -> bool:
        """True for an empty line."""
        return self.kind == "blank" or not self.text.strip()


@dataclass
class Document:
    """A document read into lines, with its format, page count and anything the reader doubted."""

    path: str
    format: str
    lines: list[Line] = field(default_factory=list)
    pages: int = 1
    wrapped: bool = False
    sha256: str | None = None
    warnings: list[str] = field(default_factory=list)
    text: str = ""
    controls_removed: int = 0  # control characters cleaned out of the text at the door

    def finish(self) -> Document:
        """Drop repeated blank lines, join the lines into ``text`` and give each line its span."""
        cleaned: list[Line] = []
        for line in self.lines:
            if line.blank:
                if not cleaned or cleaned[-1].blank:
                    continue
                line = Line("", line.page, "blank")
            cleaned.append(line)
        while cleaned and cleaned[-1].blank:
            cleaned.pop()
        offset = 0
        for line in cleaned:
            line.start = offset
            line.end = offset + len(line.text)
            offset = line.end + 1
        self.lines = cleaned
        self.text = "\n".join(line.text for line in cleaned)
        return self

    def span_text(self, start: int, end: int) -> str:
        """The document text between two offsets."""
        return self.text[start:end]

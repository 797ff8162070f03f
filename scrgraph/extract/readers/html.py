"""HTML (``.html``, ``.htm``, ``.xhtml``): the main content's headings, paragraphs, list items and table rows.

Parsed by lxml (libxml2, in C, linear in the page). Navigation, scripts, forms and asides are
left out; the content is the page's ``<main>``, else its ``<article>``, else its body. Before the
page is walked its nesting depth, list items and table cells are counted against the limits
(:mod:`scrgraph.extract.readers.limits`), so the walk itself, which follows the nesting, stays
far inside Python's recursion limit.
"""

from __future__ import annotations

import re
from pathlib import Path

from scrgraph.errors import ScrgraphError
from scrgraph.extract.document import Document, Line
from scrgraph.extract.readers import limits
from scrgraph.extract.readers.markers import list_marker
from scrgraph.extract.readers.text import clean_text

SKIP_TAGS = ("script", "style", "noscript", "nav", "form", "button", "select", "svg", "iframe", "template", "aside",
             "head")
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "blockquote", "li", "ul", "ol", "table",
              "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd", "pre", "figure", "figcaption", "address", "tr",
              "thead", "tbody", "tfoot", "hr", "body", "html", "caption", "details", "summary"}
PARAGRAPH_TAGS = {"p", "dd", "figcaption", "address", "pre", "caption"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BOLD_TAGS = ("strong", "b")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _parse(path: Path, data: bytes, document: Document):
    """The page's element tree (lxml), refused in one sentence when it cannot be parsed."""
    import lxml.etree
    import lxml.html

    if data.lstrip()[:5] == b"<?xml":
        text = data.decode("utf-8", "replace")
        from scrgraph.extract.cleaning import clean_controls

        text, document.controls_removed = clean_controls(text)
    else:
        text, cleaned = clean_text(path, data, "html")
        document.controls_removed = cleaned.controls_removed
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        raise ScrgraphError(f"{path} holds no text.")
    try:
        return lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        raise ScrgraphError(f"{path} cannot be read as an HTML page; it may be damaged or not HTML.") from None


def _check_limits(path: Path, root) -> None:
    """Refuse a page nested too deep, or with too many elements or table cells, before walking it."""
    deepest, elements, cells = 0, 0, 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        elements += 1
        if node.tag in ("td", "th"):
            cells += 1
        stack.extend((child, depth + 1) for child in node)
    if deepest > limits.MAX_NESTING:
        raise ScrgraphError(f"{path} nests its HTML elements {deepest:,} deep, more than the limit of "
                            f"{limits.MAX_NESTING} levels for one document.")
    limits.check_count(path, elements, limits.MAX_LINES, "HTML elements")
    limits.check_count(path, cells, limits.MAX_TABLE_CELLS, "table cells")


def _strip(root) -> None:
    """Comments, processing instructions and the parts that are not content go; a line break reads as a space."""
    import lxml.etree

    lxml.etree.strip_elements(root, lxml.etree.Comment, lxml.etree.ProcessingInstruction, with_tail=False)
    for node in list(root.iter(*SKIP_TAGS)):
        node.drop_tree()
    for node in root.iter("br"):
        node.tail = " " + (node.tail or "")


def _words(node) -> str:
    """All the text of an element, its parts separated by spaces."""
    return " ".join(" ".join(node.itertext()).replace("\u00a0", " ").split())


def _bold(node) -> bool:
    """Whether all the text inside an element (and there is some) is inside ``<strong>`` or ``<b>``."""
    found = False
    stack = [(node, node.tag in BOLD_TAGS)]
    while stack:
        element, inside = stack.pop()
        pieces = [element.text] + [child.tail for child in element]
        if any(piece and piece.strip() for piece in pieces):
            if not inside:
                return False
            found = True
        stack.extend((child, inside or child.tag in BOLD_TAGS) for child in element if isinstance(child.tag, str))
    return found


def _number(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None and len(value) < 10 else default
    except ValueError:
        return default


class _Walk:
    """One walk over the content: the lines of the document in order."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.tables = 0

    def inline_runs(self, node, kind: str = "text", level: int = 0, marker: str | None = None) -> None:
        """The text of an element as lines: a line per run of inline content, block children in between."""
        run: list[str] = []
        bold: list[bool] = []

        def flush() -> None:
            nonlocal run, bold, marker
            joined = " ".join("".join(run).replace("\u00a0", " ").split())
            if joined:
                self.lines.append(Line(joined, 1, kind, level=level, marker=marker, bold=bool(bold) and all(bold)))
                marker = "" if kind == "item" else marker
            run, bold = [], []

        def text(piece: str | None, strong: bool = False) -> None:
            if piece:
                run.append(piece)
                if piece.strip():
                    bold.append(strong)

        text(node.text)
        for child in node:
            if not isinstance(child.tag, str):
                text(child.tail)
                continue
            if child.tag == "br":
                flush()
            elif child.tag in BLOCK_TAGS:
                flush()
                self.block(child, level + 1 if kind == "item" else level)
            else:
                text("".join(child.itertext()), child.tag in BOLD_TAGS or _bold(child))
            text(child.tail)
        flush()

    def block(self, node, level: int = 0) -> None:
        """The lines of one block element."""
        name = node.tag
        if name in HEADING_TAGS:
            words = _words(node)
            if words:
                self.lines.append(Line(words, 1, "heading", level=int(name[1])))
        elif name in ("summary", "dt"):  # an accordion's title ("Brennock Constabulary"), a definition list's term: a heading below the last one
            words = _words(node)
            if words:
                above = next((line.level for line in reversed(self.lines) if line.kind == "heading" and line.text != words), 1)
                self.lines.append(Line(words, 1, "heading", level=min(above + 1, 6)))
        elif name in ("ul", "ol"):
            self.list_items(node, level)
        elif name == "li":
            self.inline_runs(node, "item", level, "•")
        elif name == "table":
            self.table(node)
        elif name == "hr":
            self.lines.append(Line("", 1, "blank"))
        elif name in PARAGRAPH_TAGS:
            before = len(self.lines)
            self.inline_runs(node)
            if len(self.lines) == before + 1 and _bold(node):
                self.lines[-1].bold = True
            self.lines.append(Line("", 1, "blank"))
        else:
            self.inline_runs(node, level=level)

    def list_items(self, node, level: int) -> None:
        """A list's items with their markers as the page shows them (``type``, ``start`` and ``value`` kept)."""
        kind = "bullet" if node.tag == "ul" else (node.get("type") or "1")
        number = _number(node.get("start"), 1) - 1
        for child in node.iterchildren("li"):
            number = _number(child.get("value"), number + 1)
            self.inline_runs(child, "item", level, list_marker(kind, number))
        self.lines.append(Line("", 1, "blank"))

    def table(self, node) -> None:
        """A table's rows (its own, not those of tables inside its cells), a line per row with its cells."""
        self.tables += 1
        number = 0
        for tr in node.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            cells = tuple(_words(cell) for cell in tr.iterchildren("td", "th"))
            if any(cells):
                number += 1
                self.lines.append(Line(" | ".join(cells), 1, "row", cells=cells, table=self.tables, row=number))
        self.lines.append(Line("", 1, "blank"))


def read_html(path: Path, data: bytes) -> Document:
    """HTML: the main content's headings, paragraphs, list items and table rows, in order."""
    document = Document(str(path), "html")
    page = _parse(path, data, document)
    _check_limits(path, page)
    title = page.findtext(".//title")
    _strip(page)
    root = page.find(".//main")
    if root is None:
        root = page.find(".//article")
    if root is None:
        root = page.find("body")
    walk = _Walk()
    walk.block(root if root is not None else page)
    lines = walk.lines
    if title and title.strip() and not any(line.kind == "heading" for line in lines):
        lines.insert(0, Line(" ".join(title.split()), 1, "heading", level=1))
    document.lines = lines
    return document

"""Read review documents (PDF, Word, HTML, Markdown, plain text) into a :class:`Document`.

- ``.pdf``: the text layer, read with pypdfium2 (Apache/BSD licensed, fast), line by line with
  its position so that paragraph gaps show; running headers, footers, page numbers and hyphenation
  are cleaned away (:mod:`scrgraph.extract.cleaning`). A PDF without a text layer (a scan) is
  refused: OCR is not supported.
- ``.docx``: paragraphs in order with their styles (headings, list numbering as Word shows it,
  bold), and tables row by row; pages from Word's own page breaks where the file has them.
- ``.html`` / ``.htm``: headings, paragraphs, lists (with their numbers) and tables of the main
  content; navigation, scripts and forms are left out.
- ``.md`` / ``.markdown``: headings, lists, tables and paragraphs; emphasis and links reduced to
  their text.
- ``.txt`` / ``.text``: lines as written, pages split at form feeds; UTF-8, else UTF-16 with a
  byte-order mark, else Windows-1252 or Latin-1.

Every problem is one :class:`ScrgraphError` sentence.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
from pathlib import Path
from typing import Callable

from scrgraph.errors import ScrgraphError
from scrgraph.extract.cleaning import clean_pages, join_hyphenation
from scrgraph.extract.document import Document, Line

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_PAGES = 2000
FORMATS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html",
           ".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt"}


def document_format(path: Path) -> str:
    """The format of a document from its file name, or a one-sentence error."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        known = ", ".join(sorted({s for s in FORMATS}))
        if path.suffix.lower() == ".doc":
            raise ScrgraphError(f"{path} is an old Word .doc file; save it as .docx (or PDF) and try again.")
        raise ScrgraphError(f"{path} is not a document scrgraph can read (use one of {known}).")
    return found


def read_document(path: Path) -> Document:
    """Read one document file; raise one sentence when it cannot be read."""
    path = Path(path)
    fmt = document_format(path)
    if not path.exists():
        raise ScrgraphError(f"The file {path} does not exist.")
    if path.is_dir():
        raise ScrgraphError(f"{path} is a folder, not a document.")
    size = path.stat().st_size
    if size == 0:
        raise ScrgraphError(f"{path} is empty.")
    if size > MAX_DOCUMENT_BYTES:
        raise ScrgraphError(f"{path} is larger than {MAX_DOCUMENT_BYTES // 1024 // 1024} MB, the limit for one document.")
    data = path.read_bytes()
    reader: Callable[[Path, bytes], Document] = READERS[fmt]
    document = reader(path, data)
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.finish()
    if not document.text.strip():
        raise ScrgraphError(f"{path} holds no text.")
    return document


# ---------------------------------------------------------------------------------------------
# Plain text


def decode_text(path: Path, data: bytes) -> str:
    """Bytes as text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 or Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    text = None
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    assert text is not None  # latin-1 decodes anything
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f") + text.count("\x00")
    if controls > max(2, len(text) // 100):
        raise ScrgraphError(f"{path} is not text (it holds binary data); give the document in its own format.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _page_lines(page_text: str, page: int) -> list[Line]:
    lines = []
    for raw in page_text.split("\n"):
        text = " ".join(raw.replace("\u00a0", " ").split())
        lines.append(Line(text, page, "text" if text else "blank"))
    return lines


def read_txt(path: Path, data: bytes) -> Document:
    """Plain text: pages split at form feeds, cleaned like a PDF's when there are several."""
    text = decode_text(path, data)
    pages = [_page_lines(chunk, number) for number, chunk in enumerate(text.split("\f"), start=1)]
    document = Document(str(path), "txt", wrapped=True, pages=len(pages))
    if len(pages) > 1:
        document.lines, _ = clean_pages(pages)
    else:
        document.lines = join_hyphenation(pages[0])
    return document


# ---------------------------------------------------------------------------------------------
# Markdown

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^(\s*)([-*+•])\s+(.*)$")
_MD_ORDERED = re.compile(r"^(\s*)(\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})([.)])\s+(.*)$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def inline_markup(text: str) -> str:
    """Markdown/HTML inline markup reduced to its words."""
    text = re.sub(r"<sup>(.*?)</sup>", r"\1", text, flags=re.I)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w])", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)
    return " ".join(html_lib.unescape(text).replace("\u00a0", " ").split())


def _md_bold(text: str) -> bool:
    stripped = text.strip()
    return bool(re.fullmatch(r"(\*\*|__)[^*_]+\1:?", stripped))


def read_md(path: Path, data: bytes) -> Document:
    """Markdown: headings, list items (nested by indent), tables and joined paragraph lines."""
    text = decode_text(path, data)
    document = Document(str(path), "md")
    lines: list[Line] = []
    paragraph: list[str] = []
    item: Line | None = None
    item_indent = 0
    table_number = 0
    in_table = False
    row_number = 0
    in_code = False

    def flush() -> None:
        nonlocal paragraph
        if paragraph:
            raw = " ".join(p.strip() for p in paragraph)
            lines.append(Line(inline_markup(raw), 1, "text", bold=_md_bold(raw)))
            paragraph = []

    source = text.split("\n")
    for index, raw in enumerate(source):
        if raw.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        following = source[index + 1] if index + 1 < len(source) else ""
        if not raw.strip():
            flush()
            item = None if item is None or not following.startswith((" ", "\t")) else item
            in_table = False
            lines.append(Line("", 1, "blank"))
            continue
        heading = _MD_HEADING.match(raw)
        if heading:
            flush()
            item = None
            lines.append(Line(inline_markup(heading.group(2)), 1, "heading", level=len(heading.group(1))))
            continue
        if paragraph and re.match(r"^\s{0,3}(=+|-+)\s*$", raw) and not item:
            level = 1 if raw.strip().startswith("=") else 2
            title = inline_markup(" ".join(paragraph))
            paragraph = []
            lines.append(Line(title, 1, "heading", level=level))
            continue
        if _MD_RULE.match(raw):
            flush()
            item = None
            continue
        if raw.strip().startswith("|") and raw.strip().endswith("|") or in_table and "|" in raw:
            flush()
            item = None
            if _MD_TABLE_SEP.match(raw):
                continue
            if not in_table:
                table_number += 1
                row_number = 0
                in_table = True
            cells = tuple(inline_markup(c) for c in raw.strip().strip("|").split("|"))
            row_number += 1
            lines.append(Line(" | ".join(cells), 1, "row", cells=cells, table=table_number, row=row_number))
            continue
        in_table = False
        bullet = _MD_BULLET.match(raw)
        ordered = None if bullet else _MD_ORDERED.match(raw)
        if bullet or ordered:
            flush()
            indent = len((bullet or ordered).group(1).expandtabs(4))
            marker = "•" if bullet else ordered.group(2) + ordered.group(3)
            body = bullet.group(3) if bullet else ordered.group(4)
            item = Line(inline_markup(body), 1, "item", level=indent // 2, marker=marker)
            item_indent = indent
            lines.append(item)
            continue
        indent = len(raw) - len(raw.lstrip())
        if item is not None and (indent > item_indent or not paragraph) and lines and lines[-1] is item:
            item.text = " ".join((item.text + " " + inline_markup(raw)).split())
            continue
        if item is not None and indent > item_indent:
            # A second paragraph inside a list item.
            lines.append(Line(inline_markup(raw), 1, "item", level=item.level + 1, marker=""))
            item = lines[-1]
            continue
        item = None
        paragraph.append(raw)
    flush()
    document.lines = lines
    return document


# ---------------------------------------------------------------------------------------------
# HTML

_SKIP_TAGS = {"script", "style", "noscript", "nav", "form", "button", "select", "svg", "iframe", "template", "aside"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "blockquote", "li", "ul", "ol", "table",
               "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd", "pre", "figure", "figcaption", "address", "tr",
               "thead", "tbody", "tfoot", "hr", "body", "html"}


def _roman(number: int) -> str:
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
              (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


def _letters(number: int) -> str:
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(97 + rest) + out
    return out


def list_marker(kind: str, number: int) -> str:
    """The marker of item ``number`` in a list numbered ``kind`` (1, a, A, i, I, bullet)."""
    if kind == "bullet":
        return "•"
    if kind == "a":
        return _letters(number) + "."
    if kind == "A":
        return _letters(number).upper() + "."
    if kind == "i":
        return _roman(number) + "."
    if kind == "I":
        return _roman(number).upper() + "."
    return f"{number}."


def read_html(path: Path, data: bytes) -> Document:
    """HTML: the main content's headings, paragraphs, list items and table rows, in order."""
    from bs4 import BeautifulSoup, NavigableString, Tag

    text = decode_text(path, data) if not data.lstrip().startswith(b"<?xml") else data.decode("utf-8", "replace")
    soup = BeautifulSoup(text, "lxml")
    for tag in soup.find_all(_SKIP_TAGS):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    document = Document(str(path), "html")
    lines: list[Line] = []
    tables = [0]

    def words(node: Tag) -> str:
        return " ".join(node.get_text(" ", strip=True).replace("\u00a0", " ").split())

    def is_bold(node: Tag) -> bool:
        strong = node.find_all(["strong", "b"])
        return bool(strong) and " ".join(" ".join(s.get_text(" ", strip=True) for s in strong).split()) == words(node)

    def inline_runs(node: Tag, kind: str = "text", level: int = 0, marker: str | None = None) -> None:
        run: list[str] = []
        bold_parts: list[bool] = []

        def flush() -> None:
            nonlocal run, bold_parts, marker
            joined = " ".join(" ".join(run).split())
            if joined:
                lines.append(Line(joined, 1, kind, level=level, marker=marker, bold=all(bold_parts) and bool(bold_parts)))
                marker = "" if kind == "item" else marker
            run, bold_parts = [], []

        for child in node.children:
            if isinstance(child, NavigableString):
                if child.__class__.__name__ in ("Comment", "Doctype", "CData", "ProcessingInstruction"):
                    continue
                if str(child).strip():
                    run.append(str(child))
                    bold_parts.append(False)
                continue
            if not isinstance(child, Tag):
                continue
            if child.name == "br":
                flush()
                continue
            if child.name in _BLOCK_TAGS:
                flush()
                block(child, level)
                continue
            piece = child.get_text(" ", strip=False)
            if piece.strip():
                run.append(piece)
                bold_parts.append(child.name in ("strong", "b") or bool(child.find(["strong", "b"])) and is_bold(child))
        flush()

    def block(node: Tag, level: int = 0) -> None:
        name = node.name
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text_ = words(node)
            if text_:
                lines.append(Line(text_, 1, "heading", level=int(name[1])))
            return
        if name in ("ul", "ol"):
            kind = "bullet" if name == "ul" else (node.get("type") or "1")
            try:
                number = int(node.get("start", 1)) - 1
            except ValueError:
                number = 0
            for child in node.find_all("li", recursive=False):
                number += 1
                try:
                    number = int(child.get("value", number))
                except ValueError:
                    pass
                inline_runs(child, "item", level, list_marker(kind, number))
            lines.append(Line("", 1, "blank"))
            return
        if name == "li":
            inline_runs(node, "item", level, "•")
            return
        if name == "table":
            tables[0] += 1
            number = 0
            for tr in node.find_all("tr"):
                if tr.find_parent("table") is not node:
                    continue
                cells = tuple(words(cell) for cell in tr.find_all(["td", "th"], recursive=False))
                if any(cells):
                    number += 1
                    lines.append(Line(" | ".join(cells), 1, "row", cells=cells, table=tables[0], row=number))
            lines.append(Line("", 1, "blank"))
            return
        if name == "hr":
            lines.append(Line("", 1, "blank"))
            return
        if name in ("p", "dt", "dd", "figcaption", "address", "pre", "caption"):
            before = len(lines)
            inline_runs(node)
            if len(lines) == before + 1 and is_bold(node):
                lines[-1].bold = True
            lines.append(Line("", 1, "blank"))
            return
        inline_runs(node, level=level)

    title = soup.find("title")
    block(root)
    if title and title.get_text(strip=True) and not any(line.kind == "heading" for line in lines):
        lines.insert(0, Line(" ".join(title.get_text(" ", strip=True).split()), 1, "heading", level=1))
    document.lines = lines
    return document


# ---------------------------------------------------------------------------------------------
# Word

def _docx_numbering(doc) -> tuple[dict, dict]:
    """numId -> abstractNumId, and (abstractNumId, ilvl) -> (numFmt, lvlText, start)."""
    from docx.oxml.ns import qn

    nums: dict[str, str] = {}
    levels: dict[tuple[str, str], tuple[str, str, int]] = {}
    try:
        part = doc.part.numbering_part
    except (KeyError, NotImplementedError, AttributeError):
        return nums, levels
    root = part.element
    for num in root.findall(qn("w:num")):
        abstract = num.find(qn("w:abstractNumId"))
        if abstract is not None:
            nums[num.get(qn("w:numId"))] = abstract.get(qn("w:val"))
    for abstract in root.findall(qn("w:abstractNum")):
        aid = abstract.get(qn("w:abstractNumId"))
        for lvl in abstract.findall(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            text = lvl.find(qn("w:lvlText"))
            start = lvl.find(qn("w:start"))
            levels[(aid, lvl.get(qn("w:ilvl")))] = (
                fmt.get(qn("w:val")) if fmt is not None else "decimal",
                text.get(qn("w:val")) if text is not None else "%1.",
                int(start.get(qn("w:val"))) if start is not None else 1,
            )
    return nums, levels


def _format_number(fmt: str, value: int) -> str:
    return {"lowerLetter": _letters(value), "upperLetter": _letters(value).upper(), "lowerRoman": _roman(value),
            "upperRoman": _roman(value).upper()}.get(fmt, str(value))


def read_docx(path: Path, data: bytes) -> Document:
    """Word: paragraphs with heading levels, list numbers and bold; tables row by row."""
    import io
    import zipfile

    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ScrgraphError(f"{path} cannot be read as a Word document ({type(exc).__name__}); it may be damaged or not a .docx file.") from None
    except Exception as exc:  # lxml and python-docx raise many kinds for damaged files
        raise ScrgraphError(f"{path} cannot be read as a Word document: {str(exc).rstrip('.')}.") from None
    nums, levels = _docx_numbering(doc)
    counters: dict[str, dict[int, int]] = {}
    document = Document(str(path), "docx")
    lines: list[Line] = []
    page = 1
    table_number = 0

    def style_chain(style):
        while style is not None:
            yield style
            style = style.base_style

    def num_pr(paragraph: Paragraph) -> tuple[str, int] | None:
        ppr = paragraph._p.pPr
        candidates = [ppr.numPr] if ppr is not None and ppr.numPr is not None else []
        if not candidates:
            for style in style_chain(paragraph.style):
                style_ppr = style.element.pPr
                if style_ppr is not None and style_ppr.numPr is not None:
                    candidates.append(style_ppr.numPr)
                    break
        for numpr in candidates:
            num_id = numpr.numId.val if numpr.numId is not None else None
            ilvl = numpr.ilvl.val if numpr.ilvl is not None else 0
            if num_id is not None and str(num_id) != "0":
                return str(num_id), int(ilvl)
        return None

    def marker_for(num_id: str, ilvl: int) -> str:
        aid = nums.get(num_id)
        fmt, pattern, start = levels.get((aid, str(ilvl)), ("decimal", f"%{ilvl + 1}.", 1))
        if fmt == "bullet":
            return "•"
        state = counters.setdefault(num_id, {})
        state[ilvl] = state.get(ilvl, start - 1) + 1
        for deeper in [k for k in state if k > ilvl]:
            del state[deeper]

        def value(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            lfmt, _, lstart = levels.get((aid, str(level)), ("decimal", "", 1))
            return _format_number(lfmt, state.get(level, lstart))

        return re.sub(r"%(\d)", value, pattern).strip() or "•"

    def paragraph_line(paragraph: Paragraph) -> None:
        nonlocal page
        xml = paragraph._p
        breaks = len(xml.findall(".//" + qn("w:lastRenderedPageBreak"))) + sum(
            1 for br in xml.findall(".//" + qn("w:br")) if br.get(qn("w:type")) == "page")
        if breaks and lines and not paragraph.text.strip():
            page += breaks
            return
        text = " ".join(paragraph.text.replace("\u00a0", " ").split())
        line_page = page
        page += breaks
        if not text:
            lines.append(Line("", line_page, "blank"))
            return
        style_name = (paragraph.style.name if paragraph.style is not None else "") or ""
        heading = re.match(r"(?i)^heading\s*(\d)", style_name)
        runs = [r for r in paragraph.runs if r.text.strip()]
        bold = bool(runs) and all(r.bold or (r.bold is None and r.style is not None and r.style.font.bold) or
                                  (r.bold is None and paragraph.style is not None and paragraph.style.font.bold)
                                  for r in runs)
        if heading:
            lines.append(Line(text, line_page, "heading", level=int(heading.group(1)), bold=bold))
            return
        if style_name.lower() in ("title", "subtitle"):
            lines.append(Line(text, line_page, "heading", level=1 if style_name.lower() == "title" else 2, bold=bold))
            return
        numbering = num_pr(paragraph)
        if numbering is not None:
            num_id, ilvl = numbering
            lines.append(Line(text, line_page, "item", level=ilvl, marker=marker_for(num_id, ilvl), bold=bold))
            return
        if "list bullet" in style_name.lower():
            lines.append(Line(text, line_page, "item", level=0, marker="•", bold=bold))
            return
        lines.append(Line(text, line_page, "text", bold=bold))

    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph_line(Paragraph(child, doc))
            lines.append(Line("", page, "blank"))
        elif child.tag == qn("w:tbl"):
            table_number += 1
            table = Table(child, doc)
            number = 0
            for row in table.rows:
                seen: list = []
                cells = []
                for cell in row.cells:
                    if any(cell._tc is s for s in seen):
                        continue
                    seen.append(cell._tc)
                    cells.append(" ".join(cell.text.replace("\u00a0", " ").split()))
                if any(cells):
                    number += 1
                    lines.append(Line(" | ".join(cells), page, "row", cells=tuple(cells), table=table_number, row=number))
            lines.append(Line("", page, "blank"))
    document.lines = lines
    document.pages = page
    return document


# ---------------------------------------------------------------------------------------------
# PDF

def _pdf_error(path: Path, exc: Exception) -> ScrgraphError:
    message = str(exc).lower()
    if "password" in message:
        return ScrgraphError(f"{path} is encrypted with a password; save an unprotected copy and try again.")
    if "format" in message or "not found" in message or "file" in message:
        return ScrgraphError(f"{path} cannot be read as a PDF: it is damaged, truncated or not a PDF file.")
    return ScrgraphError(f"{path} cannot be read as a PDF ({str(exc).rstrip('.')}).")


def _pdf_page_rows(page) -> list[list]:
    """The text lines of one PDF page, top to bottom: [left, bottom, right, top, text]."""
    textpage = page.get_textpage()
    try:
        boxes = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top)
            text = " ".join(text.replace("\r", " ").replace("\n", " ").split())
            if text:
                boxes.append([left, bottom, right, top, text])
    finally:
        textpage.close()
    width = page.get_width()
    rows: list[list] = []
    for block in _column_blocks(boxes, width):
        rows.extend(_rows(block))
    return rows


def _column_blocks(boxes: list[list], width: float) -> list[list[list]]:
    """Boxes in reading order for a page set in two columns: full-width parts, then left column, then right.

    A gutter is a vertical strip in the middle of the page that almost no line crosses, with text
    lines (not narrow table cells) on both sides down much of the page. A page without one is one block.
    """
    if len(boxes) < 12 or width <= 0:
        return [boxes]
    if sum(1 for b in boxes if b[2] - b[0] > 0.55 * width) > 0.3 * len(boxes):
        return [boxes]  # most lines run across the page: one column
    best = None
    for step in range(30, 71, 2):
        x = width * step / 100
        crossing = [b for b in boxes if b[0] < x - 1 and b[2] > x + 1]
        left = [b for b in boxes if b[2] <= x + 1]
        right = [b for b in boxes if b[0] >= x - 1]
        if len(left) < 6 or len(right) < 6 or len(crossing) > 0.15 * len(boxes):
            continue
        if sum(b[2] - b[0] for b in left) / len(left) < 0.2 * width or sum(b[2] - b[0] for b in right) / len(right) < 0.2 * width:
            continue
        span = lambda side: max(b[3] for b in side) - min(b[1] for b in side)  # noqa: E731
        tall = min(span(left), span(right))
        if best is None or (len(crossing), -tall) < (len(best[1]), -best[2]):
            best = (x, crossing, tall)
    if best is None:
        return [boxes]
    x, crossing, _ = best
    spans = sorted(crossing, key=lambda b: -b[3])
    blocks: list[list[list]] = []
    upper = float("inf")
    for separator in spans + [None]:
        lower = separator[3] if separator is not None else float("-inf")
        inside = [b for b in boxes if b not in crossing and lower <= (b[1] + b[3]) / 2 < upper]
        blocks.append([b for b in inside if b[2] <= x + 1])
        blocks.append([b for b in inside if b[2] > x + 1])
        if separator is not None:
            blocks.append([separator])
            upper = separator[1]
    return [block for block in blocks if block]


def _rows(boxes: list[list]) -> list[list]:
    """Boxes of one column joined into lines, top to bottom: [left, bottom, right, top, text]."""
    # Boxes on one line overlap vertically; join them left to right.
    boxes = sorted(boxes, key=lambda b: (-b[3], b[0]))
    rows: list[list] = []
    for box in boxes:
        if rows:
            row = rows[-1]
            height = min(row[3] - row[1], box[3] - box[1]) or 1
            overlap = min(row[3], box[3]) - max(row[1], box[1])
            if overlap > 0.5 * height:
                row[5].append(box)
                row[1], row[3] = min(row[1], box[1]), max(row[3], box[3])
                continue
        rows.append([box[0], box[1], box[2], box[3], None, [box]])
    for row in rows:
        parts = sorted(row[5], key=lambda b: b[0])
        text = parts[0][4]
        for previous, box in zip(parts, parts[1:]):
            text += ("" if box[0] - previous[2] < 1 and not text.endswith(" ") else " ") + box[4]
        row[4] = " ".join(text.split())
        del row[5]
    return rows


def _pdf_lines(pages_rows: list[list[list]]) -> list[list[Line]]:
    """Lines per page, with a blank line where the gap above a line is wider than the document's usual spacing."""
    gaps = [rows[k][1] - rows[k + 1][3] for rows in pages_rows for k in range(len(rows) - 1)]
    heights = sorted(r[3] - r[1] for rows in pages_rows for r in rows) or [10]
    height = heights[len(heights) // 2]
    spacing = sorted(g for g in gaps if g > -height)
    usual = spacing[len(spacing) // 3] if spacing else 0
    threshold = max(usual + 0.5 * height, 1.3 * usual + 2)
    pages: list[list[Line]] = []
    for number, rows in enumerate(pages_rows, start=1):
        lines: list[Line] = []
        for k, row in enumerate(rows):
            if k > 0 and rows[k - 1][1] - row[3] > threshold:
                lines.append(Line("", number, "blank"))
            lines.append(Line(row[4], number, "text"))
        pages.append(lines)
    return pages


def read_pdf(path: Path, data: bytes) -> Document:
    """PDF: the text layer, line by line with paragraph gaps, cleaned of page furniture."""
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
        if count > MAX_PAGES:
            raise ScrgraphError(f"{path} has {count} pages, more than the limit of {MAX_PAGES} for one document.")
        pages_rows: list[list[list]] = []
        empty: list[int] = []
        for index in range(count):
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise _pdf_error(path, exc) from None
            try:
                rows = _pdf_page_rows(page)
            finally:
                page.close()
            if not rows:
                empty.append(index + 1)
            pages_rows.append(rows)
    finally:
        pdf.close()
    pages = _pdf_lines(pages_rows)
    if len(empty) == count:
        raise ScrgraphError(f"{path} has no text layer (it looks like a scanned image), and OCR is not supported; "
                            f"run it through an OCR tool first.")
    document = Document(str(path), "pdf", wrapped=True, pages=count)
    if empty and len(empty) > count // 10:
        shown = ", ".join(map(str, empty[:8])) + (" ..." if len(empty) > 8 else "")
        document.warnings.append(f"Pages {shown} have no text layer (scanned images?); their text is missing, as OCR is not supported.")
    document.lines, _ = clean_pages(pages)
    return document


READERS: dict[str, Callable[[Path, bytes], Document]] = {
    "pdf": read_pdf, "docx": read_docx, "html": read_html, "md": read_md, "txt": read_txt,
}

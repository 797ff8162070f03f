"""Word (``.docx``): paragraphs with heading levels, list numbers as Word shows them, bold; tables row by row.

A ``.docx`` file is a zip container. Its directory is checked before any member is read: the
number of members and their unpacked size against the limits (a "zip bomb" of a few kilobytes that
unpacks to gigabytes is refused from its directory alone); then the paragraphs and table cells are
counted against theirs before they are read.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from scrgraph.errors import ScrgraphError
from scrgraph.extract.document import Document, Line
from scrgraph.extract.readers import limits
from scrgraph.extract.readers.markers import word_number


def _damaged(path: Path, exc: Exception | None = None) -> ScrgraphError:
    detail = f" ({type(exc).__name__})" if exc is not None else ""
    return ScrgraphError(f"{path} cannot be read as a Word document{detail}; it may be damaged or not a .docx file.")


def check_container(path: Path, data: bytes) -> None:
    """Refuse a Word file whose zip directory is damaged, or names too many members or too much unpacked data."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise _damaged(path, exc) from None
    limits.check_count(path, len(members), limits.MAX_ZIP_MEMBERS, "files in its zip container")
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.MAX_UNPACKED_BYTES:
        raise ScrgraphError(f"{path} would unpack to {unpacked / 1024 / 1024:,.0f} MB, more than the limit of "
                            f"{limits.MAX_UNPACKED_BYTES // 1024 // 1024} MB for one Word document.")


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


def _open(path: Path, data: bytes):
    """The python-docx document, after :func:`check_container`; one sentence when Word's parts are damaged."""
    import docx

    check_container(path, data)
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _damaged(path, exc) from None
    except Exception as exc:  # lxml and python-docx raise many kinds for damaged files
        raise ScrgraphError(f"{path} cannot be read as a Word document: {str(exc).rstrip('.')}.") from None


def _blocks(body):
    """The body's paragraphs and tables in order, including those inside content controls (``w:sdt``)."""
    from docx.oxml.ns import qn

    stack = [iter(body.iterchildren())]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                stack.append(iter(content.iterchildren()))


class _Styles:
    """A document's styles by id, read once: python-docx finds a style, a style's base and a default style
    by scanning every style, for every paragraph and run, so reading took paragraphs times styles."""

    def __init__(self, doc) -> None:
        self.by_id: dict[str, object] = {}
        self.defaults: dict[object, object] = {}
        for style in doc.styles:
            self.by_id.setdefault(style.style_id, style)  # the first of a repeated id, as python-docx finds it
            if style.element.default:
                self.defaults[style.type] = style  # the last default of a type, as python-docx takes it

    def of(self, style_id: str | None, kind):
        """The style a paragraph or run names (``kind``: WD_STYLE_TYPE), else the default for its type."""
        style = self.by_id.get(style_id) if style_id else None
        if style is None or style.type != kind:  # type: ignore[attr-defined]
            return self.defaults.get(kind)
        return style

    def chain(self, style):
        """The style and the styles it is based on, each once (a style based on itself ends the chain)."""
        seen: set[str] = set()
        while style is not None and style.style_id not in seen:
            seen.add(style.style_id)
            yield style
            based = style.element.basedOn_val
            style = self.by_id.get(based) if based else None


class _WordReader:
    """One Word document read into lines: list numbering counted as Word counts it."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.styles = _Styles(doc)
        self.nums, self.levels = _docx_numbering(doc)
        self.counters: dict[str, dict[int, int]] = {}
        self.lines: list[Line] = []
        self.page = 1
        self.tables = 0

    def num_pr(self, paragraph, style) -> tuple[str, int] | None:
        """The list (numId) and level of a numbered paragraph, from its own properties or its style's."""
        ppr = paragraph._p.pPr
        candidates = [ppr.numPr] if ppr is not None and ppr.numPr is not None else []
        if not candidates:
            for ancestor in self.styles.chain(style):
                style_ppr = ancestor.element.pPr
                if style_ppr is not None and style_ppr.numPr is not None:
                    candidates.append(style_ppr.numPr)
                    break
        for numpr in candidates:
            num_id = numpr.numId.val if numpr.numId is not None else None
            ilvl = numpr.ilvl.val if numpr.ilvl is not None else 0
            if num_id is not None and str(num_id) != "0":
                return str(num_id), int(ilvl)
        return None

    def marker_for(self, num_id: str, ilvl: int) -> str:
        """The marker Word shows for the next item of a list at a level ("2.", "b)", "1.3", "•")."""
        aid = self.nums.get(num_id)
        fmt, pattern, start = self.levels.get((aid, str(ilvl)), ("decimal", f"%{ilvl + 1}.", 1))
        if fmt == "bullet":
            return "•"
        state = self.counters.setdefault(num_id, {})
        state[ilvl] = state.get(ilvl, start - 1) + 1
        for deeper in [k for k in state if k > ilvl]:
            del state[deeper]

        def value(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            lfmt, _, lstart = self.levels.get((aid, str(level)), ("decimal", "", 1))
            return word_number(lfmt, state.get(level, lstart))

        return re.sub(r"%(\d)", value, pattern).strip() or "•"

    def outline_level(self, paragraph, style) -> int | None:
        """The heading level Word's outline gives a paragraph (its own ``w:outlineLvl`` or its style's)."""
        from docx.oxml.ns import qn

        sources = [paragraph._p.pPr] + [ancestor.element.pPr for ancestor in self.styles.chain(style)]
        for ppr in sources:
            found = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
            if found is not None:
                level = int(found.get(qn("w:val"), "9")) if found.get(qn("w:val"), "").isdigit() else 9
                return level + 1 if level < 6 else None
        return None

    def _run_bold(self, run) -> bool:
        """True when the character style a run names (or the default one) makes it bold."""
        from docx.enum.style import WD_STYLE_TYPE

        style = self.styles.of(run._r.style, WD_STYLE_TYPE.CHARACTER)
        return style is not None and bool(style.font.bold)

    def paragraph(self, paragraph) -> None:
        """One paragraph as a heading, list item or text line (pages counted at Word's page breaks)."""
        from docx.oxml.ns import qn

        xml = paragraph._p
        breaks = len(xml.findall(".//" + qn("w:lastRenderedPageBreak"))) + sum(
            1 for br in xml.findall(".//" + qn("w:br")) if br.get(qn("w:type")) == "page")
        text = " ".join(paragraph.text.replace("\u00a0", " ").split())
        if breaks and self.lines and not text:
            self.page += breaks
            return
        line_page = self.page
        self.page += breaks
        if not text:
            self.lines.append(Line("", line_page, "blank"))
            return
        from docx.enum.style import WD_STYLE_TYPE

        style = self.styles.of(xml.style, WD_STYLE_TYPE.PARAGRAPH)
        style_name = (style.name if style is not None else "") or ""
        runs = [r for r in paragraph.runs if r.text.strip()]
        bold = bool(runs) and all(r.bold or (r.bold is None and self._run_bold(r)) or
                                  (r.bold is None and style is not None and style.font.bold)
                                  for r in runs)
        heading = re.match(r"(?i)^heading\s*(\d)", style_name)
        if heading:
            self.lines.append(Line(text, line_page, "heading", level=int(heading.group(1)), bold=bold))
        elif style_name.lower() in ("title", "subtitle"):
            self.lines.append(Line(text, line_page, "heading", level=1 if style_name.lower() == "title" else 2, bold=bold))
        elif (numbering := self.num_pr(paragraph, style)) is not None:
            num_id, ilvl = numbering
            self.lines.append(Line(text, line_page, "item", level=ilvl, marker=self.marker_for(num_id, ilvl), bold=bold))
        elif "list bullet" in style_name.lower():
            self.lines.append(Line(text, line_page, "item", level=0, marker="•", bold=bold))
        elif (outline := self.outline_level(paragraph, style)) is not None:
            self.lines.append(Line(text, line_page, "heading", level=outline, bold=bold))
        else:
            self.lines.append(Line(text, line_page, "text", bold=bold))

    def table(self, tbl) -> None:
        """A table's rows from its XML, in one pass: a cell merged down from the row above repeats its text."""
        from docx.oxml.ns import qn
        from docx.text.paragraph import Paragraph

        self.tables += 1
        number = 0
        above: dict[int, str] = {}  # grid column -> text of the cell there in the row above
        above_parts: dict[int, tuple[str, ...]] = {}
        for tr in tbl.iterchildren(qn("w:tr")):
            cells: list[str] = []
            parts_of: list[tuple[str, ...]] = []
            column = 0
            for tc in tr.iterchildren(qn("w:tc")):
                tcpr = tc.find(qn("w:tcPr"))
                span_el = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
                merge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                span = int(span_el.get(qn("w:val"))) if span_el is not None and span_el.get(qn("w:val"), "").isdigit() else 1
                if merge is not None and merge.get(qn("w:val"), "continue") != "restart":
                    text, paragraphs = above.get(column, ""), above_parts.get(column, ())
                else:
                    paragraphs = tuple(part for p in tc.iterchildren(qn("w:p"))
                                       if (part := " ".join(Paragraph(p, self.doc).text.replace("\u00a0", " ").split())))
                    text = " ".join(paragraphs)
                above[column], above_parts[column] = text, paragraphs
                cells.append(text)
                parts_of.append(paragraphs)
                column += max(1, min(span, 64))
            if any(cells):
                number += 1
                self.lines.append(Line(" | ".join(cells), self.page, "row", cells=tuple(cells), table=self.tables,
                                       row=number, cell_parts=tuple(parts_of)))
        self.lines.append(Line("", self.page, "blank"))


def read_docx(path: Path, data: bytes) -> Document:
    """Word: paragraphs with heading levels, list numbers and bold; tables row by row."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    doc = _open(path, data)
    body = doc.element.body
    limits.check_count(path, sum(1 for _ in body.iter(qn("w:p"))), limits.MAX_LINES, "paragraphs")
    limits.check_count(path, sum(1 for _ in body.iter(qn("w:tc"))), limits.MAX_TABLE_CELLS, "table cells")
    reader = _WordReader(doc)
    for child in _blocks(body):
        if child.tag == qn("w:p"):
            reader.paragraph(Paragraph(child, doc))
            reader.lines.append(Line("", reader.page, "blank"))
        else:
            reader.table(child)
    document = Document(str(path), "docx", lines=reader.lines, pages=reader.page)
    return document

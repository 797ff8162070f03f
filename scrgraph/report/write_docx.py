"""Write the report as a Word document (python-docx) that an analyst can restyle.

Everything uses Word's own styles: ``Title`` and ``Heading 1..3`` (so the navigation pane and a
table of contents see the structure), ``List Bullet``, ``Caption`` with ``SEQ Table``/``SEQ
Figure`` fields (so Word can build a list of tables and figures), and a table style. With a
template (``--template FILE.docx``) the document is made from the template: its styles, page
set-up, headers and footers are kept, and its body text is replaced by the report. A style the
template lacks is added, based on its Normal style.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

from scrgraph.controls import xml_safe
from scrgraph.errors import ScrgraphError
from scrgraph.report.model import Bullets, Document, Figure, Heading, Paragraph, Table

TABLE_STYLES = ("Table Grid", "Light Grid Accent 1", "Normal Table")


def docx_bytes(document: Document, template: Path | None = None) -> bytes:
    """The report as the bytes of a .docx file, styled by ``template`` when given."""
    doc = _open(template)
    doc.core_properties.title = document.title
    doc.core_properties.subject = "Learning from reviews"
    doc.core_properties.author = "scrgraph"
    doc.core_properties.keywords = "safeguarding; case reviews; annual report"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    if template is None:
        doc.core_properties.created = now
        doc.core_properties.revision = 1
    doc.core_properties.modified = now
    if template is None:
        _a4(doc)
    for block in document.blocks:
        if isinstance(block, Heading):
            _heading(doc, block)
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, Bullets):
            style = _style(doc, "List Bullet")
            for item in block.items:
                doc.add_paragraph(xml_safe(item), style=style)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Figure):
            _figure(doc, block)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _a4(doc) -> None:
    """Every section on A4 paper with 2 cm margins (python-docx starts from US Letter), in Arial, a
    font every office machine has (LibreOffice's Liberation Sans has its widths), so tables fit as planned."""
    from docx.shared import Mm

    doc.styles["Normal"].font.name = "Arial"
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)


def _text_width(doc) -> int:
    """The width of the page's text in EMU (the last section's page less its margins)."""
    section = doc.sections[-1]
    return int(section.page_width - section.left_margin - section.right_margin)


def _open(template: Path | None):
    import docx

    if template is None:
        return docx.Document()
    template = Path(template)
    if template.suffix.lower() != ".docx":
        raise ScrgraphError(f"The template {template} is not a .docx file; save the board's template as a Word document (.docx).")
    if not template.is_file():
        raise ScrgraphError(f"The template {template} does not exist.")
    try:
        doc = docx.Document(str(template))
    except Exception:
        raise ScrgraphError(f"The template {template} cannot be read as a Word document; open it in Word and save it again as .docx.") from None
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return doc


def _style(doc, name: str, kind: str = "paragraph", level: int | None = None):
    """The template's style ``name``; added (based on Normal) when the template lacks it."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    styles = doc.styles
    try:
        return styles[name]
    except KeyError:
        pass
    style_type = WD_STYLE_TYPE.TABLE if kind == "table" else WD_STYLE_TYPE.PARAGRAPH
    style = styles.add_style(name, style_type)
    if kind == "paragraph":
        with contextlib.suppress(KeyError):
            style.base_style = styles["Normal"]
        if level is not None:
            style.font.bold = True
            style.font.size = Pt({0: 20, 1: 16, 2: 13, 3: 12}.get(level, 11))
            style.paragraph_format.keep_with_next = True
            if level > 0:
                _outline_level(style, level - 1)
        elif name == "Caption":
            style.font.italic = True
            style.font.size = Pt(9)
        elif name == "List Bullet":
            style.paragraph_format.left_indent = Pt(18)
    return style


def _outline_level(style, level: int) -> None:
    """Mark a paragraph style as a heading level (for the navigation pane and contents)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    ppr.append(element)


def _heading(doc, block: Heading) -> None:
    name = "Title" if block.level <= 1 else f"Heading {block.level - 1}"
    style = _style(doc, name, level=0 if block.level <= 1 else block.level - 1)
    doc.add_paragraph(xml_safe(block.text), style=style)


def _paragraph(doc, block: Paragraph) -> None:
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    run = paragraph.add_run(xml_safe(block.text))
    if block.note:
        run.italic = True
        run.font.size = Pt(9)


def _caption(doc, label: str, number: int, caption: str) -> None:
    """A ``Caption`` paragraph "Table 3: ..." whose number is a Word SEQ field (with its value filled in)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = doc.add_paragraph(style=_style(doc, "Caption"))
    paragraph.add_run(f"{label} ")

    def field_run(kind: str | None = None, instruction: str | None = None, text: str | None = None) -> None:
        run = OxmlElement("w:r")
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
        if instruction is not None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = instruction
            run.append(instr)
        if text is not None:
            value = OxmlElement("w:t")
            value.text = text
            run.append(value)
        paragraph._p.append(run)

    field_run("begin")
    field_run(instruction=f" SEQ {label} \\* ARABIC ")
    field_run("separate")
    field_run(text=str(number))
    field_run("end")
    paragraph.add_run(f": {xml_safe(caption)}")
    if label == "Table":
        paragraph.paragraph_format.keep_with_next = True


def _table(doc, block: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Emu, Pt

    _caption(doc, "Table", block.number, block.caption)
    table = doc.add_table(rows=1, cols=len(block.columns))
    for name in TABLE_STYLES:
        try:
            table.style = doc.styles[name]
            break
        except KeyError:
            continue
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    size = table_font_size(len(block.columns))
    header = table.rows[0]
    _row_flags(header, repeat=True)  # the header row repeats on every page the table runs over
    for i, column in enumerate(block.columns):
        cell = header.cells[i]
        run = cell.paragraphs[0].add_run(xml_safe(column))
        run.bold = True
        run.font.size = Pt(size)
        if i in block.numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for values in block.rows:
        row = table.add_row()
        _row_flags(row)  # a row is never split across two pages
        for i, value in enumerate(values):
            cell = row.cells[i]
            cell.paragraphs[0].add_run(xml_safe(value)).font.size = Pt(size)
            if i in block.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    widths = column_widths([block.columns] + block.rows, _text_width(doc), size)
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Emu(width)
        for cell in column.cells:
            cell.width = Emu(width)
    if block.source:
        _paragraph(doc, Paragraph(block.source, note=True))


def table_font_size(columns: int) -> float:
    """The table's font size in points: 9, or 8 for a wide table so each column holds ten characters."""
    return 9 if columns <= 6 else 8


# The average width of a character of running text in Arial (Liberation Sans), as a share of the font
# size; of a bold one (every column's header is bold); of a header word (capitals, bold); and a
# cell's left and right padding (Word's 0.08 inch each side).
CHAR_EM = 0.52
BOLD_EM = 0.56
HEADER_EM = 0.64
CELL_PADDING_PT = 12
MIN_CHARS = 10
EMU_PER_PT = 12700


def column_widths(rows: list[list[str]], total: int, size: float) -> list[int]:
    """Column widths in EMU that add up to ``total``, fitted to the text of ``rows`` (the header first).

    Each column gets at least room for ten characters a line, its header's longest word, its
    longest word up to 16 characters (so words do not break mid-word) and any value of up to 12
    characters on one line, and the rest of the width
    goes to the columns whose text is longest, in proportion to how much more room they would use.
    """
    char = CHAR_EM * size * EMU_PER_PT
    padding = CELL_PADDING_PT * EMU_PER_PT
    least, natural = [], []
    for header, *values in zip(*rows, strict=False):
        words = max((len(w) for v in values for w in str(v).split()), default=0)
        heading = max((len(w) for w in str(header).split()), default=0) * HEADER_EM * size * EMU_PER_PT
        longest = max([len(str(v)) for v in values] + [0])
        short = longest * char if longest <= 12 else 0  # a short value (a date) stays on one line
        least.append(max(MIN_CHARS * BOLD_EM * size * EMU_PER_PT, min(words, 16) * char, heading, short) + padding)
        natural.append(max(least[-1], min(longest, 70) * char + padding))
    spare = total - sum(least)
    if spare <= 0:
        return [int(w * total / sum(least)) for w in least]
    wanted = [n - m for n, m in zip(natural, least, strict=True)]
    if sum(wanted) <= spare:
        extra = spare - sum(wanted)
        return [int(n + extra * n / sum(natural)) for n in natural]
    return [int(m + spare * w / sum(wanted)) for m, w in zip(least, wanted, strict=True)]


def _row_flags(row, repeat: bool = False) -> None:
    """Mark a table row as never split across pages, and as a header row repeated on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    flags = [("w:cantSplit", "true")] + ([("w:tblHeader", "true")] if repeat else [])
    for tag, value in flags:
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        tr_pr.append(element)


def _figure(doc, block: Figure) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches

    doc.add_picture(io.BytesIO(block.png), width=Inches(block.width_inches))
    picture = doc.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    for element in picture._p.iter():
        if element.tag.endswith("}docPr"):
            element.set("descr", xml_safe(block.alt))
            element.set("title", xml_safe(block.caption))
    _caption(doc, "Figure", block.number, block.caption)
    if block.source:
        _paragraph(doc, Paragraph(block.source, note=True))

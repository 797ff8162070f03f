"""Readers: each format gives text with pages, without page furniture; bad files give one sentence."""

from __future__ import annotations

import io

import pytest

from scrgraph.errors import ScrgraphError
from scrgraph.extract.readers import limits, read_document

HEADER = "Testshire SCP - Practice Review: Child T - Summary"


def _body(document) -> str:
    return "\n".join(line.text for line in document.lines)


# ---------------------------------------------------------------------------------------------
# Plain text


def test_txt_pages_lose_headers_footers_and_hyphenation(tmp_path):
    pages = [
        f"{HEADER}\n\n2.1 The review panel met four times and read every agency's report. The\n"
        "health visitor's assess-\nment was thorough, and the panel noted the care taken over the\n"
        "home visits, which were all recorded in full and on the day they took\nPage 1\n",
        f"{HEADER}\n\nplace, so the record of each visit was clear.\n\n2.2 A second paragraph starts here.\n- 2 -\n",
        f"{HEADER}\n\n2.3 The last paragraph.\n3\n",
    ]
    path = tmp_path / "summary.txt"
    path.write_text("\f".join(pages), encoding="utf-8")
    document = read_document(path)
    body = _body(document)
    assert HEADER not in body and "Page 1" not in body and "- 2 -" not in body
    assert "visitor's assessment\nwas thorough" in body and "assess-" not in body
    # The paragraph that runs over the page break is not broken by a blank line.
    texts = [line.text for line in document.lines]
    last_of_page_1 = next(i for i, t in enumerate(texts) if t.endswith("on the day they took"))
    assert texts[last_of_page_1 + 1] == "place, so the record of each visit was clear."
    assert document.lines[last_of_page_1 + 1].page == 2
    # A paragraph that ends a page is kept apart from the next page's first paragraph.
    assert document.pages == 3


@pytest.mark.timeout(60)
def test_a_word_as_long_as_a_line_may_be_is_read_without_hanging(tmp_path):
    # Just under the line limit, ending in a hyphen where it breaks: checking for a broken word once
    # took time growing with the square of the word (about 80 s for this one).
    word = "abcdefghij" * ((limits.MAX_LINE_CHARACTERS - 100) // 10)
    path = tmp_path / "long.txt"
    path.write_text(f"1.1 The record held {word}\nand nothing else.\n\n1.2 {word}-\nments.\n", encoding="utf-8")
    body = _body(read_document(path))
    assert word in body and word + "ments" in body


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_txt_legacy_encodings_are_read(tmp_path, encoding):
    text = "Recommendations\n\n1. The partnership should review the café’s role." if encoding != "latin-1" else \
        "Recommendations\n\n1. The partnership should review the café role."
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    document = read_document(path)
    assert "café" in document.text


def test_binary_text_file_is_refused(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(ScrgraphError, match="is not text"):
        read_document(path)


# ---------------------------------------------------------------------------------------------
# Markdown and HTML


def test_markdown_headings_lists_tables_and_inline_markup(tmp_path):
    path = tmp_path / "brief.md"
    path.write_text(
        "# Learning brief: Child T\n\nSome **bold** and [a link](https://example.org) and 29<sup>th</sup> May.\n"
        "wrapped onto a second line\n\n## Findings\n\n- First finding\n  goes on here\n- Second finding\n\n"
        "1. First recommendation\n2. Second recommendation\n\n| No | Recommendation |\n|---|---|\n| 1 | Do it |\n",
        encoding="utf-8")
    lines = read_document(path).lines
    kinds = [(line.kind, line.text) for line in lines if not line.blank]
    assert ("heading", "Learning brief: Child T") in kinds
    assert ("text", "Some bold and a link and 29th May. wrapped onto a second line") in kinds
    assert ("item", "First finding goes on here") in kinds
    numbered = [line for line in lines if line.kind == "item" and line.marker == "2."]
    assert numbered and numbered[0].text == "Second recommendation"
    rows = [line for line in lines if line.kind == "row"]
    assert [r.cells for r in rows] == [("No", "Recommendation"), ("1", "Do it")]


def test_html_main_content_lists_and_tables(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>T</title><script>var x=1;</script></head><body><nav>Home | Menu</nav>"
        "<main><h2>Recommendations</h2><ol type='a' start='2'><li>First <b>thing</b></li><li>Second</li></ol>"
        "<p>Line one<br>Line two</p><table><tr><th>Ref</th><th>Recommendation</th></tr>"
        "<tr><td>1</td><td>Share it</td></tr></table></main></body></html>", encoding="utf-8")
    lines = [line for line in read_document(path).lines if not line.blank]
    assert all("Menu" not in line.text and "var x" not in line.text for line in lines)
    items = [(line.marker, line.text) for line in lines if line.kind == "item"]
    assert items == [("b.", "First thing"), ("c.", "Second")]
    assert [line.text for line in lines if line.kind == "text"] == ["Line one", "Line two"]
    assert [line.cells for line in lines if line.kind == "row"][1] == ("1", "Share it")


# ---------------------------------------------------------------------------------------------
# Word


def test_docx_headings_numbering_bullets_bold_and_tables(tmp_path):
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_heading("Recommendations", level=1)
    doc.add_paragraph("The partnership should act.", style="List Number")
    doc.add_paragraph("Schools should act.", style="List Number")
    doc.add_paragraph("A bullet", style="List Bullet")
    bold = doc.add_paragraph()
    bold.add_run("Health").bold = True
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Ref", "Recommendation"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "R1", "Audit referrals"
    path = tmp_path / "review.docx"
    doc.save(path)
    lines = [line for line in read_document(path).lines if not line.blank]
    assert (lines[0].kind, lines[0].level, lines[0].text) == ("heading", 1, "Recommendations")
    assert [(line.marker, line.text) for line in lines if line.kind == "item"] == [
        ("1.", "The partnership should act."), ("2.", "Schools should act."), ("•", "A bullet")]
    assert any(line.bold and line.text == "Health" for line in lines)
    assert [line.cells for line in lines if line.kind == "row"] == [("Ref", "Recommendation"), ("R1", "Audit referrals")]


@pytest.mark.timeout(60)
def test_docx_style_based_on_itself_is_read_and_character_styles_make_bold(tmp_path):
    # A style whose basedOn names itself (a damaged or hostile file) made the reader follow it forever.
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    doc = docx.Document()
    doc.add_paragraph("1.1 The panel met four times.", style="Quote")
    doc.add_paragraph().add_run("Children's Social Care").style = "Strong"
    quote = doc.styles["Quote"].element
    quote.find(qn("w:basedOn")).set(qn("w:val"), quote.get(qn("w:styleId")))
    path = tmp_path / "looped-style.docx"
    doc.save(path)
    lines = [line for line in read_document(path).lines if not line.blank]
    assert [(line.text, line.bold) for line in lines] == [("1.1 The panel met four times.", False),
                                                          ("Children's Social Care", True)]


def test_damaged_docx_is_one_sentence(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip file")
    with pytest.raises(ScrgraphError, match="cannot be read as a Word document"):
        read_document(path)


# ---------------------------------------------------------------------------------------------
# PDF


def make_pdf(path, pages: list[list[str]], header: str | None = HEADER, encrypt: bool = False) -> None:
    """A PDF whose pages hold the given lines (an empty string is a paragraph gap), with header and footer."""
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("helvetica", size=8)
                self.cell(0, 6, header, align="C")
                self.ln(12)

        def footer(self) -> None:
            if header:
                self.set_y(-15)
                self.set_font("helvetica", size=8)
                self.cell(0, 6, f"Page {self.page_no()} of {len(pages)}", align="C")

    pdf = Doc()
    pdf.set_auto_page_break(False)
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret")
    for lines in pages:
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        for line in lines:
            if line:
                pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.ln(6)
    pdf.output(str(path))


def test_pdf_text_without_furniture_and_joined_over_page_break(tmp_path):
    path = tmp_path / "review.pdf"
    make_pdf(path, [
        ["4.1 The partnership should make sure that every agency knows how to",
         "escalate a disagreement, and that practitioners are supported to chal-",
         "lenge decisions that they believe leave a child at risk of harm and",
         "that the escalation procedure is easy to find and to use in"],
        ["practice, with a named contact in each agency.", "",
         "4.2 Children's social care should audit referrals."],
    ])
    document = read_document(path)
    texts = [line.text for line in document.lines]
    body = "\n".join(texts)
    assert HEADER not in body and "Page 1 of 2" not in body
    assert "supported to challenge\ndecisions" in body and "chal-" not in body
    cut = texts.index("that the escalation procedure is easy to find and to use in")
    assert texts[cut + 1] == "practice, with a named contact in each agency."
    assert document.lines[cut + 1].page == 2
    assert document.lines[cut + 2].blank and texts[cut + 3].startswith("4.2")
    assert document.format == "pdf" and document.pages == 2


def test_browser_printed_pdf_loses_its_stamp_title_and_address_footer(tmp_path):
    """A web page printed from a browser: a long date-time-title stamp on top of every page, and the page's
    address (cut short at different lengths as the page number grows) with "n/N" at the bottom."""
    from fpdf import FPDF

    stamp = "03/02/26, 4:17 PM Practice review of the partnership's response to neglect in three families - Town Council"
    address = "https://www.example.org/reviews/practice-review-of-the-partnership-response-to-neglect-in-three-famil"
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    for number in range(1, 13):
        pdf.add_page()
        pdf.set_font("helvetica", size=8)
        pdf.cell(0, 6, stamp, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=11)
        pdf.ln(10)
        for line in ("The review found that", "agencies " * number + "held part of the picture,",
                     "and that no one " + "ever " * number + "saw all of it.", "This page says what the review found."):
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-15)
        pdf.set_font("helvetica", size=8)
        cut = address[:len(address) - len(str(number))] + "..."
        pdf.cell(0, 6, f"{cut} {number}/12", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "printed.pdf"
    pdf.output(str(path))
    body = read_document(path).text
    assert "4:17 PM" not in body and "example.org" not in body and "/12" not in body
    assert body.count("This page says what the review found.") == 12


def test_pdf_without_text_layer_says_ocr_is_not_supported(tmp_path):
    from fpdf import FPDF
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(image, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=150)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(ScrgraphError, match="no text layer.*OCR is not supported"):
        read_document(path)


def test_encrypted_pdf_is_one_sentence(tmp_path):
    path = tmp_path / "locked.pdf"
    make_pdf(path, [["Some text"]], encrypt=True)
    with pytest.raises(ScrgraphError, match="encrypted with a password"):
        read_document(path)


def test_truncated_and_fake_pdfs_are_one_sentence(tmp_path):
    good = tmp_path / "good.pdf"
    make_pdf(good, [["Some text on a page"] * 5] * 3)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(bytes(range(256)) * 4)
    for path in (truncated, fake):
        with pytest.raises(ScrgraphError, match="cannot be read as a PDF"):
            read_document(path)


# ---------------------------------------------------------------------------------------------
# Any format


def test_empty_missing_unknown_and_too_large(tmp_path, monkeypatch):
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ScrgraphError, match="is empty"):
        read_document(empty)
    with pytest.raises(ScrgraphError, match="does not exist"):
        read_document(tmp_path / "missing.pdf")
    other = tmp_path / "review.odt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(ScrgraphError, match="is not a document scrgraph can read"):
        read_document(other)
    old = tmp_path / "review.doc"
    old.write_text("x", encoding="utf-8")
    with pytest.raises(ScrgraphError, match="old Word .doc"):
        read_document(old)
    big = tmp_path / "big.txt"
    big.write_text("word " * 100, encoding="utf-8")
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 100)
    with pytest.raises(ScrgraphError, match="larger than"):
        read_document(big)


def test_pdf_in_two_columns_is_read_column_by_column(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 14)
    pdf.cell(0, 10, "Seven minute briefing: Child V", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    left = ("Findings\n\n1. The school did not share its worries about Child V's weight with the school nurse for "
            "three months.\n\n2. The GP practice saw the family six times but never asked who else lived in the "
            "home.\n\n3. Children's social care closed the referral without speaking to Child V alone.")
    right = ("Recommendations\n\n1. Schools should share concerns about a child's weight with the school nurse at "
             "once.\n\n2. GP practices should ask who lives in the household when a child is seen repeatedly.\n\n"
             "3. Children's social care should see every child alone before a referral is closed.")
    top = pdf.get_y()
    pdf.set_xy(10, top)
    pdf.multi_cell(90, 5, left)
    pdf.set_xy(110, top)
    pdf.multi_cell(90, 5, right)
    path = tmp_path / "briefing.pdf"
    pdf.output(str(path))
    texts = [line.text for line in read_document(path).lines if not line.blank]
    assert texts[0] == "Seven minute briefing: Child V"
    assert texts.index("Recommendations") > texts.index("speaking to Child V alone.")
    assert texts[texts.index("Findings") + 1].startswith("1. The school did not share")

    from scrgraph.extract import extract_document

    record = extract_document(path).record
    assert [r["addressees"] for r in record["recommendations"]] == [["school"], ["gp"], ["la_csc"]]
    assert len(record["findings"]) == 3

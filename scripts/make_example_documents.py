"""Make the binary example documents in examples/documents/ (fictional reviews, written for scrgraph).

    python scripts/make_example_documents.py

- northtown-child-q.docx: a practice review whose findings are numbered paragraphs under headings
  and whose recommendations are a Word table (Ref | Recommendation | Agencies).
- riverside-mr-d.pdf: a safeguarding adults review as a PDF with a running header and footer,
  "Finding 1" / "Recommendation 1" labels and a paragraph that runs over a page break.

Needs python-docx and fpdf2 (pip install -e '.[test]'). Every sentence is made up; any likeness to
a real case is chance.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "examples" / "documents"


def child_q_docx(path: Path) -> None:
    """The Child Q practice review as a Word document with a recommendations table."""
    import docx

    doc = docx.Document()
    doc.core_properties.title = "Child Safeguarding Practice Review: Child Q"
    doc.add_paragraph("Child Safeguarding Practice Review: Child Q", style="Title")
    doc.add_paragraph("Northtown Safeguarding Children Partnership (Northtown SCP)")
    doc.add_paragraph("A FICTIONAL review written for scrgraph's examples; any likeness to a real case is chance.")
    doc.add_heading("1. Introduction", level=1)
    doc.add_paragraph("1.1 Child Q died in 2021 at the age of ten weeks. Northtown Safeguarding Children Partnership "
                      "commissioned this review in 2021 and published it in 2022.")
    doc.add_paragraph("1.2 The review was carried out by an independent reviewer, Helen Marsh.")
    doc.add_heading("3. Findings", level=1)
    doc.add_heading("Concerns in pregnancy", level=2)
    doc.add_paragraph("3.1 Concerns about the mother's drug use were known to maternity services during pregnancy "
                      "but were not passed on before the birth.")
    doc.add_heading("Unclear thresholds", level=2)
    doc.add_paragraph("3.2 Practitioners were unsure when a concern about an unborn baby was enough for a referral.")
    doc.add_heading("Safe sleep", level=2)
    doc.add_paragraph("3.3 Safe sleep advice was given once in hospital and never repeated at home, where the "
                      "parents drank alcohol.")
    doc.add_heading("Recording of the early help offer", level=2)
    doc.add_paragraph("3.4 The early help offer was recorded in a separate system that social workers could not see.")
    doc.add_heading("4. Recommendations", level=1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Ref", "Recommendation", "Agencies")):
        cell.text = text
    rows = [
        ("4.1", "Agencies should share information about unborn babies at the first sign of concern, and "
                "children's social care and maternity services should agree how this is done.",
         "Children's Social Care; Maternity services"),
        ("4.2", "The partnership should agree clear criteria for pre-birth referrals so that practitioners know "
                "when a concern about an unborn child should be referred.", "Northtown Safeguarding Children Partnership"),
        ("4.3", "Health visitors should give safe sleep advice at every contact where parents use alcohol or drugs.",
         "Health visiting"),
        ("4.4", "Social workers should be able to see a family's early help history, so that past information "
                "informs every new assessment.", "Early help; Children's Social Care"),
    ]
    for ref, text, agencies in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = ref, text, agencies
    doc.add_heading("5. What happens next", level=1)
    doc.add_paragraph("The partnership will track the actions in its learning and improvement plan.")
    doc.save(path)


def mr_d_pdf(path: Path) -> None:
    """The Mr D adults review as a PDF with page furniture and a paragraph over a page break."""
    from fpdf import FPDF

    class Review(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", size=8)
            self.cell(0, 6, "Riverside Safeguarding Adults Board - Safeguarding Adults Review: Mr D", align="C")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()}", align="C")

    pdf = Review(format="A5")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()

    def heading(text: str) -> None:
        pdf.set_font("helvetica", "B", 12)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    def para(text: str) -> None:
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)

    heading("Safeguarding Adults Review: Mr D")
    para("Riverside Safeguarding Adults Board (Riverside SAB) commissioned this review in 2020 after Mr D died "
         "in a fire at his flat. It was written by an independent reviewer, Tom Ashworth, and published in 2021. "
         "This is a FICTIONAL review written for scrgraph's examples; any likeness to a real case is chance.")
    heading("Background")
    para("Mr D was 71 and lived alone. He had been known to adult social care, his GP, the housing provider and "
         "the fire service for several years. " * 3)
    heading("Findings")
    para("Finding 1: Mr D's hoarding and his refusal of care were recorded as lifestyle choices rather than "
         "self-neglect, so no one asked whether he could make decisions about the risks he was living with.")
    para("Finding 2: Several agencies knew of the fire risk in the flat, but no multi-agency meeting was called "
         "and no single agency held the risk. The housing officer raised the matter twice with adult social care, "
         "and the fire service completed a home fire safety visit, but the three agencies never met, never agreed "
         "who would lead, and never went back to see whether anything had changed for Mr D over the winter months "
         "that followed the visit.")
    heading("Recommendations")
    para("Recommendation 1: Adult Social Care should assess mental capacity about specific decisions when a "
         "person repeatedly refuses care.")
    para("Recommendation 2: The Board should introduce a multi-agency risk management procedure for self-neglect, "
         "with a clear route to escalate when agencies disagree.")
    para("Recommendation 3: Riverside Fire and Rescue Service and the housing provider should agree joint home "
         "safety visits for people at risk of fire.")
    pdf.output(str(path))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    child_q_docx(OUT / "northtown-child-q.docx")
    mr_d_pdf(OUT / "riverside-mr-d.pdf")
    print(f"Wrote {OUT / 'northtown-child-q.docx'} and {OUT / 'riverside-mr-d.pdf'}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

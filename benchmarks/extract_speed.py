"""How fast `scrgraph extract` reads a long PDF: a 100-page text PDF should take under 5 seconds.

    python benchmarks/extract_speed.py [PAGES]

Makes a synthetic review of PAGES pages (default 100) with fpdf2 (running header and footer,
numbered paragraphs, agency sub-headings, recommendations), then times reading it (the PDF text
layer alone) and the whole extraction. Prints pages per second and the ratio of the whole
extraction to reading alone, both measured in the same run, and the processor time of the whole
extraction (on a shared machine the clock time also counts other programs' turns).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

WORDS = ("the agencies shared information about the family and the child was seen at home by the health visitor "
         "who recorded concerns about neglect and the school raised the matter with children's social care "
         "but the referral was not accepted and the case was closed without an assessment of the risks").split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
    return " ".join(words).capitalize() + "."


def make_pdf(path: Path, pages: int, seed: int = 7) -> None:
    """A synthetic review of about ``pages`` pages."""
    from fpdf import FPDF

    rng = random.Random(seed)

    class Review(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", size=8)
            self.cell(0, 6, "Benchtown Safeguarding Children Partnership - Practice Review: Child Z", align="C")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()}", align="C")

    pdf = Review()
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    section, number = 1, 0
    agencies = ["Children's Social Care", "Health", "Benchtown Police", "Education"]
    while pdf.page_no() < pages:
        if number % 25 == 0:
            section += 1
            number = 0
            pdf.set_font("helvetica", "B", 12)
            title = "Recommendations" if section % 4 == 0 else f"Findings {section}"
            pdf.multi_cell(0, 7, f"{section}. {title}", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("helvetica", size=10)
        if number % 8 == 0 and section % 4 == 0:
            pdf.multi_cell(0, 6, rng.choice(agencies), new_x="LMARGIN", new_y="NEXT")
        number += 1
        text = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        if section % 4 == 0:
            text = "The partnership should make sure that " + text[0].lower() + text[1:]
        pdf.multi_cell(0, 5, f"{section}.{number} {text}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.output(str(path))


def main() -> int:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    from scrgraph.extract import extract_document
    from scrgraph.extract.readers import read_document

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long-review.pdf"
        make_pdf(path, pages)
        extract_document(path)  # warm up: vocabularies, profiles, regular expressions
        started = time.perf_counter()
        document = read_document(path)
        reading = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        extraction = extract_document(path)
        whole, whole_cpu = time.perf_counter() - started, time.process_time() - cpu
    counts = extraction.counts()
    print(f"{document.pages} pages: reading {reading:.2f} s ({document.pages / reading:.0f} pages/s), "
          f"whole extraction {whole:.2f} s ({document.pages / whole:.0f} pages/s, {whole / reading:.1f} x reading); "
          f"{counts['findings']} findings, {counts['recommendations']} recommendations.")
    print(f"processor time of the whole extraction {whole_cpu:.2f} s ({whole / whole_cpu:.1f} x less than the clock: "
          f"other programs sharing the processor make the clock time longer).")
    target = 5.0 * document.pages / 100
    print(f"{'OK' if whole < target else 'TOO SLOW'}: target under {target:.1f} s for {document.pages} pages "
          f"({'met' if whole_cpu < target else 'not met'} in processor time).")
    return 0 if whole < target else 1


if __name__ == "__main__":
    raise SystemExit(main())

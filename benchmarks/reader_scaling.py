"""Does every reader take time in proportion to its input? Each doubling of the input should at most double the time.

    python benchmarks/reader_scaling.py [--only txt,html,...] [--repeats 3] [--start 1]

For text, Markdown, HTML, Word (DOCX), PDF, CSV and XLSX inputs, made at run time (nothing large is
stored), at 1x, 2x, 4x and 8x a base size: ordinary review-like inputs (many short paragraphs, pages,
tracker rows) and the pathological shapes the limits still allow (one very long line or paragraph,
one very long word, one very long tracker cell; docs/loaders.md, "Limits" and
docs/limits.md). Times two paths for each input: the reader alone (``read_document``, ``read_tracker``)
and the whole pipeline (``extract_document``: reading and recognition; ``import_tracker``: reading,
matching the rows to the review and writing them to a store), so a superlinear step hidden in
recognition shows too.

Each time is the least of ``--repeats`` rounds (each round times every size in turn) of processor time (the machine is shared: the clock also
counts other programs' turns). A call that is quicker than 0.2 s at 1x is repeated within each run,
the same number of times at every size. Prints the ratio of each doubling (time at 2x over time at
1x, 4x over 2x, 8x over 4x) and a verdict per input: linear when every ratio is at most 2.3 (2 plus
noise); an input whose ratios look worse is timed again (up to two more sets of rounds, the least
time kept), since one busy spell on a shared machine can slow one size. Exits 1 when any input is
still superlinear.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import math
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from extract_speed import sentence  # noqa: E402

SIZES = (1, 2, 4, 8)
LINEAR = 2.3  # the most a doubling may cost: twice the time, plus noise
MIN_SECONDS = 0.2  # a call quicker than this at 1x is repeated within each timing
RETRIES = 2  # more sets of rounds for an input whose ratios look superlinear, to tell noise from a real cost
EXAMPLES = REPO / "examples" / "records"
REVIEW = "northtown-scp-child-q"
HEADINGS = ("Introduction", "Background", "Findings", "Recommendations")


@dataclass
class Shape:
    """One kind of input: its format, a name, how to write it at a scale, and its base size in words."""

    fmt: str
    name: str
    write: Callable[[Path, int], None]
    suffix: str
    base: str  # what 1x is, for the printout
    capped: bool = False  # 8x is near a limit, so --start does not grow it


def _paragraphs(count: int, seed: int = 3) -> list[tuple[str, str]]:
    """``count`` review-like paragraphs as (heading or "", text): numbered, under four recurring headings."""
    rng = random.Random(seed)
    result = []
    for index in range(count):
        heading = HEADINGS[(index // 20) % len(HEADINGS)] if index % 20 == 0 else ""
        text = " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))
        if heading == "Recommendations" or (index // 20) % len(HEADINGS) == 3:
            text = "The partnership should make sure that " + text[0].lower() + text[1:]
        result.append((heading, f"{index // 20 + 1}.{index % 20 + 1} {text}"))
    return result


def _long_line(characters: int, seed: int = 5) -> str:
    """Words of review text, in one line of about ``characters`` characters."""
    rng = random.Random(seed)
    words, size = [], 0
    while size < characters:
        words.append(sentence(rng))
        size += len(words[-1]) + 1
    return " ".join(words)[:characters].rstrip()


def _long_word(characters: int) -> str:
    """One word of ``characters`` letters (a search for a hyphen ending a line once took minutes on it)."""
    return "assess" * (characters // 6)


TITLE = "Serious Case Review: Child Z"
PARAGRAPHS = 150  # short paragraphs at 1x
LINE = 12_000  # characters of the long line, paragraph or word at 1x (8x stays within the 100,000 limit)


def _text_lines(scale: int) -> list[str]:
    lines = [TITLE, ""]
    for heading, text in _paragraphs(PARAGRAPHS * scale):
        if heading:
            lines += [heading, ""]
        lines += [text, ""]
    return lines


def write_txt_paragraphs(path: Path, scale: int) -> None:
    path.write_text("\n".join(_text_lines(scale)), encoding="utf-8")


def write_txt_line(path: Path, scale: int) -> None:
    path.write_text(f"{TITLE}\n\n1.1 {_long_line(LINE * scale)}\n\n1.2 A short paragraph.\n", encoding="utf-8")


def write_txt_word(path: Path, scale: int) -> None:
    path.write_text(f"{TITLE}\n\n1.1 The {_long_word(LINE * scale)}\n\n1.2 The assess-\nment was thorough.\n",
                    encoding="utf-8")


def write_md_paragraphs(path: Path, scale: int) -> None:
    lines = [f"# {TITLE}", ""]
    for heading, text in _paragraphs(PARAGRAPHS * scale):
        if heading:
            lines += [f"## {heading}", ""]
        lines += [text.replace(" the child ", " *the child* ", 1), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_md_line(path: Path, scale: int) -> None:
    text = _long_line(LINE * scale).replace(" the ", " *the ").replace(" and ", " and* ")
    path.write_text(f"# {TITLE}\n\n1.1 {text}\n\n1.2 A short [paragraph](https://example.org).\n", encoding="utf-8")


def _html(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>{body}</body></html>"


def write_html_paragraphs(path: Path, scale: int) -> None:
    parts = []
    for heading, text in _paragraphs(PARAGRAPHS * scale):
        if heading:
            parts.append(f"<h2>{heading}</h2>")
        parts.append(f"<p>{text.replace(' child ', ' <em>child</em> ', 1)}</p>")
    path.write_text(_html("\n".join(parts)), encoding="utf-8")


def write_html_line(path: Path, scale: int) -> None:
    path.write_text(_html(f"<p>1.1 {_long_line(LINE * scale)}</p><p>1.2 A short paragraph.</p>"), encoding="utf-8")


def write_html_word(path: Path, scale: int) -> None:
    path.write_text(_html(f"<p>1.1 The {_long_word(LINE * scale)} was thorough.</p>"), encoding="utf-8")


def write_docx_paragraphs(path: Path, scale: int) -> None:
    from docx import Document

    document = Document()
    document.add_heading(TITLE, 0)
    for heading, text in _paragraphs(PARAGRAPHS * scale):
        if heading:
            document.add_heading(heading, 1)
        document.add_paragraph(text)
    document.save(str(path))


def write_docx_line(path: Path, scale: int) -> None:
    from docx import Document

    document = Document()
    document.add_heading(TITLE, 0)
    document.add_paragraph(f"1.1 {_long_line(LINE * scale)}")
    document.add_paragraph(f"1.2 The {_long_word(LINE * scale)} was thorough.")
    document.save(str(path))


def _pdf_document(paragraphs: list[tuple[str, str]], path: Path) -> None:
    """The paragraphs as a PDF with a running header and a page number on every page (fpdf2)."""
    from fpdf import FPDF

    class Review(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", size=8)
            self.cell(0, 6, TITLE, align="C")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()}", align="C")

    pdf = Review()
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for heading, text in paragraphs:
        if heading:
            pdf.set_font("helvetica", "B", 12)
            pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.output(str(path))


def write_pdf_paragraphs(path: Path, scale: int) -> None:
    _pdf_document(_paragraphs(PARAGRAPHS // 3 * scale), path)


def write_pdf_line(path: Path, scale: int) -> None:
    _pdf_document([("Findings", f"1.1 {_long_line(LINE // 2 * scale)}"), ("", "1.2 A short paragraph.")], path)


def _tracker_rows(count: int, long_cell: int = 0) -> list[list[str]]:
    from scrgraph.record import read_record

    refs = [item["ref"] for item in read_record(EXAMPLES / f"{REVIEW}.yaml").items("recommendations")]
    rows = [["Rec No", "Action", "Lead agency", "Target date", "Status", "Evidence"]]
    for index in range(count):
        rows.append([refs[index % len(refs)], f"Action number {index} of the plan", "Police", "31/12/2025",
                     ("Open", "Complete", "Delayed")[index % 3], "Minutes of the board" if index % 2 else ""])
    if long_cell:
        rows[1][1] = _long_line(long_cell)
    return rows


TRACKER_ROWS = 500  # rows at 1x
CSV_CELL = 16_000  # characters of the long cell at 1x (8x stays within the 131,072 limit)
XLSX_CELL = 4_000  # characters of the long cell at 1x (8x stays within Excel's 32,767)


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def _write_xlsx(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(row)
    workbook.save(str(path))


SHAPES = [
    Shape("txt", "short paragraphs", write_txt_paragraphs, ".txt", f"{PARAGRAPHS} paragraphs"),
    Shape("txt", "one long line", write_txt_line, ".txt", f"a line of {LINE:,} characters", capped=True),
    Shape("txt", "one long word", write_txt_word, ".txt", f"a word of {LINE:,} letters", capped=True),
    Shape("md", "short paragraphs", write_md_paragraphs, ".md", f"{PARAGRAPHS} paragraphs"),
    Shape("md", "one long line", write_md_line, ".md", f"a line of {LINE:,} characters", capped=True),
    Shape("html", "short paragraphs", write_html_paragraphs, ".html", f"{PARAGRAPHS} paragraphs"),
    Shape("html", "one long paragraph", write_html_line, ".html", f"a paragraph of {LINE:,} characters", capped=True),
    Shape("html", "one long word", write_html_word, ".html", f"a word of {LINE:,} letters", capped=True),
    Shape("docx", "short paragraphs", write_docx_paragraphs, ".docx", f"{PARAGRAPHS} paragraphs"),
    Shape("docx", "long paragraph and word", write_docx_line, ".docx", f"{LINE:,} characters each", capped=True),
    Shape("pdf", "short paragraphs", write_pdf_paragraphs, ".pdf", f"{PARAGRAPHS // 3} paragraphs"),
    Shape("pdf", "one long paragraph", write_pdf_line, ".pdf", f"a paragraph of {LINE // 2:,} characters", capped=True),
    Shape("csv", "rows", lambda p, k: _write_csv(p, _tracker_rows(TRACKER_ROWS * k)), ".csv", f"{TRACKER_ROWS} rows"),
    Shape("csv", "one long cell", lambda p, k: _write_csv(p, _tracker_rows(20, CSV_CELL * k)), ".csv",
          f"a cell of {CSV_CELL:,} characters", capped=True),
    Shape("xlsx", "rows", lambda p, k: _write_xlsx(p, _tracker_rows(TRACKER_ROWS * k)), ".xlsx", f"{TRACKER_ROWS} rows"),
    Shape("xlsx", "one long cell", lambda p, k: _write_xlsx(p, _tracker_rows(20, XLSX_CELL * k)), ".xlsx",
          f"a cell of {XLSX_CELL:,} characters", capped=True),
]


def _cpu(call: Callable[[Path], object], path: Path, inner: int) -> float:
    """The processor time of ``inner`` calls on one file, after a garbage collection."""
    gc.collect()
    started = time.process_time()
    for _ in range(inner):
        call(path)
    return time.process_time() - started


def _paths(shape: Shape, store_path: Path) -> dict[str, Callable[[Path], object]]:
    """The reader alone and the whole pipeline, for a shape's format."""
    if shape.fmt in ("csv", "xlsx"):
        from scrgraph.actions.importing import import_tracker
        from scrgraph.actions.profiles import load_profile
        from scrgraph.actions.reading import read_tracker
        from scrgraph.store import GraphStore

        def whole(path: Path) -> object:
            with GraphStore.open(store_path) as store:
                return import_tracker(store, path, REVIEW, dt.date(2025, 1, 1))

        return {"read_tracker": lambda path: read_tracker(path, load_profile("default")), "import_tracker": whole}
    from scrgraph.extract import extract_document
    from scrgraph.extract.readers import read_document

    return {"read_document": read_document, "extract_document": extract_document}


def _ratios(times: list[float]) -> list[float]:
    """The time of each size over the time of the size half as large."""
    return [later / max(earlier, 1e-9) for earlier, later in zip(times, times[1:], strict=False)]


def measure(shape: Shape, work: Path, store_path: Path, repeats: int, start: int) -> list[tuple[str, list[float], int]]:
    """For each path: the processor time at every size (``start`` times larger unless capped), and the calls per timing."""
    files = []
    for scale in SIZES:
        path = work / f"{shape.fmt}-{shape.name.replace(' ', '-')}-{scale}x{shape.suffix}"
        shape.write(path, scale if shape.capped else scale * start)
        files.append(path)
    results = []
    for label, call in _paths(shape, store_path).items():
        call(files[0])  # warm up: modules, vocabularies, profiles
        once = min(_cpu(call, files[0], 1) for _ in range(3))
        inner = max(1, math.ceil(MIN_SECONDS / max(once, 1e-4)))
        times = [math.inf] * len(files)
        for _set in range(RETRIES + 1):
            for _ in range(repeats):  # sizes in turn within each round, so a busy spell slows all of them alike
                for index, path in enumerate(files):
                    times[index] = min(times[index], _cpu(call, path, inner))
            if max(_ratios(times)) <= LINEAR:
                break
        results.append((label, times, inner))
    for path in files:
        path.unlink()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="formats to measure, comma-separated (txt,md,html,docx,pdf,csv,xlsx)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each timing; the least is kept")
    parser.add_argument("--start", type=int, default=1,
                        help="make 1x this many times the base size (paragraphs, pages, rows; not the long lines, "
                             "already near their limit) to look for a cost that shows only in larger inputs")
    args = parser.parse_args()
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    shapes = [shape for shape in SHAPES if not only or shape.fmt in only]
    work = Path(tempfile.mkdtemp(prefix="reader-scaling-"))
    superlinear = []
    try:
        store_path = work / "store"
        if any(shape.fmt in ("csv", "xlsx") for shape in shapes):
            from scrgraph.record import read_record
            from scrgraph.store import GraphStore

            with GraphStore.open(store_path, create=True) as store:
                store.load_records([read_record(EXAMPLES / f"{REVIEW}.yaml")])
        print(f"processor seconds at {', '.join(f'{s}x' for s in SIZES)}; ratio of each doubling (linear: at most {LINEAR})")
        for shape in shapes:
            for label, times, inner in measure(shape, work, store_path, args.repeats, args.start):
                ratios = _ratios(times)
                verdict = "linear" if max(ratios) <= LINEAR else "SUPERLINEAR"
                if verdict != "linear":
                    superlinear.append(f"{shape.fmt} {shape.name} ({label})")
                calls = f" x{inner} calls" if inner > 1 else ""
                base = shape.base if shape.capped or args.start == 1 else f"{args.start} x {shape.base}"
                print(f"{shape.fmt:5} {shape.name:24} {label:17} 1x = {base}{calls}: "
                      f"{' '.join(f'{t:.3f}' for t in times)} s; ratios {' '.join(f'{r:.2f}' for r in ratios)}: {verdict}",
                      flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("every reader linear" if not superlinear else f"superlinear: {'; '.join(superlinear)}")
    return 1 if superlinear else 0


if __name__ == "__main__":
    raise SystemExit(main())

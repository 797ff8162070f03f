"""Do the readers take time in proportion to their input? Each one at 1x, 2x, 4x and 8x.

    python benchmarks/reader_scaling.py [--base N] [--repeat R] [--only text html ...]

For every kind of file scrgraph reads (review documents as text, HTML, Word and PDF, and action
trackers as CSV and Excel), makes inputs of 1, 2, 4 and 8 times a base size in a temporary folder
(nothing is stored), and times the whole path a user runs: ``scrgraph extract``'s extraction for a
document (reading, cleaning, recognising findings, recommendations and agencies), the tracker reader
for a tracker, and the whole tracker import (``import``: read, matched to the review's recommendations
and written to a store). Extra shapes look for work that grows faster than the input inside one line
or in what a file declares once: a text whose paragraphs are all one line (up to the line limit), one
long unbroken word, an HTML paragraph and word as long, Markdown, and a Word document whose every
paragraph has a style of its own (``docx-styles``: the styles grow with the text).

Each time is the processor time of the best of ``--repeat`` runs (so other programs on a shared
machine count less). Prints, per kind, the seconds at each size, the ratio of each doubling
(``t(2x)/t(1x)``, ...) and the exponent ``k`` of the best fit ``time ~ size**k`` over the four
sizes: 1 is linear, 2 quadratic. A reader is linear when ``k`` is at most :data:`LINEAR` (1, and
room for noise: a single doubling on a busy machine can read anywhere from 1.5 to 3). Exits 1 if any
reader is not.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_speed import make_pdf, sentence  # noqa: E402

LINEAR = 1.15  # the largest exponent of time ~ size**k still read as linear (8x the input in 10.9x the time)
SIZES = (1, 2, 4, 8)
AGENCIES = ["Children's Social Care", "the Police", "the Health Visiting Service", "Education", "the GP practice"]


def review_paragraphs(count: int, seed: int = 3) -> list[tuple[str, str]]:
    """A fictional review as (kind, text) blocks: headings, findings and recommendations, ``count`` paragraphs.

    Every third section of 20 paragraphs is recommendations, so with ``count`` a multiple of 60 the
    findings and recommendations grow in the same proportion as the text.
    """
    rng = random.Random(seed)
    blocks: list[tuple[str, str]] = [("heading", "Benchtown Safeguarding Partnership: Practice Review of Child Z")]
    section = 0
    for number in range(count):
        if number % 20 == 0:
            section += 1
            blocks.append(("heading", "Recommendations" if section % 3 == 0 else f"Finding {section}"))
        text = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        if section % 3 == 0:
            text = f"{rng.choice(AGENCIES)} should make sure that " + text[0].lower() + text[1:]
        blocks.append(("para", f"{section}.{number % 20 + 1} {text}"))
    return blocks


def write_text(path: Path, size: int) -> Path:
    path.write_text("\n\n".join(text for _, text in review_paragraphs(180 * size)) + "\n", encoding="utf-8")
    return path


def write_html(path: Path, size: int) -> Path:
    from html import escape

    body = "".join(f"<h2>{escape(t)}</h2>\n" if kind == "heading" else f"<p>{escape(t)}</p>\n"
                   for kind, t in review_paragraphs(180 * size))
    path.write_text(f"<!doctype html><html><head><title>Review</title></head><body>{body}</body></html>", encoding="utf-8")
    return path


def write_docx(path: Path, size: int) -> Path:
    from docx import Document

    document = Document()
    for kind, text in review_paragraphs(180 * size):
        if kind == "heading":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def write_pdf(path: Path, size: int) -> Path:
    make_pdf(path, pages=10 * size)
    return path


def write_long_lines(path: Path, size: int) -> Path:
    """Paragraphs that are each one long line: 8,000 characters at 1x, up to the line limit at 8x."""
    rng = random.Random(5)
    paragraphs = []
    for number in range(20):
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < 8_000 * size:
            words.append(sentence(rng))
        paragraphs.append(f"{number + 1}. " + " ".join(words))
    path.write_text("Findings\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def write_long_word(path: Path, size: int) -> Path:
    """One unbroken word of 12,000 characters per 1x, in a few ordinary paragraphs."""
    rng = random.Random(6)
    word = "".join(rng.choice("abcdefghij") for _ in range(12_000 * size))
    path.write_text("Findings\n\n1. The record held " + word + " and nothing else.\n\n2. " + sentence(rng) + "\n",
                    encoding="utf-8")
    return path


def write_markdown(path: Path, size: int) -> Path:
    lines = [f"## {t}" if kind == "heading" else t.replace(" the ", " *the* ", 1) for kind, t in review_paragraphs(180 * size)]
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_html_long(path: Path, size: int) -> Path:
    """One paragraph of 12,000 characters per 1x (up to the line limit at 8x), and one long word."""
    rng = random.Random(7)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < 12_000 * size:
        words.append(sentence(rng))
    word = "".join(rng.choice("abcdefghij") for _ in range(10_000 * size))
    path.write_text(f"<!doctype html><html><body><h2>Findings</h2><p>1. {' '.join(words)}</p>"
                    f"<p>2. The record held <b>{word}</b> and nothing else.</p></body></html>", encoding="utf-8")
    return path


def write_docx_styles(path: Path, size: int) -> Path:
    """A Word document whose every paragraph has a style of its own, based on the one before (in chains of 10):
    the styles grow with the text, as in a document pasted together from many others."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    document = Document()
    base = document.styles["Normal"]
    for number, (kind, text) in enumerate(review_paragraphs(100 * size)):
        style = document.styles.add_style(f"Pasted {number}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = base
        base = style if number % 10 else document.styles["Normal"]
        document.add_paragraph(text, style=style if kind == "para" else "Heading 2")
    document.save(str(path))
    return path


def write_csv(path: Path, size: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Rec No", "Action", "Lead agency", "Target date", "Status", "RAG"])
        for index in range(5_000 * size):
            writer.writerow([f"{index % 12 + 1}", f"Action {index}: review the referral pathway and train staff", "Police",
                             "31/12/2025", ("Open", "Complete", "Delayed")[index % 3], ("Red", "Amber", "Green")[index % 3]])
    return path


def write_xlsx(path: Path, size: int) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Action plan")
    sheet.append(["Rec No", "Action", "Lead agency", "Target date", "Status", "RAG"])
    for index in range(2_000 * size):
        sheet.append([f"{index % 12 + 1}", f"Action {index}: review the referral pathway and train staff", "Police",
                      "31/12/2025", ("Open", "Complete", "Delayed")[index % 3], ("Red", "Amber", "Green")[index % 3]])
    workbook.save(str(path))
    return path


def extract(path: Path) -> None:
    from scrgraph.extract import extract_document

    extract_document(path)


def import_tracker(path: Path) -> None:
    """The whole import: the tracker read, its rows matched to the review's recommendations and written to a store."""
    import datetime as dt

    from scrgraph.actions.importing import import_tracker as run_import
    from scrgraph.store import GraphStore

    with GraphStore.open(_review_store()) as store:
        run_import(store, path, IMPORT_REVIEW, dt.date(2025, 1, 1))


IMPORT_REVIEW = "northtown-scp-child-q"
_STORE: list[Path] = []


def _review_store() -> Path:
    """A store holding the one example review the imported tracker answers (made once, in a temporary folder)."""
    if not _STORE:
        from scrgraph.record import read_record
        from scrgraph.store import GraphStore

        folder = Path(tempfile.mkdtemp(prefix="reader-scaling-store-"))
        with GraphStore.open(folder / "store", create=True) as store:
            store.load_records([read_record(REPO / "examples" / "records" / f"{IMPORT_REVIEW}.yaml")])
        _STORE.append(folder / "store")
    return _STORE[0]


def write_import(path: Path, size: int) -> Path:
    """A CSV tracker of 1,000 actions per 1x answering the example review's recommendations."""
    from scrgraph.record import read_record

    refs = [item["ref"] for item in read_record(REPO / "examples" / "records" / f"{IMPORT_REVIEW}.yaml").items("recommendations")]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Rec No", "Action", "Lead agency", "Target date", "Status", "RAG"])
        for index in range(1_000 * size):
            writer.writerow([refs[index % len(refs)], f"Action {index}: review the referral pathway", "Police",
                             "31/12/2025", ("Open", "Complete", "Delayed")[index % 3], ("Red", "Amber", "Green")[index % 3]])
    return path


def read_tracker(path: Path) -> None:
    from scrgraph.actions.profiles import load_profile
    from scrgraph.actions.reading import read_tracker as read

    read(path, load_profile())


KINDS: dict[str, tuple[str, Callable[[Path, int], Path], Callable[[Path], None]]] = {
    "text": (".txt", write_text, extract),
    "html": (".html", write_html, extract),
    "docx": (".docx", write_docx, extract),
    "pdf": (".pdf", write_pdf, extract),
    "long-lines": (".txt", write_long_lines, extract),
    "long-word": (".txt", write_long_word, extract),
    "markdown": (".md", write_markdown, extract),
    "html-long": (".html", write_html_long, extract),
    "docx-styles": (".docx", write_docx_styles, extract),
    "csv": (".csv", write_csv, read_tracker),
    "xlsx": (".xlsx", write_xlsx, read_tracker),
    "import": (".csv", write_import, import_tracker),
}


def best_time(run: Callable[[Path], None], path: Path, repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds of processor time."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run(path)
        times.append(time.process_time() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=1, help="multiply every base size by this")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest counts")
    parser.add_argument("--only", nargs="*", choices=sorted(KINDS), help="measure only these kinds")
    args = parser.parse_args()
    failed = []
    print(f"{'kind':<11} {'bytes at 1x':>12}  " + "  ".join(f"{f'{s}x s':>7}" for s in SIZES) + "   doubling ratios  verdict")
    with tempfile.TemporaryDirectory() as folder:
        for kind in args.only or KINDS:
            suffix, make, run = KINDS[kind]
            paths = [make(Path(folder) / f"{kind}-{size}{suffix}", size * args.base) for size in SIZES]
            run(paths[0])  # warm-up: modules, lexicons and profiles load once
            seconds = [best_time(run, path, args.repeat) for path in paths]
            ratios = [later / earlier for earlier, later in zip(seconds, seconds[1:], strict=False)]
            exponent = float(np.polyfit(np.log(SIZES), np.log(seconds), 1)[0])
            linear = exponent <= LINEAR
            if not linear:
                failed.append(kind)
            print(f"{kind:<11} {paths[0].stat().st_size:>12,}  " + "  ".join(f"{s:>7.3f}" for s in seconds)
                  + "   " + " ".join(f"{r:.2f}" for r in ratios) + f"   k={exponent:.2f} {'linear' if linear else 'WORSE THAN LINEAR'}",
                  flush=True)
    for store in _STORE:
        shutil.rmtree(store.parent, ignore_errors=True)
    print(f"linear: time ~ size**k with k at most {LINEAR} (1, and room for noise); "
          + ("every reader is." if not failed else f"not met by {', '.join(failed)}."))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

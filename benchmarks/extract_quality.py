"""Precision and recall of `scrgraph extract` on real texts with hand-made gold readings.

Run from the repository:  python benchmarks/extract_quality.py [SHARED_DIR] [--quiet] [--text]
(SHARED_DIR defaults to ../shared). Scores every document with a gold reading under
SHARED_DIR/seeds/ and SHARED_DIR/corpus/{full,short}/, and the project's fictional documents in
each folder of benchmarks/data/fictional-corpus/ (written blind to the rules), per document and per kind (findings,
recommendations, recommendation refs, addressees, measures), then prints micro-averaged
precision and recall per folder and for the whole corpus. For the seeds it also prints the
field-by-field comparison tests/test_extract_seeds.py checks (review details, measure status and
agency). --text reads a document's text copy
(same name, .txt) instead of its PDF where both exist.

Matching (scrgraph/extract/corpus_scoring.py): an extracted item and a gold item are the same when
the first 50 normalised characters of either occur in the other (gold quotes are often shortened
to their first words plus "[...]"); one-to-one, best overlap first. Gold agency names become
canonical ids through the seeds' hand-made map where it knows them, else through the gazetteer (every
agency a name names, when it names several: "DHSC, in partnership with NHS England and CQC").
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scrgraph.errors import ScrgraphError  # noqa: E402
from scrgraph.extract import extract_document  # noqa: E402
from scrgraph.extract.corpus_scoring import KINDS, Tally, score_pair  # noqa: E402
from scrgraph.extract.evaluate import compare  # noqa: E402
from scrgraph.recognise.agencies import find_agencies, resolve_agency  # noqa: E402
from tests.extract_gold import gold_agency_ids  # noqa: E402

FOLDERS = ("seeds", "corpus/full", "corpus/short")
# Fictional documents with gold readings, written for this project by someone who had not read the
# extractor's rules (the layouts the corpus lacks: "Recommendation 1:" headings, flattened tables,
# PFD responses, HTML and Word reports): a check that the rules hold beyond the corpus they grew on.
FICTIONAL = REPO / "benchmarks" / "data" / "fictional-corpus"


def agency_ids(name: str) -> set[str]:
    """Canonical ids a gold addressee name stands for (hand map first, then the gazetteer)."""
    known = gold_agency_ids(name)
    if known:
        return known
    named = {m.agency_id for m in find_agencies(name)}
    if len(named) > 1:  # "DHSC, in partnership with NHS England and CQC" names three, not the one it resolves to
        return named
    match = resolve_agency(name)
    if match is not None:
        return {match.agency_id}
    return {m.agency_id for m in find_agencies(name)}


def gold_pairs(shared: Path, folder: str, prefer: str = "pdf") -> list[tuple[Path, dict]]:
    """(document, gold reading) of every gold file in one folder of ../shared (a PDF before its text copy)."""
    base = shared / folder
    gold_dir = base / "gold"
    docs = base / "docs" if (base / "docs").is_dir() else base
    pairs = []
    for gold_path in sorted(gold_dir.glob("*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        stem = gold_path.stem
        candidates = [docs / str(gold.get("source"))] + sorted(docs.glob(f"{stem}.{prefer}")) + sorted(docs.glob(f"{stem}.*"))
        document = next((c for c in candidates if c.is_file()), None)
        if document is not None:
            pairs.append((document, gold))
    return pairs


def _figure(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def line(label: str, tally: Tally) -> str:
    """One printable line of a tally."""
    precision, recall = tally.figures()
    return (f"  {label:22} precision {_figure(precision)}  recall {_figure(recall)}  "
            f"({tally.right} right, {tally.expected} expected, {tally.extracted} extracted)")


def score_folder(shared: Path, folder: str, quiet: bool, prefer: str) -> dict[str, Tally]:
    """Score every document of one folder; print per-document lines unless quiet; return the totals."""
    totals = {kind: Tally() for kind in KINDS}
    for document, gold in gold_pairs(shared, folder, prefer):
        started = time.perf_counter()
        try:
            record = extract_document(document).record
        except ScrgraphError as exc:
            print(f"{folder}/{document.name}: could not be read ({exc})")
            record = {}
        seconds = time.perf_counter() - started
        tallies = score_pair(record, gold, agency_ids)
        if not quiet:
            print(f"{folder}/{document.name} ({seconds:.2f} s)")
        if folder == "seeds" and record:
            for score in compare(record, gold, gold_agency_ids):  # field by field, as tests/test_extract_seeds.py
                print("    seed field " + score.line())
        for kind in KINDS:
            tally = tallies.get(kind, Tally())
            totals[kind].add(tally)
            if not quiet and (tally.expected or tally.extracted):
                print(line(kind, tally))
    return totals


def main(argv: list[str]) -> int:
    """Print per-document and micro-averaged figures; 1 when there is nothing to score."""
    quiet = "--quiet" in argv
    args = [a for a in argv if not a.startswith("--")]
    shared = Path(args[0]) if args else REPO.parent / "shared"
    if not (shared / "corpus").is_dir() and not (shared / "seeds").is_dir():
        print(f"No seeds or corpus with gold readings in {shared}.")
        return 1
    corpus = {kind: Tally() for kind in KINDS}
    for folder in FOLDERS:
        totals = score_folder(shared, folder, quiet, "txt" if "--text" in argv else "pdf")
        print(f"{folder} (micro-averaged)")
        for kind in KINDS:
            print(line(kind, totals[kind]))
            if folder.startswith("corpus"):
                corpus[kind].add(totals[kind])
    print("corpus: full + short (micro-averaged)")
    for kind in KINDS:
        print(line(kind, corpus[kind]))
    fictional = {kind: Tally() for kind in KINDS}
    folders = sorted(entry.name for entry in FICTIONAL.iterdir() if (entry / "gold").is_dir()) if FICTIONAL.is_dir() else []
    for folder in folders:
        totals = score_folder(FICTIONAL.parent, f"{FICTIONAL.name}/{folder}", quiet, "pdf")
        for kind in KINDS:
            fictional[kind].add(totals[kind])
    if any(tally.expected for tally in fictional.values()):
        print(f"fictional, written blind: {' + '.join(folders)} (micro-averaged)")
        for kind in KINDS:
            print(line(kind, fictional[kind]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Extraction quality on the real corpus in ../shared/corpus (skipped when it is absent).

The thresholds are the micro-averaged figures reached when they were set (benchmarks/extract_quality.py
prints them per document); a change that loses findings or recommendations on real text fails here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scrgraph.extract import extract_document
from scrgraph.extract.corpus_scoring import Tally, score_pair
from scrgraph.record import check_record
from scrgraph.shacl import validate_records

SHARED = Path(__file__).resolve().parents[2] / "shared"
REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is not here")

# (kind, precision at least, recall at least) on full/ and short/ together, text copies of the PDFs.
THRESHOLDS = [("findings", 0.95, 0.93), ("recommendations", 0.98, 0.98), ("recommendation refs", 0.95, 0.95),
              ("addressees", 0.81, 0.88), ("measures", 0.92, 0.82)]


@pytest.fixture(scope="module")
def corpus_tallies() -> dict[str, Tally]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from extract_quality import agency_ids, gold_pairs

    totals: dict[str, Tally] = {}
    for folder in ("corpus/full", "corpus/short"):
        for document, gold in gold_pairs(SHARED, folder, "txt"):
            for kind, tally in score_pair(extract_document(document).record, gold, agency_ids).items():
                totals.setdefault(kind, Tally()).add(tally)
    return totals


@pytest.mark.parametrize("kind,precision,recall", THRESHOLDS)
def test_corpus_figures_stay_above_thresholds(corpus_tallies, kind, precision, recall):
    got_precision, got_recall = corpus_tallies[kind].figures()
    assert got_precision >= precision and got_recall >= recall, (kind, got_precision, got_recall)


def test_every_corpus_document_extracts_to_a_valid_record():
    records = []
    for document in sorted((SHARED / "corpus").glob("*/docs/*")):
        is_copy = document.suffix == ".txt" and document.with_suffix(".pdf").exists()
        if document.suffix in (".txt", ".pdf") and not is_copy:  # a PDF's text copy is the same review
            record = extract_document(document).record
            records.append(check_record({k: v for k, v in record.items() if k != "warnings"}))
    assert validate_records(records) == []

"""The two seed reviews against their hand-made gold readings, field by field.

benchmarks/extract_quality.py prints the same comparison in full. The thresholds are what the loader
reaches on the seeds (see docs/loaders.md); a change that falls below them is a regression.
"""

from __future__ import annotations

import pytest

from scrgraph.extract import extract_document
from scrgraph.extract.evaluate import compare
from scrgraph.record import check_record
from tests.extract_gold import gold_agency_ids, seed_pairs

THRESHOLDS = {  # field: (precision, recall) at least
    "review details": (0.95, 0.95),
    "recommendation refs": (1.0, 1.0),
    "recommendation text": (0.95, 0.95),
    "addressees": (0.9, 0.9),
    "findings": (0.9, 0.9),
    "measures": (0.8, 0.8),
    "measure status": (0.8, 0.8),
    "measure agency": (0.6, 0.6),
}


def _pairs(seeds_dir):
    pairs = seed_pairs(seeds_dir)
    if not pairs:
        pytest.skip("no seed reviews with gold readings")
    return pairs


def test_seeds_match_their_gold_readings(seeds_dir):
    failures = []
    for document, gold in _pairs(seeds_dir):
        extraction = extract_document(document)
        check_record(extraction.record)
        for score in compare(extraction.record, gold, gold_agency_ids):
            precision, recall = THRESHOLDS[score.field]
            if (score.precision is not None and score.precision < precision) or (score.recall is not None and score.recall < recall):
                failures.append(f"{document.name}: {score.line()}")
    assert not failures, "\n".join(failures)


def _child_f_gold(seeds_dir):
    """The Child F seed document and its gold reading (skipped when absent)."""
    pair = next(((doc, gold) for doc, gold in seed_pairs(seeds_dir) if doc.name == "child-f-executive-summary.txt"), None)
    if pair is None:
        pytest.skip("Child F seed absent")
    return pair


def _first_words(text: str, count: int = 6) -> str:
    return " ".join(text.split()[:count])


def _lines_printed_after_label(document, label: str) -> list[str]:
    """The lines of the first paragraph printed after a number standing alone on its line."""
    lines = document.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip() == label) + 1
    while not lines[start].strip():
        start += 1
    end = next(n for n in range(start, len(lines)) if not lines[n].strip())
    return [line.strip() for line in lines[start:end]]


def test_child_f_recommendations_exactly(seeds_dir):
    document, gold = _child_f_gold(seeds_dir)
    gold_text = {r["ref"]: r["text"] for r in gold["recommendations"]}
    record = extract_document(document).record
    refs = [r["ref"] for r in record["recommendations"]]
    assert refs == [f"4.{n}" for n in range(2, 25)]          # 4.1 is an introduction
    by_ref = {r["ref"]: r for r in record["recommendations"]}
    for ref in ("4.10", "4.11"):                              # stacked 4.10 / 4.11
        assert by_ref[ref]["text"].startswith(_first_words(gold_text[ref]))
    assert _lines_printed_after_label(document, "4.8")[-1] in by_ref["4.7"]["text"]  # printed after "4.8"
    assert by_ref["4.8"]["heading"] == "Specialist posts"
    assert by_ref["4.22"]["addressees"] == ["police"]
    assert record["review"]["id"] == "llr-lscb-child-f"


def test_baby_william_briefing(seeds_dir):
    document = seeds_dir / "baby-william-learning-briefing.md"
    if not document.exists():
        pytest.skip("Baby William seed absent")
    record = extract_document(document).record
    assert [r["ref"] for r in record["recommendations"]] == ["1", "2", "3"]
    assert record["recommendations"][2]["addressees"] == ["lscp", "la_csc"]
    assert len(record["findings"]) == 6 and len(record["measures"]) == 9
    review = record["review"]
    assert (review["year_commissioned"], review["year_completed"], review["author"]) == (2017, 2019, "Amy Weir")

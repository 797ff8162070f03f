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


def test_child_f_recommendations_exactly(seeds_dir):
    document = seeds_dir / "child-f-executive-summary.txt"
    if not document.exists():
        pytest.skip("Child F seed absent")
    record = extract_document(document).record
    refs = [r["ref"] for r in record["recommendations"]]
    assert refs == [f"4.{n}" for n in range(2, 25)]          # 4.1 is an introduction
    by_ref = {r["ref"]: r for r in record["recommendations"]}
    assert by_ref["4.10"]["text"].startswith("Key issues from previous Leicester City SCR")   # stacked 4.10 / 4.11
    assert by_ref["4.11"]["text"].startswith("Any history of drug dependence in GP records")
    assert "The impact on babies and children of parental drug abuse" in by_ref["4.7"]["text"]  # printed after "4.8"
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

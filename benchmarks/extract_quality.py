"""Precision and recall of `scrgraph extract` on the seed reviews, field by field, against their gold readings.

Run from the repository: python benchmarks/extract_quality.py [SEEDS_DIR]
(SEEDS_DIR defaults to ../shared/seeds). The gold agency names are mapped to canonical ids by hand
(tests/extract_gold.py), so the gazetteer is measured, not trusted.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scrgraph.extract import extract_document  # noqa: E402
from scrgraph.extract.evaluate import compare  # noqa: E402
from tests.extract_gold import SEEDS, gold_agency_ids, seed_pairs  # noqa: E402


def main() -> int:
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS
    pairs = seed_pairs(seeds)
    if not pairs:
        print(f"No seed reviews with gold readings in {seeds}.")
        return 1
    totals: dict[str, list[int]] = {}
    for document, gold in pairs:
        extraction = extract_document(document)
        print(f"{document.name} (profile {extraction.profile})")
        for score in compare(extraction.record, gold, gold_agency_ids):
            print("  " + score.line())
            total = totals.setdefault(score.field, [0, 0, 0])
            total[0] += score.found
            total[1] += score.expected
            total[2] += score.extracted
    print("all seeds (micro-averaged)")
    for field, (found, expected, extracted) in totals.items():
        precision = f"{found / extracted:.2f}" if extracted else "-"
        recall = f"{found / expected:.2f}" if expected else "-"
        print(f"  {field:28} precision {precision:>5}  recall {recall:>5}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Recurrence on real text, end to end: the real development pairs found by `scrgraph link suggest`
in a store loaded from the documents themselves.

``benchmarks/link_real.py`` ranks the gold readings' items, so extraction cannot confound it. A
board meets the linker through extraction: this benchmark extracts every document of ../shared that
has a gold reading (seeds and corpus), loads the records into a new store (which links them), and
asks ``link suggest`` for every item, as ``scrgraph link suggest`` does. Each pair end of
benchmarks/data/real-pairs.yaml is then found among the extracted items of its document (the item
whose text matches the gold item's, as benchmarks/extract_quality.py matches them); an end that was
not extracted, or not as an item of its own, cannot be suggested and counts as a miss.

Each document is its own review here (its review id is its file name), so that two reports of one
review (a briefing and the full report, or two outlets) are compared as the gold pairs compare them.

Printed: how many pair ends were found among the extracted items, the share of pair ends whose
partner is among the first 1, 3, 5 and 10 suggestions (of the ends found, and of all ends), and for
the groups the load formed, the share of pairs and of hard negatives grouped.

Usage::

    python benchmarks/link_real_extracted.py [--pairs benchmarks/data/real-pairs.yaml] [--work DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_quality import gold_pairs  # noqa: E402
from real_items import GOLD_DIRS, KINDS, SHARED  # noqa: E402

import scrgraph  # noqa: E402
from scrgraph.extract import extract_document  # noqa: E402
from scrgraph.extract.corpus_scoring import match  # noqa: E402
from scrgraph.extract.loading import checked_records  # noqa: E402
from scrgraph.linking.corpus import read_recommendations  # noqa: E402

PAIRS = Path(__file__).resolve().parent / "data" / "real-pairs.yaml"
TOPS = (1, 3, 5, 10)
GROUP_OF = """SELECT ?g ?item WHERE { ?g a scr:RecurrenceGroup ; scr:member ?item }"""


def extracted_records(shared: Path) -> tuple[list[dict], dict[str, dict]]:
    """The record extracted from each document with a gold reading (its review id its file name),
    and each document's gold reading, by that name."""
    records, golds = [], {}
    for folder in GOLD_DIRS:
        base = folder.rsplit("/", 1)[0]
        for document, gold in gold_pairs(shared, base, prefer="pdf"):
            slug = document.stem
            record = extract_document(document, source_path=str(document)).record
            record["review"]["id"] = slug
            records.append(record)
            golds[slug] = gold
    return records, golds


def item_keys(items: list, golds: dict[str, dict]) -> dict[str, str]:
    """Each gold item (``slug:kind-index``) the store's item key of the extracted item matching it."""
    by_review: dict[tuple[str, str], list] = defaultdict(list)
    for item in items:
        by_review[item.review_id, item.kind].append(item)
    found = {}
    for slug, gold in golds.items():
        for kind, field in KINDS.items():
            wanted = [str(entry.get("text") or "") for entry in gold.get(field) or []]
            got = by_review.get((slug, kind), [])
            for i, j in match([item.text for item in got], wanted):
                found[f"{slug}:{kind}-{j}"] = got[i].key
    return found


def main() -> None:
    """Extract, load and link the real documents, then print how suggestions and groups find the pairs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--work", type=Path, help="keep the store in this folder (default: a temporary one)")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit("../shared is not here: the real development set cannot be measured.")
    judged = yaml.safe_load(args.pairs.read_text(encoding="utf-8"))
    work = args.work or Path(tempfile.mkdtemp(prefix="scrgraph-real-"))
    started = time.perf_counter()
    records, golds = extracted_records(SHARED)
    # a document with findings only (a briefing, a coroner's report) is loaded as it is
    checked = checked_records(records, [r["review"]["id"] for r in records], [True] * len(records), set(), allow_empty=True)
    with scrgraph.open(work / "store", create=True) as graph:
        graph.load_records(checked)
        loaded = time.perf_counter() - started
        items = read_recommendations(graph.store, findings=True)
        keys = item_keys(items, golds)
        suggestions = graph.suggest(None, limit=max(TOPS))
        group_of = {str(row["item"]): str(row["g"]) for row in graph.sparql(GROUP_OF)}
    iri_of = {item.key: item.iri for item in items}
    rank: dict[tuple[str, str], int] = {(s.item, s.other): s.rank for s in suggestions}
    ends = [(a, b) for a, b, _ in judged["pairs"]] + [(b, a) for a, b, _ in judged["pairs"]]
    ranks = [rank.get((keys[me], keys[partner]), 10**6) if me in keys and partner in keys else None for me, partner in ends]
    found = [r for r in ranks if r is not None]
    print(f"{len(records)} documents extracted, loaded and linked in {loaded:.1f} s; "
          f"{len(found)} of {len(ends)} pair ends (both ends extracted as items of their own)")
    for label, total in (("of the ends extracted", len(found)), ("of all ends", len(ends))):
        print(f"partner in top k, {label:22} " + " ".join(f"top{k} {sum(r <= k for r in found) / max(total, 1):.2f}" for k in TOPS))

    def together(a: str, b: str) -> bool:
        ga = group_of.get(iri_of.get(keys.get(a, ""), ""))
        return ga is not None and ga == group_of.get(iri_of.get(keys.get(b, ""), ""))

    pairs_grouped = sum(together(a, b) for a, b, _ in judged["pairs"])
    negatives_grouped = sum(together(a, b) for a, b, _ in judged["negatives"])
    print(f"groups: {pairs_grouped} of {len(judged['pairs'])} pairs grouped, "
          f"{negatives_grouped} of {len(judged['negatives'])} hard negatives grouped")


if __name__ == "__main__":
    main()

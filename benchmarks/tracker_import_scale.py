"""Does importing a tracker take time in proportion to the tracker, or to the store it goes into?

In one run: a 20-row tracker imported into a store holding only the example reviews, then a large
tracker (``--actions`` rows, 100,000 by default) imported for another review in a spawned child whose
peak memory is measured, then the same 20-row tracker imported again, now beside all those actions.
Prints the times, the large import's peak memory and the ratio of the two 20-row imports (the goal:
within 2x; and the large tracker within 1 GB).

Usage::

    python benchmarks/tracker_import_scale.py --actions 100000
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import multiprocessing as mp
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import peak_mb  # noqa: E402

from scrgraph.actions.importing import import_tracker  # noqa: E402
from scrgraph.record import read_record  # noqa: E402
from scrgraph.store import GraphStore  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "records"
SMALL_REVIEW, LARGE_REVIEW = "northtown-scp-child-q", "northtown-scp-child-m"


def write_tracker(path: Path, review_file: Path, rows: int) -> Path:
    """A CSV tracker of ``rows`` actions spread over the review's recommendations."""
    refs = [item["ref"] for item in read_record(review_file).items("recommendations")]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Rec No", "Action", "Lead agency", "Target date", "Status"])
        for index in range(rows):
            writer.writerow([refs[index % len(refs)], f"Action number {index} of the plan", "Police", "31/12/2025",
                             ("Open", "Complete", "Delayed")[index % 3]])
    return path


def timed_import(store_path: Path, tracker: Path, review: str, as_of: dt.date) -> float:
    """Seconds to open the store and import one tracker into it."""
    start = time.perf_counter()
    with GraphStore.open(store_path) as store:
        import_tracker(store, tracker, review, as_of)
    return time.perf_counter() - start


def _large_child(store_path: str, tracker: str, queue: mp.Queue) -> None:
    seconds = timed_import(Path(store_path), Path(tracker), LARGE_REVIEW, dt.date(2025, 1, 31))
    queue.put((seconds, peak_mb()))


def main() -> None:
    """Measure and print the two small imports, their ratio, and the large import's time and memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=100_000, help="rows of the large tracker")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tracker-scale-"))
    try:
        store_path = work / "store"
        with GraphStore.open(store_path, create=True) as store:
            store.load_records([read_record(p) for p in sorted(EXAMPLES.glob("*.yaml"))])
        small = write_tracker(work / "small.csv", EXAMPLES / f"{SMALL_REVIEW}.yaml", 20)
        large = write_tracker(work / "large.csv", EXAMPLES / f"{LARGE_REVIEW}.yaml", args.actions)
        timed_import(store_path, small, SMALL_REVIEW, dt.date(2024, 12, 1))  # warm-up: the first import loads modules
        empty_seconds = timed_import(store_path, small, SMALL_REVIEW, dt.date(2025, 1, 1))
        context = mp.get_context("spawn")
        queue = context.Queue()
        child = context.Process(target=_large_child, args=(str(store_path), str(large), queue))
        child.start()
        large_seconds, large_mb = queue.get()
        child.join()
        full_seconds = timed_import(store_path, small, SMALL_REVIEW, dt.date(2025, 2, 1))
        print(f"20-row tracker, store without imported actions: {empty_seconds:.2f} s")
        print(f"{args.actions:,}-row tracker: {large_seconds:.1f} s, peak {large_mb:,.0f} MB (goal: 1 GB)")
        print(f"20-row tracker beside {args.actions:,} imported actions: {full_seconds:.2f} s")
        print(f"ratio: {full_seconds / empty_seconds:.2f} (goal: at most 2)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

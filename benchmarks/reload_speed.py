"""Time writing one review into an existing store: a re-load, as ``scrgraph load --no-link`` writes it.

Reads the first ``--count`` records of a JSON-lines file (``records.jsonl`` of ``query_speed.py
--work DIR``, or of ``generate.py``), checks each and loads it alone, and prints the median wall and
CPU seconds of the writes. The records' reviews are normally in the store already (the store they
were loaded into), so each write replaces a review; the store is written to, so give a copy. Run it
with the code of two branches on two copies of one store for an A/B figure.

Usage::

    python benchmarks/reload_speed.py --store /tmp/copy-of-store --records /tmp/work/records.jsonl --count 10
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path


def main() -> None:
    """Re-load records one at a time into the store and print the median time of a write."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="an existing store (a copy: it is written to)")
    parser.add_argument("--records", type=Path, required=True, help="a JSON-lines file of review records")
    parser.add_argument("--count", type=int, default=10, help="how many records to load, one write each")
    args = parser.parse_args()

    from scrgraph.record import check_record
    from scrgraph.store import GraphStore

    with args.records.open(encoding="utf-8") as handle:
        records = [check_record(json.loads(line)) for line, _ in zip(handle, range(args.count), strict=False)]
    store = GraphStore.open(args.store)
    walls, cpus = [], []
    try:
        for record in records:
            wall, cpu = time.perf_counter(), time.process_time()
            store.load_records([record])
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    finally:
        store.close()
    print(f"Wrote {len(records)} review(s) one at a time into a store of {args.store}: median "
          f"{statistics.median(walls):.3f} s wall, {statistics.median(cpus):.3f} s CPU a write "
          f"(fastest {min(walls):.3f} s, slowest {max(walls):.3f} s).")


if __name__ == "__main__":
    main()

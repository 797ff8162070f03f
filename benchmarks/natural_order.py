"""What sorting refs in natural order costs the saved queries: each query as bundled (refs padded in
its ORDER BY) against the same text sorting refs as text, on one store in one run.

Makes N synthetic reviews with ``generate.py`` (kept in ``--folder`` for the next run), then takes
the best of ``--repeats`` runs of each version, alternating them so both meet the same load.

Usage::

    python benchmarks/natural_order.py --reviews 1000
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from scrgraph.record import check_record  # noqa: E402
from scrgraph.saved_queries import bind_params, get_query, sparql_bindings, store_lookup  # noqa: E402
from scrgraph.store import GraphStore  # noqa: E402

# The natural-order key of docs/queries.md, around the ref expression it pads.
NATURAL = re.compile(r'REPLACE\(REPLACE\((COALESCE\(\?\w+, ""\)), "\(\[0-9\]\+\)", "0000000000\$1"\), '
                     r'"0\*\(\[0-9\]\{10\}\)", "\$1"\)')
QUERIES = ["actions", "recommendations-without-actions", "findings-without-recommendations"]


def main() -> None:
    """Print, per query, its rows, the seconds with refs sorted as text and naturally, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "scrgraph-natural-order")
    args = parser.parse_args()
    path = args.folder / f"store-{args.reviews}"
    if not path.exists():
        records, _ = generate(args.reviews)
        with GraphStore.open(path, create=True) as store:
            store.load_records(check_record(record) for record in records)
    with GraphStore.open(path) as store:
        for name in QUERIES:
            query = get_query(name)
            bindings = sparql_bindings(query, bind_params(query, {}, store_lookup(store)))
            natural = query.text("sparql")
            as_text = NATURAL.sub(r"\1", natural)
            best = {"text": float("inf"), "natural": float("inf")}
            rows = 0
            for _ in range(args.repeats):
                for label, text in (("text", as_text), ("natural", natural)):
                    start = time.perf_counter()
                    rows = len(store.select(text, bindings)[1])
                    best[label] = min(best[label], time.perf_counter() - start)
            print(f"{name}: {rows} rows; refs as text {best['text']:.3f} s, natural {best['natural']:.3f} s, "
                  f"ratio {best['natural'] / best['text']:.2f}")


if __name__ == "__main__":
    main()

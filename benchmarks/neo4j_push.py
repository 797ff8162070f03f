"""Push N synthetic reviews into Neo4j in batches, against one statement per node and relationship.

Both runs use the same code, the same transactions (one per review) and the same empty database;
only the batch size differs: 1,000 rows per ``UNWIND $rows ... MERGE`` statement, against 1 row
per statement (one statement per node and per relationship); a third run sends the same single
statements each in its own auto-committed transaction, as a naive loader does. The unbatched run is slow, so by
default it pushes only the first ``--baseline-reviews`` reviews; the ratio compares throughput
(nodes + relationships written per second). A second push of the same store is timed too (it
should find nothing to do).

Usage::

    bash scripts/setup-neo4j.sh                      # once: builds the local Neo4j
    python benchmarks/neo4j_push.py --reviews 1000
    python benchmarks/neo4j_push.py --uri bolt://127.0.0.1:7687 --user neo4j   # another server
                                                     # (password from NEO4J_PASSWORD; its database is emptied)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from generate import generate  # noqa: E402

from scrgraph.neo4j.connection import Neo4jSettings  # noqa: E402
from scrgraph.neo4j.push import push_store  # noqa: E402
from scrgraph.record import check_record  # noqa: E402
from scrgraph.store import GraphStore  # noqa: E402


def wipe(server) -> None:
    """Empty the database (nodes, relationships, constraints)."""
    server.wipe()


def timed_push(store_path: Path, settings: Neo4jSettings, batch_size: int) -> tuple[float, int, int]:
    """Push the store; return seconds, nodes created and relationships created."""
    with GraphStore.open(store_path) as store:
        start = time.perf_counter()
        summary = push_store(store, settings, batch_size=batch_size)
        seconds = time.perf_counter() - start
    return seconds, summary.counters["nodes_created"], summary.counters["relationships_created"]


def timed_autocommit_push(store_path: Path, settings: Neo4jSettings) -> tuple[float, int, int]:
    """The naive way: one auto-committed statement per node and per relationship (no transactions)."""
    from scrgraph.neo4j.connection import connect
    from scrgraph.neo4j.push import PushSummary, _Writer, create_constraints, plan, read_store

    with GraphStore.open(store_path) as store:
        start = time.perf_counter()
        contents = read_store(store)
        units, _ = plan(contents, {})
        summary = PushSummary()
        writer = _Writer(contents, summary, batch_size=1, dynamic=True, known=())
        with connect(settings) as driver, driver.session(database=settings.database) as session:
            create_constraints(driver, settings)
            for unit in units:
                writer.write_unit(session, unit)  # session.run: each statement commits on its own
        seconds = time.perf_counter() - start
    return seconds, summary.counters["nodes_created"], summary.counters["relationships_created"]


def load(records: list[dict], folder: Path) -> Path:
    """A store holding the records."""
    path = folder / "store"
    with GraphStore.open(path, create=True) as store:
        store.load_records(check_record(r) for r in records)
    return path


def main() -> None:
    """Print the batched and unbatched push rates and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--baseline-reviews", type=int, default=100,
                        help="reviews pushed one statement per node and relationship (the slow baseline)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--uri", help="use this server instead of starting the local one (its database is emptied)")
    parser.add_argument("--user", default=os.environ.get("NEO4J_USERNAME", "neo4j"))
    parser.add_argument("--database", default=None)
    args = parser.parse_args()

    from tests.neo4j_fixture import Neo4jServer, start_launcher

    if args.uri:
        server = Neo4jServer(args.uri, args.user, os.environ.get("NEO4J_PASSWORD"), args.database)
    else:
        started = time.perf_counter()
        server = start_launcher(quick_start=False)  # full JIT: slower start, faster queries
        print(f"local Neo4j 5.26 started in {time.perf_counter() - started:.1f} s at {server.uri}")
    settings = server.settings()
    folder = Path(tempfile.mkdtemp(prefix="scrgraph-neo4j-bench-"))
    try:
        records, _ = generate(args.reviews, seed=args.seed)
        start = time.perf_counter()
        full = load(records, folder / "full")
        base = load(records[: args.baseline_reviews], folder / "base")
        print(f"generated and loaded {args.reviews} and {args.baseline_reviews} reviews in {time.perf_counter() - start:.1f} s")

        # Warm the server up (JIT, query caches) with both kinds of statements first.
        for size in (1000, 1):
            wipe(server)
            timed_push(base, settings, batch_size=size)
        wipe(server)
        b_seconds, b_nodes, b_rels = timed_push(full, settings, batch_size=1000)
        again, _, _ = timed_push(full, settings, batch_size=1000)
        wipe(server)
        u_seconds, u_nodes, u_rels = timed_push(base, settings, batch_size=1)
        wipe(server)
        a_seconds, a_nodes, a_rels = timed_autocommit_push(base, settings)
        wipe(server)

        batched_rate = (b_nodes + b_rels) / b_seconds
        unbatched_rate = (u_nodes + u_rels) / u_seconds
        print(f"{'run':<38}{'reviews':>8}{'nodes':>9}{'rels':>9}{'seconds':>9}{'nodes/s':>9}{'rels/s':>9}")
        print(f"{'batched (1,000 rows per statement)':<38}{args.reviews:>8}{b_nodes:>9}{b_rels:>9}{b_seconds:>9.1f}"
              f"{b_nodes / b_seconds:>9.0f}{b_rels / b_seconds:>9.0f}")
        print(f"{'one statement per node/relationship':<38}{args.baseline_reviews:>8}{u_nodes:>9}{u_rels:>9}{u_seconds:>9.1f}"
              f"{u_nodes / u_seconds:>9.0f}{u_rels / u_seconds:>9.0f}")
        print(f"{'one auto-committed statement per item':<38}{args.baseline_reviews:>8}{a_nodes:>9}{a_rels:>9}{a_seconds:>9.1f}"
              f"{a_nodes / a_seconds:>9.0f}{a_rels / a_seconds:>9.0f}")
        print(f"second push of the {args.reviews} reviews (nothing to do): {again:.1f} s")
        autocommit_rate = (a_nodes + a_rels) / a_seconds
        print(f"ratio, nodes+relationships per second, batched against one statement per item "
              f"in the same per-review transactions: {batched_rate / unbatched_rate:.1f}x; "
              f"against one auto-committed statement per item: {batched_rate / autocommit_rate:.1f}x (goal: 20x)")
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Load N synthetic reviews into the Oxigraph store and into rdflib's in-memory store, in one run.

Prints wall time (reading, checking against the JSON Schema and loading), peak memory (each
backend measured in its own child process) and the ratio of the two, and beside them the engine's
floor: pyoxigraph bulk-loading the same quads from an N-Quads file (no reading or checking of
records, no store folder management), the least time and memory any load through Oxigraph takes. SHACL is measured separately
on a sample: pyshacl takes about 0.05 s per review (0.27 s before its SPARQL rules were parsed once;
bulk loads of machine-made records may use --skip-shacl).

Usage::

    python benchmarks/load_speed.py --reviews 1000 10000
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402
from measure import peak_mb  # noqa: E402

from scrgraph.record import check_record  # noqa: E402
from scrgraph.store import GraphStore  # noqa: E402


def _load(backend: str, records_file: str, queue: mp.Queue) -> None:
    """Child process: read, check and load every record; report seconds, peak MB and triples."""
    start = time.perf_counter()
    folder = tempfile.mkdtemp(prefix="scrgraph-bench-")
    store = GraphStore.open(Path(folder) / "store", create=True, backend=backend)
    with open(records_file, encoding="utf-8") as handle:
        store.load_records(check_record(json.loads(line)) for line in handle)
    loaded = time.perf_counter()
    triples = store.triple_count()
    store.close()
    shutil.rmtree(folder, ignore_errors=True)
    queue.put({"seconds": loaded - start, "peak_mb": peak_mb(), "triples": triples})


def _floor(nquads_file: str, queue: mp.Queue) -> None:
    """Child process: bulk-load the N-Quads file into a new Oxigraph store; report seconds and peak MB."""
    import pyoxigraph as ox

    folder = tempfile.mkdtemp(prefix="scrgraph-bench-")
    start = time.perf_counter()
    store = ox.Store(folder)
    store.bulk_load(path=nquads_file, format=ox.RdfFormat.N_QUADS)
    store.flush()
    loaded = time.perf_counter()
    triples = len(store)
    del store
    shutil.rmtree(folder, ignore_errors=True)
    queue.put({"seconds": loaded - start, "peak_mb": peak_mb(), "triples": triples})


def write_quads(records_file: Path, nquads_file: Path) -> None:
    """The quads scrgraph would load for the records, as one N-Quads file."""
    from scrgraph.mapping import record_quads

    with open(records_file, encoding="utf-8") as source, open(nquads_file, "w", encoding="utf-8") as target:
        for line in source:
            target.write("".join(record_quads(check_record(json.loads(line)))))


def measure(backend: str, records_file: str) -> dict:
    """Run one load in a fresh process so peak memory belongs to that backend alone.

    The process is spawned, not forked: a forked child starts with this process's pages (the
    generated records among them) and its peak memory would count them.
    """
    context = mp.get_context("spawn")
    queue = context.Queue()
    target = (_floor, (records_file, queue)) if backend == "floor" else (_load, (backend, records_file, queue))
    process = context.Process(target=target[0], args=target[1])
    process.start()
    result = queue.get()
    process.join()
    return result


def shacl_seconds_per_review(records: list[dict], sample: int = 20) -> float:
    """Mean seconds pyshacl takes per review, on a sample."""
    from scrgraph.shacl import validate_records

    checked = [check_record(r) for r in records[:sample]]
    start = time.perf_counter()
    validate_records(checked)
    return (time.perf_counter() - start) / len(checked)


def main() -> None:
    """Print a table of load times, memory and ratios for each N."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rdflib", action=argparse.BooleanOptionalAction, default=True,
                        help="also load into rdflib's in-memory store (16 GB and minutes at 10,000 reviews)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scrgraph-bench-data-"))
    print(f"{'reviews':>8} {'backend':>9} {'quads':>10} {'seconds':>8} {'peak MB':>8}")
    try:
        for n in args.reviews:
            records, _ = generate(n, args.seed)
            records_file = work / f"records-{n}.jsonl"
            records_file.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            del records
            results = {}
            for backend in ("oxigraph", "memory") if args.rdflib else ("oxigraph",):
                r = results[backend] = measure(backend, str(records_file))
                print(f"{n:>8} {backend:>9} {r['triples']:>10} {r['seconds']:>8.1f} {r['peak_mb']:>8.0f}")
            nquads_file = work / f"records-{n}.nq"
            write_quads(records_file, nquads_file)
            floor = results["floor"] = measure("floor", str(nquads_file))
            nquads_file.unlink()
            print(f"{n:>8} {'floor':>9} {floor['triples']:>10} {floor['seconds']:>8.1f} {floor['peak_mb']:>8.0f}"
                  "   (pyoxigraph bulk load of the same quads)")
            ox, mem = results["oxigraph"], results.get("memory")
            against_rdflib = (f"{mem['seconds'] / ox['seconds']:.1f}x faster than rdflib's in-memory store, "
                              f"peak memory {ox['peak_mb'] / mem['peak_mb']:.2f} of rdflib's; ") if mem else ""
            print(f"{n:>8}    Oxigraph store: {against_rdflib}"
                  f"{ox['seconds'] / floor['seconds']:.1f}x the engine's floor in time, {ox['peak_mb'] / floor['peak_mb']:.1f}x in memory")
        per_review = shacl_seconds_per_review(generate(20, args.seed)[0])
        print(f"SHACL (pyshacl) on a sample: {per_review:.2f} s per review; skipped in bulk loads with --skip-shacl")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

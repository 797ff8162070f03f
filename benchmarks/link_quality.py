"""`scrgraph link` on N synthetic reviews: time, peak memory, and precision/recall against planted repeats.

The generator (benchmarks/generate.py) plants recommendations that teach one of 30 lessons, each in
its own words, service, group of people, timescale and check, across many reviews; every other
recommendation has a subject of its own. The linker's groups are scored pairwise against them: precision is the
share of linked pairs (same group) that were planted together, recall the share of planted pairs
that ended up in one group. The baseline, in the same run, is the same TF-IDF wording score over
all pairs with no theme blocking and no synonyms, at the threshold that maximises its F1: it
shows what blocking, synonyms, themes and addressees add, in time and in quality. It keeps every
pair above 0.3 in memory, so above ``--baseline-max`` reviews (default 2,000) it is skipped.

The linker's thesaurus (loaders/link-settings.yaml) must not be written to match the generator's
wordings: the figures would then say how well it knows these sentences, not how it links real
reviews. It holds terms used in real reviews; its phrases that also occur in the generator are
standard ones ("voice of the child", "no recourse to public funds").

Seconds are wall-clock time, with the process's CPU time beside them: on a shared machine the
wall-clock time includes waiting for a core, and the CPU time is what an idle machine would take.

Usage::

    python benchmarks/link_quality.py --reviews 1000 10000 [--thresholds 0.5 0.7] [--baseline-max 2000]
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing as mp
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402
from measure import TreePeak, cpu_seconds, peak_mb  # noqa: E402

from scrgraph.record import check_record  # noqa: E402
from scrgraph.store import GraphStore  # noqa: E402


def pairs_of(groups: list[list[str]]) -> set[tuple[str, str]]:
    """Every unordered pair of members within each group, between different reviews."""
    out = set()
    for members in groups:
        for a, b in itertools.combinations(sorted(members), 2):
            if a.split("#")[0] != b.split("#")[0]:
                out.add((a, b))
    return out


def precision_recall(predicted: set, truth: set) -> tuple[float, float]:
    """Pairwise precision and recall."""
    hits = len(predicted & truth)
    return (hits / len(predicted) if predicted else 1.0), (hits / len(truth) if truth else 1.0)


def _link(folder: str, threshold: float | None, queue: mp.Queue) -> None:
    """Child process: link the store; report seconds, peak MB and the groups as review#ref lists."""
    from dataclasses import replace

    from scrgraph.linking import link_store
    from scrgraph.linking.settings import link_settings

    settings = link_settings() if threshold is None else replace(link_settings(), threshold=threshold)
    store = GraphStore.open(Path(folder) / "store")
    start, cpu = time.perf_counter(), cpu_seconds()
    with TreePeak() as tree:  # with the helper process that makes terms
        summary = link_store(store, settings=settings)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    peak = tree.peak_mb  # before the scoring query below
    _, rows = store.select("""SELECT ?g ?rid ?ref WHERE { ?g a scr:RecurrenceGroup ; scr:member ?r .
        ?r scr:ref ?ref ; dcterms:isPartOf/dcterms:identifier ?rid }""")
    store.close()
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(row["g"], []).append(f"{row['rid']}#{row['ref']}")
    queue.put({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "groups": list(groups.values()), "recs": summary.recommendations})


def _suggest(folder: str, queue: mp.Queue) -> None:
    """Child process: `scrgraph link suggest` for one recommendation; seconds and peak MB."""
    from scrgraph.linking.suggest import suggest

    store = GraphStore.open(Path(folder) / "store")
    key = next(iter(store.select_values(
        "SELECT ?id ?ref WHERE { ?r a scr:Recommendation ; scr:ref ?ref ; dcterms:isPartOf/dcterms:identifier ?id } LIMIT 1")))
    start, cpu = time.perf_counter(), cpu_seconds()
    with TreePeak() as tree:  # with the helper process that makes terms
        found = suggest(store, Path(folder) / "store", f"{key[0]}:{key[1]}", limit=5)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    store.close()
    queue.put({"seconds": seconds, "cpu": cpu, "peak_mb": tree.peak_mb, "found": len(found)})


def _baseline(records: list[dict], truth: set, queue: mp.Queue) -> None:
    """Child process: plain TF-IDF cosine over all pairs, best threshold; seconds, peak MB, P, R."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    keys = [f"{r['review']['id']}#{rec['ref']}" for r in records for rec in r["recommendations"]]
    texts = [rec["text"] for r in records for rec in r["recommendations"]]
    review = np.asarray([hash(k.split("#")[0]) for k in keys])
    start = time.perf_counter()
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).tocsr()
    found: dict[float, set] = {t: set() for t in (0.3, 0.4, 0.5, 0.6, 0.7)}
    transposed = matrix.T.tocsc()
    for begin in range(0, matrix.shape[0], 2048):
        product = (matrix[begin:begin + 2048] @ transposed).tocoo()
        keep = (product.data >= 0.3) & (product.row + begin < product.col)
        for i, j, v in zip(product.row[keep] + begin, product.col[keep], product.data[keep], strict=True):
            if review[i] != review[j]:
                pair = tuple(sorted((keys[i], keys[j])))
                for t in found:
                    if v >= t:
                        found[t].add(pair)
    seconds = time.perf_counter() - start
    best = max(((t, *precision_recall(p, truth)) for t, p in found.items()),
               key=lambda x: 2 * x[1] * x[2] / (x[1] + x[2] or 1))
    queue.put({"seconds": seconds, "peak_mb": peak_mb(),
               "threshold": best[0], "precision": best[1], "recall": best[2]})


def _in_child(target, *args) -> dict:
    """Run ``target`` in a fresh (spawned, not forked) process so its peak memory is its own."""
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    import queue as queues

    while True:
        try:
            result = queue.get(timeout=5)
            break
        except queues.Empty:
            if not process.is_alive():
                raise SystemExit(f"the measured process died (exit code {process.exitcode}; out of memory?)") from None
    process.join()
    return result


def run(n_reviews: int, thresholds: list[float], baseline_max: int) -> None:
    """Generate, load, link, score; print one block of results."""
    records, planted = generate(n_reviews)
    truth = pairs_of(planted)
    folder = tempfile.mkdtemp(prefix="scrgraph-link-bench-")
    try:
        store = GraphStore.open(Path(folder) / "store", create=True)
        store.load_records(check_record(r) for r in records)
        store.close()
        linked = _in_child(_link, folder, None)
        precision, recall = precision_recall(pairs_of(linked["groups"]), truth)
        print(f"{n_reviews} reviews, {linked['recs']} recommendations, {len(truth)} planted pairs")
        print(f"  scrgraph link : {linked['seconds']:7.1f} s ({linked['cpu']:.1f} s CPU)  peak {linked['peak_mb']:6.0f} MB  "
              f"precision {precision:.3f}  recall {recall:.3f}  groups {len(linked['groups'])}", flush=True)
        suggested = _in_child(_suggest, folder)
        print(f"  link suggest  : {suggested['seconds']:7.1f} s ({suggested['cpu']:.1f} s CPU)  peak {suggested['peak_mb']:6.0f} MB  (one recommendation, {suggested['found']} suggestions)", flush=True)
        if n_reviews > baseline_max:
            print(f"  baseline      : skipped above {baseline_max} reviews (--baseline-max)")
        else:
            base = _in_child(_baseline, records, truth)
            print(f"  baseline      : {base['seconds']:7.1f} s  peak {base['peak_mb']:6.0f} MB  "
                  f"precision {base['precision']:.3f}  recall {base['recall']:.3f}  (all pairs, TF-IDF >= {base['threshold']})")
            print(f"  ratio         : time x{linked['seconds'] / base['seconds']:.2f}  memory x{linked['peak_mb'] / base['peak_mb']:.2f}")
        print("  goals         : < 60 s, < 2048 MB, precision and recall >= 0.9")
        for threshold in thresholds:
            other = _in_child(_link, folder, threshold)
            p, r = precision_recall(pairs_of(other["groups"]), truth)
            print(f"  threshold {threshold:.2f}: {other['seconds']:7.1f} s  precision {p:.3f}  recall {r:.3f}  groups {len(other['groups'])}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[1000])
    parser.add_argument("--thresholds", type=float, nargs="*", default=[0.5, 0.7],
                        help="Also link at these thresholds instead of the one in loaders/link-settings.yaml.")
    parser.add_argument("--baseline-max", type=int, default=2000, help="Skip the all-pairs baseline above this many reviews.")
    args = parser.parse_args()
    for n in args.reviews:
        run(n, args.thresholds, args.baseline_max)
        sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Where a listing's time goes, and how fast views around one thing are, on a store made before.

First the engine's floor: the rows a second Oxigraph gives for the plainest listing of actions (each
with its text, one join, unsorted, nothing converted), which no listing can beat. Then, for each
saved query named (default parameters), it prints the seconds to its first row through
:func:`scrgraph.saved_queries.stream_query` (what ``scrgraph query -f csv`` runs), the engine's own
time for the whole answer (pyoxigraph's solutions counted, nothing converted), the whole answer
streamed to CSV (the goal of issue 20 is 50,000 rows a second) and the CSV writing alone, of rows
already read. Then it times ``Graph.view`` around
two reviews, the agency ``--agency`` and the theme ``--theme`` (a first view is drawn before, so
imports are not counted).

Usage::

    python benchmarks/query_speed.py --reviews 10000 --no-link --no-rdflib --queries review-summary --work /tmp/q10k
    python benchmarks/listing_speed.py --store /tmp/q10k/store --queries findings-without-recommendations actions
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path


def listing(store, name: str) -> str:
    """One line: first row, engine alone, conversion and CSV, rows per second."""
    from scrgraph.output import write_csv
    from scrgraph.saved_queries import bind_params, get_query, sparql_bindings, store_lookup, stream_query

    start = time.perf_counter()
    _, rows = stream_query(store, name)
    next(rows, None)
    first = time.perf_counter() - start
    del rows
    query = get_query(name)
    bindings = sparql_bindings(query, bind_params(query, {}, store_lookup(store)))
    start = time.perf_counter()
    count = sum(1 for _ in store._solutions(query.text("sparql"), bindings)[1])  # the engine's own solutions, not converted
    engine = time.perf_counter() - start
    start = time.perf_counter()
    columns, rows = stream_query(store, name)
    write_csv(columns, rows, io.StringIO())
    whole = time.perf_counter() - start
    held = list(stream_query(store, name)[1])
    start = time.perf_counter()
    write_csv(columns, held, io.StringIO())
    writing = time.perf_counter() - start
    return (f"{name}: {count:,} rows; first row {first:.2f} s; engine alone {engine:.2f} s; "
            f"streamed to CSV {whole:.2f} s ({count / whole:,.0f} rows/s, goal 50,000); "
            f"the CSV writing alone {writing:.2f} s ({count / max(writing, 1e-9):,.0f} rows/s)")


# The least a listing of actions asks of the engine: each action with its text, one join, nothing sorted.
FLOOR_QUERY = "SELECT ?text WHERE { ?measure a scr:Measure ; scr:text ?text }"


def engine_floor(store) -> str:
    """One line: how many rows a second the engine gives for the plainest listing (each action and its
    text, :data:`FLOOR_QUERY`), counted without converting them: no listing through it can be faster."""
    start = time.perf_counter()
    count = sum(1 for _ in store._solutions(FLOOR_QUERY, None)[1])
    seconds = time.perf_counter() - start
    return (f"engine floor: each action and its text, {count:,} rows in {seconds:.2f} s "
            f"({count / max(seconds, 1e-9):,.0f} rows/s; a listing's goal is 50,000)")


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--queries", nargs="*", default=["findings-without-recommendations"])
    parser.add_argument("--agency", default="police")
    parser.add_argument("--theme", default="thresholds")
    args = parser.parse_args()

    import scrgraph

    with scrgraph.open(args.store) as graph:
        print(engine_floor(graph.store), flush=True)
        for name in args.queries:
            print(listing(graph.store, name), flush=True)
        reviews = graph.store.review_ids()
        graph.view(review=reviews[0])
        for chosen in ({"review": reviews[len(reviews) // 3]}, {"review": reviews[-1]},
                       {"agency": args.agency}, {"theme": args.theme}):
            start = time.perf_counter()
            page = graph.view(**chosen)
            print(f"view {chosen}: {time.perf_counter() - start:.2f} s, {page.nodes} nodes", flush=True)


if __name__ == "__main__":
    main()

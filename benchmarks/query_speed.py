"""Time every saved query on N synthetic reviews: the Oxigraph store against rdflib's in-memory store.

Makes N reviews with ``generate.py``, loads them into a scrgraph store (as ``load_speed.py`` does),
links them (``--no-link`` skips it; a link that takes longer than ``--link-timeout`` is stopped and
the groups queries run on no groups), exports the store as N-Quads and parses them into an rdflib
in-memory ``Dataset`` (default graph = union, as the store) held by a child process. Then, for
every saved query with default parameters (plus ids that exist in the data for required ones), it
takes the median of ``--repeats`` runs through the project's own engine
(:func:`scrgraph.saved_queries.run_query`, what ``scrgraph query`` runs) and of ``--rdflib-repeats``
runs of the same saved query through the same function on rdflib's store (scrgraph's
``MemoryStore``: the same SPARQL text and bindings, the rows turned into Python values and shaped
as on the store, so both sides do the same work), each rdflib run capped at ``--cap`` seconds (a
capped run shows as ``> CAP`` and the ratio as a lower bound ``>=``). One run of the bare SPARQL
text on rdflib, its rows only counted (the baseline before 2026-12-05), is printed beside it. It
prints one table with the goal of issue 5 (each query under 0.5 s and at least 10x faster than
rdflib; a query that lists 10,000 rows or more is marked as out of reach of 0.5 s) and the data size
and load times.

``--store DIR`` times the queries on an existing store instead (a copy: it is opened for writing).
``--tracker-history N`` first gives every action N dated status records, one per quarter from
March 2025, as N tracker imports per review would (bulk-loaded, then the derived graph rebuilt,
whose time it prints): the as-of queries then read long status histories.

Usage::

    python benchmarks/query_speed.py --reviews 1000
    python benchmarks/query_speed.py --store /tmp/copy-of-a-store --no-rdflib --queries recurring-themes
    python benchmarks/query_speed.py                      # 10,000 reviews (about 4.7M quads)
    python benchmarks/query_speed.py --reviews 200 --no-link --queries actions overdue-actions
    python benchmarks/query_speed.py --no-link --no-rdflib --tracker-history 8
    nohup python benchmarks/query_speed.py > /tmp/query-speed-10k.log 2>&1 &
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402
from measure import peak_mb  # noqa: E402

GOAL_SECONDS = 0.5
GOAL_RATIO = 10.0
# A query that lists this many rows cannot meet GOAL_SECONDS on this store: reading and converting the
# rows alone takes longer (the table says so beside its verdict).
LISTING_ROWS = 10_000
# A query with more rows than this is a listing: its first LISTING_PAGE rows are timed (--limit), and
# so is writing all of it to CSV (goal GOAL_CSV_RATE rows a second, query included).
LISTING_MIN_ROWS = 1_000
LISTING_PAGE = 100
GOAL_CSV_RATE = 50_000
# Parameters given to every query that has them (others take their defaults: blank = all, today).
FIXED_PARAMS = {"from": "2020-04-01", "to": "2021-03-31"}


# -- children (spawned: fork hung before) -------------------------------------------------------


def _link_child(store_path: str, queue) -> None:
    """Child process: run the linker as 'scrgraph link' does; report its summary."""
    import scrgraph

    start = time.perf_counter()
    with scrgraph.open(store_path) as graph:
        summary = graph.link()
    queue.put({"seconds": time.perf_counter() - start, "sentence": summary.sentence(), "groups": summary.groups})


class _Capped(Exception):
    pass


def _alarm(signum, frame):  # noqa: ARG001
    raise _Capped()


def _rdflib_child(nquads: str, conn) -> None:
    """Child process: hold the quads in an rdflib Dataset and time the queries it is sent.

    Each run is capped with a timer signal: rdflib evaluates in Python, so the signal stops it
    between bytecodes and the child stays usable for the next query.
    """
    from rdflib import BNode, Literal, URIRef

    from scrgraph.saved_queries import run_query
    from scrgraph.store import MemoryStore
    from scrgraph.vocab import PREFIXES

    start = time.perf_counter()
    store = MemoryStore()  # rdflib's Dataset (default graph = union), as scrgraph's tests and this baseline use it
    dataset = store.dataset
    dataset.parse(nquads, format="nquads")
    conn.send({"seconds": time.perf_counter() - start, "triples": len(dataset),
               "peak_mb": peak_mb()})
    signal.signal(signal.SIGALRM, _alarm)
    interrupted = False  # once a run was stopped, later answers are suspect (one came back empty at 1k)
    while True:
        message = conn.recv()
        if message is None:
            return
        name, params, text, bindings, repeats, cap = message
        init = {k: v if isinstance(v, (URIRef, Literal, BNode)) else Literal(v) for k, v in bindings.items()}
        raw = _capped_run(cap, lambda d, t, i: len(list(d.query(t, initNs=PREFIXES, initBindings=i))), dataset, text, init)
        times, rows, capped, error = [], None, False, None
        for _ in range(repeats):
            seconds, rows, capped, error = _capped_run(cap, lambda q, p: len(run_query(store, q, p)[1]), name, params)
            times.append(seconds)
            if capped or error:
                break
        conn.send({"times": times, "rows": rows, "capped": capped, "error": error, "after_cap": interrupted,
                   "raw": raw[0], "raw_capped": raw[2]})
        interrupted = interrupted or capped or raw[2]


def _capped_run(cap: float, run, *args) -> tuple[float, int | None, bool, str | None]:
    """(seconds, rows, capped, error) of ``run(*args)``, stopped after ``cap`` seconds by a timer signal."""
    rows, capped, error = None, False, None
    t0 = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, cap)
    try:
        rows = run(*args)
    except _Capped:
        capped = True
    except Exception as exc:  # noqa: BLE001 - report, do not die
        error = f"{type(exc).__name__}: {exc}"[:120]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    seconds = time.perf_counter() - t0
    # scrgraph tells an evaluation error as one sentence: a stop by the timer then reads as an error
    return seconds, rows, capped or seconds >= cap, error


# -- the parent ---------------------------------------------------------------------------------


def _params_for(query, sample: dict[str, str]) -> dict[str, str]:
    """Parameters for one query: FIXED_PARAMS, and an id from the data for required id parameters."""
    params = {}
    for name, spec in query.header.params.items():
        if name in FIXED_PARAMS:
            params[name] = FIXED_PARAMS[name]
        elif spec.required and spec.type in sample:
            params[name] = sample[spec.type]
    return params


def _sample_ids(store) -> dict[str, str]:
    """An id of each kind that exists in the data (the agency that has most recommendations)."""
    from scrgraph.saved_queries import store_lookup

    lookup = store_lookup(store)
    _, rows = store.select('SELECT ?id (COUNT(*) AS ?n) WHERE { ?r scr:addressedTo ?a . '
                           'BIND (STRAFTER(STR(?a), "/id/agency/") AS ?id) } GROUP BY ?id ORDER BY DESC(?n) LIMIT 1')
    sample = {"review": lookup("review")[0], "agency": rows[0]["id"], "theme": lookup("theme:used")[0]}
    groups = lookup("group")
    if groups:
        sample["group"] = groups[0]
    return sample


def _optional(value: float | None, spec: str) -> str:
    """A figure in a table column, or '-' (right-aligned to the same width) when there is none."""
    width = int(spec.split(".")[0].rstrip(","))
    return format(value, spec) if value is not None else "-".rjust(width)


def _fmt(seconds: float | None, capped: bool = False) -> str:
    if seconds is None:
        return "error"
    return f"> {seconds:.0f}" if capped else f"{seconds:.3f}"


# The statuses a tracker history moves through, one per quarter, for the actions that end completed,
# those still in progress and those late (delayed, with their due date passed): one in three each.
HISTORY_STATUSES = (("not_started", "in_progress", "in_progress", "completed"),
                    ("not_started", "in_progress"),
                    ("not_started", "in_progress", "delayed"))


def add_tracker_history(store_path: Path, records: int, work: Path) -> tuple[int, float]:
    """Give every measure of the store ``records`` dated status records, each in the tracker-import
    graph of its review and quarter (see :data:`HISTORY_STATUSES`); bulk-load
    them and rebuild the derived graph. The number of records and the rebuild's seconds."""
    import datetime as dt

    import pyoxigraph as ox

    from scrgraph.mapping import RDF_TYPE, iri, scr, typed
    from scrgraph.store import GraphStore
    from scrgraph.vocab import actions_graph, status_iri

    store = GraphStore.open(store_path)
    rows = store.select("SELECT ?measure ?review WHERE { ?measure a scr:Measure ; dcterms:isPartOf ?node . "
                        "?node dcterms:identifier ?review }")[1]
    days = [dt.date(2025 + (quarter * 3 + 2) // 12, (quarter * 3 + 2) % 12 + 1, 1) - dt.timedelta(days=1)
            for quarter in range(1, records + 1)]
    quads = work / "tracker-history.nq"
    with quads.open("w", encoding="utf-8") as out:
        for number, row in enumerate(rows):
            measure = row["measure"]
            for index, day in enumerate(days):
                graph = f"<{actions_graph(row['review'], day.isoformat())}> .\n"
                state = f"{measure}/status/{day.isoformat()}"
                course = HISTORY_STATUSES[number % 3]
                status = course[min(index, len(course) - 1)]
                out.write(f"{iri(measure)} {scr('statusRecord')} {iri(state)} {graph}"
                          f"{iri(state)} {iri(RDF_TYPE)} {scr('StatusRecord')} {graph}"
                          f"{iri(state)} {scr('status')} {iri(status_iri(status))} {graph}"
                          f"{iri(state)} {scr('asOf')} {typed(day.isoformat(), 'date')} {graph}")
                if number % 3 == 2:
                    out.write(f"{iri(state)} {scr('dueDate')} {typed(days[0].isoformat(), 'date')} {graph}")
    store.database.bulk_load(path=str(quads), format=ox.RdfFormat.N_QUADS)
    store.close()  # opened again, it lists the new graphs
    quads.unlink()
    t0 = time.perf_counter()
    with GraphStore.open(store_path) as store:
        store.refresh_derived(force=True)
    return len(rows) * records, time.perf_counter() - t0


def _make_store(args, ctx, work: Path, store_path: Path) -> tuple[float, int, str]:
    """Generate, load and (unless --no-link) link the synthetic store; its load seconds, recommendations and link note."""
    from scrgraph.record import check_record
    from scrgraph.store import GraphStore

    t0 = time.perf_counter()
    records, _ = generate(args.reviews, args.seed)
    n_recs = sum(len(r["recommendations"]) for r in records)
    records_file = work / "records.jsonl"
    records_file.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    del records
    print(f"Generated {args.reviews} reviews ({n_recs} recommendations) in {time.perf_counter() - t0:.1f} s", flush=True)

    if store_path.exists():
        shutil.rmtree(store_path)
    t0 = time.perf_counter()
    store = GraphStore.open(store_path, create=True)
    with open(records_file, encoding="utf-8") as handle:
        store.load_records(check_record(json.loads(line)) for line in handle)
    store.close()
    load_s = time.perf_counter() - t0
    print(f"Loaded into the Oxigraph store in {load_s:.1f} s", flush=True)

    link_note = "not linked (--no-link): the group queries run on no groups"
    if args.link:
        queue = ctx.Queue()
        proc = ctx.Process(target=_link_child, args=(str(store_path), queue))
        proc.start()
        proc.join(args.link_timeout)
        if proc.is_alive():
            proc.kill()
            proc.join()
            link_note = (f"linking stopped after {args.link_timeout:.0f} s (too slow at this size): "
                         "the group queries run on no groups")
        elif proc.exitcode != 0:
            link_note = f"linking failed (exit code {proc.exitcode}): the group queries run on no groups"
        else:
            done = queue.get()
            link_note = f"linked in {done['seconds']:.1f} s: {done['sentence']}"
    return load_s, n_recs, link_note


def main() -> None:
    """Generate, load, link, export, then time every saved query on both stores and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--link", action=argparse.BooleanOptionalAction, default=True,
                        help="run 'scrgraph link' on the store first (default: yes)")
    parser.add_argument("--link-timeout", type=float, default=900, help="stop linking after this many seconds")
    parser.add_argument("--repeats", type=int, default=5, help="runs per query on the Oxigraph store")
    parser.add_argument("--budget", type=float, default=20,
                        help="stop repeating a query on the Oxigraph store once its runs took this many seconds")
    parser.add_argument("--rdflib-repeats", type=int, default=3, help="runs per query on rdflib")
    parser.add_argument("--cap", type=float, default=60, help="seconds one rdflib run may take")
    parser.add_argument("--rdflib", action=argparse.BooleanOptionalAction, default=True, help="compare with rdflib")
    parser.add_argument("--queries", nargs="*", help="only these saved queries")
    parser.add_argument("--work", type=Path, help="keep the store and files in this folder (default: a temporary one)")
    parser.add_argument("--store", type=Path,
                        help="time the queries on this existing store instead (nothing generated, loaded or linked; "
                             "it is opened for writing, so give a copy)")
    parser.add_argument("--tracker-history", type=int, default=0,
                        help="first give every action this many dated status records, one a quarter")
    parser.add_argument("--neo4j-cap", type=float, default=60, help="seconds Neo4j may take over one Cypher query before it stops it")
    parser.add_argument("--neo4j", action=argparse.BooleanOptionalAction, default=False,
                        help="also push the graph into a local Neo4j 5.26 (tools/neo4j-launcher) and time each Cypher twin")
    args = parser.parse_args()

    from scrgraph.errors import ScrgraphError
    from scrgraph.output import emit_rows
    from scrgraph.saved_queries import (
        Page,
        bind_params,
        list_queries,
        run_cypher_query,
        run_query,
        sparql_bindings,
        store_lookup,
        stream_query,
    )
    from scrgraph.store import GraphStore

    ctx = mp.get_context("spawn")
    work = args.work or Path(tempfile.mkdtemp(prefix="scrgraph-qbench-"))
    work.mkdir(parents=True, exist_ok=True)
    store_path = args.store or work / "store"
    rdflib_proc = neo4j_server = None
    try:
        if args.store:
            load_s, link_note = 0.0, f"an existing store ({args.store}): not generated, loaded or linked here"
        else:
            load_s, n_recs, link_note = _make_store(args, ctx, work, store_path)
        print(link_note, flush=True)

        if args.tracker_history:
            added, rebuild_s = add_tracker_history(store_path, args.tracker_history, work)
            print(f"Added {added} dated status records ({args.tracker_history} per action); "
                  f"the derived graph was rebuilt in {rebuild_s:.1f} s", flush=True)
        store = GraphStore.open(store_path)
        if args.store:
            n_recs = len(store.select("SELECT ?r WHERE { ?r a scr:Recommendation }")[1])
            args.reviews = len(store.review_ids())
        triples = store.triple_count()
        rdflib_load = None
        if args.rdflib:
            import pyoxigraph as ox

            nquads = work / "store.nq"
            t0 = time.perf_counter()
            store._ox.dump(str(nquads), format=ox.RdfFormat.N_QUADS)
            export_s = time.perf_counter() - t0
            parent_conn, child_conn = ctx.Pipe()
            rdflib_proc = ctx.Process(target=_rdflib_child, args=(str(nquads), child_conn))
            rdflib_proc.start()
            rdflib_load = parent_conn.recv()
            print(f"Exported N-Quads in {export_s:.1f} s; rdflib Dataset parsed them in {rdflib_load['seconds']:.1f} s "
                  f"({rdflib_load['triples']} quads, peak {rdflib_load['peak_mb']:.0f} MB)", flush=True)

        neo4j_settings = None
        if args.neo4j:
            sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
            from scrgraph.neo4j.push import push_store
            from tests.neo4j_fixture import start_launcher

            neo4j_server = start_launcher(quick_start=False)  # full JIT: slower start, faster queries
            neo4j_settings = neo4j_server.settings()
            t0 = time.perf_counter()
            push_store(store, neo4j_settings, batch_size=1000)
            print(f"Pushed into Neo4j 5.26 in {time.perf_counter() - t0:.1f} s", flush=True)

        sample = _sample_ids(store)
        queries = [q for q in list_queries() if not args.queries or q.name in args.queries]
        results = []
        for query in queries:
            params = _params_for(query, sample)
            times, rows = [], None
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                _, got = run_query(store, query.name, params)
                times.append(time.perf_counter() - t0)
                rows = len(got)
                if sum(times) > args.budget:  # a slow query: fewer runs
                    break
            ox_median = statistics.median(times)
            listing = {}
            if rows > LISTING_MIN_ROWS:  # a listing: its first page, and all of it written to CSV
                t0 = time.perf_counter()
                run_query(store, query.name, params, page=Page(LISTING_PAGE))
                listing["first_page"] = time.perf_counter() - t0
                t0 = time.perf_counter()
                columns, streamed = stream_query(store, query.name, params)  # as 'scrgraph query -f csv' writes it
                written = emit_rows(columns, streamed, "csv", work / "listing.csv")
                listing["csv_rate"] = written / (time.perf_counter() - t0)
            if neo4j_settings is not None:
                neo4j_times = []
                for _ in range(max(1, args.repeats)):
                    t0 = time.perf_counter()
                    try:
                        run_cypher_query(neo4j_settings, query.name, params, timeout=args.neo4j_cap)
                    except ScrgraphError:  # Neo4j stopped it at the cap
                        listing["neo4j_capped"] = True
                        neo4j_times = [args.neo4j_cap]
                        break
                    neo4j_times.append(time.perf_counter() - t0)
                    if sum(neo4j_times) > args.budget:
                        break
                listing["neo4j"] = statistics.median(neo4j_times)
            rd = None
            if args.rdflib:
                values = bind_params(query, params, store_lookup(store))
                bindings = sparql_bindings(query, values)
                parent_conn.send((query.name, params, query.text("sparql"), bindings, args.rdflib_repeats, args.cap))
                if parent_conn.poll(args.cap * (args.rdflib_repeats + 1) + 120):
                    rd = parent_conn.recv()
                else:  # the timer did not stop it: give up on rdflib for the rest
                    rdflib_proc.kill()
                    args.rdflib = False
                    rd = {"times": [args.cap], "rows": None, "capped": True, "error": "child did not answer"}
            results.append((query.name, params, ox_median, rows, rd, listing))
            shown = "" if rd is None else (f"  rdflib {_fmt(statistics.median(rd['times']), rd['capped'])} s"
                                           f" (bare SPARQL, rows counted: {_fmt(rd.get('raw', 0.0), rd.get('raw_capped', False))} s)")
            if "neo4j" in listing:
                shown += f"  neo4j s {_fmt(listing['neo4j'], listing.get('neo4j_capped', False))}"
            shown += "".join(f"  {label} {format(listing[key], spec)}" for key, label, spec in
                             (("first_page", "first page s", ".3f"), ("csv_rate", "csv rows/s", ",.0f"))
                             if key in listing)
            print(f"  {query.name}: {ox_median:.3f} s ({rows} rows){shown}", flush=True)
        store.close()

        print()
        print(f"Data: {args.reviews} reviews, {triples} triples, {n_recs} recommendations. "
              f"Load: Oxigraph store {load_s:.1f} s"
              + (f", rdflib in-memory {rdflib_load['seconds']:.1f} s" if rdflib_load else "") + ".")
        print(f"Linking: {link_note}.")
        print(f"Medians of {args.repeats} runs (fewer once they took {args.budget:.0f} s) (scrgraph) and up to {args.rdflib_repeats} runs capped at "
              f"{args.cap:.0f} s (rdflib, through the same run_query on scrgraph's MemoryStore). Goal: < {GOAL_SECONDS} s and >= {GOAL_RATIO:.0f}x.")
        print(f"Parameters: {FIXED_PARAMS} where taken; required ids: {sample}; the rest default (blank = all, as_of today).")
        print(f"Listings (over {LISTING_MIN_ROWS:,} rows): 'first {LISTING_PAGE}' is --limit {LISTING_PAGE} (goal < {GOAL_SECONDS} s), "
              f"'csv rows/s' the whole listing queried and written to CSV (goal >= {GOAL_CSV_RATE:,}); "
              f"'neo4j s' the Cypher twin on Neo4j 5.26 with the graph pushed (--neo4j; '> {args.neo4j_cap:.0f}': stopped at --neo4j-cap).")
        header = (f"{'query':<34} {'scrgraph s':>10} {'rdflib s':>9} {'ratio':>8} {'rows':>7} {'rdf rows':>8} "
                  f"{'neo4j s':>8} {'first ' + str(LISTING_PAGE):>9} {'csv rows/s':>10}  goal")
        print(header)
        print("-" * len(header))
        failures = 0
        for name, _params, ox_median, rows, rd, listing in results:
            if rd is None:
                rd_text, ratio_text, ratio, rd_rows = "-", "-", None, "-"
            elif rd["error"] and not rd["capped"]:
                rd_text, ratio_text, ratio, rd_rows = "error", "-", None, "-"
            else:
                rd_median = statistics.median(rd["times"])
                ratio = rd_median / ox_median
                rd_text = _fmt(rd_median, rd["capped"])
                ratio_text = (">=" if rd["capped"] else "") + f"{ratio:.0f}x"
                rd_rows = "-" if rd["rows"] is None else str(rd["rows"])
            met = ox_median < GOAL_SECONDS and (ratio is None or ratio >= GOAL_RATIO)
            failures += not met
            verdict = "yes" if met else "NO"
            if not met and rows >= LISTING_ROWS:
                verdict += f" (lists {rows:,} rows: out of reach)"
            if ratio is None and rd is not None:
                verdict += " (no rdflib figure)"
            if rd is not None and rd["rows"] is not None and rd["rows"] != rows:
                verdict += (" (row counts differ; rdflib ran after a capped run, so its figure is suspect)"
                            if rd.get("after_cap") else " (row counts differ)")
            if "first_page" in listing:
                page_met = listing["first_page"] < GOAL_SECONDS and listing["csv_rate"] >= GOAL_CSV_RATE
                verdict += f"; listing {'yes' if page_met else 'NO'}"
            neo4j_text = _fmt(listing["neo4j"], listing.get("neo4j_capped", False)) if "neo4j" in listing else "-"
            extra = (f" {neo4j_text:>8} {_optional(listing.get('first_page'), '9.3f')}"
                     f" {_optional(listing.get('csv_rate'), '10,.0f')}")
            print(f"{name:<34} {ox_median:>10.3f} {rd_text:>9} {ratio_text:>8} {rows:>7} {rd_rows:>8}{extra}  {verdict}")
        print(f"\n{len(results) - failures} of {len(results)} queries meet the goal.")
    finally:
        if neo4j_server is not None:
            neo4j_server.stop()
        if rdflib_proc is not None and rdflib_proc.is_alive():
            try:
                parent_conn.send(None)
                rdflib_proc.join(10)
            except (OSError, BrokenPipeError):
                pass
            if rdflib_proc.is_alive():
                rdflib_proc.kill()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

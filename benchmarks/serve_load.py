"""Load on the workbench: N synthetic reviews, C concurrent clients, p95 per page kind, beside the CLI.

Makes N reviews with ``generate.py``, loads and links them with ``scrgraph load``, starts
``scrgraph serve`` on a free 127.0.0.1 port (the benchmark talks to nothing else), waits until
the server says it has read its first pages ahead (it prints how long that took; ``--from-start``
loads it from its first answer instead), and lets ``--clients`` threads ask for pages for
``--seconds`` seconds, each request a page kind in turn
(home, review, agency, theme, group, search, a saved query run from its form, the graph view around a
review, the recurrence queue, a SPARQL count) with ids drawn from the data. It prints, per page
kind, the requests made, failures, median and p95 time against the goal of issue 19 (pages under
0.3 s, saved-query pages under 1 s), beside the time of the same work through the command line
(one fresh process per command, process start included; median of ``--cli-repeats``) on a copy of
the store (the server holds the store's lock).

Usage::

    python benchmarks/serve_load.py                         # 1,000 reviews, 8 clients, 60 s
    python benchmarks/serve_load.py --reviews 200 --seconds 20
    python benchmarks/serve_load.py --seconds 120           # the issue's two minutes of load
    python benchmarks/serve_load.py --store DIR --seconds 120   # a copy of a store made before
"""

from __future__ import annotations

import argparse
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402
from generate import generate  # noqa: E402

PAGE_GOAL, QUERY_GOAL = 0.3, 1.0
SCRGRAPH = [sys.executable, "-m", "scrgraph"]
QUERY_PAGES = ["actions", "overdue-actions", "recurrence-groups", "agencies-unresolved-actions", "reviews-in-period"]
SEARCH_WORDS = ["training", "referral", "father", "escalation", "records"]


def free_port() -> int:
    """A port nothing listens on at 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sample_ids(store_dir: Path) -> dict[str, list[str]]:
    """Review, agency, theme and group ids found in the store (read before the server takes it)."""
    from scrgraph.saved_queries import store_lookup
    from scrgraph.store import GraphStore

    with GraphStore.open(store_dir) as store:
        lookup = store_lookup(store)
        return {kind: lookup(key) for kind, key in
                (("review", "review"), ("agency", "agency:used"), ("theme", "theme:used"), ("group", "group"))}


def page_kinds(ids: dict[str, list[str]]) -> dict[str, tuple[float, callable]]:
    """Each page kind: its goal and a function giving a path to ask for."""
    pick = random.choice
    sparql = "/sparql?query=" + urllib.parse.quote("SELECT (COUNT(?r) AS ?n) WHERE { ?r a scr:Review }")
    return {
        "home": (PAGE_GOAL, lambda: "/"),
        "review": (PAGE_GOAL, lambda: f"/review/{pick(ids['review'])}"),
        "agency": (PAGE_GOAL, lambda: f"/agency/{pick(ids['agency'])}"),
        "theme": (PAGE_GOAL, lambda: f"/theme/{pick(ids['theme'])}"),
        "group": (PAGE_GOAL, lambda: f"/group/{pick(ids['group'])}" if ids["group"] else "/"),
        "search": (PAGE_GOAL, lambda: f"/search?q={pick(SEARCH_WORDS)}"),
        "query": (QUERY_GOAL, lambda: f"/query/{pick(QUERY_PAGES)}?run=1"),
        "view": (PAGE_GOAL, lambda: f"/view?review={pick(ids['review'])}"),
        "links": (PAGE_GOAL, lambda: "/links"),
        "sparql": (PAGE_GOAL, lambda: sparql),
    }


def cli_commands(ids: dict[str, list[str]], store: Path, out: Path) -> dict[str, list[list[str]]]:
    """The same work as each page kind through the command line (one or more processes), where there is one."""
    s = ["--store", str(store)]
    review, agency, theme = ids["review"][0], ids["agency"][0], ids["theme"][0]
    query = lambda *a: [*SCRGRAPH, "query", *a, "-f", "csv", *s]  # noqa: E731
    commands = {
        "home": [[*SCRGRAPH, "reviews", *s], query("recurrence-groups"), query("agencies-unresolved-actions")],
        "review": [query("review-summary", "-p", "review", review), query("repeated-recommendations", "-p", "review", review)],
        "agency": [query("agency-profile", "-p", "agency", agency)],
        "theme": [[*SCRGRAPH, "view", "--theme", theme, "-o", str(out / "theme.html"), *s]],
        "query": [query("actions")],
        "view": [[*SCRGRAPH, "view", "--review", review, "-o", str(out / "review.html"), *s]],
        "sparql": [[*SCRGRAPH, "sparql", "SELECT (COUNT(?r) AS ?n) WHERE { ?r a scr:Review }", *s]],
    }
    if ids["group"]:
        commands["group"] = [query("repeated-recommendations", "-p", "group", ids["group"][0], "-p", "min_reviews", "1")]
    return commands


def time_cli(commands: list[list[str]], repeats: int) -> float | None:
    """Median seconds of running all ``commands`` one after another (None when one fails, or for no repeats)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for command in commands:
            if subprocess.run(command, capture_output=True, timeout=600).returncode != 0:
                return None
        times.append(time.perf_counter() - start)
    return statistics.median(times) if times else None


def load(base: str, kinds: dict, clients: int, seconds: float) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Ask for pages from ``clients`` threads for ``seconds``; return times and failures per kind."""
    times: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    reasons: dict[str, str] = {}
    names = list(kinds)
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client(offset: int) -> None:
        turn = offset
        while time.monotonic() < stop:
            kind = names[turn % len(names)]
            turn += 1
            start = time.perf_counter()
            why = ""
            try:
                with urllib.request.urlopen(base + kinds[kind][1](), timeout=60) as answer:
                    answer.read()
                    ok = answer.status == 200
            except urllib.error.HTTPError as error:  # an error answer
                ok, why = False, f"HTTP {error.code}: {error.read()[:120]!r}"
            except Exception as error:  # a refused connection or a timeout
                ok, why = False, repr(error)[:120]
            with lock:
                times[kind].append(time.perf_counter() - start)
                failures[kind] += 0 if ok else 1
                if why:
                    reasons.setdefault(kind, why)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for kind, why in reasons.items():
        print(f"first failure of {kind}: {why}")
    return times, failures


def watch_server(server: subprocess.Popen, read_ahead: threading.Event) -> None:
    """Read the server's messages (so that its pipe never fills), noting when it has read its first pages ahead."""
    for line in server.stderr:
        if "read ahead" in line:
            read_ahead.set()


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--cli-repeats", type=int, default=3, help="runs of the CLI's same work (0: none)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--from-start", action="store_true",
                        help="start the load at the server's first answer, while it still reads its first pages ahead")
    parser.add_argument("--store", type=Path, help="serve a copy of this store instead of generating and loading --reviews reviews")
    args = parser.parse_args()
    random.seed(args.seed)
    work = Path(tempfile.mkdtemp(prefix="serve-load-"))
    server = None
    try:
        store, twin = work / "store", work / "twin"
        if args.store is not None:
            shutil.copytree(args.store, store)
            print(f"Using a copy of the store {args.store}.")
        else:
            records, _ = generate(args.reviews, args.seed)
            records_dir = work / "records"
            records_dir.mkdir()
            for record in records:
                (records_dir / f"{record['review']['id']}.yaml").write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
            start = time.perf_counter()
            subprocess.run([*SCRGRAPH, "load", str(records_dir), "--store", str(store), "-q"], check=True, timeout=3600)
            print(f"Loaded and linked {args.reviews} reviews in {time.perf_counter() - start:.1f} s.")
        shutil.copytree(store, twin)
        ids = sample_ids(store)
        port = free_port()
        started = time.perf_counter()
        server = subprocess.Popen([*SCRGRAPH, "serve", "--store", str(store), "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        read_ahead = threading.Event()
        threading.Thread(target=watch_server, args=(server, read_ahead), daemon=True).start()
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/static/workbench.css", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        if not args.from_start:  # the steady state: after the server's own start-up reads
            read_ahead.wait(timeout=900)
            print(f"The server answered and read its first pages ahead in {time.perf_counter() - started:.1f} s; "
                  "the load starts now (--from-start to load it from its first answer).")
        kinds = page_kinds(ids)
        times, failures = load(base, kinds, args.clients, args.seconds)
        cli = {kind: time_cli(commands, args.cli_repeats) for kind, commands in cli_commands(ids, twin, work).items()}
        print(f"\n{args.clients} clients for {args.seconds:.0f} s on {args.reviews} reviews "
              f"({sum(len(t) for t in times.values())} requests, {sum(failures.values())} failed):\n")
        print(f"{'page kind':<10} {'requests':>8} {'failed':>6} {'median':>8} {'p95':>8} {'goal':>6}  {'':<4} {'CLI (same work)':>16}")
        for kind, (goal, _) in kinds.items():
            got = times.get(kind) or [float("nan")]
            high = p95(got)
            verdict = "ok" if high < goal and not failures[kind] else "MISS"
            shown = f"{cli[kind]:.2f} s" if cli.get(kind) else "-"
            print(f"{kind:<10} {len(got):>8} {failures[kind]:>6} {statistics.median(got) * 1000:>6.0f}ms "
                  f"{high * 1000:>6.0f}ms {goal:>5.1f}s  {verdict:<4} {shown:>16}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

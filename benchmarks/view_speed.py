"""How fast `scrgraph view` pages open in headless Chromium, from 500 to 20,000 nodes.

For each size the graph is the whole store built from seeded synthetic records
(``benchmarks/generate.py``, linked into recurring-recommendation groups with ``scrgraph link``'s
code unless ``--no-link``), drawn with :func:`scrgraph.html.render_page`. The script prints, per page:
nodes, edges, HTML size, Python time (graph + layout + HTML), the time until the page is ready in
headless Chromium (navigation start to the first drawing, requests to other hosts blocked), the time
of one full redraw (what panning and zooming cost), and each time as a ratio of the smallest page's,
measured in the same run. ``--pyvis`` adds pyvis's own default page for the smallest graph as a
second baseline (physics on; ready when stabilised); it needs ``pip install pyvis``, which scrgraph no
longer depends on.

Usage::

    python benchmarks/view_speed.py                      # 500, 5,000 and 20,000 nodes
    python benchmarks/view_speed.py --nodes 500 5000 --pyvis

Needs Debian's ``chromium`` (or ``--chromium PATH``) and the ``playwright`` package; no browser download.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

NODES_PER_REVIEW = 33  # display nodes per synthetic review (findings, recommendations, measures, groups, the review)
HUB_NODES = 70  # agencies and themes, shared by all reviews

READY = "document.documentElement.getAttribute('data-ready') === '1'"
REDRAW = """() => new Promise(done => {
  const n = window.scrgraph.network, start = performance.now();
  n.once('afterDrawing', () => done(performance.now() - start));
  n.redraw();
})"""
PYVIS_READY = """() => new Promise(done => {
  const wait = () => {
    if (typeof network === 'undefined') { setTimeout(wait, 50); return; }
    if (!network.physics.options.enabled || network.physics.stabilized) { done(performance.now()); return; }
    network.once('stabilizationIterationsDone', () => done(performance.now()));
  };
  wait();
})"""


def build_graph(reviews: int, link: bool, seed: int):
    """The whole-store view graph of ``reviews`` synthetic reviews (and the seconds it took)."""
    from generate import generate

    from scrgraph.html import whole_graph
    from scrgraph.record import check_record
    from scrgraph.store import GraphStore

    records, _ = generate(reviews, seed=seed)
    with tempfile.TemporaryDirectory() as folder, GraphStore.open(Path(folder) / "store", create=True) as store:
        store.load_records(check_record(r) for r in records)
        if link:
            from scrgraph.linking.run import link_store

            link_store(store)
        start = time.perf_counter()
        graph = whole_graph(store)
        seconds = time.perf_counter() - start
    return graph, seconds


def _blocker(blocked: list[str]):
    """A route handler that lets file:, data: and about: through and aborts (and notes) anything else."""

    def route(r) -> None:
        if r.request.url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    return route


def open_times(browser, path: Path, ready: str, repeats: int, cap: float = 120.0) -> tuple[float, float]:
    """Median milliseconds until ready and for one redraw, over ``repeats`` fresh tabs (pyvis pages:
    infinity when not ready within ``cap`` seconds)."""
    readies, redraws = [], []
    for _ in range(repeats):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        blocked: list[str] = []
        page.route("**/*", _blocker(blocked))
        if ready == "scrgraph":
            page.goto(path.as_uri(), timeout=600_000)
            page.wait_for_function(READY, timeout=600_000)
            readies.append(page.evaluate("window.scrgraphReady"))
            redraws.append(page.evaluate(REDRAW))
        else:
            # pyvis stabilises its physics before the page finishes loading; give up after the cap.
            page.set_default_timeout(cap * 1000)
            try:
                page.goto(path.as_uri(), wait_until="commit")
                readies.append(page.evaluate(PYVIS_READY))
            except Exception:  # Playwright's TimeoutError
                readies.append(float("inf"))
            redraws.append(float("nan"))
        if blocked and ready == "scrgraph":
            raise SystemExit(f"The page asked for another host: {blocked[:3]}")
        context.close()
    return statistics.median(readies), statistics.median(redraws)


def pyvis_page(graph, folder: Path) -> Path:
    """pyvis's default page (inline resources, physics on) for the same nodes and edges."""
    from pyvis.network import Network

    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        net.add_node(str(node), label=str(data.get("label", "")), title=str(data.get("title", "")))
    for u, v in graph.edges():
        net.add_edge(str(u), str(v))
    path = folder / "pyvis.html"
    path.write_text(net.generate_html(), encoding="utf-8")
    return path


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[500, 5000, 20000], help="page sizes to measure (the first is the baseline)")
    parser.add_argument("--repeats", type=int, default=3, help="tabs opened per page (the median is shown)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-link", action="store_true", help="skip linking (no recurring-recommendation groups)")
    parser.add_argument("--pyvis", action="store_true", help="also time pyvis's default page for the smallest graph")
    parser.add_argument("--pyvis-cap", type=float, default=120.0, help="seconds to wait for the pyvis page")
    parser.add_argument("--chromium", default=os.environ.get("SCRGRAPH_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--keep", type=Path, help="keep the pages in this folder")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from scrgraph.html import render_page

    folder = args.keep or Path(tempfile.mkdtemp(prefix="scrgraph-view-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    smallest = None
    for target in args.nodes:
        reviews = max(1, round((target - HUB_NODES) / NODES_PER_REVIEW))
        graph, graph_seconds = build_graph(reviews, not args.no_link, args.seed)
        start = time.perf_counter()
        page = render_page(graph, f"{graph.number_of_nodes()} nodes")
        render_seconds = time.perf_counter() - start
        path = folder / f"view-{target}.html"
        path.write_text(page, encoding="utf-8")
        results.append((target, graph, path, graph_seconds, render_seconds))
        if smallest is None:
            smallest = graph
        print(f"built {target:>6}: {graph.number_of_nodes()} nodes in {graph_seconds + render_seconds:.1f} s", file=sys.stderr)

    args_launch = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, headless=True, args=args_launch)
        for target, graph, path, graph_seconds, render_seconds in results:
            ready, redraw = open_times(browser, path, "scrgraph", args.repeats)
            rows.append((f"scrgraph {target}", graph.number_of_nodes(), graph.number_of_edges(), path.stat().st_size,
                         graph_seconds, render_seconds, ready, redraw))
        print(f"{'page':<16} {'nodes':>7} {'edges':>7} {'HTML MB':>8} {'graph s':>8} {'layout+html s':>14} "
              f"{'ready ms':>9} {'x base':>7} {'redraw ms':>10} {'x base':>7}")
        for row in rows:
            _print_row(row, rows[0])
        if args.pyvis and smallest is not None:
            path = pyvis_page(smallest, folder)
            ready, redraw = open_times(browser, path, "pyvis", 1, cap=args.pyvis_cap)
            _print_row(("pyvis default", smallest.number_of_nodes(), smallest.number_of_edges(), path.stat().st_size,
                        float("nan"), float("nan"), ready, redraw), rows[0])
        browser.close()
    print(f"(baseline: the first row, measured in this run; medians of {args.repeats} tabs; pages in {folder})")


def _print_row(row: tuple, base: tuple) -> None:
    name, nodes, edges, size, graph_s, render_s, ready, redraw = row
    shown = f"{ready:>9.0f}" if ready != float("inf") else f"{'timeout':>9}"
    print(f"{name:<16} {nodes:>7} {edges:>7} {size / 1e6:>8.2f} {graph_s:>8.2f} {render_s:>14.2f} "
          f"{shown} {ready / base[6]:>7.2f} {redraw:>10.1f} {redraw / base[7]:>7.2f}", flush=True)


if __name__ == "__main__":
    main()

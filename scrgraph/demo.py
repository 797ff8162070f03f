"""The demo: the bundled fictional reviews through the whole pipeline, saying where each output went.

Steps: load the example records (which links recurring recommendations), import the example
action-plan trackers, run the main saved queries into CSV and Excel files, draw the whole graph as
one HTML page and write the annual-report section as a Word document.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from scrgraph.output import emit_rows, format_rows, write_atomic
from scrgraph.resources import bundle

# (tracker file, review it belongs to, the date it speaks for), imported earlier first.
EXAMPLE_TRACKERS = [
    ("northtown-scp-child-q-2023-03-31.xlsx", "northtown-scp-child-q", dt.date(2023, 3, 31)),
    ("northtown-scp-child-q-2023-09-30.csv", "northtown-scp-child-q", dt.date(2023, 9, 30)),
]
# The saved queries the demo runs, with the file each goes to.
DEMO_QUERIES = [
    ("repeated-recommendations", {}, "repeated-recommendations.csv"),
    ("agencies-unresolved-actions", {}, "agencies-unresolved-actions.csv"),
    ("overdue-actions", {}, "overdue-actions.xlsx"),
    ("recommendations-without-actions", {}, "recommendations-without-actions.csv"),
    ("recurring-themes", {}, "recurring-themes.md"),
]


def copy_bundled(folder: str, target: Path, suffixes: tuple[str, ...]) -> Path:
    """Copy one bundled examples folder (which may live inside a wheel) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in bundle("examples").joinpath(folder).iterdir():
        if entry.name.endswith(suffixes):
            (target / entry.name).write_bytes(entry.read_bytes())
    return target


def run_demo(store: Path, output_dir: Path, quiet: bool = True) -> Iterator[str]:
    """Run the demo; yield one line per step for the user."""
    from scrgraph.actions.importing import import_tracker
    from scrgraph.html import render_page, view_graph
    from scrgraph.linking.run import relink_store_at
    from scrgraph.loading import load_paths
    from scrgraph.report import ReportOptions, build_report, write_report
    from scrgraph.provenance import stamp
    from scrgraph.saved_queries import get_query, run_query
    from scrgraph.store import GraphStore

    output_dir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="scrgraph-demo-"))
    try:
        records = copy_bundled("records", workdir / "records", (".yaml", ".yml", ".json"))
        trackers = copy_bundled("trackers", workdir / "trackers", (".xlsx", ".csv"))
        yield f"The demo's own store is {store} (your working store is left untouched)."
        yield load_paths([records], store, quiet=quiet)
        yield relink_store_at(store).sentence()
        with GraphStore.open(store) as opened:
            for name, review_id, as_of in EXAMPLE_TRACKERS:
                summary = import_tracker(opened, trackers / name, review_id, as_of)
                yield f"Imported the {review_id} action plan as of {as_of.isoformat()}: {summary.actions} actions."
            for name, params, filename in DEMO_QUERIES:
                columns, rows = run_query(opened, name, params)
                target = output_dir / filename
                emit_rows(columns, rows, target.suffix.lstrip("."), target,
                          stamp(get_query(name), params, str(Path(store).resolve())))
                yield f"Saved query {name}: {len(rows)} rows -> {target}"
                if name == "agencies-unresolved-actions":
                    wanted = ["agency_label", "unresolved", "overdue", "no_action", "oldest_due"]
                    unresolved_table = format_rows(wanted, [{c: r.get(c) for c in wanted} for r in rows], "table")
            graph = view_graph(opened)
            page = render_page(graph, graph.graph["title"], subtitle=graph.graph.get("subtitle", ""))
            write_atomic(output_dir / "graph.html", page)
            yield f"Interactive graph: {graph.number_of_nodes()} nodes -> {output_dir / 'graph.html'} (open it in a browser; it works offline)"
            today = dt.date.today()
            document = build_report(opened, ReportOptions(start=dt.date(2010, 1, 1), end=today))
        written = write_report(document, output_dir / "learning-from-reviews.docx")
        yield f"Annual report section (2010 to {today.isoformat()}) -> {written[0]}"
        yield "Agencies with unresolved actions today (unresolved includes recommendations with no action):\n" + unresolved_table.rstrip()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

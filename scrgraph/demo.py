"""The demo: the bundled fictional reviews through the whole pipeline, saying where each output went.

Steps: load the example records (which links recurring recommendations), import the example
action-plan trackers, run the main saved queries into CSV and Excel files, draw the whole graph as
one HTML page and write the annual-report section as a Word document.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from scrgraph.output import emit_rows, format_rows
from scrgraph.resources import bundle

# (tracker file, review it belongs to, the date it speaks for), imported earlier first.
EXAMPLE_TRACKERS = [
    ("northtown-scp-child-q-2023-03-31.xlsx", "northtown-scp-child-q", dt.date(2023, 3, 31)),
    ("northtown-scp-child-q-2023-09-30.csv", "northtown-scp-child-q", dt.date(2023, 9, 30)),
]
# The saved queries the demo runs, with the file each goes to.
DEMO_QUERIES: list[tuple[str, dict[str, str], str]] = [
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


def run_demo(store: Path, output_dir: Path) -> Iterator[str]:
    """Run the demo on one open graph; yield one line per step for the user."""
    import scrgraph.graph
    from scrgraph.provenance import stamp
    from scrgraph.report import write_report
    from scrgraph.saved_queries import get_query

    output_dir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="scrgraph-demo-"))
    try:
        records = copy_bundled("records", workdir / "records", (".yaml", ".yml", ".json"))
        trackers = copy_bundled("trackers", workdir / "trackers", (".xlsx", ".csv"))
        yield f"The demo's own store is {store} (your working store is left untouched)."
        with scrgraph.graph.open(store, create=True) as graph:
            yield graph.load([records])
            for name, review_id, as_of in EXAMPLE_TRACKERS:
                summary = graph.import_tracker(trackers / name, review_id, as_of)
                yield f"Imported the {review_id} action plan as of {as_of.isoformat()}: {summary.actions} actions."
            for name, params, filename in DEMO_QUERIES:
                rows = graph.query(name, params)
                target = output_dir / filename
                emit_rows(rows.columns, rows.rows, target.suffix.lstrip("."), target,
                          stamp(get_query(name), params, str(Path(store).resolve())))
                yield f"Saved query {name}: {len(rows)} rows -> {target}"
                if name == "agencies-unresolved-actions":
                    wanted = ["agency_label", "unresolved", "overdue", "no_action", "oldest_due"]
                    unresolved_table = format_rows(wanted, [{c: r.get(c) for c in wanted} for r in rows], "table")
            page = graph.view()
            page.write(output_dir / "graph.html")
            yield f"Interactive graph: {page.nodes} nodes -> {output_dir / 'graph.html'} (open it in a browser; it works offline)"
            today = dt.date.today()
            document = graph.report(dt.date(2010, 1, 1), today)
        written = write_report(document, output_dir / "learning-from-reviews.docx")
        yield f"Annual report section (2010 to {today.isoformat()}) -> {written[0]}"
        yield "Agencies with unresolved actions today (unresolved includes recommendations with no action):\n" + unresolved_table.rstrip()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

"""Import a tracker as one dated graph of status records: all checks first, then one write.

Each import writes the named graph ``actions_graph(review, as_of)`` whole, so importing the same
tracker for the same date again changes nothing, and a later tracker adds a new dated graph while
the earlier states stay (see the action-state rule in docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scrgraph.actions.context import ReviewContext, action_key, review_context
from scrgraph.actions.profiles import load_profile
from scrgraph.actions.reading import read_tracker
from scrgraph.actions.rows import Action, RowReader
from scrgraph.errors import ScrgraphError
from scrgraph.mapping import DCT, RDF_TYPE, RDFS_LABEL, iri, scr, text, typed
from scrgraph.vocab import actions_graph, agency_iri, item_iri, review_iri, status_iri

if TYPE_CHECKING:
    from scrgraph.backend import Store

PROV_GENERATED = "http://www.w3.org/ns/prov#wasGeneratedBy"


@dataclass
class ImportSummary:
    """What an import did, for the one-line summary and the warnings list."""

    graph: str
    sheet: str
    actions: int = 0
    new_measures: int = 0
    warnings: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def _row_of(warning: str) -> int:
    """The row number a warning starts with ("Row 12: ..."); 0 for a warning about the whole tracker."""
    match = re.match(r"Row (\d+)", warning)
    return int(match[1]) if match else 0


def import_tracker(store: Store, path: Path, review_id: str, as_of: dt.date,
                   sheet: str | None = None, profile: str = "default") -> ImportSummary:
    """Read a tracker, check it against the review and write it as the review's import for ``as_of``."""
    column_map = load_profile(profile)
    context = review_context(store, review_id)
    table = read_tracker(path, column_map, sheet)
    graph = actions_graph(review_id, as_of.isoformat())
    reader = RowReader(context, column_map, table.key)
    actions = _unique([a for a in map(reader.read, table.rows) if a is not None], context, graph, reader)
    if not actions:
        refs = ", ".join(context.recommendations) or "none"
        raise ScrgraphError(f"No row of {Path(path).name} matches a recommendation of review {review_id} "
                            f"(its refs are {refs}), so nothing was imported; check --review and the tracker's "
                            "recommendation column.")
    warnings = sorted(table.warnings + reader.warnings, key=_row_of)
    summary = ImportSummary(graph, table.sheet, warnings=warnings, ignored_columns=table.ignored)
    lines = _Quads(graph)
    run = item_iri(review_id, "import", as_of.isoformat())
    _import_node(lines, run, review_id, as_of, path, table.sheet)
    for measure, action, is_new in actions:
        if is_new:
            _new_measure(lines, context, measure, action)
            summary.new_measures += 1
        _status_record(lines, measure, action, as_of, run)
    summary.actions = len(actions)
    store.replace_graphs({graph: lines.lines})
    return summary


class _Quads:
    """The N-Quads lines of one import graph."""

    def __init__(self, graph: str) -> None:
        self.suffix = f" <{graph}> .\n"
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str | None) -> None:
        """Add a triple about IRI ``s``; an object of ``None`` adds nothing."""
        if o is not None:
            self.lines.append(f"{iri(s)} {p} {o}{self.suffix}")


def _unique(actions: list[Action], context: ReviewContext, graph: str,
            reader: RowReader) -> list[tuple[str, Action, bool]]:
    """Each action with its measure IRI and whether it is new; a measure's later rows repeat it and are dropped."""
    chosen: dict[str, tuple[str, Action, bool]] = {}
    for action in actions:
        known = context.find_measure(action.rec_ref, action.agency, action.text, skip_graph=graph)
        measure = known or new_measure_iri(context.review_id, action)
        if measure in chosen:
            reader.warn(action.row, f"it repeats the action of row {chosen[measure][1].row}, so it was ignored.")
            continue
        chosen[measure] = (measure, action, known is None)
    return list(chosen.values())


def new_measure_iri(review_id: str, action: Action) -> str:
    """The stable IRI of a measure first seen in a tracker: a digest of its ref, agency and action text."""
    key = "|".join((action.rec_ref or "", action.agency or "", action_key(action.text)))
    return item_iri(review_id, "measure", "t-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12])


def _import_node(q: _Quads, run: str, review_id: str, as_of: dt.date, path: Path, sheet: str) -> None:
    data = Path(path).read_bytes()
    q.add(run, iri(RDF_TYPE), scr("TrackerImport"))
    q.add(run, iri(DCT + "isPartOf"), iri(review_iri(review_id)))
    q.add(run, iri(RDFS_LABEL), text(f"Action tracker {Path(path).name} as of {as_of.isoformat()}"))
    q.add(run, scr("asOf"), typed(as_of.isoformat(), "date"))
    q.add(run, scr("path"), text(Path(path).name))
    q.add(run, scr("sha256"), text(hashlib.sha256(data).hexdigest()))
    q.add(run, scr("sheet"), text(sheet) if sheet else None)


def _new_measure(q: _Quads, context: ReviewContext, measure: str, action: Action) -> None:
    q.add(measure, iri(RDF_TYPE), scr("Measure"))
    q.add(measure, iri(DCT + "isPartOf"), iri(review_iri(context.review_id)))
    q.add(measure, scr("text"), text(action.text))
    q.add(measure, iri(RDFS_LABEL), text(action.text if len(action.text) <= 60 else action.text[:59].rstrip() + "…"))
    if action.rec_ref:
        q.add(measure, scr("answers"), iri(context.recommendations[action.rec_ref].iri))
    for agency in ([action.agency] if action.agency else []) + list(action.joint):
        q.add(measure, scr("responsibleAgency"), iri(agency_iri(agency)))
    # The review itself said nothing about this measure; its dated state is in the status records.
    q.add(measure, scr("status"), iri(status_iri("unknown")))


def _status_record(q: _Quads, measure: str, action: Action, as_of: dt.date, run: str) -> None:
    state = f"{measure}/status/{as_of.isoformat()}"
    q.add(measure, scr("statusRecord"), iri(state))
    q.add(state, iri(RDF_TYPE), scr("StatusRecord"))
    q.add(state, scr("asOf"), typed(as_of.isoformat(), "date"))
    q.add(state, scr("status"), iri(status_iri(action.status)))
    q.add(state, scr("statusLabel"), text(action.label) if action.label else None)
    q.add(state, scr("rag"), text(action.rag) if action.rag else None)
    q.add(state, scr("dueDate"), typed(action.due.isoformat(), "date") if action.due else None)
    q.add(state, scr("completedDate"), typed(action.completed.isoformat(), "date") if action.completed else None)
    q.add(state, scr("evidenceOfImpact"), text(action.evidence) if action.evidence else None)
    q.add(state, scr("closureReason"), text(action.reason) if action.reason else None)
    q.add(state, scr("row"), typed(action.row, "integer"))
    q.add(state, iri(PROV_GENERATED), iri(run))

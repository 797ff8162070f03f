"""How well `scrgraph actions import` reads action-plan trackers it was not written for.

Run from the repository:  python benchmarks/tracker_quality.py [FOLDER ...] [--quiet]

Each FOLDER (default: benchmarks/data/fictional-trackers) holds trackers (.xlsx, .csv) and a
``gold/`` folder with one hand-made reading per tracker (``gold/<stem>.yaml``: its actions, each
with the recommendation ref, the first words of the action, the lead agencies as written, the
state the row means on the tracker's own terms, the target date and the date completed). The
trackers were written blind to the importer, by someone who had not read its column map.

Each tracker is read as the import reads it (the default column map, the rows turned into actions
against a review whose recommendations are the gold's refs), and the actions are matched to the
gold's by their text. Printed per tracker and in total: actions found (precision and recall), and
of the actions found, the share with the right recommendation, lead agency, state, target date and
date completed. A lead is right when the importer's agency is one the gold's leads name; a state
is right when it is the gold's, with ``overdue`` and ``in_progress`` told apart.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scrgraph.actions.context import Recommendation, ReviewContext, action_key  # noqa: E402
from scrgraph.actions.profiles import load_profile  # noqa: E402
from scrgraph.actions.reading import read_tracker  # noqa: E402
from scrgraph.actions.rows import Action, RowReader  # noqa: E402
from scrgraph.errors import ScrgraphError  # noqa: E402
from scrgraph.recognise.agencies import find_agencies, resolve_agency  # noqa: E402

FIELDS = ("ref", "lead", "state", "due", "completed")
DEFAULT = REPO / "benchmarks" / "data" / "fictional-trackers"


@dataclass
class Score:
    """Counts for one tracker or a total."""

    expected: int = 0
    extracted: int = 0
    matched: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Add another score's counts to this one."""
        self.expected += other.expected
        self.extracted += other.extracted
        self.matched += other.matched
        for name in FIELDS:
            self.right[name] += other.right[name]

    def lines(self) -> list[str]:
        """Printable figures."""
        precision = self.matched / self.extracted if self.extracted else 0.0
        recall = self.matched / self.expected if self.expected else 0.0
        out = [f"  actions    precision {precision:.2f}  recall {recall:.2f}  "
               f"({self.matched} matched, {self.expected} expected, {self.extracted} read)"]
        share = "  ".join(f"{name} {self.right[name] / self.matched:.2f}" if self.matched else f"{name} -"
                          for name in FIELDS)
        out.append(f"  of those   {share}")
        return out


def agency_ids(name: str) -> set[str]:
    """The canonical agencies a lead written in the gold stands for."""
    named = {m.agency_id for m in find_agencies(name)}
    match = resolve_agency(name)
    return named | ({match.agency_id} if match else set())


def _context(gold: dict) -> ReviewContext:
    """A review whose recommendations are the refs the gold's actions belong to."""
    refs = dict.fromkeys(str(a["ref"]) for a in gold.get("actions") or [] if a.get("ref") is not None)
    recommendations = {ref: Recommendation(f"urn:rec:{ref}", ref, f"Recommendation {ref}") for ref in refs}
    return ReviewContext("blind", recommendations, {}, [])


def _as_date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _same(action: Action, wanted: dict) -> dict[str, bool]:
    """Which fields of one read action agree with the gold's."""
    leads = set().union(*(agency_ids(name) for name in wanted.get("lead") or [])) if wanted.get("lead") else set()
    read_leads = {action.agency, *action.joint} - {None}
    return {
        "ref": str(wanted.get("ref")) == str(action.rec_ref) if wanted.get("ref") is not None else True,
        "lead": bool(read_leads & leads) if leads else not read_leads,
        "state": action.status == wanted.get("state"),
        "due": action.due == _as_date(wanted.get("due")),
        "completed": action.completed == _as_date(wanted.get("completed")),
    }


def score_tracker(path: Path, gold: dict) -> Score:
    """Read one tracker as the import does and compare its actions with the gold reading."""
    score = Score(expected=len(gold.get("actions") or []))
    profile = load_profile("default")
    try:
        table = read_tracker(path, profile)
    except ScrgraphError as exc:
        score.misses.append(f"not read: {exc}")
        return score
    reader = RowReader(_context(gold), profile, table.key)
    actions = [a for a in map(reader.read, table.rows) if a is not None]
    score.extracted = len(actions)
    unmatched = list(actions)
    for wanted in gold.get("actions") or []:
        key = action_key(str(wanted["action"]))
        found = next((a for a in unmatched if action_key(a.text).startswith(key)), None)
        if found is None:
            score.misses.append(f"missed: {wanted['action']!r}")
            continue
        unmatched.remove(found)
        score.matched += 1
        for name, ok in _same(found, wanted).items():
            score.right[name] += ok
            if not ok:
                shown = {"ref": found.rec_ref, "lead": (found.agency, *found.joint), "state": found.status,
                         "due": found.due, "completed": found.completed}[name]
                score.misses.append(f"{name}: {wanted['action'][:40]!r} read {shown}, gold {wanted.get(name)}")
    score.misses.extend(f"extra: {a.text[:50]!r}" for a in unmatched)
    return score


def main(argv: list[str]) -> int:
    """Print per-tracker and total figures; 1 when there is nothing to score."""
    quiet = "--quiet" in argv
    folders = [Path(a) for a in argv if not a.startswith("--")] or [DEFAULT]
    total = Score()
    for folder in folders:
        for gold_path in sorted((folder / "gold").glob("*.yaml")):
            gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
            path = folder / str(gold.get("tracker") or gold_path.stem)
            score = score_tracker(path, gold)
            total.add(score)
            if not quiet:
                print(path.name)
                print("\n".join(score.lines()))
                for miss in score.misses:
                    print(f"    {miss}")
    if not total.expected:
        print("No trackers with gold readings found.")
        return 1
    print("all trackers")
    print("\n".join(total.lines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

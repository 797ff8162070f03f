"""Analysts' decisions on links (confirm or reject), kept in a YAML file in the store folder.

The file survives every relink: ``scrgraph link`` applies it each time. Recommendations are named
``review-id:ref``, so a decision still holds after a review is reloaded.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from scrgraph.errors import ScrgraphError
from scrgraph.output import write_atomic

DECISIONS_FILE = "link-decisions.yaml"
CONFIRMED = "confirmed"
REJECTED = "rejected"


def decisions_path(store_path: Path) -> Path:
    """Where a store keeps its link decisions."""
    return Path(store_path) / DECISIONS_FILE


def pair_key(a: str, b: str) -> tuple[str, str]:
    """The order-free key of a pair of recommendations."""
    return (a, b) if a <= b else (b, a)


def read_decisions(path: Path) -> dict[tuple[str, str], str]:
    """The decisions in ``path`` (none when the file does not exist)."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        return {pair_key(str(item["a"]), str(item["b"])): str(item["decision"]) for item in data}
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ScrgraphError(f"The link decisions file {path} cannot be read ({exc}); fix or remove it.") from None


def record_decision(path: Path, a: str, b: str, decision: str) -> None:
    """Add or change one decision, writing the file atomically."""
    decisions = read_decisions(path)
    decisions[pair_key(a, b)] = decision
    items = [{"a": x, "b": y, "decision": d} for (x, y), d in sorted(decisions.items())]
    header = "# Link decisions made with 'scrgraph link confirm|reject'. Applied on every 'scrgraph link'.\n"
    write_atomic(path, header + yaml.safe_dump(items, sort_keys=False, allow_unicode=True), store_file=True)

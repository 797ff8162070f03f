"""Analysts' names for recurring-recommendation groups, kept in a YAML file in the store folder.

Group ids survive relinks as long as most members stay (see ``groups.stable_ids``), so a name
given with ``scrgraph link name GROUP "label"`` stays with its group.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from scrgraph.errors import ScrgraphError
from scrgraph.output import write_atomic

NAMES_FILE = "link-names.yaml"


def names_path(store_path: Path) -> Path:
    """Where a store keeps its group names."""
    return Path(store_path) / NAMES_FILE


def read_names(path: Path) -> dict[str, str]:
    """Group id -> the analyst's label (none when the file does not exist)."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return {str(group): str(label) for group, label in data.items()}
    except (OSError, yaml.YAMLError, AttributeError) as exc:
        raise ScrgraphError(f"The group names file {path} cannot be read ({exc}); fix or remove it.") from None


def record_name(path: Path, group: str, label: str) -> None:
    """Give a group a name (an empty label removes it), writing the file atomically."""
    names = read_names(path)
    if label.strip():
        names[group] = label.strip()
    else:
        names.pop(group, None)
    header = "# Names of recurring-recommendation groups given with 'scrgraph link name'. Applied on every 'scrgraph link'.\n"
    write_atomic(path, header + yaml.safe_dump(dict(sorted(names.items())), sort_keys=False, allow_unicode=True), store_file=True)

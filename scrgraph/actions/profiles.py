"""Column-map profiles for trackers (``loaders/tracker-NAME.yaml``) and matching headers to fields.

Examples
--------
>>> profile = load_profile("default")
>>> profile.field_for("  Lead  Agency ")
'agency'
>>> profile.field_for("Target date (dd/mm/yyyy)")
'due'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from scrgraph.errors import ScrgraphError
from scrgraph.resources import bundle, data_files

FIELD_NAMES = {
    "ref": "recommendation ref", "recommendation": "recommendation", "action": "action",
    "agency": "lead agency", "due": "target date", "status": "status", "rag": "RAG rating",
    "evidence": "evidence of impact", "completed": "date completed", "reason": "reason",
}


def header_key(text: object) -> str:
    """A header in comparable form: lower case, no spaces, no bracketed notes or trailing punctuation."""
    value = re.sub(r"\(.*?\)|\[.*?\]", "", str(text or ""))
    return re.sub(r"\s+", "", value).lower().rstrip(".:*?")


@dataclass
class Profile:
    """One column map: header synonyms per field, required field groups and the RAG reading."""

    name: str
    synonyms: dict[str, str] = field(default_factory=dict)
    required: list[list[str]] = field(default_factory=list)
    rag: dict[str, str] = field(default_factory=dict)

    def field_for(self, header: object) -> str | None:
        """The field a header stands for, or ``None`` for a column scrgraph does not use."""
        return self.synonyms.get(header_key(header))

    def missing(self, fields: set[str]) -> list[str]:
        """Plain names of the required columns a tracker with ``fields`` lacks."""
        return [" or ".join(FIELD_NAMES[f] for f in group) for group in self.required if not fields & set(group)]


def profile_names() -> list[str]:
    """The names of the bundled tracker profiles."""
    return [entry.name[len("tracker-"):-len(".yaml")] for entry in data_files("loaders", ".yaml")
            if entry.name.startswith("tracker-")]


def load_profile(name: str = "default") -> Profile:
    """Read ``loaders/tracker-NAME.yaml``."""
    entry = bundle("loaders").joinpath(f"tracker-{name}.yaml")
    if not entry.is_file():
        raise ScrgraphError(f"There is no tracker profile {name!r}; choose one of: {', '.join(profile_names())}.")
    try:
        data = yaml.safe_load(entry.read_text(encoding="utf-8"))
        synonyms = {header_key(h): f for f, headers in data["fields"].items() for h in headers}
        unknown = set(data["fields"]) - set(FIELD_NAMES)
        if unknown:
            raise ValueError(", ".join(sorted(unknown)))
        return Profile(name, synonyms, [list(g) for g in data.get("required", [])],
                       {str(k).lower(): str(v) for k, v in (data.get("rag") or {}).items()})
    except (yaml.YAMLError, KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ScrgraphError(f"The tracker profile loaders/tracker-{name}.yaml is not valid ({exc}).") from None

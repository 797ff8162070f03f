"""Column-map profiles for trackers (``loaders/tracker-NAME.yaml``) and matching headers to fields.

A header the profile lists is its field; a short header it does not list is matched by the
profile's ``keywords`` (regular expressions tried in order), for a field no other column of the
tracker has: "Target review/completion date" is the target date, "Lead officer / agency" the lead
agency, unless the tracker has columns the profile lists for those.

Examples
--------
>>> profile = load_profile("default")
>>> profile.field_for("  Lead  Agency ")
'agency'
>>> profile.field_for("Target date (dd/mm/yyyy)")
'due'
>>> profile.columns(["Rec", "Actions agreed", "Lead officer / agency", "Timescale/target", "RAG", "Agency response"])
{0: 'ref', 1: 'action', 2: 'agency', 3: 'due', 4: 'rag', 5: 'status'}
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
    "percent": "percent complete", "done": "complete (yes or no)", "updated": "date of the update",
}


CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# Headers longer than this are not matched by their words (a cell of a data row is no header).
KEYWORD_HEADER_MAX = 60
# A second target-date column that holds the date agreed since ("Target date (revised)", "New deadline").
REVISED = re.compile(r"\b(?:revised|new|amended|updated|extended|re-?set|current)\b", re.I)
# A header that asks a question ("Complete?", "Completed (Y/N)"): its column answers yes or no, so it
# is read by its words first, before any list names it ("Completed" alone is the date completed).
QUESTION = re.compile(r"\?\s*(?:\(.*\))?\s*$|\(\s*(?:y\s*/\s*n|yes\s*/\s*no)\s*\)", re.I)
# Fields only a question header can have.
ANSWER_FIELDS = ("done",)
# A status or RAG header that names a period ("Q1 RAG", "Q2 RAG", "RAG Jun 25", "Status 2024/25"): one
# of a series of such columns, filled in turn, the latest filled saying how the action stands.
PERIOD = re.compile(r"\bq[1-4]\b|\bquarter\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:[\s\-']*\d{2,4})?\b"
                    r"|\b20\d\d(?:\s*/\s*\d{2,4})?\b|\b\d{2}/\d{2}\b", re.I)
SERIES_FIELDS = ("status", "rag")
# What such a header says besides its period: the field's word alone.
SERIES_WORDS = re.compile(r"[\s\-–/()]*(?:b?rag\+?(?: rating| status)?|status|rating)[\s\-–/()]*", re.I)


class _ProfileLoader(yaml.SafeLoader):
    """YAML's safe loader that reads yes, no, on and off as the words they are: a header ``No`` (the
    recommendation number) typed unquoted into a column map is a header, not ``False``."""


_ProfileLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
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
    keywords: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)

    def field_for(self, header: object) -> str | None:
        """The field a header the profile lists stands for, or ``None`` (always for a blank header)."""
        key = header_key(header)
        return self.synonyms.get(key) if key else None

    def guessed_fields(self, header: object) -> list[str]:
        """The fields a short header's words suggest, best first (the ``keywords`` it matches, in order;
        those of :data:`ANSWER_FIELDS` only for a header that asks a question, and first for it)."""
        first = str(header or "").strip().split("\n", 1)[0]  # "BRAG+" over the key written under it in the cell
        text = " ".join(CAMEL.sub(" ", first).split())  # "ActionDescription" -> "Action Description"
        if not text or len(text) > KEYWORD_HEADER_MAX:
            return []
        guesses = [name for name, pattern in self.keywords if pattern.search(text)]
        asked = bool(QUESTION.search(text))
        return [name for name in guesses if name in ANSWER_FIELDS] if asked else [name for name in guesses if name not in ANSWER_FIELDS]

    def columns(self, headers: list[object]) -> dict[int, str]:
        """Each column's field, by a header row: the headers the profile lists first, then the rest by
        their words, each taking the first field it suggests that no column has yet (leftmost first)."""
        found = {index: name for index, title in enumerate(headers) if title is not None
                 and (name := self._asked(title) or self.field_for(title))}
        taken = set(found.values())
        for index, title in enumerate(headers):
            if index in found:
                continue
            guesses = self.guessed_fields(title)
            name = next((name for name in guesses if name not in taken), None)
            if name is None and "due" in guesses and REVISED.search(str(title)):
                name = "due"  # "Revised target" beside "Target date": the date agreed since (reading.py)
            if name is None and SERIES_WORDS.fullmatch(PERIOD.sub(" ", str(title))):
                name = next((field for field in guesses if field in SERIES_FIELDS), None)  # "Q2 RAG" after "Q1 RAG"
            if name:
                found[index] = name
                taken.add(name)
        return dict(sorted(found.items()))

    def _asked(self, header: object) -> str | None:
        """The field of a header that asks a question and names one of :data:`ANSWER_FIELDS` ("Complete? (Y/N)")."""
        return next(iter(self.guessed_fields(header)), None) if QUESTION.search(str(header)) else None

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
        data = yaml.load(entry.read_text(encoding="utf-8"), Loader=_ProfileLoader)  # noqa: S506 (a safe loader)
        synonyms = {header_key(h): f for f, headers in data["fields"].items() for h in headers}
        unknown = set(data["fields"]) - set(FIELD_NAMES)
        keywords = [(str(f), re.compile(str(p), re.I)) for entry in data.get("keywords") or [] for f, p in entry.items()]
        unknown |= {f for f, _ in keywords} - set(FIELD_NAMES)
        if unknown:
            raise ValueError(", ".join(sorted(unknown)))
        return Profile(name, synonyms, [list(g) for g in data.get("required", [])],
                       {str(k).lower(): str(v) for k, v in (data.get("rag") or {}).items()}, keywords)
    except (yaml.YAMLError, KeyError, TypeError, AttributeError, ValueError, re.error) as exc:
        raise ScrgraphError(f"The tracker profile loaders/tracker-{name}.yaml is not valid ({exc}).") from None

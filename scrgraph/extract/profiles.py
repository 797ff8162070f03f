"""Layout profiles (``loaders/layout-NAME.yaml``): loading, inheritance, checking and scoring.

A profile is data an analyst edits: section words, numbering, addressee and measure wording,
metadata patterns (``docs/loaders.md`` explains every key). ``extends: NAME`` merges a profile
over another one (mappings key by key, lists replaced). :func:`choose_profile` scores every
profile against a document and takes the best, unless one is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from scrgraph.errors import ScrgraphError
from scrgraph.extract.lexicons import read_mapping
from scrgraph.resources import data_files

PREFIX = "layout-"
FLAGS = re.IGNORECASE | re.MULTILINE


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, FLAGS)
    except re.error as exc:
        raise ScrgraphError(f"The layout profile pattern at {where} is not a valid regular expression: {exc}.") from None


@dataclass
class Profile:
    """One layout profile, merged with the profiles it extends, with its patterns compiled."""

    name: str
    data: dict[str, Any]
    description: str = ""
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def get(self, path: str, default: Any = None) -> Any:
        """A setting by dotted path ("findings.group_under_headings")."""
        value: Any = self.data
        for part in path.split("."):
            if not isinstance(value, dict) or part not in value:
                return default
            value = value[part]
        return value

    def pattern(self, path: str) -> re.Pattern[str] | None:
        """One compiled pattern setting (``None`` when unset)."""
        if path not in self._cache:
            value = self.get(path)
            self._cache[path] = _compile(value, f"{self.name}: {path}") if value else None
        return self._cache[path]

    def patterns(self, path: str) -> list[re.Pattern[str]]:
        """A list of compiled patterns (a string counts as a list of one)."""
        key = path + "[]"
        if key not in self._cache:
            value = self.get(path) or []
            if isinstance(value, str):
                value = [value]
            self._cache[key] = [_compile(v, f"{self.name}: {path}") for v in value if v]
        return self._cache[key]

    def alternation(self, path: str, whole: bool = True) -> re.Pattern[str] | None:
        """A list of word patterns as one pattern matching any of them (the whole text when ``whole``)."""
        key = path + "|" + str(whole)
        if key not in self._cache:
            values = self.get(path) or []
            body = "|".join(f"(?:{v})" for v in values)
            self._cache[key] = _compile(rf"^\s*(?:{body})\s*[:.]?\s*$" if whole else body, f"{self.name}: {path}") if body else None
        return self._cache[key]


def _raw_profiles() -> dict[str, dict[str, Any]]:
    raw: dict[str, dict[str, Any]] = {}
    for entry in data_files("loaders", ".yaml") + data_files("loaders", ".yml"):
        if not entry.name.startswith(PREFIX):
            continue
        data = read_mapping(entry, "layout profile")
        name = str(data.get("name") or entry.name[len(PREFIX):].rsplit(".", 1)[0])
        raw[name] = data
    return raw


def _resolve(name: str, raw: dict[str, dict[str, Any]], seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if name in seen:
        raise ScrgraphError(f"The layout profiles {' -> '.join(seen + (name,))} extend each other in a circle.")
    data = raw[name]
    parent = data.get("extends")
    if not parent:
        return data
    if parent not in raw:
        raise ScrgraphError(f"The layout profile {name} extends {parent!r}, which is not a profile in loaders/.")
    return _merge(_resolve(parent, raw, seen + (name,)), {k: v for k, v in data.items() if k != "extends"})


@lru_cache(maxsize=1)
def load_profiles() -> dict[str, Profile]:
    """Every layout profile in ``loaders/``, by name, each merged with what it extends."""
    raw = _raw_profiles()
    if "generic" not in raw:
        raise ScrgraphError("The layout profile loaders/layout-generic.yaml is missing; it is the fallback every document needs.")
    profiles = {}
    for name in raw:
        data = _resolve(name, raw)
        profiles[name] = Profile(name=name, data=data, description=str(data.get("description") or ""))
    return profiles


def get_profile(name: str) -> Profile:
    """One profile by name, or a sentence listing the names there are."""
    profiles = load_profiles()
    key = name.removeprefix(PREFIX).removesuffix(".yaml")
    if key not in profiles:
        raise ScrgraphError(f"There is no layout profile {name!r}; the profiles are: {', '.join(sorted(profiles))}.")
    return profiles[key]


@dataclass
class DocumentFeatures:
    """What profile scoring looks at: counts of numbered paragraphs, list items, headings, tables."""

    format: str
    text: str
    numbered_paragraphs: int = 0
    list_items: int = 0
    headings: int = 0
    tables: int = 0
    inline_lists: int = 0


def score(profile: Profile, features: DocumentFeatures) -> float:
    """How well a document fits a profile (the sum of the points of its ``detect`` rules)."""
    detect = profile.get("detect") or {}
    total = float(detect.get("base") or 0)
    total += float((detect.get("formats") or {}).get(features.format, 0))
    for index, rule in enumerate(detect.get("patterns") or []):
        compiled = _compile(rule["pattern"], f"{profile.name}: detect.patterns[{index}]")
        if compiled.search(features.text):
            total += float(rule.get("weight", 1))
    return total + structure_score(profile, features)


def structure_score(profile: Profile, features: DocumentFeatures) -> float:
    """The points of a profile's ``detect`` rules on the document's structure (numbered paragraphs,
    list items, headings, tables, inline lists), not on its words or format."""
    detect = profile.get("detect") or {}
    total = 0.0
    for key in ("numbered_paragraphs", "list_items", "headings", "tables", "inline_lists"):
        rule = detect.get(key)
        if rule and getattr(features, key) >= int(rule.get("min", 1)):
            total += float(rule.get("weight", 1))
    return total


def choose_profile(features: DocumentFeatures, name: str | None = None) -> tuple[Profile, dict[str, float]]:
    """The named profile, or the best scoring one (ties go to the one the document's structure fits best,
    then to the more specific, then by name: a web page that says "executive summary" but numbers no
    paragraph is read as the lists it holds)."""
    profiles = load_profiles()
    scores = {n: score(p, features) for n, p in profiles.items()}
    if name:
        return get_profile(name), scores
    best = max(sorted(scores), key=lambda n: (scores[n], structure_score(profiles[n], features), n != "generic"))
    return profiles[best], scores


SECTION_KINDS = ("findings", "recommendations", "measures", "other")
_HEADING_REST = re.compile(r"^\s*(?:(?:\d{1,2}|[ivxIVX]{1,4}|[A-Z])\b\s*)?(?:[:.\-–—(].*|(?:and|from|for|of|to|made|arising|linked|in|on|by|with|about|across|identified|"
                           r"following|relating|related|concerning|that|which|we|this|the|since|after)\b.*)?$", re.I)


def heading_kind(text: str, profile: Profile) -> str | None:
    """The section kind a heading's words name, or ``None``."""
    text = re.sub(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5}|[A-Z]|[ivx]{1,5})[.)]?\s+(?=[A-Za-z])", "", text.strip())
    text = text.strip(" *:#")
    for kind in SECTION_KINDS:
        for pattern in profile.patterns(f"sections.{kind}"):
            match = pattern.match(text)
            if match and _HEADING_REST.match(text[match.end():]):
                return kind
    return None

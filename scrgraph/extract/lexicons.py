"""Analyst-editable word lists of the extractor (YAML files in the loaders bundle), read once and checked.

Each file maps names to regular expressions (a string, or a list of strings matched as
alternatives), matched case-insensitively. A file that is not valid YAML, not a mapping, or holds
a pattern that does not compile is refused in one sentence naming the file and the place.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources.abc import Traversable

import yaml

from scrgraph.errors import ScrgraphError
from scrgraph.resources import bundle


def read_mapping(entry: Traversable, what: str) -> dict:
    """The mapping a YAML data file of the loaders bundle holds (``what`` names it in the one-sentence error)."""
    try:
        data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ScrgraphError(f"The {what} loaders/{entry.name} is not valid YAML{where}.") from None
    if not isinstance(data, dict):
        raise ScrgraphError(f"The {what} loaders/{entry.name} must be a mapping of names to settings.")
    return data


@cache
def lexicon_data(name: str) -> dict:
    """The mapping one lexicon file (``loaders/NAME``) holds."""
    return read_mapping(bundle("loaders").joinpath(name), "word list")


def compile_pattern(pattern: str, name: str, where: str, flags: int = re.I) -> re.Pattern[str]:
    """One pattern of a lexicon file, compiled (refused in one sentence when it is not a valid expression)."""
    try:
        return re.compile(pattern, flags)
    except (re.error, TypeError) as exc:
        raise ScrgraphError(f"A pattern under {where} in loaders/{name} is not a valid regular expression ({exc}).") from None


@cache
def lexicon_pattern(name: str, key: str, flags: int = re.I) -> re.Pattern[str]:
    """The pattern under a dotted ``key`` of a lexicon file (a list is one alternation); one that never matches
    when the key is missing."""
    value: object = lexicon_data(name)
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if not value:
        return re.compile(r"(?!)")
    if isinstance(value, list):
        value = "|".join(f"(?:{item})" for item in value)
    return compile_pattern(str(value), name, key, flags)

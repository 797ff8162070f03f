"""Tag a passage with practice themes and the type of action it asks for, from the SKOS scheme.

The phrases are data: ``scr:matchPhrase``, ``skos:prefLabel`` and ``skos:altLabel`` of each theme
and action type in ``ontology/themes.ttl``, looked for at the start of words without regard to
case. Short phrases (four letters or fewer) are acronyms and must be written in capitals, except
the ordinary words listed in ``loaders/theme-tagging.yaml``, which also sets how many themes a
passage may get.

Examples
--------
>>> tag_themes("Agencies did not share information about the father's history of domestic abuse.")
['INFO_SHARING', 'DOMESTIC_ABUSE', 'FATHERS_MEN', 'ASSESSMENT']
>>> action_type("All GPs should attend training on pre-birth referrals.")
'training'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from scrgraph.knowledge import Concept, knowledge
from scrgraph.resources import bundle


@dataclass(frozen=True)
class _Tagger:
    patterns: list[tuple[str, re.Pattern[str], int]]  # (concept id, pattern, weight)
    max_themes: int
    min_score: int
    keys: tuple[str, ...] = ()  # the start of each phrase's first word, to skip phrases a text cannot hold


@lru_cache(maxsize=1)
def _settings() -> dict:
    entry = bundle("loaders").joinpath("theme-tagging.yaml")
    return (yaml.safe_load(entry.read_text(encoding="utf-8")) or {}) if entry.is_file() else {}


WORD = re.compile(r"[A-Za-z0-9]+")


def _word_key(word: str) -> str:
    """The start of a word as the prefilter compares it (phrases match at word starts)."""
    letters = WORD.match(word)
    return letters.group().lower()[:4] if letters else ""


SUFFIXES = ("ies", "ing", "ed", "es", "e", "s", "y")


def _inflected(word: str) -> str:
    """A phrase word as a pattern that also finds its inflections ("sharing" finds "shared", "history" "historical").

    A common ending is cut off when at least four letters are left; the pattern then allows any
    ending. The last word of a phrase is matched at a word start anyway ("refus" finds "refused").
    """
    pattern = re.escape(word).replace("'", "['’]").replace("’", "['’]")
    lower = word.lower()
    if not word.isalpha() or len(word) <= 4:
        return pattern
    for suffix in SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 4:
            return re.escape(word[: len(word) - len(suffix)]) + r"\w*"
    return pattern + r"\w*"


def _phrase_pattern(phrase: str, ordinary: set[str]) -> re.Pattern[str] | None:
    phrase = phrase.strip()
    if not phrase:
        return None
    words = [_inflected(w) for w in re.split(r"[\s\-]+", phrase)]
    body = r"[\s\-]+".join(words)
    letters = re.sub(r"[^A-Za-z]", "", phrase)
    if len(letters) <= 4 and phrase.lower() not in ordinary and " " not in phrase:
        return re.compile(rf"(?<![A-Za-z0-9]){re.escape(phrase.upper())}(?![A-Za-z0-9])")
    return re.compile(rf"(?<![A-Za-z0-9]){body}", re.IGNORECASE)


def _build(concepts: list[Concept]) -> _Tagger:
    settings = _settings()
    ordinary = {w.lower() for w in settings.get("ordinary_short_words") or []}
    patterns = []
    keys: list[str] = []
    for concept in concepts:
        seen: set[str] = set()
        labels = [(concept.label, 2), *((alt, 2) for alt in concept.alt_labels)]
        phrases = [(p, 2 if len(p.split()) > 1 else 1) for p in concept.phrases]
        for phrase, weight in labels + phrases:
            if "&" in phrase or "/" in phrase or "," in phrase:
                continue  # labels such as "Information sharing & seeking" are not written in reviews
            key = phrase.lower()
            if key in seen:
                continue
            seen.add(key)
            pattern = _phrase_pattern(phrase, ordinary)
            if pattern is not None:
                patterns.append((concept.id, pattern, weight))
                keys.append(_word_key(re.split(r"[\s\-–/]+", phrase.strip())[0]))
    return _Tagger(patterns, int(settings.get("max_themes", 4)), int(settings.get("min_score", 1)), tuple(keys))


@lru_cache(maxsize=1)
def _theme_tagger() -> _Tagger:
    return _build(list(knowledge().themes.values()))


@lru_cache(maxsize=1)
def _action_tagger() -> _Tagger:
    return _build([c for c in knowledge().action_types.values() if c.id != "other"])


def _scores(tagger: _Tagger, text: str) -> list[tuple[str, int, int]]:
    scores: dict[str, list[int]] = {}
    words = {w.lower() for w in WORD.findall(text)}
    present = {w[:4] for w in words} | words
    for index in range(len(tagger.patterns)):
        if tagger.keys and tagger.keys[index] not in present:
            continue
        concept_id, pattern, weight = tagger.patterns[index]
        match = pattern.search(text)
        if match:
            entry = scores.setdefault(concept_id, [0, match.start()])
            entry[0] += weight
            entry[1] = min(entry[1], match.start())
    return sorted(((cid, s, first) for cid, (s, first) in scores.items()), key=lambda t: (-t[1], t[2]))


def tag_themes(text: str, limit: int | None = None) -> list[str]:
    """The theme ids a passage speaks of, the strongest first (at most ``max_themes``)."""
    tagger = _theme_tagger()
    ranked = [cid for cid, score, _ in _scores(tagger, text or "") if score >= tagger.min_score]
    return ranked[: limit if limit is not None else tagger.max_themes]


def action_type(text: str) -> str | None:
    """The action type a recommendation asks for (training, policy_procedure ...), or ``None``."""
    ranked = _scores(_action_tagger(), text or "")
    return ranked[0][0] if ranked else None

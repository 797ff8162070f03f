"""Resolve agency names to the canonical agencies of the gazetteer (``ontology/agencies.ttl``).

Two entry points:

- :func:`resolve_agency` reads one name given on its own (a lead-agency cell, an agency
  sub-heading): its label, an alternative label, an abbreviation, a local body ("Leicestershire
  Constabulary", "UHL") or a name pattern ("<Place> Constabulary"), ignoring case, spaces,
  punctuation, apostrophes, plurals and a leading "the"; then names it contains ("UHL Maternity
  Services" is a maternity service: the last name is the head); then, conservatively, a close
  spelling (rapidfuzz) for typos.
- :func:`find_agencies` finds every agency named in running text, with where it stands and the
  words as written. Names that are also ordinary words ("practice", "health") count there only
  when written with a capital, as set in ``loaders/agency-mentions.yaml``.

Examples
--------
>>> resolve_agency("Leicestershire Constabulary").agency_id
'police'
>>> resolve_agency("Testtown Constabulary").agency_id
'police'
>>> resolve_agency("the UHL").agency_id
'acute_trust'
>>> resolve_agency("Ministry of Magic") is None
True
>>> [(m.agency_id, m.as_written) for m in find_agencies("Northtown Police and the GP should meet.")]
[('police', 'Northtown Police'), ('gp', 'GP')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

import yaml
from rapidfuzz import fuzz, process

from scrgraph.knowledge import knowledge
from scrgraph.resources import bundle, data_files

# Kinds of name, best first: a tie between two agencies goes to the better kind.
_RANK = {"label": 0, "body": 1, "alt": 2, "abbreviation": 3, "ambiguous": 4}
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’`][A-Za-z]+)*|&")
# What may stand between two words of one name in running text.
_JOINER = re.compile(r"^[\s\-–—/'’]*$")
FUZZY_CUTOFF = 90
TEXT_FUZZY_CUTOFF = 93  # in running text, where far more words are tried, only very close spellings
FUZZY_MIN_LENGTH = 6


_HOME: ContextVar[str | None] = ContextVar("home_agency", default=None)


@contextmanager
def home_agency(agency_id: str | None) -> Iterator[None]:
    """Within this block, an ambiguous name that may mean ``agency_id`` means it.

    A review's own board is its home: in a safeguarding adults review "the Board" is the
    Safeguarding Adults Board, in a children's review the safeguarding children partnership.
    """
    token = _HOME.set(agency_id)
    try:
        yield
    finally:
        _HOME.reset(token)


@dataclass(frozen=True)
class AgencyMatch:
    """A name resolved to a canonical agency.

    ``ambiguous`` is true when the name may mean more than one agency (the gazetteer lists it as an
    ambiguous alias, or several agencies share it) and the first was taken; ``via`` says how it
    was found (name, abbreviation, pattern, contained, fuzzy) and ``score`` how close a fuzzy
    match was (100 otherwise).
    """

    agency_id: str
    label: str
    ambiguous: bool
    as_written: str
    via: str = "name"
    score: float = 100.0


@dataclass(frozen=True)
class AgencyMention:
    """An agency named in running text: the canonical agency, the words as written and their span."""

    agency_id: str
    label: str
    as_written: str
    start: int
    end: int
    ambiguous: bool = False
    fuzzy: bool = False  # read from a close spelling of a known name


@dataclass(frozen=True)
class _Name:
    agency_id: str
    kind: str
    written: str


def _stem(word: str) -> str:
    """A word in comparable form: lower case, no possessive, no plural s."""
    word = re.sub(r"['’`](s|)$", "", word.lower()).replace("'", "").replace("’", "").replace("`", "")
    if word == "&":
        return "and"
    if len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def name_tokens(text: str) -> tuple[str, ...]:
    """The comparable words of a name ("The Children's Services" -> ('children', 'service'))."""
    tokens = tuple(_stem(t) for t in _TOKEN.findall(text))
    if tokens and tokens[0] == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    return tokens


def name_key(text: str) -> str:
    """A name in comparable form, for dictionaries keyed by agency names."""
    return " ".join(name_tokens(text))


@dataclass
class _Settings:
    capital_only: frozenset[tuple[str, ...]]
    never_in_text: frozenset[tuple[str, ...]]
    not_part_of_a_name: frozenset[str]


@lru_cache(maxsize=1)
def _settings() -> _Settings:
    entry = bundle("loaders").joinpath("agency-mentions.yaml")
    data = yaml.safe_load(entry.read_text(encoding="utf-8")) if entry.is_file() else {}
    data = data or {}
    return _Settings(
        capital_only=frozenset(name_tokens(n) for n in data.get("capital_only") or []),
        never_in_text=frozenset(name_tokens(n) for n in data.get("never_in_text") or []),
        not_part_of_a_name=frozenset(data.get("not_part_of_a_name") or []),
    )


def _file_order() -> dict[str, int]:
    """Agency ids in the order agencies.ttl lists them (used to break ties between agencies)."""
    order: dict[str, int] = {}
    for entry in data_files("ontology", ".ttl"):
        for match in re.finditer(r"^agency:([a-z0-9_]+)\s+a\s+scr:Agency", entry.read_text(encoding="utf-8"), re.M):
            order.setdefault(match.group(1), len(order))
    return order


@dataclass
class _Index:
    by_key: dict[tuple[str, ...], list[_Name]]
    abbreviations: dict[str, list[_Name]]
    patterns: list[tuple[re.Pattern[str], str, bool]]  # (pattern, agency id, anchored at a name's start or end)
    labels: dict[str, str]
    order: dict[str, int]
    trie: dict
    abbreviation_re: re.Pattern[str] | None
    fuzzy_keys: list[str]
    fuzzy_names: list[tuple[str, ...]]
    multiword: list[tuple[str, ...]]

    def best(self, names: list[_Name]) -> tuple[_Name, bool]:
        """The preferred reading of a name and whether the name is ambiguous.

        An ambiguous name that may mean the home agency (see :func:`home_agency`) means it.
        """
        ranked = sorted(names, key=lambda n: (_RANK[n.kind], self.order.get(n.agency_id, 999)))
        agencies = {n.agency_id for n in names}
        ambiguous = len(agencies) > 1 or ranked[0].kind == "ambiguous"
        home = _HOME.get()
        if ambiguous and home in agencies:
            return next(n for n in ranked if n.agency_id == home), False
        return ranked[0], ambiguous


def _is_abbreviation(text: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", text)
    return bool(letters) and len(text) <= 6 and text.upper() == text and " " not in text


@lru_cache(maxsize=1)
def _index() -> _Index:
    kb = knowledge()
    by_key: dict[tuple[str, ...], list[_Name]] = {}
    abbreviations: dict[str, list[_Name]] = {}
    patterns: list[tuple[re.Pattern[str], str, bool]] = []

    def add(agency_id: str, kind: str, written: str) -> None:
        if not written.strip():
            return
        if kind in ("abbreviation",) or (kind in ("alt", "ambiguous") and _is_abbreviation(written)):
            abbreviations.setdefault(written, []).append(_Name(agency_id, "ambiguous" if kind == "ambiguous" else "abbreviation", written))
        key = name_tokens(written)
        if key:
            by_key.setdefault(key, []).append(_Name(agency_id, kind, written))

    for concept in kb.agencies.values():
        add(concept.id, "label", concept.label)
        for alt in concept.alt_labels:
            add(concept.id, "alt", alt)
        for abbr in concept.abbreviations:
            add(concept.id, "abbreviation", abbr)
        for alias in concept.ambiguous:
            add(concept.id, "ambiguous", alias)
        for pattern in concept.patterns:
            try:
                # a pattern tied to a name's start or end ("... Medical Practice$") is tried on capitalised
                # phrases, where the name ends, not on the running text (whose end it is not)
                patterns.append((re.compile(pattern), concept.id, pattern.startswith("^") or pattern.endswith("$")))
            except re.error:
                continue
    for body in kb.local_bodies.values():
        if not body.canonical or body.canonical not in kb.agencies:
            continue
        add(body.canonical, "body", body.label)
        for alt in body.alt_labels:
            add(body.canonical, "body", alt)
        for abbr in body.abbreviations:
            add(body.canonical, "abbreviation", abbr)
    # Every key of several words (or one long word) goes into a trie for running text.
    trie: dict = {}
    for key in by_key:
        node = trie
        for token in key:
            node = node.setdefault(token, {})
        node[None] = key
    abbreviation_re = None
    if abbreviations:
        alternatives = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
        abbreviation_re = re.compile(rf"(?<![A-Za-z0-9&])(?:{alternatives})(?:s|['’]s)?(?![A-Za-z0-9&])")
    fuzzy_names = [k for k in by_key if len(" ".join(k)) >= FUZZY_MIN_LENGTH]
    return _Index(
        by_key=by_key,
        abbreviations=abbreviations,
        patterns=patterns,
        labels={c.id: c.label for c in kb.agencies.values()},
        order=_file_order(),
        trie=trie,
        abbreviation_re=abbreviation_re,
        fuzzy_keys=[" ".join(k) for k in fuzzy_names],
        fuzzy_names=fuzzy_names,
        multiword=[k for k in by_key if len(k) >= 2],
    )


def agency_label(agency_id: str) -> str:
    """The gazetteer label of a canonical agency (its id when unknown)."""
    return _index().labels.get(agency_id, agency_id)


def _match(name: _Name, ambiguous: bool, written: str, via: str, score: float = 100.0) -> AgencyMatch:
    return AgencyMatch(name.agency_id, agency_label(name.agency_id), ambiguous, written, via, score)


def _pattern_match(text: str) -> AgencyMatch | None:
    index = _index()
    variants = [text]
    if text.islower() or text.isupper():
        variants.append(text.title())
    stripped = re.sub(r"^(?i:the)\s+", "", text)
    if stripped != text:
        variants.append(stripped)
    for variant in variants:
        for pattern, agency_id, _anchored in index.patterns:
            if pattern.search(variant):
                return AgencyMatch(agency_id, agency_label(agency_id), False, text, "pattern")
    return None


def _subsequence(needle: tuple[str, ...], hay: tuple[str, ...]) -> bool:
    position = 0
    for token in hay:
        if position < len(needle) and token == needle[position]:
            position += 1
    return position == len(needle)


def _within(key: tuple[str, ...]) -> tuple[str, ...] | None:
    """The longest known name of two words or more whose words make up most of ``key``, in order."""
    if len(key) < 2:
        return None
    best: tuple[str, ...] | None = None
    words = set(key)
    for candidate in _index().multiword:
        if len(candidate) >= 0.6 * len(key) and candidate[0] in words and candidate[-1] in words \
                and _subsequence(candidate, key) and (best is None or len(candidate) > len(best)):
            best = candidate
    return best


def resolve_agency(text: str) -> AgencyMatch | None:
    """The canonical agency a name given on its own stands for, or ``None`` when it is not known.

    Tries, in order: the exact name (labels, alternative labels, local bodies, abbreviations,
    ambiguous aliases), the gazetteer's name patterns, the last agency the name contains
    ("UHL Maternity Services" -> maternity), all words of a known name in the same order making up
    most of it ("Drug and Alcohol Misuse services"), and finally a close spelling.
    """
    written = " ".join(str(text or "").split())
    written = written.strip(" \t.,;:-–—*•")
    if not written:
        return None
    index = _index()
    key = name_tokens(written)
    if not key:
        return None
    if written in index.abbreviations:
        name, ambiguous = index.best(index.abbreviations[written])
        return _match(name, ambiguous, written, "abbreviation")
    if key in index.by_key:
        name, ambiguous = index.best(index.by_key[key])
        return _match(name, ambiguous, written, "name")
    upper = written.upper()
    for abbr, names in index.abbreviations.items():
        if abbr.upper() == upper:
            name, ambiguous = index.best(names)
            return _match(name, ambiguous, written, "abbreviation")
    found = _pattern_match(written)
    if found:
        return found
    mentions = [m for m in find_agencies(written) if not m.fuzzy]
    tail = written.rstrip(" .,;:)")
    if mentions and mentions[-1].end >= len(tail):
        head = mentions[-1]
        return AgencyMatch(head.agency_id, agency_label(head.agency_id), head.ambiguous, written, "contained")
    within = _within(key)
    if within is not None:
        name, ambiguous = index.best(index.by_key[within])
        return _match(name, ambiguous, written, "contained")
    if mentions:
        head = mentions[-1]
        return AgencyMatch(head.agency_id, agency_label(head.agency_id), head.ambiguous, written, "contained")
    joined = " ".join(key)
    if len(joined) >= FUZZY_MIN_LENGTH and index.fuzzy_keys:
        hit = process.extractOne(joined, index.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if hit is not None:
            _, score, position = hit
            name, ambiguous = index.best(index.by_key[index.fuzzy_names[position]])
            return _match(name, True if score < 95 else ambiguous, written, "fuzzy", float(score))
    return None


# ---------------------------------------------------------------------------------------------
# Running text


@dataclass
class _Candidate:
    start: int
    end: int
    agency_id: str
    ambiguous: bool
    priority: int  # lower is better at equal length
    fuzzy: bool = False


def _tokens(text: str) -> list[tuple[str, int, int, str]]:
    """(stem, start, end, as written) of every word of the text."""
    return [(_stem(m.group()), m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'‘“(")
    return not before or before[-1] in ".!?:;\n•●▪|" or before.endswith("\n")


def _capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _trie_candidates(text: str, tokens: list[tuple[str, int, int, str]]) -> list[_Candidate]:
    index, settings = _index(), _settings()
    found: list[_Candidate] = []
    for i in range(len(tokens)):
        node = index.trie
        j = i
        last: tuple[int, tuple[str, ...]] | None = None
        while j < len(tokens):
            if j > i and not _JOINER.match(text[tokens[j - 1][2]:tokens[j][1]]):
                break
            child = node.get(tokens[j][0])
            if child is None:
                break
            node = child
            if None in node:
                last = (j, node[None])
            j += 1
        if last is None:
            continue
        end_token, key = last
        if key in settings.never_in_text:
            continue
        names = index.by_key[key]
        if all(n.written.lower().startswith("the ") for n in names):
            if i == 0 or tokens[i - 1][0] != "the":
                continue  # "the Board" is a name, "board" alone is a word
            i_start = tokens[i - 1][1]
        else:
            i_start = None
        if all(n.kind == "abbreviation" for n in names):
            continue  # abbreviations are matched with their case, below
        if all(_is_abbreviation(n.written) for n in names) and not _is_abbreviation(tokens[i][3]):
            continue
        start, end = (i_start if i_start is not None else tokens[i][1]), tokens[end_token][2]
        if len(key) == 1 and i_start is None and all(_capitalised(n.written.split()[-1]) for n in names) \
                and not _capitalised(tokens[end_token][3]):
            continue  # a proper name ("the Met") written in lower case is an ordinary word ("met")
        if key in settings.capital_only:
            words = [t[3] for t in tokens[i:end_token + 1]]
            if words[0].lower() == "the":
                words = words[1:]
            if not words or not _capitalised(words[0]) or _sentence_start(text, start):
                continue
            if i > 0 and _capitalised(tokens[i - 1][3]) and _JOINER.match(text[tokens[i - 1][2]:start]) \
                    and tokens[i - 1][3] not in settings.not_part_of_a_name:
                continue
            if end_token + 1 < len(tokens) and _capitalised(tokens[end_token + 1][3]) \
                    and text[end:tokens[end_token + 1][1]].strip() == "":
                continue
        name, ambiguous = index.best(names)
        found.append(_Candidate(start, end, name.agency_id, ambiguous, _RANK[name.kind]))
    return found


def _abbreviation_candidates(text: str) -> list[_Candidate]:
    index = _index()
    if index.abbreviation_re is None:
        return []
    found = []
    for match in index.abbreviation_re.finditer(text):
        word = re.sub(r"(s|['’]s)$", "", match.group()) if match.group() not in index.abbreviations else match.group()
        names = index.abbreviations.get(word)
        if not names:
            continue
        name, ambiguous = index.best(names)
        found.append(_Candidate(match.start(), match.end(), name.agency_id, ambiguous, 3))
    return found


_CAPITALISED_PHRASE = re.compile(
    r"(?<![A-Za-z0-9])[A-Z][\w'’&-]*(?:[ \t]*\n?[ \t]*(?:(?:of|and|for|the|&)[ \t]*\n?[ \t]*)?[A-Z0-9][\w'’&-]*)+")


def _pattern_candidates(text: str) -> list[_Candidate]:
    index = _index()
    found = []
    for pattern, agency_id, anchored in index.patterns:
        if anchored:
            continue
        for match in pattern.finditer(text):
            if match.end() > match.start():
                found.append(_Candidate(match.start(), match.end(), agency_id, False, 2))
    anchored_patterns = [(p, a) for p, a, anchored in index.patterns if anchored]
    for match in _CAPITALISED_PHRASE.finditer(text):
        for start, phrase in _names_in_phrase(match.start(), match.group(), anchored_patterns):
            words = list(re.finditer(r"\S+", phrase))
            for w in words:  # try the phrase from each word on: "The Northtown Constabulary" -> "Northtown Constabulary"
                candidate = phrase[w.start():]
                if w.group() in _settings().not_part_of_a_name:
                    continue
                hit = next((a for p, a in anchored_patterns if p.search(candidate)), None)
                if hit:
                    found.append(_Candidate(start + w.start(), start + len(phrase), hit, False, 2))
                    break
                typo = _close_spelling(candidate)
                if typo is not None:
                    found.append(_Candidate(start + w.start(), start + len(phrase), typo, True, 5, fuzzy=True))
                    break
    return found


def _names_in_phrase(start: int, phrase: str, patterns: list[tuple[re.Pattern[str], str]]) -> list[tuple[int, str]]:
    """A capitalised phrase as the names in it, each with where it starts: split at "and" or "&" when
    the part before is a whole name of its own ("Brookside Medical Practice and Selbourne Mental Health
    Trust"), not when it is the start of one ("Avon and Wiltshire Mental Health Partnership NHS Trust")."""
    join = re.search(r"\s+(?:and|&)\s+", phrase)
    if join is None or not any(p.search(phrase[:join.start()]) for p, _ in patterns):
        return [(start, phrase)]
    rest = phrase[join.end():]
    return [(start, phrase[:join.start()]), *_names_in_phrase(start + join.end(), rest, patterns)]


def _close_spelling(phrase: str) -> str | None:
    """A capitalised name of two to four words that is a typo of a known name ("Designate Nurse")."""
    key = name_tokens(phrase)
    index = _index()
    if not 2 <= len(key) <= 4 or key in index.by_key:
        return None
    joined = " ".join(key)
    if len(joined) < 10:
        return None
    hit = process.extractOne(joined, index.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=TEXT_FUZZY_CUTOFF)
    if hit is None or len(index.fuzzy_names[hit[2]]) != len(key):
        return None
    name, _ = index.best(index.by_key[index.fuzzy_names[hit[2]]])
    return name.agency_id


_SERVICE_WORD = re.compile(r"\b(?:[Ss]ervices?|[Tt]eams?|[Uu]nits?)\b")


def _service_candidates(text: str, tokens: list[tuple[str, int, int, str]]) -> list[_Candidate]:
    """Names ending in service, team or unit that hold the words of a known name ("Drug and Alcohol Misuse services")."""
    index = _index()
    found = []
    for word in _SERVICE_WORD.finditer(text):
        k = bisect.bisect_left(tokens, word.start(), key=lambda t: t[1])
        if k >= len(tokens) or tokens[k][1] != word.start():
            continue
        first = k
        while first > 0 and k - first < 5 and _JOINER.match(text[tokens[first - 1][2]:tokens[first][1]]):
            first -= 1
        for j in range(first, k):
            if not _capitalised(tokens[j][3]) or tokens[j][3] in _settings().not_part_of_a_name:
                continue
            key = tuple(t[0] for t in tokens[j:k + 1])
            hit = key if key in index.by_key else _within(key)
            if hit is not None and len(hit) >= 2:
                name, ambiguous = index.best(index.by_key[hit])
                found.append(_Candidate(tokens[j][1], word.end(), name.agency_id, ambiguous, 2))
            break
    return found


_SERVICE_TAIL = re.compile(r"[ \t]+(?:[Ss]ervices?|[Tt]eams?|[Uu]nits?|[Dd]epartments?|[Pp]roviders?)\b")


def _extend_left(text: str, tokens: list[tuple[str, int, int, str]], start: int) -> int:
    """Take in capitalised words just before a name that belong to it ("Northtown" Police, "LLR" LSCB)."""
    settings = _settings()
    k = bisect.bisect_left(tokens, start, key=lambda t: t[1])
    if k >= len(tokens) or tokens[k][1] != start:
        return start
    taken = 0
    while k > 0 and taken < 3:
        previous = tokens[k - 1]
        gap = text[previous[2]:tokens[k][1]]
        if gap not in (" ", "\t", "\n") or not _capitalised(previous[3]) or previous[3] in settings.not_part_of_a_name:
            break
        if previous[3].lower() in ("the", "a", "an"):
            break
        k -= 1
        taken += 1
    return tokens[k][1]


# The agency of a council as a whole, and what may stand between a council and one of its services
# named beside it ("Adult Social Care, Northshire County Council").
COUNCIL = "la"
COUNCIL_JOIN = re.compile(r"\s*[,–—-]\s*|\s+(?:at|of|in)\s+(?:the\s+)?")


def _council_and_service(first: _Candidate, second: _Candidate) -> bool:
    """Whether one of two neighbouring names is a council and the other a service of a local authority."""
    ids = {first.agency_id, second.agency_id}
    if COUNCIL not in ids or len(ids) != 2:
        return False
    (other,) = ids - {COUNCIL}
    concept = knowledge().agencies.get(other)
    return bool(concept and (concept.sector or "").startswith("Local authority"))


def find_agencies(text: str) -> list[AgencyMention]:
    """Every agency named in running text, in order, each with its canonical id and the words as written.

    Longer names win over shorter ones inside them; capitalised words just before a name are taken
    in as part of it ("Northtown Police"); two names written side by side are one name whose last
    part says what it is ("UHL Maternity Services" is a maternity service).
    """
    if not text:
        return []
    return list(_find_cached(text, _HOME.get()))


@lru_cache(maxsize=8192)
def _find_cached(text: str, home: str | None) -> tuple[AgencyMention, ...]:
    """find_agencies, remembered: the same passage is looked at for addressees, themes and the agency list."""
    del home  # part of the cache key only: best() reads the home agency itself
    tokens = _tokens(text)
    candidates = (_trie_candidates(text, tokens) + _abbreviation_candidates(text) + _pattern_candidates(text)
                  + _service_candidates(text, tokens))
    candidates.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
    chosen: list[_Candidate] = []
    for candidate in candidates:
        if any(candidate.start < c.end and c.start < candidate.end for c in chosen):
            continue
        chosen.append(candidate)
    chosen.sort(key=lambda c: c.start)
    merged: list[_Candidate] = []
    for candidate in chosen:
        if merged and text[merged[-1].end:candidate.start] in (" ", "\t", "\n"):
            head = candidate
            merged[-1] = _Candidate(merged[-1].start, head.end, head.agency_id, head.ambiguous, head.priority, head.fuzzy)
            continue
        if merged and COUNCIL_JOIN.fullmatch(text[merged[-1].end:candidate.start]) and _council_and_service(merged[-1], candidate):
            # "Adult Social Care, Northshire County Council": the council says whose service it is
            head = candidate if merged[-1].agency_id == COUNCIL else merged[-1]
            merged[-1] = _Candidate(merged[-1].start, candidate.end, head.agency_id, head.ambiguous, head.priority, head.fuzzy)
            continue
        merged.append(candidate)
    mentions: list[AgencyMention] = []
    for position, candidate in enumerate(merged):
        tail = _SERVICE_TAIL.match(text, candidate.end)
        following = merged[position + 1] if position + 1 < len(merged) else None
        if tail and (following is None or following.start >= tail.end()):
            candidate.end = tail.end()
        start = _extend_left(text, tokens, candidate.start)
        if mentions and start < mentions[-1].end:
            start = candidate.start
        written = " ".join(text[start:candidate.end].split())
        mentions.append(AgencyMention(candidate.agency_id, agency_label(candidate.agency_id), written,
                                      start, candidate.end, candidate.ambiguous, candidate.fuzzy))
    return tuple(mentions)


def agencies_in(texts: Iterable[str]) -> dict[str, list[str]]:
    """Canonical agency id -> the distinct forms as written, over several texts, in order of first mention."""
    found: dict[str, list[str]] = {}
    for text in texts:
        for mention in find_agencies(text):
            forms = found.setdefault(mention.agency_id, [])
            if mention.as_written not in forms:
                forms.append(mention.as_written)
    return found

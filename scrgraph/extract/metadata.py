"""Review details from a document: title, type, board, subject, years, author and outcome.

The wording is in the profile's ``metadata`` settings. The board, subject and author patterns are
matched with their case (a board is a run of capitalised place names before "Safeguarding Children
Board" and the like); the rest without.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from scrgraph.extract.document import Document
from scrgraph.extract.paragraphs import Para
from scrgraph.extract.profiles import Profile, heading_kind
from scrgraph.extract.published_date import find_published
from scrgraph.recognise.agencies import find_agencies

GENERIC_SHORT = {"LSCB", "LSCP", "SCP", "SCB", "SAB", "SAP", "CSP", "SCPB", "LSCPB", "LSAB", "MASA", "LCSP"}
PLACE_WORD = r"[A-Z][A-Za-z'’-]+"
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
LONG_TEXT = 20000  # characters: a document this long names its subject at least LONG_TEXT_MENTIONS times
LONG_TEXT_MENTIONS = 3
FIRST_PAGE_LINES = 80
TITLE_MAX_WORDS = 25
# A kicker over a title names only the kind of publication ("Independent report", "Policy paper").
KICKER = re.compile(r"(?i)^(?:(?:independent|final|corporate|policy|research|and|analysis|guidance|statutory|official|"
                    r"national|annual|report|paper|statistics|consultation|outcome|news|story|press|release|"
                    r"publication|transparency|data|notice)\s*)+$")
TITLE_WORDS = re.compile(r"(?i)\b(?:review|summary|briefing|brief|report|learning|overview|SCR|SAR|CSPR|LCSPR|DHR)\b")


def _case_sensitive(profile: Profile, path: str) -> list[re.Pattern[str]]:
    value = profile.get(path) or []
    if isinstance(value, str):
        value = [value]
    return [re.compile(v, re.M) for v in value]


def _sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'‘“(])", flat) if s]


def find_board(text: str, profile: Profile) -> tuple[str | None, str | None]:
    """The board or partnership that commissioned the review, and its short name if printed."""
    names = profile.get("metadata.board_names")
    if not names:
        return None, None
    pattern = re.compile(rf"(?P<place>(?:{PLACE_WORD}(?:,?\s+(?:and|&)\s+|,\s+|\s+))*?)(?P<name>{names})(?![A-Za-z])"
                         rf"(?:\s*\((?P<short>[A-Z][A-Za-z&\s]{{1,20}})\))?")
    best = None
    for match in pattern.finditer(text):
        place = match.group("place").strip(" ,")
        words = place.split()
        while words and words[0] in ("The", "the", "A", "An", "This", "By", "For", "Of", "In", "To"):
            words.pop(0)
        place = " ".join(words)
        if not place:
            if best is None:
                best = (match, "")
            continue
        best = (match, place)
        break
    if best is None:
        return None, None
    match, place = best
    name = " ".join(f"{place} {match.group('name')}".split())
    short = match.group("short")
    if not short:  # the short name is often given at a later mention: "... Children Board (LLR LSCB)"
        flat = " ".join(text.split())
        later = re.search(re.escape(name) + r"\s*\((?P<short>[A-Z][A-Za-z&\s]{1,20})\)", flat)
        short = later.group("short") if later else None
    short = " ".join(short.split()) if short else None
    if short and (short.upper() in GENERIC_SHORT or " " not in short):
        short = None
    return name, short


def find_type(title: str, text: str, profile: Profile) -> str | None:
    """SCR, CSPR, SAR or DHR: from the title, else the type named most in the text."""
    types = profile.get("metadata.review_types") or {}
    best = None
    for name in types:
        for pattern in profile.patterns(f"metadata.review_types.{name}"):
            match = pattern.search(title)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), name)
    if best:
        return best[1]
    counts: Counter[str] = Counter()
    for name in types:
        for pattern in profile.patterns(f"metadata.review_types.{name}"):
            counts[name] += len(pattern.findall(text[:20000]))
    if counts and counts.most_common(1)[0][1] > 0:
        return counts.most_common(1)[0][0]
    return None


def find_subject(title: str, text: str, profile: Profile) -> str | None:
    """The pseudonym of the child or adult: the one the title names, else the one named most."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for pattern in _case_sensitive(profile, "metadata.subject_patterns"):
        for source, bonus in ((title, 5), (text, 1)):
            for match in pattern.finditer(source):
                name = match.group(1) if match.groups() and match.group(1) else match.group(0)
                name = " ".join(name.split())
                name = re.sub(r"^(?:known as|referred to as|called|pseudonym)\s+['\"‘“]?", "", name)
                counts[name] += bonus
                first.setdefault(name, match.start() + (0 if source is title else 100000))
    if len(text) > LONG_TEXT:  # a long review names its subject again and again; one mention is a passing name
        counts = Counter({name: count for name, count in counts.items() if count >= 5 or count >= LONG_TEXT_MENTIONS})
    if not counts:
        return None
    return max(counts, key=lambda n: (counts[n], -first[n]))


def _largest_heading(document: Document) -> str | None:
    """The heading set largest on the first page, where the format sizes its headings (PDF, Word, HTML,
    Markdown) and the first page has headings of more than one size."""
    first = [line for line in document.lines[:FIRST_PAGE_LINES] if line.kind == "heading" and line.level
             and (line.page or 1) == 1 and not KICKER.match(line.text.strip())]
    if len({line.level for line in first}) < 2:
        return None
    top = min(line.level for line in first)
    text = next(line.text.strip() for line in first if line.level == top)
    return text if len(text.split()) <= TITLE_MAX_WORDS else None


def _after_kicker(paras: list[Para], index: int) -> str | None:
    """The line after a kicker ("Independent report", "Policy paper"): the title, when it is short and no sentence."""
    following = paras[index + 1] if index + 1 < len(paras) else None
    if following is None or following.kind not in ("text", "heading"):
        return None
    text = " ".join(following.text.split())
    for further in paras[index + 2:index + 4]:  # a title wrapped over lines goes on in lower case
        if further.kind != "text" or not further.text[:1].islower():
            break
        text = f"{text} {' '.join(further.text.split())}"
    return text if 3 <= len(text.split()) <= TITLE_MAX_WORDS and not text.endswith(".") else None


def find_title(paras: list[Para], board: str | None, subject: str | None, path: Path,
               document: Document | None = None) -> str:
    """The title: the heading set largest on the first page, else the first heading near the top that
    names a review, briefing or report (the line after a kicker such as "Independent report")."""
    candidates = [p for p in paras[:25] if p.kind == "heading"]
    chosen = _largest_heading(document) if document is not None else None
    for para in candidates if chosen is None else []:
        text = para.text.strip()
        if board and (text in board or board.startswith(text)):
            continue
        if KICKER.match(text):
            chosen = _after_kicker(paras, paras.index(para))
            if chosen:
                break
            continue
        if TITLE_WORDS.search(text) and len(text.split()) <= 16:
            chosen = text
            break
    if chosen is None and candidates:
        chosen = candidates[0].text.strip()
    if chosen is None:
        chosen = path.stem.replace("-", " ").replace("_", " ").strip().capitalize()
    chosen = chosen.strip(" *#:")
    if subject and subject.lower() not in chosen.lower():
        chosen = f"{chosen}: {subject}"
    return chosen


def find_years(text: str, profile: Profile) -> dict[str, int | None]:
    """Years commissioned, completed and published: the year nearest each cue in a sentence that is not negated."""
    negation = profile.pattern("metadata.negation")
    years: dict[str, int | None] = {"commissioned": None, "completed": None, "published": None}
    sentences = _sentences(text)
    for kind in years:
        patterns = profile.patterns(f"metadata.years.{kind}")
        for sentence in sentences:
            if years[kind] is not None:
                break
            for pattern in patterns:
                cue = pattern.search(sentence)
                if not cue:
                    continue
                window = sentence[max(0, cue.start() - 60):cue.end() + 80]
                if negation is not None and negation.search(sentence[max(0, cue.start() - 40):cue.end()]):
                    continue
                at = cue.start() - max(0, cue.start() - 60)
                found = [((m.start() - at) if m.start() >= at else 2 * (at - m.start()), int(m.group(1)))
                         for m in YEAR.finditer(window)
                         if not re.search(r"(?i)(?:together|guidance|act|regulations|report|analysis|review)\s*,?\s*$",
                                          window[:m.start()][-30:])]
                if found:
                    years[kind] = min(found)[1]
                    break
    return years


def find_author(document: Document, profile: Profile) -> str | None:
    """The independent reviewer or overview author, where the document names them."""
    for pattern in _case_sensitive(profile, "metadata.author_patterns"):
        for match in pattern.finditer(document.text):
            name = " ".join(match.group("name").split())
            name = re.sub(r"\s+(?:[A-Z]{2,}\b\.?\s*)+$", "", name).strip(" ,.-–")
            if 2 <= len(name.split()) <= 4 and not heading_kind(name, profile) and not find_agencies(name) \
                    and not re.search(r"\b(?:Board|Partnership|Council|Service|Services|Team|Trust|Panel|Review|Group)\b", name):
                return name
    return None


def find_outcome(text: str, review_type: str | None, profile: Profile) -> str | None:
    """death, serious harm or None, from the wording near the start (a DHR is always a death)."""
    if review_type == "DHR":
        return "death"
    head = text[: max(6000, len(text) // 4)]
    outcomes = profile.get("metadata.outcome") or {}
    for outcome in outcomes:
        if any(p.search(head) for p in profile.patterns(f"metadata.outcome.{outcome}")):
            return outcome if outcome in ("death", "serious harm", "other") else None
    return None


def review_details(document: Document, paras: list[Para], profile: Profile) -> tuple[dict[str, Any], list[str]]:
    """The ``review`` part of a record, and warnings for what could not be found."""
    warnings: list[str] = []
    text = document.text
    board, short = find_board(text, profile)
    head_titles = " ".join(p.text for p in paras[:25] if p.kind == "heading")
    subject = find_subject(head_titles, text, profile)
    title = find_title(paras, board, subject, Path(document.path), document)
    review_type = find_type(title, text, profile)
    years = find_years(text, profile)
    published = find_published(text, profile)
    if published:
        years["published"] = int(published[:4])
    review: dict[str, Any] = {
        "title": title,
        "type": review_type or "OTHER",
        "board": board or "Unknown board",
        "board_short": short,
        "subject": subject or Path(document.path).stem,
        "year_commissioned": years["commissioned"],
        "year_completed": years["completed"],
        "year_published": years["published"],
        "published": published,
        "author": find_author(document, profile),
        "outcome": find_outcome(text, review_type, profile),
    }
    if board is None:
        warnings.append("The board or partnership was not found; fill in review.board.")
    if subject is None:
        warnings.append("The subject's pseudonym was not found; review.subject is the file name, correct it.")
    if review_type is None:
        warnings.append("The type of review (SCR, CSPR, SAR, DHR) was not found; review.type is OTHER.")
    if short is None:
        del review["board_short"]
    return review, warnings
